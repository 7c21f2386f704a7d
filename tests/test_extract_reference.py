"""Reference data sanity: the lexicons load, and no phrase would match plain numbers or nothing."""

from __future__ import annotations

import spacy

from armsledger.extract.reference import lexicon
from armsledger.model import ITEM_CODES


def test_item_phrases_are_words_not_bare_numbers():
    nlp = spacy.blank("en")
    for phrase in lexicon().items:
        tokens = nlp.make_doc(phrase)
        assert not all(t.like_num or t.is_punct for t in tokens), f"item phrase {phrase!r} is only a number"


def test_item_codes_are_schema_codes():
    assert set(lexicon().items.values()) <= set(ITEM_CODES)


def test_hedge_bands_are_icd203_bands():
    bands = {"almost_no_chance", "very_unlikely", "unlikely", "roughly_even", "likely", "very_likely", "almost_certain"}
    assert set(lexicon().hedges.values()) <= bands
