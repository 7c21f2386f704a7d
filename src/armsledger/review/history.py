"""The audit trail: reviews as JSON records, newest first, for a claim, a source or the whole ledger,
on both time axes: `recorded_by` keeps the reviews made by the end of that day, `as_of` the reviews
of claims published by then (and every source review: a source has no publication date)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select

from armsledger.ledger.asof import end_of_day
from armsledger.ledger.db import Database
from armsledger.ledger.tables import ClaimRow, ReviewRow


def review_record(row: ReviewRow) -> dict[str, Any]:
    """A review as JSON: who, when, why, what it changed and the values before."""
    return {
        "id": row.id,
        "target": row.target,
        "claim_id": row.claim_id,
        "source_id": row.source_id,
        "action": row.action,
        "changes": json.loads(row.changes or "{}"),
        "previous": json.loads(row.previous or "{}"),
        "reviewer": row.reviewer,
        "reason": row.reason,
        "created_at": row.created_at.isoformat(),
    }


def _query(
    claim_id: int | None,
    source_id: int | None,
    target: str | None,
    as_of: date | None = None,
    recorded_by: date | None = None,
) -> Select:
    query = select(ReviewRow)
    if recorded_by is not None:
        query = query.where(ReviewRow.created_at < end_of_day(recorded_by))
    if as_of is not None:
        published = select(ClaimRow.id).where(ClaimRow.published_on <= as_of)
        query = query.where(or_(ReviewRow.claim_id.is_(None), ReviewRow.claim_id.in_(published)))
    if claim_id is not None:
        query = query.where(ReviewRow.claim_id == claim_id)
    if source_id is not None:
        query = query.where(ReviewRow.source_id == source_id)
    if target is not None:
        query = query.where(ReviewRow.target == target)
    return query


def list_reviews(
    db: Database,
    *,
    claim_id: int | None = None,
    source_id: int | None = None,
    target: str | None = None,
    as_of: date | None = None,
    recorded_by: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Reviews (newest first), of one claim or source or of everything, on the time axes (see the
    module's doc); `limit` None or 0 means all."""
    query = _query(claim_id, source_id, target, as_of, recorded_by).order_by(ReviewRow.id.desc()).offset(offset)
    if limit:
        query = query.limit(limit)
    with db.read() as session:
        return [review_record(row) for row in session.scalars(query)]


def count_reviews(
    db: Database,
    *,
    claim_id: int | None = None,
    source_id: int | None = None,
    target: str | None = None,
    as_of: date | None = None,
    recorded_by: date | None = None,
) -> int:
    """How many reviews `list_reviews` would list without a limit."""
    query = _query(claim_id, source_id, target, as_of, recorded_by)
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0
