"""Estimates: low / central / high for one flow as of a date, its series over time and why.

`estimate(claims, flow)` selects the flow's claims published by `as_of` (and the carriers of
broader items that count for it), reads each one (analysis.py), dates it by its statement
(statements.py), sweeps the reports in publication order (series.py, fusion.py) and explains the
result: a few sentences an analyst reads in ten seconds (narrative.py), the claims used with their
weights, and every other claim with the reason it was not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from armsledger.model import Claim
from armsledger.reconcile.analysis import Analysed, FlowRead, Selection, reader
from armsledger.reconcile.collector import collector_paused
from armsledger.reconcile.columns import Columns
from armsledger.reconcile.credibility import credibility
from armsledger.reconcile.cumulative import per_month
from armsledger.reconcile.errors import ReconcileError
from armsledger.reconcile.explain import (
    ClaimUse,
    Estimate,
    FlowKey,
    RateSummary,
    SeriesPoint,
)
from armsledger.reconcile.flows import CoreKey, flow_core
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.lines import claim_lines
from armsledger.reconcile.narrative import explanation, range_note
from armsledger.reconcile.refdata import Range3, Reference, load_reference
from armsledger.reconcile.series import SweepRules, sweep_read
from armsledger.reconcile.statements import shared_roles, statements
from armsledger.reconcile.units.loading import CalibreMix, loading_model
from armsledger.settings import get_setting

CONVERSION_MODES = ("include", "fallback", "off")


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


# A selected claim: (claim, convert its carriers to items, the share of a broader carrier that is
# the flow's item). A plain tuple: an estimate over 100,000 claims selects 100,000.
_Selected = tuple[ReconcileClaim, bool, "Range3 | None"]


def selection(flow: FlowKey, as_of: date | None, ref: Reference, convert: bool) -> Selection:
    """Which claims the estimate reads: the flow's claims in its unit family published by `as_of`, its
    carriers (converted), and the carriers of broader items that count for it (data/loading.yaml,
    carrier_contents). The reader applies it as it reads each claim (`analysis.Selection`)."""
    core = flow_core(flow)
    counting = flow.unit_family == "count" and convert
    convertible = set(ref.flows.convertible.get(flow.item, ())) if counting else set()
    contents = ref.loading.carrier_contents.get(flow.item, {}) if counting else {}
    wanted = (flow.kind, flow.supplier, flow.recipient, flow.actor)

    def decide(c: Claim, key: tuple) -> tuple[bool, Range3 | None] | None:
        return _decide(c, key, core, wanted, flow, ref, convertible, contents)

    return Selection(as_of, decide)


def _select(
    claims: Iterable[ReconcileClaim], flow: FlowKey, as_of: date | None, ref: Reference, convert: bool
) -> Iterator[_Selected]:
    """The selected claims one by one, as (claim, convert its carriers, the share of a broader carrier)
    (`selection`; the estimate's reader applies it while it reads instead)."""
    chosen = selection(flow, as_of, ref, convert)
    for rc in claims:
        found = chosen.of(rc)
        if found is not None:
            yield (rc, found[0], found[1])


def _decide(
    c: Claim,
    key: tuple,
    core: CoreKey,
    wanted: tuple,
    flow: FlowKey,
    ref: Reference,
    convertible: set[str],
    contents: dict[str, Range3],
) -> tuple[bool, Range3 | None] | None:
    """Whether a claim of these fields and unit is selected: (convert its carriers, the share of a broader
    carrier that is the flow's item), or None."""
    unit = key[5]
    if _core(c, ref) == core:
        if unit is None or ref.unit_family(unit) == flow.unit_family:
            return (False, None)
        return (True, None) if unit in convertible else None
    if unit is not None and unit in convertible and key[4] in contents and key[:4] == wanted:
        return (True, contents[key[4]])
    return None


def _core(c: Claim, ref: Reference) -> CoreKey:
    """`flows.core_key` of a claim (without the wrapper)."""
    if c.kind == "transfer":
        return (c.kind, c.supplier, c.recipient, None, ref.item_group(c.item))
    return (c.kind, None, c.recipient if c.kind == "meeting" else None, c.actor, ref.item_group(c.item))


def _preferred_calibre(flow: FlowKey, options: EstimateOptions, ref: Reference) -> int | None:
    mix = options.calibre_mix or ref.loading.default_calibre_mix.get(flow.item)
    return max(mix.items(), key=lambda kv: kv[1])[0] if mix else None


def read_flow_claims(
    claims: Iterable[ReconcileClaim], flow: FlowKey, options: EstimateOptions, ref: Reference
) -> list[Analysed]:
    """Every claim of the flow (`selection`) read for the estimate, with its source, its day and its
    statement's role."""
    mode = options.resolved()[1]
    return _read_flow(claims, selection(flow, options.as_of, ref, mode != "off"), flow, options, ref).analysed


def _read_flow(
    claims: Iterable[ReconcileClaim], chosen: Selection, flow: FlowKey, options: EstimateOptions, ref: Reference
) -> FlowRead:
    """The selected claims read into columns, with the candidates for the sweep by day (`FlowRead`)."""
    read = reader(ref, mix=options.calibre_mix, item=flow.item).read_flow(claims, chosen, ref.source_rules)
    cols = read.cols
    if read.carrier_increments:
        # only then do statements matter: a conversion shares the period of its statement's carriers
        infos = statements(cols.rc, cols.source, ref.fusion.statement_gap_chars)
        cols.role = shared_roles(
            cols.role,
            infos,
            [f == "capacity" for f in cols.figure],
            [f == "carrier" for f in cols.figure],
        )
    return read


def _rate(cols: Columns, window: int, ref: Reference) -> RateSummary | None:
    """The current rate a month: the weighted mean of the rates stated within the window of the latest
    (among the claims given a status when read, in order)."""
    rates = [
        (i, iv, role.per)
        for i, (status, _) in cols.set_apart.items()
        if status == "rate" and (iv := cols.interval(i)) is not None and (role := cols.role[i]) is not None and role.per
    ]
    if not rates:
        return None
    days = cols.day
    latest = max(days[i] for i, _, _ in rates)
    current = [(i, iv, per) for i, iv, per in rates if (latest - days[i]).days <= window]
    total_w = sum(iv.weight for _, iv, _ in current) or 1.0
    low = central = high = 0.0
    for _, iv, per in current:
        scale = per_month(1.0, per, ref) * iv.weight / total_w
        low, central, high = low + iv.low * scale, central + iv.central * scale, high + iv.high * scale
    return RateSummary(low=low, central=central, high=high, claims=[cols.rc[i].claim_id for i, _, _ in current])


def _assumptions(
    flow: FlowKey, cols: Columns, window: int, mode: str, options: EstimateOptions, ref: Reference
) -> dict[str, str]:
    folders = sorted({str(Path(v).parent) for v in ref.sources.values()})
    out = {"window_days": str(window), "conversions": mode, "reference_data": ", ".join(folders)}
    unit = next((q.unit for i in cols.loading if (q := cols.rc[i].claim.quantity) is not None), None)
    if unit:
        out["loading"] = loading_model(flow.item, unit, ref, mix=options.calibre_mix).describe()
    return out


def estimate(
    claims: Iterable[ReconcileClaim],
    flow: FlowKey,
    options: EstimateOptions | None = None,
    ref: Reference | None = None,
) -> Estimate:
    """Low / central / high for `flow` as of `options.as_of`, the series, and the explanation."""
    with collector_paused():
        return _estimate(claims, flow, options, ref)


def _estimate(
    claims: Iterable[ReconcileClaim], flow: FlowKey, options: EstimateOptions | None, ref: Reference | None
) -> Estimate:
    ref = ref or load_reference()
    options = options or EstimateOptions()
    window, mode = options.resolved()
    read = _read_flow(claims, selection(flow, options.as_of, ref, mode != "off"), flow, options, ref)
    cols = read.cols
    rules = SweepRules(
        window_days=window,
        floor_min_weight=ref.intervals.floor_min_weight,
        min_agreeing=ref.fusion.outliers.min_agreeing_reports,
        calibre=_preferred_calibre(flow, options, ref),
        fallback=mode == "fallback",
    )
    points, state = sweep_read(cols, read.by_day, rules)
    series = [
        SeriesPoint.model_construct(
            date=p.date, low=p.low, central=p.central, high=p.high, claims=p.claims, basis=p.basis, note=p.note
        )
        for p in points
    ]
    last = points[-1] if points else None
    limit = int(get_setting("reconcile_explain_limit", options.explain_limit))
    used, discounted, counts = claim_lines(state, window, limit)
    behind = [state.reports[k] for k in state.basis if k in state.reports] if last is not None else []
    score, why = credibility(behind, last.central if last else None, ref)
    result = Estimate(
        flow=flow,
        as_of=options.as_of,
        unit="item" if flow.unit_family == "count" else (flow.unit_family or "-"),
        low=last.low if last else None,
        central=last.central if last else None,
        high=last.high if last else None,
        credibility=score,
        credibility_reason=why,
        basis=last.basis if last else "none",  # type: ignore[arg-type]
        used=used,
        discounted=discounted,
        discounted_counts=counts,
        rate=_rate(cols, window, ref),
        series=series,
        assumptions=_assumptions(flow, cols, window, mode, options, ref),
    )
    result.explanation = explanation(result, state, flow, window, ref)
    note = range_note(result, state)
    if note:
        result.explanation.append(note)
    return result


__all__ = ["CONVERSION_MODES", "ClaimUse", "EstimateOptions", "estimate", "read_flow_claims"]
