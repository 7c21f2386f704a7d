"""armsledger_claims_v1: assemble a sentence's claims from the tagged pieces.

Every quantity that counts an item or a unit, and every item mention without one, is tied to
the trigger that governs it in the dependency parse; the trigger's frame gives the kind and
who supplies, receives or acts; status, polarity, hedges, source and deadline come from the
cues in the trigger's scope. The result is `doc._.claims`: dicts with token indices that the
document stage turns into SCHEMA claims (resolving "the isolated nation", "he", dates)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from armsledger.extract.components.items import item_for_caliber
from armsledger.extract.reference import lexicon

CONTENT_VERBS = {"hold", "carry", "contain", "pack", "fill", "load", "include", "comprise", "full", "laden",
                 "enough", "cram", "stuff", "consist", "equal", "amount", "total", "represent", "number"}
UP_ALWAYS = {"dobj", "nsubjpass", "nsubj", "attr", "oprd", "conj", "appos", "compound", "nmod", "dative",
             "quantmod", "nummod", "amod", "acomp", "npadvmod", "pcomp", "det", "poss", "advmod", "case", "cc"}
PREP_OK = {"of", "with", "including", "like", "among", "as", "worth", "in", "such", "from", "plus", "along", "to", "at",
           "between", "around", "about", "over", "under", "nearly", "some", "upwards", "roughly"}
FROM_PREPS = {"from", "out", "by", "via"}
TO_PREPS = {"to", "for", "into", "toward", "towards", "onto"}
RECEIVING_NOUNS = {"import", "purchase", "acquisition", "receipt", "procurement"}
ARRIVAL_VERBS = {"arrive", "land", "reach", "dock", "unload"}
MUNITIONS = {"artillery_shell", "mortar_round", "rocket", "ballistic_missile", "cruise_missile", "air_defense_missile",
             "anti_tank_missile", "small_arms_ammunition", "bomb", "ammunition"}
SCOPE_CHILD_DEPS = {"advmod", "aux", "auxpass", "acomp", "neg", "npadvmod", "advcl", "prep", "amod", "xcomp", "ccomp"}
LEVEL_VERBS = {"reach", "total", "stand", "hit", "amount", "climb", "rise", "grow", "exceed", "number", "top",
               "run", "be", "increase", "double", "triple", "surpass", "jump", "remain", "come", "sit", "weigh"}
PRONOUN_REFS = {"it": "@it", "its": "@it", "they": "@they", "their": "@they", "them": "@they", "we": "@source",
                "our": "@source", "ours": "@source", "us": "@source", "his": "@source", "her": "@source"}
BODY_NOUNS = {"company", "group", "firm", "factory", "plant", "maker", "manufacturer", "producer", "country",
              "militia", "movement", "organisation", "organization", "regime", "government"}
# nouns for the people and bodies of a state: "their forces", "our plants", "his troops"
ACTOR_NOUNS = {"force", "troop", "army", "military", "gunner", "unit", "crew", "plant", "factory", "industry",
               "government", "country", "soldier", "battery", "artillery", "navy", "air force", "defence", "defense",
               "depot", "arsenal", "stock", "stockpile", "production", "output", "capacity", "partner", "ally"}
ESTIMATE_VERBS = {"put", "place", "peg", "estimate", "set", "assess", "reckon", "calculate"}
# purpose clauses a recipient may hang off: "sent to fight for Moscow", "to help Russia"
PURPOSE_VERBS = {"fight", "help", "support", "aid", "assist", "serve", "bolster", "reinforce", "back"}
# "he raised the figure to 6,700 containers", "estimates the annual total at 4.5 million": an update of the
# flow the document is about
FIGURE_NOUNS = {"figure", "count", "total", "tally", "number", "estimate", "tab"}
SHARE_NOUNS = {"fraction", "share", "portion", "percent", "percentage", "proportion", "half", "third", "quarter",
               "majority", "minority", "bulk", "most", "some", "many", "part", "none", "few", "all"}
QUALITY_NEGATED = {"work", "function", "explode", "detonate", "fire"}


def _ancestors_until(tok: Token, stop_at: set[int] | None = None) -> list[Token]:
    out = []
    node = tok
    while node.head.i != node.i:
        node = node.head
        out.append(node)
    return out


class ClaimAssembler:
    def __init__(self, nlp: Language) -> None:
        self.lex = lexicon()

    # ---- finding the trigger -------------------------------------------------------------------
    def _is_trigger(self, tok: Token, speaker_tokens: set[int]) -> bool:
        if not tok._.triggers or tok.i in speaker_tokens:
            return False
        # "containers holding shells": a content verb modifying a noun is not a stockpile claim
        if tok.lemma_.lower() in CONTENT_VERBS and tok.dep_ in ("acl", "relcl", "amod") and not any(
                c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in tok.children):
            return False  # "containers holding shells" (but "…that Hamas held 15,000 rockets" is a stockpile)
        if tok.lemma_.lower() in CONTENT_VERBS and tok.dep_ in ("xcomp", "advcl") and tok.head.pos_ == "ADJ":
            return False  # "enough to hold"
        return True

    def find_trigger(self, anchor: Token, speaker_tokens: set[int]) -> tuple[Token | None, list[Token]]:
        """Walk up from the counted noun to the trigger that governs it; return it and the path."""
        if self._is_trigger(anchor, speaker_tokens) and anchor.pos_ == "VERB":
            return anchor, [anchor]  # a verb that names its own materiel ("arming")
        path = [anchor]
        node = anchor
        for child in anchor.children:  # "shells sent to Russia" (a participle right after the noun)
            if child.dep_ == "acl" and self._is_trigger(child, speaker_tokens) and child.i > anchor.i \
                    and child.tag_ == "VBN" and any(f in ("give", "receive") for _, f in child._.triggers):
                return child, path
        while node.head.i != node.i:
            dep = node.dep_
            head = node.head
            if dep == "pobj":
                if head.lower_ not in PREP_OK:
                    return self._fallback(path, speaker_tokens)
            elif dep == "prep":
                if node.lower_ not in PREP_OK and not node.like_num:
                    return self._fallback(path, speaker_tokens)
            elif dep in ("acl", "relcl", "xcomp", "advcl", "ccomp") and node.i == anchor.i and node.pos_ == "VERB":
                pass  # the tagger read the item noun as a verb ("mortar rounds a month"): keep climbing
            elif dep in ("acl", "relcl", "xcomp", "advcl"):
                if node.lemma_.lower() not in CONTENT_VERBS and not (dep == "xcomp" and head.pos_ == "ADJ"):
                    return self._fallback(path, speaker_tokens)
            elif dep not in UP_ALWAYS:
                return self._fallback(path, speaker_tokens)
            node = head
            path.append(node)
            if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in LEVEL_VERBS:
                subj = self.subject_of(node)  # "deliveries had reached 524,000", "output stands at 40,000"
                if subj is not None and self._is_trigger(subj, speaker_tokens) and subj.pos_ in ("NOUN", "PROPN"):
                    return subj, path + [subj]
            if self._is_trigger(node, speaker_tokens):
                return node, path
            if node.pos_ == "VERB" and node.lemma_.lower() in ESTIMATE_VERBS:
                # "put Russian fire at 44,500 shells a day and Ukrainian fire at 14,600": the nearest one before
                objs = [c for c in node.subtree if c.dep_ in ("dobj", "conj") and c.i < anchor.i and c.pos_ == "NOUN"
                        and self._is_trigger(c, speaker_tokens) and c.head.i in (node.i, *[x.i for x in node.children])]
                if objs:
                    return objs[-1], path + [objs[-1]]
            if node.lemma_.lower() in self.lex.speech_verbs and node.i not in speaker_tokens \
                    and node.pos_ == "VERB" and node.lemma_.lower() not in CONTENT_VERBS:
                return self._fallback(path, speaker_tokens)
        return self._fallback(path, speaker_tokens)

    def _fallback(self, path: list[Token], speaker_tokens: set[int]) -> tuple[Token | None, list[Token]]:
        """No trigger above: a relative clause on the noun ("the shells North Korea supplied"), a movement
        verb hanging off a verb on the path ("spotted leaving"), or the noun itself ("a $400m package")."""
        anchor = path[0]
        found = self._fallback_clause(path, speaker_tokens)
        if found[0] is None and self._is_trigger(anchor, speaker_tokens) and anchor.pos_ in ("NOUN", "PROPN") \
                and any(c.dep_ in ("nummod", "quantmod", "compound") and (c.like_num or c.text in "$€")
                        for c in anchor.subtree):
            return anchor, path
        return found

    def _fallback_clause(self, path: list[Token], speaker_tokens: set[int]) -> tuple[Token | None, list[Token]]:
        anchor = path[0]
        for child in anchor.children:
            if child.dep_ in ("relcl", "acl") and self._is_trigger(child, speaker_tokens) and child.i > anchor.i:
                return child, path
            if child.dep_ == "amod" and child.tag_ == "VBG" and self._is_trigger(child, speaker_tokens):
                return child, path  # "denied supplying weapons" parsed as an adjective
        for node in path:
            if node.pos_ not in ("VERB", "AUX"):
                continue
            for child in node.children:
                if child.dep_ in ("xcomp", "advcl", "acl") and self._is_trigger(child, speaker_tokens):
                    if any(k == "transfer" for k, _ in child._.triggers):
                        return child, path
        return None, path

    # ---- frames --------------------------------------------------------------------------------
    def subject_of(self, trig: Token) -> Token | None:
        """The trigger's subject, inherited through control, coordination and nominal heads."""
        node = trig
        for step in range(8):
            deps = ("nsubj", "csubj") if step == 0 else ("nsubj", "csubj", "nsubjpass")
            subj = [c for c in node.children if c.dep_ in deps]
            if subj:
                # "The Norwegian-Finnish ammunition maker Nammo plans…" parsed with two subjects: the name
                s = next((c for c in subj if c.pos_ == "PROPN"), subj[0]) if len(subj) > 1 else subj[0]
                if s.lower_ in ("which", "that", "who") and node.dep_ == "relcl":
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
            if node.dep_ in ("xcomp", "conj", "pcomp", "prep", "pobj", "dobj", "advcl", "ccomp", "acl", "attr",
                             "acomp") and node.head.i != node.i:
                if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN") and node.i != trig.i:
                    return None
                if node.dep_ == "ccomp" and node.head.lemma_.lower() in self.lex.speech_verbs and \
                        node.head.lemma_.lower() not in ("deny", "reject", "dismiss", "refute", "confirm"):
                    return None
                node = node.head
                continue
            return None
        return None

    def _actor_spans(self, doc: Doc) -> list[Span]:
        return list(doc.spans.get("actors", []))

    def _actor_in(self, tok: Token | None, actors: list[Span], exclude: set[int]) -> Span | str | None:
        """The actor mention heading or inside the phrase of `tok`; a pronoun gives a reference that the
        document stage resolves ("@it", "@they", "@source" for we/our/his)."""
        if tok is None:
            return None
        found = self._actor_mention(tok, actors, exclude)
        if found is not None:
            return found
        ref = PRONOUN_REFS.get(tok.lower_)
        if ref is None and tok.lemma_.lower() in BODY_NOUNS and any(c.lower_ == "the" for c in tok.children) \
                and not any(c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN" for c in tok.children):
            ref = "@company"  # "the company makes…", "the factory is expected to produce…"
        if ref is None:
            poss = [c for c in tok.children if c.dep_ == "poss" and c.lower_ in PRONOUN_REFS]
            ref = PRONOUN_REFS.get(poss[0].lower_) if poss else None
            if ref is not None and tok.lemma_.lower() not in ACTOR_NOUNS:
                ref = None
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
            return min(named, key=lambda a: abs(a.root.i - tok.i))
        return None

    def transfer_roles(self, trig: Token, frame: str, anchor: Token, path: list[Token], actors: list[Span],
                       exclude: set[int]) -> tuple[Span | None, Span | None]:
        supplier = recipient = None
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.children)
        subj = self.subject_of(trig)
        subj_actor = self._actor_in(subj, actors, set()) if subj is not None and subj.i != anchor.i else None
        if frame == "noun" and trig.dep_ == "dobj" and trig.head.lemma_.lower() in ("take", "accept", "await", "get"):
            recipient = self._actor_in(self.subject_of(trig.head), actors, set())  # "Kyiv took delivery of…"
            subj_actor = None
        elif frame == "noun" and not passive and (governor := self._governing_verb(trig)) is not None and \
                not any(f == "receive" for _, f in (governor._.triggers or [])):
            # "North Korea has completed an arms delivery to Wagner", "EU leaders agreed to a €50bn package"
            head_subj = self.subject_of(governor)
            found = self._actor_in(head_subj, actors, set()) if head_subj is not None else None
            if found is not None:
                supplier = found
        if frame == "give" and not passive:
            supplier = subj_actor
        elif frame == "receive":
            recipient = subj_actor
        elif frame == "move" and subj_actor is not None and not passive:
            supplier = subj_actor
        elif frame == "give" and passive and subj_actor is not None and subj is not None and \
                any(c.lower_ == "with" for c in trig.children):
            recipient = subj_actor  # "Russia was supplied with shells"
        path_ids = {t.i for t in path}
        cands: list[tuple[int, str, Span]] = []
        for a in actors:
            if a.start in exclude or any(t.i in path_ids for t in a) and a.root.i != anchor.i and False:
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
            crossed = [t for t in chain[1:-1] if t.pos_ == "VERB" and t.lemma_.lower() not in CONTENT_VERBS
                       and not t._.triggers and t.lemma_.lower() not in PURPOSE_VERBS]
            purpose = [t for t in chain[1:-1] if t.pos_ == "VERB" and t.lemma_.lower() in PURPOSE_VERBS]
            if crossed:
                continue
            preps = [t.lower_ for t in chain[1:-1] if t.dep_ in ("prep", "agent")]
            under = chain[-2] if len(chain) >= 2 else root
            role = None
            if purpose and frame in ("give", "move", "noun"):
                role = "recipient"  # "…troops to help Russia", "sent to fight for Moscow"
            elif preps:
                p = preps[0]
                if p in FROM_PREPS or (p == "by" and under.dep_ == "agent"):
                    role = "supplier"
                elif p in TO_PREPS or (p in ("in", "at") and trig.lemma_.lower() in ARRIVAL_VERBS):
                    role = "recipient"
            elif under.dep_ == "agent":
                role = "supplier"
            elif root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.i in path_ids:
                if frame == "noun" or (self._is_demonym(a) and a.label_ != "ANAPHOR"):
                    role = "recipient" if trig.lemma_.lower() in RECEIVING_NOUNS and frame == "noun" else "supplier"
                elif frame == "give":
                    role = "recipient"
            elif under.dep_ in ("dative", "iobj"):
                role = "recipient"
            elif under.dep_ == "dobj":
                if frame == "give" or (frame == "move" and trig.lemma_.lower() in ARRIVAL_VERBS):
                    role = "recipient"  # "shells reached Ukraine"
                elif frame == "move":
                    role = "supplier"  # "containers leaving North Korea"
            elif under.dep_ in ("nsubjpass",) and frame == "give":
                role = "recipient"
            elif under.dep_ in ("poss", "compound", "amod", "nmod") and frame == "noun":
                role = "recipient" if trig.lemma_.lower() in RECEIVING_NOUNS else "supplier"
            if role:
                cands.append((len(chain), role, a))
        cands.sort(key=lambda c: c[0])
        for _, role, a in cands:
            if role == "supplier" and supplier is None:
                supplier = a
            elif role == "recipient" and recipient is None:
                recipient = a
        if frame == "give" and anchor.dep_ == "conj":
            # "supplied drones to Russia and ballistic missiles to the Houthis": each item its own recipient
            own = [a for a in actors if a.start > anchor.i and a.root.dep_ == "pobj" and a.root.head.lower_ == "to"
                   and a.start - anchor.i <= 4]
            if own:
                recipient = own[0]
        if recipient is None and frame == "give":
            for child in trig.children:
                if child.dep_ in ("dative", "dobj") and child.lower_ in ("it", "them") and child.i != anchor.i:
                    recipient = PRONOUN_REFS[child.lower_]
        # a parse that attached "to Ukraine" / "from Iran" elsewhere: take the one unambiguous phrase
        taken = {x.start for x in (supplier, recipient) if isinstance(x, Span)}
        for role, preps in (("recipient", {"to", "into", "toward", "towards"}), ("supplier", {"from"})):
            if (recipient if role == "recipient" else supplier) is not None:
                continue
            found = [a for a in actors if a.start not in taken and a.start not in exclude and a.root.dep_ == "pobj"
                     and a.root.head.lower_ in preps and a.label_ != "ANAPHOR"
                     and not any(t.pos_ == "VERB" and t.i != trig.i for t in a.root.head.ancestors
                                 if t.i in range(min(trig.i, a.start), max(trig.i, a.start)))]
            if len(found) == 1 and found[0].start > trig.i:
                if role == "recipient":
                    recipient = found[0]
                else:
                    supplier = found[0]
        return supplier, recipient

    def actor_role(self, trig: Token, anchor: Token, path: list[Token], actors: list[Span],
                   exclude: set[int]) -> Span | None:
        subj = self.subject_of(trig)
        path_ids = {t.i for t in path}
        if subj is not None and subj.i not in path_ids:
            a = self._actor_in(subj, actors, set())
            if a is not None:
                return a
        for child in trig.children:
            if child.dep_ == "agent":
                for p in child.children:
                    a = self._actor_in(p, actors, set())
                    if a is not None:
                        return a
        for child in trig.children:  # "Russia's production", "US output", "production in Russia"
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                a = self._actor_in(child, actors, exclude)
                if a is not None:
                    return a
            if child.dep_ in ("prep", "agent") and child.lower_ in ("in", "by", "at"):
                for p in child.children:
                    a = self._actor_in(p, actors, exclude)
                    if a is not None:
                        return a
        # the trigger noun heads a phrase: "Russian factories produce" handled above; "output of Russia's plants"
        return None

    # ---- cues ----------------------------------------------------------------------------------
    def scope_tokens(self, trig: Token, anchor: Token, path: list[Token], qspan: Span | None) -> set[int]:
        core = {trig.i} | {t.i for t in path}
        node = trig
        while node.head.i != node.i:
            if node.dep_ == "conj":
                break
            node = node.head
            core.add(node.i)
        if qspan is not None:
            core |= {t.i for t in qspan}
        scope = set(core)
        doc = trig.doc
        for i in list(core):
            for child in doc[i].children:
                if child.dep_ in SCOPE_CHILD_DEPS or child.i in core:
                    scope.add(child.i)
                    scope |= {g.i for g in child.children if g.dep_ in ("advmod", "aux", "neg")}
                    if child.dep_ in ("prep", "advcl", "xcomp") or child.lower_ in ("enough",):
                        scope |= {t.i for t in child.subtree if t.i < trig.i or child.dep_ != "prep" or True}
        return scope

    def status_of(self, trig: Token, path: list[Token]) -> tuple[str, bool]:
        """("actual" | "committed" | "target", is_request)."""
        doc = trig.doc
        status = "actual"
        chain = [trig]
        node = trig
        while node.head.i != node.i and node.dep_ != "conj":  # "promised X, but deliveries reached Y"
            node = node.head
            chain.append(node)
        request = False
        for k, node in enumerate(chain):
            cue = node._.status_cue
            if k > 0 and node.lemma_.lower() in self.lex.speech_verbs and cue not in ("committed", "target") \
                    and node.lemma_.lower() not in ("announce", "pledge", "promise"):
                break
            if cue in ("request", "cap") and node.pos_ in ("VERB", "NOUN", "AUX"):
                request = True
            if cue == "target" and status == "actual":
                status = "target"
            if cue == "committed" and status == "actual":
                status = "committed"
        for child in trig.children:
            if child.dep_ == "aux":
                low = child.lower_
                if low in ("will", "would", "shall", "'ll", "wo"):
                    status = "committed" if status == "actual" else status
                elif low in ("may", "might", "could"):
                    status = "target"
        # "is to be shipped", "are due to deliver", "is set to receive", "is expected to"
        left = doc[max(0, trig.i - 4):trig.i]
        words = [t.lower_ for t in left]
        for i in range(len(words) - 1):
            if words[i] in ("is", "are", "was", "were") and words[i + 1] == "to":
                status = "target"
        if trig.lemma_.lower() in ("plan", "goal", "target", "aim"):
            status = "target"
        return status, request

    def polarity_of(self, trig: Token, anchor: Token) -> str:
        for child in list(trig.children) + list(anchor.children):
            if child.dep_ == "neg" or (child.lower_ in ("no", "never") and child.dep_ in ("det", "neg", "advmod")):
                return "denied"
        for node in _ancestors_until(trig):
            lemma = node.lemma_.lower()
            if lemma in ("deny", "reject", "dismiss", "refute", "rebut", "rebuff"):
                return "denied"
            if node.pos_ == "VERB" and lemma in self.lex.speech_verbs:
                break
            if any(c.dep_ == "neg" for c in node.children) and node.pos_ in ("VERB", "AUX") and \
                    lemma not in self.lex.speech_verbs:
                return "denied"
        return "affirmed"

    # ---- main ----------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        lex = self.lex
        items = list(doc.spans.get("items", []))
        item_at = {t.i: s for s in items for t in s}
        actors = self._actor_spans(doc)
        attributions = doc._.attributions or []
        speaker_tokens = {i for a in attributions for i in range(a["speaker"][0], a["speaker"][1])}
        calibers = doc._.calibers or {}
        candidates = []
        used_items: set[int] = set()
        quantities = list(doc.spans.get("quantities", []))
        counted_items = [(q, self._span(doc, q._.quantity["counted"], q._.quantity["counted_label"]))
                         for q in quantities if q._.quantity["counted_kind"] == "item"]

        def combine(span: Span) -> str:
            codes = {span.label_}
            for s in items:
                if s.root.dep_ == "conj" and s.root.head.i in range(span.start, span.end):
                    codes.add(s.label_)
                    used_items.add(s.start)
            if len(codes) == 1:
                return span.label_
            return "ammunition" if codes <= MUNITIONS else "weapons"

        for q in quantities:
            info = q._.quantity
            kind = info["counted_kind"]
            if kind == "fraction":
                continue
            if kind == "item":
                span = self._span(doc, info["counted"], info["counted_label"])
                used_items.add(span.start)
                candidates.append((span.root, self._refine(span, calibers), q, span))
            elif kind == "unit":
                unit_span = doc[info["counted"][0]:info["counted"][1]]
                item = None
                if info["contents"]:
                    cspan = self._span(doc, info["contents"], info["contents_label"])
                    used_items.add(cspan.start)
                    item = self._refine(cspan, calibers)
                    if combine(cspan) != cspan.label_:
                        item = combine(cspan)
                elif counted_items:
                    item = self._refine(counted_items[0][1], calibers)
                else:
                    free = [s for s in items if s.start not in used_items]
                    if free:
                        item = self._refine(free[0], calibers)
                candidates.append((unit_span.root, item, q, None))
            else:  # bare number or money without a counted noun
                if info["unit"] in ("usd", "eur"):
                    before = [t for t in doc[max(0, q.start - 3):q.start] if t.lower_ in ("worth", "valued", "totalling",
                                                                                        "totaling", "costing")]
                    if before:
                        j = before[0].i - 1
                        if j in item_at:
                            ispan = item_at[j]
                            used_items.add(ispan.start)
                            candidates.append((ispan.root, self._refine(ispan, calibers), q, ispan))
                            continue
                    aid = [s for s in items if s.label_ == "military_aid"]
                    if aid:
                        used_items.add(aid[0].start)
                    item = "military_aid" if aid else None
                    if item is None:
                        continue
                    anchor = q.root
                    if q.root.head.i in item_at and item_at[q.root.head.i].label_ == "military_aid":
                        anchor = q.root.head
                    candidates.append((anchor, item, q, None))
                    continue
                left = [s for (_, s) in counted_items if s.start < q.start]
                pool = left or [s for (_, s) in counted_items] or [s for s in items if s.start < q.start]
                if not pool:
                    # "delivered about 524,000 of them", "launched 43 of them": the document's item, filled later
                    candidates.append((q.root, None, q, None))
                    continue
                ref = pool[-1]
                candidates.append((q.root, self._refine(ref, calibers), q, None))
        for span in items:
            if span.start in used_items:
                continue
            root = span.root
            if any(span.start >= a["speaker"][0] and span.end <= a["speaker"][1] for a in attributions):
                continue
            if root.dep_ in ("compound", "amod", "nmod") and root.head.i in item_at and \
                    item_at[root.head.i].label_ != span.label_ and root.head.i not in range(span.start, span.end):
                continue  # "drone technology", "missile know-how": the head names the materiel
            if root.dep_ == "compound" and not root.head._.triggers and root.head.i not in item_at:
                continue
            candidates.append((root, self._refine(span, calibers), None, span))

        for tok in doc:
            implicit = lex.implicit_items.get(tok.lemma_.lower())
            if implicit and tok.pos_ == "VERB" and tok._.triggers and not any(
                    t.head.i == tok.i and t.i in item_at for t in doc):
                candidates.append((tok, implicit, None, None))
        claims = []
        for anchor, item, q, item_span in candidates:
            trig, path = self.find_trigger(anchor, speaker_tokens)
            inherit_flow = False
            if trig is None:
                # "…, enough to hold 3 million shells", "that volume would amount to 1.6 million shells":
                # a conversion of a flow named before, not a new one
                content = [t for t in path[1:] if t.lemma_.lower() in CONTENT_VERBS and t.pos_ in ("VERB", "ADJ", "AUX")
                           and not any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in t.children)]
                figure = [t for t in path[1:] if t.pos_ == "VERB" and any(
                    c.dep_ in ("nsubj", "dobj", "nsubjpass") and c.lemma_.lower() in FIGURE_NOUNS for c in t.children)]
                if (not content and not figure) or q is None or item is None:
                    continue
                trig = (content or figure)[0]
                kinds = [("transfer", "content")]
                inherit_flow = "content" if content else "figure"
            else:
                kinds = trig._.triggers
                if trig.pos_ == "VERB" and any(c.dep_ in ("nsubj", "dobj", "nsubjpass") and
                                               c.lemma_.lower() in FIGURE_NOUNS for c in trig.children):
                    kinds = [("transfer", "content")]  # "his count had reached 10,000 containers"
                    inherit_flow = "figure"
            kind, frame = kinds[0]
            if trig.lemma_.lower() in CONTENT_VERBS and not inherit_flow:
                subj = self.subject_of(trig)
                unit_tokens = {t.i for u in doc.spans.get("units", []) for t in u}
                if subj is not None and (subj.i in unit_tokens or subj.lemma_.lower() in ("cargo", "shipment", "train",
                                                                                          "wagon", "consignment")):
                    kind, frame, inherit_flow = "transfer", "content", True
                    kinds = [(kind, frame)]
            if len(kinds) > 1:
                for k, f in kinds:
                    if k == "transfer":
                        kind, frame = k, f
                if trig.lemma_.lower() in ARRIVAL_VERBS and not any(
                        c.dep_ == "dobj" and any(a.start <= c.i < a.end for a in actors) for c in trig.children):
                    kind, frame = next(((k, f) for k, f in kinds if k != "transfer"), (kind, frame))
            info = q._.quantity if q is not None else None
            if kind == "production" and trig.lemma_.lower() in lex.weak_production:
                sent_text = doc.text.lower()
                is_rate = info is not None and info["per"] is not None
                if not is_rate and not any(w in sent_text for w in ("production", "output", "manufactur", "produc")):
                    continue
            if kind != "transfer" and info is None:
                continue
            if frame in ("give", "receive") and anchor.dep_ == "nsubj" and anchor.head.i == trig.i:
                continue  # "his fighters receive…": the subject of giving or receiving is a party, not the cargo
            if kind == "quality":
                continue
            if any(t._.status_cue == "cap" for t in path) or any(t.lemma_.lower() in SHARE_NOUNS for t in path[1:]):
                continue  # caps, and shares of a whole ("a fraction of the shells", "90 percent of the chips")
            status, request = self.status_of(trig, path)
            if request or self._generic_capacity(trig):
                continue
            polarity = self.polarity_of(trig, anchor)
            exclude = speaker_tokens
            claim = {"kind": kind, "supplier": None, "recipient": None, "actor": None, "item": item,
                     "trigger": trig.i, "anchor": anchor.i, "quantity": None, "status": status,
                     "polarity": polarity, "caliber_mm": self._caliber(anchor, item_span, calibers),
                     "bare": bool(info and info["counted_kind"] == "bare"), "qstart": q.start_char if q is not None else None}
            claim["inherit_flow"] = inherit_flow
            if inherit_flow:
                pass
            elif kind == "transfer":
                s, r = self.transfer_roles(trig, frame, anchor, path, actors, exclude)
                if s is None and item_span is not None:
                    s = self._origin(item_span, actors, frame)
                claim["supplier"], claim["recipient"] = self._code(s), self._code(r)
                if claim["supplier"] and claim["supplier"] == claim["recipient"]:
                    claim["recipient"] = None
            else:
                claim["actor"] = self._code(self.actor_role(trig, anchor, path, actors, exclude))
            if info is not None:
                claim["quantity"] = {k: info[k] for k in ("value", "value_high", "qualifier", "unit", "per", "text")}
                gapped = [a for a in actors if a.end == q.start and a.label_ != "ANAPHOR" and a.start > 0
                          and doc[a.start - 1].lower_ in (",", "and", "while", "whereas")
                          and a.root.head.i != trig.i]
                if info["counted_kind"] == "bare" and gapped:
                    # "Denmark has pledged 19 jets, the Netherlands 24 and Norway six"
                    role = "supplier" if kind == "transfer" else "actor"
                    claim[role] = gapped[0].label_
                if info["qualifier"] == "at_most" and self._is_limit(trig, doc):
                    continue
            qspan = q
            scope = self.scope_tokens(trig, anchor, path, qspan)
            cues = [h for h in doc.spans.get("hedges", []) if any(t.i in scope for t in h)]
            claim["cues"] = [h.text for h in cues]
            claim["certainty"] = cues[0]._.band if cues else None
            if any(c.lower_ in ("may", "might") and c.dep_ == "aux" for c in trig.children):
                claim["status"] = "target"
            if inherit_flow or (trig.lemma_.lower() in CONTENT_VERBS and claim["status"] == "target"):
                claim["status"] = "actual"  # "could hold 4.8 million shells" converts a flow, it is no plan
            claim["attribution"] = self._attribution_for(trig, attributions, doc)
            claim["by"] = None
            if claim["status"] in ("target", "committed"):
                claim["by"] = self._deadline(doc, anchor, q, quantities)
            claims.append(claim)
        claims.extend(self._parallel_claims(doc, claims, quantities, actors))
        quality = self._quality_claims(doc, actors, attributions)
        suppliers = [c["supplier"] for c in claims if c["kind"] == "transfer" and c["supplier"]]
        for qc in quality:
            if suppliers:
                qc["actor"] = suppliers[0]
        claims.extend(quality)
        doc._.claims = claims
        return doc

    # ---- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _is_limit(trig: Token, doc: Doc) -> bool:
        """"Under UN sanctions North Korea may import no more than 500,000 barrels": a limit, not a flow."""
        modal = any(c.dep_ == "aux" and c.lower_ in ("may", "can") for c in trig.children)
        text = doc.text.lower()
        return modal and any(w in text for w in ("sanction", "resolution", "allowed", "permitted", "rules", "treaty"))

    @staticmethod
    def _governing_verb(noun: Token) -> Token | None:
        """The verb whose object a noun is: "completed [a delivery]", "agreed to [a package]"."""
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ == "VERB":
            return noun.head
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
            return noun.head.head
        return None

    def _generic_capacity(self, trig: Token) -> bool:
        """"A container can carry 28 tonnes": what one of a kind could do, not a flow."""
        subj = self.subject_of(trig)
        if subj is None:
            return False
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "each", "every", "one") for c in subj.children)
        modal = any(c.dep_ == "aux" and c.lower_ in ("can", "could", "may", "might") for c in trig.children)
        return indefinite and (modal or trig.lemma_.lower() in ("weigh", "carry"))

    @staticmethod
    def _deadline(doc: Doc, anchor: Token, q: Span | None, quantities: list[Span]) -> str | None:
        """The first deadline after the claim's quantity, unless another quantity comes between."""
        start = q.end if q is not None else anchor.i
        for d in doc.spans.get("deadlines", []):
            if d.start < start:
                continue
            if any(start <= other.start < d.start for other in quantities if other is not q):
                return None
            return d._.date_value
        return None

    @staticmethod
    def _span(doc: Doc, bounds: tuple[int, int], label: str) -> Span:
        return Span(doc, bounds[0], bounds[1], label=label)

    def _refine(self, span: Span, calibers: dict[int, float]) -> str:
        cal = self._caliber(span.root, span, calibers)
        return item_for_caliber(span.label_, cal, span.text.lower())

    @staticmethod
    def _caliber(anchor: Token, span: Span | None, calibers: dict[int, float]) -> int | None:
        start = span.start if span is not None else anchor.i
        for i in range(start - 1, max(-1, start - 5), -1):
            if i in calibers:
                return int(calibers[i])
        end = span.end if span is not None else anchor.i + 1
        for i in range(end, min(len(anchor.doc), end + 4)):
            if i in calibers:
                return int(calibers[i])
        return None

    def _origin(self, item_span: Span, actors: list[Span], frame: str = "give") -> Span | None:
        """A demonym on the item itself ("North Korean shells") names where it comes from; so does any state
        modifying it when the verb only moves or receives it ("U.S. interceptors began arriving")."""
        for a in actors:
            if frame in ("move", "receive") and a.root.head.i == item_span.root.i and \
                    a.root.dep_ in ("compound", "amod", "nmod") and a.label_ != "ANAPHOR":
                return a
            if a.end <= item_span.start and item_span.start - a.end <= 2 and self._is_demonym(a):
                return a
            if a.root.head.i == item_span.root.i and a.root.dep_ in ("amod", "compound") and self._is_demonym(a):
                return a
        return None

    def _is_demonym(self, a: Span) -> bool:
        """"North Korean", "Iranian": an adjective of nationality (not "North Korea")."""
        if a.label_.islower():
            return False  # a company or group ("Nammo") is never a nationality
        return a.text in self.lex.demonyms or a.root.ent_type_ == "NORP" or a.root.tag_ == "JJ" or \
            a.text.endswith(("ean", "ian", "ese", "ish")) and a.text[:1].isupper()

    @staticmethod
    def _code(span: Span | str | None) -> str | None:
        if span is None or isinstance(span, str):
            return span
        if span.label_ == "ANAPHOR":
            return f"@{span.text}"
        return span.label_

    def _attribution_for(self, trig: Token, attributions: list[dict], doc: Doc) -> int | None:
        ancestors = {t.i for t in _ancestors_until(trig)}
        best = None
        for idx, a in enumerate(attributions):
            verb = a["verb"]
            if verb == trig.i:
                if trig.lemma_.lower() in ESTIMATE_VERBS:
                    return idx  # "Estonian intelligence estimates the annual total at 4.5 million"
                continue
            if a["how"] in ("according", "citing"):
                if best is None:
                    best = idx
                continue
            if verb in ancestors:
                return idx
            vtok = doc[verb]
            # "North Korea has sent 1 million shells, the NIS said" — the speech verb hangs off the claim
            if vtok.head.i in ancestors | {trig.i} and vtok.dep_ in ("parataxis", "ccomp", "advcl", "conj"):
                if not any(t.i == trig.i for t in vtok.subtree):
                    best = idx if best is None else best
            elif vtok.dep_ == "ROOT" and trig.i not in ancestors and best is None and \
                    any(t.i == trig.i for t in vtok.subtree):
                best = idx
        if best is None:
            trig_clause = {t.i for t in trig.subtree}
            outside = [idx for idx, a in enumerate(attributions) if a["verb"] not in trig_clause and a["verb"] != trig.i
                       and a["how"] == "verb"]
            if outside:
                best = outside[-1]
        return best

    def _parallel_claims(self, doc: Doc, claims: list[dict], quantities: list[Span], actors: list[Span]) -> list[dict]:
        """SCHEMA rule 8: "44,500 shells a day, compared with about 20,000 for Russia" — a bare figure set
        against a claim takes its kind, item and rate, and the actor named with it."""
        out = []
        taken = {c["qstart"] for c in claims if c.get("qstart") is not None}
        for q in quantities:
            info = q._.quantity
            if q.start_char in taken or info["counted_kind"] not in ("bare", "item") or info["fraction"]:
                continue
            window = doc[max(0, q.start - 4):q.start]
            if not any(t.lower_ in ("compared", "versus", "vs", "vs.", "against", "whereas") for t in window):
                continue
            base = next((c for c in claims if c["kind"] != "transfer" and c.get("quantity")), None) or \
                next((c for c in claims if c.get("quantity")), None)
            if base is None:
                continue
            who = [a for a in actors if q.end <= a.start <= q.end + 4 and a.start > 0
                   and doc[a.start - 1].lower_ in ("for", "by", "from")]
            clone = dict(base)
            clone["quantity"] = {k: info[k] for k in ("value", "value_high", "qualifier", "unit", "per", "text")}
            clone["quantity"]["per"] = info["per"] or base["quantity"]["per"]
            clone["qstart"], clone["anchor"], clone["bare"] = q.start_char, q.root.i, True
            role = "actor" if base["kind"] != "transfer" else "supplier"
            clone[role] = self._code(who[0]) if who else None
            out.append(clone)
        return out

    def _quality_claims(self, doc: Doc, actors: list[Span], attributions: list[dict]) -> list[dict]:
        out = []
        cues = [t for t in doc if t._.triggers and any(k == "quality" for k, _ in t._.triggers)]
        if not cues:
            return out
        for q in doc.spans.get("quantities", []):
            info = q._.quantity
            if info["counted_kind"] != "fraction":
                continue
            cue = None
            for t in cues:
                lemma = t.lemma_.lower()
                negated = any(c.dep_ == "neg" for c in t.children) or any(
                    c.lemma_.lower() in ("fail",) for c in t.ancestors)
                if lemma in QUALITY_NEGATED and not negated:
                    continue
                cue = t
                break
            if cue is None:
                continue
            items = [s for s in doc.spans.get("items", []) if s.label_ in MUNITIONS | {"drone", "weapons"}]
            item = min(items, key=lambda s: abs(s.start - q.start)).label_ if items else None
            actor = None
            for a in actors:
                if a.label_ != "ANAPHOR" and a.start not in {i for at in attributions
                                                           for i in range(at["speaker"][0], at["speaker"][1])}:
                    actor = a.label_
                    break
            scope = {t.i for t in doc}
            hedges = [h for h in doc.spans.get("hedges", []) if any(t.i in scope for t in h)]
            out.append({
                "kind": "quality", "supplier": None, "recipient": None, "actor": actor, "item": item,
                "trigger": cue.i, "anchor": q.root.i, "caliber_mm": None, "bare": False, "qstart": q.start_char,
                "inherit_flow": False,
                "quantity": {k: info[k] for k in ("value", "value_high", "qualifier", "unit", "per", "text")},
                "status": "actual", "polarity": "affirmed", "cues": [h.text for h in hedges],
                "certainty": hedges[0]._.band if hedges else None,
                "attribution": self._attribution_for(cue, attributions, doc), "by": None,
            })
        return out


@Language.factory("armsledger_claims_v1", assigns=["doc._.claims"],
                  requires=["doc.spans", "token._.triggers", "token._.status_cue", "doc._.attributions"])
def make_claim_assembler(nlp: Language, name: str) -> ClaimAssembler:
    return ClaimAssembler(nlp)
