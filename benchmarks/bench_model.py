"""Benchmark: a stock-and-flow projection of 10,000 draws x 36 months (goal: under 1 s).

    python benchmarks/bench_model.py [--draws 10000] [--months 36] [--repeat 5]

Times `armsledger.stockflow.project` on a full scenario (stock, consumption, production with
two targets, three import flows with dud shares, one export flow, every input uncertain):
sampling, the month-by-month run, the percentiles, and the sensitivity ranking with its
tornado re-run. Building the scenario from the ledger is reconcile's cost, timed by
bench_reconcile.py.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from armsledger.stockflow import (
    Origin,
    Quantity,
    Range,
    Scenario,
    Target,
    Trade,
    project,
)

GOAL_SECONDS = 1.0


def _q(low: float, central: float, high: float) -> Quantity:
    return Quantity(Range(low, central, high), Origin("scenario", "benchmark"))


def full_scenario(months: int) -> Scenario:
    """Every kind of input, all uncertain (figures from DOMAIN.md)."""
    return Scenario(
        actor="RUS",
        item="artillery_shell",
        start=date(2024, 7, 1),
        months=months,
        as_of=date(2024, 6, 30),
        initial_stock=_q(3e6, 4e6, 6e6),
        consumption=_q(2.5e5, 3.0e5, 1.2e6),
        production=_q(2e5, 2.5e5, 3.5e5),
        targets=[
            Target(_q(3.5e5, 4e5, 4.5e5), date(2025, 6, 1), _q(0.2, 0.5, 1.0)),
            Target(_q(4.5e5, 5e5, 5.5e5), date(2026, 6, 1), _q(0.2, 0.5, 1.0)),
        ],
        imports=[
            Trade("PRK", _q(1e5, 3e5, 5e5), _q(0.2, 0.35, 0.5)),
            Trade("IRN", _q(0, 2e4, 5e4), _q(0.1, 0.2, 0.3)),
            Trade("BLR", _q(0, 1e4, 3e4), _q(0.0, 0.1, 0.2), end=date(2025, 6, 1)),
        ],
        exports=[Trade("SYR", _q(0, 1e3, 5e3))],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scenario = full_scenario(args.months)
    project(scenario, draws=100, seed=0)  # warm up imports and scipy's distribution objects
    times = []
    for i in range(args.repeat):
        start = time.perf_counter()
        result = project(scenario, draws=args.draws, seed=i)
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(f"project: {args.draws:,} draws x {args.months} months, {len(scenario.sampled())} uncertain inputs")
    print(
        f"  median {median:.3f} s, best {best:.3f} s over {args.repeat} runs "
        f"({'within' if median < GOAL_SECONDS else 'OVER'} the {GOAL_SECONDS:.0f} s goal)"
    )
    print(
        f"  last run: run-out probability {result.exhaustion.probability:.2f}, "
        f"top driver {result.drivers[0].input if result.drivers else '-'}"
    )


if __name__ == "__main__":
    main()
