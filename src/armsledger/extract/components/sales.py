"""Sale approvals: a government's notice that it approves a possible sale ("The State Department has made a
determination approving a possible Foreign Military Sale to the Government of Norway of AIM-9X missiles … for an
estimated cost of $250 million") is a committed transfer of that value; the buyer's request it approves ("The
Government of Norway has requested to buy up to 150 AIM-9X missiles") is then committed too, not a wish."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from armsledger.extract.components.attribution import strip_determiners
from armsledger.extract.components.candidates import SentenceParts
from armsledger.extract.intermediates import Attribution, SentenceClaim, SourceInfo

if TYPE_CHECKING:
    from armsledger.extract.components.vetoes import Reading
    from armsledger.extract.reference import Lexicon


class SaleApprovals:
    """Mixin for the claim assembler (needs `self.lex` and FrameReader's `self._code`)."""

    lex: Lexicon  # set by the ClaimAssembler
    _code: Callable[[Span | str | None], str | None]  # FrameReader's

    def approval_claims(self, parts: SentenceParts) -> list[SentenceClaim]:
        """The approved sale's value: one claim per approval sentence that names a buyer and a price."""
        text = parts.doc.text.lower()
        if not any(noun in text for noun in self.lex.words.sale_nouns):
            return []  # most sentences name no sale: skip the walk over their tokens
        sale = next((t for t in parts.doc if self._approved_sale(t)), None)
        if sale is None:
            return []
        money = next((q for q in parts.quantities if q._.quantity.is_money), None)
        buyer = self._buyer(sale, parts)
        if money is None or buyer is None:
            return []
        item = self._sold_item(buyer, money, parts)
        seller = next(
            (
                a
                for a in parts.actors
                if a.end <= sale.i and a.label_ != "ANAPHOR" and a.root.dep_ in ("nsubj", "nsubjpass")
            ),
            None,
        )
        quantity = money._.quantity.as_claim_quantity()
        if quantity.qualifier == "exact" and any(
            t.lower_ in self.lex.words.estimate_words for t in parts.doc[max(0, money.start - 4) : money.start]
        ):
            quantity.qualifier = "approx"  # "for an estimated cost of $250 million"
        attribution = None
        if seller is not None:
            # the approving body is the notice's source ("The State Department has made a determination…")
            attributions = parts.doc._.attributions
            if attributions is None:
                attributions = parts.doc._.attributions = []
            attributions.append(
                Attribution(
                    verb=sale.head.i,
                    speaker=(seller.start, seller.end),
                    how="verb",
                    source=SourceInfo(org=strip_determiners(seller.text), country=self._code(seller)),
                    pronoun=False,
                    pronoun_text=None,
                    said_on=None,
                    lemma=sale.head.lemma_.lower(),
                    text=seller.text,
                )
            )
            attribution = len(attributions) - 1
        return [
            SentenceClaim(
                kind="transfer",
                item=item,
                trigger=sale.i,
                anchor=money.root.i,
                quantity=quantity,
                status="committed",
                supplier=self._code(seller) if seller is not None else "@source",
                recipient=self._code(buyer),
                qstart=money.start_char,
                approval=True,
                attribution=attribution,
            )
        ]

    def _approved_sale(self, token: Token) -> bool:
        """ "approving a possible Foreign Military Sale": a sale noun, marked as possible or proposed, that an
        approval verb governs."""
        w = self.lex.words
        return (
            token.lemma_.lower() in w.sale_nouns
            and any(c.lower_ in w.approval_modifiers for c in token.children)
            and token.head.lemma_.lower() in w.approval_verbs
        )

    def _sold_item(self, buyer: Span, money: Span, parts: SentenceParts) -> str:
        """The code of what is sold, named between the buyer and the price: in each part of a list ("… of AN/TPS-77
        and AN/TPS-78 radar systems") the last item named is the head ("three hundred (300) Patriot … Missiles
        (GEM-T)" are missiles, not the Patriot system); one code for all parts is the item, several are
        `military_aid` (SCHEMA rule 13). "Related equipment" is no item of its own."""
        w = self.lex.words
        doc = parts.doc
        codes: set[str] = set()
        start = buyer.end
        for i in range(buyer.end, money.start + 1):
            if i == money.start or doc[i].lower_ in w.list_separators:
                inside = [s for s in parts.items if start <= s.start and s.end <= i and s.label_ != w.unnamed_equipment]
                if inside:
                    codes.add(max(inside, key=lambda s: s.end).label_)
                start = i + 1
        return codes.pop() if len(codes) == 1 else "military_aid"

    @staticmethod
    def _buyer(sale: Token, parts: SentenceParts) -> Span | None:
        """The state after "to" that the approval or the sale governs ("to the Government of Norway")."""
        for head in (sale, sale.head):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    inside = range(prep.left_edge.i, prep.right_edge.i + 1)
                    found = [a for a in parts.actors if a.start in inside and a.label_ != "ANAPHOR"]
                    if found:
                        return found[0]
        return None

    def requested_purchase(self, reading: Reading) -> bool:
        """ "has requested to buy …": a purchase a buyer asks for, a claim only where the document approves it."""
        w = self.lex.words
        trig = reading.trigger
        return trig.lemma_.lower() in w.purchase_verbs and any(
            a.lemma_.lower() in w.request_verbs for a in list(trig.ancestors)[:2]
        )
