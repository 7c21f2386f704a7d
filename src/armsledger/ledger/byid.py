"""Claims by id under extra conditions, looked up by primary key whatever the planner would prefer.

Given a few ids and conditions on other indexed columns (kind, item, dates), SQLite may walk one of
those indexes over most of the table instead of fetching the few rows by id. The ids are first
fetched alone in a materialized CTE, and the conditions applied to that small set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.util import ClauseAdapter

from armsledger.ledger.tables import ClaimRow

CHUNK = 500


def claim_ids_matching(session: Session, ids: Iterable[int], conditions: list[Any]) -> list[int]:
    """The ids among `ids` whose claims satisfy every condition (conditions on ClaimRow's columns)."""
    wanted = sorted(set(ids))
    found: list[int] = []
    for lo in range(0, len(wanted), CHUNK):
        rows = select(ClaimRow).where(ClaimRow.id.in_(wanted[lo : lo + CHUNK])).cte("by_id")
        if session.get_bind().dialect.name == "sqlite":
            rows = rows.prefix_with("MATERIALIZED")
        adapter = ClauseAdapter(rows)
        query = select(rows.c.id).where(*(adapter.traverse(c) for c in conditions)).order_by(rows.c.id)
        found.extend(session.scalars(query))
    return found
