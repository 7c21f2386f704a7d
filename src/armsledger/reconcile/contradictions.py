"""Contradictions: claims on one flow and period whose intervals cannot both be true.

- disjoint_totals: two reports (a source's running totals of one day, read as the estimate reads
  them) of different sources stated within the window of each other whose ranges do not overlap;
- total_decreased: a report whose whole range lies below the low end of an earlier credible
  report of another source (a running total cannot fall);
- disjoint_rates: two rates (compared per month) within the window that do not overlap;
- denied: a denial and an affirmed report of the same flow within the window.
Figures are dated by when their source stated them (statements.py), so a timeline or recap
repeating earlier figures sets nothing against the news. A source is never set against itself:
alternatives joined by "or" ("3 million 152 mm or 500,000 122 mm rounds") and a source's own
revisions are not contradictions, whatever documents carry them; neither are claims of one document.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from armsledger.reconcile.analysis import Analysed, reader
from armsledger.reconcile.columns import Columns
from armsledger.reconcile.cumulative import per_month
from armsledger.reconcile.explain import ClaimUse, Contradiction, FlowKey
from armsledger.reconcile.flows import core_key, flow_key
from armsledger.reconcile.fusion import Report
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import Interval
from armsledger.reconcile.refdata import Reference, load_reference
from armsledger.reconcile.sources import SourceResolver
from armsledger.reconcile.statements import statements
from armsledger.settings import get_setting


def _fmt(iv: Interval) -> str:
    return f"{iv.low:,.0f}-{iv.high:,.0f}"


def _independent(a: Analysed, b: Analysed) -> bool:
    return a.rc.doc_id != b.rc.doc_id and a.source != b.source


def _pairs_in_window(items: list[Analysed], window: int) -> Iterable[tuple[Analysed, Analysed]]:
    ordered = sorted(items, key=lambda a: (a.day, a.rc.claim_id))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if (b.day - a.day).days > window:
                break
            if _independent(a, b):
                yield a, b


def _rate_interval(a: Analysed, ref: Reference) -> Interval:
    assert a.interval is not None and a.role is not None
    f = per_month(1.0, a.role.per or "month", ref)
    return a.interval.scaled(f, f, f)


def _reports(totals: list[Analysed], calibre: int | None) -> list[Report]:
    """The totals grouped as the estimate groups them: one report per source and day stated."""
    reports: dict[tuple, Report] = {}
    cols = Columns.of(totals)
    for i, a in enumerate(totals):
        report = reports.get((a.source, a.day))
        if report is None:
            report = reports[(a.source, a.day)] = Report(a.source, a.source_label, a.day, cols)
        report.add(i)
    return sorted((r.read(calibre) for r in reports.values()), key=lambda r: (r.day, r.source))


def _report_pairs(reports: list[Report], window: int) -> Iterable[tuple[Report, Report]]:
    for i, a in enumerate(reports):
        for b in reports[i + 1 :]:
            if (b.day - a.day).days > window:
                break
            if a.source != b.source:
                yield a, b


def _range(r: Report) -> str:
    if r.high <= 1:  # fractions (dud rates, shares) read as fractions, not rounded to 0 or 1
        return f"{r.low:.2f}-{r.high:.2f}"
    return f"{r.low:,.0f}-{r.high:,.0f}"


def _side(r: Report, reason: str) -> ClaimUse:
    return r.cols.analysed(r.chosen[0]).use("used", reason)


def _flow_contradictions(flow: FlowKey, items: list[Analysed], window: int, ref: Reference) -> list[Contradiction]:
    out: list[Contradiction] = []
    totals = [a for a in items if a.status is None and a.role is not None and a.role.role == "total"]
    mix = ref.loading.default_calibre_mix.get(flow.item)
    reports = _reports(totals, max(mix.items(), key=lambda kv: kv[1])[0] if mix else None)
    for a, b in _report_pairs(reports, window):
        if b.high < a.low or a.high < b.low:
            out.append(
                Contradiction(
                    flow=flow,
                    kind="disjoint_totals",
                    message=f"running totals {_range(a)} ({a.describe()}) and {_range(b)} ({b.describe()}) "
                    "do not overlap",
                    first=_side(a, "running total"),
                    second=_side(b, "running total"),
                )
            )
    floor_w = ref.intervals.floor_min_weight
    best: Report | None = None
    for b in reports:
        if best is not None and (b.day - best.day).days > window and b.source != best.source and b.high < best.low:
            out.append(
                Contradiction(
                    flow=flow,
                    kind="total_decreased",
                    message=f"running total {_range(b)} ({b.describe()}) is below the earlier {_range(best)} "
                    f"({best.describe()})",
                    first=_side(best, "earlier running total"),
                    second=_side(b, "later running total"),
                )
            )
        if b.weight >= floor_w and (best is None or b.low > best.low):
            best = b
    rates = [m for m in items if m.status == "rate" and m.interval is not None]
    for ra, rb in _pairs_in_window(rates, window):
        ia, ib = _rate_interval(ra, ref), _rate_interval(rb, ref)
        if not ia.overlaps(ib):
            out.append(
                Contradiction(
                    flow=flow,
                    kind="disjoint_rates",
                    message=f"rates {_fmt(ia)} and {_fmt(ib)} a month ({ra.source_label} / {rb.source_label}) "
                    f"do not overlap",
                    first=ra.use("rate", "rate"),
                    second=rb.use("rate", "rate"),
                )
            )
    return out


def _denials(items: list[Analysed], window: int, ref: Reference) -> list[Contradiction]:
    by_core: dict[tuple, tuple[list[Analysed], list[Analysed]]] = {}
    for a in items:
        c = a.rc.claim
        if a.rc.duplicate_of or c.status != "actual":
            continue
        slot = by_core.setdefault(core_key(a.rc, ref), ([], []))
        slot[0 if c.polarity == "denied" else 1].append(a)
    out = []
    for denied, affirmed in by_core.values():
        for d in denied:
            for a in affirmed:
                if abs((a.day - d.day).days) <= window and _independent(a, d):
                    out.append(
                        Contradiction(
                            flow=flow_key(a.rc, ref),
                            kind="denied",
                            message=f"{d.source_label} denies ({d.day}) what {a.source_label} affirms ({a.day})",
                            first=d.use("denied", "denial"),
                            second=a.use("used", "affirmed report"),
                        )
                    )
    return out


def find_contradictions(
    claims: Iterable[ReconcileClaim],
    *,
    as_of: date | None = None,
    window_days: int | None = None,
    ref: Reference | None = None,
) -> list[Contradiction]:
    """Every contradiction among `claims` published by `as_of`."""
    ref = ref or load_reference()
    window = int(get_setting("reconcile_window_days", window_days))
    selected = [rc for rc in claims if as_of is None or rc.published <= as_of]
    items = read_claims_in_context(selected, ref)
    flows: dict[FlowKey, list[Analysed]] = {}
    for a in items:
        if a.rc.claim.quantity is not None:
            flows.setdefault(flow_key(a.rc, ref), []).append(a)
    out: list[Contradiction] = []
    for flow, members in flows.items():
        out.extend(_flow_contradictions(flow, members, window, ref))
    out.extend(_denials(items, window, ref))
    return out


def read_claims_in_context(claims: list[ReconcileClaim], ref: Reference) -> list[Analysed]:
    """Each claim read in its own unit, with its resolved source and the day it was stated."""
    resolver = SourceResolver(claims, ref.source_rules)
    keys = [resolver.key(rc) for rc in claims]
    infos = statements(claims, keys, ref.fusion.statement_gap_chars)
    out = reader(ref).read_all([(rc, False, None) for rc in claims])  # (each as `analyse` reads it)
    for a, rc, key, info in zip(out, claims, keys, infos, strict=False):
        a.source, a.source_label, a.dated = key, resolver.label(rc), info.day
    return out
