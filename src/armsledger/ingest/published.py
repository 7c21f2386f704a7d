"""Find a document's publication date, or say that it has none.

HTML pages: `htmldate` reads the page's own publication metadata (meta tags, JSON-LD, time
elements, URL), without its "extensive" search of the body, which would take the first date
the text mentions. Plain text (and HTML without metadata): a publication line near the top
("Published 30 December 2023", "Posted 20 October 2023", "Analysis | 15 April 2025", a line
that is only a date, "(as of 17 June 2024)"), a dateline at the start of a paragraph ("Seoul,
March 3, 2024. …"), then a copyright year checked against the weekday names the text gives
("Friday, June 14" fits 2024). Date strings are read with `dateparser`.

A date inside a sentence ("On 13 October 2023 the White House said…") is what the document
reports, not when it appeared; and a timeline ("Friday, 13 October 2023. …" opening several
paragraphs) takes its publication date, not its first entry: its entries are never read as a
dateline. When nothing fits, the date is None and the ledger stores the document undated.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
# One written date: ISO, "14 June 2024", "June 14, 2024", each with an optional weekday before it.
DATE_TEXT = (
    rf"(?:(?P<weekday>{_WEEKDAY_ALT}),?\s+(?:the\s+)?)?"
    rf"(?:(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_ALT})\.?,?\s+(?:19|20)\d\d"
    rf"|(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)"
)
_DATE = re.compile(r"\b" + DATE_TEXT + r"\b", re.IGNORECASE)
# A publication label before the date ("Published", "Blog, posted", "Updated on").
_LABELLED = re.compile(
    r"\b(?:published|posted|updated|issued|released|dated|date|first\s+published|as\s+of)\b[\s:,]*(?:on\s+)?$",
    re.IGNORECASE,
)
# Words that make a date part of a sentence rather than a publication line.
_IN_SENTENCE = re.compile(
    r"\b(?:on|since|until|till|by|from|before|after|between|in|to|through|and|or|than|of\s+the)\s*$", re.IGNORECASE
)
# A dateline opening a paragraph: an optional place ("Seoul, ", "Unterlüß/Düsseldorf, "), a date, a stop.
_DATELINE = re.compile(r"^(?:[A-Z][\w'’./ -]{0,40},\s+)?" + DATE_TEXT + r"\s*(?:[.:—–-]|\(|$)", re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:copyright|\(c\)|©)\s*(?P<year>(?:19|20)\d\d)", re.IGNORECASE)
_WEEKDAY_DATE = re.compile(
    r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+(?:the\s+)?(?P<month>" + _MONTH_ALT + r")\.?\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(?P<weekday2>"
    + "|".join(WEEKDAYS)
    + r"),?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>"
    + _MONTH_ALT
    + r")\b",
    re.IGNORECASE,
)
HEAD_LINES = 6
TAIL_LINES = 3
SHORT_LINE_WORDS = 16
TIMELINE_ENTRIES = 2


@lru_cache(maxsize=4096)
def parse_written_date(text: str) -> date | None:
    """A full written date ("Friday 23 February 2024", "March 3, 2024", "2024-06-14") as a date;
    None when it is not one, or when its weekday does not fit the day."""
    import dateparser

    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.strip().rstrip(".,"))
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        return None
    weekday = re.match(rf"\s*({_WEEKDAY_ALT})\b", text, re.IGNORECASE)
    if weekday and parsed.weekday() != WEEKDAYS[weekday.group(1).lower()]:
        return None
    return parsed.date()


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]


def _dateline_date(paragraph: str) -> date | None:
    """The date of a paragraph that opens with one (with or without a place before it)."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    inner = _DATE.search(match.group(0))
    return parse_written_date(inner.group(0)) if inner else None


def is_timeline(text: str) -> bool:
    """Whether several paragraphs open with a date (a timeline or chronology)."""
    return sum(1 for p in _paragraphs(text) if _DATE.match(p) and _dateline_date(p)) >= TIMELINE_ENTRIES


def _publication_line_date(line: str) -> date | None:
    """The date of a line that states when the document appeared: labelled, alone, in parentheses,
    or closing a short heading; never a date inside a sentence."""
    for match in _DATE.finditer(line):
        before = line[: match.start()]
        found = parse_written_date(match.group(0))
        if found is None:
            continue
        if _LABELLED.search(before):
            return found
        rest = line[match.end() :].strip(" .)]")
        short = len(line.split()) <= SHORT_LINE_WORDS
        if short and not rest and not _IN_SENTENCE.search(before):
            return found
    return None


def find_published_date(text: str) -> date | None:
    """The date a text says it was published, or None when it does not say (see the module doc)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        found = _publication_line_date(line)
        if found:
            return found
    if not is_timeline(text):
        for paragraph in _paragraphs(text)[:HEAD_LINES]:
            found = _dateline_date(paragraph)
            if found:
                return found
    m = _COPYRIGHT.search(text)
    if m:
        fitting = weekday_dates(text, int(m.group("year")))
        if fitting:
            return max(fitting)
    return None


def find_html_date(html: str) -> date | None:
    """The publication date in a page's own metadata (htmldate, no search of the body text)."""
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
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
