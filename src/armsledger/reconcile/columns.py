"""A flow's claims read for an estimate, as columns: one list per field the estimate uses, indexed by
the claim's place in the reading order. The sweep, the reports and the claim lines hold claim indices
into these columns; an `Analysed` object is built only for a claim that is shown (`Columns.analysed`).

An estimate reads 100,000 claims: an object per claim, built slot by slot and freed again, cost more
than the rules that use it. The columns hold the claim's own objects (its float values are shared, not
copied), so building them is a few list appends per claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armsledger.reconcile.analysed import Analysed, Bound, Figure
from armsledger.reconcile.cumulative import RoleCue
from armsledger.reconcile.explain import ClaimStatus
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import Interval
from armsledger.reconcile.units.loading import LoadingModel

_new_interval = tuple.__new__  # `Interval(...)` without its generated Python `__new__`


@dataclass(slots=True)
class Columns:
    """Claims read for an estimate, field by field; `i` is a claim's index in every list.

    `low`, `central`, `high`, `weight` and `rules` are its interval (zeros and () for a claim with no
    quantity: `value[i] is None`); `day` is the day its figure was stated (its publication day until
    statements are known; `dated` says whether they were); `source` and `label` its canonical source
    key and name (sources.py); `set_apart` the claims given a status when read (discounted, rates,
    unconverted) with the reason, in order; `loading` the loading model of each converted claim."""

    rc: list[ReconcileClaim] = field(default_factory=list)
    role: list[RoleCue | None] = field(default_factory=list)
    low: list[float] = field(default_factory=list)
    central: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    rules: list[tuple[str, ...]] = field(default_factory=list)
    figure: list[Figure] = field(default_factory=list)
    value: list[float | None] = field(default_factory=list)
    value_high: list[float | None] = field(default_factory=list)
    unit: list[str | None] = field(default_factory=list)
    caliber: list[int | None] = field(default_factory=list)
    bound: list[Bound] = field(default_factory=list)
    day: list[date] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    label: list[str] = field(default_factory=list)
    set_apart: dict[int, tuple[ClaimStatus, str]] = field(default_factory=dict)
    loading: dict[int, LoadingModel] = field(default_factory=dict)
    dated: bool = True
    unique_ids: bool = True  # whether no two claims share a claim id
    objects: list[Analysed] | None = None  # the objects the columns were made from (`of`), returned as they are

    def __len__(self) -> int:
        return len(self.rc)

    def claim_id(self, i: int) -> str:
        return self.rc[i].claim_id

    def interval(self, i: int) -> Interval | None:
        if self.value[i] is None:
            return None
        return _new_interval(Interval, (self.low[i], self.central[i], self.high[i], self.weight[i], self.rules[i]))

    def status(self, i: int) -> ClaimStatus | None:
        found = self.set_apart.get(i)
        return None if found is None else found[0]

    def analysed(self, i: int) -> Analysed:
        """Claim `i` as an `Analysed` object (for the lines shown and the claims an explanation names)."""
        if self.objects is not None:
            return self.objects[i]
        rc = self.rc[i]
        status, reason = self.set_apart.get(i, (None, ""))
        quantity = rc.claim.quantity
        a = Analysed(
            rc,
            self.role[i],
            self.interval(i),
            self.loading.get(i),
            status,
            reason,
            self.figure[i],
            self.source[i],
            self.label[i],
            rc.published,
            self.day[i] if self.dated else None,
            quantity,
            self.caliber[i],
        )
        if quantity is not None:  # as read (a one-sided count's bound is the reader's)
            a.bound = self.bound[i]
        return a

    def all_analysed(self) -> list[Analysed]:
        return [self.analysed(i) for i in range(len(self.rc))]

    @classmethod
    def of(cls, items: list[Analysed]) -> Columns:
        """Columns of claims already read as objects (contradictions, tests); `analysed(i)` returns them."""
        cols = cls(objects=items)
        for i, a in enumerate(items):
            iv = a.interval
            cols.rc.append(a.rc)
            cols.role.append(a.role)
            cols.low.append(iv.low if iv else 0.0)
            cols.central.append(iv.central if iv else 0.0)
            cols.high.append(iv.high if iv else 0.0)
            cols.weight.append(iv.weight if iv else 0.0)
            cols.rules.append(iv.rules if iv else ())
            cols.figure.append(a.figure)
            cols.value.append(a.value if iv else None)
            cols.value_high.append(a.value_high)
            cols.unit.append(a.unit)
            cols.caliber.append(a.caliber)
            cols.bound.append(a.bound)
            cols.day.append(a.day)
            cols.source.append(a.source)
            cols.label.append(a.source_label)
            if a.status is not None:
                cols.set_apart[i] = (a.status, a.reason)
            if a.loading is not None:
                cols.loading[i] = a.loading
        cols.unique_ids = len({rc.claim_id for rc in cols.rc}) == len(cols.rc)
        return cols
