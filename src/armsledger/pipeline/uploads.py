"""Ingest documents handed over in memory (HTTP uploads) and URLs, as one ingest run.

Uploads are written to a private temporary folder only so the ordinary readers (text, HTML,
PDF, JSON Lines corpora, feeds) read them; the stored documents keep the uploaded file name and
no temporary path. URLs go through the same guard as `armsledger ingest` (private, loopback and
link-local addresses refused unless allowed). As in `armsledger ingest`, each document is read and
extracted within its time budget (armsledger.budget).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from armsledger.budget import DocumentBudget
from armsledger.errors import DocumentTooLargeError, InputError
from armsledger.ingest.inputs import InputReader, Loaded
from armsledger.ledger.store import Ledger
from armsledger.pipeline.ingestion import ClaimExtractor, default_extractor, ingest_loaded
from armsledger.pipeline.summary import IngestSummary
from armsledger.settings import get_setting

_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Upload:
    """A file as uploaded: its name as the user's browser gave it, and its bytes."""

    name: str
    data: bytes


def safe_file_name(name: str, index: int) -> str:
    """The base name of an uploaded file, reduced to letters, digits, `.`, `-`, `_` and spaces."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .") or f"upload-{index}"
    return base[:200]


def _read_uploads(reader: InputReader, uploads: list[Upload], folder: Path) -> Iterator[Loaded]:
    cap = int(get_setting("max_document_bytes"))
    for index, upload in enumerate(uploads, 1):
        name = safe_file_name(upload.name, index)
        if len(upload.data) > cap and not name.lower().endswith(".jsonl"):
            yield Loaded(
                name,
                error=DocumentTooLargeError(
                    f"{name}: {len(upload.data):,} bytes, over the {cap:,}-byte cap", path=name
                ),
            )
            continue
        path = folder / f"{index:04d}" / name
        path.parent.mkdir()
        path.write_bytes(upload.data)
        for loaded in reader.read([str(path)]):
            # changed in place: a new Loaded would restart the document's budget and repeat its notes
            loaded.location = loaded.location.replace(str(path), name)
            loaded.notes = [note.replace(str(path), name) for note in loaded.notes]
            if loaded.document is not None:
                loaded.document.path = None
                if loaded.document.name == path.name or loaded.document.name == str(path):
                    loaded.document.name = name
            if loaded.error is not None and str(path) in str(loaded.error):
                loaded.error = InputError(str(loaded.error).replace(str(path), name))
            yield loaded


def _read_urls(reader: InputReader, urls: list[str]) -> Iterator[Loaded]:
    """Pages and feeds at `urls`; anything but an http(s) URL (a local path) is refused, never read."""
    for url in urls:
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            yield Loaded(url, error=InputError(f"{url}: not an http or https URL", url=url))
            continue
        yield from reader.read([url])


def ingest_uploads(
    ledger: Ledger,
    uploads: list[Upload],
    urls: list[str],
    *,
    published: date | None = None,
    allow_private: bool | None = None,
    extractor: ClaimExtractor | None = None,
) -> IngestSummary:
    """Ingest uploaded files and URLs as one run (each document in its own transaction and time budget;
    one bad input is recorded and the rest go on); returns the run's counts."""
    extractor = extractor or default_extractor()
    budget = DocumentBudget(extractor=extractor)
    inputs = [safe_file_name(u.name, i) for i, u in enumerate(uploads, 1)] + list(urls)
    run_id = ledger.start_run("ingest", inputs, extractor.version)
    summary = IngestSummary(run_id=run_id)
    status = "interrupted"
    reader = InputReader(allow_private=allow_private, budget=budget)
    try:
        with tempfile.TemporaryDirectory(prefix="armsledger-upload-") as tmp:
            ingest_loaded(
                ledger,
                _read_uploads(reader, uploads, Path(tmp)),
                extractor,
                published=published,
                run_id=run_id,
                summary=summary,
                budget=budget,
            )
        ingest_loaded(
            ledger,
            _read_urls(reader, urls),
            extractor,
            published=published,
            run_id=run_id,
            summary=summary,
            budget=budget,
        )
        status = "finished"
    finally:
        budget.close()
        reader.close()
        ledger.finish_run(run_id, status=status, **summary.run_counts())
    return summary
