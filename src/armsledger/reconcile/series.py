"""The cumulative estimate over time: one sweep over a flow's claims in publication order.

Rules (docs/reconcile.md, "Estimates over time"):
- Figures are grouped into reports: one source, one day stated (fusion.py). A source's later
  report replaces its earlier ones; an earlier figure repeated by a later document (a timeline,
  a recap, undated) is that earlier report, not news, even when the source has said more since.
- Carrier counts are a running tally: a current report of fewer containers than a newer current
  report is an earlier stage of the same count, not a second opinion.
- A report is current while it is within `window_days` of the newest report; older ones have
  aged out. The current reports are fused (fusion.py): outliers are set aside.
- A running total cannot fall below what credible earlier reports said: a report that has aged
  out (not revised by its source, not an outlier) holds the central value up at its own
  central value; increments (a period's figure), vague amounts ("millions of") and aged-out
  reports hold the low end up at their low ends. Such a floor is itself set aside when at least
  `min_agreeing` independent current reports all lie below it and together outweigh it.
- Every point that is held up by a floor, or falls below the previous one, says why.
The sweep is linear in the number of claims (plus heaps of report dates and floors), so the whole
series costs about what one estimate does.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from datetime import date, timedelta

from armsledger.reconcile.analysed import Analysed
from armsledger.reconcile.columns import Columns
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
class Floor:
    """A floor under the running total: a value, the weight behind it, and what it comes from (an
    aged-out report, or an increment or vague amount); `what` says so in words (built when shown)."""

    value: float
    weight: float
    report: Report | None = None
    claim: int | None = None  # the index of the claim in `cols` (an increment or a vague amount)
    cols: Columns | None = None

    @property
    def key(self) -> ReportKey | None:
        return self.report.key if self.report is not None else None

    @property
    def claims(self) -> tuple[str, ...]:
        if self.report is not None:
            rcs = self.report.cols.rc
            return tuple(rcs[m].claim_id for m in self.report.chosen)
        return (self.cols.rc[self.claim].claim_id,) if self.claim is not None and self.cols is not None else ()

    @property
    def what(self) -> str:
        if self.report is not None:
            return f"{self.report.describe()}, aged out"
        i, cols = self.claim, self.cols
        if i is None or cols is None:
            return "?"
        role = cols.role[i]
        kind = "a vague amount" if role is not None and role.role == "floor" else "a figure for one period"
        q = cols.rc[i].claim.quantity
        stated = q.text if q else "?"
        return f"{cols.label[i]} ({cols.day[i]:%d %b %Y}: {stated}, {kind})"


@dataclass(slots=True)
class SweepState:
    """Where the sweep stands after the last date (what the explanation is built from). Claims are
    indices into `cols`: `member_of` (in the order they arrived), `restated` and `floors` hold them."""

    cols: Columns = field(default_factory=Columns)
    reports: dict[ReportKey, Report] = field(default_factory=dict)
    latest: dict[str, Report] = field(default_factory=dict)
    # each source's figures by unit and kind, in numeric order: contiguous doubles, so the recap check's
    # bisection does not chase pointers to float objects scattered over the heap (`_said_before`)
    said: dict[tuple[str, str | None, str], array[float]] = field(default_factory=dict)
    current: dict[str, Report] = field(default_factory=dict)
    # the reports by the day they were stated, to age them out in order: the days in a heap, each day's
    # reports in the order they were made (a heap of days rather than of reports: far fewer to order)
    heap: list[date] = field(default_factory=list)
    due: dict[date, list[tuple[str, ReportKey]]] = field(default_factory=dict)
    newest: date | None = None
    newest_report: Report | None = None
    cutoff: date = date.min
    revised: dict[ReportKey, Report] = field(default_factory=dict)
    restated: dict[int, Report] = field(default_factory=dict)
    retired: dict[ReportKey, Report] = field(default_factory=dict)
    member_of: dict[int, ReportKey] = field(default_factory=dict)
    floors: list[int] = field(default_factory=list)
    central_floors: list[tuple[float, int, Floor]] = field(default_factory=list)
    low_floors: list[tuple[float, int, Floor]] = field(default_factory=list)
    overruled: list[tuple[Floor, tuple[Report, ...]]] = field(default_factory=list)
    overruled_reports: dict[ReportKey, tuple[Floor, tuple[Report, ...]]] = field(default_factory=dict)
    outliers_seen: set[ReportKey] = field(default_factory=set)
    replaced_seen: set[ReportKey] = field(default_factory=set)
    fused: Fused | None = None
    unused_conversions: set[ReportKey] = field(default_factory=set)
    replaced_conversions: dict[ReportKey, Report] = field(default_factory=dict)
    updated_carriers: dict[ReportKey, Report] = field(default_factory=dict)
    basis: tuple[ReportKey, ...] = ()
    central_floor: Floor | None = None
    low_floor: Floor | None = None
    last: Point | None = None
    seq: int = 0

    @property
    def floor(self) -> float | None:
        """The floor under the low end now (None when there is none)."""
        return self.low_floor.value if self.low_floor else None

    @property
    def floor_from(self) -> str | None:
        return self.low_floor.what if self.low_floor else None

    @property
    def floor_claims(self) -> set[str]:
        return set(self.low_floor.claims if self.low_floor else ()) | set(
            self.central_floor.claims if self.central_floor else ()
        )


def _push(heap: list[tuple[float, int, Floor]], floor: Floor, state: SweepState) -> None:
    state.seq += 1
    heapq.heappush(heap, (-floor.value, state.seq, floor))


def _arrive_day(state: SweepState, group: list[int], rules: SweepRules) -> None:
    """A day's claims (indices into `state.cols`) arrive, in order: increments and floors become floors; a
    figure joins its source's report of its day, or is an earlier figure repeated (restated), or repeats its
    source's latest report. One loop with the steps written out and the state's tables and the columns held
    as locals (it runs for every claim of the flow)."""
    cols = state.cols
    roles, sources, days, values_of = cols.role, cols.source, cols.day, cols.value
    units, figures, lows, weights, labels = cols.unit, cols.figure, cols.low, cols.weight, cols.label
    floors, low_floors, floor_min_weight = state.floors, state.low_floors, rules.floor_min_weight
    latest_of, said, reports, restated = state.latest, state.said, state.reports, state.restated
    member_of, revised, current, heap, due = state.member_of, state.revised, state.current, state.heap, state.due
    window = timedelta(days=rules.window_days)
    new_floor = object.__new__
    for i in group:
        role = roles[i]
        if role is not None and (role.role == "increment" or role.role == "floor"):
            floors.append(i)
            weight = weights[i]
            if values_of[i] is not None and weight >= floor_min_weight:
                state.seq += 1  # (`_push`, written out)
                floor = new_floor(Floor)  # `Floor(low, weight, None, i, cols)`, without a constructor call
                floor.value, floor.weight, floor.report, floor.claim, floor.cols = lows[i], weight, None, i, cols
                heapq.heappush(low_floors, (-floor.value, state.seq, floor))
            continue
        source, day, value = sources[i], days[i], values_of[i]
        said_key = (source, units[i], figures[i])
        latest = latest_of.get(source)
        if latest is not None and latest.day != day:
            if latest.day > day:
                restated[i] = latest  # an older figure repeated: the source has said more since
                continue
            # Every figure of the source's reports is in `said`, so a figure that repeats one of its latest
            # report's (`repeats`) is one said before: the index answers first, and most figures are new.
            if value is not None:
                values = said.get(said_key)
                if values:
                    # `_said_before(values, value)`, written out (it runs for most figures)
                    margin = 0.011 * abs(value) + 1e-8
                    j, top, end = bisect_left(values, value - margin), value + margin, len(values)
                    said_before = False
                    while j < end:
                        ov = values[j]
                        if ov > top:
                            break
                        if abs(ov - value) <= 0.01 * abs(ov) + 1e-9:
                            said_before = True
                            break
                        j += 1
                    if said_before:
                        if repeats(latest, i):
                            latest.add(i)  # the source repeating itself (a recap without a date) counts once
                            insort(values, value)
                            member_of[i] = latest.key
                        else:
                            restated[i] = latest  # a recap of a figure the source has since revised
                        continue
        if latest is not None and latest.day == day:
            # the source's report of this day (its latest: a source's reports arrive in the order of their days)
            report = latest
            report.members.append(i)  # (`report.add(i)`, written out)
            report.dirty, report._words = True, None
        else:
            key = (source, day)
            found = reports.get(key)
            if found is None:
                report = reports[key] = Report(source, labels[i], day, cols, i)
                of_day = due.get(day)
                if of_day is None:
                    due[day] = [(source, key)]
                    heapq.heappush(heap, day)
                else:
                    of_day.append((source, key))
            else:
                report = found
                report.add(i)
        if value is not None:  # indexed by kind and unit, in numeric order (`_said_before`)
            values = said.get(said_key)
            if values is None:
                said[said_key] = array("d", (value,))
            else:
                insort(values, value)
        member_of[i] = report.key
        if latest is not None and latest is not report:
            revised[latest.key] = report
            current.pop(source, None)
        latest_of[source] = report
        newest = state.newest
        if newest is None or day > newest:
            state.newest, state.newest_report = day, report
            state.cutoff = day - window
        if day >= state.cutoff:
            current[source] = report
        else:
            _retire(state, report, rules)


def _said_before(values: array[float], value: float) -> bool:
    """Whether `value` repeats one of a source's figures of its kind and unit (`values`, in numeric
    order): `repeats` over all of the source's reports, looking only at the figures near the value
    (the index keeps this linear)."""
    # |ov - v| <= 0.01 |ov| + 1e-9 implies |ov - v| <= 0.0102 |v| + 2.1e-9: the candidates lie within
    # a slightly wider margin, and each is then tested exactly as `repeats` tests it.
    margin = 0.011 * abs(value) + 1e-8
    i, top, end = bisect_left(values, value - margin), value + margin, len(values)
    while i < end:
        ov = values[i]
        if ov > top:
            return False
        if abs(ov - value) <= 0.01 * abs(ov) + 1e-9:
            return True
        i += 1
    return False


def _retire(state: SweepState, report: Report, rules: SweepRules) -> None:
    state.retired[report.key] = report
    report.read(rules.calibre)
    set_aside = report.key in state.outliers_seen or report.key in state.replaced_seen
    if report.weight >= rules.floor_min_weight and not set_aside:
        _push(state.central_floors, Floor(report.central, report.weight, report=report), state)
        _push(state.low_floors, Floor(report.low, report.weight, report=report), state)


def _expire(state: SweepState, rules: SweepRules) -> None:
    if state.newest is None:
        return
    heap, cutoff = state.heap, state.cutoff
    while heap and heap[0] < cutoff:
        for source, key in state.due.pop(heapq.heappop(heap)):
            report = state.reports[key]
            if state.current.get(source) is report:
                del state.current[source]
                _retire(state, report, rules)


def _current(state: SweepState, rules: SweepRules) -> list[Report]:
    calibre = rules.calibre
    reports = list(state.current.values())
    newest_count: Report | None = None
    conversions: list[Report] = []  # the reports that count no items, in order
    for r in reports:
        if r.dirty:
            r.read(calibre)
        if not r.has_count:
            conversions.append(r)
        elif newest_count is None or r.day > newest_count.day:
            newest_count = r
    # A conversion older than a current direct count (a point or a bound) is replaced by it:
    # carriers update the estimate when they are at least as new as the latest count of items. One
    # count does not replace several independent conversions that outweigh it: they are all fused.
    state.replaced_conversions = {}
    if newest_count is not None and conversions:
        cut = newest_count.day
        older = [r for r in conversions if r.day < cut]
        outweighed = len(older) >= rules.min_agreeing and sum(r.weight for r in older) > newest_count.weight
        if older and not outweighed:
            replaced = state.replaced_conversions = {r.key: newest_count for r in older}
            reports = [r for r in reports if r.key not in replaced]
            conversions = [r for r in conversions if r.key not in replaced]
            state.replaced_seen.update(replaced)
    # (only a report that counts no items states carriers: `Report.carried`)
    state.updated_carriers = _updated_carriers(conversions) if len(conversions) > 1 else {}
    if state.updated_carriers:
        for r in conversions:  # (only those state carriers)
            if r.key in state.updated_carriers:
                reports.remove(r)
    state.unused_conversions = set()
    figures = state.cols.figure
    if rules.fallback and any(any(figures[m] != "carrier" for m in r.chosen) for r in reports):
        state.unused_conversions = {r.key for r in reports if all(figures[m] == "carrier" for m in r.chosen)}
        reports = [r for r in reports if r.key not in state.unused_conversions]
    return reports


def _updated_carriers(reports: list[Report]) -> dict[ReportKey, Report]:
    """Carrier counts are a running tally ("1,000 containers", then "6,700", then "10,000"): a current
    report of fewer carriers of a unit than a newer current report states is an earlier stage of the
    same count, updated by it (the newest such report: the first of them of its day), not a second opinion
    to average with it."""
    carriers = [r for r in reports if r.carried is not None]
    if len(carriers) < 2:
        return {}
    newest_first = sorted(carriers, key=_day, reverse=True)  # (stable: a day's reports keep their order)
    updated: dict[ReportKey, Report] = {}
    for r in carriers:
        unit, value = r.carried  # type: ignore[misc]
        day = r.day
        for newer in newest_first:
            if newer.day <= day:
                break
            u, v = newer.carried  # type: ignore[misc]
            if v > value and u == unit:
                updated[r.key] = newer
                break
    return updated


def _top_floor(
    state: SweepState,
    heap: list[tuple[float, int, Floor]],
    fused: Fused | None,
    rules: SweepRules,
    lowest_high: float | None = None,
) -> Floor | None:
    """The highest floor still standing: floors of reports revised by their source are dropped, and
    a floor that several independent current reports all lie below is set aside (and named).
    `lowest_high` is the lowest high end of the fused reports, when known: none lies below a floor not
    above it."""
    while heap:
        floor = heap[0][2]
        if floor.report is not None and floor.report.key in state.revised:
            heapq.heappop(heap)
            continue
        if fused is not None:
            value = floor.value
            if lowest_high is not None and value <= lowest_high and rules.min_agreeing > 0:
                return floor  # (no report lies below it)
            below = [r for r in fused.inliers if r.high < value]
            if len(below) >= rules.min_agreeing and sum([r.weight for r in below]) > floor.weight:
                heapq.heappop(heap)
                set_aside = (floor, tuple(below))
                state.overruled.append(set_aside)
                if floor.key is not None:
                    state.overruled_reports[floor.key] = set_aside
                continue
        return floor
    return None


def _basis_kind(reports: list[Report] | tuple[Report, ...]) -> str:
    direct = converted = False
    for r in reports:
        if r.has_count:
            direct = True
        else:
            converted = True
    return "mixed" if direct == converted else "direct" if direct else "converted"


def _day(report: Report) -> date:
    return report.day


def _fall_reasons(state: SweepState, basis: tuple[ReportKey, ...], fused: Fused) -> list[str]:
    """Why the estimate is below the previous one."""
    reasons = []
    outliers = {r.key for r in fused.outliers}
    previous_basis = set(basis)
    for key in basis:
        old = state.reports.get(key)
        if old is None:
            continue
        newer = state.revised.get(key)
        if newer is not None:
            reasons.append(
                f"{old.label} revised its own figure from {short(old.central)} to {short(newer.read(None).central)}"
            )
        elif key in outliers:
            reasons.append(f"{old.describe()} is now set aside as an outlier")
        elif key in state.replaced_conversions:
            reasons.append(
                f"a newer direct count, {state.replaced_conversions[key].describe()}, replaces the "
                f"converted figure of {old.describe()}"
            )
        elif key in state.updated_carriers:
            reasons.append(f"{old.describe()} is an earlier stage of {state.updated_carriers[key].describe()}")
    new = [r for r in fused.inliers if r.key not in previous_basis]
    if new:
        reasons.append("newer reports in the window are lower and are fused with the others: " + named(new))
    for key in basis:
        if key in state.overruled_reports:
            floor, below = state.overruled_reports[key]
            reasons.append(f"the floor from {floor.what} is set aside: {overruled_why(below)}")
    return reasons or ["the reports behind it now read lower"]


NAMED_REPORTS = 3


def named(reports: list[Report] | tuple[Report, ...]) -> str:
    """Reports in words, the first few by name."""
    shown = "; ".join(r.describe() for r in reports[:NAMED_REPORTS])
    return shown + (f"; and {len(reports) - NAMED_REPORTS} more" if len(reports) > NAMED_REPORTS else "")


def overruled_why(below: tuple[Report, ...]) -> str:
    """Why a floor was set aside."""
    return f"{len(below)} independent current reports lie below it: {named(below)}"


def _point(state: SweepState, day: date, rules: SweepRules) -> Point | None:
    reports = _current(state, rules)
    fused = fuse(reports, min_agreeing=rules.min_agreeing) if reports else None
    state.fused = fused
    if fused is not None:
        state.outliers_seen.update(r.key for r in fused.outliers)
    lowest_high = min([r.high for r in fused.inliers]) if fused is not None and fused.inliers else None
    state.central_floor = _top_floor(state, state.central_floors, fused, rules, lowest_high)
    state.low_floor = _top_floor(state, state.low_floors, fused, rules, lowest_high)
    if fused is None:
        return _floor_point(state, day)
    low, central, high = fused.low, fused.central, fused.high
    inliers = fused.inliers
    basis, note = tuple([r.key for r in inliers]), None
    behind: tuple[Report, ...] = inliers  # the reports of the basis
    if state.low_floor is not None and state.low_floor.value > low:
        low = state.low_floor.value
    if state.central_floor is not None and state.central_floor.value > central:
        central = state.central_floor.value
        if state.central_floor.report is not None:  # (a floor has a key when it is a report's)
            basis = (*basis, state.central_floor.report.key)
            behind = (*inliers, state.central_floor.report)
        note = (
            f"held at {short(central)} by {state.central_floor.what}: a running total cannot fall; the current "
            f"reports put it at {short(fused.central)}"
        )
    central = max(central, low)
    low, high = min(low, central), max(high, central)
    previous = state.last
    if previous is not None and central < previous.central * (1 - 1e-9):
        fall = f"falls from {short(previous.central)} to {short(central)}: " + "; ".join(
            _fall_reasons(state, state.basis, fused)
        )
        note = fall if note is None else f"{fall}; {note}"
    state.basis = basis
    claims = sum([len(r.chosen) for r in inliers])
    kind = _basis_kind(behind)
    return Point(day, low, central, high, claims, kind, note)


def _floor_point(state: SweepState, day: date) -> Point | None:
    """With no running total yet, the largest floor stands in for it."""
    floor = state.low_floor
    if floor is None:
        return None
    i, cols = floor.claim, floor.cols
    if i is None or cols is None or cols.value[i] is None:
        return None
    iv = cols.interval(i)
    assert iv is not None
    state.basis = ()
    return Point(
        day,
        max(iv.low, floor.value),
        max(iv.central, floor.value),
        max(iv.high, floor.value),
        1,
        "floor",
        f"no running total yet: the largest floor stands in ({floor.what})",
    )


def sweep(candidates: list[Analysed], rules: SweepRules) -> tuple[list[Point], SweepState]:
    """The series of cumulative estimates, one point per publication date, and the final state.
    `candidates` are a flow's totals, increments and floors, with their sources and days set (claims
    not yet dated by their statements count as stated on their publication day)."""
    # Stable: claims of one publication and stated day keep their input order (ledger ids, file lines).
    by_day: dict[date, tuple[list[int], list[int]]] = {}
    for i, a in enumerate(candidates):
        groups = by_day.get(a.published)
        if groups is None:
            groups = by_day[a.published] = ([], [])
        groups[0 if a.dated is None or a.dated == a.published else 1].append(i)
    return sweep_read(Columns.of(candidates), by_day, rules)


def sweep_read(
    cols: Columns, by_day: dict[date, tuple[list[int], list[int]]], rules: SweepRules
) -> tuple[list[Point], SweepState]:
    """`sweep` of candidates grouped as they were read (`analysis.FlowRead.by_day`): by publication day,
    each day's as the indices into `cols` of (those stated that day, those stated on another day), in
    their input order. Each day's claims arrive as one stable sort by the day stated orders them: most
    were stated that day and keep their order; only the others (recaps, dated statements) are sorted, and
    go before or after them."""
    state = SweepState(cols=cols)
    points: list[Point] = []
    stated = cols.day.__getitem__
    for day in sorted(by_day):
        same, others = by_day[day]
        if others:
            others = sorted(others, key=stated)
            cut = bisect_left(others, day, key=stated)
            group = [*others[:cut], *same, *others[cut:]]
        else:
            group = same
        _arrive_day(state, group, rules)
        _close_day(state, day, rules, points)  # the day's claims have all arrived
    return points, state


def _close_day(state: SweepState, day: date, rules: SweepRules, points: list[Point]) -> None:
    """Reports aged out, and the day's point (when there is one) added to the series."""
    _expire(state, rules)
    point = _point(state, day, rules)
    if point is not None:
        points.append(point)
        state.last = point
