"""armsledger.stockpile_exhaustion.v1: would the stated rate of use exhaust a stated stockpile?

For each stockpile an actor holds (high end of the claim), take the latest consumption rate
of that actor and item published since (central, per month) less its latest stated
production and inbound transfer rates. If the net drain is positive the stock runs out on a
date; the finding says when, and warns when a later report (more than `margin_days` after
that date) still describes the consumption.
"""

from __future__ import annotations

from datetime import timedelta

from armsledger.reconcile.checks import register
from armsledger.reconcile.cumulative import classify, per_month
from armsledger.reconcile.explain import Finding
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import claim_interval
from armsledger.reconcile.refdata import Reference

NAME = "armsledger.stockpile_exhaustion.v1"


def _rates(claims: list[ReconcileClaim], ref: Reference) -> list[tuple[ReconcileClaim, float]]:
    """(claim, central rate per month) for every affirmed, actual rate counted in items."""
    out = []
    for rc in claims:
        c = rc.claim
        if c.quantity is None or c.quantity.unit != "item" or c.status != "actual" or c.polarity != "affirmed":
            continue
        role = classify(c, ref)
        if role.role == "rate":
            out.append((rc, per_month(claim_interval(c, rc.grade, ref).central, role.per, ref)))  # type: ignore[arg-type]
    return out


def _latest(rates: list[tuple[ReconcileClaim, float]], after) -> tuple[ReconcileClaim, float] | None:
    chosen = [r for r in rates if r[0].published >= after]
    return max(chosen, key=lambda r: r[0].published) if chosen else None


@register(NAME, "rates of use that would exhaust a stated stockpile")
def check_exhaustion(claims: list[ReconcileClaim], ref: Reference) -> list[Finding]:
    """One finding per stockpile claim drained by a later consumption rate."""
    margin = ref.checks.stockpile_exhaustion.margin_days
    month_days = ref.cues.per_days["month"]
    rates = _rates(claims, ref)
    out = []
    for stock in claims:
        s = stock.claim
        if (
            s.kind != "stockpile"
            or s.quantity is None
            or s.quantity.unit != "item"
            or s.quantity.per
            or s.polarity != "affirmed"
            or not s.actor
        ):
            continue
        group = ref.item_group(s.item)

        def of(kind: str, stock=stock, s=s, group=group) -> list[tuple[ReconcileClaim, float]]:
            return [
                (rc, r)
                for rc, r in rates
                if rc.claim.kind == kind
                and ref.item_group(rc.claim.item) == group
                and (rc.claim.recipient if kind == "transfer" else rc.claim.actor) == s.actor
            ]

        use = _latest(of("consumption"), stock.published)
        if use is None:
            continue
        made = _latest(of("production"), stock.published - timedelta(days=366))
        inflow = _latest(of("transfer"), stock.published - timedelta(days=366))
        net = use[1] - (made[1] if made else 0.0) - (inflow[1] if inflow else 0.0)
        if net <= 0:
            continue
        held = claim_interval(s, stock.grade, ref).high
        months = held / net
        runs_out = stock.published + timedelta(days=round(months * month_days))
        last_use = max(rc.published for rc, _ in of("consumption"))
        warn = last_use > runs_out + timedelta(days=margin)
        message = (
            f"{s.actor}'s stock of {s.item} (at most {held:,.0f}, {stock.doc_label}, {stock.published}) lasts "
            f"{months:.1f} months at a net use of {net:,.0f} a month (use {use[1]:,.0f}"
            f"{f', production {made[1]:,.0f}' if made else ''}{f', inflow {inflow[1]:,.0f}' if inflow else ''})"
            f": exhausted by {runs_out}"
        )
        if warn:
            message += f", yet use is still reported on {last_use}"
        out.append(
            Finding(
                check=NAME,
                severity="warning" if warn else "info",
                message=message,
                numbers={
                    "stock_high": round(held),
                    "net_per_month": round(net),
                    "months": round(months, 2),
                    "exhausted_on": runs_out.isoformat(),
                    "last_use_report": last_use.isoformat(),
                },
                claims=[
                    stock.claim_id,
                    use[0].claim_id,
                    *([made[0].claim_id] if made else []),
                    *([inflow[0].claim_id] if inflow else []),
                ],
                evidence=[s.evidence.text, use[0].claim.evidence.text],
            )
        )
    return out
