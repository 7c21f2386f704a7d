"""Result and explanation types of the reconcile stage; all serialize to JSON."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

ClaimStatus = Literal[
    "used",
    "floor",
    "superseded",
    "expired",
    "outlier",
    "alternative",
    "rate",
    "denied",
    "duplicate",
    "low_grade",
    "committed",
    "target",
    "interdicted",
    "no_quantity",
    "unconverted",
    "conversion_unused",
]


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FlowKey(_Result):
    """(kind, supplier, recipient or actor, item group, unit family)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    item: str
    unit_family: str | None = None

    def label(self) -> str:
        parties = f"{self.supplier or '?'}->{self.recipient or '?'}" if self.kind == "transfer" else (self.actor or "?")
        return f"{self.kind} {parties} {self.item} [{self.unit_family or 'no quantity'}]"


class ClaimUse(_Result):
    """One claim as the estimate saw it: its interval in the estimate's unit, its weight, and why.
    `doc` is the document's title or file name; `stated_on` the day the figure was stated."""

    claim_id: str
    doc: str
    published: date
    stated_on: date | None = None
    source: str
    grade: str | None = None
    role: str | None = None
    cue: str | None = None
    figure: str | None = None
    stated: str | None = None
    unit: str | None = None
    low: float | None = None
    central: float | None = None
    high: float | None = None
    weight: float = 0.0
    status: ClaimStatus
    reason: str
    evidence: str


class SeriesPoint(_Result):
    """The cumulative estimate as it stood on one date (reports published up to then); `note` says
    why it was held or fell."""

    date: date
    low: float
    central: float
    high: float
    claims: int
    basis: Literal["direct", "converted", "mixed", "floor"]
    note: str | None = None


class RateSummary(_Result):
    """The current rate on a flow, per month."""

    per: Literal["month"] = "month"
    low: float
    central: float
    high: float
    claims: list[str]


class ReviewNote(_Result):
    """An analyst's review that changed what an estimate reads: a claim confirmed, corrected (with the
    fields set) or rejected (left out), with who, when and why."""

    claim_id: str
    status: Literal["confirmed", "corrected", "rejected"]
    reviewer: str
    reviewed_at: str | None = None
    reason: str
    changes: dict[str, object] = {}
    counted: bool


class Estimate(_Result):
    """What is most likely true about one flow as of a date, with a range and its reasons."""

    flow: FlowKey
    as_of: date | None
    unit: str
    low: float | None
    central: float | None
    high: float | None
    credibility: int
    credibility_reason: str
    basis: Literal["direct", "converted", "mixed", "floor", "none"]
    explanation: list[str] = []
    used: list[ClaimUse]
    discounted: list[ClaimUse]
    discounted_counts: dict[str, int]
    rate: RateSummary | None = None
    series: list[SeriesPoint]
    assumptions: dict[str, str]
    undated_documents: int = 0
    reviews: list[ReviewNote] = []


class FlowSummary(_Result):
    """One line of `armsledger flows`."""

    flow: FlowKey
    claims: int
    first_published: date
    last_published: date
    low: float | None = None
    central: float | None = None
    high: float | None = None
    unit: str | None = None
    credibility: int | None = None
    rate: RateSummary | None = None


class Contradiction(_Result):
    """Two claims on one flow and period whose intervals cannot both be true."""

    flow: FlowKey
    kind: Literal["disjoint_totals", "total_decreased", "disjoint_rates", "denied"]
    message: str
    first: ClaimUse
    second: ClaimUse


class Finding(_Result):
    """One result of a plausibility check, with the numbers behind it."""

    check: str
    severity: Literal["info", "warning"]
    message: str
    numbers: dict[str, float | str]
    claims: list[str]
    evidence: list[str]
