"""armsledger.magnitude.v1: a quantity no one could have made, moved or held.

A total above the world's output of the item over `years_of_output` years, a rate above the
world's yearly output (per year), a count in a unit above that unit's ceiling, or any value
above the general ceiling, is flagged: it is an extraction error, a typo in the source, or a
claim that needs a second look. The reference figures are in `checks.yaml` (`magnitude`).
"""

from __future__ import annotations

import math

from armsledger.reconcile.checks import register
from armsledger.reconcile.explain import Finding
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import MagnitudeParams, Reference

NAME = "armsledger.magnitude.v1"
PER_YEAR = {"day": 365.0, "week": 52.0, "month": 12.0, "year": 1.0}


def _limit(params: MagnitudeParams, item: str, unit: str, per: str | None) -> tuple[float, str]:
    """The largest plausible value of a quantity (in its own unit and period) and why."""
    if unit == "item" and item in params.world_annual_output:
        annual = params.world_annual_output[item]
        if per is not None:
            return annual / PER_YEAR[per], f"the world's output of {item} a {per} (~{annual:,.0f} a year)"
        years = params.years_of_output
        return annual * years, f"{years:g} years of the world's output of {item} (~{annual:,.0f} a year)"
    if unit in params.unit_ceiling:
        return params.unit_ceiling[unit], f"the ceiling for {unit} ({params.unit_ceiling[unit]:,.0f})"
    return params.ceiling, f"the general ceiling ({params.ceiling:,.0f})"


@register(NAME, "quantities beyond what the world makes or moves (e.g. more shells than a decade's output)")
def check_magnitude(claims: list[ReconcileClaim], ref: Reference) -> list[Finding]:
    """One warning per claim whose quantity (its upper end) is not finite or above its plausible limit."""
    params = ref.checks.magnitude
    out = []
    for rc in claims:
        q = rc.claim.quantity
        if q is None or q.unit == "fraction":
            continue
        stated = q.value_high if q.value_high is not None else q.value
        limit, why = _limit(params, rc.claim.item, q.unit, q.per)
        if math.isfinite(stated) and stated <= limit:
            continue
        shown = f"{stated:,.0f}" if math.isfinite(stated) else str(stated)
        out.append(
            Finding(
                check=NAME,
                severity="warning",
                message=f"{rc.doc_id}: {rc.claim.kind} of {shown} {rc.claim.item}"
                f'{" a " + q.per if q.per else ""} ({q.unit}) is above {why} ("{q.text}")',
                numbers={"value": stated if math.isfinite(stated) else str(stated), "limit": limit},
                claims=[rc.claim_id],
                evidence=[rc.claim.evidence.text],
            )
        )
    return out
