"""armsledger_actors_v1: tag mentions of states, blocs, groups and companies with their actor code.

Spans go to `doc.spans["actors"]` labelled with the code, or `ANAPHOR` for descriptions such as
"the isolated nation" that the document stage resolves to a recently named actor."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from armsledger.extract.reference import lexicon


class ActorTagger:
    def __init__(self, nlp: Language) -> None:
        lex = lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_code: dict[str, list] = {}
        for phrase, code in lex.actor_aliases.items():
            by_code.setdefault(code, []).append(nlp.make_doc(phrase))
        for code, docs in by_code.items():
            self.matcher.add(code, docs)
        self.matcher.add("ANAPHOR", [nlp.make_doc(p) for p in lex.anaphors])
        # bodies that act for a state ("the Pentagon", "Congress") count as that state when they act
        self.org_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_country: dict[str, list] = {}
        for phrase, code in lex.organisation_names.items():
            for variant in (phrase, "the " + phrase, "The " + phrase):
                by_country.setdefault(code, []).append(nlp.make_doc(variant))
        for code, docs in by_country.items():
            self.org_matcher.add(code, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=doc.vocab.strings[match_id]) for match_id, start, end in self.matcher(doc)]
        orgs = [
            Span(doc, start, end, label=doc.vocab.strings[match_id]) for match_id, start, end in self.org_matcher(doc)
        ]
        doc.spans["actors"] = _longest_names(spans + orgs)
        return doc


def _longest_names(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first; between equally long ones a name beats a phrase opening with
    "the" ("the North Korean shells": "North Korean", not "the North")."""
    ranked = sorted(spans, key=lambda s: (-len(s), s[0].lower_ == "the", s.start))
    taken: set[int] = set()
    kept = []
    for span in ranked:
        if not any(i in taken for i in range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


@Language.factory("armsledger_actors_v1", assigns=["doc.spans"], requires=["token.orth"])
def make_actor_tagger(nlp: Language, name: str) -> ActorTagger:
    return ActorTagger(nlp)
