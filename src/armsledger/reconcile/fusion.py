"""Reports and their fusion.

A report is what one source stated on one day about a flow (its figures may come from several
documents: the original and later recaps). It is read as one interval with one weight:
- the source's own counts of items when it gives any; its carriers and capacities otherwise
  (both, weighted, when it gives no count);
- alternatives ("3 million 152 mm or 500,000 122 mm rounds") are one reading: the one in the
  calibre the loading model assumes when the calibres differ, else their weighted mean;
- its weight is its best figure's (hedge band x source grade x kind of figure).

The current reports are fused: the weighted median of their central values is found; a report
whose range does not hold it, while at least `min_agreeing_reports` other independent reports
do and outweigh it, is set aside as an outlier; low, central and high are the weighted means of
the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armsledger.reconcile.analysis import Analysed


@dataclass(slots=True)
class Report:
    """One source's figures on one flow stated on one day, read as one interval."""

    source: str
    label: str
    day: date
    members: list[Analysed] = field(default_factory=list)
    chosen: list[Analysed] = field(default_factory=list)
    low: float = 0.0
    central: float = 0.0
    high: float = 0.0
    weight: float = 0.0
    _dirty: bool = True

    @property
    def key(self) -> tuple[str, date]:
        return (self.source, self.day)

    @property
    def has_count(self) -> bool:
        return any(m.figure == "count" for m in self.chosen)

    def add(self, member: Analysed) -> None:
        self.members.append(member)
        self._dirty = True

    def read(self, calibre: int | None) -> Report:
        """Compute the report's interval and weight (once per change of its members)."""
        if not self._dirty:
            return self
        counts = [m for m in self.members if m.figure == "count"]
        pool = _distinct(counts or self.members)
        with_calibre = {m.rc.claim.caliber_mm for m in pool if m.rc.claim.caliber_mm is not None}
        if len(with_calibre) > 1 and calibre in with_calibre:
            pool = [m for m in pool if m.rc.claim.caliber_mm in (None, calibre)]
        total = sum(m.weight for m in pool) or float(len(pool))
        weights = [(m, (m.weight or 1.0) / total) for m in pool]
        self.low = sum(m.interval.low * w for m, w in weights)  # type: ignore[union-attr]
        self.central = sum(m.interval.central * w for m, w in weights)  # type: ignore[union-attr]
        self.high = sum(m.interval.high * w for m, w in weights)  # type: ignore[union-attr]
        self.low, self.high = min(self.low, self.central), max(self.high, self.central)
        self.weight = max(m.weight for m in pool)
        self.chosen, self._dirty = pool, False
        return self

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high

    def describe(self) -> str:
        """The report in a few words: who, when, what it says."""
        figures = "; ".join(dict.fromkeys(_figure_words(m) for m in self.chosen))
        return f"{self.label} ({self.day:%d %b %Y}: {figures})"


def _same_figure(m: Analysed) -> tuple:
    q = m.rc.claim.quantity
    return (m.figure, q.unit if q else None, round(q.value, -1) if q else None,
            q.value_high if q else None, m.rc.claim.caliber_mm)


def _distinct(members: list[Analysed]) -> list[Analysed]:
    """One member per figure: the same number repeated by several documents counts once (the most
    specific reading of it, e.g. containers "of shells" rather than "of munitions", is kept)."""
    best: dict[tuple, Analysed] = {}
    for m in members:
        key = _same_figure(m)
        kept = best.get(key)
        if kept is None or (m.interval and kept.interval and m.interval.central > kept.interval.central):
            best[key] = m
    return list(best.values())


def repeats(report: Report, m: Analysed) -> bool:
    """Whether a figure repeats one of the report's own (same kind, unit and number within 1 %)."""
    q = m.rc.claim.quantity
    if q is None:
        return False
    for other in report.members:
        oq = other.rc.claim.quantity
        if oq is not None and oq.unit == q.unit and other.figure == m.figure and \
                abs(oq.value - q.value) <= 0.01 * max(abs(oq.value), 1.0):
            return True
    return False


def _figure_words(m: Analysed) -> str:
    q = m.rc.claim.quantity
    if q is None:
        return "?"
    stated = q.text or f"{q.value:,.0f}"
    if m.figure == "carrier":
        unit = q.unit.replace("_", " ")
        if unit[:4] not in stated.lower():
            stated += f" {unit}s"
        return f"{stated} ≈ {fmt(m)}"
    if m.figure == "capacity":
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


def fuse(reports: list[Report], *, min_agreeing: int) -> Fused:
    """Fuse the current reports (already read) into one interval, setting outliers aside."""
    median = weighted_median([(r.central, r.weight) for r in reports])
    outliers = []
    for r in reports:
        if r.holds(median):
            continue
        agreeing = [o for o in reports if o is not r and o.holds(median)]
        if len(agreeing) >= min_agreeing and sum(o.weight for o in agreeing) > r.weight:
            outliers.append(r)
    inliers = [r for r in reports if r not in outliers]
    total = sum(r.weight for r in inliers) or float(len(inliers))
    share = [(r, (r.weight or 1.0) / total) for r in inliers]
    low = sum(r.low * w for r, w in share)
    central = sum(r.central * w for r, w in share)
    high = sum(r.high * w for r, w in share)
    # A weighted mean lies within its inputs; clamping removes floating-point drift past them.
    central = min(max(central, min(r.central for r in inliers)), max(r.central for r in inliers))
    return Fused(min(low, central), central, max(high, central), tuple(inliers), tuple(outliers), median)
