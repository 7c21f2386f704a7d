"""Input distributions from low / central / high: shapes, validation, sampling."""

from __future__ import annotations

import numpy as np
import pytest

from armsledger.stockflow import Range


@pytest.mark.parametrize(
    "shape, mean",
    [
        ("pert", (1 + 4 * 2 + 6) / 6),
        ("triangular", (1 + 2 + 6) / 3),
        ("uniform", (1 + 6) / 2),
    ],
)
def test_sample_mean_matches_the_shape_within_sampling_error(shape, mean):
    draws = Range(1, 2, 6, shape).sample(20_000, np.random.default_rng(0))
    assert draws.min() >= 1 and draws.max() <= 6
    assert abs(draws.mean() - mean) < 4 * draws.std() / np.sqrt(draws.size)


@pytest.mark.parametrize("rng", [Range(5, 5, 5, "pert"), Range(1, 3, 9, "fixed")])
def test_fixed_or_degenerate_range_always_gives_its_central_value(rng):
    assert set(rng.sample(100, np.random.default_rng(0))) == {rng.central}
    assert rng.quantile(0.1) == rng.quantile(0.9) == rng.central


def test_pert_quantiles_are_ordered_and_inside_the_range():
    r = Range(100, 150, 400)
    q = [r.quantile(p) for p in (0.1, 0.5, 0.9)]
    assert 100 < q[0] < q[1] < q[2] < 400


@pytest.mark.parametrize("low, central, high, shape", [(5, 4, 6, "pert"), (1, 2, 3, "normal")])
def test_bad_ranges_are_refused(low, central, high, shape):
    with pytest.raises(ValueError):
        Range(low, central, high, shape)
