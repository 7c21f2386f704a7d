"""Estimates: low / central / high for one flow as of a date, its series over time and why.

`estimate(claims, flow)` selects the flow's claims published by `as_of`, reads each one
(interval, role, discount), sweeps them in publication order (series.py) and explains the
result: the claims used with their weights, and every other claim with the reason it was
discounted (superseded, denied, duplicate, low grade, a rate, a commitment...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from armsledger.reconcile.analysis import Analysed, analyse
from armsledger.reconcile.credibility import credibility
from armsledger.reconcile.cumulative import per_month
from armsledger.reconcile.errors import ReconcileError
from armsledger.reconcile.explain import ClaimUse, Estimate, FlowKey, RateSummary, SeriesPoint
from armsledger.reconcile.flows import core_key, flow_core
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import Reference, load_reference
from armsledger.reconcile.series import Point, SweepState, sweep
from armsledger.reconcile.units.loading import CalibreMix, loading_model
from armsledger.settings import get_setting

CONVERSION_MODES = ("fallback", "include", "off")


@dataclass(frozen=True)
class EstimateOptions:
    """How to estimate: as-of date, currency window, use of conversions, calibre mix."""

    as_of: date | None = None
    window_days: int | None = None
    conversions: str | None = None
    calibre_mix: CalibreMix | None = field(default=None)
    explain_limit: int | None = None

    def resolved(self) -> tuple[int, str]:
        window = int(get_setting("reconcile_window_days", self.window_days))
        mode = str(get_setting("reconcile_conversions", self.conversions))
        if mode not in CONVERSION_MODES:
            raise ReconcileError(f"unknown conversions mode {mode!r}; use one of {', '.join(CONVERSION_MODES)}")
        if not 0 <= window <= 36_500:
            raise ReconcileError(f"window must be between 0 and 36,500 days, not {window}")
        return window, mode


def _select(claims: Iterable[ReconcileClaim], flow: FlowKey, as_of: date | None, ref: Reference,
            convert: bool) -> tuple[list[ReconcileClaim], list[ReconcileClaim]]:
    """(direct claims in the flow's unit family, claims in units the loading model converts)."""
    core = flow_core(flow)
    convertible = set(ref.flows.convertible.get(flow.item, ())) if convert and flow.unit_family == "count" else set()
    direct, other = [], []
    for rc in claims:
        if as_of is not None and rc.published > as_of:
            continue
        if core_key(rc, ref) != core:
            continue
        q = rc.claim.quantity
        if q is None or ref.unit_family(q.unit) == flow.unit_family:
            direct.append(rc)
        elif q.unit in convertible:
            other.append(rc)
    return direct, other


def _rate(analysed: list[Analysed], window: int, ref: Reference) -> RateSummary | None:
    rates = [a for a in analysed if a.status == "rate" and a.interval is not None]
    if not rates:
        return None
    latest = max(a.rc.published for a in rates)
    current = [a for a in rates if (latest - a.rc.published).days <= window]
    total_w = sum(a.weight for a in current) or 1.0
    scale = [(a, per_month(1.0, a.role.per, ref), a.weight / total_w) for a in current]  # type: ignore[union-attr]
    return RateSummary(
        low=sum(a.interval.low * s * w for a, s, w in scale),  # type: ignore[union-attr]
        central=sum(a.interval.central * s * w for a, s, w in scale),  # type: ignore[union-attr]
        high=sum(a.interval.high * s * w for a, s, w in scale),  # type: ignore[union-attr]
        claims=[a.rc.claim_id for a in current],
    )


def _series(direct: list[Point], converted: list[Point], mode: str) -> list[SeriesPoint]:
    if mode == "include":
        return [SeriesPoint(date=p.date, low=p.low, central=p.central, high=p.high, claims=p.claims, basis="mixed")
                for p in direct]
    first_direct = direct[0].date if direct else None
    out = [SeriesPoint(date=p.date, low=p.low, central=p.central, high=p.high, claims=p.claims, basis="converted")
           for p in converted if first_direct is None or p.date < first_direct]
    out += [SeriesPoint(date=p.date, low=p.low, central=p.central, high=p.high, claims=p.claims, basis="direct")
            for p in direct]
    return out


def _explain(state: SweepState, analysed: list[Analysed],
             limit: int) -> tuple[list[ClaimUse], list[ClaimUse], dict[str, int], list[Analysed]]:
    """(used lines, the `limit` most recent discounted lines, counts of discounted claims by status,
    the used claims). Lines are built only for the claims shown, so large flows stay fast."""
    used = state.used()
    used_ids = {a.rc.claim_id for a, _, _ in used}
    used_lines = [a.use("used", why, weight) for a, weight, why in used]
    rest = [a for a in analysed if a.rc.claim_id not in used_ids]
    counts: dict[str, int] = {}
    statuses = []
    for a in rest:
        status = _status(state, a)
        statuses.append(status)
        counts[status] = counts.get(status, 0) + 1
    order = sorted(range(len(rest)), key=lambda i: (rest[i].rc.published, rest[i].rc.claim_id), reverse=True)
    shown = order if limit <= 0 else order[:limit]
    return used_lines, [_line(state, rest[i], statuses[i]) for i in shown], counts, [a for a, _, _ in used]


def _status(state: SweepState, a: Analysed) -> str:
    if a.rc.claim_id in state.superseded:
        return "superseded"
    if a.status is not None:
        return a.status
    if a.role is not None and a.role.role == "increment":
        return "increment"
    return "conversion_unused"


def _line(state: SweepState, a: Analysed, status: str) -> ClaimUse:
    if status == "superseded":
        reason = state.superseded[a.rc.claim_id][1]
    elif status == "increment":
        cue = f" (cue '{a.role.cue}')" if a.role and a.role.cue else ""
        reason = f"an increment{cue}: a floor on the running total, never added to it"
    elif status == "conversion_unused":
        reason = "converted from carriers; item counts exist, so conversions are only a fallback"
    else:
        reason = a.reason
    if state.floor_claim is not None and state.floor_claim.rc.claim_id == a.rc.claim_id:
        reason += f"; fixes the floor {state.floor:,.0f} (a running total cannot fall)"
    return a.use(status, reason)  # type: ignore[arg-type]


def estimate(claims: Iterable[ReconcileClaim], flow: FlowKey, options: EstimateOptions | None = None,
             ref: Reference | None = None) -> Estimate:
    """Low / central / high for `flow` as of `options.as_of`, the series, and the explanation."""
    ref = ref or load_reference()
    options = options or EstimateOptions()
    window, mode = options.resolved()
    floor_w = ref.intervals.floor_min_weight
    direct_claims, other_claims = _select(claims, flow, options.as_of, ref, convert=mode != "off")
    convert = flow.unit_family == "count" and mode != "off"
    direct = [analyse(rc, ref) for rc in direct_claims]
    converted = [analyse(rc, ref, convert_to_items=True, mix=options.calibre_mix) for rc in other_claims]
    if mode == "include":
        points, state = sweep([a for a in direct + converted if a.status is None], window_days=window,
                              floor_min_weight=floor_w)
        conv_points: list[Point] = []
        basis = "mixed"
    else:
        points, state = sweep([a for a in direct if a.status is None], window_days=window, floor_min_weight=floor_w)
        conv_points, conv_state = sweep([a for a in converted if a.status is None], window_days=window,
                                        floor_min_weight=floor_w)
        basis = "direct"
        if not points and conv_points:
            points, state, basis = conv_points, conv_state, "converted"
    series = _series(points, conv_points, mode)
    limit = int(get_setting("reconcile_explain_limit", options.explain_limit))
    used_lines, discounted, counts, used = _explain(state, direct + converted, limit)
    last = series[-1] if series else None
    central = last.central if last else None
    score, why = credibility(used, central, ref)
    folders = sorted({str(Path(v).parent) for v in ref.sources.values()})
    assumptions = {"window_days": str(window), "conversions": mode, "reference_data": ", ".join(folders)}
    if convert and converted:
        unit = next((a.rc.claim.quantity.unit for a in converted if a.loading), None)  # type: ignore[union-attr]
        if unit:
            model = loading_model(flow.item, unit, ref, mix=options.calibre_mix)
            assumptions["loading"] = model.describe()
    return Estimate(
        flow=flow, as_of=options.as_of, unit="item" if flow.unit_family == "count" else (flow.unit_family or "-"),
        low=last.low if last else None, central=central, high=last.high if last else None,
        credibility=score, credibility_reason=why, basis=basis if last else "none",
        used=used_lines, discounted=discounted, discounted_counts=counts, rate=_rate(direct, window, ref), series=series,
        assumptions=assumptions,
    )
