"""Hard-wrapped text: lines broken inside sentences, as text copied from a PDF or a plain-text e-mail is.

The layout reader takes a line break for a boundary (headings, list items, table rows, speaker turns), so a
sentence wrapped over three lines would be read as three fragments. `unwrap` joins the lines of a paragraph
where the next word would not have fitted on the line (the wrap a filling program makes), replacing each
such line break by a space: the text keeps its length, so every offset into it is an offset into the text
as written, and evidence is cut from the written text.

A document is read as hard-wrapped only when most of its lines run to nearly the same width; lists, table
rows and speaker labels keep their own lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from armsledger.extract.discourse import BULLET_LINE
from armsledger.settings import get_setting

_LABEL = re.compile(r"^[ \t]*[A-Z][A-Z0-9 .'’()-]{0,40}:\s")  # "SHRAM:", "MR SMITH (Leeds):"
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S|\|")  # aligned columns or a pipe table


@dataclass(frozen=True)
class Wrapping:
    """A document's wrap width and the offsets of the line breaks that fall inside a paragraph."""

    width: int
    joins: tuple[int, ...]


def _width(lengths: list[int]) -> int | None:
    """The width a filling program wrapped the text at, if most prose lines reach nearly the same length."""
    if len(lengths) < 6:
        return None
    ordered = sorted(lengths)
    width = ordered[int(0.9 * (len(ordered) - 1))]
    low, high = get_setting("wrap_width_min"), get_setting("wrap_width_max")
    if not low <= width <= high:
        return None
    near = sum(1 for n in lengths if width * 0.75 <= n <= width + 3)
    return width if near >= 0.5 * len(lengths) else None


def find_wrapping(text: str) -> Wrapping | None:
    """Where `text` is hard-wrapped, its width and the line breaks inside paragraphs; else None."""
    lines = text.split("\n")
    prose = [len(line.rstrip()) for line in lines if line.strip() and not _COLUMNS.search(line.strip())]
    width = _width(prose)
    if width is None:
        return None
    joins, pos = [], 0
    for line, following in pairwise(lines):
        pos += len(line)
        body, nxt = line.rstrip(), following.strip()
        first = nxt.split(maxsplit=1)[0] if nxt else ""
        if (
            nxt
            and body.strip()
            and len(body) + 1 + len(first) > width  # the next word would not have fitted on this line
            and not _COLUMNS.search(body.strip())
            and not _COLUMNS.search(nxt)
            and not BULLET_LINE.match(following)
            and not _LABEL.match(following)
        ):
            joins.append(pos)
        pos += 1
    # a paragraph wrapped mid-sentence goes on in lower case more often than not; a list of unmarked items does not
    lower = sum(1 for j in joins if text[j + 1 :].lstrip()[:1].islower())
    if len(joins) < int(get_setting("wrap_min_joins")) or lower < 0.3 * len(joins):
        return None
    return Wrapping(width, tuple(joins))


def unwrap(text: str) -> str:
    """`text` with the line breaks inside its hard-wrapped paragraphs made spaces (same length, same offsets)."""
    wrapping = find_wrapping(text)
    if wrapping is None:
        return text
    chars = list(text)
    for pos in wrapping.joins:
        chars[pos] = " "
    return "".join(chars)
