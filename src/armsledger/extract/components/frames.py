"""Who supplies, receives or acts: roles read off the trigger's frame in the dependency parse."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from armsledger.extract.reference import actor_slug

if TYPE_CHECKING:
    from armsledger.extract.reference import Lexicon

# An actor as a frame names it: a mention, or a pronoun reference ("@it", "@state") the document stage resolves
ActorRef = Span | str


class FrameReader:
    """Mixin: subjects, actor mentions and the supplier / recipient / actor of a trigger."""

    lex: Lexicon  # set by the ClaimAssembler

    def subject_of(self, trig: Token) -> Token | None:
        """The trigger's subject, inherited through control, coordination and nominal heads."""
        node = trig
        for step in range(8):
            deps = ("nsubj", "csubj") if step == 0 else ("nsubj", "csubj", "nsubjpass")
            subj = [c for c in node.children if c.dep_ in deps]
            if subj:
                if len(subj) > 1:
                    # "Mr. Speaker, … Canada has committed": a form of address set off by a comma is no subject
                    doc = node.doc
                    address = self.lex.words.forms_of_address
                    subj = [
                        c
                        for c in subj
                        if not (
                            c.left_edge.i == 0
                            and c.i + 1 < len(doc)
                            and doc[c.i + 1].text == ","
                            and (c.lower_ in address or c.left_edge.lower_.strip(".") in address)
                        )
                    ] or subj
                # "The Norwegian-Finnish ammunition maker Nammo plans…" parsed with two subjects: the name
                s = next((c for c in subj if c.pos_ == "PROPN"), subj[0]) if len(subj) > 1 else subj[0]
                if s.lower_ in self.lex.words.relative_pronouns and node.dep_ == "relcl":
                    return node.head
                return s
            agent = [c for c in node.children if c.dep_ == "agent"]
            if agent and node.i != trig.i:
                pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
            if node.dep_ == "pcomp" and node.head.lower_ == "for" and node.head.head.pos_ == "VERB":
                obj = [c for c in node.head.head.children if c.dep_ == "dobj"]
                if obj:  # "condemn the DPRK for providing Russia with…"
                    return obj[0]
            if (
                node.dep_
                in ("xcomp", "conj", "pcomp", "prep", "pobj", "dobj", "advcl", "ccomp", "acl", "attr", "acomp")
                and node.head.i != node.i
            ):
                if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN") and node.i != trig.i:
                    return None
                if (
                    node.dep_ == "ccomp"
                    and node.head.lemma_.lower() in self.lex.sources.speech_verbs
                    and node.head.lemma_.lower() not in self.lex.words.subject_keeping_speech_verbs
                ):
                    return None
                node = node.head
                continue
            return None
        return None

    def _actor_in(self, tok: Token | None, actors: list[Span], exclude: set[int]) -> Span | str | None:
        """The actor mention heading or inside the phrase of `tok`; a pronoun gives a reference that the
        document stage resolves ("@it", "@they", "@source" for we/our/his)."""
        if tok is None:
            return None
        found = self._actor_mention(tok, actors, exclude)
        if found is not None:
            return found
        ref = self.lex.words.pronoun_references.get(tok.lower_)
        if (
            ref is None
            and tok.lemma_.lower() in self.lex.words.body_nouns
            and any(c.lower_ == "the" for c in tok.children)
            and not any(c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN" for c in tok.children)
        ):
            ref = "@company"  # "the company makes…", "the factory is expected to produce…"
        if (
            ref is None
            and tok.lemma_.lower() in self.lex.words.state_nouns
            and any(c.lower_ == "the" for c in tok.children)
            and not any(c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN" for c in tok.children)
        ):
            ref = "@state"  # "the regime has shipped…", "the country received…"
        if (
            ref is None
            and tok.lemma_.lower() in self.lex.words.institution_nouns
            and any(c.lower_ == "the" for c in tok.children)
            and not any(c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN" for c in tok.children)
        ):
            ref = "@source"  # "the Army still plans to reach 100,000 rounds a month, Ryder said"
        if ref is None and any(c.dep_ == "amod" and c.lower_ in self.lex.words.home_adjectives for c in tok.children):
            ref = "@source"  # "domestic workshops were producing 2,000 drones a month": the speaker's own state
        if (
            ref is None
            and tok.lemma_.lower() in self.lex.words.own_forces_nouns
            and not any(c.dep_ == "nummod" for c in tok.children)  # "the first 10 units arrived": counted materiel
            and not any(
                c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and c.pos_ == "PROPN") for c in tok.children
            )
        ):
            ref = "@source"  # "Units of the Defence Forces received 180,000 drones": the document's own forces
        if ref is None:
            poss = [c for c in tok.children if c.dep_ == "poss" and c.lower_ in self.lex.words.pronoun_references]
            ref = self.lex.words.pronoun_references.get(poss[0].lower_) if poss else None
            body = [
                c
                for c in tok.children
                if c.dep_ == "poss"
                and c.lemma_.lower() in self.lex.words.company_words
                and any(d.lower_ == "the" for d in c.children)
            ]
            if ref is None and body:
                return "@company"  # "the company's production lines can turn out…"
            if ref is not None and tok.lemma_.lower() not in self.lex.words.actor_nouns:
                ref = None
            if ref == "@it" and tok.lemma_.lower() in self.lex.words.site_nouns:
                ref = "@company"  # "Its Patriot line is due to reach…" after "Lockheed Martin is thought to make…"
        return ref

    def _actor_mention(self, tok: Token, actors: list[Span], exclude: set[int]) -> Span | None:
        for a in actors:
            if a.start <= tok.i < a.end and tok.i not in exclude:
                return a
        lo, hi = tok.left_edge.i, tok.right_edge.i
        for child in tok.rights:  # not inside a relative clause on the noun ("the bill that approved aid for Ukraine")
            if child.dep_ in ("relcl", "acl"):
                hi = min(hi, child.left_edge.i - 1)
        inside = [a for a in actors if lo <= a.start and a.end - 1 <= hi and a.start not in exclude]
        # prefer a named actor over a demonym ("the Norwegian-Finnish maker Nammo"), then the one closest to
        # the head ("the North Korean regime", "Russia's army")
        if inside:
            named = [a for a in inside if not self._is_demonym(a)] or inside
            if tok.lemma_.lower() in self.lex.words.body_nouns:
                # "Rheinmetall's new plant in Unterlüß": the plant's owner, not the place it stands in
                named = [a for a in named if a.label_.islower() and a.label_ != "ANAPHOR"] or named
            return min(named, key=lambda a: abs(a.root.i - tok.i))
        return None

    @staticmethod
    def _under_prep(tok: Token, top: Token, preps: Collection[str]) -> bool:
        """Whether `tok` hangs from `top` through one of `preps` ("shells with Rheinmetall": Rheinmetall under
        "shells" through "with")."""
        node = tok
        while node.i != top.i and node.head.i != node.i:
            if node.dep_ == "prep" and node.lower_ in preps:
                return True
            node = node.head
        return False

    def deal_roles(
        self, trig: Token, actors: list[Span], exclude: set[int], anchor: Token | None = None
    ) -> tuple[ActorRef | None, ActorRef | None]:
        """Supplier and recipient of a contract, order or deal: the company party supplies; between states the
        one that signs, orders or awards buys from the one it deals "with"; "for Ukraine" names the end user
        (SCHEMA rule 18)."""
        w = self.lex.words
        verb = trig if trig.pos_ == "VERB" else (self._governing_verb(trig) or trig)
        if verb.dep_ == "dobj" or (verb.pos_ != "VERB" and verb.head.pos_ == "VERB"):
            verb = verb.head  # "announced the signature of a contract"
        subj = self.subject_of(verb)
        signer = self._actor_in(subj, actors, set()) if subj is not None else None  # "KNDS France announced…"
        counterparts: list[Span] = []
        end_user = seller = None
        # "ordered 180 K2 tanks from Hyundai Rotem, 212 K9 howitzers from Hanwha Aerospace": each item's own seller
        for node in (anchor, anchor.head) if anchor is not None else ():
            for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in w.origin_prepositions):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    seller = seller or self._actor_mention(pobj, actors, exclude)
        if anchor is not None:
            # "contracts for 155 mm shells with Rheinmetall", "up to 672 K9 howitzers with Hanwha Aerospace": the
            # item's own counterpart
            for prep in (c for c in anchor.children if c.dep_ == "prep" and c.lower_ in w.counterpart_prepositions):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    found = self._actor_mention(pobj, actors, exclude)
                    if found is not None and found.label_ != "ANAPHOR":
                        seller = seller or found
        for node in (trig, verb, *trig.children):
            for prep in (c for c in node.children if c.dep_ == "prep"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    found = self._actor_mention(pobj, actors, exclude)
                    if found is None:
                        continue
                    if prep.lower_ in w.counterpart_prepositions:
                        counterparts.append(found)
                    elif prep.lower_ in w.origin_prepositions and seller is None:
                        seller = found  # "ordered 75 F-35I aircraft from the United States"
                    elif (
                        prep.lower_ in w.destination_prepositions | {"for"}
                        and end_user is None
                        # not "for 155 mm shells with Rheinmetall": the item's own counterpart is no end user
                        and not self._under_prep(found.root, pobj, w.counterpart_prepositions | w.origin_prepositions)
                    ):
                        end_user = found
        awardee = next(
            (
                self._actor_mention(c, actors, exclude)
                for c in verb.children
                if c.dep_ in ("dative", "iobj", "dobj")
                and verb.lemma_.lower() in w.awarding_verbs
                and self._actor_mention(c, actors, exclude) is not None
            ),
            None,
        )
        if awardee is not None:
            return awardee, end_user or (signer if isinstance(signer, Span) else None)
        if verb.lemma_.lower() in w.awarding_verbs:
            # "Lockheed Martin Corp., Grand Prairie, Texas, was awarded a $215 million contract for … rockets": the
            # company awarded supplies; the one awarding ("by the Army") or the end user ("for Ukraine") receives
            awarded = next(
                (
                    found
                    for c in verb.children
                    if c.dep_ == "nsubjpass" and (found := self._actor_mention(c, actors, exclude)) is not None
                ),
                None,
            )
            if awarded is not None:
                agent = next(
                    (
                        found
                        for c in verb.children
                        if c.dep_ == "agent"
                        for p in c.children
                        if p.dep_ == "pobj" and (found := self._actor_mention(p, actors, exclude)) is not None
                    ),
                    None,
                )
                return awarded, end_user or agent
        # "signed with Hyundai Rotem for 180 K2 tanks, and with Hanwha Aerospace for 212 K9 howitzers": the party
        # named last before the item
        before = [c for c in counterparts if anchor is not None and c.start < anchor.i]
        other: Span | None = (
            max(before, key=lambda c: c.start) if before else (counterparts[0] if counterparts else None)
        )
        if seller is not None:
            other = seller
        signer_span = signer if isinstance(signer, Span) else None
        signer_ref = signer if signer == "@source" else None  # "we ordered…": the speaker's state
        supplier: Span | None
        recipient: ActorRef | None
        if signer_span is not None and signer_span.label_.islower():
            supplier, recipient = signer_span, other  # "KNDS France signed a contract with Armenia"
        elif other is not None and other.label_.islower():
            supplier, recipient = other, signer_span or signer_ref  # "Poland signed with Hyundai Rotem"
        else:
            supplier, recipient = other, signer_span or signer_ref  # "Armenia signed contracts with India"
        return supplier, end_user if end_user is not None and end_user is not supplier else recipient

    def transfer_roles(
        self, trig: Token, frame: str, anchor: Token, path: list[Token], actors: list[Span], exclude: set[int]
    ) -> tuple[ActorRef | None, ActorRef | None]:
        if frame == "deal":
            return self.deal_roles(trig, actors, exclude, anchor)
        deal = self._enclosing_deal(trig)
        if frame == "noun" and deal is not None:
            return self.deal_roles(deal, actors, exclude, anchor)  # "a contract with Armenia for the supply of…"
        supplier: ActorRef | None = None
        recipient: ActorRef | None = None
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.children)
        subj = self.subject_of(trig)
        subj_actor = self._actor_in(subj, actors, set()) if subj is not None and subj.i != anchor.i else None
        if frame == "noun" and trig.dep_ == "dobj" and trig.head.lemma_.lower() in self.lex.words.delivery_taking_verbs:
            recipient = self._actor_in(self.subject_of(trig.head), actors, set())  # "Kyiv took delivery of…"
            subj_actor = None
        elif (
            frame == "noun"
            and not passive
            # "concerned about Iran's provision of drones" (not "has become Armenia's largest supplier")
            and not (
                any(c.dep_ == "poss" for c in trig.children) and trig.lemma_.lower() not in self.lex.words.agent_nouns
            )
            and (governor := self._governing_verb(trig)) is not None
            and not any(f == "receive" for _, f in (governor._.triggers or []))
        ):
            # "North Korea has completed an arms delivery to Wagner", "EU leaders agreed to a €50bn package";
            # "the Government announced the purchase of 200 Senators from Roshel": the buyer receives
            head_subj = self.subject_of(governor)
            found = self._actor_in(head_subj, actors, set()) if head_subj is not None else None
            if found is not None and trig.lemma_.lower() in self.lex.words.receiving_nouns:
                recipient = found
            elif found is not None:
                supplier = found
        if frame == "give" and not passive:
            supplier = subj_actor
        elif frame == "receive":
            recipient = subj_actor
            supplier = supplier or self._deal_counterpart(
                trig, actors, exclude
            )  # "an agreement with France to procure"
        elif frame == "move" and subj_actor is not None and not passive:
            supplier = subj_actor
        elif (
            frame == "give"
            and passive
            and subj_actor is not None
            and subj is not None
            and any(c.lower_ == "with" for c in trig.children)
        ):
            recipient = subj_actor  # "Russia was supplied with shells"
        path_ids = {t.i for t in path}
        cands: list[tuple[int, str, Span]] = []
        for a in actors:
            if a.start in exclude:
                continue
            if isinstance(subj_actor, Span) and a.start == subj_actor.start:
                continue
            root = a.root
            if root.i in exclude:
                continue
            chain = [root]
            node = root
            ok = False
            while node.head.i != node.i and len(chain) < 14:
                node = node.head
                chain.append(node)
                if node.i == trig.i:
                    ok = True
                    break
            if not ok:
                continue
            crossed = [
                t
                for t in chain[1:-1]
                if t.pos_ == "VERB"
                and t.lemma_.lower() not in self.lex.words.content_verbs
                and not t._.triggers
                and t.lemma_.lower() not in self.lex.words.purpose_verbs
            ]
            purpose = [t for t in chain[1:-1] if t.pos_ == "VERB" and t.lemma_.lower() in self.lex.words.purpose_verbs]
            if crossed:
                continue
            preps = [t.lower_ for t in chain[1:-1] if t.dep_ in ("prep", "agent")]
            under = chain[-2] if len(chain) >= 2 else root
            role = None
            if (
                purpose
                and frame in ("give", "move", "noun")
                and (not preps or preps[0] not in self.lex.words.battle_prepositions)
            ):
                role = "recipient"  # "…troops to help Russia", "sent to fight for Moscow", "alongside Russia'
            elif preps:
                p = preps[0]
                if p in self.lex.words.supplier_prepositions or (p == "by" and under.dep_ == "agent"):
                    role = "supplier"
                elif p in self.lex.words.recipient_prepositions or (
                    p in self.lex.words.location_prepositions and trig.lemma_.lower() in self.lex.words.arrival_verbs
                ):
                    role = "recipient"
            elif under.dep_ == "agent":
                role = "supplier"
            elif root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.i in path_ids:
                if frame == "noun" or (self._is_demonym(a) and a.label_ != "ANAPHOR"):
                    receiving = trig.lemma_.lower() in self.lex.words.receiving_nouns and frame == "noun"
                    role = "recipient" if receiving else "supplier"
                elif frame == "give":
                    role = "recipient"
            elif under.dep_ in ("dative", "iobj"):
                role = "recipient"
            elif under.dep_ == "dobj":
                if frame == "give" or (frame == "move" and trig.lemma_.lower() in self.lex.words.arrival_verbs):
                    role = "recipient"  # "shells reached Ukraine"
                elif frame == "move":
                    role = "supplier"  # "containers leaving North Korea"
            elif under.dep_ in ("nsubjpass",) and frame == "give":
                role = "recipient"
            elif under.dep_ in ("poss", "compound", "amod", "nmod") and frame == "noun":
                role = "recipient" if trig.lemma_.lower() in self.lex.words.receiving_nouns else "supplier"
            if role:
                cands.append((len(chain), role, a))
        # nearest first; a nationality yields to a name one step further ("from the German company KNDS Deutschland")
        cands.sort(key=lambda c: c[0] + (1.5 if self._is_demonym(c[2]) else 0))
        for _, role, a in cands:
            if role == "supplier" and supplier is None:
                supplier = a
            elif role == "recipient" and recipient is None:
                recipient = a
        if supplier is None and frame in ("give", "move") and not passive and subj is None:
            # "since the autumn of 2023 North Korea handed over…" parsed with the state inside the date phrase: the
            # actor standing just before the verb (auxiliaries and adverbs aside) gives
            k = trig.i - 1
            while k >= 0 and trig.doc[k].pos_ in ("AUX", "ADV", "PART"):
                k -= 1
            supplier = next(
                (a for a in actors if a.end - 1 == k and a.label_ != "ANAPHOR" and a.start not in exclude), None
            )
        if frame != "deal" and (supplier is None or (isinstance(supplier, Span) and self._is_demonym(supplier))):
            # "the 80 French Rafale F4 aircraft contracted with Dassault Aviation": the seller named, not its nation
            supplier = self._contracted_with(anchor, actors, exclude) or supplier
        if recipient is None and frame == "receive" and subj_actor is None:
            # "In Abu Dhabi, the preparations continue for receiving the 80 Rafale": the state the sentence opens in
            recipient = next(
                (
                    a
                    for a in actors
                    if 0 < a.start <= 2
                    and a.doc[a.start - 1].lower_ == "in"
                    and a.label_.isupper()
                    and a.start not in exclude
                ),
                None,
            )
        if isinstance(supplier, Span) and self._joint(supplier, actors):
            supplier = None  # "Denmark and the Netherlands will supply…": partners whose shares are not given
        if frame == "give" and anchor.dep_ == "conj":
            # "supplied drones to Russia and ballistic missiles to the Houthis": each item its own recipient
            own = [
                a
                for a in actors
                if a.start > anchor.i
                and a.root.dep_ == "pobj"
                and a.root.head.lower_ in self.lex.words.destination_prepositions
                and a.start - anchor.i <= 4
            ]
            if own:
                recipient = own[0]
        if recipient is None and frame == "give":
            for child in trig.children:
                if (
                    child.dep_ in ("dative", "dobj")
                    and child.lower_ in self.lex.words.object_pronouns
                    and child.i != anchor.i
                ):
                    recipient = self.lex.words.pronoun_references[child.lower_]
        # a parse that attached "to Ukraine" / "from Iran" elsewhere: take the one unambiguous phrase
        taken = {x.start for x in (supplier, recipient) if isinstance(x, Span)}
        for role, role_preps in (
            ("recipient", self.lex.words.destination_prepositions),
            ("supplier", self.lex.words.origin_prepositions),
        ):
            if (recipient if role == "recipient" else supplier) is not None:
                continue
            lone = [
                a
                for a in actors
                if a.start not in taken
                and a.start not in exclude
                and a.root.dep_ == "pobj"
                and a.root.head.lower_ in role_preps
                and a.label_ != "ANAPHOR"
                # "in response to a request from the Ukrainian Government": who asked, not who supplies
                and a.root.head.head.lemma_.lower() not in self.lex.status.request
                and not any(
                    t.pos_ == "VERB" and t.i != trig.i and not _adjectival(t)
                    for t in a.root.head.ancestors
                    if t.i in range(min(trig.i, a.start), max(trig.i, a.start))
                )
            ]
            if len(lone) == 1 and lone[0].start > trig.i:
                if role == "recipient":
                    recipient = lone[0]
                else:
                    supplier = lone[0]
        if (
            recipient is None
            and isinstance(supplier, Span)
            and (subj_actor is None or (isinstance(subj_actor, Span) and subj_actor.start == supplier.start))
            and supplier.root.dep_ == "pobj"
            and supplier.root.head.lower_ in self.lex.words.origin_prepositions
            and (frame == "receive" or trig.lemma_.lower() in self.lex.words.arrival_verbs)
        ):
            # "18 HIMARS launchers from the United States arrived", "the tanks purchased from the United States": the
            # speaker's own state received them (resolved by the document stage; nobody when that is the supplier)
            recipient = "@source"
        return supplier, recipient

    def _contracted_with(self, anchor: Token, actors: list[Span], exclude: set[int]) -> Span | None:
        """The seller a participle on the item names: "all 36 F-15QA aircraft contracted with the United States",
        "the Rafale ordered from Dassault Aviation"."""
        w = self.lex.words
        while anchor.dep_ in ("compound", "amod", "nmod") and anchor.head.i != anchor.i:
            anchor = anchor.head  # "Rafale" in "the 80 French Rafale F4 aircraft contracted with …"
        for child in anchor.children:
            if child.dep_ not in ("acl", "relcl") or not any(
                f in ("deal", "receive") for _, f in child._.triggers or []
            ):
                continue
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in w.counterpart_prepositions | w.origin_prepositions:
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        found = self._actor_mention(pobj, actors, exclude)
                        if (
                            found is not None
                            and found.label_ != "ANAPHOR"
                            # the phrase's own head, not "for Ukraine" further down ("from Finnish industry for …")
                            and (found.root.i == pobj.i or found.root.head.i == pobj.i)
                        ):
                            return found
        return None

    def _deal_counterpart(self, trig: Token, actors: list[Span], exclude: set[int]) -> Span | None:
        """The party a buyer deals "with" when its purchase verb completes a deal ("India signed an agreement with
        France to procure 26 Rafale"): the seller."""
        w = self.lex.words
        if trig.dep_ not in ("xcomp", "acl", "advcl", "relcl") or trig.head.i == trig.i:
            return None
        deal = trig.head
        holders = (
            [deal, deal.head]
            if deal.dep_ in ("dobj", "pobj")
            else [deal, *(c for c in deal.children if c.dep_ == "dobj")]
        )
        if not any(any(f == "deal" for _, f in (h._.triggers or [])) for h in holders):
            return None
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in w.counterpart_prepositions:
                    for obj in prep.children:
                        found = self._actor_mention(obj, actors, exclude)
                        if found is not None and found.label_ != "ANAPHOR":
                            return found
        return None

    @staticmethod
    def _enclosing_deal(trig: Token) -> Token | None:
        """The contract or deal a transfer noun is the object of ("a contract … for the supply of 36 guns")."""
        node = trig
        for _ in range(3):
            if node.head.i == node.i:
                return None
            node = node.head
            if any(f == "deal" for _, f in (node._.triggers or [])):
                return node
        return None

    @staticmethod
    def _joint(span: Span, actors: list[Span]) -> bool:
        """Whether an actor is coordinated with another actor ("Latvia and the United Kingdom"): a joint
        supplier whose shares are not given is no supplier (SCHEMA rule 12)."""
        root = span.root
        others = [a for a in actors if a.start != span.start and a.label_ != span.label_]
        linked = {c.i for c in root.children if c.dep_ == "conj"} | ({root.head.i} if root.dep_ == "conj" else set())
        for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "with"):  # "together with"
            linked |= {t.i for t in prep.subtree}
        return any(a.root.i in linked for a in others)

    def actor_role(
        self, trig: Token, anchor: Token, path: list[Token], actors: list[Span], exclude: set[int]
    ) -> ActorRef | None:
        for child in trig.children:  # "14,600 fired by Ukraine": the agent of a passive acts
            if child.dep_ == "agent":
                for p in child.children:
                    a = self._actor_in(p, actors, set())
                    if a is not None:
                        return a
        subj = self.subject_of(trig)
        if subj is not None and subj.dep_ == "nsubjpass" and trig.lemma_.lower() in self.lex.words.target_verbs:
            subj = None  # "Kyiv was attacked by 50 drones": the target, not who fired them
        path_ids = {t.i for t in path}
        if subj is not None and subj.i not in path_ids:
            a = self._actor_in(subj, actors, set()) or self.company_named(subj, actors)
            if a is not None:
                return a
        if trig.dep_ == "acl":
            a = self._actor_in(trig.head, actors, set())  # "the enemy used against Ukraine 2,100 drones", misparsed
            if a is not None:
                return a
        for child in trig.children:  # "Russia's production", "US output", "production in Russia"
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                a = self._actor_in(child, actors, exclude)
                if a is not None:
                    return a
            if child.dep_ in ("prep", "agent") and child.lower_ in self.lex.words.actor_prepositions:
                for p in child.children:
                    a = self._actor_in(p, actors, exclude)
                    if a is not None:
                        return a
        # the trigger noun heads a phrase: "Russian factories produce" handled above; "output of Russia's plants"
        if trig.lemma_.lower() in self.lex.words.target_verbs and any(c.dep_ == "nsubjpass" for c in trig.children):
            return None  # "Kyiv was attacked by 50 drones": who attacked is not said
        return self._actor_before_verbs(trig, actors, exclude) or self._builder_of(trig, actors)

    def company_named(self, tok: Token, actors: list[Span]) -> str | None:
        """A company the lexicon does not know, as the slug of its name (SCHEMA rule 12): a proper name that ends
        in a word of company names ("Nexter Arrowtech" is not; "BrahMos Aerospace", "the Sverdlov plant",
        "Ardenne Defence" are), or one set beside a company noun ("the company Vyriy", "Nexter Arrowtech, the
        French shell maker"). None for states, people and anything else."""
        if any(a.start <= tok.i < a.end for a in actors):
            return None
        words = self.lex.words
        run = [t for t in tok.subtree if t.i <= tok.i and (t.pos_ == "PROPN" or t.i == tok.i)]
        while run and run[0].i != run[-1].i - len(run) + 1:
            run = run[1:]  # the contiguous name ending in the head
        if not run or not all(t.text[:1].isupper() or t.i == tok.i for t in run):
            return None
        named_firm = run[-1].lower_ in words.company_name_words and len(run) >= 2
        if not named_firm and any(t.ent_type_ in ("PERSON", "GPE", "NORP") for t in run):
            return None  # "the Sverdlov plant" is a plant, whatever the recogniser makes of "Sverdlov"
        beside = any(
            (c.dep_ == "appos" and c.lemma_.lower() in words.company_words)
            or (c.dep_ == "compound" and c.i < run[0].i and c.lemma_.lower() in words.company_words)
            for c in tok.children
        ) or (tok.dep_ == "appos" and tok.head.lemma_.lower() in words.company_words)
        if not (named_firm or (beside and tok.pos_ == "PROPN")):
            return None
        slug = actor_slug(" ".join(t.text for t in run))
        return slug or None

    def _actor_before_verbs(self, trig: Token, actors: list[Span], exclude: set[int]) -> Span | None:
        """ "Diehl Defence plans to raise the production…" parsed with "Diehl" as a verb: the actor standing just
        before the trigger or a verb it is the complement of."""
        node: Token | None = trig
        for _ in range(3):
            if node is None or node.pos_ not in ("VERB", "AUX"):
                return None
            k = node.i - 1
            while k >= 0 and node.doc[k].pos_ in ("AUX", "ADV", "PART"):
                k -= 1
            found = next(
                (a for a in actors if a.end - 1 == k and a.label_ != "ANAPHOR" and a.start not in exclude), None
            )
            if found is not None:
                return found
            node = node.head if node.dep_ in ("xcomp", "ccomp") and node.head.i != node.i else None
        return None

    def _builder_of(self, trig: Token, actors: list[Span]) -> ActorRef | None:
        """ "Rheinmetall builds a new ammunition plant, which shall be able to produce…": the plant's builder or
        owner produces."""
        node = trig
        for _ in range(4):
            if node.dep_ == "relcl":
                plant = node.head
                if plant.lemma_.lower() in self.lex.words.body_nouns and plant.dep_ == "dobj":
                    owner = self.subject_of(plant.head)
                    return self._actor_in(owner, actors, set()) if owner is not None else None
                return None
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    @staticmethod
    def _governing_verb(noun: Token) -> Token | None:
        """The verb whose object a noun is: "completed [a delivery]", "agreed to [a package]"."""
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ == "VERB":
            return noun.head
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
            return noun.head.head
        return None

    def _origin(self, item_span: Span, actors: list[Span], frame: str = "give") -> Span | None:
        """A demonym on the item itself ("North Korean shells") names where it comes from; so does any state
        modifying it when the verb only moves or receives it ("U.S. interceptors began arriving")."""
        for a in actors:
            if (
                frame in ("move", "receive")
                and a.root.head.i == item_span.root.i
                and a.root.dep_ in ("compound", "amod", "nmod")
                and a.label_ != "ANAPHOR"
            ):
                return a
            if a.end <= item_span.start and item_span.start - a.end <= 2 and self._is_demonym(a):
                return a
            if a.root.head.i == item_span.root.i and a.root.dep_ in ("amod", "compound") and self._is_demonym(a):
                return a
        return None

    @staticmethod
    def _seller_of_item(item_span: Span, actors: list[Span]) -> Span | None:
        """The party an item comes "from" in a phrase without a verb of its own: "200 K9 howitzers from Hanwha
        Aerospace", "100 K9 Vajra-T, ordered from Larsen & Toubro"."""
        item = item_span.root
        for a in actors:
            prep = a.root.head
            if a.label_ == "ANAPHOR" or a.root.dep_ != "pobj" or prep.lower_ != "from":
                continue
            governor = prep.head.head if prep.head.dep_ == "acl" else prep.head
            if governor.i == item.i or any(t.i == item.i for t in governor.subtree):
                return a  # the item's own phrase ("18 FA-50 Block 20 from KAI" parses "Block" as its head)
        return None

    def _is_demonym(self, a: Span) -> bool:
        """ "North Korean", "Iranian": an adjective of nationality (not "North Korea")."""
        if a.label_.islower():
            return False  # a company or group ("Nammo") is never a nationality
        return (
            a.text in self.lex.demonyms
            or a.root.ent_type_ == "NORP"
            or a.root.tag_ == "JJ"
            or (a.text.endswith(("ean", "ian", "ese", "ish")) and a.text[:1].isupper())
        )

    @staticmethod
    def _code(span: Span | str | None) -> str | None:
        if span is None or isinstance(span, str):
            return span
        if span.label_ == "ANAPHOR":
            return f"@{span.text}"
        return span.label_


def _adjectival(t: Token) -> bool:
    """A participle the parser took for a verb inside a noun phrase: "120 Bushmaster protected mobility vehicles"."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return (
        t.tag_ == "VBN"
        and nxt is not None
        and nxt.pos_ in ("NOUN", "PROPN", "ADJ")
        and not any(c.dep_ in ("aux", "auxpass") for c in t.children)
    )
