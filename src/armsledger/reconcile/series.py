"""The cumulative estimate over time: one sweep over a flow's claims in publication order.

Rules (docs/reconcile.md, "Estimates over time"):
- Figures are grouped into reports: one source, one day stated (fusion.py). A source's later
  report replaces its earlier ones; an earlier figure repeated by a later document (a timeline,
  a recap) is that earlier report, not news.
- A report is current while it is within `window_days` of the newest report; older ones have
  aged out. The current reports are fused (fusion.py): outliers are set aside.
- Increments (a period's figure) and vague amounts ("millions of") are floors under the total;
  so is a credible report once it has aged out.
- A running total does not fall without a reason: when the fused value is below the previous
  one, it is held there, unless the reports behind the previous value are all still current
  (newer, lower reports are fused with them), or one of them was revised down by its own
  source, is now an outlier, or was a conversion that a newer direct count replaces. Each point
  that holds or falls says why.
The sweep is linear in the number of claims (plus a heap of report dates), so the whole series
costs about what one estimate does.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date

from armsledger.reconcile.analysis import Analysed
from armsledger.reconcile.fusion import Fused, Report, fuse, repeats, short

ReportKey = tuple[str, date]


@dataclass(frozen=True, slots=True)
class Point:
    """The estimate as it stood on one publication date."""

    date: date
    low: float
    central: float
    high: float
    claims: int
    basis: str
    note: str | None = None


@dataclass(frozen=True)
class SweepRules:
    """The parameters of a sweep."""

    window_days: int
    floor_min_weight: float
    min_agreeing: int
    calibre: int | None = None
    fallback: bool = False


@dataclass(slots=True)
class SweepState:
    """Where the sweep stands after the last date (what the explanation is built from)."""

    reports: dict[ReportKey, Report] = field(default_factory=dict)
    latest: dict[str, Report] = field(default_factory=dict)
    current: dict[str, Report] = field(default_factory=dict)
    heap: list[tuple[date, int, str, ReportKey]] = field(default_factory=list)
    newest: date | None = None
    newest_report: Report | None = None
    revised: dict[ReportKey, Report] = field(default_factory=dict)
    restated: dict[str, Report] = field(default_factory=dict)
    retired: dict[ReportKey, Report] = field(default_factory=dict)
    floors: list[Analysed] = field(default_factory=list)
    floor: float | None = None
    floor_from: str | None = None
    floor_claims: set[str] = field(default_factory=set)
    fused: Fused | None = None
    member_of: dict[str, ReportKey] = field(default_factory=dict)
    unused_conversions: set[ReportKey] = field(default_factory=set)
    replaced_conversions: dict[ReportKey, Report] = field(default_factory=dict)
    basis: tuple[ReportKey, ...] = ()
    held: bool = False
    last: Point | None = None

    def report_of(self, key: ReportKey) -> Report | None:
        return self.reports.get(key)


def _raise_floor(state: SweepState, value: float, source: str, claim_ids: list[str]) -> None:
    if state.floor is None or value > state.floor:
        state.floor, state.floor_from, state.floor_claims = value, source, set(claim_ids)


def _arrive(state: SweepState, a: Analysed, rules: SweepRules, seq: int) -> None:
    role = a.role.role if a.role else "total"
    if role in ("increment", "floor"):
        state.floors.append(a)
        if a.interval is not None and a.weight >= rules.floor_min_weight:
            _raise_floor(state, a.interval.low, f"{a.source_label} ({a.day:%d %b %Y}, {a.role.cue or role})"
                         if a.role else a.source_label, [a.rc.claim_id])
        return
    latest = state.latest.get(a.source)
    if latest is not None and latest.day > a.day:
        state.restated[a.rc.claim_id] = latest  # an older figure repeated: the source has said more since
        return
    if latest is not None and latest.day < a.day and repeats(latest, a):
        latest.add(a)  # the source repeating itself (a recap without a date) counts once, as first stated
        state.member_of[a.rc.claim_id] = latest.key
        return
    key = (a.source, a.day)
    report = state.reports.get(key)
    if report is None:
        report = state.reports[key] = Report(a.source, a.source_label, a.day)
        heapq.heappush(state.heap, (a.day, seq, a.source, key))
    report.add(a)
    state.member_of[a.rc.claim_id] = key
    if latest is not None and latest.day < a.day:
        state.revised[latest.key] = report
        state.current.pop(a.source, None)
    state.latest[a.source] = report
    if state.newest is None or a.day > state.newest:
        state.newest, state.newest_report = a.day, report
    if (state.newest - report.day).days <= rules.window_days:
        state.current[a.source] = report
    else:
        state.retired[key] = report


def _expire(state: SweepState, rules: SweepRules, outliers: set[ReportKey]) -> None:
    if state.newest is None:
        return
    while state.heap and (state.newest - state.heap[0][0]).days > rules.window_days:
        _, _, source, key = heapq.heappop(state.heap)
        report = state.reports[key]
        if state.current.get(source) is report:
            del state.current[source]
            state.retired[key] = report
            report.read(rules.calibre)
            if report.weight >= rules.floor_min_weight and key not in outliers:
                _raise_floor(state, report.low, f"{report.describe()}, aged out",
                             [m.rc.claim_id for m in report.chosen])


def _current(state: SweepState, rules: SweepRules) -> list[Report]:
    reports = [r.read(rules.calibre) for r in state.current.values()]
    # A conversion older than a current direct count is replaced by it: carriers update the
    # estimate when they are at least as new as the latest count of items.
    counted = [r for r in reports if r.has_count]
    state.replaced_conversions = {}
    if counted:
        newest_count = max(counted, key=lambda r: r.day)
        state.replaced_conversions = {r.key: newest_count for r in reports
                                      if not r.has_count and r.day < newest_count.day}
        reports = [r for r in reports if r.key not in state.replaced_conversions]
    state.unused_conversions = set()
    if rules.fallback and any(any(m.figure != "carrier" for m in r.chosen) for r in reports):
        state.unused_conversions = {r.key for r in reports if all(m.figure == "carrier" for m in r.chosen)}
        reports = [r for r in reports if r.key not in state.unused_conversions]
    return reports


def _basis_kind(reports: tuple[Report, ...]) -> str:
    kinds = {"direct" if r.has_count else "converted" for r in reports}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _release_reasons(state: SweepState, fused: Fused) -> list[str]:
    """Why the reports behind the previous value no longer hold it up (empty: hold it)."""
    reasons = []
    outliers = {r.key for r in fused.outliers}
    newer_counts = [r for r in fused.inliers if r.has_count]
    inliers = {r.key for r in fused.inliers}
    if state.basis and all(k in inliers for k in state.basis):
        new = [r for r in fused.inliers if r.key not in state.basis]
        if new:
            return ["the reports behind it are still current and are now fused with newer, lower ones: "
                    + "; ".join(r.describe() for r in new)]
        return ["later documents add figures to the same reports: "
                + "; ".join(state.reports[k].describe() for k in state.basis)]
    for key in state.basis:
        old = state.reports[key]
        newer = state.revised.get(key)
        if newer is not None and newer.read(None).central < old.central:
            reasons.append(f"{old.label} revised its own figure from {short(old.central)} to {short(newer.central)}")
        elif key in outliers:
            reasons.append(f"{old.describe()} is now set aside as an outlier")
        elif not old.has_count:
            count = state.replaced_conversions.get(key) or next((r for r in newer_counts if r.day > old.day), None)
            if count is not None:
                reasons.append(f"a newer direct count, {count.describe()}, takes precedence over the converted "
                               f"figure of {old.describe()}")
    return reasons


def _point(state: SweepState, day: date, rules: SweepRules) -> Point | None:
    reports = _current(state, rules)
    if not reports:
        if state.floor is None:
            return None
        setting = [a for a in state.floors if a.rc.claim_id in state.floor_claims and a.interval is not None]
        if not setting:
            return None
        best = max(setting, key=lambda a: a.interval.low)  # type: ignore[union-attr]
        iv = best.interval
        assert iv is not None
        return Point(day, max(iv.low, state.floor), max(iv.central, state.floor), max(iv.high, state.floor), 1,
                     "floor", f"no running total yet: the largest floor stands in ({state.floor_from})")
    fused = fuse(reports, min_agreeing=rules.min_agreeing)
    state.fused = fused
    low, central, high = fused.low, fused.central, fused.high
    if state.floor is not None and state.floor > low:
        low = state.floor
        central = max(central, low)
        high = max(high, central)
    claims = sum(len(r.chosen) for r in fused.inliers)
    basis, note = tuple(r.key for r in fused.inliers), None
    previous = state.last
    state.held = False
    if previous is not None and central < previous.central * (1 - 1e-9):
        reasons = _release_reasons(state, fused)
        if reasons:
            note = f"falls from {short(previous.central)} to {short(central)}: " + "; ".join(reasons)
        else:
            behind = "; ".join(dict.fromkeys(state.reports[k].describe() for k in state.basis))
            note = (f"held at {short(previous.central)}: the current reports put it at {short(central)}, but none "
                    f"revises {behind}; a running total cannot fall")
            low, central, high = min(low, previous.central), previous.central, max(high, previous.central)
            basis, state.held = state.basis, True
    state.basis = basis
    kind = _basis_kind(tuple(state.reports[k] for k in basis))
    return Point(day, low, central, high, claims, kind, note)


def sweep(candidates: list[Analysed], rules: SweepRules) -> tuple[list[Point], SweepState]:
    """The series of cumulative estimates, one point per publication date, and the final state.
    `candidates` are a flow's totals, increments and floors, with their sources and days set."""
    ordered = sorted(candidates, key=lambda a: (a.rc.published, a.day, a.rc.claim_id))
    state = SweepState()
    points: list[Point] = []
    i = 0
    while i < len(ordered):
        day = ordered[i].rc.published
        while i < len(ordered) and ordered[i].rc.published == day:
            _arrive(state, ordered[i], rules, i)
            i += 1
        _expire(state, rules, {r.key for r in state.fused.outliers} if state.fused else set())
        point = _point(state, day, rules)
        if point is not None:
            points.append(point)
            state.last = point
    return points, state
