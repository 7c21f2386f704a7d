"""The explanation of an estimate in words an analyst reads in ten seconds: the value and its range,
the reports behind it, what was set aside, whether it was held or fell and why, its floor, and
what was not counted."""

from __future__ import annotations

from armsledger.reconcile.explain import Estimate, FlowKey
from armsledger.reconcile.fusion import short
from armsledger.reconcile.refdata import Reference
from armsledger.reconcile.series import SweepState, overruled_why

_COUNTED = {
    "superseded": "superseded by their source's later report",
    "expired": "aged out",
    "alternative": "alternatives within a report",
    "outlier": "outliers",
    "floor": "floors (periods, vague amounts)",
    "duplicate": "syndicated copies",
    "denied": "denials",
    "committed": "commitments",
    "target": "targets or capacities",
    "interdicted": "interdicted shipments",
    "low_grade": "from low-grade sources",
    "no_quantity": "without a figure",
    "rate": "rates (kept apart)",
    "unconverted": "not convertible",
    "conversion_unused": "conversions not needed",
}


SHOWN = 5


def unit_words(flow: FlowKey) -> str:
    """How the estimate's unit reads: "artillery shells", "containers", "tonnes"."""
    if flow.unit_family == "count":
        return flow.item.replace("_", " ") + "s"
    return (flow.unit_family or "items").replace("_", " ") + ("" if (flow.unit_family or "").endswith("s") else "s")


def explanation(result: Estimate, state: SweepState, flow: FlowKey, window: int, ref: Reference) -> list[str]:
    """A few sentences: value, reports behind it, outliers, hold or fall, floor, what was not counted."""
    if result.central is None:
        return [
            f"No estimate: no report gives a figure for {flow.label()}"
            + (f" published by {result.as_of}." if result.as_of else ".")
        ]
    when = result.as_of or (result.series[-1].date if result.series else None)
    headline = (
        f"About {short(result.central)} {unit_words(flow)} (range {short(result.low or 0)}–"
        f"{short(result.high or 0)}) as of {when}; credibility {result.credibility}: "
        f"{result.credibility_reason}."
    )
    lines = [headline]
    fused = state.fused
    if fused is not None and fused.inliers:
        heaviest = sorted(fused.inliers, key=lambda r: -r.weight)
        lines.append(
            f"Fused from {len(fused.inliers)} current independent report(s) (within {window} days of the "
            "newest), weighted by hedge, source grade and kind of figure: "
            + "; ".join(f"{r.describe()}, weight {r.weight:.2f}" for r in heaviest[:SHOWN])
            + (f"; and {len(heaviest) - SHOWN} more" if len(heaviest) > SHOWN else "")
            + "."
        )
        for r in fused.outliers:
            agree = sum(1 for o in fused.inliers if o.holds(fused.median))
            lines.append(
                f"Outlier set aside: {r.describe()}; its range {short(r.low)}–{short(r.high)} does not "
                f"hold {short(fused.median)}, where {agree} independent reports agree."
            )
    if result.series and result.series[-1].note:
        lines.append(result.series[-1].note[0].upper() + result.series[-1].note[1:] + ".")
    if state.low_floor is not None:
        lines.append(f"Floor: at least {short(state.low_floor.value)} ({state.low_floor.what}).")
    for floor, below in state.overruled[-3:]:
        lines.append(f"Floor set aside: {short(floor.value)} from {floor.what}; {overruled_why(below)}.")
    other = {k: v for k, v in result.discounted_counts.items() if v}
    if other:
        lines.append(
            "Not counted: "
            + ", ".join(f"{n} {_COUNTED.get(k, k)}" for k, n in sorted(other.items(), key=lambda kv: -kv[1]))
            + "."
        )
    if "loading" in result.assumptions and any(u.figure == "carrier" for u in result.used):
        lines.append(f"Carriers converted at {result.assumptions['loading']}.")
    return lines


def range_note(result: Estimate, state: SweepState) -> str | None:
    """Why low, central and high coincide, when they do (a range that is one number needs a reason)."""
    if result.central is None or result.low is None or result.high is None:
        return None
    if abs(result.high - result.low) > 1e-9 * max(abs(result.central), 1.0):
        return None
    if state.floor is not None and abs(state.floor - result.central) < 1e-9 * max(result.central, 1.0):
        return (
            f"Low, central and high are all {short(result.central)}: the floor lifts the whole range "
            "(no current report reaches above it)."
        )
    return (
        f"Low, central and high are all {short(result.central)}: every report behind it states an exact "
        "bound with no spread."
    )
