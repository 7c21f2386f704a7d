"""One document or one source in full: what the dashboard's and the API's detail pages show."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from armsledger.ledger.asof import claim_visible, document_visible
from armsledger.ledger.db import Database
from armsledger.ledger.errors import NotFoundError
from armsledger.ledger.queries import ClaimFilter, document_record, list_claims, source_aliases, source_record
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow


def get_document(db: Database, document_id: int, *, as_of: date | None = None,
                 claims_limit: int = 0) -> dict[str, Any]:
    """A document's metadata, text and claims (as of `as_of`); NotFoundError when missing or not yet
    published and recorded by then. `claims_limit` 0 lists every claim."""
    with db.read() as session:
        row = session.scalar(select(DocumentRow).where(DocumentRow.id == document_id, document_visible(as_of)))
        if row is None:
            when = f" as of {as_of}" if as_of else ""
            raise NotFoundError(f"no document {document_id}{when} (see `armsledger documents`)",
                                document_id=document_id)
        count = session.scalar(select(func.count()).select_from(ClaimRow).where(
            ClaimRow.document_id == document_id, claim_visible(as_of))) or 0
        record = {**document_record(row, count), "text": row.text}
    record["claim_list"] = list_claims(db, ClaimFilter(document_id=document_id, as_of=as_of, include_syndicated=True),
                                       limit=claims_limit)
    return record


def get_source(db: Database, source_id: int, *, as_of: date | None = None, claims_limit: int = 50) -> dict[str, Any]:
    """A source with its grade, aliases, number of claims and newest claims; NotFoundError when missing."""
    with db.read() as session:
        row = session.get(SourceRow, source_id)
        if row is None:
            raise NotFoundError(f"no source {source_id} (see `armsledger sources`)", source_id=source_id)
        count = session.scalar(select(func.count()).select_from(ClaimRow).where(
            ClaimRow.source_id == source_id, claim_visible(as_of))) or 0
        record = source_record(row, count, source_aliases(session, [row.id])[row.id])
    record["claim_list"] = list_claims(db, ClaimFilter(source=str(source_id), as_of=as_of), limit=claims_limit)
    return record
