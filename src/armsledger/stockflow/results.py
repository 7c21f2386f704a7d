"""Result types of a projection; all serialize to the JSON `armsledger model project` prints."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Percentiles(_Result):
    """p10 / p50 / p90 of a quantity over the draws (None where infinite, e.g. no consumption)."""

    p10: float | None
    p50: float | None
    p90: float | None


class StockPoint(_Result):
    """The stock at the end of one month: percentiles over the draws."""

    date: str
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float


class MonthPoint(_Result):
    date: str
    probability: float


class MonthPercentiles(_Result):
    """When something happens: the probability that it happens within the horizon, and the
    months by which 10 %, 50 % and 90 % of the draws have seen it (None: not within the horizon)."""

    probability: float
    p10: str | None
    p50: str | None
    p90: str | None
    by_month: list[MonthPoint]


class Coverage(_Result):
    """The share of consumption over the horizon that one source met."""

    source: str
    p10: float
    p50: float
    p90: float
    mean: float


class Driver(_Result):
    """One input's pull on the spread of the stock at the end of the horizon (before the floor
    at zero): Spearman rank correlation over the draws, its share of the summed squared
    correlations, and the end stock with this input at its p10 and p90, the others at their medians."""

    input: str
    rank_correlation: float
    variance_share: float
    output_at_p10: float
    output_at_p90: float


class ClaimInfo(_Result):
    claim_id: str
    doc: str
    published: date
    stated: str | None
    evidence: str


class InputReport(_Result):
    """One input as the projection used it, with where it came from."""

    name: str
    unit: str
    low: float
    central: float
    high: float
    shape: str
    origin: str
    note: str
    dated: date | None
    claims: list[ClaimInfo]
    start: str | None = None
    end: str | None = None
    deadline: str | None = None


class Projection(_Result):
    """A Monte Carlo projection of one actor's stock of one item family."""

    actor: str
    item: str
    as_of: date | None
    start: str
    months: int
    draws: int
    seed: int
    series: list[StockPoint]
    production: list[StockPoint]
    exhaustion: MonthPercentiles
    catch_up: MonthPercentiles
    days_of_fire: Percentiles
    coverage: list[Coverage]
    drivers: list[Driver]
    inputs: list[InputReport]
    warnings: list[str]
