"""The one parser for dates given as options or arguments: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

A partial date stands for a period; `end=True` takes its last day (`--as-of 2024-06` is
2024-06-30, `--to 2024` is 2024-12-31), otherwise its first (`--from 2024` is 2024-01-01).
Every error names the option it came from.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from armsledger.errors import InvalidDateError

DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"
_ISO = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?")
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})")


def _hint(text: str) -> str:
    """A suggestion for a date written day first ("31-12-2024" → 2024-12-31), else ""."""
    match = _DAY_FIRST.fullmatch(text)
    if not match:
        return ""
    try:
        return f"; did you mean {date(int(match['y']), int(match['m']), int(match['d'])).isoformat()}?"
    except ValueError:
        return ""


def parse_date(value: str | date | None, *, option: str = "date", end: bool = False) -> date | None:
    """`value` as a date (None passes through); InvalidDateError naming `option` otherwise."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    match = _ISO.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        year = int(match["y"])
        if match["m"] is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        month = int(match["m"])
        if match["d"] is None:
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, int(match["d"]))
    except ValueError:
        raise InvalidDateError(
            f"{option} {text!r} is not a date (use {DATE_FORMS}){_hint(text)}", option=option, value=text
        ) from None
