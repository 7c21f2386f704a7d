"""armsledger_predicates_v1: mark claim triggers (verbs and nouns) with their kind and frame.

`token._.triggers` is a list of (kind, frame) pairs from data/predicates.yaml: "sent" →
[("transfer", "give")], "received" → [("transfer", "receive")], "production" →
[("production", "actor")]. Auxiliaries and words inside actor names are never triggers."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from armsledger.extract.reference import lexicon

_VERB_FRAMES = {"give", "receive", "move"}


class PredicateTagger:
    def __init__(self, nlp: Language) -> None:
        self.lex = lexicon()

    def __call__(self, doc: Doc) -> Doc:
        actor_tokens = {t.i for s in doc.spans.get("actors", []) for t in s}
        for tok in doc:
            if tok.dep_ in ("aux", "auxpass") or tok.i in actor_tokens:
                continue
            lemma = tok.lemma_.lower()
            pairs = self.lex.triggers.get(lemma) or self.lex.triggers.get(tok.lower_)
            if not pairs:
                continue
            is_verb = tok.pos_ in ("VERB",) or tok.tag_.startswith("VB")
            if not is_verb and lemma in self.lex.words.verb_only_triggers:
                continue  # "attacked with 185 drones" uses them; "attack drones" are a kind of drone
            is_noun = tok.pos_ in ("NOUN", "PROPN")
            chosen = []
            for kind, frame in pairs:
                if frame in _VERB_FRAMES and not is_verb:
                    continue
                if frame == "noun" and not is_noun:
                    continue
                if frame == "actor" and not (is_verb or is_noun or tok.pos_ == "ADJ"):
                    continue
                chosen.append((kind, frame))
            if chosen:
                tok._.triggers = chosen
        return doc


@Language.factory("armsledger_predicates_v1", assigns=["token._.triggers"], requires=["token.lemma", "token.pos"])
def make_predicate_tagger(nlp: Language, name: str) -> PredicateTagger:
    return PredicateTagger(nlp)
