"""armsledger_status_v1: mark status and polarity cues (data/status.yaml).

Single words mark their token (`token._.status_cue`, by lemma or text): `committed` (pledged,
approved), `target` (goal, aims, plans), `capacity` (capacity, able), `interdicted` (seized,
intercepted), `request` (needs, asked, hopes: not claims), `stop` (a ban, halt or embargo: not
claims), `denial` (denies, never) and `cap` (a cap or limit: its number is not a flow). Phrases ("is to", "going to",
"on track", "shopping list") go to `doc.spans["status_phrases"]` labelled with their cue kind; a
phrase of request or denial also marks its head word, which the claim rules meet on the parse."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armsledger.extract.reference import lexicon

CUE_KINDS = ("request", "denial", "cap", "stop", "interdicted", "capacity", "target", "committed")


class StatusTagger:
    def __init__(self, nlp: Language) -> None:
        status = lexicon().status
        self.table = []
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for cue_kind in CUE_KINDS:
            words = getattr(status, cue_kind)
            self.table.append((cue_kind, {w for w in words if " " not in w}))
            phrases = [nlp.make_doc(w) for w in words if " " in w]
            if phrases:
                self.phrases.add(cue_kind, phrases)

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            lemma, lower = tok.lemma_.lower(), tok.lower_
            for cue_kind, words in self.table:
                if lemma in words or lower in words:
                    if cue_kind == "denial" and lower in ("no",) and tok.dep_ not in ("det", "neg"):
                        continue
                    tok._.status_cue = cue_kind
                    break
        spans = filter_spans([Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.phrases(doc)])
        for span in spans:
            if span.label_ in ("request", "denial", "cap", "stop", "interdicted", "capacity"):
                span.root._.status_cue = span.label_
        doc.spans["status_phrases"] = spans
        return doc


@Language.factory("armsledger_status_v1", assigns=["token._.status_cue", "doc.spans"], requires=["token.lemma"])
def make_status_tagger(nlp: Language, name: str) -> StatusTagger:
    return StatusTagger(nlp)
