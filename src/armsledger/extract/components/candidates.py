"""What in a sentence may be a claim: every quantity that counts an item or a unit, every item
mention no quantity took, and verbs that name their own materiel ("arming")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from armsledger.extract.components.items import item_for_caliber
from armsledger.extract.reference import general_item

if TYPE_CHECKING:
    from armsledger.extract.reference import Lexicon


@dataclass
class Candidate:
    """A possible claim: the token to climb from to the trigger, the item, the quantity span (if any) and
    the item mention (if any). `bare_money` marks a sum no word ties to what it buys."""

    anchor: Token
    item: str | None
    quantity: Span | None
    item_span: Span | None
    bare_money: bool = False


@dataclass
class SentenceParts:
    """The tagged pieces of one sentence the claim rules read."""

    doc: Doc
    items: list[Span]
    item_at: dict[int, Span]
    actors: list[Span]
    quantities: list[Span]
    speaker_tokens: set[int]
    calibers: dict[int, float]

    @classmethod
    def of(cls, doc: Doc) -> SentenceParts:
        items = list(doc.spans.get("items", []))
        return cls(
            doc=doc,
            items=items,
            item_at={t.i: s for s in items for t in s},
            actors=list(doc.spans.get("actors", [])),
            quantities=list(doc.spans.get("quantities", [])),
            speaker_tokens={i for a in (doc._.attributions or []) for i in range(*a.speaker)},
            calibers=doc._.calibers or {},
        )

    def span(self, bounds: tuple[int, int], label: str | None) -> Span:
        return Span(self.doc, bounds[0], bounds[1], label=label or "")


class CandidateFinder:
    """Mixin: gather a sentence's candidates (needs `self.lex`)."""

    lex: Lexicon  # set by the ClaimAssembler

    def candidates(self, parts: SentenceParts) -> list[Candidate]:
        used: set[int] = set()
        found = self._quantity_candidates(parts, used)
        found += self._mention_candidates(parts, used)
        found += self._implicit_candidates(parts)
        return found

    def _quantity_candidates(self, parts: SentenceParts, used: set[int]) -> list[Candidate]:
        out = []
        counted_items = [
            parts.span(q._.quantity.counted, q._.quantity.counted_label)
            for q in parts.quantities
            if q._.quantity.counted_kind == "item"
        ]
        for q in parts.quantities:
            info = q._.quantity
            if info.counted_kind == "fraction":
                continue
            if info.counted_kind == "item":
                span = parts.span(info.counted, info.counted_label)
                used.add(span.start)
                # a counted noun the tagger read as a verb ("60,000 rounds a day") hangs off the number instead
                anchor = q.root if span.root.pos_ in ("VERB", "AUX") and q.root.head.i != span.root.i else span.root
                out.append(Candidate(anchor, self._counted_item(parts, span, used), q, span))
            elif info.counted_kind == "unit":
                out.append(self._unit_candidate(parts, q, counted_items, used))
            elif info.is_money:
                out.append(self._money_candidate(parts, q, used))
            else:
                left = [s for s in counted_items if s.start < q.start]
                pool = left or counted_items or [s for s in parts.items if s.start < q.start]
                # "delivered about 524,000 of them": with no item named, the document's item is filled in later
                out.append(Candidate(q.root, self.refine(pool[-1], parts) if pool else None, q, None))
        return out

    def _unit_candidate(self, parts: SentenceParts, q: Span, counted_items: list[Span], used: set[int]) -> Candidate:
        info = q._.quantity
        unit_span = parts.doc[info.counted[0] : info.counted[1]]
        item = None
        contents = parts.span(info.contents, info.contents_label) if info.contents else None
        if contents is not None:
            used.add(contents.start)
            item = self.combined_item(parts, contents, used)
        elif counted_items:
            item = self.refine(counted_items[0], parts)
        else:
            free = [s for s in parts.items if s.start not in used]
            if free:
                item = self.refine(free[0], parts)
        return Candidate(unit_span.root, item, q, contents)

    def _counted_item(self, parts: SentenceParts, span: Span, used: set[int]) -> str:
        """A counted item, or the most general code over the munitions coordinated with it that have no count
        of their own ("2.4 million artillery shells and mortar rounds" is ammunition, SCHEMA rule 7)."""
        counted = {
            t.i
            for o in parts.quantities
            if o._.quantity.counted
            for i in range(*o._.quantity.counted)
            for t in [parts.doc[i]]
        }
        munitions = self.lex.items_file.munitions
        mates = [
            s
            for s in parts.items
            if s.root.dep_ == "conj"
            and s.root.head.i in range(span.start, span.end)
            and s.start not in counted
            and s.label_ != span.label_
        ]
        if mates and span.label_ in munitions and all(m.label_ in munitions for m in mates):
            for m in mates:
                used.add(m.start)
            return "ammunition"
        return self.refine(span, parts)

    def combined_item(self, parts: SentenceParts, span: Span, used: set[int]) -> str:
        """SCHEMA rule 7: the contents of a carrier with items coordinated to it ("of military equipment and
        munitions") take the most general code that covers them."""
        codes = {span.label_}
        for s in parts.items:
            if s.root.dep_ == "conj" and s.root.head.i in range(span.start, span.end):
                codes.add(s.label_)
                used.add(s.start)
        if len(codes) == 1:
            return self.refine(span, parts)
        return general_item(codes)

    def _money_candidate(self, parts: SentenceParts, q: Span, used: set[int]) -> Candidate:
        doc = parts.doc
        before = [t for t in doc[max(0, q.start - 3) : q.start] if t.lower_ in self.lex.words.value_words]
        if (
            not before
            and q.start >= 2
            and doc[q.start - 1].text == ","
            and (q.start - 2) in parts.item_at
            and parts.item_at[q.start - 2].end == q.start - 1
        ):
            before = [doc[q.start - 1]]  # "720 Switchblade 300 loitering munitions, about $60.2 million": its price
        if before:
            j = before[0].i - 1
            while j > 0 and doc[j].is_punct:
                j -= 1  # "25 F-35 jets, worth some $3 billion"
            if j in parts.item_at:
                ispan = parts.item_at[j]
                used.add(ispan.start)
                listed = {
                    s.label_
                    for s in parts.items
                    if s.root.dep_ == "conj"
                    and (
                        s.root.head.i in range(ispan.start, ispan.end)
                        or ispan.root.head.i in range(s.start, s.end)
                        or s.root.head == ispan.root.head
                    )
                }
                if ispan.root.dep_ == "conj" or listed - {ispan.label_}:
                    # "launchers, anti-tank missiles and ammunition, worth $250 million in total": a sum over
                    # several types is military aid (SCHEMA rule 13)
                    return Candidate(ispan.root, "military_aid", q, ispan)
                return Candidate(ispan.root, self.refine(ispan, parts), q, ispan)
            kinds = [s for s in parts.items if s.label_ != "military_aid"]
            if (
                kinds
                and len({s.label_ for s in kinds}) == 1
                and kinds[-1].end <= before[0].i
                and len(kinds) == len(parts.items)
                and before[0].head in (kinds[-1].root, kinds[-1].root.head)
            ):
                # "patrol boats for the Ukrainian Navy worth NOK 400 million": the worth of the one type named
                used.add(kinds[-1].start)
                return Candidate(kinds[-1].root, self.refine(kinds[-1], parts), q, kinds[-1])
        bought = self._bought_with(parts, q)
        if bought is not None:
            return Candidate(q.root, bought, q, None)  # "$3 billion for 300 Patriot missiles" (SCHEMA rule 13)
        aid = [s for s in parts.items if s.label_ == "military_aid"]
        if aid:
            used.add(aid[0].start)
        # "$61 billion for Ukraine": money given with no word for what it buys is military aid; a sum that no
        # transfer to a named recipient governs is dropped (vetoes: money_to_nobody)
        anchor = q.root
        if q.root.head.i in parts.item_at and parts.item_at[q.root.head.i].label_ == "military_aid":
            anchor = q.root.head
        return Candidate(anchor, "military_aid", q, None, bare_money=not aid)

    def _bought_with(self, parts: SentenceParts, q: Span) -> str | None:
        """The one item type a sum pays for (SCHEMA rule 13): the item of a "for" phrase on the sum ("€500
        million for drones"), else, in a sentence about a contract, sale or package, the one type of item the
        sentence counts ("a deal worth $6.5 billion … for 180 K2 tanks")."""
        generic = {"military_aid", "weapons"}
        holders = [q.root]
        if q.root.dep_ in ("nummod", "compound", "amod", "quantmod", "npadvmod") and q.root.head.pos_ == "NOUN":
            holders.append(q.root.head)  # "a $3.5 billion contract with LIG Nex1 for Cheongung II"
            if q.root.head.dep_ == "dobj":
                holders.append(q.root.head.head)  # "signed a $3.5 billion contract … for 10 Cheongung II batteries"
        preps = [c for h in holders for c in h.children if c.dep_ == "prep"]
        if len(holders) > 1:  # "a contract with LIG Nex1 for Cheongung II": the parser hangs "for" on the partner
            preps += [t for t in holders[1].subtree if t.dep_ == "prep" and t.head.dep_ == "pobj" and t not in preps]
        for prep in (c for c in preps if c.lower_ in self.lex.words.purpose_prepositions):
            labels = {parts.item_at[t.i].label_ for t in prep.subtree if t.i in parts.item_at} - generic
            if len(labels) == 1:
                return labels.pop()
        price = q.root.dep_ == "pobj" and q.root.head.lower_ == "for" and bool(q.root.head.head._.triggers)
        dealing = price or any(any(f in ("deal", "noun") for _, f in (t._.triggers or [])) for t in parts.doc)
        if not dealing:
            return None  # "agreed to sell Taiwan 66 F-16 jets for $8 billion": the sum is the price of the jets
        counted = {
            parts.span(o._.quantity.counted, o._.quantity.counted_label).label_
            for o in parts.quantities
            if o is not q and o._.quantity.counted_kind == "item"
        } - generic
        if not counted and (price or not any(t.lemma_.lower() in self.lex.words.price_words for t in parts.doc)):
            # "bought the Arrow 3 system from Israel for about 4 billion euros", "a contract for the Arrow 3 system
            # worth €3.6 billion": nothing counted, one type named (not a unit price: "a round costs €8,000")
            counted = {s.label_ for s in parts.items} - generic
        return counted.pop() if len(counted) == 1 else None

    def _mention_candidates(self, parts: SentenceParts, used: set[int]) -> list[Candidate]:
        out = []
        for span in parts.items:
            if span.start in used:
                continue
            root = span.root
            if any(span.start >= a.speaker[0] and span.end <= a.speaker[1] for a in parts.doc._.attributions or []):
                continue
            head_item = parts.item_at.get(root.head.i)
            if (
                root.dep_ in ("compound", "amod", "nmod")
                and head_item is not None
                and head_item.label_ != span.label_
                and root.head.i not in range(span.start, span.end)
            ):
                continue  # "drone technology", "missile know-how": the head names the materiel
            if root.dep_ == "compound" and not root.head._.triggers and head_item is None:
                continue
            if (
                span.label_ in self.lex.items_file.support_items
                and root.dep_ == "conj"
                and root.head.i in parts.item_at
            ):
                continue  # "12 NASAMS and munitions": support sold with a main item is no claim (SCHEMA rule 17)
            if self._purpose_of_item(root, parts):
                continue  # "interceptors for Patriot systems": what the item is for is not cargo
            out.append(Candidate(root, self.refine(span, parts), None, span))
        return out

    def _purpose_of_item(self, root: Token, parts: SentenceParts) -> bool:
        """Whether a mention is the object of "for" after another item ("munitions for HIMARS")."""
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ not in self.lex.words.purpose_prepositions:
            return False
        return prep.head.i in parts.item_at and prep.head.i != root.i

    def _implicit_candidates(self, parts: SentenceParts) -> list[Candidate]:
        """ "Tehran denies arming the group": a verb that names its materiel is a transfer of it."""
        out = []
        implicit_items = self.lex.predicates_file.implicit_items
        for tok in parts.doc:
            implicit = implicit_items.get(tok.lemma_.lower())
            if (
                implicit
                and tok.pos_ == "VERB"
                and tok._.triggers
                and not any(t.head.i == tok.i and t.i in parts.item_at for t in parts.doc)
            ):
                out.append(Candidate(tok, implicit, None, None))
        return out

    def refine(self, span: Span, parts: SentenceParts) -> str:
        """The item code of a mention, made specific by a calibre next to it ("152 mm ammunition")."""
        return item_for_caliber(span.label_, caliber_near(span.root, span, parts.calibers), span.text.lower())


def caliber_near(anchor: Token, span: Span | None, calibers: dict[int, float]) -> int | None:
    """A calibre just before or after an item mention ("152 mm shells", "shells of 122 mm")."""
    start = span.start if span is not None else anchor.i
    for i in range(start - 1, max(-1, start - 5), -1):
        if i in calibers:
            return int(calibers[i])
    end = span.end if span is not None else anchor.i + 1
    for i in range(end, min(len(anchor.doc), end + 4)):
        if i in calibers:
            return int(calibers[i])
    return None
