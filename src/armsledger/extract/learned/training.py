"""Train the claim filter on gold corpora with spaCy's own training loop, and measure it by cross-validation.

Each claim the rules propose in a gold document is an example: CLAIM when the reference scorer pairs it with a
gold claim (same core and value), NOT otherwise. The filter is a bag-of-words `textcat` over `features.py`'s
feature strings. Its threshold is the one that gives the best pooled F1 over the held-out folds (each fold a gold
corpus the filter was not trained on), so the figure it is chosen by is measured on unseen documents."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from armsledger.errors import GoldFileError
from armsledger.evaluate.gold import load_gold_corpus, read_gold_document
from armsledger.evaluate.scoring import match_doc
from armsledger.extract.learned.claim_filter import LABEL, OTHER, ClaimFilter
from armsledger.extract.learned.features import document_features

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TextCategorizer

    from armsledger.extract.extractor import Extractor

THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(11))  # 0.10 … 0.60
EPOCHS = 8
HASHED_FEATURES = 65536


@dataclass(frozen=True)
class Row:
    corpus: str
    features: list[str]
    label: int


@dataclass
class Corpus:
    name: str
    gold: int  # gold claims
    rows: list[Row]


def labelled_corpus(
    gold_dir: str | Path, extractor: Extractor, on_document: Callable[[], None] | None = None
) -> Corpus:
    """The rules' proposals over one gold corpus (the filter off), each labelled by the reference scorer's pairing."""
    folder, gold_docs = load_gold_corpus(gold_dir)
    rows: list[Row] = []
    gold = 0
    for entry in gold_docs:
        doc, published = read_gold_document(folder, entry)
        proposed = [c.to_json_dict() for c in extractor.extract(doc, published=published)]
        matched = {pi for _, pi in match_doc(entry["claims"], proposed)}
        for i, features in enumerate(document_features(proposed, doc.text)):
            rows.append(Row(folder.name, features, int(i in matched)))
        gold += len(entry["claims"])
        if on_document:
            on_document()
    return Corpus(folder.name, gold, rows)


def fit(rows: Sequence[Row], *, epochs: int = EPOCHS, seed: int = 0) -> Language:
    """A blank English pipeline with one bag-of-words textcat trained on `rows` (deterministic for a seed)."""
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = cast(
        "TextCategorizer",
        nlp.add_pipe(
            "textcat",
            config={
                "model": {
                    "@architectures": "spacy.TextCatBOW.v3",
                    "exclusive_classes": True,
                    "ngram_size": 1,
                    "no_output_layer": False,
                    "length": HASHED_FEATURES,
                }
            },
        ),
    )
    textcat.add_label(LABEL)
    textcat.add_label(OTHER)
    examples = [
        Example.from_dict(Doc(nlp.vocab, words=r.features), {"cats": {LABEL: float(r.label), OTHER: 1.0 - r.label}})
        for r in rows
    ]
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(seed)
    for _ in range(epochs):
        order.shuffle(examples)
        for batch in minibatch(examples, 32):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def _scores(nlp: Language, rows: Sequence[Row]) -> list[float]:
    from spacy.tokens import Doc

    docs = [Doc(nlp.vocab, words=r.features) for r in rows]
    return [float(d.cats[LABEL]) for d in cast("TextCategorizer", nlp.get_pipe("textcat")).pipe(docs)]


def _f1(matched: int, proposed: int, gold: int) -> float:
    return round(2 * matched / (proposed + gold), 4) if proposed + gold else 0.0


def cross_validate(corpora: Sequence[Corpus], folds: Sequence[str], *, epochs: int = EPOCHS) -> dict[str, Any]:
    """Leave each fold's corpus out, train on the rest, score the fold at every threshold: per fold and pooled
    F1 without the filter and with it, and the threshold with the best pooled F1."""
    per_fold: dict[str, Any] = {}
    pooled = {t: [0, 0] for t in THRESHOLDS}  # threshold -> [matched, proposed]
    base = [0, 0]
    gold = 0
    for name in folds:
        held = next(c for c in corpora if c.name == name)
        nlp = fit([r for c in corpora if c.name != name for r in c.rows], epochs=epochs)
        scores = _scores(nlp, held.rows)
        labels = [r.label for r in held.rows]
        entry: dict[str, Any] = {"gold": held.gold, "f1_rules": _f1(sum(labels), len(labels), held.gold)}
        base[0] += sum(labels)
        base[1] += len(labels)
        gold += held.gold
        for t in THRESHOLDS:
            kept = [lab for s, lab in zip(scores, labels, strict=True) if s >= t]
            entry[f"f1_at_{t:.2f}"] = _f1(sum(kept), len(kept), held.gold)
            pooled[t][0] += sum(kept)
            pooled[t][1] += len(kept)
        per_fold[name] = entry
    by_threshold = {f"{t:.2f}": _f1(m, n, gold) for t, (m, n) in pooled.items()}
    best = max(THRESHOLDS, key=lambda t: (_f1(pooled[t][0], pooled[t][1], gold), -t))
    return {
        "folds": per_fold,
        "pooled_f1_rules": _f1(base[0], base[1], gold),
        "pooled_f1_by_threshold": by_threshold,
        "threshold": best,
        "pooled_f1_filtered": _f1(pooled[best][0], pooled[best][1], gold),
    }


def train_filter(
    gold_dirs: Sequence[str | Path],
    *,
    folds: Sequence[str] | None = None,
    epochs: int = EPOCHS,
    threshold: float | None = None,
    on_document: Callable[[], None] | None = None,
) -> ClaimFilter:
    """Label the rules' proposals over `gold_dirs`, choose the threshold by leaving each of `folds` (corpus folder
    names; default every corpus) out in turn (or take `threshold`), then train on everything."""
    from armsledger.extract.extractor import EXTRACTOR_VERSION, Extractor

    extractor = Extractor(filtered=False)
    corpora = [labelled_corpus(d, extractor, on_document) for d in gold_dirs]
    names = [c.name for c in corpora]
    if len(set(names)) != len(names):
        raise GoldFileError("two gold corpora share a folder name; give each corpus its own name", path=str(names))
    chosen = list(folds) if folds else names
    unknown = [f for f in chosen if f not in names]
    if unknown:
        given = ", ".join(names)
        raise GoldFileError(f"fold {unknown[0]!r} is not one of the corpora given ({given})", path=unknown[0])
    cv = cross_validate(corpora, chosen, epochs=epochs) if len(corpora) > 1 else None
    nlp = fit([r for c in corpora for r in c.rows], epochs=epochs)
    meta = {
        "rules": EXTRACTOR_VERSION,
        "epochs": epochs,
        "trained_on": {
            c.name: {"gold": c.gold, "proposed": len(c.rows), "matched": sum(r.label for r in c.rows)} for c in corpora
        },
        "cross_validation": cv,
    }
    if threshold is not None:
        meta["threshold_given"] = threshold  # cross-validation's pick stays in `cross_validation`
    return ClaimFilter(nlp, threshold if threshold is not None else cv["threshold"] if cv else 0.5, meta)
