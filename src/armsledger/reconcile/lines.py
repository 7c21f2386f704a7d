"""The claim-by-claim explanation of an estimate: each claim used with its weight, and every other
claim with the one reason it was not counted (superseded, aged out, an outlier, a floor...).
Every claim gets a status (they are all counted), decided once per report for the claims of a
report; the reason in words is built only for the lines shown, so an estimate over 100,000 claims
stays fast."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from armsledger.reconcile.analysis import Analysed
from armsledger.reconcile.explain import ClaimStatus, ClaimUse
from armsledger.reconcile.fusion import Report, short
from armsledger.reconcile.series import SweepState

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


def _reason(a: Analysed, status: ClaimStatus, report: Report | None, ctx: _Context) -> str:
    """The reason, in words, for one claim's status."""
    state = ctx.state
    if a.status is not None:
        return a.reason
    if a.role is not None and a.role.role in _FLOOR_ROLES:
        return _floor_reason(a, ctx)
    restated = state.restated.get(a.claim_id)
    if restated is not None:
        return (
            f"an earlier figure of {a.source_label} (stated {a.day}) repeated here; {restated.describe()} replaces it"
        )
    if report is None:
        return "not part of any current report"
    if status == "superseded":
        return f"{report.label} said more later: {state.revised[report.key].describe()}"
    if status == "alternative":
        other = "; ".join(dict.fromkeys(m.rc.claim.quantity.text for m in report.chosen if m.rc.claim.quantity))
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


_Line = tuple[Analysed, ClaimStatus, "Report | None"]


def _newest_first(t: _Line) -> tuple:
    return (t[0].day, t[0].claim_id)


def _most_recent(lines: list[_Line], limit: int) -> list[_Line]:
    """The `limit` most recent lines, newest first (as `sorted(..., reverse=True)[:limit]` orders them).
    Only lines stated on or after the limit-th latest day can be among them, so the others are dropped
    before the lines are ordered."""
    days = [t[0].dated or t[0].published for t in lines]  # `Analysed.day`, without a property call per line
    if len(days) > limit:
        cutoff = min(heapq.nlargest(limit, days))
        lines = [t for t, day in zip(lines, days, strict=True) if day >= cutoff]
    return heapq.nlargest(limit, lines, key=_newest_first)


def claim_lines(
    state: SweepState,
    analysed: list[Analysed],
    window: int,
    limit: int,
    set_apart: list[Analysed] | None = None,
) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int]]:
    """(used lines, the `limit` most recent other lines, counts of the others by status). With
    `set_apart`, the claims of `analysed` given a status when read (in order; the others were swept),
    the statuses are counted by report (`_lines_by_report`) rather than claim by claim."""
    fused = state.fused
    ctx = _Context(
        state,
        window,
        frozenset(state.floor_claims),
        frozenset(id(r) for r in fused.outliers) if fused else frozenset(),
        frozenset(state.basis),
    )
    if set_apart is not None and limit > 0:
        counted = _lines_by_report(state, analysed, set_apart, ctx, limit)
        if counted is not None:
            return counted
    by_report: _ReportStatuses = {}  # a report and its status, decided once per report
    used: list[_Line] = []
    rest: list[_Line] = []
    counts: dict[str, int] = {}
    floor_basis = state.last is not None and state.last.basis == "floor"
    floor_ids, basis = ctx.floor_ids, ctx.basis
    restated, member_of, reports = state.restated, state.member_of, state.reports
    # Each claim's status, written out in the loop (it runs for every claim of the flow):
    for a in analysed:
        status = a.status  # discounted when read
        report = None
        if status is None:
            role, claim_id = a.role, a.claim_id
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
                    elif status == "used" and key in basis and not report.is_chosen(a):
                        status = "alternative"
        if status == "used":
            used.append((a, status, report))
        else:
            rest.append((a, status, report))
            counts[status] = counts.get(status, 0) + 1
    used.sort(key=_newest_first, reverse=True)
    shown = sorted(rest, key=_newest_first, reverse=True) if limit <= 0 else _most_recent(rest, limit)
    return (
        [a.use(s, _reason(a, s, r, ctx)) for a, s, r in used],
        [a.use(s, _reason(a, s, r, ctx)) for a, s, r in shown],
        counts,
    )


def _status(a: Analysed, ctx: _Context, by_report: _ReportStatuses) -> tuple[ClaimStatus, Report | None]:
    """One claim's status and report (the loop of `claim_lines` decides it the same way, written out)."""
    state = ctx.state
    if a.status is not None:
        return a.status, None
    role, claim_id = a.role, a.claim_id
    if role is not None and role.role in _FLOOR_ROLES:
        floor_basis = state.last is not None and state.last.basis == "floor"
        return ("used" if floor_basis and claim_id in ctx.floor_ids else "floor"), None
    if claim_id in state.restated:
        return "superseded", None
    key = state.member_of.get(claim_id)
    if not key:
        return "expired", None
    found = by_report.get(key)
    if found is None:
        in_state = state.reports.get(key)
        found = by_report[key] = (in_state, "expired" if in_state is None else _report_status(in_state, ctx))
    report, status = found
    if report is None:
        return "expired", None
    if status == "used" and key in ctx.basis and not report.is_chosen(a):
        return "alternative", report
    return status, report


def _lines_by_report(
    state: SweepState, analysed: list[Analysed], set_apart: list[Analysed], ctx: _Context, limit: int
) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int]] | None:
    """`claim_lines` counted by report: every swept claim is a floor (`state.floors`), a figure restated
    (`state.restated`) or a member of one report (`state.member_of`), so its status is its report's and
    the counts are sums over reports. Only the lines that can be shown are decided claim by claim: the
    used ones, and among the claims of the latest days those that can be among the `limit` most recent.
    None when claim ids repeat (then a claim's status follows another claim's with its id: the loop
    of `claim_lines` decides it)."""
    floors, restated, member_of, reports = state.floors, state.restated, state.member_of, state.reports
    floor_claims = {a.claim_id for a in floors}
    if (
        len(floor_claims) != len(floors)
        or len(floors) + len(restated) + len(member_of) + len(set_apart) != len(analysed)
        or not restated.keys().isdisjoint(member_of)
        or not floor_claims.isdisjoint(restated)
        or not floor_claims.isdisjoint(member_of)
    ):
        return None
    totals: dict[str, int] = {}
    used: list[_Line] = []
    for a in set_apart:
        status = a.status
        assert status is not None
        totals[status] = totals.get(status, 0) + 1
    if state.last is not None and state.last.basis == "floor":
        for a in floors:
            if a.claim_id in ctx.floor_ids:
                used.append((a, "used", None))
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
    # the counts in the order their statuses first occur among the claims (as the loop adds them)
    counts: dict[str, int] = {}
    for a in analysed:
        status = _status(a, ctx, by_report)[0]
        if status != "used" and status not in counts:
            counts[status] = totals[status]
            if len(counts) == len(totals):
                break
    if len(counts) != len(totals):
        return None
    # The shown lines are the `limit` most recent of the others: all on or after the (limit + used)-th
    # latest day of all the claims, whose statuses are decided one by one.
    days = [a.dated or a.published for a in analysed]  # `Analysed.day`, without a property call per claim
    latest = analysed
    if len(days) > limit + len(used):
        cutoff = min(heapq.nlargest(limit + len(used), days))
        latest = [a for a, day in zip(analysed, days, strict=True) if day >= cutoff]
    rest: list[_Line] = []
    for a in latest:
        status, of = _status(a, ctx, by_report)
        if status != "used":
            rest.append((a, status, of))
    used.sort(key=_newest_first, reverse=True)
    shown = heapq.nlargest(limit, rest, key=_newest_first)
    return (
        [a.use(s, _reason(a, s, r, ctx)) for a, s, r in used],
        [a.use(s, _reason(a, s, r, ctx)) for a, s, r in shown],
        counts,
    )
