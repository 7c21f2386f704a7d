"""The demo: ingest the bundled sample reports into a fresh ledger and summarise it.

Without a database URL the demo ledger is a temporary SQLite file, removed when the demo ends, so
running the demo leaves nothing behind; with one, the ledger stays there to explore.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from armsledger.ledger.db import connect
from armsledger.ledger.queries import ledger_summary, list_claims
from armsledger.ledger.store import Ledger
from armsledger.pipeline.ingestion import (
    ClaimExtractor,
    IngestSummary,
    Progress,
    ingest,
)

SAMPLE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".jsonl"}


def sample_paths() -> list[Path]:
    """The sample reports bundled in armsledger/samples, sorted by name."""
    folder = Path(str(resources.files("armsledger") / "samples"))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES)


@dataclass
class DemoResult:
    """What the demo did: where its ledger is (`kept` False: removed when the demo ends), the ingest
    counts, the ledger summary and every claim (SCHEMA records, newest first)."""

    location: str
    kept: bool
    ingest: IngestSummary
    summary: dict
    claims: list[dict]


@contextmanager
def demo_ledger(
    db_url: str | None = None, *, extractor: ClaimExtractor | None = None, progress: Progress | None = None
) -> Iterator[DemoResult]:
    """Ingest the samples into the ledger at `db_url` (created when missing), or into a temporary one
    that is removed when the `with` block ends; yields a DemoResult."""
    folder = Path(tempfile.mkdtemp(prefix="armsledger-demo-")) if db_url is None else None
    url = f"sqlite:///{folder / 'demo.db'}" if folder else db_url
    try:
        db = connect(url, create=True)
        try:
            summary = ingest(Ledger(db), [str(p) for p in sample_paths()], extractor=extractor, progress=progress)
            result = DemoResult(
                location=db.display_url,
                kept=folder is None,
                ingest=summary,
                summary=ledger_summary(db),
                claims=list_claims(db, limit=0),
            )
        finally:
            db.dispose()
        yield result
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def run_demo(
    db_url: str | None = None, *, extractor: ClaimExtractor | None = None, progress: Progress | None = None
) -> dict:
    """The demo as a dict: {"database", "ingest" (IngestSummary as dict), "summary"}. Without `db_url`
    the temporary ledger is already removed when this returns."""
    with demo_ledger(db_url, extractor=extractor, progress=progress) as result:
        return {"database": result.location, "ingest": result.ingest.as_dict(), "summary": result.summary}
