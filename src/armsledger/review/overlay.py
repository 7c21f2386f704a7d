"""The reviewed value of a claim: its stored (extracted) value with its reviews applied in order.

A claim's review status is its newest review's action: `confirmed`, `rejected` or `corrected`.
Corrections accumulate (a later correction of one field keeps an earlier one of another; a later
value of the same field wins); a confirmation after corrections confirms the corrected claim; a
rejected claim counts nowhere until a later review confirms or corrects it.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from armsledger.ledger.tables import ReviewRow
from armsledger.model import Claim
from armsledger.review.fields import apply_changes

STATUS_OF_ACTION = {"confirm": "confirmed", "reject": "rejected", "correct": "corrected"}
#: corrections that can move a claim to another flow (estimates look these claims up by id too)
FLOW_FIELDS = ("kind", "supplier", "recipient", "actor", "item", "quantity", "quantity.unit", "quantity.per")


@dataclass
class ClaimReviewState:
    """Where the reviews of one claim leave it: status, accumulated corrections, the newest review."""

    claim_id: int
    status: str
    changes: dict[str, Any] = field(default_factory=dict)
    latest_id: int = 0
    reviewer: str = ""
    reason: str = ""
    reviewed_at: datetime | None = None
    reviews: int = 0

    def record(self) -> dict[str, Any]:
        """The state as JSON: what a claim listing or an estimate shows about its review."""
        return {
            "status": self.status,
            "changes": self.changes,
            "reviewer": self.reviewer,
            "reason": self.reason,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "latest_review": self.latest_id,
            "reviews": self.reviews,
        }

    def describe(self) -> str:
        """One line for people: "corrected by alice on 2025-03-01 (quantity.value=10000): reason"."""
        what = ", ".join(f"{k}={v}" for k, v in self.changes.items())
        day = self.reviewed_at.date().isoformat() if self.reviewed_at else "?"
        return (
            f"{self.status} by {self.reviewer} on {day}"
            + (f" ({what})" if what else "")
            + (f": {self.reason}" if self.reason else "")
        )


def _fold(states: dict[int, ClaimReviewState], row: Any) -> None:
    review_id, claim_id, action, changes, reviewer, reason, created_at = row
    if claim_id is None:
        return
    state = states.get(claim_id)
    if state is None:
        state = states[claim_id] = ClaimReviewState(claim_id=claim_id, status="")
    if action == "correct":
        state.changes.update(json.loads(changes or "{}"))
    state.status = STATUS_OF_ACTION.get(action, state.status)
    state.latest_id, state.reviewer, state.reason = review_id, reviewer, reason
    state.reviewed_at = created_at
    state.reviews += 1


def _claim_reviews() -> Select:
    # plain columns, not ORM objects: states are read on every estimate
    return (
        select(
            ReviewRow.id,
            ReviewRow.claim_id,
            ReviewRow.action,
            ReviewRow.changes,
            ReviewRow.reviewer,
            ReviewRow.reason,
            ReviewRow.created_at,
        )
        .where(ReviewRow.target == "claim")
        .order_by(ReviewRow.id)
    )


def load_review_states(
    session: Session, claim_ids: Iterable[int] | None = None, *, reviewed_by: datetime | None = None
) -> dict[int, ClaimReviewState]:
    """The review state of each claim in `claim_ids` that has one (every reviewed claim when None);
    `reviewed_by` keeps only reviews made before that instant."""
    query = _claim_reviews()
    if reviewed_by is not None:
        query = query.where(ReviewRow.created_at < reviewed_by)
    states: dict[int, ClaimReviewState] = {}
    if claim_ids is None:
        for row in session.execute(query):
            _fold(states, row)
        return states
    ids = sorted(set(claim_ids))
    for lo in range(0, len(ids), 500):
        for row in session.execute(query.where(ReviewRow.claim_id.in_(ids[lo : lo + 500]))):
            _fold(states, row)
    return {k: states[k] for k in sorted(states)}


def reviewed_claim_ids(session: Session, conditions: list[Any], *, reviewed_by: datetime | None = None) -> set[int]:
    """Ids of the claims matching `conditions` (on ClaimRow) that have a review (made before `reviewed_by`).
    The reviewed ids are read first and the claims looked up by id: reviews are few, claims many."""
    from armsledger.ledger.byid import claim_ids_matching

    return set(claim_ids_matching(session, reviewed_ids(session, reviewed_by=reviewed_by), conditions))


def reviewed_ids(session: Session, *, reviewed_by: datetime | None = None) -> list[int]:
    """Ids of the claims that have a review (made before `reviewed_by`)."""
    query = select(ReviewRow.claim_id).where(ReviewRow.target == "claim").distinct()
    if reviewed_by is not None:
        query = query.where(ReviewRow.created_at < reviewed_by)
    return [i for i in session.scalars(query) if i is not None]


def moved_claim_ids(session: Session, *, reviewed_by: datetime | None = None) -> set[int]:
    """Claims whose corrections touch a flow field (they may now belong to another flow)."""
    query = select(ReviewRow.claim_id, ReviewRow.changes).where(
        ReviewRow.target == "claim", ReviewRow.action == "correct"
    )
    if reviewed_by is not None:
        query = query.where(ReviewRow.created_at < reviewed_by)
    moved = set()
    for claim_id, changes in session.execute(query):
        if any(f in FLOW_FIELDS for f in json.loads(changes or "{}")):
            moved.add(claim_id)
    return moved


def reviewed_claim(claim: Claim, state: ClaimReviewState | None) -> Claim | None:
    """The claim as reviewed: None when rejected, corrected values applied, else unchanged."""
    if state is None:
        return claim
    if state.status == "rejected":
        return None
    return apply_changes(claim, state.changes) if state.changes else claim


@dataclass(frozen=True)
class ReviewIndex:
    """Every claim review of a ledger state in memory, in order, with the flow fields of each reviewed claim
    as extracted: what an estimate asks of the reviews (which claims have one, which were moved to another
    flow, their states) answered without a query. Reviews are only ever added (a claim's deletion takes its
    reviews with it), so the newest review's id and the number of reviews tell one state from the next
    (`review_index`)."""

    key: tuple[Any, ...]
    rows: tuple[tuple[Any, ...], ...]  # (id, claim_id, action, changes, reviewer, reason, created_at) by id
    flow_fields: dict[int, tuple[Any, ...]]  # claim id -> (kind, supplier, recipient, actor, item)
    _memo: dict[tuple[str, datetime | None], Any] = field(default_factory=dict, compare=False, repr=False)

    def _rows(self, reviewed_by: datetime | None) -> Iterable[tuple[Any, ...]]:
        if reviewed_by is None:
            return self.rows
        return [row for row in self.rows if row[6] < reviewed_by]

    def reviewed_ids(self, *, reviewed_by: datetime | None = None) -> list[int]:
        """`reviewed_ids` (each claim once, in the order of its first review; kept per `reviewed_by`)."""
        found = self._memo.get(("reviewed", reviewed_by))
        if found is None:
            found = self._memo["reviewed", reviewed_by] = list(dict.fromkeys(r[1] for r in self._rows(reviewed_by)))
        return list(found)

    def moved_claim_ids(self, *, reviewed_by: datetime | None = None) -> set[int]:
        """`moved_claim_ids` (kept per `reviewed_by`)."""
        found = self._memo.get(("moved", reviewed_by))
        if found is None:
            found = self._memo["moved", reviewed_by] = frozenset(
                row[1]
                for row in self._rows(reviewed_by)
                if row[2] == "correct" and any(f in FLOW_FIELDS for f in json.loads(row[3] or "{}"))
            )
        return set(found)

    def states(self, claim_ids: Iterable[int], *, reviewed_by: datetime | None = None) -> dict[int, ClaimReviewState]:
        """`load_review_states` of these claims."""
        wanted = set(claim_ids)
        states: dict[int, ClaimReviewState] = {}
        for row in self._rows(reviewed_by):
            if row[1] in wanted:
                _fold(states, row)
        return {k: states[k] for k in sorted(states)}


_INDEXES: dict[int, ReviewIndex] = {}  # by id() of the Database (a dataclass, not hashable), until it is freed
_INDEX_LOCK = threading.Lock()


def review_index(db: Any) -> ReviewIndex:
    """The claim reviews of the ledger `db` (an armsledger Database) as they are now: one small query
    (newest review, number of reviews) when they are as last read, else all claim reviews read again."""
    from armsledger.ledger.tables import ClaimRow

    with db.read() as session:
        key = tuple(session.execute(select(func.max(ReviewRow.id), func.count(ReviewRow.id))).one())
        with _INDEX_LOCK:
            found = _INDEXES.get(id(db))
        if found is not None and found.key == key:
            return found
        rows = tuple(tuple(row) for row in session.execute(_claim_reviews()) if row[1] is not None)
        ids = sorted({row[1] for row in rows})
        fields: dict[int, tuple[Any, ...]] = {}
        columns = (ClaimRow.id, ClaimRow.kind, ClaimRow.supplier, ClaimRow.recipient, ClaimRow.actor, ClaimRow.item)
        for lo in range(0, len(ids), 500):
            for row in session.execute(select(*columns).where(ClaimRow.id.in_(ids[lo : lo + 500]))):
                fields[row[0]] = tuple(row[1:])
    index = ReviewIndex(key, rows, fields)
    with _INDEX_LOCK:
        if id(db) not in _INDEXES:
            weakref.finalize(db, _INDEXES.pop, id(db), None)
        _INDEXES[id(db)] = index
    return index
