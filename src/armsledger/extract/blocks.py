"""Item headings over indented details, as fact sheets set them out:

    F-16 fighter aircraft
      Pledged: 24
      Delivered: 18

    Stinger anti-aircraft missiles
      200 delivered (2022).

A detail line counts the heading's item: its figure, under a status label ("Pledged: 24") or beside a status word
("200 delivered"), is a transfer of that item; a claim read from the line that names no specific item takes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from armsledger.extract.intermediates import ClaimQuantity, SentenceClaim
from armsledger.extract.numbers import find_numbers
from armsledger.extract.reference import lexicon
from armsledger.extract.tables import table_words

DETAIL = re.compile(r"^[ \t]{2,}\S")
STATUS_LABEL = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]{2,24}?)[ \t]*:[ \t]*(\S.*)$")
YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass
class DetailLine:
    start: int
    end: int
    item: str  # the heading's item, or the label's ("YPR-765 armoured vehicles: 196")
    labelled: bool = False  # an item's label and its count: a count of what the list is of, delivered unless it says


# "YPR-765 armoured vehicles: 196", "Military trucks (DAF): approx. 400": an item's label, a colon, a figure first
ITEM_LINE = re.compile(
    r"^[ \t]*(?:[-–•*][ \t]+)?([^:\n]{3,60}?)[ \t]*:[ \t]*(?:approx\.|about|over|more than|some|c\.)?[ \t]*\d"
)


def detail_lines(text: str, item_of: Callable[[str], str | None]) -> list[DetailLine]:
    """The indented lines under an item heading (a short unindented line that names an item and ends no sentence)."""
    out: list[DetailLine] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    heading_item: str | None = None
    for k, (start, line) in enumerate(lines):
        if not line.strip():
            heading_item = None
            continue
        item_line = ITEM_LINE.match(line)
        if item_line is not None and not any(ch.isdigit() for ch in item_line.group(1)[:1]):
            labelled = item_of(item_line.group(1))
            if labelled is not None:
                out.append(DetailLine(start, start + len(line), labelled, labelled=True))
                continue
        if DETAIL.match(line):
            if heading_item is not None:
                out.append(DetailLine(start, start + len(line), heading_item))
            continue
        bare = line.strip()
        nxt = lines[k + 1][1] if k + 1 < len(lines) else ""
        heading_item = None
        if DETAIL.match(nxt) and len(bare.split()) <= 8 and not bare.endswith((".", ":", ";")):
            heading_item = item_of(bare)
    return out


def apply_details(
    claims: list[SentenceClaim], details: list[DetailLine], text: str, sentences: list[tuple[int, int]]
) -> list[SentenceClaim]:
    """Give detail lines' claims their heading's item, and read the figures no claim was read from (`sentences`: the
    document's sentence bounds, to number the new claims' sentences)."""
    generic = lexicon().items_file.generic_items
    statuses = table_words().statuses
    added: list[SentenceClaim] = []
    for d in details:
        inside = [c for c in claims if d.start <= c.evidence[0] < d.end or c.evidence[0] <= d.start < c.evidence[1]]
        for c in inside:
            if c.item is None or c.item in generic:
                c.item = d.item
        if any(c.quantity is not None and c.quantity.unit == "item" for c in inside):
            continue
        line = text[d.start : d.end]
        label = None if d.labelled else STATUS_LABEL.match(line)
        status = _status_in(label.group(1) if label else line, statuses)
        if status is None and d.labelled:
            status = "actual"  # an item's label and its count: delivered unless the line says otherwise
        if status is None:
            continue  # a figure with no status said of it ("Range: 70 km")
        body = label.group(2) if label else line.split(":", 1)[1] if d.labelled else line
        numbers = [
            n
            for n in find_numbers(body)
            if not n.money and not YEAR.match(n.text.strip()) and "%" not in body[n.end : n.end + 2]
        ]
        if not numbers:
            continue
        n = numbers[0]
        quantity = ClaimQuantity(
            value=n.value, value_high=n.value_high, qualifier=n.qualifier, unit="item", per=None, text=n.text
        )
        sentence = next((i for i, (s, e) in enumerate(sentences) if s <= d.start + 4 < e or s >= d.start), 0)
        added.append(
            SentenceClaim(
                kind="transfer",
                item=d.item,
                trigger=0,
                anchor=0,
                quantity=quantity,
                status=status,
                evidence=(d.start, d.end),
                sentence=sentence,
            )
        )
    out = list(claims)
    for claim in added:  # in the text's order among the sentences' claims
        at = next((i for i, c in enumerate(out) if c.evidence[0] > claim.evidence[0]), len(out))
        near = [c for c in out[max(0, at - 1) : at + 1] if abs(c.evidence[0] - claim.evidence[0]) < 200]
        if any(c.inherit_flow == "list" for c in near):
            claim.inherit_flow = "list"  # a line of a list the rules read: its flow is the list's
        out.insert(at, claim)
    return out


def _status_in(text: str, statuses: dict[str, frozenset[str]]) -> str | None:
    """The status a text's words say, the most tentative first ("planned" before "ordered" before "delivered")."""
    low = text.lower()
    return next(
        (
            s
            for s in ("target", "committed", "actual")
            if any(re.search(rf"\b{re.escape(w)}\b", low) for w in statuses[s])
        ),
        None,
    )
