"""The model's attribute ruler and lemmatizer, answered from memory for word forms seen before.

Both are rule-based and cost more than the parser on short sentences: the attribute ruler runs a Matcher
of 179 patterns over every token, and the English lemmatizer recomputes base forms on every token. What the
ruler's one-token rules leave on a token (part of speech, morphology, sometimes a lemma) depends only on its form,
tag and dependency label, and the lemmatizer's answer only on form, part of speech and morphology, so each is
computed once by the model's own component on a one-token probe and remembered. A sentence where one of the
ruler's few multi-token rules ("gon na", "there is") may start, or where a rule changes a tag, goes through the
Matcher and the ruler's own ordering of matches; the others get their answers in one `Doc.from_array` call
(reading and writing tokens one `Token` object at a time cost more than the rules). The output is the model's,
token for token (tests/test_extract_memoised.py compares them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

_MEMO_LIMIT = 200_000  # distinct keys remembered before the memory starts afresh


class MemoisedAttributeRuler:
    """Applies a model's AttributeRuler, remembering what its one-token rules leave on a token of a given (form, tag,
    dependency)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        # one-token rules under their own keys; the first token of each multi-token rule under "first:" keys
        self.single = Matcher(self.vocab, validate=False)
        self.multi = Matcher(self.vocab, validate=False)
        first_keys: set[int] = set()
        for attr_id in range(len(ruler.attrs)):  # the ruler's rules are keyed by their index, as strings
            patterns = ruler.matcher.get(str(attr_id))[1]
            if all(len(p) == 1 for p in patterns):
                self.single.add(str(attr_id), patterns)
            else:
                self.multi.add(str(attr_id), patterns)
                self.single.add(f"first:{attr_id}", [p[:1] for p in patterns])
                first_keys.add(self.vocab.strings.add(f"first:{attr_id}"))
        self.first_keys = frozenset(first_keys)
        self.memo: dict[tuple[int, int, int], list[int]] = {}
        #: (form, tag, dependency) -> (part of speech, morphology, lemma) after the one-token rules, or None when a
        #: rule there changes the tag or dependency or a multi-token rule may start there (the sentence is matched)
        self.outcome: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}

    def _outcome(self, key: tuple[int, int, int]) -> tuple[int, int, int] | None:
        """What the one-token rules leave on a token of this form, tag and dependency (no other rule applying)."""
        orth, tag, dep = key
        probe = Doc(self.vocab, words=[self.vocab.strings[orth]], spaces=[False])
        probe[0].tag = tag
        probe[0].dep = dep
        found = [match_id for match_id, _, _ in self.single(probe, allow_missing=True)]
        single = [m for m in found if m not in self.first_keys]
        may_start = len(single) < len(found)  # a multi-token rule may start here
        strings = self.vocab.strings
        self.ruler.set_annotations(probe, sorted((int(strings[m]), m, 0, 1) for m in single))
        t = probe[0]
        changed = (t.tag, t.dep) != (tag, dep)
        result = None if changed or may_start else (t.pos, t.morph.key, t.lemma)  # type: ignore[attr-defined]
        if len(self.outcome) >= _MEMO_LIMIT:
            self.outcome.clear()
            self.memo.clear()
        self.outcome[key] = result
        self.memo[key] = single
        return result

    def _single_matches(self, key: tuple[int, int, int]) -> list[int]:
        if key not in self.memo:
            self._outcome(key)
        return self.memo[key]

    def __call__(self, doc: Doc) -> Doc:
        keys = [(orth, tag, dep) for orth, tag, dep in doc.to_array([ORTH, TAG, DEP]).tolist()]
        outcome = self.outcome
        known = [outcome[key] if key in outcome else self._outcome(key) for key in keys]
        if None not in known:
            doc.from_array([POS, MORPH, LEMMA], numpy.array(known, dtype="uint64").reshape(len(keys), 3))  # type: ignore[arg-type]
            return doc
        # every match, applied by the ruler in its own order
        strings = self.vocab.strings
        matches = [(int(strings[m]), m, i, i + 1) for i, key in enumerate(keys) for m in self._single_matches(key)]
        if len(self.multi):
            matches += [(int(strings[m]), m, s, e) for m, s, e in self.multi(doc, allow_missing=True)]
        matches.sort()
        self.ruler.set_annotations(doc, matches)
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class MemoisedLemmatizer:
    """Applies a model's rule lemmatizer, computing each (form, part of speech, morphology) once."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}
        # The rule lemmatizer asks `form in index` of each candidate form, and the English index of known base forms
        # is a list per part of speech (about 10,000 nouns): as sets the same questions get the same answers without
        # a scan of the list each (about 100 microseconds a word seen for the first time, now a few).
        if lemmatizer.mode == "rule" and lemmatizer.lookups.has_table("lemma_index"):
            index = lemmatizer.lookups.get_table("lemma_index")
            for pos, forms in list(index.items()):
                if isinstance(forms, list):
                    index[pos] = frozenset(forms)

    def __call__(self, doc: Doc) -> Doc:
        if self.lemmatizer.overwrite:
            return self._each_token(doc)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        if all(row[3] for row in rows):
            return doc  # every token has its lemma (from the attribute ruler)
        lemmas = [row[3] or self._lemma(doc, i, row[0], row[1], row[2]) for i, row in enumerate(rows)]
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(len(rows), 1))  # type: ignore[arg-type]
        return doc

    def _lemma(self, doc: Doc, i: int, orth: int, pos: int, morph: int) -> int:
        key = (orth, pos, morph)
        lemma = self.memo.get(key)
        if lemma is None:
            lemma = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[key] = lemma
        return lemma

    def _each_token(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        overwrite = self.lemmatizer.overwrite
        for token in doc:
            if overwrite or token.lemma == 0:
                # MorphAnalysis.key exists at run time but is missing from spaCy's stubs
                key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
                lemma = self.memo.get(key)
                if lemma is None:
                    lemma = strings.add(self.lemmatizer.lemmatize(token)[0])
                    if len(self.memo) >= _MEMO_LIMIT:
                        self.memo.clear()
                    self.memo[key] = lemma
                token.lemma = lemma
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def install_memoised_rules(nlp: Language) -> None:
    """Wrap the pipeline's `attribute_ruler` and `lemmatizer` (same names, same positions, same output)."""
    for name, factory in (
        ("attribute_ruler", "armsledger_memoised_ruler_v1"),
        ("lemmatizer", "armsledger_memoised_lemmatizer_v1"),
    ):
        if name not in nlp.pipe_names:
            continue
        inner = nlp.get_pipe(name)
        if not isinstance(inner, AttributeRuler | Lemmatizer):
            continue
        nlp.replace_pipe(name, factory)
        cast(_Pending, nlp.get_pipe(name)).wrap(inner)


class _Pending:
    """A factory's placeholder until `install_memoised_rules` hands it the model's component."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.inner: MemoisedAttributeRuler | MemoisedLemmatizer | None = None

    def wrap(self, component: AttributeRuler | Lemmatizer) -> None:
        self.inner = self.cls(component)

    def __call__(self, doc: Doc) -> Doc:
        assert self.inner is not None, "install_memoised_rules() wraps the model's component"
        return self.inner(doc)

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        assert self.inner is not None, "install_memoised_rules() wraps the model's component"
        return self.inner.pipe(docs, batch_size=batch_size)


@Language.factory("armsledger_memoised_ruler_v1", assigns=["token.pos", "token.morph", "token.lemma"])
def make_memoised_ruler(nlp: Language, name: str) -> _Pending:
    return _Pending(MemoisedAttributeRuler)


@Language.factory("armsledger_memoised_lemmatizer_v1", assigns=["token.lemma"], requires=["token.pos"])
def make_memoised_lemmatizer(nlp: Language, name: str) -> _Pending:
    return _Pending(MemoisedLemmatizer)
