"""The Monte Carlo engine: sample every input, then step the stock month by month.

Each draw takes one value of every input (the uncertainty is about what the rates are, not
month-to-month noise) and runs the whole horizon:

    fresh supply  = production + usable imports (imports x (1 - dud share))
    fresh supply pays exports first, then consumption; the stock pays what fresh supply
    cannot; what the stock cannot pay is a shortfall. The stock never goes below zero.

Production follows the current rate, then moves in straight lines to each target's
attained level at its deadline (today's rate + attainment x (target - today's rate)), and
stays at the last one. Everything is vectorised over draws; the loop is over months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from armsledger.stockflow.inputs import Scenario, Trade
from armsledger.stockflow.months import DAYS_PER_MONTH, add_months, months_between

Draws = dict[str, np.ndarray]


def sample_inputs(scenario: Scenario, n: int, rng: np.random.Generator) -> Draws:
    """`n` draws of every sampled input, keyed by input name."""
    return {name: q.range.sample(n, rng) for name, q in scenario.sampled()}


def median_inputs(scenario: Scenario) -> dict[str, float]:
    """Every sampled input at its median."""
    return {name: q.range.quantile(0.5) for name, q in scenario.sampled()}


@dataclass(slots=True)
class Paths:
    """What the draws did: arrays of shape (draws, months) or (draws,)."""

    months: list[date]
    stock: np.ndarray
    production: np.ndarray
    consumption: np.ndarray
    covered: dict[str, np.ndarray]  # consumption met over the horizon, by source
    exhausted: np.ndarray  # index of the month the stock ran out, -1 when it lasted
    caught_up: np.ndarray  # first month production >= consumption (> 0), -1 when never
    balance: np.ndarray  # the stock at the end before flooring at zero (the sensitivity output)
    initial_stock: np.ndarray
    consumption_per_day: np.ndarray


def _production(scenario: Scenario, draws: Draws) -> np.ndarray:
    base = draws["production"]
    m = scenario.months
    knots, levels = [0.0], [base]
    for t in sorted(scenario.targets, key=lambda t: t.deadline):
        at = float(months_between(scenario.start, t.deadline) + 1)
        if at <= knots[-1]:
            continue  # the builder keeps one target a month; a past deadline never reaches here
        knots.append(at)
        levels.append(base + draws[t.attainment_name] * (draws[f"{t.name} rate"] - base))
    if len(knots) == 1:
        return np.repeat(base[:, None], m, axis=1)
    months = np.arange(1, m + 1, dtype=float)
    x = np.asarray(knots)
    y = np.stack(levels, axis=1)  # (n, knots)
    hi = np.clip(np.searchsorted(x, months, side="left"), 1, len(x) - 1)
    lo = hi - 1
    w = np.clip((months - x[lo]) / (x[hi] - x[lo]), 0.0, 1.0)
    return y[:, lo] * (1 - w) + y[:, hi] * w


def _active(trade: Trade, start: date, m: int) -> np.ndarray:
    """1.0 in the months the trade runs, else 0.0."""
    first = 0 if trade.start is None else months_between(start, trade.start)
    last = m - 1 if trade.end is None else months_between(start, trade.end)
    idx = np.arange(m)
    return ((idx >= first) & (idx <= last)).astype(float)


def _trade(trade: Trade, draws: Draws, kind: str, start: date, m: int) -> np.ndarray:
    rate = draws[f"{kind} {trade.partner}"]
    if trade.dud is not None:
        rate = rate * (1.0 - np.clip(draws[f"duds {trade.partner}"], 0.0, 1.0))
    return rate[:, None] * _active(trade, start, m)[None, :]


def run(scenario: Scenario, draws: Draws) -> Paths:
    """Step every draw through the horizon."""
    stock0 = np.asarray(draws["initial stock"], dtype=float)
    n, m = stock0.shape[0], scenario.months
    production = _production(scenario, draws)
    consumption = np.repeat(np.asarray(draws["consumption"], dtype=float)[:, None], m, axis=1)
    imports = {t.partner: _trade(t, draws, "imports", scenario.start, m) for t in scenario.imports}
    exports = sum((_trade(t, draws, "exports", scenario.start, m) for t in scenario.exports), np.zeros((n, m)))
    sources = {"production": production, **{f"imports {p}": arr for p, arr in imports.items()}}
    covered = {name: np.zeros(n) for name in (*sources, "stock", "shortfall")}
    stock = np.empty((n, m))
    exhausted = np.full(n, -1)
    caught_up = np.full(n, -1)
    level = stock0.copy()
    for t in range(m):
        fresh = sum((arr[:, t] for arr in sources.values()), np.zeros(n))
        use, out = consumption[:, t], exports[:, t]
        spare = fresh - out
        from_fresh = np.minimum(np.maximum(spare, 0.0), use)
        level = np.maximum(level + np.minimum(spare, 0.0), 0.0)  # exports beyond fresh supply leave the stock
        from_stock = np.minimum(level, use - from_fresh)
        level = level - from_stock + np.maximum(spare, 0.0) - from_fresh
        share = np.divide(from_fresh, fresh, out=np.zeros(n), where=fresh > 0)
        for name, arr in sources.items():
            covered[name] += arr[:, t] * share
        covered["stock"] += from_stock
        covered["shortfall"] += use - from_fresh - from_stock
        drained = (use + out > fresh) & (level <= 1e-9 * (use + out)) & (exhausted < 0)
        exhausted[drained] = t
        caught = (production[:, t] >= use) & (use > 0) & (caught_up < 0)
        caught_up[caught] = t
        stock[:, t] = level
    balance = stock0 + (
        production.sum(axis=1)
        + sum((a.sum(axis=1) for a in imports.values()), np.zeros(n))
        - exports.sum(axis=1)
        - consumption.sum(axis=1)
    )
    return Paths(
        months=[add_months(scenario.start, i) for i in range(m)],
        stock=stock,
        production=production,
        consumption=consumption,
        covered=covered,
        exhausted=exhausted,
        caught_up=caught_up,
        balance=balance,
        initial_stock=stock0,
        consumption_per_day=consumption[:, 0] / DAYS_PER_MONTH if m else np.zeros(n),
    )
