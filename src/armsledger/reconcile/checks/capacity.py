"""armsledger.production_capacity.v1: can the supplier have sent that many?

A transfer's running total (its low end) should not exceed what the supplier could have
had: the largest stated stockpile (high end) plus its stated production, either as totals
(high end) or as rates (high end, per month) over the months from `lead_months` before the
flow's first report up to the transfer's publication. Runs only where the supplier has
stated production or stocks of the item.
"""

from __future__ import annotations

from armsledger.reconcile.checks import register
from armsledger.reconcile.cumulative import classify, per_month
from armsledger.reconcile.explain import Finding
from armsledger.reconcile.flows import core_key
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import claim_interval
from armsledger.reconcile.refdata import Reference

NAME = "armsledger.production_capacity.v1"


def _usable(rc: ReconcileClaim, kind: str) -> bool:
    c = rc.claim
    return (
        c.kind == kind
        and c.quantity is not None
        and c.quantity.unit == "item"
        and c.status == "actual"
        and c.polarity == "affirmed"
    )


@register(NAME, "transfers exceeding the supplier's stated production plus stocks")
def check_capacity(claims: list[ReconcileClaim], ref: Reference) -> list[Finding]:
    """One warning per transfer total above the supplier's stated capacity at its date."""
    lead = ref.checks.production_capacity.lead_months
    month_days = ref.cues.per_days["month"]
    first_report: dict[tuple, object] = {}
    transfers = sorted(
        (rc for rc in claims if _usable(rc, "transfer") and rc.claim.supplier), key=lambda r: r.published
    )
    for rc in transfers:
        first_report.setdefault(core_key(rc, ref), rc.published)
    supply = [rc for rc in claims if _usable(rc, "production") or _usable(rc, "stockpile")]
    out = []
    for rc in transfers:
        role = classify(rc.claim, ref)
        if role.role != "total":
            continue
        c = rc.claim
        mine = [
            s
            for s in supply
            if s.claim.actor == c.supplier
            and ref.item_group(s.claim.item) == ref.item_group(c.item)
            and s.published <= rc.published
        ]
        if not mine:
            continue
        months = (rc.published - first_report[core_key(rc, ref)]).days / month_days + lead  # type: ignore[operator]
        stock = max(
            (claim_interval(s.claim, s.grade, ref).high for s in mine if s.claim.kind == "stockpile"), default=0.0
        )
        made_total = 0.0
        made_rate = 0.0
        for s in mine:
            if s.claim.kind != "production":
                continue
            high = claim_interval(s.claim, s.grade, ref).high
            s_role = classify(s.claim, ref)
            if s_role.role == "rate":
                made_rate = max(made_rate, per_month(high, s_role.per, ref))  # type: ignore[arg-type]
            else:
                made_total = max(made_total, high)
        capacity = stock + max(made_total, made_rate * months)
        low = claim_interval(c, rc.grade, ref).low
        if low > capacity:
            out.append(
                Finding(
                    check=NAME,
                    severity="warning",
                    message=(
                        f"{rc.doc_label} ({rc.published}): {c.supplier}->{c.recipient or '?'} {c.item} of at least "
                        f"{low:,.0f} exceeds {c.supplier}'s stated capacity of {capacity:,.0f} (stocks {stock:,.0f} + "
                        f"production {max(made_total, made_rate * months):,.0f}: {made_rate:,.0f} a month over "
                        f"{months:.1f} months, or a stated total of {made_total:,.0f})"
                    ),
                    numbers={
                        "transfer_low": round(low),
                        "capacity": round(capacity),
                        "stocks_high": round(stock),
                        "production_rate_per_month_high": round(made_rate),
                        "months": round(months, 1),
                        "production_total_high": round(made_total),
                    },
                    claims=[rc.claim_id, *(s.claim_id for s in mine)],
                    evidence=[c.evidence.text, *(s.claim.evidence.text for s in mine)],
                )
            )
    return out
