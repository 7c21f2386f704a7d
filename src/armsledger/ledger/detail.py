"""One document or one source in full: what the dashboard's and the API's detail pages show, on
both time axes (`as_of`: published by then; `recorded_by`: held by the ledger then)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from armsledger.ledger.asof import claim_visible, document_visible, source_visible
from armsledger.ledger.db import Database
from armsledger.ledger.errors import NotFoundError
from armsledger.ledger.queries import ClaimFilter, document_record, list_claims, source_aliases, source_record
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow


def _when(as_of: date | None, recorded_by: date | None) -> str:
    return (f" as of {as_of}" if as_of else "") + (f" recorded by {recorded_by}" if recorded_by else "")


def get_document(
    db: Database, document_id: int, *, as_of: date | None = None, recorded_by: date | None = None, claims_limit: int = 0
) -> dict[str, Any]:
    """A document's metadata, text and claims; NotFoundError when missing, not published by `as_of`
    (undated documents never are) or not recorded by `recorded_by`. `claims_limit` 0 lists every claim."""
    with db.read() as session:
        row = session.scalar(
            select(DocumentRow).where(DocumentRow.id == document_id, document_visible(as_of, recorded_by=recorded_by))
        )
        if row is None:
            raise NotFoundError(
                f"no document {document_id}{_when(as_of, recorded_by)} (see `armsledger documents`)",
                document_id=document_id,
            )
        count = (
            session.scalar(
                select(func.count())
                .select_from(ClaimRow)
                .where(ClaimRow.document_id == document_id, claim_visible(as_of, recorded_by=recorded_by))
            )
            or 0
        )
        record = {**document_record(row, count), "text": row.text}
    record["claim_list"] = list_claims(
        db,
        ClaimFilter(document_id=document_id, as_of=as_of, recorded_by=recorded_by, include_syndicated=True),
        limit=claims_limit,
    )
    return record


def get_source(
    db: Database, source_id: int, *, as_of: date | None = None, recorded_by: date | None = None, claims_limit: int = 50
) -> dict[str, Any]:
    """A source with its grade, aliases, number of claims and newest claims (published by `as_of`, held
    by the ledger at `recorded_by`); NotFoundError when missing or not yet known at `recorded_by`."""
    with db.read() as session:
        row = session.scalar(select(SourceRow).where(SourceRow.id == source_id, source_visible(recorded_by)))
        if row is None:
            raise NotFoundError(
                f"no source {source_id}{_when(None, recorded_by)} (see `armsledger sources`)", source_id=source_id
            )
        count = (
            session.scalar(
                select(func.count())
                .select_from(ClaimRow)
                .where(ClaimRow.source_id == source_id, claim_visible(as_of, recorded_by=recorded_by))
            )
            or 0
        )
        record = source_record(row, count, source_aliases(session, [row.id])[row.id])
    record["claim_list"] = list_claims(
        db, ClaimFilter(source=str(source_id), as_of=as_of, recorded_by=recorded_by), limit=claims_limit
    )
    return record
