"""As-of: what the ledger knew on a date. A claim is visible on day D when its document was
published on or before D, it was recorded on or before D, and it had not been superseded by D."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, or_, true

from armsledger import dates
from armsledger.errors import InvalidDateError
from armsledger.ledger.errors import InvalidQueryError
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow


def parse_date(value: str | date | None, *, what: str = "date") -> date | None:
    """An as-of style date (YYYY-MM-DD; YYYY-MM and YYYY mean the last day of that month or year),
    parsed by armsledger.dates; an error is an InvalidQueryError naming `what`."""
    try:
        return dates.parse_date(value, option=what, end=True)
    except InvalidDateError as exc:
        raise InvalidQueryError(exc.message, **exc.detail) from None


def end_of_day(day: date) -> datetime:
    """The first instant after `day` (timestamps strictly before it were recorded by then)."""
    return datetime.combine(day + timedelta(days=1), time.min)


def claim_visible(as_of: date | None, *, recorded_by: date | None = None,
                  include_superseded: bool = False) -> ColumnElement[bool]:
    """The condition that keeps claims visible as of `as_of` (current claims when None) and, when
    `recorded_by` is given, only what the ledger held at the end of that day."""
    if as_of is None and recorded_by is None:
        return ClaimRow.superseded_at.is_(None) if not include_superseded else true()
    conditions = []
    if as_of is not None:
        conditions += [ClaimRow.published_on <= as_of, ClaimRow.recorded_at < end_of_day(as_of)]
    cutoff = end_of_day(min(d for d in (as_of, recorded_by) if d is not None))
    if recorded_by is not None:
        conditions.append(ClaimRow.recorded_at < end_of_day(recorded_by))
    if not include_superseded:
        conditions.append(or_(ClaimRow.superseded_at.is_(None), ClaimRow.superseded_at >= cutoff))
    return and_(*conditions)


def document_visible(as_of: date | None, *, recorded_by: date | None = None) -> ColumnElement[bool]:
    """Documents published and recorded by `as_of` and recorded by `recorded_by` (all when both None)."""
    conditions = []
    if as_of is not None:
        conditions += [DocumentRow.published_on <= as_of, DocumentRow.recorded_at < end_of_day(as_of)]
    if recorded_by is not None:
        conditions.append(DocumentRow.recorded_at < end_of_day(recorded_by))
    return and_(*conditions) if conditions else true()


def source_visible(as_of: date | None) -> ColumnElement[bool]:
    """Sources first seen by `as_of` (all when None); listings also require a visible claim."""
    if as_of is None:
        return true()
    return SourceRow.first_seen < end_of_day(as_of)
