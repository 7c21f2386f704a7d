"""Load a gold corpus: a folder of documents and its gold.jsonl (SCHEMA.md "Gold files")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from armsledger.errors import GoldFileError, InputError

if TYPE_CHECKING:
    from armsledger.model import Document


def load_jsonl(path: Path) -> list[dict]:
    """Objects of a JSON Lines file; a malformed line is a GoldFileError naming the line."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"{path}: cannot read ({exc})", path=str(path)) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}:{n}: not JSON: {exc.msg}", path=str(path), line=n) from None
    return out


def load_gold_corpus(gold_dir: str | Path) -> tuple[Path, list[dict]]:
    """(folder, gold documents) for a gold folder, or a gold.jsonl path whose documents sit beside it."""
    path = Path(gold_dir)
    gold_file = path / "gold.jsonl" if path.is_dir() else path
    if not gold_file.is_file():
        raise GoldFileError(f"{gold_file}: no gold file (expected gold.jsonl in the folder)", path=str(gold_file))
    docs = load_jsonl(gold_file)
    for d in docs:
        if not isinstance(d, dict) or "doc" not in d or "claims" not in d:
            raise GoldFileError(f"{gold_file}: every line needs 'doc' and 'claims'", path=str(gold_file))
    return gold_file.parent, docs


def read_gold_document(folder: Path, entry: dict) -> tuple[Document, date | None]:
    """A gold entry's document, read as any input is, and its gold publication date."""
    from armsledger.ingest import read_path

    path = folder / entry["doc"]
    try:
        doc = read_path(path)
    except InputError as exc:
        raise GoldFileError(f"gold document {entry['doc']}: {exc}", path=str(path)) from None
    return doc, (date.fromisoformat(entry["published"]) if entry.get("published") else None)
