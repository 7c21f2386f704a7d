"""The ledger: documents, claims, sources and actors stored with full provenance, queried as of any date.

    db = connect("sqlite:///ledger.db")          # migrates to the head revision
    summary = ingest(Ledger(db), ["reports/"])   # one transaction per document
    list_claims(db, ClaimFilter(supplier="PRK", as_of=date(2024, 6, 30)))
"""

from armsledger.ledger.db import Database, connect, resolve_database_url
from armsledger.ledger.ingestion import IngestSummary, ingest
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
from armsledger.ledger.reextraction import ReextractSummary, reextract
from armsledger.ledger.store import Ledger

__all__ = [
    "ClaimFilter", "Database", "IngestSummary", "Ledger", "ReextractSummary", "connect", "count_claims",
    "get_claim", "ingest", "iter_claims", "ledger_summary", "list_claims", "list_documents", "list_sources",
    "reextract", "resolve_database_url",
]
