"""JSON Lines corpora: one document per line, `{"text": …}` plus optional metadata.

Recognised keys: `text` (required), `name` (or `doc`, `id`), `title`, `url`, `publisher`,
`author`, `published` (ISO date), `language`. A bad line is reported with its line number
and the rest of the file is still read; a line longer than the document size cap is skipped
without being held in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from armsledger.errors import DocumentTooLargeError, EmptyDocumentError, InputError
from armsledger.ingest.published import find_published_date
from armsledger.model import Document
from armsledger.settings import get_setting

METADATA_KEYS = ("title", "url", "publisher", "author", "language")
_SKIP_CHUNK = 1 << 20


class CorpusLineError(InputError):
    """One line of a JSON Lines corpus is not a usable document."""


def _line_document(record: object, where: str, default_name: str) -> Document:
    if not isinstance(record, dict):
        raise CorpusLineError(f"{where}: expected a JSON object, got {type(record).__name__}", where=where)
    text = record.get("text")
    if not isinstance(text, str):
        raise CorpusLineError(f'{where}: no "text" string', where=where)
    if not text.strip():
        raise EmptyDocumentError(f"{where}: empty document (no text to read)", where=where)
    name = record.get("name") or record.get("doc") or record.get("id") or default_name
    published = None
    if record.get("published"):
        try:
            published = date.fromisoformat(str(record["published"])[:10])
        except ValueError:
            raise CorpusLineError(
                f"{where}: published {record['published']!r} is not an ISO date", where=where
            ) from None
    meta = {key: str(record[key]) for key in METADATA_KEYS if record.get(key) not in (None, "")}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "title" not in meta:  # as for text files: the first line names the document for readers
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first:
            meta["title"] = first[:300]
    found = None if published else find_published_date(text)
    return Document(
        name=str(name),
        text=text,
        published=published or found,
        published_source="given" if published else "text" if found else None,
        content_type="text/plain",
        **meta,
    )


def line_document(raw: bytes, where: str, default_name: str) -> Document:
    """The Document one corpus line holds; CorpusLineError (or another InputError) when it holds none."""
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CorpusLineError(f"{where}: not valid UTF-8", where=where) from None
    except json.JSONDecodeError as exc:
        raise CorpusLineError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})", where=where) from None
    except RecursionError:
        raise CorpusLineError(f"{where}: JSON nested too deeply to read", where=where) from None
    return _line_document(record, where, default_name)


def _read_line(fh: BinaryIO, cap: int) -> tuple[bytes | None, int]:
    """The next line (None at end of file) and its length; a line over `cap` bytes is consumed, not kept."""
    raw = fh.readline(cap + 1)
    if not raw:
        return None, 0
    size = len(raw)
    if size <= cap or raw.endswith(b"\n"):
        return raw, size
    while not raw.endswith(b"\n"):
        raw = fh.readline(_SKIP_CHUNK)
        if not raw:
            break
        size += len(raw)
    return b"", size


def iter_corpus_lines(path: str | Path, *, max_bytes: int | None = None) -> Iterator[tuple[str, bytes | InputError]]:
    """(location, raw line or the error for it) for each non-blank line of a .jsonl file, each line capped."""
    p = Path(path)
    cap = int(get_setting("max_document_bytes", max_bytes))
    with p.open("rb") as fh:
        lineno = 0
        while True:
            raw, size = _read_line(fh, cap)
            if raw is None:
                return
            lineno += 1
            where = f"{p}:{lineno}"
            if size > cap and not raw:
                yield (
                    where,
                    DocumentTooLargeError(
                        f"{where}: line of {size:,} bytes is over the {cap:,}-byte limit "
                        "(set ARMSLEDGER_MAX_DOCUMENT_BYTES to raise it)",
                        where=where,
                        size=size,
                        limit=cap,
                    ),
                )
            elif raw.strip():
                yield where, raw


def iter_corpus(path: str | Path) -> Iterator[tuple[str, Document | InputError]]:
    """(location, Document or the error for that line) for each non-blank line of a .jsonl file."""
    p = Path(path)
    for where, raw in iter_corpus_lines(p):
        if isinstance(raw, InputError):
            yield where, raw
            continue
        try:
            yield where, line_document(raw, where, f"{p.stem}-{where.rsplit(':', 1)[1]}")
        except InputError as exc:
            yield where, exc


def count_lines(path: str | Path) -> int:
    """Non-blank lines of a file (the number of documents a corpus holds, for progress)."""
    count, content = 0, False
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.readline(_SKIP_CHUNK), b""):
            content = content or bool(chunk.strip())
            if chunk.endswith(b"\n"):
                count, content = count + content, False
    return count + content
