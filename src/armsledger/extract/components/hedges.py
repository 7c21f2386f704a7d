"""armsledger_hedges_v1: hedge cues ("believes", "likely", "allegedly", "enough to hold") with the
ICD 203 band each implies, as `doc.spans["hedges"]` labelled with the band (data/hedges.yaml)."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armsledger.extract.reference import lexicon


class HedgeTagger:
    def __init__(self, nlp: Language) -> None:
        self.lex = lexicon()
        self.modals = self.lex.words.possibility_modals
        self.attributed_nouns = self.lex.hedges_file.attributed_nouns
        self.phrase_openers = {p.split()[0].lower() for p in self.lex.sources.attribution_phrases}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for cue, band in self.lex.hedges.items():
            self.matcher.add(band, [nlp.make_doc(cue)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=doc.vocab.strings[match_id])
            if len(span) == 1:
                tok = span[0]
                if tok.lower_ in self.modals and (tok.tag_ != "MD" or tok.text == "May"):
                    continue  # "May 2024", not the modal
                if (
                    tok.lower_ in self.attributed_nouns
                    and tok.pos_ == "NOUN"
                    and not any(a.lower_ in self.phrase_openers for a in tok.ancestors)
                ):
                    continue  # "what assessment the ministry had made" hedges nothing
            span._.band = span.label_
            spans.append(span)
        doc.spans["hedges"] = filter_spans(spans)
        return doc


@Language.factory("armsledger_hedges_v1", assigns=["doc.spans"], requires=["token.tag"])
def make_hedge_tagger(nlp: Language, name: str) -> HedgeTagger:
    return HedgeTagger(nlp)
