"""Days of fire: how long a stock lasts at a rate of use, with the qualifiers' intervals.

The quick back-of-the-envelope figure, done with ranges: the stock and the daily rate are
each a range (a stated figure widened by its qualifier, reconcile's interval rules), the
bounds divide end by end (the fewest days: the smallest stock at the highest rate), and
Monte Carlo draws give the percentiles in between.
"""

from __future__ import annotations

import secrets

import numpy as np
from pydantic import BaseModel, ConfigDict

from armsledger.settings import get_setting
from armsledger.stockflow.distributions import Range
from armsledger.stockflow.errors import ModelError
from armsledger.stockflow.months import DAYS_PER_MONTH
from armsledger.stockflow.project import check_size


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Result):
    low: float
    central: float
    high: float


class Spread(_Result):
    """Interval bounds and Monte Carlo percentiles of one figure."""

    low: float
    central: float
    high: float
    p10: float
    p50: float
    p90: float


class DaysOfFire(_Result):
    stock: Span
    rate_per_day: Span
    days_of_fire: Spread
    months: Spread
    draws: int
    seed: int


def _span(r: Range) -> Span:
    return Span(low=r.low, central=r.central, high=r.high)


def days_of_fire(stock: Range, rate_per_day: Range, *, draws: int | None = None, seed: int | None = None) -> DaysOfFire:
    """How many days `stock` lasts at `rate_per_day` (items a day, all ends above zero)."""
    if rate_per_day.low <= 0:
        raise ModelError("the rate of use must be above zero at its low end")
    n = int(get_setting("model_draws", draws))
    check_size(n, 1)
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    days = stock.sample(n, rng) / rate_per_day.sample(n, rng)
    p10, p50, p90 = (float(v) for v in np.percentile(days, [10, 50, 90]))
    spread = Spread(
        low=stock.low / rate_per_day.high,
        central=stock.central / rate_per_day.central,
        high=stock.high / rate_per_day.low,
        p10=p10,
        p50=p50,
        p90=p90,
    )
    months = Spread(**{k: v / DAYS_PER_MONTH for k, v in spread.model_dump().items()})
    return DaysOfFire(
        stock=_span(stock), rate_per_day=_span(rate_per_day), days_of_fire=spread, months=months, draws=n, seed=seed
    )
