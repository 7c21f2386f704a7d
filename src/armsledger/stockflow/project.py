"""A projection: sample the scenario, run the draws, and summarise them.

`project(scenario, draws=10_000, seed=1)` returns a `Projection`: stock percentiles month by
month, when the stock runs out (with its probability), days of fire, when production
catches up with use, the share of consumption each source met, the inputs ranked by how
much of the spread they drive, and every input with its origin.
"""

from __future__ import annotations

import secrets
from datetime import date

import numpy as np

from armsledger.settings import get_setting
from armsledger.stockflow.errors import ModelError
from armsledger.stockflow.inputs import Quantity, Scenario
from armsledger.stockflow.months import label
from armsledger.stockflow.results import (
    ClaimInfo,
    Coverage,
    InputReport,
    MonthPercentiles,
    MonthPoint,
    Percentiles,
    Projection,
    StockPoint,
)
from armsledger.stockflow.sensitivity import rank_drivers
from armsledger.stockflow.simulate import Paths, run, sample_inputs

MAX_DRAWS = 1_000_000
MAX_MONTHS = 600


def _bands(values: np.ndarray, months: list[date]) -> list[StockPoint]:
    q = np.percentile(values, [10, 25, 50, 75, 90], axis=0)
    return [
        StockPoint(
            date=label(month),
            p10=float(q[0, i]),
            p25=float(q[1, i]),
            p50=float(q[2, i]),
            p75=float(q[3, i]),
            p90=float(q[4, i]),
        )
        for i, month in enumerate(months)
    ]


def _when(index: np.ndarray, months: list[date]) -> MonthPercentiles:
    """Percentiles of a month index (-1: not within the horizon, counted as after it)."""
    at = np.where(index >= 0, index, np.inf).astype(float)
    marks = np.quantile(at, [0.1, 0.5, 0.9], method="inverted_cdf")

    def name(value: float) -> str | None:
        return None if not np.isfinite(value) else label(months[int(value)])

    return MonthPercentiles(
        probability=float(np.mean(index >= 0)),
        p10=name(marks[0]),
        p50=name(marks[1]),
        p90=name(marks[2]),
        by_month=[
            MonthPoint(date=label(month), probability=float(np.mean((index >= 0) & (index <= i))))
            for i, month in enumerate(months)
        ],
    )


def _days(paths: Paths) -> Percentiles:
    per_day = paths.consumption_per_day
    days = np.divide(paths.initial_stock, per_day, out=np.full(per_day.shape, np.inf), where=per_day > 0)
    q = np.percentile(days, [10, 50, 90], method="inverted_cdf")
    return Percentiles(
        **{k: (float(v) if np.isfinite(v) else None) for k, v in zip(("p10", "p50", "p90"), q, strict=False)}
    )


def _coverage(paths: Paths) -> list[Coverage]:
    total = paths.consumption.sum(axis=1)
    out = []
    for source, met in paths.covered.items():
        share = np.divide(met, total, out=np.zeros_like(met), where=total > 0)
        q = np.percentile(share, [10, 50, 90])
        out.append(Coverage(source=source, p10=float(q[0]), p50=float(q[1]), p90=float(q[2]), mean=float(share.mean())))
    return out


def _input(name: str, unit: str, q: Quantity, **extra: str | None) -> InputReport:
    r, o = q.range, q.origin
    return InputReport(
        name=name,
        unit=unit,
        low=r.low,
        central=r.central,
        high=r.high,
        shape="fixed" if r.is_fixed else r.shape,
        origin=o.kind,
        note=o.note,
        dated=o.dated,
        claims=[
            ClaimInfo(claim_id=c.claim_id, doc=c.doc, published=c.published, stated=c.stated, evidence=c.evidence)
            for c in o.claims
        ],
        **extra,
    )


def input_reports(scenario: Scenario) -> list[InputReport]:
    """Every input with its unit, range, origin and claims."""
    out = [
        _input("initial stock", "items", scenario.initial_stock),
        _input("consumption", "items a month", scenario.consumption),
        _input("production", "items a month", scenario.production),
    ]
    for t in scenario.targets:
        out.append(_input(f"{t.name} rate", "items a month", t.rate, deadline=label(t.deadline)))
    shared = next((t for t in scenario.targets if t.shared), None)
    if shared is not None:
        out.append(_input(shared.attainment_name, "share of the gap closed", shared.attainment))
    for t in scenario.targets:
        if not t.shared:
            out.append(_input(t.attainment_name, "share of the gap closed", t.attainment, deadline=label(t.deadline)))
    for kind, trades in (("imports", scenario.imports), ("exports", scenario.exports)):
        for trade in trades:
            span = {
                "start": label(trade.start) if trade.start else None,
                "end": label(trade.end) if trade.end else None,
            }
            out.append(_input(f"{kind} {trade.partner}", "items a month", trade.rate, **span))
            if trade.dud is not None:
                out.append(_input(f"duds {trade.partner}", "share of imports", trade.dud))
    return out


def check_size(draws: int, months: int) -> None:
    if not 1 <= draws <= MAX_DRAWS:
        raise ModelError(f"draws must be between 1 and {MAX_DRAWS:,}, not {draws}")
    if not 1 <= months <= MAX_MONTHS:
        raise ModelError(f"months must be between 1 and {MAX_MONTHS}, not {months}")


def project(scenario: Scenario, *, draws: int | None = None, seed: int | None = None) -> Projection:
    """Run `draws` Monte Carlo draws of the scenario (default: setting model_draws) and
    summarise them. The same seed gives the same result; without one a seed is chosen and
    reported, so any run can be repeated."""
    n = int(get_setting("model_draws", draws))
    check_size(n, scenario.months)
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    values = sample_inputs(scenario, n, np.random.default_rng(seed))
    paths = run(scenario, values)
    return Projection(
        actor=scenario.actor,
        item=scenario.item,
        as_of=scenario.as_of,
        start=label(scenario.start),
        months=scenario.months,
        draws=n,
        seed=seed,
        series=_bands(paths.stock, paths.months),
        production=_bands(paths.production, paths.months),
        exhaustion=_when(paths.exhausted, paths.months),
        catch_up=_when(paths.caught_up, paths.months),
        days_of_fire=_days(paths),
        coverage=_coverage(paths),
        drivers=rank_drivers(scenario, values, paths.balance),
        inputs=input_reports(scenario),
        warnings=list(scenario.warnings),
    )
