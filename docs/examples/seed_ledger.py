"""Build the ledger of the worked example in docs/model.md.

Stores the seed article (../shared/seed) and the three corpora (corpus/dev, holdout, blind) in
a new SQLite ledger with their gold claims (armsledger.ledger.gold), not the extractor's, so
the example does not change when the extractor does: each document with the publication date
its gold.jsonl gives, recorded on that day, in publication order, as if the ledger had been
kept since 2023. `--as-of` then shows what an analyst could have known on any date.

    python docs/examples/seed_ledger.py /tmp/seed-ledger.db
"""

from __future__ import annotations

import argparse
from pathlib import Path

from armsledger.ledger.db import connect
from armsledger.ledger.gold import store_gold
from armsledger.pipeline.ingestion import IngestSummary

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (
    ROOT.parent / "shared" / "seed",
    ROOT / "corpus" / "dev",
    ROOT / "corpus" / "holdout",
    ROOT / "corpus" / "blind",
)


def build(db_url: str, *, folders: tuple[Path, ...] = FOLDERS) -> IngestSummary:
    """Store every gold document of `folders`, with its gold claims, in a new ledger at `db_url`."""
    db = connect(db_url, create=True)
    try:
        return store_gold(db, folders)
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="SQLite file to create (or a database URL)")
    args = parser.parse_args()
    url = args.database if "://" in args.database else f"sqlite:///{Path(args.database).resolve()}"
    summary = build(url)
    print(f"{url}: {summary.new} documents, {summary.claims_added} claims, {summary.failed} failed")


if __name__ == "__main__":
    main()
