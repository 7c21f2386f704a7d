"""Input distributions built from a low / central / high range.

Every model input is a `Range`: the ledger's estimate (or the analyst's figures) as low,
central and high, and a shape. `pert` (the default) is the beta-PERT distribution, which
puts most weight near the central value and reaches both ends; `triangular` is scipy's
`triang`; `uniform` spreads evenly between low and high (central only reported);
`fixed` is the central value with no uncertainty. A range whose low equals its high is fixed
whatever its shape. Sampling and quantiles come from scipy.stats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import stats

Shape = Literal["pert", "triangular", "uniform", "fixed"]
SHAPES: tuple[str, ...] = ("pert", "triangular", "uniform", "fixed")


@dataclass(frozen=True, slots=True)
class Range:
    """low <= central <= high, and the shape of the distribution between them."""

    low: float
    central: float
    high: float
    shape: Shape = "pert"

    def __post_init__(self) -> None:
        if not (self.low <= self.central <= self.high):
            raise ValueError(f"need low <= central <= high, got {self.low:g}, {self.central:g}, {self.high:g}")
        if self.shape not in SHAPES:
            raise ValueError(f"unknown shape {self.shape!r}; use one of {', '.join(SHAPES)}")

    @classmethod
    def point(cls, value: float) -> Range:
        return cls(value, value, value, "fixed")

    @property
    def is_fixed(self) -> bool:
        return self.shape == "fixed" or self.high == self.low

    def scaled(self, factor: float) -> Range:
        """The same range in another unit (factor > 0)."""
        return Range(self.low * factor, self.central * factor, self.high * factor, self.shape)

    def frozen(self) -> Any:
        """The scipy.stats frozen distribution (None when fixed)."""
        if self.is_fixed:
            return None
        width = self.high - self.low
        if self.shape == "uniform":
            return stats.uniform(loc=self.low, scale=width)
        if self.shape == "triangular":
            return stats.triang(c=(self.central - self.low) / width, loc=self.low, scale=width)
        a = 1 + 4 * (self.central - self.low) / width
        b = 1 + 4 * (self.high - self.central) / width
        return stats.beta(a, b, loc=self.low, scale=width)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """`n` draws; a fixed range repeats its central value (and consumes no randomness)."""
        dist = self.frozen()
        if dist is None:
            return np.full(n, float(self.central))
        return np.asarray(dist.rvs(size=n, random_state=rng), dtype=float)

    def quantile(self, q: float) -> float:
        """The value below which a share `q` of the distribution lies."""
        dist = self.frozen()
        return float(self.central) if dist is None else float(dist.ppf(q))
