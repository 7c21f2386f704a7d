"""JSON Lines corpora: one document per line, `{"text": …}` plus optional metadata.

Recognised keys: `text` (required), `name` (or `doc`, `id`), `title`, `url`, `publisher`,
`author`, `published` (ISO date), `language`. A bad line is reported with its line number
and the rest of the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from armsledger.errors import EmptyDocumentError, InputError
from armsledger.ingest.published import find_published_date
from armsledger.model import Document

METADATA_KEYS = ("title", "url", "publisher", "author", "language")


class CorpusLineError(InputError):
    """One line of a JSON Lines corpus is not a usable document."""


def _line_document(record: object, where: str, default_name: str) -> Document:
    if not isinstance(record, dict):
        raise CorpusLineError(f"{where}: expected a JSON object, got {type(record).__name__}", where=where)
    text = record.get("text")
    if not isinstance(text, str):
        raise CorpusLineError(f"{where}: no \"text\" string", where=where)
    if not text.strip():
        raise EmptyDocumentError(f"{where}: empty document (no text to read)", where=where)
    name = record.get("name") or record.get("doc") or record.get("id") or default_name
    published = None
    if record.get("published"):
        try:
            published = date.fromisoformat(str(record["published"])[:10])
        except ValueError:
            raise CorpusLineError(f"{where}: published {record['published']!r} is not an ISO date",
                                  where=where) from None
    meta = {key: str(record[key]) for key in METADATA_KEYS if record.get(key) not in (None, "")}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "title" not in meta:  # as for text files: the first line names the document for readers
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first:
            meta["title"] = first[:300]
    found = None if published else find_published_date(text)
    return Document(name=str(name), text=text, published=published or found,
                    published_source="given" if published else "text" if found else None,
                    content_type="text/plain", **meta)


def iter_corpus(path: str | Path) -> Iterator[tuple[str, Document | InputError]]:
    """(location, Document or the error for that line) for each non-blank line of a .jsonl file."""
    p = Path(path)
    with p.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"{p}:{lineno}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig"))
                yield where, _line_document(record, where, f"{p.stem}-{lineno}")
            except UnicodeDecodeError:
                yield where, CorpusLineError(f"{where}: not valid UTF-8", where=where)
            except json.JSONDecodeError as exc:
                yield where, CorpusLineError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})", where=where)
            except InputError as exc:
                yield where, exc


def count_lines(path: str | Path) -> int:
    """Non-blank lines of a file (the number of documents a corpus holds, for progress)."""
    with Path(path).open("rb") as fh:
        return sum(1 for raw in fh if raw.strip())
