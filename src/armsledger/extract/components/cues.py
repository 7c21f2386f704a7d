"""Status, polarity, hedge scope, deadline, source and the checks that veto a claim."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from armsledger.extract.components.claim_rules import SCOPE_CHILD_DEPS, ancestors_of
from armsledger.extract.intermediates import Attribution

if TYPE_CHECKING:
    from armsledger.extract.reference import Lexicon


@dataclass
class StatusReading:
    """What the cues around a trigger say of its status: the status proper, and the cues that make it a
    request (not a claim), a stop or ban (not a claim), a capacity or an interdiction."""

    status: str = "actual"
    request: bool = False
    stop: bool = False
    capacity: bool = False
    #: a capacity under a condition ("could turn out 7,000 a month if fully manned"): not a goal though its modal is
    conditional_capacity: bool = False
    interdicted: bool = False


class CueReader:
    """Mixin: what the words around a trigger say about the claim."""

    lex: Lexicon  # set by the ClaimAssembler
    subject_of: Callable[[Token], Token | None]  # FrameReader's, in the ClaimAssembler

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
                        scope |= {t.i for t in child.subtree}
        return scope

    def status_of(self, trig: Token, path: list[Token]) -> StatusReading:
        """The status cues on the trigger's chain of heads (up to a speech verb), its modals and the phrases
        just before it."""
        w = self.lex.words
        doc = trig.doc
        status = "actual"
        seen: set[str] = set()
        chain = [trig]
        node = trig
        # a coordinated clause has its own status ("promised X, but deliveries reached Y"); a coordinated object
        # shares its verb's ("wants jets and help with a submarine")
        while node.head.i != node.i and not (node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")):
            node = node.head
            chain.append(node)
        request = False
        for k, node in enumerate(chain):
            cue = node._.status_cue
            if (
                k > 0
                and node.lemma_.lower() in self.lex.sources.speech_verbs
                and cue not in ("committed", "target")
                and node.lemma_.lower() not in w.announcing_verbs
            ):
                break
            if (
                k > 0
                and node.lemma_.lower() in w.announcing_verbs
                and any(
                    t.tag_ in ("VBD", "VBN")
                    and t.pos_ == "VERB"
                    and any(kind == "transfer" and frame in ("give", "move") for kind, frame in t._.triggers or [])
                    for t in chain[:k]
                )
            ):
                break  # "Lithuania has delivered …, the ministry announced": announced as done
            imperative = (
                node.dep_ == "ROOT"
                and node.i == node.sent.start
                and node.pos_ == "VERB"
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
            )  # "Consider money: …"
            if cue in ("request", "cap") and node.pos_ in ("VERB", "NOUN", "AUX") and not imperative:
                request = True
            if cue in ("stop", "interdicted", "capacity"):
                seen.add(cue)
            if cue == "target" and status == "actual":
                status = "target"
            if cue == "committed" and status == "actual":
                status = "committed"
        subject = self.subject_of(trig) if trig.lemma_.lower() in w.coverage_verbs else None
        if status == "actual" and subject is not None and subject.lemma_.lower() in w.commitment_nouns:
            status = "committed"  # "The contract covers 180 tanks"
        if (
            status == "actual"
            and trig.lemma_.lower() in w.commitment_nouns
            and trig.dep_ in ("nsubj", "nsubjpass")
            and trig.head.lemma_.lower() in w.coverage_verbs
        ):
            status = "committed"  # "The package covers more than 7,000 JDAM tail kits"
        if (
            status == "actual"
            and trig.pos_ == "NOUN"
            and any(kind == "transfer" for kind, _ in trig._.triggers or [])
            and any(c.dep_ == "acl" and c._.status_cue == "committed" for c in trig.children)
        ):
            status = "committed"  # "the sale approved in 2017 covered 44 launchers": the participle on the deal
        # modals on the trigger, or on the verb that carries a noun trigger's figure ("output may reach 50,000")
        verbs = [trig] + [
            t for t in path if t.pos_ in ("VERB", "AUX") and t.i != trig.i and t.lemma_.lower() in w.level_verbs
        ]
        for child in (c for v in verbs for c in v.children):
            if child.dep_ == "aux":
                low = child.lower_
                if low in w.commitment_modals:
                    status = "committed" if status == "actual" else status
                elif low in w.possibility_modals or low in w.expectation_modals:
                    status = "target"
        for node in path:  # "the goal is 650 a year by 2027"
            if any(c.dep_ in ("nsubj", "nsubjpass") and c._.status_cue == "target" for c in node.children):
                status = "target"
        first: Span | list[Token] = path[0].doc[max(0, path[0].left_edge.i - 3) : path[0].left_edge.i] if path else []
        if any(t.lower_ == "from" for t in first) and any(t.lower_ in w.change_words for t in first):
            status = "actual"  # "…700,000 a year in 2024, up from around 70,000": the old figure was real
        # "is to be shipped", "are due to deliver", "is set to receive", "going to send": a phrase just before
        for phrase in doc.spans.get("status_phrases", []):
            if (
                phrase.label_ in ("target", "committed")
                and trig.i - 4 <= phrase.start
                and phrase.end <= trig.i
                and (phrase.label_ == "target" or status == "actual")
            ):
                status = phrase.label_
        if trig.lemma_.lower() in w.plan_nouns:
            status = "target"
        conditional = any(c.dep_ == "aux" and c.lower_ in w.conditional_capacity_modals for c in trig.children) and any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "if" for m in c.children) for c in trig.children
        )
        capacity = (
            "capacity" in seen
            or trig._.status_cue == "capacity"
            or any(c.dep_ == "aux" and c.lower_ in w.capacity_modals for c in trig.children)
            or conditional
        )
        return StatusReading(
            status=status,
            request=request,
            stop="stop" in seen,
            capacity=capacity,
            conditional_capacity=conditional,
            interdicted="interdicted" in seen,
        )

    def polarity_of(self, trig: Token, anchor: Token) -> str:
        for child in list(trig.children) + list(anchor.children):
            if child.dep_ == "neg" or (child.lower_ in ("no", "never") and child.dep_ in ("det", "neg", "advmod")):
                return "denied"
        for node in ancestors_of(trig):
            if node.i == trig.head.i and trig.dep_ == "conj":
                break  # "would not take the money and would instead send three drones"
            lemma = node.lemma_.lower()
            if lemma in self.lex.words.rejection_verbs:
                return "denied"
            if node.pos_ == "VERB" and lemma in self.lex.sources.speech_verbs:
                break
            if (
                any(c.dep_ == "neg" for c in node.children)
                and node.pos_ in ("VERB", "AUX")
                and lemma not in self.lex.sources.speech_verbs
                and lemma not in self.lex.words.ceiling_verbs
            ):
                return "denied"  # but "consumption does not exceed 7,000 rounds" states a ceiling, not a denial
        return "affirmed"

    def _is_limit(self, trig: Token, doc: Doc) -> bool:
        """ "Under UN sanctions North Korea may import no more than 500,000 barrels": a limit, not a flow."""
        w = self.lex.words
        modal = any(c.dep_ == "aux" and c.lower_ in w.permission_modals for c in trig.children)
        text = doc.text.lower()
        return modal and any(word in text for word in w.limit_context_words)

    def _generic_capacity(self, trig: Token) -> bool:
        """ "A container can carry 28 tonnes": what one of a kind could do, not a flow."""
        subj = self.subject_of(trig)
        if subj is None:
            return False
        w = self.lex.words
        indefinite = any(c.dep_ == "det" and c.lower_ in w.indefinite_determiners for c in subj.children)
        modal = any(c.dep_ == "aux" and c.lower_ in w.ability_modals for c in trig.children)
        if (
            (modal or trig.lemma_.lower() in w.generic_capacity_verbs)
            and trig._.triggers
            and trig._.triggers[0][0] == "consumption"
            and any(subj.i in range(s.start, s.end) for s in trig.doc.spans.get("items", []))
        ):
            return True  # "the 240 mm launcher can fire 12 rockets": a weapon's capability, not its use
        return indefinite and (modal or trig.lemma_.lower() in w.generic_capacity_verbs)

    @staticmethod
    def _deadline(doc: Doc, anchor: Token, q: Span | None, quantities: list[Span]) -> str | None:
        """The deadline of a target, commitment or capacity: a "by" deadline after the quantity, else a looser
        one after it ("in 2025", "this year", "between 2026 and 2030"), else one before it in the sentence;
        never across another quantity."""
        start = q.end if q is not None else anchor.i
        end = q.start if q is not None else anchor.i
        others = [o for o in quantities if o is not q]
        after = [
            d
            for d in doc.spans.get("deadlines", [])
            if d.start >= start and not any(start <= o.start < d.start for o in others)
        ]
        strict = [d for d in after if d.label_ == "DEADLINE"]
        if strict or after:
            return (strict or after)[0]._.date_value
        before = [
            d
            for d in doc.spans.get("deadlines", [])
            if d.end <= end and not any(d.end <= o.start < end for o in others)
        ]
        return before[-1]._.date_value if before else None

    def _attribution_for(self, trig: Token, attributions: list[Attribution], doc: Doc) -> int | None:
        ancestors = {t.i for t in ancestors_of(trig)}
        best = None
        for idx, a in enumerate(attributions):
            verb = a.verb
            if verb == trig.i:
                if trig.lemma_.lower() in self.lex.words.estimate_verbs:
                    return idx  # "Estonian intelligence estimates the annual total at 4.5 million"
                continue
            if a.how == "according":
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
            elif (
                vtok.dep_ == "ROOT"
                and trig.i not in ancestors
                and best is None
                and any(t.i == trig.i for t in vtok.subtree)
            ):
                best = idx
        if best is None:
            trig_clause = {t.i for t in trig.subtree}
            outside = [
                idx
                for idx, a in enumerate(attributions)
                if a.how == "verb"
                and a.verb != trig.i
                # "…2022, Lithuania's military intelligence estimated on Tuesday, much of it…": a closing speaker the
                # parser hung inside the claim's clause
                and (a.verb not in trig_clause or (doc[a.verb].dep_ == "acl" and a.speaker[0] > trig.i))
            ]
            if outside:
                best = outside[-1]
        return best
