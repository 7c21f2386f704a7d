"""Build the ledger of the worked example in docs/model.md.

Ingests the seed article (../shared/seed) and the three corpora (corpus/dev, holdout,
blind) into a new SQLite ledger, each document with the publication date its gold.jsonl
gives and recorded on that day, in publication order, as if the ledger had been kept since
2023: `--as-of` then shows what an analyst could have known on any date.

    python docs/examples/seed_ledger.py /tmp/seed-ledger.db
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time
from pathlib import Path

from armsledger.ingest.inputs import Loaded
from armsledger.ledger.db import connect
from armsledger.ledger.ingestion import (
    ClaimExtractor,
    IngestSummary,
    default_extractor,
    ingest_loaded,
)
from armsledger.ledger.store import Ledger
from armsledger.model import Document

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (ROOT.parent / "shared" / "seed", ROOT / "corpus" / "dev", ROOT / "corpus" / "holdout",
           ROOT / "corpus" / "blind")


def documents(folders: tuple[Path, ...] = FOLDERS) -> list[tuple[date, Path]]:
    """(publication date, file) of every document the folders' gold.jsonl files list, oldest first."""
    found = []
    for folder in folders:
        for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.append((date.fromisoformat(record["published"]), folder / record["doc"]))
    return sorted(found, key=lambda pair: (pair[0], pair[1].name))


def build(db_url: str, *, folders: tuple[Path, ...] = FOLDERS,
          extractor: ClaimExtractor | None = None) -> IngestSummary:
    """Ingest every document into the ledger at `db_url`, recorded on its publication day."""
    extractor = extractor or default_extractor()
    db = connect(db_url)
    today: list[datetime] = [datetime.min]
    ledger = Ledger(db, clock=lambda: today[0])
    summary = IngestSummary()
    try:
        for published, path in documents(folders):
            today[0] = datetime.combine(published, time(12))
            doc = Document(name=path.name, text=path.read_text(encoding="utf-8"), published=published,
                           path=str(path), content_type="text/plain")
            ingest_loaded(ledger, [Loaded(str(path), doc, retrieved_at=today[0])], extractor, published=published,
                          summary=summary)
    finally:
        db.dispose()
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="SQLite file to create (or a database URL)")
    args = parser.parse_args()
    url = args.database if "://" in args.database else f"sqlite:///{Path(args.database).resolve()}"
    summary = build(url)
    print(f"{url}: {summary.new} documents, {summary.claims_added} claims, {summary.failed} failed")


if __name__ == "__main__":
    main()
