"""Two time axes, named plainly.

- `as_of` (knowledge time): what had been *published* by that date. A claim is visible when
  its document's publication date is on or before it; undated documents are left out (and
  counted, see `queries.count_undated_documents`).
- `recorded_by` (audit time): what *this ledger held* at the end of that date. A claim is
  visible when it was recorded by then and had not yet been superseded by a newer
  extraction; a document dated by hand after that date still counts as undated.

Either may be None: no `as_of` means every date, undated documents included; no
`recorded_by` means the ledger as it is now (current claims only).
"""

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


def claim_visible(
    as_of: date | None, *, recorded_by: date | None = None, include_superseded: bool = False
) -> ColumnElement[bool]:
    """The condition that keeps claims published by `as_of` and held by the ledger at `recorded_by`."""
    conditions: list[ColumnElement[bool]] = []
    if as_of is not None:
        conditions.append(ClaimRow.published_on <= as_of)  # NULL (undated) never passes
    if recorded_by is not None:
        cutoff = end_of_day(recorded_by)
        conditions.append(ClaimRow.recorded_at < cutoff)
        if not include_superseded:
            conditions.append(or_(ClaimRow.superseded_at.is_(None), ClaimRow.superseded_at >= cutoff))
    elif not include_superseded:
        conditions.append(ClaimRow.superseded_at.is_(None))
    return and_(*conditions) if conditions else true()


def document_dated(recorded_by: date | None) -> ColumnElement[bool]:
    """Documents that had a publication date in the ledger at `recorded_by` (now when None)."""
    dated = DocumentRow.published_on.is_not(None)
    if recorded_by is None:
        return dated
    return and_(dated, or_(DocumentRow.dated_at.is_(None), DocumentRow.dated_at < end_of_day(recorded_by)))


def document_visible(as_of: date | None, *, recorded_by: date | None = None) -> ColumnElement[bool]:
    """Documents published by `as_of` and recorded by `recorded_by` (either may be None)."""
    conditions: list[ColumnElement[bool]] = []
    if as_of is not None:
        conditions += [DocumentRow.published_on <= as_of, document_dated(recorded_by)]
    if recorded_by is not None:
        conditions.append(DocumentRow.recorded_at < end_of_day(recorded_by))
    return and_(*conditions) if conditions else true()


def source_visible(recorded_by: date | None) -> ColumnElement[bool]:
    """Sources the ledger knew at `recorded_by` (all when None). Knowledge time is applied by
    requiring a visible claim, which every listing of sources does."""
    if recorded_by is None:
        return true()
    return SourceRow.first_seen < end_of_day(recorded_by)
