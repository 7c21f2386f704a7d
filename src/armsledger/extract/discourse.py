"""The layout of a document as discourse: which lines are headings, list items or table rows, and which
sentence introduces a list.

An official package announcement states its frame once ("The capabilities in this package include:",
"II. Goods committed and in preparation") and then lists items without verbs; a list item inherits
supplier, recipient, status, source and date from that frame (see `frames.py` for how the frame is
read). Headings are not claims themselves, but their status words ("delivered", "committed") hold for
the lists under them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

BULLET_LINE = re.compile(r"^[ \t]*(?:[•·▪◦●○■□➢►*\-–—]|\(?\d{1,2}[.)]|\(?[a-z][.)]|[ivx]{1,4}[.)])\s+\S")
TERMINAL = (".", "!", "?", ";", ":", '"', "”", "’", "'")
TITLE_WORDS = 25
LEDE_WORDS = 12  # a first line ending in a full stop and longer than this is the lede, not a title
HEADING_CHARS = 160  # no heading is longer (and a 40 KB "word" must never reach the model whole)


@dataclass
class SentenceRole:
    """Where a sentence sits in the document's layout.

    `role` is "body", "heading", "bullet", "label" (the first words of a list item that go on in
    sentences: "• Heavy bombs. Washington has shipped…") or "intro" (a sentence of the line that
    introduces a list); a
    bullet carries the sentences of its list's intro line and of the headings above it since the last
    paragraph (nearest first)."""

    role: str = "body"
    intro: tuple[int, ...] = ()
    headings: tuple[int, ...] = ()


def _line_bounds(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def heading_like(line: str, max_words: int = 12) -> bool:
    """A short line without final punctuation, not a list item or a table row (a document's title may run to more
    words than a section heading: `max_words`)."""
    stripped = line.strip()
    if (
        not stripped
        or len(stripped) > HEADING_CHARS
        or len(stripped.split()) > max_words
        or stripped.endswith(TERMINAL)
        or BULLET_LINE.match(line)
    ):
        return False
    return not ("\t" in stripped or "|" in stripped or "  " in stripped)  # a table row


def _is_heading(line: str, prev_blank: bool, next_line: str | None) -> bool:
    """A short line without final punctuation that stands alone ("Air defence", "II. Goods committed")."""
    if not heading_like(line):
        return False
    next_blank = next_line is None or not next_line.strip()
    next_bullet = next_line is not None and bool(BULLET_LINE.match(next_line))
    return prev_blank and (next_blank or next_bullet)


_ITEM_END = re.compile(r"(?:;|;\s*(?:and|or)|,\s*and)\s*$")


def _previous_line(text: str, lines: list[tuple[int, int]], i: int) -> tuple[int, str] | None:
    """(index, text) of the nearest non-blank line before line `i`."""
    for k in range(i - 1, -1, -1):
        line = text[lines[k][0] : lines[k][1]]
        if line.strip():
            return k, line
    return None


def _unmarked_item(line: str, previous: tuple[int, str] | None, kinds: list[str]) -> bool:
    """A list item without a bullet: a line ending in ";" ("Up to sixteen (16) F-16C aircraft;") under a line ending
    in ":" or another item, or the last item ("Sixty (60) MK-84 bombs.") after one ending in "; and"."""
    if previous is None or len(line.split()) > 40:
        return False
    k, before = previous
    before = before.rstrip()
    after_item = kinds[k] == "bullet" and bool(_ITEM_END.search(before))
    if _ITEM_END.search(line.rstrip()):
        return before.endswith(":") or after_item
    return after_item and line.rstrip().endswith(".")


def _group_label(text: str, line: tuple[int, int], intro: tuple[int, int]) -> bool:
    """A short label ending in ":" under an introduction that ends in one ("… has requested to buy:" then "Major
    Defense Equipment (MDE):"): a group of the introduction's list, not a new introduction."""
    label = text[line[0] : line[1]].strip()
    return (
        label.endswith(":")
        and len(label.split()) <= 6
        and not any(ch.isdigit() for ch in label)
        and text[intro[0] : intro[1]].rstrip().endswith(":")
    )


def sentence_roles(
    text: str, sentences: list[tuple[int, int]], tables: Sequence[tuple[int, int]] = ()
) -> list[SentenceRole]:
    """The layout role of each sentence; sentences inside `tables` (character spans) are "table" rows."""
    lines = _line_bounds(text)
    kinds: list[str] = []
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        prev_blank = i == 0 or not text[lines[i - 1][0] : lines[i - 1][1]].strip()
        nxt = text[lines[i + 1][0] : lines[i + 1][1]] if i + 1 < len(lines) else None
        if not line.strip():
            kinds.append("blank")
        elif BULLET_LINE.match(line) or _unmarked_item(line, _previous_line(text, lines, i), kinds):
            kinds.append("bullet")
        elif _is_heading(line, prev_blank, nxt):
            kinds.append("heading")
        else:
            kinds.append("text")
    line_of = _line_index(lines)
    sent_lines = [line_of(s) for s, _ in sentences]
    by_line: dict[int, list[int]] = {}
    for idx, li in enumerate(sent_lines):
        by_line.setdefault(li, []).append(idx)
    roles = [SentenceRole() for _ in sentences]
    headings: list[int] = []  # heading sentences since the last paragraph, nearest first
    intro: tuple[int, ...] = ()
    for li, kind in enumerate(kinds):
        sents = by_line.get(li, [])
        if kind == "heading":
            for i in sents:
                roles[i].role = "heading"
            headings = sents + headings
            if not (intro and text[sentences[intro[-1]][0] : sentences[intro[-1]][1]].rstrip().endswith(":")):
                intro = ()  # "…assistance committed to Ukraine includes:" still governs the groups under it
        elif kind == "text" and intro and sents and _group_label(text, lines[li], sentences[intro[-1]]):
            for i in sents:  # "Major Defense Equipment (MDE):" under "… has requested to buy:"
                roles[i].role = "heading"
            headings = sents + headings
        elif kind == "text":
            intro, headings = tuple(sents), []
        elif kind == "bullet":
            for i in intro:
                roles[i].role = "intro"
            for i in sents:
                roles[i] = SentenceRole("bullet", intro, tuple(headings))
            if len(sents) > 1 and len(text[sentences[sents[0]][0] : sentences[sents[0]][1]].split()) <= 6:
                roles[sents[0]].role = "label"  # "• Heavy bombs. Washington has shipped…": the item's label
    for i, (s, _) in enumerate(sentences):
        if any(ts <= s < te for ts, te in tables):
            roles[i] = SentenceRole("table")
    for li in _title_lines(text, lines):
        for i in by_line.get(li, []):
            if roles[i].role == "body":
                roles[i].role = "heading"  # a headline restates the body (SCHEMA rule 4) and names its flow
    return roles


def _title_lines(text: str, lines: list[tuple[int, int]]) -> list[int]:
    """The lines of a document's title block: its first lines before the first blank line, when they are
    short and more text follows."""
    out: list[int] = []
    for li, (s, e) in enumerate(lines):
        line = text[s:e].strip()
        if not line:
            if out:
                break
            continue
        if len(line.split()) > TITLE_WORDS or li > 3 or (line.endswith(".") and len(line.split()) > LEDE_WORDS):
            return []  # a long line, or a sentence as long as a lede's ("Norway will contribute NOK 900 million …")
        out.append(li)
    rest = lines[out[-1] + 1 :] if out else []
    return out if any(text[s:e].strip() for s, e in rest) else []


# Words a title in capitals keeps in lower case when it is read as a title in mixed case
_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "since", "the", "to"}
)


def unshout(line: str) -> str:
    """A title in capitals in the case the model reads ("US MUNITIONS FOR ISRAEL SINCE 2023" -> "US Munitions for
    Israel since 2023"): two-letter words stay capitals (US, UK, EU), small words go lower case."""
    if sum(ch.isupper() for ch in line) <= sum(ch.islower() for ch in line):
        return line
    words = []
    for w in line.split(" "):
        bare = w.strip(",:;()").lower()
        if bare in _TITLE_SMALL_WORDS:
            words.append(w.lower())
        elif len(bare) <= 2 and bare.isalpha():
            words.append(w)
        else:
            words.append(w[:1] + w[1:].lower())
    return " ".join(words)


def table_intro(text: str, offset: int) -> str:
    """The text that introduces a table starting at `offset`: the document's first line (its title) and
    the paragraph just before the table."""
    title = "\n".join([unshout(line) for line in text.split("\n") if line.strip()][:3])
    before = text[:offset].rstrip("\n").split("\n\n")
    paragraph = before[-1] if before else ""
    if len(paragraph.split()) < 6 and len(before) > 1:
        paragraph = before[-2] + "\n" + paragraph  # a caption line: take the paragraph above it too
    return title + "\n" + paragraph


def _line_index(lines: list[tuple[int, int]]):
    starts = [s for s, _ in lines]

    def line_of(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    return line_of
