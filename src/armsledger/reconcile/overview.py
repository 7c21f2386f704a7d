"""`armsledger flows`: every flow with its current estimate and number of claims."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from armsledger.reconcile.estimate import EstimateOptions, estimate
from armsledger.reconcile.explain import FlowSummary
from armsledger.reconcile.flows import group_by_flow
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import Reference, load_reference


def list_flows(
    claims: Iterable[ReconcileClaim],
    *,
    as_of: date | None = None,
    window_days: int | None = None,
    ref: Reference | None = None,
) -> list[FlowSummary]:
    """One summary per flow (claims published by `as_of`), each estimated in its own unit family, with
    its current rate per month when reports give one; largest number of claims first."""
    ref = ref or load_reference()
    visible = [rc for rc in claims if as_of is None or rc.published <= as_of]
    options = EstimateOptions(as_of=as_of, window_days=window_days, conversions="off")
    out = []
    for flow, members in group_by_flow(visible, ref).items():
        summary = FlowSummary(
            flow=flow,
            claims=len(members),
            first_published=min(m.published for m in members),
            last_published=max(m.published for m in members),
        )
        if flow.unit_family is not None:
            est = estimate(members, flow, options, ref)
            summary.rate = est.rate
            if est.central is not None:
                summary.low, summary.central, summary.high = est.low, est.central, est.high
                summary.unit, summary.credibility = est.unit, est.credibility
        out.append(summary)
    out.sort(key=lambda s: (-s.claims, s.flow.label()))
    return out
