"""Hand-built scenarios and claims files for the model tests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.stockflow import Origin, Quantity, Range, Scenario, Target, Trade

HAND = Origin("scenario", "test")


def fixed(value: float) -> Quantity:
    return Quantity(Range.point(value), HAND)


def spread(low: float, central: float, high: float, shape: str = "pert") -> Quantity:
    return Quantity(Range(low, central, high, shape), HAND)  # type: ignore[arg-type]


def scenario(
    *,
    stock: Quantity | float = 0.0,
    use: Quantity | float = 0.0,
    made: Quantity | float = 0.0,
    months: int = 12,
    start: date = date(2024, 7, 1),
    targets: list[Target] | None = None,
    imports: list[Trade] | None = None,
    exports: list[Trade] | None = None,
) -> Scenario:
    """A scenario of RUS artillery shells; plain numbers are fixed inputs (rates per month)."""

    def q(v: Quantity | float) -> Quantity:
        return v if isinstance(v, Quantity) else fixed(v)

    return Scenario(
        actor="RUS",
        item="artillery_shell",
        start=start,
        months=months,
        as_of=None,
        initial_stock=q(stock),
        consumption=q(use),
        production=q(made),
        targets=targets or [],
        imports=imports or [],
        exports=exports or [],
    )


def write_claims(path: Path, claims: list[ReconcileClaim]) -> Path:
    """A JSON Lines claims file as `armsledger extract --format jsonl` prints it, with `published`."""
    lines = [
        json.dumps({**rc.claim.model_dump(mode="json"), "published": rc.published.isoformat(), "claim_id": rc.claim_id})
        for rc in claims
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
