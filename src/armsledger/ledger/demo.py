"""The demo: ingest the bundled sample reports into a fresh ledger and summarise it."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from armsledger.ledger.db import connect
from armsledger.ledger.ingestion import ClaimExtractor, IngestSummary, ingest
from armsledger.ledger.queries import ledger_summary
from armsledger.ledger.store import Ledger

SAMPLE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".jsonl"}


def sample_paths() -> list[Path]:
    """The sample reports bundled in armsledger/samples, sorted by name."""
    folder = Path(str(resources.files("armsledger") / "samples"))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES)


def run_demo(db_url: str | None = None, *, extractor: ClaimExtractor | None = None,
             progress=None) -> dict:  # noqa: ANN001
    """Ingest the samples into a fresh ledger (a new temporary SQLite file unless `db_url`) and
    return {"database": url, "ingest": IngestSummary as dict, "summary": ledger_summary(...)}."""
    if db_url is None:
        folder = Path(tempfile.mkdtemp(prefix="armsledger-demo-"))
        db_url = f"sqlite:///{folder / 'demo.db'}"
    db = connect(db_url)
    try:
        result: IngestSummary = ingest(Ledger(db), [str(p) for p in sample_paths()], extractor=extractor,
                                       progress=progress)
        return {"database": db.url, "ingest": result.as_dict(), "summary": ledger_summary(db)}
    finally:
        db.dispose()
