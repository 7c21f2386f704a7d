"""armsledger.fraction_range.v1: a share (unit `fraction`) must lie between 0 and 1."""

from __future__ import annotations

from armsledger.reconcile.checks import register
from armsledger.reconcile.explain import Finding
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import Reference

NAME = "armsledger.fraction_range.v1"


@register(NAME, "fractions (defect shares, parts of a whole) above 1 or below 0")
def check_fractions(claims: list[ReconcileClaim], ref: Reference) -> list[Finding]:
    """One warning per fraction claim whose value (or upper end) is outside 0..1."""
    out = []
    for rc in claims:
        q = rc.claim.quantity
        if q is None or q.unit != "fraction":
            continue
        values = [v for v in (q.value, q.value_high) if v is not None]
        bad = [v for v in values if v < 0 or v > 1]
        if bad:
            out.append(
                Finding(
                    check=NAME,
                    severity="warning",
                    message=f"{rc.doc_label}: {rc.claim.kind} {rc.claim.item} states a fraction of {bad[0]:g}, "
                    f'outside 0..1 ("{q.text}")',
                    numbers={"value": bad[0]},
                    claims=[rc.claim_id],
                    evidence=[rc.claim.evidence.text],
                )
            )
    return out
