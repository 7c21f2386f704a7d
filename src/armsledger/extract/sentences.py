"""Sentence splitting and the cheap test of whether a sentence can hold a claim (run before the model)."""

from __future__ import annotations

import re

from armsledger.extract.patterns import phrase_alternation
from armsledger.extract.reference import derived, lexicon

BULLET = re.compile(r"[ \t]*(?:[•·▪*\-–—]|\d{1,2}[.)])\s+")


_SENT_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


_ABBREV = re.compile(
    r"\b(?:[A-Z]\.){1,3}$|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Brig|Adm|Sgt|Capt|Prof|Sen|Rep|Gov|St|No|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|vs|etc|U\.S|U\.N|e\.g|i\.e|Mio|Mrd|mld)\.$"
)


LEAD = re.compile(
    r"(?:[•·▪*\-–—]\s+|\d{1,2}[.)]\s+|[QA]:\s+|[A-Z][a-z]+(?: [A-Z][a-z]+)?:\s+|"
    r"[A-Z][A-Z .'’-]{2,40},\s+(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?,\s+)?"  # "HAIFA, Israel, Dec. 10, 2024 /PRNewswire/ --"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?"
    r"\s*(?:\([^)]{1,40}\)|/[^/\n]{1,40}/)?\s*[-–—]+\s*)"
)


FLOW_WITH_NUMBER = re.compile(
    r"\d|\b(?:dozens?|hundreds?|thousands?|millions?"
    r"|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b",
    re.I,
)


#: a whitespace-free run longer than this (no word is) is left out of every sentence: spaCy's tokenizer
#: is quadratic in such runs ("'s" * 2000 takes seconds)
MAX_TOKEN_CHARS = 200
#: a sentence longer than this is cut at spaces into pieces no longer (bounds the parser's work per sentence)
MAX_SENTENCE_CHARS = 1000
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
_QUOTES = "\"'”’)"


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) without overlong tokens and cut into pieces of at most MAX_SENTENCE_CHARS."""
    pieces, cursor = [], start
    for run in _LONG_RUN.finditer(text, start, end):
        pieces.append((cursor, run.start()))
        cursor = run.end()
    pieces.append((cursor, end))
    out = []
    for s, e in pieces:
        while e - s > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", s + 1, s + MAX_SENTENCE_CHARS)
            cut = cut if cut > s else s + MAX_SENTENCE_CHARS
            out.append((s, cut))
            s = cut
        out.append((s, e))
    trimmed = []
    for s, e in out:
        seg = text[s:e]
        lead, trail = len(seg) - len(seg.lstrip()), len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            trimmed.append((s + lead, e - trail))
    return trimmed


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence character spans: each line is split at sentence-final punctuation (not after "U.S." or "Gen.");
    overlong tokens are left out and overlong sentences cut (see MAX_TOKEN_CHARS, MAX_SENTENCE_CHARS)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        start_line = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cursor = 0
        for m in _SENT_END.finditer(line):
            head_end = m.start() + 1
            while head_end > cursor and line[head_end - 1] in _QUOTES:
                head_end -= 1
            # only the last characters can be an abbreviation: searching the whole head was quadratic
            if _ABBREV.search(line, max(cursor, head_end - 16), head_end):
                continue
            spans.append((start_line + cursor, start_line + m.end()))
            cursor = m.end()
        spans.append((start_line + cursor, start_line + len(line)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lstrip = len(seg) - len(seg.lstrip())
        rstrip = len(seg) - len(seg.rstrip())
        if e - rstrip > s + lstrip:
            start = s + lstrip
            while (lead := LEAD.match(text, start, e - rstrip)) and start < lead.end() < e - rstrip:
                start = lead.end()  # "- Deliveries: the Czech Republic…": bullet, then label
            if e - rstrip - start > MAX_TOKEN_CHARS:
                out.extend(_capped(text, start, e - rstrip))
            else:
                out.append((start, e - rstrip))
    return out


def inflections(lemma: str) -> set[str]:
    """The regular forms of an English verb: "say" -> say, says, sayed, saying (irregular forms such as
    "said" come from data/words.yaml)."""
    forms = {lemma}
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
    return forms


@derived
def speech_cue_regex() -> re.Pattern:
    """Forms of the reporting verbs, the attribution phrases' first words and interview nouns: a sentence
    with one of them may name a source."""
    lex = lexicon()
    src = lex.sources
    words = {f for verb in src.reporting_verbs for f in inflections(verb)} | set(lex.words.irregular_verb_forms)
    words |= {p.split()[0].lower() for p in src.attribution_phrases}
    words |= {n for n in src.interview_nouns if " " not in n}
    return re.compile(rf"\b(?:{phrase_alternation(w.lower() for w in words)})\b", re.I)


def _build_trigger_regex() -> re.Pattern:
    """Verb and noun forms of the claim triggers ("delivered", "supplies", "sent", "held")."""
    stems = set()
    for lemma in lexicon().triggers:
        stems.add(lemma[:-1] if lemma.endswith("e") else lemma[:-1] if lemma.endswith("y") else lemma)
    irregular = set(lexicon().words.irregular_verb_forms)
    return re.compile(rf"\b(?:{phrase_alternation(x.lower() for x in stems | irregular)})\w*", re.I)


def _build_candidate_regex() -> re.Pattern:
    lex = lexicon()
    words = (
        set(lex.items)
        | {u for u in lex.units if len(u) > 2}
        | {m.lower() for m in lex.units_file.money_words if len(m) > 2}
    )
    # sentences without materiel or units hold no claim; their actors still feed the context cheaply
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(w.lower() for w in words)})(?![\w-])", re.I)


@derived
def candidate_regex() -> re.Pattern:
    return _build_candidate_regex()


@derived
def trigger_regex() -> re.Pattern:
    return _build_trigger_regex()


def is_candidate(sentence: str) -> bool:
    """Whether a sentence may hold a claim or name a source: it names materiel or a unit, attributes a
    statement, or puts a number next to a transfer, production or use word."""
    return bool(
        candidate_regex().search(sentence)
        or speech_cue_regex().search(sentence)
        or (FLOW_WITH_NUMBER.search(sentence) and trigger_regex().search(sentence))
    )
