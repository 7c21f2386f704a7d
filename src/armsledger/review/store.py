"""Recording reviews: one transaction per review, appended to `reviews`, never overwriting anything.

Claim reviews lock the claim's row while they check and write (SELECT … FOR UPDATE on PostgreSQL,
the writer lock on SQLite), so concurrent reviews of one claim queue and every one is kept. A
reviewer who sends `expected_latest` (the newest review id they saw, 0 for none) is refused with
ReviewConflictError when someone reviewed the claim in between, instead of silently overriding it.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from armsledger.ledger.db import Database
from armsledger.ledger.errors import InvalidGradeError, InvalidQueryError, NotFoundError
from armsledger.ledger.records import GRADES, row_to_claim, source_label
from armsledger.ledger.sources import _absorb, find_source
from armsledger.ledger.store import utcnow
from armsledger.ledger.tables import ClaimRow, DocumentRow, ReviewRow, SourceAlias, SourceRow
from armsledger.review.errors import ReviewConflictError, ReviewError
from armsledger.review.fields import apply_changes, current_values, parse_changes
from armsledger.review.history import review_record
from armsledger.review.overlay import load_review_states

CLAIM_ACTIONS = ("confirm", "reject", "correct")
MAX_REVIEWER = 128
MAX_REASON = 4000

Clock = Callable[[], datetime]


def default_reviewer() -> str:
    """Who reviews from the command line: the `reviewer` setting, else the operating-system user."""
    from armsledger.settings import get_setting

    configured = get_setting("reviewer")
    if configured:
        return str(configured)
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def _who(reviewer: str | None) -> str:
    name = " ".join((reviewer or "").split())
    if not name:
        raise ReviewError("a review needs a reviewer's name", option="reviewer")
    if len(name) > MAX_REVIEWER:
        raise ReviewError(f"a reviewer's name has at most {MAX_REVIEWER} characters", option="reviewer")
    return name


def _why(reason: str | None, *, required: bool) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise ReviewError(
            "a review needs a reason (why the claim is confirmed, rejected or corrected)", option="reason"
        )
    if len(text) > MAX_REASON:
        raise ReviewError(f"a reason has at most {MAX_REASON} characters", option="reason")
    return text


def _locked_claim(session: Session, claim_id: int) -> ClaimRow:
    row = session.scalar(select(ClaimRow).where(ClaimRow.id == claim_id).with_for_update())
    if row is None:
        raise NotFoundError(f"no claim {claim_id} (see `armsledger claims`)", claim_id=claim_id)
    return row


def review_claim(
    db: Database,
    claim_id: int,
    action: str,
    *,
    reviewer: str | None,
    reason: str | None,
    changes: Mapping[str, Any] | None = None,
    expected_latest: int | None = None,
    clock: Clock = utcnow,
) -> dict[str, Any]:
    """Confirm, reject or correct claim `claim_id`; returns the review's record with the claim's new
    review state. `changes` (correct only) maps fields to values (see review.fields)."""
    if action not in CLAIM_ACTIONS:
        raise ReviewError(f"unknown review action {action!r}; use confirm, reject or correct", option="action")
    who, why = _who(reviewer), _why(reason, required=True)
    parsed = parse_changes(changes or {}) if action == "correct" else {}
    if action != "correct" and changes:
        raise ReviewError(f"{action} takes no field values; use correct to change fields", option="changes")
    with db.write() as session, session.begin():
        row = _locked_claim(session, claim_id)
        state = load_review_states(session, [claim_id]).get(claim_id)
        latest = state.latest_id if state else 0
        if expected_latest is not None and expected_latest != latest:
            newest = session.get_one(ReviewRow, latest)
            raise ReviewConflictError(
                f"claim {claim_id} was reviewed by {newest.reviewer} at {newest.created_at:%Y-%m-%d %H:%M} "
                f"since you loaded it ({state.describe() if state else ''}); reload and review again",
                claim_id=claim_id,
                latest=review_record(newest),
            )
        doc = session.get_one(DocumentRow, row.document_id)
        source = session.get(SourceRow, row.source_id) if row.source_id else None
        extracted = row_to_claim(row, doc.name, source, doc.published)
        before = apply_changes(extracted, state.changes) if state and state.changes else extracted
        previous: dict[str, Any] = {"status": state.status if state else "unreviewed"}
        if parsed:
            apply_changes(extracted, {**(state.changes if state else {}), **parsed})  # the result must be a claim
            previous.update(current_values(before, list(parsed)))
        review = ReviewRow(
            target="claim",
            claim_id=claim_id,
            source_id=row.source_id,
            action=action,
            changes=json.dumps(parsed, ensure_ascii=False),
            previous=json.dumps(previous, ensure_ascii=False),
            reviewer=who,
            reason=why,
            created_at=clock(),
        )
        session.add(review)
        session.flush()
        record = review_record(review)
        record["claim_review"] = load_review_states(session, [claim_id])[claim_id].record()
    return record


def grade_source(
    db: Database, name: str, grade: str, *, reviewer: str | None, reason: str | None = None, clock: Clock = utcnow
) -> dict[str, Any]:
    """Set the Admiralty reliability grade (A–F) of the source `name` (name, alias or id) and keep the
    decision in the audit trail; returns the review's record with the source."""
    from armsledger.ledger.queries import source_record

    who, why = _who(reviewer), _why(reason, required=False)
    grade = grade.strip().upper()
    if grade not in GRADES:
        raise InvalidGradeError(
            f"grade {grade!r} is not an Admiralty reliability grade (A, B, C, D, E or F)", grade=grade
        )
    with db.write() as session, session.begin():
        source = find_source(session, name)
        previous = {"grade": source.grade}
        now = clock()
        source.grade, source.graded_at = grade, now
        review = ReviewRow(
            target="source",
            source_id=source.id,
            action="grade",
            changes=json.dumps({"grade": grade}),
            previous=json.dumps(previous),
            reviewer=who,
            reason=why,
            created_at=now,
        )
        session.add(review)
        session.flush()
        return {**review_record(review), "source": source_record(source)}


def merge_sources(
    db: Database,
    keep: str,
    others: list[str],
    *,
    reviewer: str | None,
    reason: str | None = None,
    clock: Clock = utcnow,
) -> dict[str, Any]:
    """Merge the sources named by `others` into `keep` (claims move, names become aliases; see
    armsledger.ledger.sources) and keep the decision in the audit trail, in one transaction."""
    from armsledger.ledger.queries import source_record

    who, why = _who(reviewer), _why(reason, required=False)
    if not others:
        raise InvalidQueryError("name at least one source to merge into the first")
    now = clock()
    with db.write() as session, session.begin():
        kept = find_source(session, keep)
        merged: list[dict[str, Any]] = []
        moved = 0
        for name in others:
            other = find_source(session, name)
            if other.id == kept.id:
                raise InvalidQueryError(f"{name!r} is the source kept ({source_label(kept)}); name another one")
            merged.append({"id": other.id, "label": source_label(other), "key": other.key, "grade": other.grade})
            moved += _absorb(session, kept, other, now)
        review = ReviewRow(
            target="source",
            source_id=kept.id,
            action="merge",
            changes=json.dumps({"merged": [m["label"] for m in merged], "claims_moved": moved}, ensure_ascii=False),
            previous=json.dumps({"sources": merged}, ensure_ascii=False),
            reviewer=who,
            reason=why,
            created_at=now,
        )
        session.add(review)
        session.flush()
        aliases = list(
            session.scalars(select(SourceAlias.key).where(SourceAlias.source_id == kept.id).order_by(SourceAlias.key))
        )
        return {
            **review_record(review),
            "source": source_record(kept, aliases=aliases),
            "claims_moved": moved,
            "merged": [m["label"] for m in merged],
        }
