"""Which input drives the spread: rank correlations over the draws and one-at-a-time swings.

The output is the stock at the end of the horizon before it is floored at zero (so draws
that run dry still differ by how far short they fall). The ranking is by Spearman's rank
correlation between each input's draws and that output (scipy.stats.spearmanr); the
tornado swing re-runs the model with every input at its median except one, set to its p10
and then its p90.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from armsledger.stockflow.inputs import Scenario
from armsledger.stockflow.results import Driver
from armsledger.stockflow.simulate import Draws, median_inputs, run


def _swings(scenario: Scenario, names: list[str]) -> dict[str, tuple[float, float]]:
    """(output at p10, output at p90) of each named input, the others at their medians, in one run."""
    medians = median_inputs(scenario)
    quantities = dict(scenario.sampled())
    rows = 2 * len(names)
    draws = {name: np.full(rows, value) for name, value in medians.items()}
    for i, name in enumerate(names):
        draws[name][2 * i] = quantities[name].range.quantile(0.1)
        draws[name][2 * i + 1] = quantities[name].range.quantile(0.9)
    balance = run(scenario, draws).balance
    return {name: (float(balance[2 * i]), float(balance[2 * i + 1])) for i, name in enumerate(names)}


def rank_drivers(scenario: Scenario, draws: Draws, output: np.ndarray) -> list[Driver]:
    """Inputs that vary, ranked by how strongly their draws move `output` (strongest first)."""
    names = [name for name, q in scenario.sampled() if not q.range.is_fixed and np.ptp(draws[name]) > 0]
    if not names or np.ptp(output) == 0:
        return []
    rho = {}
    for name in names:
        value = stats.spearmanr(draws[name], output).statistic
        rho[name] = 0.0 if np.isnan(value) else float(value)
    total = sum(r * r for r in rho.values()) or 1.0
    swings = _swings(scenario, names)
    # An input whose swing is nil moves nothing; its correlation is sampling noise.
    ranked = sorted((n for n in names if swings[n][0] != swings[n][1]), key=lambda name: -abs(rho[name]))
    return [
        Driver(
            input=name,
            rank_correlation=round(rho[name], 4),
            variance_share=round(rho[name] ** 2 / total, 4),
            output_at_p10=swings[name][0],
            output_at_p90=swings[name][1],
        )
        for name in ranked
    ]
