"""armsledger_claims_v1: assemble a sentence's claims from the tagged pieces.

Every candidate (candidates.py) is tied to the trigger that governs it in the dependency parse
(triggers.py); the trigger's frame gives the kind and who supplies, receives or acts (frames.py);
status, polarity, hedges, source and deadline come from the cues in the trigger's scope (cues.py).
Readings that SCHEMA's rules exclude are dropped by the vetoes (vetoes.py). The result is
`doc._.claims`: `SentenceClaim`s that the document stage completes (resolving "the isolated
nation", "he", dates) and turns into SCHEMA claims."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from armsledger.extract.components.candidates import Candidate, CandidateFinder, SentenceParts, caliber_near
from armsledger.extract.components.cues import CueReader
from armsledger.extract.components.frames import FrameReader
from armsledger.extract.components.sales import SaleApprovals
from armsledger.extract.components.special_claims import SpecialClaims
from armsledger.extract.components.triggers import TriggerFinder
from armsledger.extract.components.vetoes import Reading, first_veto
from armsledger.extract.intermediates import SentenceClaim
from armsledger.extract.reference import general_item, lexicon, maker_of


class ClaimAssembler(CandidateFinder, TriggerFinder, FrameReader, CueReader, SpecialClaims, SaleApprovals):
    def __init__(self, nlp: Language) -> None:
        self.lex = lexicon()

    def __call__(self, doc: Doc) -> Doc:
        parts = SentenceParts.of(doc)
        claims = []
        for candidate in self.candidates(parts):
            reading = self.read(parts, candidate)
            if reading is None:
                continue
            claim = self.claim_of(reading)
            veto = first_veto(reading)
            if veto == "request" and self.requested_purchase(reading):
                claim.requested = True  # kept for the document stage, which keeps it only under an approval
                claims.append(claim)
            elif veto is None:
                claims.append(claim)
        approvals = self.approval_claims(parts)
        if approvals:
            # the approval's value is its claim; "a possible sale … of missiles and related equipment" says no more
            priced = {a.qstart for a in approvals}
            claims = [c for c in claims if c.quantity is not None and c.qstart not in priced] + approvals
        claims += self.parallel_claims(parts, claims)
        claims += self.quality_claims(parts, claims)
        doc._.claims = claims
        return doc

    @staticmethod
    def _inside_item(verb: Token, cand: Candidate, parts: SentenceParts) -> bool:
        """A participle between a list item's count and its noun describes the item ("– 20 M113 tracked armoured
        personnel carriers", which the parser may read as a clause)."""
        if cand.quantity is None or verb.tag_ not in ("VBN", "VBD") or verb.i < cand.quantity.end:
            return False
        for t in verb.doc[verb.i + 1 :]:
            if t.i in parts.item_at:
                return True
            if t.pos_ not in ("ADJ", "NOUN", "PROPN", "ADV") and t.text != "-":
                return False
        return False

    def read(self, parts: SentenceParts, cand: Candidate) -> Reading | None:
        """The candidate read against the trigger that governs it; None when nothing governs it."""
        trig, path = self.find_trigger(cand.anchor, parts.speaker_tokens)
        if (
            trig is None
            and cand.quantity is not None
            and cand.item == "military_aid"
            and cand.anchor.i not in range(cand.quantity.start, cand.quantity.end)
            and cand.anchor.head.dep_ == "prep"
            and cand.anchor.head.head.i in range(cand.quantity.start, cand.quantity.end)
        ):
            # "committed more than EUR 10 billion in military support": the aid noun hangs off the sum, so the verb
            # that governs the sum governs the aid
            trig, path = self.find_trigger(cand.quantity.root, parts.speaker_tokens)
        info = cand.quantity._.quantity if cand.quantity is not None else None
        inherit_flow: str | bool = False
        described = (
            trig is not None and trig.dep_ == "acl" and trig.tag_ == "VBN" and trig.head.i in parts.item_at
        )  # "– over 3,000 x FPV drones produced in Lithuania": the participle describes the listed item
        if (
            (trig is None or described)
            and parts.doc._.layout == "bullet"
            and (cand.item is not None or (info is not None and info.unit in self.lex.units_file.carrier_units))
            and not self._is_clause(parts, cand)
            and not any(
                a.pos_ == "VERB" and a.i not in parts.item_at and not self._inside_item(a, cand, parts)
                for a in cand.anchor.ancestors
            )
        ):
            # "– 4 IRIS-T SLM air defence systems": a list item; its frame comes from the list's introduction
            return Reading(
                candidate=cand,
                parts=parts,
                lex=self.lex,
                trigger=cand.anchor,
                path=path,
                kind="transfer",
                frame="list",
                inherit_flow="list",
            )
        if trig is None:
            trig, inherit_flow = self._conversion_of_flow(path)
            named = (
                self._flow_in_subject(trig, cand.anchor)
                if trig is not None and inherit_flow == "content" and info is not None
                else None
            )
            if named is not None:
                # "the total value of Sweden's military support to Ukraine amounts to SEK 43.5 billion": the
                # subject names the flow the figure measures; it converts nothing said before
                trig, inherit_flow = named, False
                kinds = named._.triggers
            elif info is not None and info.is_money and (deal := self._deal_valued(path)) is not None:
                # "The value of the contract is approximately USD 6.5 billion": the worth of a deal named before
                trig, inherit_flow, kinds = deal, "deal", [("transfer", "deal")]
            elif (
                trig is not None
                and inherit_flow == "figure"
                and info is not None
                and cand.item is None
                and info.per is not None
                and not info.is_money
            ):
                # "Before February 2022 that number was about 14,000 a month", "The goal remains 100,000 a month":
                # a rate of the flow named before, its item too
                kinds = [("transfer", "content")]
            elif trig is None or info is None or cand.item is None or info.is_money:
                return None  # "represents an investment of €500 million" converts no flow
            else:
                kinds = [("transfer", "content")]
        else:
            kinds = trig._.triggers
            if self._names_a_figure(trig):
                kinds, inherit_flow = [("transfer", "content")], "figure"  # "his count had reached 10,000 containers"
        if not kinds:
            kinds = [("transfer", "noun")]  # an aid noun the item lexicon took ("support", "assistance")
        kind, frame = kinds[0]
        w = self.lex.words
        if trig.lemma_.lower() in w.content_verbs and not inherit_flow and self._cargo_subject(trig, parts):
            if self._single_carrier(trig):
                return None  # "one container holds about 400 to 480 shells": a load factor, not a shipment
            kind, frame, inherit_flow = "transfer", "content", True  # "the cargo contained 300,000 shells"
            kinds = [(kind, frame)]
        if len(kinds) > 1:
            kind, frame = next(((k, f) for k, f in reversed(kinds) if k == "transfer"), (kind, frame))
            if frame == "deal" and not self._has_party(trig):
                # "signs a spending law containing $61 billion for Ukraine" gives; "signed with Hyundai Rotem" deals
                kind, frame = next(((k, f) for k, f in kinds if k == "transfer" and f != "deal"), (kind, frame))
            if trig.lemma_.lower() in w.arrival_verbs and not any(
                c.dep_ == "dobj" and any(a.start <= c.i < a.end for a in parts.actors) for c in trig.children
            ):
                kind, frame = next(((k, f) for k, f in kinds if k != "transfer"), (kind, frame))
        cues = self.status_of(trig, path)
        status = cues.status
        if inherit_flow == "figure" and self._plan_subject(trig):
            status = "target"  # "The goal remains 100,000 a month"
        if kind == "production" and cues.capacity and (status != "target" or cues.conditional_capacity):
            # "can produce 2,700 a month", "will be able to produce 350,000 a year by 2027"; a goal for a capacity
            # ("aims to raise capacity to 1.4 million a year") stays a target
            status = "capacity"
        elif kind == "transfer" and cues.interdicted:
            status = "interdicted"  # "a shipment of 20,000 shells was seized"
        return Reading(
            candidate=cand,
            parts=parts,
            lex=self.lex,
            trigger=trig,
            path=path,
            kind=kind,
            frame=frame,
            inherit_flow=inherit_flow,
            status=status,
            request=cues.request,
            stop=cues.stop,
            generic_capacity=self._generic_capacity(trig),
            limit=info is not None and info.qualifier == "at_most" and self._is_limit(trig, parts.doc),
        )

    def _has_party(self, verb: Token) -> bool:
        """Whether a deal verb that needs a party has one: "signed with Hyundai Rotem", "signed a contract"."""
        w = self.lex.words
        if verb.lemma_.lower() not in w.deal_verbs_needing_party:
            return True
        return any(
            (c.dep_ == "prep" and c.lower_ in w.counterpart_prepositions)
            or (c.dep_ == "dobj" and any(f == "deal" for _, f in (c._.triggers or [])))
            # "signed for 44 Leopard 2A8 tanks from KNDS": the seller is the party
            or (c.dep_ == "prep" and c.lower_ in w.origin_prepositions)
            or (
                c.dep_ == "prep"
                and c.lower_ == "for"
                and any(
                    p.dep_ == "prep" and p.lower_ in w.origin_prepositions
                    for g in c.children
                    if g.dep_ == "pobj"
                    for p in g.children
                )
            )
            for c in verb.children
        )

    @staticmethod
    def _is_clause(parts: SentenceParts, cand: Candidate) -> bool:
        """Whether a list item is a clause ("Each Abrams weighs 60 tonnes") rather than a noun phrase ("Over
        400,000 mortar rounds", where the tagger may take "rounds" for a verb)."""
        return any(
            t.pos_ in ("VERB", "AUX")
            and t.i not in parts.item_at
            and not ClaimAssembler._inside_item(t, cand, parts)
            and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
            for t in parts.doc
        )

    def _conversion_of_flow(self, path: list[Token]) -> tuple[Token | None, str | bool]:
        """ "…, enough to hold 3 million shells", "that volume would amount to 1.6 million shells": a conversion
        or an update of a flow named before, not a new one."""
        w = self.lex.words
        content = [
            t
            for t in path[1:]
            if t.lemma_.lower() in w.content_verbs
            and t.pos_ in ("VERB", "ADJ", "AUX")
            and not any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in t.children)
        ]
        if content:
            return content[0], "content"
        figure = [t for t in path[1:] if t.pos_ in ("VERB", "AUX") and self._names_a_figure(t)]
        if figure:
            return figure[0], "figure"
        return None, False

    def _deal_valued(self, path: list[Token]) -> Token | None:
        """The contract, package or line a sum is the worth of, when no trigger governs the sum: "the value of the
        contract is $6.5 billion", "a first call-off worth €310 million was placed", "the framework … has a total
        value of up to €2.1 billion". The noun, else None."""
        w = self.lex.words
        deals = w.commitment_nouns | w.deal_nouns

        def deal_in(noun: Token) -> Token | None:
            if noun.lemma_.lower() in deals:
                return noun
            if noun.lemma_.lower() in w.money_value_heads:  # "the value of the contract"
                for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                    found = next((c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in deals), None)
                    if found is not None:
                        return found
            return None

        for k, node in enumerate(path[1:], start=1):
            if (
                node.pos_ in ("NOUN", "PROPN")
                and path[k - 1].lower_ in w.value_words
                and node.lemma_.lower() in w.commitment_nouns | {"call", "purchase"}
            ):
                return node  # "a first call-off worth €310 million"
            if node.pos_ in ("VERB", "AUX"):
                subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and (found := deal_in(subj)) is not None:
                    return found
                return None
        return None

    def _flow_in_subject(self, verb: Token, anchor: Token) -> Token | None:
        """A trigger noun in the subject of a content verb ("the value of Sweden's military support … amounts
        to"), the flow the verb's figure measures; not when the figure is itself in the subject."""
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.left_edge.i <= anchor.i <= subj.right_edge.i:
            return None
        for t in subj.subtree:
            if t.pos_ == "NOUN" and t._.triggers:
                return t
            if (
                t.pos_ == "NOUN"
                and t.lemma_.lower() in self.lex.words.aid_nouns
                and any(c.dep_ == "poss" for c in t.children)
            ):
                return t  # "Sweden's military support (to Ukraine)"; the recipient may come from the document
        return None

    def _trigger_rate(self, trig: Token) -> str | None:
        """The rate a production or use noun names: "annual output", "the plant's monthly production capacity"."""
        rates = self.lex.units_file.rate_adjectives
        nouns = [trig, *(c for c in trig.children if c.dep_ == "compound")]
        for noun in nouns:
            for c in noun.children:
                if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and c.lower_ in rates:
                    return rates[c.lower_]
        return None

    def _plan_subject(self, verb: Token) -> bool:
        """Whether a verb's subject is a plan noun ("The goal remains 100,000 a month")."""
        return any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in self.lex.words.plan_nouns for c in verb.children
        )

    def _names_a_figure(self, verb: Token) -> bool:
        """ "he raised the figure to 6,700", "the tally reached…", "that number was 14,000": a verb whose argument is a
        figure noun, or a copula or level verb whose subject is a figure or a plan."""
        w = self.lex.words
        if verb.pos_ == "AUX" or verb.lemma_.lower() in w.level_verbs:
            # "that number was about 14,000 a month", "the goal remains 100,000 a month": a figure's new value
            return any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in w.figure_nouns | w.plan_nouns
                for c in verb.children
            )
        return verb.pos_ == "VERB" and any(
            c.dep_ in ("nsubj", "dobj", "nsubjpass") and c.lemma_.lower() in w.figure_nouns for c in verb.children
        )

    def _single_carrier(self, trig: Token) -> bool:
        """Whether a content verb's subject is one carrier ("one container", "each wagon", "a 20-foot box")."""
        subj = self.subject_of(trig)
        return subj is not None and any(
            c.dep_ in ("det", "nummod") and c.lower_ in self.lex.words.single_carrier_determiners for c in subj.children
        )

    def _cargo_subject(self, trig: Token, parts: SentenceParts) -> bool:
        """Whether a content verb's subject is a unit or cargo noun ("the containers held…")."""
        subj = self.subject_of(trig)
        if subj is None:
            return False
        if subj.lower_ in self.lex.words.relative_pronouns:
            # "6,700 containers, which he said could hold up to 3 million shells": the pronoun's antecedent
            node = trig
            while node.dep_ in ("ccomp", "xcomp") and node.head.i != node.i:
                node = node.head
            if node.dep_ in ("relcl", "acl"):
                subj = node.head
        unit_tokens = {t.i for u in parts.doc.spans.get("units", []) for t in u}
        if (
            subj.i in unit_tokens
            and not any(c.dep_ in ("nummod", "det", "poss") for c in subj.children)
            and any(c.dep_ == "prep" for c in subj.children)
        ):
            return False  # "cargo flights from the United Arab Emirates carried weapons to the RSF": a transfer
        return subj.i in unit_tokens or subj.lemma_.lower() in self.lex.words.cargo_nouns

    @staticmethod
    def _done(trig: Token) -> bool:
        """Whether a past-tense transfer verb governs the trigger ("Lithuania has delivered … a new package")."""
        node = trig
        for _ in range(5):
            if node.pos_ == "VERB" and node.tag_ in ("VBD", "VBN") and node._.triggers:
                return True
            if node.head.i == node.i:
                return False
            node = node.head
        return False

    def claim_of(self, r: Reading) -> SentenceClaim:
        """The claim a reading states: roles, quantity, cues, source and deadline."""
        cand, doc, trig = r.candidate, r.parts.doc, r.trigger
        info = r.info
        claim = SentenceClaim(
            kind=r.kind,
            item=cand.item,
            trigger=trig.i,
            anchor=cand.anchor.i,
            quantity=info.as_claim_quantity() if info is not None else None,
            status=r.status,
            polarity=self.polarity_of(trig, cand.anchor),
            caliber_mm=caliber_near(cand.anchor, cand.item_span, r.parts.calibers),
            bare=bool(info and info.counted_kind == "bare"),
            qstart=cand.quantity.start_char if cand.quantity is not None else None,
            inherit_flow=r.inherit_flow,
            deal_word=trig.lemma_.lower() if r.inherit_flow == "deal" else None,
            item_definite=self._definite(cand.item_span),
            done=self._done(trig),
            maker=maker_of(cand.item_span.text) if cand.item_span is not None else None,
        )
        self._assign_roles(r, claim)
        if claim.quantity is not None and cand.item_span is not None and claim.quantity.unit != "item":
            # "13,000 containers of artillery shells and missiles": one load of several items is the most general
            # of them (SCHEMA rule 7)
            codes = {claim.item} | {
                s.label_ for s in r.parts.items for t in cand.item_span.root.conjuncts if s.start <= t.i < s.end
            }
            if len(codes) > 1:
                claim.item = general_item(codes)
        if claim.item == self.lex.words.unnamed_equipment and info is not None and info.is_money:
            claim.item = "military_aid"  # "weapons worth $400 million": a sum for no one item type (SCHEMA rule 13)
        if claim.quantity is not None and claim.quantity.per is None and claim.kind in ("production", "consumption"):
            claim.quantity.per = self._trigger_rate(trig)
        if (
            claim.kind == "transfer"
            and trig.lemma_.lower() in self.lex.words.financing_verbs
            and claim.supplier
            and any(c.dep_ == "prep" and c.lower_ == "for" for c in trig.children)
        ):
            # "Germany will pay for 180,000 of the rounds": the payer finances, the supplier is whoever delivers
            # them (SCHEMA rule 18)
            claim.financed_by, claim.supplier = claim.supplier, None
        scope = self.scope_tokens(trig, cand.anchor, r.path, cand.quantity)
        conversions = self.lex.hedges_file.conversion
        cues = [
            h
            for h in doc.spans.get("hedges", [])
            if any(t.i in scope for t in h) and (h.text.lower() not in conversions or self._converts(h, cand.anchor))
        ]
        claim.cues = [h.text for h in cues]
        claim.certainty = cues[0]._.band if cues else None
        converted = any(h.text.lower() in conversions for h in cues)
        committed_content = (
            claim.status == "committed"
            and not converted
            and trig.lemma_.lower() in self.lex.words.coverage_verbs
            and (subject := self.subject_of(trig)) is not None
            and subject.lemma_.lower() in self.lex.words.commitment_nouns
        )  # "The package covers more than 7,000 JDAM tail kits": what a commitment covers is committed
        planned = r.inherit_flow == "figure" and self._plan_subject(trig)  # the new value of a goal is a goal
        if (
            not committed_content
            and not planned
            and (
                r.inherit_flow
                or converted
                or (trig.lemma_.lower() in self.lex.words.content_verbs and claim.status == "target")
            )
        ):
            claim.status = "actual"  # "could hold 4.8 million shells" converts a flow, it is no plan
        claim.attribution = self._attribution_for(trig, doc._.attributions or [], doc)
        if claim.status in ("target", "committed", "capacity"):
            claim.by = self._deadline(doc, cand.anchor, cand.quantity, r.parts.quantities)
        elif doc._.layout == "bullet":
            # "• 10,000 rounds of 155 mm ammunition, to be delivered by the end of 2025": the list's announcement
            # decides the status; the item's deadline stands if it makes the item a commitment
            claim.deadline = self._deadline(doc, cand.anchor, cand.quantity, r.parts.quantities)
        return claim

    def _assign_roles(self, r: Reading, claim: SentenceClaim) -> None:
        """Supplier and recipient of a transfer, or the actor of the other kinds."""
        cand, trig, parts = r.candidate, r.trigger, r.parts
        if r.inherit_flow == "list" and cand.item_span is not None:
            # completed from the list's frame later; the item's own seller stands where the frame names none
            claim.origin = self._code(self._seller_of_item(cand.item_span, parts.actors))
        elif r.inherit_flow:
            pass  # completed from the document's flow later
        elif r.kind == "transfer":
            s, rec = self.transfer_roles(trig, r.frame, cand.anchor, r.path, parts.actors, parts.speaker_tokens)
            if s is None and cand.item_span is not None:
                s = self._origin(cand.item_span, parts.actors, r.frame)
            claim.supplier, claim.recipient = self._code(s), self._code(rec)
            r.recipient_named = claim.recipient is not None
            if claim.supplier and claim.supplier == claim.recipient:
                claim.recipient = None
        else:
            claim.actor = self._code(self.actor_role(trig, cand.anchor, r.path, parts.actors, parts.speaker_tokens))
        gapped = self._gapped_actor(r)
        if gapped is not None:
            if r.kind == "transfer":
                claim.supplier = gapped.label_
            else:
                claim.actor = gapped.label_

    def _gapped_actor(self, r: Reading) -> Span | None:
        """ "Denmark has pledged 19 jets, the Netherlands 24 and Norway six": the actor right before a bare
        figure in a gapped clause."""
        q, info = r.candidate.quantity, r.info
        if q is None or info is None or info.counted_kind != "bare":
            return None
        doc = r.parts.doc
        gapped = [
            a
            for a in r.parts.actors
            if a.end == q.start
            and a.label_ != "ANAPHOR"
            and a.start > 0
            and doc[a.start - 1].lower_ in self.lex.words.gap_separators
            and a.root.head.i != r.trigger.i
        ]
        return gapped[0] if gapped else None

    def _definite(self, span: Span | None) -> bool:
        """ "the missiles", "those drones": a mention that refers back rather than introduces."""
        if span is None:
            return False
        before = span.doc[span.start - 1] if span.start > 0 else None
        return before is not None and before.lower_ in self.lex.words.definite_determiners

    @staticmethod
    def _converts(cue: Span, anchor: Token) -> bool:
        """Whether a conversion cue ("enough to hold") governs this claim's counted noun."""
        cue_ids = {t.i for t in cue}
        ancestors = list(anchor.ancestors)
        # "if calculated as 152 mm rounds the total would exceed 12 million": a conditional on the verb of the figure
        conditional = cue.root.dep_ == "advcl" and cue.root.head in ancestors
        return conditional or any(a.i in cue_ids for a in ancestors) or anchor.i in cue_ids


@Language.factory(
    "armsledger_claims_v1",
    assigns=["doc._.claims"],
    requires=["doc.spans", "token._.triggers", "token._.status_cue", "doc._.attributions"],
)
def make_claim_assembler(nlp: Language, name: str) -> ClaimAssembler:
    return ClaimAssembler(nlp)
