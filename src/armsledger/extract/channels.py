"""Transfers made through a buying scheme named after the state that runs it ("EUR 200 million for the Czech-led
initiative to source artillery ammunition", "30,000 rounds procured through the Czech ammunition initiative"): the
scheme's state supplies, the state that pays in finances, and a sum paid in buys the scheme's item (SCHEMA rule 18)."""

from __future__ import annotations

import re
from functools import lru_cache

from armsledger.extract.datafiles import ProcurementInitiative
from armsledger.extract.intermediates import SentenceClaim
from armsledger.extract.reference import lexicon


@lru_cache(maxsize=4)
def _patterns(data_id: int) -> tuple[tuple[re.Pattern[str], ProcurementInitiative], ...]:
    lex = lexicon()
    out = []
    for scheme in lex.words.procurement_initiatives:
        names = sorted((n for n, code in lex.actor_aliases.items() if code == scheme.state), key=len, reverse=True)
        if not names:
            continue
        alt = "|".join(re.escape(n) for n in names)
        pattern = re.compile(
            rf"\b(?:{alt})(?:-led)?(?:\s+[\w-]+){{0,2}}?\s+initiative\b"
            rf"|\binitiative\s+(?:led|run|coordinated)\s+by\s+(?:the\s+)?(?:{alt})\b"
        )
        out.append((pattern, scheme))
    return tuple(out)


def initiative_in(sentence: str) -> tuple[int, ProcurementInitiative] | None:
    """Where a sentence names a buying scheme as the channel of what it says, and which scheme: not as one part of a
    larger whole ("from partners, including through the Czech initiative")."""
    for pattern, scheme in _patterns(id(lexicon())):
        for m in pattern.finditer(sentence):
            if not _INCLUDING.search(sentence[max(0, m.start() - 40) : m.start()]):
                return m.start(), scheme
    return None


_REACH = 90  # characters between a purchase's figure and the scheme's name ("NOK 900 million to the Czech-led …")
_INCLUDING = re.compile(r"\b(?:including|includ(?:es|ed)|among them|as well as)\b", re.I)


def through_initiatives(claims: list[SentenceClaim], text: str) -> None:
    """Give the transfer a sentence makes through a buying scheme (the one whose figure stands nearest the scheme's
    name) the scheme's state as supplier, the payer as financer, and the scheme's item where the claim names only a
    sum or ammunition in general ("Belgium will supply 3,000 rounds from stocks and contribute EUR 200 million to the
    Czech-led initiative": the sum, not the rounds)."""
    generic = lexicon().words.initiative_items
    by_sentence: dict[int, list[SentenceClaim]] = {}
    for c in claims:
        if c.kind == "transfer":
            by_sentence.setdefault(c.sentence, []).append(c)
    for group in by_sentence.values():
        sentence = text[group[0].evidence[0] : group[0].evidence[1]]
        found = initiative_in(sentence)
        if found is None:
            continue
        at, scheme = found
        figures = [c.qstart for c in group if c.qstart is not None]
        if not figures:
            continue
        nearest = min(figures, key=lambda q: abs(q - at))
        if abs(nearest - at) > _REACH:
            continue  # the figure belongs to another clause ("will supply 3,000 rounds from stocks and join …")
        bought = [c for c in group if c.qstart == nearest and _eligible(c, scheme, generic)]
        if not bought:
            continue
        for c in bought:
            payer = c.supplier if c.supplier not in (None, scheme.state) else c.financed_by
            if c.recipient in (None, payer, scheme.state) or not _named(c.recipient, sentence):
                c.recipient = scheme.recipient  # not a state the sentence does not name ("Within the Czech initiative")
            c.supplier, c.financed_by, c.joint_supply = scheme.state, payer, False
            if c.item in generic:
                c.item = scheme.item


def _eligible(c: SentenceClaim, scheme: ProcurementInitiative, generic: frozenset[str]) -> bool:
    """Whether a claim can be a purchase through the scheme: of its item or a sum, with a state paying in ("1.5 million
    rounds were delivered under the initiative" names no payer, and may be many partners' together)."""
    if c.joint_supply or (c.item not in generic and c.item != scheme.item):
        return False
    payer = c.supplier if c.supplier not in (None, scheme.state) else c.financed_by
    return payer is not None or c.supplier == scheme.state


def _named(code: str | None, sentence: str) -> bool:
    """Whether a sentence names the actor `code` (by any of its names)."""
    if code is None:
        return False
    names = [n for n, c in lexicon().actor_aliases.items() if c == code]
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", sentence) for n in names)
