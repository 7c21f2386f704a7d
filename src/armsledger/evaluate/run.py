"""Run the extractor over a gold corpus and score it."""

from __future__ import annotations

from pathlib import Path

from armsledger.evaluate.gold import load_gold_corpus, read_gold_document
from armsledger.evaluate.scoring import score
from armsledger.extract import Extractor, get_extractor


def evaluate_corpus(gold_dir: str | Path, *, extractor: Extractor | None = None) -> dict:
    """Extract every gold document (each with its gold publication date) and score the claims.

    Returns the scorer's summary plus `errors` (misses, spurious claims, wrong attributes) and
    `predictions` (the claims as SCHEMA dicts)."""
    folder, gold_docs = load_gold_corpus(gold_dir)
    predictions = _predict(folder, gold_docs, extractor or get_extractor())
    return _summarise(gold_docs, predictions)


def evaluate_corpora(gold_dirs: list[str | Path], *, extractor: Extractor | None = None) -> dict:
    """Several gold folders scored as one corpus (documents named `folder/file` so names never collide), with
    each folder's own precision, recall and F1 under `by_corpus`."""
    if len(gold_dirs) == 1:
        return evaluate_corpus(gold_dirs[0], extractor=extractor)
    ex = extractor or get_extractor()
    all_docs: list[dict] = []
    all_predictions: list[dict] = []
    parts: dict[str, tuple[list[dict], list[dict]]] = {}
    for gold_dir in gold_dirs:
        folder, gold_docs = load_gold_corpus(gold_dir)
        predictions = _predict(folder, gold_docs, ex)
        parts[folder.name] = (gold_docs, predictions)
        all_docs.extend({**d, "doc": f"{folder.name}/{d['doc']}"} for d in gold_docs)
        all_predictions.extend({**c, "doc": f"{folder.name}/{c.get('doc')}"} for c in predictions)
    summary = _summarise(all_docs, all_predictions)
    summary["by_corpus"] = {}
    for name, (docs, predictions) in parts.items():
        part, _ = score(docs, predictions)
        summary["by_corpus"][name] = {
            k: part[k] for k in ("documents", "gold", "predicted", "precision", "recall", "f1")
        }
    return summary


def _predict(folder: Path, gold_docs: list[dict], ex: Extractor) -> list[dict]:
    predictions: list[dict] = []
    for entry in gold_docs:
        doc, published = read_gold_document(folder, entry)
        predictions.extend(c.to_json_dict() for c in ex.extract(doc, published=published))
    return predictions


def _summarise(gold_docs: list[dict], predictions: list[dict]) -> dict:
    summary, errors = score(gold_docs, predictions)
    summary["by_genre"] = by_genre(gold_docs, predictions)
    summary["errors"] = [{"what": what, "doc": doc, "claim": claim} for what, doc, claim in errors]
    summary["predictions"] = predictions
    return summary


def by_genre(gold_docs: list[dict], predictions: list[dict]) -> dict[str, dict]:
    """Precision, recall and F1 per genre of the gold documents (their optional `genre` field)."""
    genres = sorted({d.get("genre") or "unspecified" for d in gold_docs})
    out = {}
    for genre in genres:
        docs = [d for d in gold_docs if (d.get("genre") or "unspecified") == genre]
        names = {d["doc"] for d in docs}
        summary, _ = score(docs, [c for c in predictions if c.get("doc") in names])
        out[genre] = {k: summary[k] for k in ("documents", "gold", "predicted", "precision", "recall", "f1")}
    return out
