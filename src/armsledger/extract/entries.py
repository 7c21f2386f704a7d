"""Numbered entries of a notice or a letter: a heading that names a state alone ("1. Saudi Arabia") over the lines of
one approval or sale ("Export of 150 IRIS-T air-to-air guided missiles …", "Exporter: Diehl Defence GmbH",
"Value: EUR 131.6 million"). The heading names the recipient of the entry's transfers, a labelled line their supplier,
and a value line the worth of the entry's first counted item."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from armsledger.extract.intermediates import ClaimQuantity, SentenceClaim
from armsledger.extract.numbers import find_numbers
from armsledger.extract.reference import lexicon

# "1. Saudi Arabia", "(3) Republic of Korea", "B. Egypt:": a number or letter and a short name alone on its line
ENTRY_HEAD = re.compile(r"^[ \t]*\(?(?:\d{1,2}|[A-Z])[.)][ \t]+([^\n\d]{2,60}?)[ \t]*:?[ \t]*$", re.M)
# an introduction saying the entries are approvals ("the following applications … have been approved")
APPROVED = re.compile(r"\b(?:approved|authori[sz]ed|licensed|granted|notified)\b", re.I)
LABELLED = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]{1,30}?)[ \t]*:[ \t]*(\S[^\n]*)$", re.M)


@dataclass
class Entry:
    start: int
    end: int
    recipient: str
    supplier: str | None = None
    value: tuple[int, int] | None = None  # the value line's figure, as (start, end) in the text


def find_entries(text: str, actors_of: Callable[[str], list[tuple[str, int]]]) -> list[Entry]:
    """The entries of a text. `actors_of(phrase)` gives the (code, characters covered) of the actors a phrase names."""
    words = lexicon().words
    out: list[Entry] = []
    for m in ENTRY_HEAD.finditer(text):
        found = actors_of(m.group(1))
        if len(found) != 1 or not found[0][0].isupper() or found[0][1] < len(m.group(1).strip()) - 4:
            continue  # a heading that is one state's name and nothing else
        end = text.find("\n\n", m.end())
        end = len(text) if end == -1 else end
        entry = Entry(m.start(), end, found[0][0])
        for label in LABELLED.finditer(text, m.end(), end):
            name = label.group(1).strip().lower()
            if name in words.entry_supplier_labels and entry.supplier is None:
                named = actors_of(label.group(2).split(",")[0])
                entry.supplier = named[0][0] if named else None
            elif name in words.entry_value_labels and entry.value is None:
                entry.value = (label.start(2), label.end(2))
        out.append(entry)
    return out


def apply_entries(claims: list[SentenceClaim], entries: list[Entry], text: str) -> list[SentenceClaim]:
    """Give an entry's transfers its recipient and supplier, and add the worth its value line states."""
    added: list[SentenceClaim] = []
    intro = text[max(0, entries[0].start - 600) : entries[0].start] if entries else ""
    approved = APPROVED.search(intro) is not None
    for entry in entries:
        inside = [
            c
            for c in claims
            if c.kind == "transfer" and entry.start <= c.evidence[0] < entry.end and c.item is not None
        ]
        for c in inside:
            if c.recipient is None or not c.recipient.isupper():
                c.recipient = entry.recipient  # "for the Eurofighter Typhoon fleet of the Royal Saudi Air Force"
            if entry.supplier is not None:
                c.supplier = entry.supplier
        if approved:
            for c in inside:
                if c.status == "actual":
                    c.status = (
                        "committed"  # "the following applications … have been approved": licences, not deliveries
                    )
        counted = [c for c in inside if c.quantity is not None and c.quantity.unit == "item"] or [
            c for c in inside if c.quantity is None
        ]
        if entry.value is None or not counted or any(c.quantity and c.quantity.unit != "item" for c in inside):
            continue
        vs, ve = entry.value
        numbers = [n for n in find_numbers(text[vs:ve]) if n.money]
        if not numbers:
            continue
        n = numbers[0]
        first = counted[0]
        worth = ClaimQuantity(
            value=n.value, value_high=n.value_high, qualifier=n.qualifier, unit=n.money or "usd", per=None, text=n.text
        )
        added.append(replace(first, quantity=worth, cues=list(first.cues), evidence=(vs, ve)))
    return claims + added
