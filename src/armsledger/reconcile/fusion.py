"""Reports and their fusion.

A report is what one source stated on one day about a flow (its figures may come from several
documents: the original and later recaps). It is read as one interval with one weight:
- the source's own counts of items when it gives any; its carriers and capacities otherwise
  (both, weighted, when it gives no count);
- alternatives ("3 million 152 mm or 500,000 122 mm rounds") are one reading: the one in the
  calibre the loading model assumes when the calibres differ, else their weighted mean;
- its weight is its best figure's (hedge band x source grade x kind of figure).

A report whose figures are all one-sided counts ("more than a million", "up to 2 million") is a
bound, not a point: it holds every value on its side of the stated figure. The current reports
are fused: the weighted median of the points' central values is found (of the bounds' when no
point is current); a report whose range does not hold it, while at least `min_agreeing_reports`
other independent reports do and outweigh it, is set aside as an outlier; low, central and high
are the weighted means of the other points; a bound that holds their result confirms it and does
not vote ("more than a million" beside "about 1.5 million" does not pull it down), one that does
not hold it votes with its stated figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from armsledger.reconcile.analysed import Analysed
from armsledger.reconcile.columns import Columns


class Report:
    """One source's figures on one flow stated on one day, read as one interval: `low`, `central`,
    `high` and `weight`, from its `chosen` members; `has_count` when they are the source's own count
    of items. Members are claim indices into `cols` (columns.py). (A plain slotted class: an estimate
    over many claims builds tens of thousands.)"""

    __slots__ = (
        "_words",
        "bound",
        "carried",
        "central",
        "chosen",
        "cols",
        "day",
        "dirty",
        "has_count",
        "high",
        "hold_high",
        "hold_low",
        "key",
        "label",
        "low",
        "members",
        "source",
        "weight",
    )

    def __init__(self, source: str, label: str, day: date, cols: Columns, first: int | None = None) -> None:
        self.source, self.label, self.day, self.key, self.cols = source, label, day, (source, day), cols
        self.members: list[int] = [] if first is None else [first]
        self.chosen: list[int] = []
        self.low = self.central = self.high = self.weight = 0.0
        self.has_count = False
        self.bound: Bound = None
        # the values the report holds (`holds`), and the carriers it states (`carried`), set by `read`
        self.hold_low = self.hold_high = 0.0
        self.carried: tuple[str, float] | None = None
        self.dirty = True  # members added since `read` (it computes the interval again)
        self._words: str | None = None

    def __repr__(self) -> str:
        return f"Report({self.describe()})"

    def is_chosen(self, member: int) -> bool:
        return member in self.chosen

    def add(self, member: int) -> None:
        self.members.append(member)
        self.dirty, self._words = True, None

    def read(self, calibre: int | None) -> Report:
        """Compute the report's interval and weight (once per change of its members)."""
        if not self.dirty:
            return self
        cols = self.cols
        if len(self.members) == 1:  # most reports: one figure, read as it is
            (m,) = self.members
            low, high, bound, figure = cols.low[m], cols.high[m], cols.bound[m], cols.figure[m]
            self.low, self.central, self.high, self.weight = low, cols.central[m], high, cols.weight[m]
            self.chosen, self.dirty, self._words = [m], False, None
            self.has_count, self.bound = figure == "count", bound
            # the values it holds and the carriers it states, for one member
            self.hold_low = -_INF if bound == "ceiling" else low
            self.hold_high = _INF if bound == "floor" else high
            value, unit = cols.value[m], cols.unit[m]
            if figure == "carrier" and value is not None and unit is not None:
                self.carried = (unit, max(0.0, cols.value_high[m] or value))
            else:
                self.carried = None
            return self
        figures = cols.figure
        counts = [m for m in self.members if figures[m] == "count"]
        pool = counts or self.members[:]
        # one member per figure (`_distinct`): only when two of them state the same number can two be one figure
        if len(set(map(cols.value.__getitem__, pool))) < len(pool):
            pool = _distinct(cols, pool)
        calibers = cols.caliber
        if len(set(map(calibers.__getitem__, pool))) > 1:  # (mostly one calibre, or none stated)
            calibres = set(map(calibers.__getitem__, pool))
            calibres.discard(None)
            if len(calibres) > 1 and calibre in calibres:
                pool = [m for m in pool if calibers[m] in (None, calibre)]
        low = central = high = total = weight = 0.0
        lows, centrals, highs, weights, bounds = cols.low, cols.central, cols.high, cols.weight, cols.bound
        bound = bounds[pool[0]]  # the pool's bound when all its members share one (else None)
        for m in pool:
            m_weight = weights[m]
            w = m_weight or 1.0
            low, central, high, total = low + lows[m] * w, central + centrals[m] * w, high + highs[m] * w, total + w
            if m_weight > weight:  # (`max(weight, iv.weight)`, written out)
                weight = m_weight
            if bounds[m] != bound:
                bound = None
        self.central = central / total
        self.low, self.high, self.weight = min(low / total, self.central), max(high / total, self.central), weight
        self.chosen, self.dirty, self._words = pool, False, None
        self.has_count = bool(counts)
        self.bound = bound
        # the values it holds, and the carriers it states (none when it counts items)
        self.hold_low = -_INF if bound == "ceiling" else self.low
        self.hold_high = _INF if bound == "floor" else self.high
        self.carried = None if counts else _carried(cols, pool)
        return self

    def holds(self, value: float) -> bool:
        """Whether the report allows `value`: within its range; a bound allows all on its side."""
        return self.hold_low <= value <= self.hold_high

    @property
    def is_point(self) -> bool:
        return self.bound is None

    def describe(self) -> str:
        """The report in a few words: who, when, what it says."""
        if self._words is None:
            figures = "; ".join(dict.fromkeys(_figure_words(self.cols, m) for m in self.chosen))
            self._words = f"{self.label} ({self.day:%d %b %Y}: {figures})"
        return self._words


Bound = Literal["floor", "ceiling"] | None
_INF = float("inf")


def _carried(cols: Columns, chosen: list[int]) -> tuple[str, float] | None:
    """(unit, largest number) of the carriers a report states, when it states carriers of one unit
    (beside them it may give only the capacity the source converted them to, no count of items)."""
    units: set[str | None] = set()
    top = 0.0
    for m in chosen:
        figure, value = cols.figure[m], cols.value[m]
        if figure == "count" or value is None:
            return None
        if figure == "carrier":
            units.add(cols.unit[m])
            top = max(top, cols.value_high[m] or value)
    unit = units.pop() if len(units) == 1 else None
    return None if unit is None else (unit, top)


def bound_of(m: Analysed) -> Bound:
    """A one-sided count ("more than a million": a floor; "up to 2 million": a ceiling), or None
    (read with the claim: `Analysed.bound`, `Columns.bound`)."""
    return m.bound


def _distinct(cols: Columns, members: list[int]) -> list[int]:
    """One member per figure: the same number repeated by several documents counts once (the most
    specific reading of it, e.g. containers "of shells" rather than "of munitions", is kept)."""
    best: dict[tuple, int] = {}
    values, centrals = cols.value, cols.central
    for m in members:
        key = (cols.figure[m], cols.unit[m], values[m], cols.value_high[m], cols.caliber[m])  # the same figure
        kept = best.get(key)
        if kept is None or (
            values[m] is not None and values[kept] is not None and centrals[m] > centrals[kept]
        ):  # (compared when both have an interval)
            best[key] = m
    return list(best.values())


def repeats(report: Report, m: int) -> bool:
    """Whether figure `m` repeats one of the report's own (same kind, unit and number within 1 %)."""
    cols = report.cols
    values, units, figures = cols.value, cols.unit, cols.figure
    value, unit, figure = values[m], units[m], figures[m]
    if value is None:
        return False
    for other in report.members:
        ov = values[other]
        if (
            ov is not None
            and abs(ov - value) <= 0.01 * abs(ov) + 1e-9
            and units[other] == unit
            and figures[other] == figure
        ):
            return True
    return False


def _figure_words(cols: Columns, m: int) -> str:
    q = cols.rc[m].claim.quantity
    if q is None:
        return "?"
    stated = q.text or f"{q.value:,.0f}"
    figure = cols.figure[m]
    if figure == "carrier":
        unit = q.unit.replace("_", " ")
        if unit[:4] not in stated.lower():
            stated += f" {unit}s"
        return f"{stated} ≈ {short(cols.central[m])}"
    if figure == "capacity":
        return f"could hold {stated}"
    return stated


def fmt(m: Analysed) -> str:
    iv = m.interval
    return "?" if iv is None else short(iv.central)


def short(value: float) -> str:
    """4.9 M, 350 k, 1,200: a number an analyst reads at a glance."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + " M"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f} k"
    return f"{value:,.0f}"


@dataclass(frozen=True, slots=True)
class Fused:
    """The fusion of the current reports."""

    low: float
    central: float
    high: float
    inliers: tuple[Report, ...]
    outliers: tuple[Report, ...]
    median: float


def weighted_median(values: list[tuple[float, float]]) -> float:
    """The value at half the total weight (the lower one on a tie)."""
    ordered = sorted(values)
    total = sum(w for _, w in ordered)
    running = 0.0
    for value, weight in ordered:
        running += weight
        if running >= total / 2:
            return value
    return ordered[-1][0]


def _weighted(voters: list[Report]) -> tuple[float, float, float]:
    """(low, central, high): the weighted means of the voters' ends and centres."""
    total = sum([r.weight for r in voters]) or float(len(voters))
    low = central = high = 0.0
    lowest = highest = voters[0].central
    for r in voters:  # (one pass: each sum in the order of the voters, as `sum` adds them)
        share = (r.weight or 1.0) / total
        low += r.low * share
        central += r.central * share
        high += r.high * share
        if r.central < lowest:
            lowest = r.central
        elif r.central > highest:
            highest = r.central
    # A weighted mean lies within its inputs; clamping removes floating-point drift past them.
    return low, min(max(central, lowest), highest), high


def fuse(reports: list[Report], *, min_agreeing: int) -> Fused:
    """Fuse the current reports (already read) into one interval, setting outliers aside. Points
    vote; a bound that holds what the points say confirms it and does not vote (one that does not
    hold it votes with its stated figure; bounds alone vote among themselves)."""
    points = [r for r in reports if r.bound is None]
    voting = points or reports
    median = weighted_median([(r.central, r.weight) for r in voting])
    # (`holds` written out: this runs for every current report on every day of a series)
    holding: list[Report] = []
    apart: list[Report] = []  # those that do not hold the median
    for r in reports:
        (holding if r.hold_low <= median <= r.hold_high else apart).append(r)
    agreeing_weight = sum([r.weight for r in holding])
    # a report that does not hold the median is set aside when enough others (all of which hold it) outweigh it
    outliers = (
        [r for r in apart if agreeing_weight > r.weight] if apart and holding and len(holding) >= min_agreeing else []
    )
    if outliers:
        flagged = {id(r) for r in outliers}
        inliers = [r for r in reports if id(r) not in flagged]
        voters = [r for r in inliers if r.bound is None]
    else:
        inliers = list(reports)
        voters = points[:]
    confirming: list[Report] = []
    if voters:
        if len(voters) < len(inliers):
            central = _weighted(voters)[1]
            bounds = [r for r in inliers if r.bound is not None]
            confirming = [r for r in bounds if r.hold_low <= central <= r.hold_high]
            voters += [r for r in bounds if not r.hold_low <= central <= r.hold_high]
    else:
        voters = inliers
    low, central, high = _weighted(voters)
    for r in confirming:  # a confirming bound still narrows the range on its side
        if r.bound == "floor":
            low = max(low, min(r.low, central))
        else:
            high = min(high, max(r.high, central))
    return Fused(min(low, central), central, max(high, central), tuple(inliers), tuple(outliers), median)
