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
    state: SweepState, analysed: list[Analysed], window: int, limit: int
) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int]]:
    """(used lines, the `limit` most recent other lines, counts of the others by status)."""
    fused = state.fused
    ctx = _Context(
        state,
        window,
        frozenset(state.floor_claims),
        frozenset(id(r) for r in fused.outliers) if fused else frozenset(),
        frozenset(state.basis),
    )
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
