"""armsledger_entities_v1: run the model's named-entity recogniser only where a source may be named.

Names of people and organisations matter to armsledger only as sources ("Shin Won-sik said",
"according to the NIS"). The recogniser is the costliest part of the statistical pipeline, so this
component wraps it and runs it on sentences with an attribution cue (a speech verb, "according
to", "citing", "interview"); other sentences get no entities."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from armsledger.extract.reference import lexicon


def source_cues() -> frozenset[str]:
    """Lemmas and words that announce a named source: speech and citing verbs, interview and judgement
    nouns, the first words of attribution phrases ("according")."""
    src = lexicon().sources
    openers = {p.split()[0].lower() for p in src.attribution_phrases}
    nouns = {n for n in src.interview_nouns | src.attribution_nouns if " " not in n}
    return frozenset(src.speech_verbs | src.citing_verbs | nouns | openers)


def known_words() -> frozenset[str]:
    """Lower-cased words of every actor alias, body name and materiel phrase the lexicon knows ("Patriot",
    "HIMARS"), and common capitalised words
    (months, days, sentence openers): a sentence whose capitalised words are all known needs no recogniser."""
    lex = lexicon()
    words: set[str] = set()
    for phrase in (*lex.actor_aliases, *lex.organisation_names, *lex.items):
        words.update(w.lower().strip(".,'’") for w in phrase.replace("-", " ").split())
    words.update(lex.words.common_capitalised)
    return frozenset(words)


class GatedEntityRecognizer:
    def __init__(self, nlp: Language, ner) -> None:
        self.ner = ner
        self.cues = source_cues()
        self.known = known_words()

    def needs_entities(self, doc: Doc) -> bool:
        """Whether a sentence may name a person or body the lexicon does not know: it has a source cue and a
        capitalised word that is no known actor, body, materiel or common word ("Kirby", not "North Korea
        said"); a sentence's first word counts only when tagged a proper noun ("Chemezov said", not "Analysts
        said")."""
        if not any(t.lemma_.lower() in self.cues or t.lower_ in self.cues for t in doc):
            return False
        return any(
            t.is_alpha
            and t.text[:1].isupper()
            and t.lower_ not in self.known
            and (t.i > 0 or t.tag_ in ("NNP", "NNPS"))
            for t in doc
        )

    def __call__(self, doc: Doc) -> Doc:
        return self.ner(doc) if self.needs_entities(doc) else doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Batch the recogniser over the sentences that need it; keep the order of all."""
        for batch in minibatch(docs, size=batch_size):
            wanted = [d for d in batch if self.needs_entities(d)]
            if wanted:
                list(self.ner.pipe(wanted, batch_size=batch_size))
            yield from batch


def install_gated_ner(nlp: Language) -> None:
    """Replace the pipeline's `ner` with the gated wrapper (same position, same model)."""
    if "ner" not in nlp.pipe_names:
        return
    ner = nlp.get_pipe("ner")
    index = nlp.pipe_names.index("ner")
    nlp.remove_pipe("ner")
    name = "entities"
    nlp.add_pipe(
        "armsledger_entities_v1", name=name, before=nlp.pipe_names[index] if index < len(nlp.pipe_names) else None
    )
    cast(GatedEntityRecognizer, nlp.get_pipe(name)).ner = ner


@Language.factory("armsledger_entities_v1", assigns=["doc.ents"], requires=["token.lemma"])
def make_gated_ner(nlp: Language, name: str) -> GatedEntityRecognizer:
    return GatedEntityRecognizer(nlp, None)
