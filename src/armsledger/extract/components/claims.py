"""armsledger_claims_v1: assemble a sentence's claims from the tagged pieces.

Every quantity that counts an item or a unit, and every item mention without one, is tied to
the trigger that governs it in the dependency parse; the trigger's frame gives the kind and
who supplies, receives or acts; status, polarity, hedges, source and deadline come from the
cues in the trigger's scope. The result is `doc._.claims`: dicts with token indices that the
document stage turns into SCHEMA claims (resolving "the isolated nation", "he", dates)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from armsledger.extract.components.cues import CueReader
from armsledger.extract.components.frames import FrameReader
from armsledger.extract.components.items import item_for_caliber
from armsledger.extract.components.triggers import TriggerFinder
from armsledger.extract.reference import lexicon
from armsledger.model import is_money_unit


class ClaimAssembler(TriggerFinder, FrameReader, CueReader):

    def __init__(self, nlp: Language) -> None:
        self.lex = lexicon()

    def __call__(self, doc: Doc) -> Doc:
        lex = self.lex
        w = lex.words
        munitions = lex.items_file.munitions
        items = list(doc.spans.get("items", []))
        item_at = {t.i: s for s in items for t in s}
        actors = self._actor_spans(doc)
        attributions = doc._.attributions or []
        speaker_tokens = {i for a in attributions for i in range(a["speaker"][0], a["speaker"][1])}
        calibers = doc._.calibers or {}
        candidates = []
        used_items: set[int] = set()
        bare_money: set[int] = set()
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
            return "ammunition" if codes <= munitions else "weapons"

        for q in quantities:
            info = q._.quantity
            kind = info["counted_kind"]
            if kind == "fraction":
                continue
            if kind == "item":
                span = self._span(doc, info["counted"], info["counted_label"])
                used_items.add(span.start)
                # a counted noun the tagger read as a verb ("60,000 rounds a day") hangs off the number instead
                anchor = q.root if span.root.pos_ in ("VERB", "AUX") and q.root.head.i != span.root.i else span.root
                candidates.append((anchor, self._refine(span, calibers), q, span))
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
                contents_span = self._span(doc, info["contents"], info["contents_label"]) if info["contents"] else None
                candidates.append((unit_span.root, item, q, contents_span))
            else:  # bare number or money without a counted noun
                if is_money_unit(info["unit"]):
                    before = [t for t in doc[max(0, q.start - 3):q.start] if t.lower_ in w.value_words]
                    if before:
                        j = before[0].i - 1
                        while j > 0 and doc[j].is_punct:
                            j -= 1  # "25 F-35 jets, worth some $3 billion"
                        if j in item_at:
                            ispan = item_at[j]
                            used_items.add(ispan.start)
                            candidates.append((ispan.root, self._refine(ispan, calibers), q, ispan))
                            continue
                    aid = [s for s in items if s.label_ == "military_aid"]
                    if aid:
                        used_items.add(aid[0].start)
                    # "$61 billion for Ukraine": money given with no word for what it buys is military aid;
                    # a money figure that no transfer to a named recipient governs is dropped below
                    item = "military_aid"
                    if not aid:
                        bare_money.add(q.start)
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
            implicit = lex.predicates_file.implicit_items.get(tok.lemma_.lower())
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
                content = [t for t in path[1:] if t.lemma_.lower() in w.content_verbs and t.pos_ in ("VERB", "ADJ", "AUX")
                           and not any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in t.children)]
                figure = [t for t in path[1:] if t.pos_ == "VERB" and any(
                    c.dep_ in ("nsubj", "dobj", "nsubjpass") and c.lemma_.lower() in w.figure_nouns for c in t.children)]
                if (not content and not figure) or q is None or item is None or \
                        is_money_unit(q._.quantity["unit"]):
                    continue  # "represents an investment of €500 million" converts no flow
                trig = (content or figure)[0]
                kinds = [("transfer", "content")]
                inherit_flow = "content" if content else "figure"
            else:
                kinds = trig._.triggers
                if trig.pos_ == "VERB" and any(c.dep_ in ("nsubj", "dobj", "nsubjpass") and
                                               c.lemma_.lower() in w.figure_nouns for c in trig.children):
                    kinds = [("transfer", "content")]  # "his count had reached 10,000 containers"
                    inherit_flow = "figure"
            kind, frame = kinds[0]
            if trig.lemma_.lower() in w.content_verbs and not inherit_flow:
                subj = self.subject_of(trig)
                unit_tokens = {t.i for u in doc.spans.get("units", []) for t in u}
                if subj is not None and (subj.i in unit_tokens or subj.lemma_.lower() in w.cargo_nouns):
                    kind, frame, inherit_flow = "transfer", "content", True
                    kinds = [(kind, frame)]
            if len(kinds) > 1:
                for k, f in kinds:
                    if k == "transfer":
                        kind, frame = k, f
                if trig.lemma_.lower() in w.arrival_verbs and not any(
                        c.dep_ == "dobj" and any(a.start <= c.i < a.end for a in actors) for c in trig.children):
                    kind, frame = next(((k, f) for k, f in kinds if k != "transfer"), (kind, frame))
            info = q._.quantity if q is not None else None
            if kind == "production" and trig.lemma_.lower() in lex.predicates_file.weak_production:
                sent_text = doc.text.lower()
                is_rate = info is not None and info["per"] is not None
                if not is_rate and not any(stem in sent_text for stem in w.production_stems):
                    continue
            if kind != "transfer" and info is None:
                continue
            if info is not None and is_money_unit(info["unit"]) and kind != "transfer":
                continue  # budgets, prices and spending are not production or stocks of anything
            if item == "troops" and any(t.lower_ in w.casualty_words for t in doc[anchor.i + 1:anchor.i + 4]):
                continue  # "1,000 Russian soldiers dead or wounded" is a casualty figure
            if frame in ("give", "receive") and anchor.dep_ == "nsubj" and anchor.head.i == trig.i:
                continue  # "his fighters receive…": the subject of giving or receiving is a party, not the cargo
            if kind == "quality":
                continue
            if any(t._.status_cue == "cap" for t in path) or any(
                    t.lemma_.lower() in w.share_nouns and any(c.lower_ == "of" for c in t.children) for t in path[1:]):
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
                claim["supplier"] = claim["recipient"] = None  # completed from the document's flow later
            elif kind == "transfer":
                s, r = self.transfer_roles(trig, frame, anchor, path, actors, exclude)
                if s is None and item_span is not None:
                    s = self._origin(item_span, actors, frame)
                claim["supplier"], claim["recipient"] = self._code(s), self._code(r)
                if q is not None and q.start in bare_money and claim["recipient"] is None:
                    continue  # "a €500 million plant": money that goes to nobody named is no aid
                if claim["supplier"] and claim["supplier"] == claim["recipient"]:
                    claim["recipient"] = None
            else:
                claim["actor"] = self._code(self.actor_role(trig, anchor, path, actors, exclude))
            if info is not None:
                claim["quantity"] = {k: info[k] for k in ("value", "value_high", "qualifier", "unit", "per", "text")}
                gapped = [a for a in actors if a.end == q.start and a.label_ != "ANAPHOR" and a.start > 0
                          and doc[a.start - 1].lower_ in w.gap_separators
                          and a.root.head.i != trig.i]
                if info["counted_kind"] == "bare" and gapped:
                    # "Denmark has pledged 19 jets, the Netherlands 24 and Norway six"
                    role = "supplier" if kind == "transfer" else "actor"
                    claim[role] = gapped[0].label_
                if info["qualifier"] == "at_most" and self._is_limit(trig, doc):
                    continue
            qspan = q
            scope = self.scope_tokens(trig, anchor, path, qspan)
            cues = [h for h in doc.spans.get("hedges", []) if any(t.i in scope for t in h)
                    and (h.text.lower() not in lex.hedges_file.conversion or self._converts(h, anchor))]
            claim["cues"] = [h.text for h in cues]
            claim["certainty"] = cues[0]._.band if cues else None
            if inherit_flow or (trig.lemma_.lower() in w.content_verbs and claim["status"] == "target"):
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
            if suppliers and qc.get("actor_from") != "origin":
                qc["actor"] = suppliers[0]
        claims.extend(quality)
        doc._.claims = claims
        return doc

    @staticmethod
    def _converts(cue: Span, anchor: Token) -> bool:
        """Whether a conversion cue ("enough to hold") governs this claim's counted noun."""
        cue_ids = {t.i for t in cue}
        return any(a.i in cue_ids for a in anchor.ancestors) or anchor.i in cue_ids

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
            if not any(t.lower_ in self.lex.words.comparison_words for t in window):
                continue
            base = next((c for c in claims if c["kind"] != "transfer" and c.get("quantity")), None) or \
                next((c for c in claims if c.get("quantity")), None)
            if base is None:
                continue
            who = [a for a in actors if q.end <= a.start <= q.end + 4 and a.start > 0
                   and doc[a.start - 1].lower_ in self.lex.words.parallel_actor_prepositions]
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
                    c.lemma_.lower() in self.lex.words.failure_verbs for c in t.ancestors)
                if lemma in self.lex.words.quality_negated_verbs and not negated:
                    continue
                particle = self.lex.words.dud_particle_verbs.get(lemma)
                if particle and not (negated and any(c.lower_ == particle for c in t.children)):
                    continue  # "one in five didn't go off"
                cue = t
                break
            if cue is None:
                continue
            items = [s for s in doc.spans.get("items", []) if s.label_ in self.lex.items_file.quality_items]
            nearest = min(items, key=lambda s: abs(s.start - q.start)) if items else None
            item = nearest.label_ if nearest is not None else None
            # the producer: the nationality on the shells ("North Korean shells"), else the first actor named
            # outside the speaker's phrase
            origin = self._origin(nearest, actors, "move") if nearest is not None else None
            actor = origin.label_ if origin is not None and origin.label_ != "ANAPHOR" else None
            speakers = {i for at in attributions for i in range(at["speaker"][0], at["speaker"][1])}
            for a in actors if actor is None else []:
                if a.label_ != "ANAPHOR" and a.start not in speakers:
                    actor = a.label_
                    break
            scope = {t.i for t in doc}
            hedges = [h for h in doc.spans.get("hedges", []) if any(t.i in scope for t in h)]
            out.append({
                "kind": "quality", "supplier": None, "recipient": None, "actor": actor, "item": item,
                "actor_from": "origin" if origin is not None else "sentence",
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
