"""Document-level completion and merging of sentence claims: rates set against each other, items,
actors and flows a sentence leaves unsaid, and SCHEMA rule 4 (one claim per distinct statement)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection

from armsledger.extract.intermediates import ClaimQuantity, SentenceClaim
from armsledger.extract.reference import derived, general_item, lexicon


@derived
def _parallel_regex() -> re.Pattern:
    """Words that set one figure against another (data/words.yaml `comparison_words`)."""
    words = sorted(lexicon().words.comparison_words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


def _values_close(a: ClaimQuantity | None, b: ClaimQuantity | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.value != b.value and _precise(a) and _precise(b):
        return False  # "4,198" in March and "4,220" in May: two exact counts, two statements
    return a.close_to(b)


def _precise(q: ClaimQuantity) -> bool:
    """An exact figure written to the unit with at least three significant digits ("4,198", not "4.2 million")."""
    digits = "".join(ch for ch in q.text if ch.isdigit())
    return q.qualifier == "exact" and float(q.value).is_integer() and len(digits.rstrip("0")) >= 3


def merge_mentions(claims: list[SentenceClaim]) -> list[SentenceClaim]:
    """SCHEMA rule 4: repeats of one statement merge; quantity-less mentions merge into the quantified flow."""
    out: list[SentenceClaim] = []
    body = [c for c in claims if not c.headline]
    for c in claims:
        key = c.source_key()
        if c.headline and any(b.core() == c.core() for b in body):
            continue
        duplicate = False
        for k in out:
            if k.core() != c.core() or k.polarity != c.polarity:
                continue
            same_source = k.source_key() == key
            if (c.quantity is None and (k.quantity is not None or same_source) and same_source) or (
                c.quantity is not None
                and _values_close(k.quantity, c.quantity)
                and k.status == c.status
                and same_source
            ):
                duplicate = True
            if duplicate:
                k.by = (
                    k.by or c.by
                )  # "…180 tanks in the years 2026–2030": a repeat that gives the deadline completes it
                break
        if duplicate:
            continue
        if c.quantity is not None:
            # a quantity-less mention seen earlier of the same flow gives way to this one
            out = [
                k
                for k in out
                if not (
                    k.quantity is None and k.core() == c.core() and k.polarity == c.polarity and k.source_key() == key
                )
            ]
        out.append(c)
    return out


def _parallel_between(matches: list[tuple[int, int]], starts: list[int], lo: int, hi: int) -> bool:
    """Whether a comparison word lies wholly inside text[lo:hi] (`matches` sorted, not overlapping)."""
    i = bisect.bisect_left(starts, lo)
    return i < len(matches) and matches[i][1] <= hi


def inherit_rates(claims: list[SentenceClaim], text: str) -> None:
    """SCHEMA rule 8: "44,500 shells a day, compared with 14,600 fired by Ukraine" — both are daily.

    The comparison words are found once per call, not once per pair of claims (that was cubic)."""
    if not any(c.quantity is not None and c.quantity.per is not None for c in claims):
        return
    positions = [c.qstart or 0 for c in claims if c.quantity is not None]
    lo_all, hi_all = min(positions), max(positions)
    matches = [(m.start(), m.end()) for m in _parallel_regex().finditer(text, lo_all, hi_all)]
    starts = [m[0] for m in matches]
    for c in claims:
        q = c.quantity
        if q is None or q.per is not None or q.unit == "fraction":
            continue
        for other in claims:
            oq = other.quantity
            if other is c or oq is None or oq.per is None or other.kind != c.kind:
                continue
            lo, hi = sorted((other.qstart or 0, c.qstart or 0))
            coordinated = (
                other.trigger == c.trigger and oq.unit == q.unit and other.kind in ("production", "consumption")
            )  # "producing about 2,700 Geran drones a month and about 2,500 Gerbera decoys": one verb, one rate
            if c.bare or coordinated or _parallel_between(matches, starts, lo, hi):
                q.per = oq.per
                break


_NEAR_SENTENCES = 3  # how far back a state's transfer with no recipient looks for one


def _most_named(codes: list[str]) -> str | None:
    """The code named at least twice and more often than any other, else None."""
    counts = Counter(codes)
    if not counts:
        return None
    (top, n), *rest = [*counts.most_common(2), (None, 0)]
    return top if n >= 2 and n > rest[0][1] else None


def main_recipient(claims: list[SentenceClaim]) -> str | None:
    """The recipient a document is about: named in at least two of its transfers, more than any other."""
    return _most_named([c.recipient for c in claims if c.kind == "transfer" and c.recipient])


def settle_requests(claims: list[SentenceClaim]) -> list[SentenceClaim]:
    """A buyer's request ("has requested to buy 150 missiles") is a committed transfer in a document that approves
    the sale (components/sales.py), from the approving state to the buyer; elsewhere it is a wish (SCHEMA rule 3)."""
    approval = next((c for c in claims if c.approval), None)
    kept = []
    for c in claims:
        if c.requested:
            if approval is None:
                continue
            c.requested, c.status = False, "committed"
            c.supplier = c.supplier or approval.supplier
            c.recipient = c.recipient or approval.recipient
            if c.source is None and approval.source is not None:
                c.source, c.said_on = approval.source.copy(), c.said_on or approval.said_on  # what the notice approves
        kept.append(c)
    return kept


def main_supplier(claims: list[SentenceClaim]) -> str | None:
    """The state a document is about as a supplier: named in at least two of its transfers, more than any other."""
    return _most_named([c.supplier for c in claims if c.kind == "transfer" and c.supplier and c.supplier.isupper()])


def fill_from_context(claims: list[SentenceClaim], named: Collection[str] = ()) -> None:
    """Items, producers and flows a sentence leaves unsaid come from the document's earlier claims; a purchase
    of a designation whose maker the document names ("Indonesia ordered 37 Caesar" in a piece on KNDS France)
    is supplied by that maker."""
    recipient = main_recipient(claims)
    supplier = main_supplier(claims)
    for i, c in enumerate(claims):
        earlier = claims[:i]
        if c.inherit_flow == "deal":
            # "The value of the contract is USD 6.5 billion": the worth of the deal named last, nearby if one is
            deals = [p for p in reversed(earlier) if p.kind == "transfer" and (p.supplier or p.recipient)]
            close = [p for p in deals if p.sentence >= c.sentence - 4]
            if close or deals:
                prev = (close or deals)[0]
                c.supplier, c.recipient, c.status = prev.supplier, prev.recipient, prev.status
                # the worth of a package is military aid (SCHEMA rule 13); of a contract, of what it buys
                c.item = c.item if c.deal_word in lexicon().words.aid_deal_nouns else (prev.item or c.item)
                c.financed_by = c.financed_by or prev.financed_by
            else:
                c.inherit_flow = "orphan"  # the worth of nothing the document names: no claim
        elif c.inherit_flow == "figure":
            # "he raised the figure to 6,700 containers": the claim updates the flow named before, best one
            # counted in the same unit, else of the same item
            unit = c.quantity.unit if c.quantity else None
            ranked = (
                [p for p in reversed(earlier) if (p.quantity.unit if p.quantity else None) == unit]
                + [p for p in reversed(earlier) if p.item == c.item]
                + list(reversed(earlier))
            )
            if unit in lexicon().units_file.carrier_units:
                ranked = [p for p in ranked if p.kind == "transfer"]
            for prev in ranked:
                if prev.kind in ("transfer", "production", "consumption", "stockpile"):
                    c.kind, c.supplier, c.recipient, c.actor = prev.kind, prev.supplier, prev.recipient, prev.actor
                    c.item = c.item or prev.item
                    break
        elif c.inherit_flow in (True, "content"):
            # "those containers could hold 4.8 million shells": the flow of the containers named before,
            # preferably one that carried the same materiel
            carriers = [
                p for p in reversed(earlier) if p.kind == "transfer" and p.quantity and p.quantity.unit not in ("item",)
            ]
            ranked = [p for p in carriers if p.item == c.item] + carriers
            if ranked:
                c.supplier, c.recipient = ranked[0].supplier, ranked[0].recipient
            else:
                for prev in reversed(earlier):
                    if prev.kind == "transfer" and (prev.supplier or prev.recipient):
                        c.supplier, c.recipient = prev.supplier, prev.recipient
                        break
        if c.item is None:
            for prev in reversed(earlier):
                if prev.item and (c.kind != "quality" or prev.kind == "transfer"):
                    c.item = prev.item
                    if c.quantity and c.quantity.unit in lexicon().units_file.carrier_units:
                        # "The cargo filled about 200 containers" after "300,000 shells and a million rounds":
                        # one carrier of several munitions is `ammunition` (SCHEMA rule 7)
                        codes = {p.item for p in earlier if p.evidence == prev.evidence and p.item}
                        if len(codes) > 1:
                            c.item = general_item(codes)
                    break
            else:
                c.item = "ammunition" if c.kind != "quality" else None
        if c.kind == "transfer" and c.inherit_flow in (False, "deal") and (c.supplier is None or c.recipient is None):
            joint = c.joint_supply
            own_supplier = c.supplier
            _complete_flow(c, earlier, claims[i + 1 :])
            if (
                own_supplier is None
                and c.supplier
                and c.supplier.islower()
                and c.maker
                and c.maker in named
                and c.maker not in (c.supplier, c.recipient)
            ):
                # "Poland has received a cumulative 146 K9 howitzers" after a sentence on Hyundai Rotem's tanks: the
                # howitzers' maker, named in the piece, sold them, not the company of the sentence before
                c.supplier = c.maker
            if c.labelled and c.recipient not in (None, c.labelled):
                c.supplier = c.labelled  # "- Latvia: 2,000 drones handed over to Ukraine's forces" under other lines
            if joint:
                c.supplier = None  # "France and Italy": partners whose shares are not given
            elif c.supplier is None and c.maker and c.maker in named and c.maker != c.recipient:
                c.supplier = c.maker
            elif c.supplier is None and supplier and c.recipient and c.recipient != supplier and c.quantity is not None:
                # "exports of military goods to Israel were valued at $21.3 million" in a report on one state's exports
                c.supplier = supplier
            if (
                c.recipient is None
                and recipient
                and recipient != c.supplier
                and (
                    c.supplier is None
                    or c.supplier.isupper()
                    or any(p.supplier == c.supplier and p.recipient == recipient for p in claims)
                )
            ):
                # "Berlin would send further IRIS-T systems" in a piece about Ukraine; a company's sale goes to
                # the document's recipient only when the document has it supplying that recipient
                c.recipient = recipient
            elif c.recipient is None and recipient is None and c.supplier and c.supplier.isupper():
                # "Germany said it would deliver two more Patriot systems" right after a transfer to Ukraine, in a
                # piece with no one main recipient: the recipient of the last few sentences
                near = next(
                    (
                        p
                        for p in reversed(earlier)
                        if p.kind == "transfer"
                        and p.recipient
                        and p.recipient != c.supplier
                        and c.sentence - p.sentence <= _NEAR_SENTENCES
                    ),
                    None,
                )
                if near is not None:
                    c.recipient = near.recipient
        if c.to_all:
            c.recipient = None  # a total over all buyers, whatever the document's recipient
        if c.kind in ("production", "consumption", "stockpile") and c.actor is None:
            for prev in reversed(earlier):
                if prev.kind == c.kind and prev.actor and prev.item == c.item:
                    c.actor = prev.actor
                    break
        if c.kind == "quality" and c.actor is None:
            for prev in reversed(earlier):
                if prev.kind == "transfer" and prev.supplier and prev.item == c.item:
                    c.actor = prev.supplier
                    break


def _complete_flow(c: SentenceClaim, earlier: list[SentenceClaim], later: list[SentenceClaim]) -> None:
    """A transfer that names one side only ("the North has sent 10,000 troops") takes the other side
    from the same sentence, else from the document's nearest transfer with the same known side; with
    neither side named, from the nearest earlier transfer, preferring one of the same item."""

    def complete(p: SentenceClaim) -> bool:
        return p.kind == "transfer" and bool(p.supplier) and bool(p.recipient)

    same_sentence = [p for p in [*reversed(earlier), *later] if p.evidence == c.evidence and complete(p)]
    before = [p for p in reversed(earlier) if complete(p)]
    after = [p for p in later if complete(p)]
    if c.supplier and c.recipient is None:
        for prev in same_sentence + [p for p in before + after if p.supplier == c.supplier]:
            if prev.supplier == c.supplier or prev in same_sentence:
                c.recipient = prev.recipient
                return
        for prev in before:  # "Russia is paying in kind: oil, food…" — back to whoever supplies Russia
            if prev.recipient == c.supplier:
                c.recipient = prev.supplier
                return
    elif c.recipient and c.supplier is None:
        # "has delivered a new package of military assistance to Ukraine worth about EUR 11 million": the package's
        # supplier, read off the same sentence, before any earlier one
        for prev in same_sentence + before:
            if prev.recipient == c.recipient:
                c.supplier = prev.supplier
                return
    elif c.supplier is None and c.recipient is None:
        for prev in [p for p in before if p.item == c.item] + before:
            c.supplier, c.recipient = prev.supplier, prev.recipient
            return
