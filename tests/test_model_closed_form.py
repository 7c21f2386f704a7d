"""The projection against closed forms: constant rates without uncertainty give the exact stock
path and run-out month; a uniform input gives its percentiles within sampling error."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from model_builders import fixed, scenario, spread

from armsledger.stockflow import Target, Trade, project
from armsledger.stockflow.months import DAYS_PER_MONTH


@pytest.mark.parametrize(
    "stock, use, made, imported, dud",
    [
        (1_000_000, 100_000, 0, 0, 0.0),
        (1_050_000, 100_000, 0, 0, 0.0),
        (5_000_000, 304_375, 150_000, 0, 0.0),
        (3_000_000, 400_000, 100_000, 200_000, 0.5),
    ],
)
def test_constant_rates_give_the_exact_stock_path_and_run_out_month(stock, use, made, imported, dud):
    net = use - made - imported * (1 - dud)
    imports = [Trade("PRK", fixed(imported), fixed(dud))] if imported else []
    result = project(scenario(stock=stock, use=use, made=made, imports=imports, months=36), draws=50, seed=3)
    expected = [max(stock - net * t, 0.0) for t in range(1, 37)]
    for point, want in zip(result.series, expected, strict=False):
        assert point.p10 == point.p50 == point.p90 == pytest.approx(want, abs=1e-6)
    month = math.ceil(stock / net)  # the stock reaches zero during this month (1 = the start month)
    assert result.exhaustion.probability == 1.0
    assert result.exhaustion.p50 == result.series[month - 1].date
    assert result.days_of_fire.p50 == pytest.approx(stock / (use / DAYS_PER_MONTH))


def test_stock_that_supply_keeps_up_with_never_runs_out():
    result = project(scenario(stock=100_000, use=200_000, made=250_000), draws=20, seed=1)
    assert result.exhaustion.probability == 0.0 and result.exhaustion.p10 is None
    assert result.series[-1].p50 == pytest.approx(100_000 + 12 * 50_000)
    assert result.catch_up.p10 == "2024-07"


def test_shares_of_consumption_met_by_each_source():
    # 50,000 made, 25,000 usable imports (50,000 with half duds), 100,000 used: the stock pays 25,000.
    imports = [Trade("PRK", fixed(50_000), fixed(0.5))]
    result = project(scenario(stock=10_000_000, use=100_000, made=50_000, imports=imports), draws=10, seed=1)
    shares = {c.source: c.p50 for c in result.coverage}
    assert shares == pytest.approx({"production": 0.5, "imports PRK": 0.25, "stock": 0.25, "shortfall": 0.0})


def test_shortfall_once_the_stock_is_gone():
    # 600,000 at a net 100,000 a month lasts 6 of 12 months: half of the use goes unmet.
    result = project(scenario(stock=600_000, use=100_000), draws=10, seed=1)
    shares = {c.source: c.p50 for c in result.coverage}
    assert shares["stock"] == pytest.approx(0.5) and shares["shortfall"] == pytest.approx(0.5)


def test_target_ramps_production_linearly_to_its_attained_level():
    # From 20,000 toward 120,000 due in month 10 (2025-04), half the gap closed: 70,000, then flat.
    target = Target(fixed(120_000), date(2025, 4, 1), fixed(0.5))
    result = project(scenario(stock=1e9, use=1, made=20_000, targets=[target]), draws=10, seed=1)
    made = [p.p50 for p in result.production]
    assert made[:10] == pytest.approx([20_000 + 5_000 * t for t in range(1, 11)])
    assert made[10:] == pytest.approx([70_000, 70_000])


def test_production_catches_up_with_use_in_the_month_a_target_ramp_crosses_it():
    target = Target(fixed(120_000), date(2025, 6, 1), fixed(1.0))  # month 12: 10,000 more each month
    result = project(scenario(stock=1e9, use=60_000, made=0, targets=[target]), draws=10, seed=1)
    assert result.catch_up.probability == 1.0 and result.catch_up.p50 == "2024-12"  # month 6


def test_imports_run_only_between_their_start_and_end_months():
    imports = [Trade("PRK", fixed(10_000), None, date(2024, 9, 1), date(2024, 10, 1))]
    result = project(scenario(stock=0, imports=imports, months=6), draws=5, seed=1)
    assert [p.p50 for p in result.series] == pytest.approx([0, 0, 10_000, 20_000, 20_000, 20_000])


def test_exports_beyond_fresh_supply_come_out_of_the_stock():
    exports = [Trade("BLR", fixed(30_000))]
    result = project(scenario(stock=100_000, made=10_000, exports=exports, months=3), draws=5, seed=1)
    assert [p.p50 for p in result.series] == pytest.approx([80_000, 60_000, 40_000])


def test_uniform_stock_percentiles_lie_within_sampling_error():
    low, high, n = 1_000_000, 3_000_000, 10_000
    result = project(scenario(stock=spread(low, 2_000_000, high, "uniform"), months=1), draws=n, seed=11)
    point = result.series[0]
    for q, got in ((0.1, point.p10), (0.25, point.p25), (0.5, point.p50), (0.75, point.p75), (0.9, point.p90)):
        standard_error = math.sqrt(q * (1 - q) / n) * (high - low)  # of a sample quantile of a uniform
        assert abs(got - (low + q * (high - low))) < 4 * standard_error


def test_uniform_consumption_gives_days_of_fire_percentiles_within_sampling_error():
    n = 10_000
    result = project(scenario(stock=3_000_000, use=spread(200_000, 300_000, 400_000, "uniform")), draws=n, seed=5)
    per_day = np.array([200_000, 400_000]) / DAYS_PER_MONTH
    # days = stock / use: its p10 is the stock over the use's p90
    want = {"p10": 3e6 / (per_day[0] + 0.9 * np.ptp(per_day)), "p90": 3e6 / (per_day[0] + 0.1 * np.ptp(per_day))}
    for key, value in want.items():
        assert getattr(result.days_of_fire, key) == pytest.approx(value, rel=0.02)


def test_same_seed_same_result_other_seed_other_result():
    s = scenario(stock=spread(1e6, 2e6, 4e6), use=spread(1e5, 2e5, 3e5), made=spread(0, 5e4, 1e5))
    first, again, other = (project(s, draws=1_000, seed=seed) for seed in (7, 7, 8))
    assert first.model_dump() == again.model_dump()
    assert first.series[5].p50 != other.series[5].p50


def test_run_without_seed_reports_the_seed_that_reproduces_it():
    s = scenario(stock=spread(1e6, 2e6, 4e6), use=spread(1e5, 2e5, 3e5))
    first = project(s, draws=500)
    assert project(s, draws=500, seed=first.seed).model_dump() == first.model_dump()


def test_widest_input_drives_the_spread_most_and_fixed_inputs_are_not_drivers():
    s = scenario(stock=spread(0, 5e6, 1e7), use=spread(9e4, 1e5, 1.1e5), made=fixed(5e4), months=24)
    drivers = project(s, draws=5_000, seed=2).drivers
    assert [d.input for d in drivers] == ["initial stock", "consumption"]
    top = drivers[0]
    assert top.rank_correlation > 0.9 and top.variance_share > 0.9
    assert top.output_at_p90 - top.output_at_p10 == pytest.approx(
        spread(0, 5e6, 1e7).range.quantile(0.9) - spread(0, 5e6, 1e7).range.quantile(0.1)
    )
    assert drivers[1].rank_correlation < 0  # more use, less stock


@pytest.mark.parametrize("draws, months", [(0, 12), (10, 0), (2_000_000, 12)])
def test_out_of_bounds_sizes_are_refused(draws, months):
    from armsledger.stockflow.errors import ModelError

    with pytest.raises(ModelError):
        project(scenario(months=months), draws=draws, seed=1)


def test_targets_share_one_attainment_draw_unless_given_their_own():
    shared = spread(0.2, 0.5, 1.0)
    targets = [Target(fixed(60_000), date(2024, 10, 1), shared), Target(fixed(100_000), date(2025, 6, 1), shared)]
    s = scenario(made=20_000, targets=targets)
    names = [name for name, _ in s.sampled()]
    assert names.count("target attainment") == 1 and not any(n.endswith("-10 attainment") for n in names)
    made = project(s, draws=2_000, seed=1).production
    # one draw a for both: production at each deadline is 20,000 + a x (target - 20,000), so the
    # percentiles keep their ratio (80,000 / 40,000 = 2) across the two deadlines
    for key in ("p10", "p50", "p90"):
        assert (getattr(made[11], key) - 20_000) / (getattr(made[3], key) - 20_000) == pytest.approx(2.0)
    own = Target(fixed(100_000), date(2025, 6, 1), spread(0.0, 0.5, 1.0), shared=False)
    names = [name for name, _ in scenario(made=20_000, targets=[targets[0], own]).sampled()]
    assert "target attainment" in names and "target 2025-06 attainment" in names
