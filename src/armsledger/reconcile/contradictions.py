"""Contradictions: claims on one flow and period whose intervals cannot both be true.

- disjoint_totals: two running totals published within the window, from different
  documents, whose intervals do not overlap;
- total_decreased: a running total whose whole interval lies below the low end of an
  earlier credible total (a running total cannot fall);
- disjoint_rates: two rates (compared per month) within the window that do not overlap;
- denied: a denial and an affirmed report of the same flow within the window.
Claims of one document are never set against each other: alternatives joined by "or" are
not a contradiction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from armsledger.reconcile.analysis import Analysed, analyse
from armsledger.reconcile.cumulative import per_month
from armsledger.reconcile.explain import Contradiction, FlowKey
from armsledger.reconcile.flows import core_key, flow_key
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import Interval
from armsledger.reconcile.refdata import Reference, load_reference
from armsledger.settings import get_setting


def _fmt(iv: Interval) -> str:
    return f"{iv.low:,.0f}-{iv.high:,.0f}"


def _pairs_in_window(items: list[Analysed], window: int) -> Iterable[tuple[Analysed, Analysed]]:
    ordered = sorted(items, key=lambda a: (a.rc.published, a.rc.claim_id))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if (b.rc.published - a.rc.published).days > window:
                break
            if a.rc.doc_id != b.rc.doc_id:
                yield a, b


def _rate_interval(a: Analysed, ref: Reference) -> Interval:
    f = per_month(1.0, a.role.per, ref)  # type: ignore[union-attr]
    return a.interval.scaled(f, f, f)  # type: ignore[union-attr]


def _flow_contradictions(flow: FlowKey, items: list[Analysed], window: int, ref: Reference) -> list[Contradiction]:
    out: list[Contradiction] = []
    totals = [a for a in items if a.status is None and a.role is not None and a.role.role == "total"]
    for a, b in _pairs_in_window(totals, window):
        if not a.interval.overlaps(b.interval):  # type: ignore[union-attr]
            out.append(Contradiction(
                flow=flow, kind="disjoint_totals",
                message=f"running totals {_fmt(a.interval)} ({a.rc.source_key}, {a.rc.published}) and "  # type: ignore[arg-type]
                        f"{_fmt(b.interval)} ({b.rc.source_key}, {b.rc.published}) do not overlap",  # type: ignore[arg-type]
                first=a.use("used", "running total"), second=b.use("used", "running total")))
    floor_w = ref.intervals.floor_min_weight
    best: Analysed | None = None
    for b in sorted(totals, key=lambda a: (a.rc.published, a.rc.claim_id)):
        if (best is not None and (b.rc.published - best.rc.published).days > window
                and b.rc.doc_id != best.rc.doc_id and b.interval.high < best.interval.low):  # type: ignore[union-attr]
            out.append(Contradiction(
                flow=flow, kind="total_decreased",
                message=f"running total {_fmt(b.interval)} ({b.rc.source_key}, {b.rc.published}) is below the "  # type: ignore[arg-type]
                        f"earlier {_fmt(best.interval)} ({best.rc.source_key}, {best.rc.published})",  # type: ignore[arg-type]
                first=best.use("used", "earlier running total"), second=b.use("used", "later running total")))
        if b.weight >= floor_w and (best is None or b.interval.low > best.interval.low):  # type: ignore[union-attr]
            best = b
    rates = [a for a in items if a.status == "rate" and a.interval is not None]
    for a, b in _pairs_in_window(rates, window):
        ia, ib = _rate_interval(a, ref), _rate_interval(b, ref)
        if not ia.overlaps(ib):
            out.append(Contradiction(
                flow=flow, kind="disjoint_rates",
                message=f"rates {_fmt(ia)} and {_fmt(ib)} a month ({a.rc.source_key} / {b.rc.source_key}) "
                        f"do not overlap",
                first=a.use("rate", "rate"), second=b.use("rate", "rate")))
    return out


def _denials(claims: list[ReconcileClaim], window: int, ref: Reference) -> list[Contradiction]:
    by_core: dict[tuple, tuple[list[ReconcileClaim], list[ReconcileClaim]]] = {}
    for rc in claims:
        c = rc.claim
        if rc.duplicate_of or c.status != "actual":
            continue
        slot = by_core.setdefault(core_key(rc, ref), ([], []))
        slot[0 if c.polarity == "denied" else 1].append(rc)
    out = []
    for denied, affirmed in by_core.values():
        for d in denied:
            for a in affirmed:
                if abs((a.published - d.published).days) <= window and a.doc_id != d.doc_id:
                    da, aa = analyse(d, ref), analyse(a, ref)
                    out.append(Contradiction(
                        flow=flow_key(a, ref), kind="denied",
                        message=f"{d.source_key} denies ({d.published}) what {a.source_key} affirms ({a.published})",
                        first=da.use("denied", "denial"), second=aa.use("used", "affirmed report")))
    return out


def find_contradictions(claims: Iterable[ReconcileClaim], *, as_of: date | None = None,
                        window_days: int | None = None, ref: Reference | None = None) -> list[Contradiction]:
    """Every contradiction among `claims` published by `as_of`."""
    ref = ref or load_reference()
    window = int(get_setting("reconcile_window_days", window_days))
    selected = [rc for rc in claims if as_of is None or rc.published <= as_of]
    flows: dict[FlowKey, list[Analysed]] = {}
    for rc in selected:
        if rc.claim.quantity is not None:
            flows.setdefault(flow_key(rc, ref), []).append(analyse(rc, ref))
    out: list[Contradiction] = []
    for flow, items in flows.items():
        out.extend(_flow_contradictions(flow, items, window, ref))
    out.extend(_denials(selected, window, ref))
    return out
