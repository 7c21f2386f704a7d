"""Which files a folder holds that are documents.

Files named on the command line are always read (an unreadable one is an error). Files found
by walking a folder are read only when they look like documents: a file of another type
(`floors.json`, `photo.png`) or a JSON Lines file without a `"text"` field (a `gold.jsonl` of
annotations) is skipped, and the caller reports the skipped files in one summary line.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# A corpus's first line is a document; this much of it is enough to tell (a line may hold a long text).
_PEEK_BYTES = 1 << 20


@dataclass(frozen=True)
class Found:
    """A file to read (`skip` None) or to skip (`skip` says why)."""

    path: Path
    skip: str | None = None


def _first_record(path: Path) -> object:
    with path.open("rb") as fh:
        # read at most _PEEK_BYTES a line: a hostile file may hold one line of gigabytes
        for raw in iter(lambda: fh.readline(_PEEK_BYTES), b""):
            if raw.strip():
                return json.loads(raw.decode("utf-8-sig"))
    return None


def corpus_skip_reason(path: Path) -> str | None:
    """Why a walked .jsonl file is not a corpus of documents (None when it is one, or cannot tell:
    then reading it reports what is wrong)."""
    try:
        record = _first_record(path)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if record is None:
        return "empty JSON Lines file"
    if isinstance(record, dict) and not isinstance(record.get("text"), str):
        return 'JSON Lines without documents (no "text" field)'
    return None


def skip_reason(path: Path, suffixes: Collection[str]) -> str | None:
    """Why a file found in a folder is not read as a document, or None to read it."""
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        return f"not a document type ({suffix or 'no extension'})"
    if suffix in CORPUS_SUFFIXES:
        return corpus_skip_reason(path)
    return None


def discover(inputs: Iterable[str | Path], suffixes: Collection[str]) -> Iterator[Found]:
    """Each named input as it is, and each file of each named folder (recursively, sorted, hidden
    files left out) with the reason to skip it when it is not a document."""
    for item in inputs:
        path = Path(item)
        if str(item) != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield Found(child, skip_reason(child, suffixes))
        else:
            yield Found(path)
