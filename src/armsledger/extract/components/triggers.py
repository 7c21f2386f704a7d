"""Find the trigger that governs a counted noun or an item mention (the claim's predicate)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from armsledger.extract.components.claim_rules import UP_ALWAYS

if TYPE_CHECKING:
    from armsledger.extract.reference import Lexicon


VERB_BEFORE_TOKENS = 20  # how far back a counted noun may look for the verb that opens its clause
FINITE_OR_PARTICIPLE = ("VBD", "VBZ", "VBP", "VBN")


class TriggerFinder:
    """Mixin: walk the dependency parse from an anchor token up to its trigger."""

    lex: Lexicon  # set by the ClaimAssembler
    subject_of: Callable[[Token], Token | None]  # FrameReader's, in the ClaimAssembler

    def _is_trigger(self, tok: Token, speaker_tokens: set[int]) -> bool:
        content = self.lex.words.content_verbs
        if not tok._.triggers or tok.i in speaker_tokens:
            return False
        # "containers holding shells": a content verb modifying a noun is not a stockpile claim
        if (
            tok.lemma_.lower() in content
            and tok.dep_ in ("acl", "relcl", "amod")
            and not any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in tok.children)
        ):
            return False  # "containers holding shells" (but "…that Hamas held 15,000 rockets" is a stockpile)
        if tok.lemma_.lower() in content and tok.dep_ in ("xcomp", "advcl") and tok.head.pos_ == "ADJ":
            return False  # "enough to hold"
        # "enough, by his ministry's reckoning, to hold 3 million shells"
        return not (
            tok.lemma_.lower() in content and any(t.lower_ == "enough" for t in tok.doc[max(0, tok.i - 12) : tok.i])
        )

    def find_trigger(self, anchor: Token, speaker_tokens: set[int]) -> tuple[Token | None, list[Token]]:
        """Walk up from the counted noun to the trigger that governs it; return it and the path."""
        w = self.lex.words
        if self._is_trigger(anchor, speaker_tokens) and anchor.pos_ == "VERB":
            return anchor, [anchor]  # a verb that names its own materiel ("arming")
        path = [anchor]
        node = anchor
        rel = self.lex.words.relative_pronouns
        # "Slovakia handed over the 13 MiG-29 fighters it had pledged", "completed delivery of all 19 F-16s it
        # pledged": the clause the figure is the object of moves it; the relative clause only recalls the pledge
        governor = anchor.head if anchor.dep_ == "dobj" else anchor.head.head if anchor.dep_ == "pobj" else None
        moved = (
            governor is not None
            and self._is_trigger(governor, speaker_tokens)
            and governor.lemma_.lower() not in w.cargo_nouns  # (not "a new consignment of Patriot missiles, whose …")
            and any(kind == "transfer" and frame in ("give", "move", "noun") for kind, frame in governor._.triggers)
        )
        for child in [] if moved else anchor.children:
            # "the 10,000 troops the North has sent": a relative clause with its own subject
            subjects = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            if (
                child.dep_ == "relcl"
                and self._is_trigger(child, speaker_tokens)
                and subjects
                and not any(t.lower_ in rel for s in subjects for t in s.subtree)
            ):
                return child, path
        for child in anchor.children:  # "shells sent to Russia", "14,600 fired by Ukraine"
            if (
                child.dep_ == "acl"
                and self._is_trigger(child, speaker_tokens)
                and child.i > anchor.i
                and child.tag_ == "VBN"
                and (anchor.like_num or any(f in ("give", "receive") for _, f in child._.triggers))
                and not (
                    # "Units received 180,000 drones procured from Ukrainian makers": the clause's verb moved them
                    all(f == "receive" for _, f in child._.triggers)
                    and anchor.dep_ == "dobj"
                    and self._is_trigger(anchor.head, speaker_tokens)
                )
            ):
                return child, path
        if anchor.dep_ == "nsubj" and anchor.head.pos_ in ("VERB", "AUX"):
            for comp in anchor.head.children:  # "11,000 troops remain deployed in Russia": the participle moved them
                if comp.dep_ in ("acomp", "oprd") and comp.tag_ == "VBN" and self._is_trigger(comp, speaker_tokens):
                    return comp, [anchor, anchor.head, comp]
        if anchor.dep_ in ("nsubj", "nsubjpass") and anchor.head.pos_ in ("VERB", "AUX"):
            # "the first 12 aircraft are scheduled for delivery by 2032", "… are due for delivery": the noun moves them
            holders = [anchor.head, *(c for c in anchor.head.children if c.dep_ in ("acomp", "oprd"))]
            for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "for"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if self._is_trigger(pobj, speaker_tokens) and pobj._.triggers[0] == ("transfer", "noun"):
                        return pobj, [anchor, anchor.head, pobj]
        while node.head.i != node.i:
            dep = node.dep_
            head = node.head
            if dep == "pobj":
                if head.lower_ in w.purpose_prepositions and head.head.lemma_.lower() in w.counter_flow_nouns:
                    return self._fallback(path, speaker_tokens)  # "in return for Russian technology": the other way
                if head.lower_ not in w.path_prepositions:
                    return self._fallback(path, speaker_tokens)
            elif dep == "prep":
                if node.lower_ not in w.path_prepositions and not node.like_num:
                    return self._fallback(path, speaker_tokens)
            elif dep in ("acl", "relcl", "xcomp", "advcl", "ccomp") and node.i == anchor.i and node.pos_ == "VERB":
                pass  # the tagger read the item noun as a verb ("mortar rounds a month"): keep climbing
            elif dep in ("acl", "relcl", "xcomp", "advcl"):
                if node.lemma_.lower() not in w.content_verbs and not (dep == "xcomp" and head.pos_ == "ADJ"):
                    return self._fallback(path, speaker_tokens)
            elif dep not in UP_ALWAYS:
                return self._fallback(path, speaker_tokens)
            node = head
            path.append(node)
            if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in w.level_verbs:
                subj = self.subject_of(node)  # "deliveries had reached 524,000", "output stands at 40,000"
                if subj is not None and self._is_trigger(subj, speaker_tokens) and subj.pos_ in ("NOUN", "PROPN"):
                    return subj, [*path, subj]
            if self._is_trigger(node, speaker_tokens):
                return node, path
            if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in w.location_verbs:
                for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in w.location_prepositions):
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        if self._is_trigger(pobj, speaker_tokens) and pobj._.triggers[0][0] == "stockpile":
                            return pobj, [*path, pobj]  # "3 million shells remain in Russian reserve stocks"
            if node.pos_ == "VERB" and node.lemma_.lower() in w.estimate_verbs:
                # "put Russian fire at 44,500 shells a day and Ukrainian fire at 14,600": the nearest one before
                objs = [
                    c
                    for c in node.subtree
                    if c.dep_ in ("dobj", "conj")
                    and c.i < anchor.i
                    and c.pos_ == "NOUN"
                    and self._is_trigger(c, speaker_tokens)
                    and c.head.i in (node.i, *[x.i for x in node.children])
                ]
                if objs:
                    return objs[-1], [*path, objs[-1]]
            if (
                node.lemma_.lower() in self.lex.sources.speech_verbs
                and node.i not in speaker_tokens
                and node.pos_ == "VERB"
                and node.lemma_.lower() not in w.content_verbs
            ):
                return self._fallback(path, speaker_tokens)
        return self._fallback(path, speaker_tokens)

    def _fallback(self, path: list[Token], speaker_tokens: set[int]) -> tuple[Token | None, list[Token]]:
        """No trigger above: a relative clause on the noun ("the shells North Korea supplied"), a movement
        verb hanging off a verb on the path ("spotted leaving"), or the noun itself ("a $400m package")."""
        anchor = path[0]
        found = self._fallback_clause(path, speaker_tokens)
        if (
            found[0] is None
            and self._is_trigger(anchor, speaker_tokens)
            and anchor.pos_ in ("NOUN", "PROPN")
            and any(
                c.dep_ in ("nummod", "quantmod", "compound") and (c.like_num or c.text in "$€") for c in anchor.subtree
            )
        ):
            return anchor, path
        if found[0] is None:
            valued = self._valued_noun(anchor, speaker_tokens)
            if valued is not None:
                return valued, [*path, valued]
        if found[0] is None:
            verb = self._verb_before(anchor, speaker_tokens)
            if verb is not None:
                return verb, [*path, verb]
        return found

    def _verb_before(self, anchor: Token, speaker_tokens: set[int]) -> Token | None:
        """ "the enemy used against Ukraine more than 2,100 attack drones, 34 missiles and 1,500 bombs", parsed with
        the counts in apposition to "the enemy": the trigger verb that opens the clause the counted noun stands in,
        when no other verb or clause boundary lies between them."""
        doc = anchor.doc
        for tok in reversed(doc[max(0, anchor.i - VERB_BEFORE_TOKENS) : anchor.i]):
            if (
                tok.text == ":"
                and doc._.layout != "bullet"  # "• Funds committed by Denmark so far: DKK 9.4 billion": a list item
                and not any(t.pos_ in ("VERB", "AUX") for t in doc[tok.i + 1 : anchor.i])
            ):
                return self._trigger_before_colon(tok, speaker_tokens)
            if tok.i in speaker_tokens or tok.text in (";", ":", ".", "(", ")", "—", '"', "“", "”"):
                return None
            if tok.dep_ == "prep" and anchor in tok.subtree:
                return None  # "…provided, against the minimum baseline of €40 billion": the noun is the phrase's
            if tok.pos_ in ("VERB", "AUX"):
                if tok.pos_ == "VERB" and tok.tag_ in FINITE_OR_PARTICIPLE and self._is_trigger(tok, speaker_tokens):
                    return tok
                if tok.dep_ == "amod":
                    continue  # "guided aerial bombs": a participle that describes the noun
                return None
        return None

    def _trigger_before_colon(self, colon: Token, speaker_tokens: set[int]) -> Token | None:
        """ "approved two sales to Taiwan that form its first loitering-munition buy: 720 Switchblade 300 munitions …,
        and 291 Altius-600M systems": the transfer verb of the clause a colon's enumeration completes."""
        doc = colon.doc
        for tok in reversed(doc[max(colon.sent.start, colon.i - VERB_BEFORE_TOKENS * 2) : colon.i]):
            if tok.i in speaker_tokens or tok.text in (";", ".", ":"):
                return None
            if (
                tok.pos_ == "VERB"
                and tok.tag_ in FINITE_OR_PARTICIPLE
                and self._is_trigger(tok, speaker_tokens)
                and any(kind == "transfer" for kind, _ in tok._.triggers)
            ):
                return tok
        return None

    def _valued_noun(self, anchor: Token, speaker_tokens: set[int]) -> Token | None:
        """ "decided on a new package for Ukraine worth 300 million euros": the parser hung "worth" on the verb;
        the sum values the trigger noun just before it."""
        worth = next((t for t in (anchor, *anchor.ancestors) if t.lower_ in self.lex.words.value_words), None)
        if worth is None or worth.i > anchor.i:
            return None
        doc = anchor.doc
        for tok in reversed(doc[max(0, worth.i - 8) : worth.i]):
            if tok.pos_ == "VERB" or tok.text in (";", ".") or tok.i in speaker_tokens:
                return None
            if tok.pos_ == "NOUN" and self._is_trigger(tok, speaker_tokens):
                return tok
        return None

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
                if (
                    child.dep_ in ("xcomp", "advcl", "acl")
                    and self._is_trigger(child, speaker_tokens)
                    and any(k == "transfer" for k, _ in child._.triggers)
                ):
                    return child, path
        for k, node in enumerate(path[1:], start=1):
            # "200 sets of body armour were released from stocks and shipped to Ukraine": the subject of a verb is
            # the subject of the trigger conjoined with it, when that has none of its own
            if node.pos_ not in ("VERB", "AUX") or path[k - 1].dep_ not in ("nsubj", "nsubjpass"):
                continue
            for child in node.children:
                if (
                    child.dep_ == "conj"
                    and child.pos_ == "VERB"
                    and self._is_trigger(child, speaker_tokens)
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
                ):
                    return child, [*path, child]
            break
        return None, path
