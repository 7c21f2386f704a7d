"""The claim-by-claim explanation of an estimate: each claim used with its weight, and every other
claim with the one reason it was not counted (superseded, aged out, an outlier, a floor...)."""

from __future__ import annotations

from armsledger.reconcile.analysis import Analysed
from armsledger.reconcile.explain import ClaimStatus, ClaimUse
from armsledger.reconcile.fusion import Report, short
from armsledger.reconcile.series import SweepState


def _floor_reason(a: Analysed) -> str:
    role = a.role
    if role is not None and role.role == "floor":
        return f"a vague amount ('{role.cue}'): a floor under the running total, not a vote"
    cue = f" (cue '{role.cue}')" if role and role.cue else ""
    return f"a figure for one period{cue}: a floor under the running total, never added to it"


def _report_status(a: Analysed, report: Report, state: SweepState, window: int) -> tuple[ClaimStatus, str]:
    key = report.key
    newer = state.revised.get(key)
    if newer is not None:
        return "superseded", f"{report.label} said more later: {newer.describe()}"
    if key in state.basis:
        if a not in report.chosen:
            other = "; ".join(dict.fromkeys(f"{m.rc.claim.quantity.text}" for m in report.chosen if m.rc.claim.quantity))
            why = ("the source's own count" if report.has_count else "the figure in the assumed calibre")
            return "alternative", f"same report as {other}; {why} is used"
        floor = state.central_floor
        if floor is not None and floor.report == key:
            return "used", (f"aged out, but holds the running total at {short(floor.value)}: a running total "
                            "cannot fall")
        return "used", f"current report of {report.label} (stated {report.day})"
    fused = state.fused
    if fused is not None and any(r is report for r in fused.outliers):
        agree = [r for r in fused.inliers if r.holds(fused.median)]
        return "outlier", (f"set aside as an outlier: {short(report.low)}–{short(report.high)} does not hold "
                           f"{short(fused.median)}, where {len(agree)} independent report(s) agree")
    if key in state.unused_conversions:
        return "conversion_unused", "converted from carriers; current reports count items, so conversions only fill in"
    if key in state.replaced_conversions:
        return "conversion_unused", (f"a conversion older than a current direct count, "
                                     f"{state.replaced_conversions[key].describe()}, which replaces it")
    if state.current.get(report.source) is report:
        return "used", f"current report of {report.label}; the running total is held above it"
    newest = state.newest_report.describe() if state.newest_report else "?"
    reason = f"aged out: more than {window} days older than the newest report, {newest}"
    if a.rc.claim_id in state.floor_claims:
        reason += f"; still sets the floor {short(state.floor or 0)}"
    return "expired", reason


def status_of(a: Analysed, state: SweepState, window: int) -> tuple[ClaimStatus, str]:
    """The one status and reason of a claim once the sweep is done."""
    if a.status is not None:
        return a.status, a.reason
    if a.role is not None and a.role.role in ("increment", "floor"):
        if state.last is not None and state.last.basis == "floor" and a.rc.claim_id in state.floor_claims:
            return "used", "no running total yet: the largest floor stands in for it"
        reason = _floor_reason(a)
        if a.rc.claim_id in state.floor_claims:
            reason += f"; sets the floor {short(state.floor or 0)}"
        return "floor", reason
    restated = state.restated.get(a.rc.claim_id)
    if restated is not None:
        return "superseded", (f"an earlier figure of {a.source_label} (stated {a.day}) repeated here; "
                              f"{restated.describe()} replaces it")
    key = state.member_of.get(a.rc.claim_id)
    report = state.reports.get(key) if key else None
    if report is None:
        return "expired", "not part of any current report"
    return _report_status(a, report, state, window)


def claim_lines(state: SweepState, analysed: list[Analysed], window: int,
                limit: int) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int]]:
    """(used lines, the `limit` most recent other lines, counts of the others by status).
    Lines are built only for the claims shown, so large flows stay fast."""
    used_lines: list[ClaimUse] = []
    rest: list[tuple[Analysed, ClaimStatus, str]] = []
    counts: dict[str, int] = {}
    for a in analysed:
        status, reason = status_of(a, state, window)
        if status == "used":
            used_lines.append(a.use(status, reason))
        else:
            rest.append((a, status, reason))
            counts[status] = counts.get(status, 0) + 1
    used_lines.sort(key=lambda u: (u.stated_on or u.published, u.claim_id), reverse=True)
    rest.sort(key=lambda t: (t[0].day, t[0].rc.claim_id), reverse=True)
    shown = rest if limit <= 0 else rest[:limit]
    return used_lines, [a.use(status, reason) for a, status, reason in shown], counts
