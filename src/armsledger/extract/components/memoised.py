"""The model's attribute ruler and lemmatizer, answered from memory for word forms seen before.

Both are rule-based and cost more than the parser on short sentences: the attribute ruler runs a Matcher
of 179 patterns over every token, and the English lemmatizer recomputes base forms on every token. Their
result for a token depends only on its form, tag and dependency label (the ruler's one-token rules) or its
form, part of speech and morphology (the lemmatizer), so each answer is computed once by the model's own
component and remembered. The ruler's few multi-token rules ("gon na", "there is") still run through a
Matcher over the sentence, and all matches are applied in the ruler's own order by the ruler itself, so the
output is the model's, token for token (tests/test_extract_memoised.py compares them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

_MEMO_LIMIT = 200_000  # distinct keys remembered before the memory starts afresh


class MemoisedAttributeRuler:
    """Applies a model's AttributeRuler, matching its one-token rules once per (form, tag, dependency)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.single = Matcher(self.vocab, validate=False)
        self.multi = Matcher(self.vocab, validate=False)
        for attr_id in range(len(ruler.attrs)):  # the ruler's rules are keyed by their index, as strings
            patterns = ruler.matcher.get(str(attr_id))[1]
            target = self.single if all(len(p) == 1 for p in patterns) else self.multi
            target.add(str(attr_id), patterns)
        self.memo: dict[tuple[int, int, int], list[int]] = {}

    def _single_matches(self, orth: int, tag: int, dep: int) -> list[int]:
        key = (orth, tag, dep)
        found = self.memo.get(key)
        if found is None:
            probe = Doc(self.vocab, words=[self.vocab.strings[orth]], spaces=[False])
            probe[0].tag = tag
            probe[0].dep = dep
            found = [match_id for match_id, _, _ in self.single(probe, allow_missing=True)]
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        strings = self.vocab.strings
        matches = [(int(strings[m]), m, t.i, t.i + 1) for t in doc for m in self._single_matches(t.orth, t.tag, t.dep)]
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

    def __call__(self, doc: Doc) -> Doc:
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
