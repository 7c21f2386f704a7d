"""The claim-by-claim explanation of an estimate: each claim used with its weight, and every other
claim with the one reason it was not counted (superseded, aged out, an outlier, a floor...).
Every claim gets a status (they are all counted), decided once per report for the claims of a
report; the reason in words is built only for the lines shown, so an estimate over 100,000 claims
stays fast."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import compress

from armsledger.reconcile.analysed import Analysed
from armsledger.reconcile.columns import Columns
from armsledger.reconcile.explain import ClaimStatus, ClaimUse
from armsledger.reconcile.fusion import Report, short
from armsledger.reconcile.series import ReportKey, SweepState

_FLOOR_ROLES = ("increment", "floor")


@dataclass(frozen=True)
class _Context:
    state: SweepState
    window: int
    floor_ids: frozenset[str]
    outliers: frozenset[int]
    basis: frozenset[tuple]


def _report_status(report: Report, ctx: _Context) -> ClaimStatus:
    """The status of the chosen claims of a report (the others of a used report are alternatives)."""
    state, key = ctx.state, report.key
    if key in state.revised:
        return "superseded"
    if key in ctx.basis:
        return "used"
    if id(report) in ctx.outliers:
        return "outlier"
    if key in state.unused_conversions or key in state.replaced_conversions or key in state.updated_carriers:
        return "conversion_unused"
    if state.current.get(report.source) is report:
        return "used"
    return "expired"


_ReportStatuses = dict[tuple, tuple["Report | None", "ClaimStatus"]]


def _floor_reason(a: Analysed, ctx: _Context) -> str:
    role = a.role
    if ctx.state.last is not None and ctx.state.last.basis == "floor" and a.claim_id in ctx.floor_ids:
        return "no running total yet: the largest floor stands in for it"
    if role is not None and role.role == "floor":
        reason = f"a vague amount ('{role.cue}'): a floor under the running total, not a vote"
    else:
        cue = f" (cue '{role.cue}')" if role and role.cue else ""
        reason = f"a figure for one period{cue}: a floor under the running total, never added to it"
    if a.claim_id in ctx.floor_ids:
        reason += f"; sets the floor {short(ctx.state.floor or 0)}"
    return reason


def _used_reason(report: Report, ctx: _Context) -> str:
    floor = ctx.state.central_floor
    if floor is not None and floor.key == report.key:
        return f"aged out, but holds the running total at {short(floor.value)}: a running total cannot fall"
    if report.key in ctx.basis:
        return f"current report of {report.label} (stated {report.day})"
    return f"current report of {report.label}; the running total is held above it"


def _reason(a: Analysed, status: ClaimStatus, report: Report | None, restated: Report | None, ctx: _Context) -> str:
    """The reason, in words, for one claim's status (`restated`: the report that replaces it, when the
    claim is an earlier figure of its source repeated)."""
    state = ctx.state
    if a.status is not None:
        return a.reason
    if a.role is not None and a.role.role in _FLOOR_ROLES:
        return _floor_reason(a, ctx)
    if restated is not None:
        return (
            f"an earlier figure of {a.source_label} (stated {a.day}) repeated here; {restated.describe()} replaces it"
        )
    if report is None:
        return "not part of any current report"
    if status == "superseded":
        return f"{report.label} said more later: {state.revised[report.key].describe()}"
    if status == "alternative":
        rcs = report.cols.rc
        other = "; ".join(dict.fromkeys(q.text for m in report.chosen if (q := rcs[m].claim.quantity) is not None))
        why = "the source's own count" if report.has_count else "the figure in the assumed calibre"
        return f"same report as {other}; {why} is used"
    if status == "used":
        return _used_reason(report, ctx)
    if status == "outlier":
        fused = state.fused
        assert fused is not None
        agree = sum(1 for r in fused.inliers if r.holds(fused.median))
        return (
            f"set aside as an outlier: {short(report.low)}–{short(report.high)} does not hold "
            f"{short(fused.median)}, where {agree} independent report(s) agree"
        )
    if status == "conversion_unused":
        newest = state.replaced_conversions.get(report.key)
        if newest is not None:
            return f"a conversion older than a current direct count, {newest.describe()}, which replaces it"
        later = state.updated_carriers.get(report.key)
        if later is not None:
            return f"an earlier stage of the same running count of carriers, updated by {later.describe()}"
        return "converted from carriers; current reports count items, so conversions only fill in"
    newest_report = state.newest_report.describe() if state.newest_report else "?"
    reason = f"aged out: more than {ctx.window} days older than the newest report, {newest_report}"
    if a.claim_id in ctx.floor_ids:
        reason += f"; still sets the floor {short(state.floor or 0)}"
    return reason


_Line = tuple[int, ClaimStatus, "Report | None"]  # (claim index, status, its report)


def _newest_first(cols: Columns) -> Callable[[_Line], tuple]:
    days, rcs = cols.day, cols.rc
    return lambda t: (days[t[0]], rcs[t[0]].claim_id)


def _uses(lines: list[_Line], ctx: _Context, restated: Callable[[int], Report | None]) -> list[ClaimUse]:
    """The lines as explanation lines: an `Analysed` object and the reason in words for each shown claim only."""
    cols = ctx.state.cols
    out = []
    for i, status, report in lines:
        a = cols.analysed(i)
        out.append(a.use(status, _reason(a, status, report, restated(i), ctx)))
    return out


def _most_recent(cols: Columns, lines: list[_Line], limit: int) -> list[_Line]:
    """The `limit` most recent lines, newest first (as `sorted(..., reverse=True)[:limit]` orders them).
    Only lines stated on or after the limit-th latest day can be among them, so the others are dropped
    before the lines are ordered."""
    days = cols.day
    if len(lines) > limit:
        cutoff = min(heapq.nlargest(limit, [days[t[0]] for t in lines]))
        lines = [t for t in lines if days[t[0]] >= cutoff]
    return heapq.nlargest(limit, lines, key=_newest_first(cols))


def _nth_latest(days: list[date], n: int) -> date:
    """The `n`-th latest of the days (with repeats: `min(heapq.nlargest(n, days))`), from the count of
    claims of each day (many claims share a day)."""
    counted = Counter(days)
    seen = 0
    for day in sorted(counted, reverse=True):
        seen += counted[day]
        if seen >= n:
            return day
    return min(counted)


def _context(state: SweepState, window: int) -> _Context:
    fused = state.fused
    return _Context(
        state,
        window,
        frozenset(state.floor_claims),
        frozenset(id(r) for r in fused.outliers) if fused else frozenset(),
        frozenset(state.basis),
    )


def claim_lines(
    state: SweepState, window: int, limit: int, *, by_report: bool = True
) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int]]:
    """(used lines, the `limit` most recent other lines, counts of the others by status) of every claim
    of `state.cols` (the swept ones, and those given a status when read). The statuses are counted by
    report (`_lines_by_report`) unless `by_report` is false or claim ids repeat; then claim by claim."""
    ctx = _context(state, window)
    if by_report and limit > 0:
        counted = _lines_by_report(state, ctx, limit)
        if counted is not None:
            return counted
    return _lines_by_claim(state, ctx, limit)


def _lines_by_claim(
    state: SweepState, ctx: _Context, limit: int
) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int]]:
    """Each claim's status decided by its claim id (when ids repeat, a claim's status follows the last
    claim with its id that joined a report or was restated, as it always has)."""
    cols = state.cols
    rcs, roles, set_apart = cols.rc, cols.role, cols.set_apart
    restated = {rcs[i].claim_id: r for i, r in state.restated.items()}
    member_of: dict[str, ReportKey] = {}
    for i, joined in state.member_of.items():  # in the order the claims arrived
        member_of[rcs[i].claim_id] = joined
    by_report: _ReportStatuses = {}  # a report and its status, decided once per report
    used: list[_Line] = []
    rest: list[_Line] = []
    counts: dict[str, int] = {}
    floor_basis = state.last is not None and state.last.basis == "floor"
    floor_ids, basis, reports = ctx.floor_ids, ctx.basis, state.reports
    for i, rc in enumerate(rcs):
        found_apart = set_apart.get(i)
        report = None
        if found_apart is not None:
            status: ClaimStatus = found_apart[0]  # discounted when read
        else:
            role, claim_id = roles[i], rc.claim_id
            if role is not None and role.role in _FLOOR_ROLES:
                status = "used" if floor_basis and claim_id in floor_ids else "floor"
            elif claim_id in restated:
                status = "superseded"
            else:
                key = member_of.get(claim_id)
                if not key:
                    status = "expired"
                else:
                    found = by_report.get(key)
                    if found is None:
                        report = reports.get(key)
                        found = by_report[key] = (report, "expired" if report is None else _report_status(report, ctx))
                    report, status = found
                    if report is None:
                        status = "expired"
                    elif status == "used" and key in basis and not report.is_chosen(i):
                        status = "alternative"
        if status == "used":
            used.append((i, status, report))
        else:
            rest.append((i, status, report))
            counts[status] = counts.get(status, 0) + 1
    newest_first = _newest_first(cols)
    used.sort(key=newest_first, reverse=True)
    shown = sorted(rest, key=newest_first, reverse=True) if limit <= 0 else _most_recent(cols, rest, limit)

    def restated_of(i: int) -> Report | None:
        return restated.get(rcs[i].claim_id)

    return _uses(used, ctx, restated_of), _uses(shown, ctx, restated_of), counts


def _status(i: int, ctx: _Context, by_report: _ReportStatuses) -> tuple[ClaimStatus, Report | None]:
    """Claim `i`'s status and report when claim ids do not repeat (`_lines_by_claim` decides it the same way)."""
    state = ctx.state
    cols = state.cols
    found_apart = cols.set_apart.get(i)
    if found_apart is not None:
        return found_apart[0], None
    role = cols.role[i]
    if role is not None and role.role in _FLOOR_ROLES:
        floor_basis = state.last is not None and state.last.basis == "floor"
        return ("used" if floor_basis and cols.rc[i].claim_id in ctx.floor_ids else "floor"), None
    if i in state.restated:
        return "superseded", None
    key = state.member_of.get(i)
    if not key:
        return "expired", None
    found = by_report.get(key)
    if found is None:
        in_state = state.reports.get(key)
        found = by_report[key] = (in_state, "expired" if in_state is None else _report_status(in_state, ctx))
    report, status = found
    if report is None:
        return "expired", None
    if status == "used" and key in ctx.basis and not report.is_chosen(i):
        return "alternative", report
    return status, report


def _lines_by_report(
    state: SweepState, ctx: _Context, limit: int
) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int]] | None:
    """`claim_lines` counted by report: every swept claim is a floor (`state.floors`), a figure restated
    (`state.restated`) or a member of one report (`state.member_of`), so its status is its report's and
    the counts are sums over reports. Only the lines that can be shown are decided claim by claim: the
    used ones, and among the claims of the latest days those that can be among the `limit` most recent.
    None when claim ids repeat (then a claim's status follows another claim's with its id:
    `_lines_by_claim` decides)."""
    cols = state.cols
    rcs = cols.rc
    floors, restated, member_of, reports, set_apart = (
        state.floors,
        state.restated,
        state.member_of,
        state.reports,
        cols.set_apart,
    )
    n = len(rcs)
    if not cols.unique_ids or len(floors) + len(restated) + len(member_of) + len(set_apart) != n:
        return None
    totals: dict[str, int] = {}
    used: list[_Line] = []
    for status, _ in set_apart.values():
        totals[status] = totals.get(status, 0) + 1
    if state.last is not None and state.last.basis == "floor":
        for i in floors:
            if rcs[i].claim_id in ctx.floor_ids:
                used.append((i, "used", None))
            else:
                totals["floor"] = totals.get("floor", 0) + 1
    elif floors:
        totals["floor"] = len(floors)
    if restated:
        totals["superseded"] = totals.get("superseded", 0) + len(restated)
    by_report: _ReportStatuses = {}
    for key, report in reports.items():
        status = _report_status(report, ctx)
        by_report[key] = (report, status)
        if status != "used":
            totals[status] = totals.get(status, 0) + len(report.members)
        elif key in ctx.basis:
            for m in report.members:
                if report.is_chosen(m):
                    used.append((m, "used", report))
                else:
                    totals["alternative"] = totals.get("alternative", 0) + 1
        else:
            used.extend((m, "used", report) for m in report.members)
    # the counts in the order their statuses first occur among the claims (as the claim-by-claim loop adds them)
    counts: dict[str, int] = {}
    for i in range(n):
        status = _status(i, ctx, by_report)[0]
        if status != "used" and status not in counts:
            counts[status] = totals[status]
            if len(counts) == len(totals):
                break
    if len(counts) != len(totals):
        return None
    # The shown lines are the `limit` most recent of the others: all on or after the (limit + used)-th
    # latest day of all the claims, whose statuses are decided one by one.
    days = cols.day
    latest: Iterable[int] = range(n)
    if n > limit + len(used):
        cutoff = _nth_latest(days, limit + len(used))
        latest = compress(range(n), map(cutoff.__le__, days))  # (the claims stated on or after it)
    rest: list[_Line] = []
    for i in latest:
        status, of = _status(i, ctx, by_report)
        if status != "used":
            rest.append((i, status, of))
    newest_first = _newest_first(cols)
    used.sort(key=newest_first, reverse=True)
    shown = heapq.nlargest(limit, rest, key=newest_first)
    return _uses(used, ctx, restated.get), _uses(shown, ctx, restated.get), counts
