"""Fingerprints of the extractor's output, per document, so a change of output without a change of
`EXTRACTOR_VERSION` is caught (a stored ledger relies on the version to know what to re-extract)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from armsledger.evaluate.gold import load_gold_corpus
from armsledger.extract import Extractor, get_extractor
from armsledger.ingest import read_path


def output_digests(gold_dir: str | Path, *, extractor: Extractor | None = None) -> dict[str, str]:
    """{document name: sha256 of its claims as JSON Lines} for every document of a gold corpus."""
    folder, gold_docs = load_gold_corpus(gold_dir)
    ex = extractor or get_extractor()
    docs = [read_path(folder / entry["doc"]) for entry in gold_docs]
    out = {}
    for entry, doc in zip(gold_docs, docs, strict=False):
        published = date.fromisoformat(entry["published"]) if entry.get("published") else None
        lines = "".join(
            json.dumps(c.to_json_dict(), sort_keys=True) + "\n" for c in ex.extract(doc, published=published)
        )
        out[entry["doc"]] = hashlib.sha256(lines.encode("utf-8")).hexdigest()
    return out
