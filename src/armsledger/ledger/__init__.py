"""The ledger: documents, claims, sources and actors stored with full provenance, queried as of any date.

    db = connect("sqlite:///ledger.db")          # migrates to the head revision
    Ledger(db).store(doc, claims, extractor_version="1.9")   # one transaction per document
    list_claims(db, ClaimFilter(supplier="PRK", as_of=date(2024, 6, 30)))

The ledger stores; it never calls the extractor. Reading, deduplicating, extracting and storing
inputs (`ingest`, `reextract`) is the pipeline stage's work (`armsledger.pipeline`).
"""

from armsledger.ledger.db import Database, connect, resolve_database_url
from armsledger.ledger.queries import (
    ClaimFilter,
    count_claims,
    get_claim,
    iter_claims,
    ledger_summary,
    list_claims,
    list_documents,
    list_sources,
)
from armsledger.ledger.store import Ledger

__all__ = [
    "ClaimFilter",
    "Database",
    "Ledger",
    "connect",
    "count_claims",
    "get_claim",
    "iter_claims",
    "ledger_summary",
    "list_claims",
    "list_documents",
    "list_sources",
    "resolve_database_url",
]
