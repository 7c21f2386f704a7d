"""armsledger_status_v1: mark status and polarity cues on tokens (`token._.status_cue`).

Cues come from data/status.yaml: `committed` (pledged, will, approved), `target` (goal, aims,
plans), `request` (needs, asked, hopes: not claims), `denial` (denies, not, never) and `cap`
(a cap or limit: its number is not a flow)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from armsledger.extract.reference import lexicon


class StatusTagger:
    def __init__(self, nlp: Language) -> None:
        lex = lexicon()
        self.table = []
        for cue_kind in ("request", "denial", "cap", "target", "committed"):
            words = {w for w in getattr(lex, cue_kind) if " " not in w}
            self.table.append((cue_kind, words))

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            lemma, lower = tok.lemma_.lower(), tok.lower_
            for cue_kind, words in self.table:
                if lemma in words or lower in words:
                    if cue_kind == "denial" and lower in ("no",) and tok.dep_ not in ("det", "neg"):
                        continue
                    tok._.status_cue = cue_kind
                    break
        return doc


@Language.factory("armsledger_status_v1", assigns=["token._.status_cue"], requires=["token.lemma"])
def make_status_tagger(nlp: Language, name: str) -> StatusTagger:
    return StatusTagger(nlp)
