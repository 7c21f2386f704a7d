"""Calendar months, the model's time step, and rate periods.

A projection runs month by month from a start month; month 1 is the start month and a
stock "at month t" is the stock at the end of month t. Rates stated per day, week or year
are converted to months with the mean Gregorian month (365.25 / 12 = 30.4375 days).
"""

from __future__ import annotations

from datetime import date

DAYS_PER_MONTH = 365.25 / 12
PER_DAYS = {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH, "year": 365.25}
PERIODS = tuple(PER_DAYS)


def per_month_factor(per: str) -> float:
    """What a rate stated per `per` is multiplied by to give a rate per month."""
    try:
        return DAYS_PER_MONTH / PER_DAYS[per]
    except KeyError:
        raise ValueError(f"unknown period {per!r}; use one of {', '.join(PERIODS)}") from None


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after `month`'s month."""
    index = month.year * 12 + (month.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start`'s month to `end`'s month (0 when the same month)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def label(month: date) -> str:
    """YYYY-MM."""
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str | date, *, what: str = "month") -> date:
    """The first day of the month a text names: YYYY-MM, YYYY-MM-DD, or YYYY (its December,
    as a deadline "by 2025" means by the end of 2025)."""
    if isinstance(text, date):
        return first_of_month(text)
    value = str(text).strip()
    try:
        if len(value) == 4 and value.isdigit():
            return date(int(value), 12, 1)
        if len(value) == 7 and value[4] == "-":
            return date(int(value[:4]), int(value[5:]), 1)
        return first_of_month(date.fromisoformat(value))
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a month (use YYYY-MM, YYYY-MM-DD or YYYY)") from None
