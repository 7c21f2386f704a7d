"""Claims read from a sentence's shape rather than a trigger's frame: figures set against a claim
("compared with 14,600 fired by Ukraine", SCHEMA rule 8) and dud or defect shares (quality)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from armsledger.extract.components.candidates import SentenceParts
from armsledger.extract.intermediates import Attribution, SentenceClaim

if TYPE_CHECKING:
    from armsledger.extract.reference import Lexicon


class SpecialClaims:
    """Mixin for the claim assembler (needs `self.lex`, `self._code`, `self._origin`, `self._attribution_for`)."""

    lex: Lexicon  # set by the ClaimAssembler
    _code: Callable[[Span | str | None], str | None]  # FrameReader's
    _origin: Callable[[Span, list[Span], str], Span | None]  # FrameReader's
    _attribution_for: Callable[[Token, list[Attribution], Doc], int | None]  # CueReader's

    def parallel_claims(self, parts: SentenceParts, claims: list[SentenceClaim]) -> list[SentenceClaim]:
        """SCHEMA rule 8: "44,500 shells a day, compared with about 20,000 for Russia": a bare figure set against
        a claim takes its kind, item and rate, and the actor named with it."""
        doc = parts.doc
        out = []
        taken = {c.qstart for c in claims if c.qstart is not None}
        for q in parts.quantities:
            info = q._.quantity
            if q.start_char in taken or info.counted_kind not in ("bare", "item") or info.fraction:
                continue
            window = doc[max(0, q.start - 4) : q.start]
            if not any(t.lower_ in self.lex.words.comparison_words for t in window):
                continue
            base = next((c for c in claims if c.kind != "transfer" and c.quantity), None) or next(
                (c for c in claims if c.quantity), None
            )
            if base is None or base.quantity is None:
                continue
            who = [
                a
                for a in parts.actors
                if q.end <= a.start <= q.end + 4
                and a.start > 0
                and doc[a.start - 1].lower_ in self.lex.words.parallel_actor_prepositions
            ]
            quantity = info.as_claim_quantity()
            quantity.per = info.per or base.quantity.per
            clone = replace(
                base, quantity=quantity, qstart=q.start_char, anchor=q.root.i, bare=True, cues=list(base.cues)
            )
            if base.kind != "transfer":
                clone.actor = self._code(who[0]) if who else None
            else:
                clone.supplier = self._code(who[0]) if who else None
            out.append(clone)
        return out

    def quality_claims(self, parts: SentenceParts, claims: list[SentenceClaim]) -> list[SentenceClaim]:
        """Dud and defect shares: "about half of the North Korean shells failed to explode" (actor: the producer,
        from the shells' nationality, else the supplier of the sentence's transfer, else the first actor)."""
        doc = parts.doc
        cues = [t for t in doc if t._.triggers and any(k == "quality" for k, _ in t._.triggers)]
        if not cues:
            return []
        attributions = doc._.attributions or []
        suppliers = [c.supplier for c in claims if c.kind == "transfer" and c.supplier]
        out = []
        for q in parts.quantities:
            info = q._.quantity
            if info.counted_kind != "fraction":
                continue
            cue = next((t for t in cues if self._states_defect(t)), None)
            if cue is None:
                continue
            items = [s for s in parts.items if s.label_ in self.lex.items_file.quality_items]
            nearest = min(items, key=lambda s: abs(s.start - q.start)) if items else None
            origin = self._origin(nearest, parts.actors, "move") if nearest is not None else None
            actor = origin.label_ if origin is not None and origin.label_ != "ANAPHOR" else None
            if actor is None:
                actor = next(
                    (a.label_ for a in parts.actors if a.label_ != "ANAPHOR" and a.start not in parts.speaker_tokens),
                    None,
                )
            if suppliers and origin is None:
                actor = suppliers[0]
            hedges = list(doc.spans.get("hedges", []))
            out.append(
                SentenceClaim(
                    kind="quality",
                    item=nearest.label_ if nearest is not None else None,
                    trigger=cue.i,
                    anchor=q.root.i,
                    quantity=info.as_claim_quantity(),
                    actor=actor,
                    qstart=q.start_char,
                    actor_from="origin" if origin is not None else "sentence",
                    cues=[h.text for h in hedges],
                    certainty=hedges[0]._.band if hedges else None,
                    attribution=self._attribution_for(cue, attributions, doc),
                )
            )
        return out

    def _states_defect(self, cue) -> bool:
        """Whether a quality trigger states a defect: "failed", "duds", or a working verb negated ("did not
        explode", "failed to explode", "didn't go off")."""
        w = self.lex.words
        lemma = cue.lemma_.lower()
        negated = any(c.dep_ == "neg" for c in cue.children) or any(
            c.lemma_.lower() in w.failure_verbs for c in cue.ancestors
        )
        if lemma in w.quality_negated_verbs and not negated:
            return False
        particle = w.dud_particle_verbs.get(lemma)
        return not (particle and not (negated and any(c.lower_ == particle for c in cue.children)))
