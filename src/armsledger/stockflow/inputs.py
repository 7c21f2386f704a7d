"""The model's typed inputs: one scenario for one actor and one item family.

Every input carries its distribution and where it came from (`Origin`): the ledger's
estimate at the as-of date with the claims behind it, the analyst's scenario file, the
model's default assumptions, or nothing at all (taken as zero, with a warning). Rates are
held per month; dud fractions as shares 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from armsledger.stockflow.distributions import Range

OriginKind = Literal["ledger", "scenario", "default", "none"]
SHARED_ATTAINMENT = "target attainment"


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim an input was estimated from, as the explanation shows it."""

    claim_id: str
    doc: str
    published: date
    stated: str | None
    evidence: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an input came from and why it has the figures it has."""

    kind: OriginKind
    note: str = ""
    claims: tuple[ClaimRef, ...] = ()
    dated: date | None = None  # publication date of the newest claim behind it

    @property
    def claim_ids(self) -> list[str]:
        return [c.claim_id for c in self.claims]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One sampled input: its range (per month for rates) and origin."""

    range: Range
    origin: Origin


@dataclass(frozen=True, slots=True)
class Trade:
    """Imports from one supplier, or exports to one recipient: a monthly rate, the share that
    does not work (imports only), and the months it runs (None: the whole horizon)."""

    partner: str
    rate: Quantity
    dud: Quantity | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A production target: the rate aimed at, the month it is due, and the attainment, the
    share of the gap between today's output and the target that is actually closed by then.
    A shared attainment is one draw for all of a scenario's targets (a programme that falls
    behind on one milestone falls behind on the next); an attainment given for one target
    alone is drawn for it alone."""

    rate: Quantity
    deadline: date
    attainment: Quantity
    shared: bool = True

    @property
    def name(self) -> str:
        return f"target {self.deadline:%Y-%m}"

    @property
    def attainment_name(self) -> str:
        return SHARED_ATTAINMENT if self.shared else f"{self.name} attainment"


@dataclass(slots=True)
class Scenario:
    """Everything one projection needs."""

    actor: str
    item: str
    start: date  # first day of the first projected month
    months: int
    as_of: date | None
    initial_stock: Quantity
    consumption: Quantity
    production: Quantity
    targets: list[Target] = field(default_factory=list)
    imports: list[Trade] = field(default_factory=list)
    exports: list[Trade] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def sampled(self) -> list[tuple[str, Quantity]]:
        """Every sampled input under its name, in a fixed order (so a seed reproduces a run)."""
        out = [
            ("initial stock", self.initial_stock),
            ("consumption", self.consumption),
            ("production", self.production),
        ]
        for t in self.targets:
            out.append((f"{t.name} rate", t.rate))
        shared = next((t.attainment for t in self.targets if t.shared), None)
        if shared is not None:
            out.append((SHARED_ATTAINMENT, shared))
        out += [(t.attainment_name, t.attainment) for t in self.targets if not t.shared]
        for trade in self.imports:
            out.append((f"imports {trade.partner}", trade.rate))
            if trade.dud is not None:
                out.append((f"duds {trade.partner}", trade.dud))
        for trade in self.exports:
            out.append((f"exports {trade.partner}", trade.rate))
        return out
