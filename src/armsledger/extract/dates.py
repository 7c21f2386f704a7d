"""Resolve date expressions against a publication date: the day a statement was made
("on Friday, June 14") and the deadline of a target ("by 2025", "by the end of 2025")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from armsledger.ingest.published import MONTHS, WEEKDAYS

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
SAID_DATE_RE = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY_NAMES})(?:,?\s+(?:(?P<m1>{_MONTH_NAMES})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_NAMES})))?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<m3>{_MONTH_NAMES})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y3>(?:19|20)\d\d))?"
    rf"|(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m4>{_MONTH_NAMES})(?:,?\s+(?P<y4>(?:19|20)\d\d))?"
    rf"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    rf"|(?P<dotted>\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d\d)"  # 17.12.2024, as European copy writes a day
    rf"|(?P<rel>yesterday|today|earlier\s+today|this\s+(?:morning|afternoon|evening)|in\s+the\s+evening(?!\s+of)|tonight))\b",
    re.I,
)
BY_RE = re.compile(
    rf"\b(?:by|before|(?:until|till)(?=\s+(?:the\s+)?end\s+of))\s+(?:the\s+)?(?P<end>end\s+of\s+(?:the\s+)?|end-|close\s+of\s+|mid-|middle\s+of\s+|early\s+|"
    rf"late\s+|spring\s+(?:of\s+)?|summer\s+(?:of\s+)?|autumn\s+(?:of\s+)?|fall\s+(?:of\s+)?|winter\s+(?:of\s+)?)?"
    rf"(?:(?P<month>{_MONTH_NAMES})\.?\s*(?P<myear>(?:19|20)\d\d)?|(?P<year>(?:19|20)\d\d)|(?P<thisyear>(?:this|next)\s+year|the\s+year))\b",
    re.I,
)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve_said_date(match: re.Match, published: date | None) -> date | None:
    """The calendar day a SAID_DATE_RE match names, resolved against `published`."""
    g = match.groupdict()
    if g.get("iso"):
        try:
            return date.fromisoformat(g["iso"])
        except ValueError:
            return None
    if g.get("dotted"):
        day_s, month_s, year_s = g["dotted"].split(".")
        return _safe(int(year_s), int(month_s), int(day_s)) if 1 <= int(month_s) <= 12 else None
    if g.get("rel"):
        if published is None:
            return None
        return published - timedelta(days=1) if g["rel"].lower() == "yesterday" else published
    month = g.get("m1") or g.get("m2") or g.get("m3") or g.get("m4")
    day = g.get("d1") or g.get("d2") or g.get("d3") or g.get("d4")
    year = g.get("y1") or g.get("y3") or g.get("y4")
    if month and day:
        if year:
            return _safe(int(year), _month(month), int(day))
        if published is None:
            return None
        found = _safe(published.year, _month(month), int(day))
        if found and found > published + timedelta(days=1):
            found = _safe(published.year - 1, _month(month), int(day))
        return found
    if g.get("wd") and published is not None:
        target = WEEKDAYS[g["wd"].lower()]
        back = (published.weekday() - target) % 7
        if back == 0 and re.search(r"\blast\s+$", match.string[max(0, match.start() - 6) : match.start()], re.I):
            back = 7  # "last Friday" in a piece of a Friday: the Friday before
        return published - timedelta(days=back)
    return None


def resolve_deadline(match: re.Match, published: date | None) -> str | None:
    """A BY_RE match as SCHEMA's `by`: "2025", "2025-12-31" for the end of a year, "2024-03" for a month."""
    g = match.groupdict()
    end = (g.get("end") or "").lower()
    if g.get("thisyear"):
        if published is None:
            return None
        year = published.year + (1 if g["thisyear"].lower().startswith("next") else 0)
    elif g.get("year"):
        year = int(g["year"])
    elif g.get("month"):
        month = _month(g["month"])
        if g.get("myear"):
            year = int(g["myear"])
        elif published is not None:
            year = published.year + (1 if month < published.month else 0)
        else:
            return None
        if end.startswith("end"):
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return (nxt - timedelta(days=1)).isoformat()
        return f"{year}-{month:02d}"
    else:
        return None
    if end.startswith(("end", "close")):
        return f"{year}-12-31"
    return str(year)


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "eighteen": 18,
    "a": 1,
}
# Deadlines said without "by" (SCHEMA rule 16): "in 2025" (a year not yet past), "this year", "next year",
# "between 2026 and 2030" and "2022–25" (the end of a delivery period), "within two months".
LOOSE_DEADLINE_RE = re.compile(
    r"\b(?:(?:between|from)\s+(?:(?:19|20)\d\d)\s+(?:and|to|through|until)\s+(?P<range_end>(?:19|20)\d\d)"
    r"|(?P<span_start>(?:19|20)\d\d)\s*[–-]\s*(?P<span_end>(?:19|20)?\d\d)\b"
    r"|(?:in|during|for)\s+(?:fiscal\s+year\s+|FY\s*)?(?P<in_year>(?:19|20)\d\d)\b(?!\s*[–-])"
    r"|(?:in|by|during|before\s+the\s+end\s+of)\s+(?:the\s+)?(?P<q_ord>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
    r"(?P<q_kind>quarter|half)\s+of\s+(?P<q_year>(?:19|20)\d\d)\b"
    r"|(?:in|by|during)\s+(?P<q_short>Q[1-4]|H[12])\s*(?P<q_syear>(?:19|20)\d\d)\b"
    r"|(?P<rel>this|next)\s+year"
    r"|within\s+(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|a)\s+"
    r"(?P<unit>months?|years?))",
    re.I,
)


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _period_end(g: dict, published: date | None) -> str | None:
    """ "in the first quarter of 2026" → 2026-03-31; "by H2 2025" → 2025-12-31 (a period already past is none)."""
    if g.get("q_short"):
        kind, n, year = ("quarter" if g["q_short"][0].upper() == "Q" else "half"), int(g["q_short"][1]), g["q_syear"]
    else:
        kind, year = g["q_kind"].lower(), g["q_year"]
        n = 4 if g["q_ord"].lower() == "last" and kind == "quarter" else _ORDINALS.get(g["q_ord"].lower(), 2)
    months = 3 if kind == "quarter" else 6
    if (kind == "half" and n > 2) or n > 4:
        return None
    last_month = n * months
    end = date(int(year) + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
    return end.isoformat() if published is None or end >= published else None


def resolve_loose_deadline(match: re.Match, published: date | None) -> str | None:
    """A LOOSE_DEADLINE_RE match as SCHEMA's `by`, or None when it is no deadline (a year already past)."""
    g = match.groupdict()
    if g.get("range_end"):
        return g["range_end"]
    if g.get("span_end"):
        end = g["span_end"]
        return end if len(end) == 4 else g["span_start"][:2] + end
    if g.get("q_year") or g.get("q_syear"):
        return _period_end(g, published)
    if g.get("in_year"):
        year = int(g["in_year"])
        return str(year) if published is None or year >= published.year else None
    if published is None:
        return None
    if g.get("rel"):
        return str(published.year + (1 if g["rel"].lower() == "next" else 0))
    n = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
    months = n * (12 if g["unit"].lower().startswith("year") else 1)
    year, month = divmod(published.month - 1 + months, 12)
    return f"{published.year + year}-{month + 1:02d}"
