"""Find a document's publication date in its own text: a dateline, a "Published" line, or a
copyright year checked against the weekday names the text gives ("Friday, June 14" fits 2024)."""

from __future__ import annotations

import calendar
import re
from datetime import date

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_COPYRIGHT = re.compile(r"(?:copyright|\(c\)|©)\s*(?P<year>(?:19|20)\d\d)", re.I)
_WEEKDAY_DATE = re.compile(
    r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+(?:the\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(?P<weekday2>" + "|".join(WEEKDAYS) + r"),?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>"
    + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b",
    re.I,
)
_HEAD_LINES = 6


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _dated(match: re.Match) -> date | None:
    if "y" in match.groupdict() and match.group("y"):
        return _safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return _safe_date(int(match.group("year")), MONTHS[match.group("month").lower().rstrip(".")], int(match.group("day")))


def _head_date(text: str) -> date | None:
    head = "\n".join(text.splitlines()[:_HEAD_LINES])[:1200]
    for pattern in (_ISO, _MDY, _DMY):
        m = pattern.search(head)
        if m and (found := _dated(m)):
            return found
    return None


def weekday_dates(text: str, year: int) -> list[date]:
    """Dates written as weekday plus month and day that fall on that weekday in `year`."""
    out = []
    for m in _WEEKDAY_DATE.finditer(text):
        if m.group("weekday"):
            wd, month, day = m.group("weekday"), m.group("month"), m.group("day")
        else:
            wd, month, day = m.group("weekday2"), m.group("month2"), m.group("day2")
        d = _safe_date(year, MONTHS[month.lower().rstrip(".")], int(day))
        if d and d.weekday() == WEEKDAYS[wd.lower()]:
            out.append(d)
    return out


def find_published_date(text: str) -> date | None:
    """The date a text was published, when the text itself says so; else None."""
    found = _head_date(text)
    if found:
        return found
    m = _COPYRIGHT.search(text)
    if m:
        year = int(m.group("year"))
        fitting = weekday_dates(text, year)
        if fitting:
            return max(fitting)
    return None
