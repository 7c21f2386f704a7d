"""The cumulative estimate over time: one sweep over a flow's claims in publication order.

Rules (docs/reconcile.md, "Estimates over time"):
- A running total counts while it is current: published within `window_days` of the latest
  running total. Older totals are superseded; so is a source's total once the same source
  publishes a later one. Superseded totals are never added to later ones.
- Current totals vote with their weight; the claims of one source on one date (alternatives
  joined by "or", the same statement in two documents) share one vote.
- A running total cannot fall: a credible superseded total (weight >= floor_min_weight) or an
  increment fixes a floor under the low end and the central value.
- Increments are floors, never summed. With no running total yet, the largest increment
  stands in for the total so far.
The sweep is linear in the number of claims, so the whole series costs what one estimate does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armsledger.reconcile.analysis import Analysed


@dataclass(slots=True)
class _Group:
    date: date
    members: list[Analysed]


@dataclass(frozen=True, slots=True)
class Point:
    date: date
    low: float
    central: float
    high: float
    claims: int


@dataclass(slots=True)
class SweepState:
    """Where the sweep stands after the last date: what is current, superseded, and the floor."""

    groups: dict[str, _Group] = field(default_factory=dict)
    latest_total: date | None = None
    floor: float | None = None
    floor_claim: Analysed | None = None
    best_increment: Analysed | None = None
    superseded: dict[str, tuple[Analysed, str]] = field(default_factory=dict)
    increments: list[Analysed] = field(default_factory=list)

    def used(self) -> list[tuple[Analysed, float, str]]:
        """The claims the current estimate uses, with their effective weight and why."""
        out = []
        for group in self.groups.values():
            n = len(group.members)
            for a in group.members:
                why = f"current running total (published {a.rc.published})"
                if n > 1:
                    why += f"; shares one vote with {n - 1} other claim(s) of the same source that day"
                out.append((a, a.weight / n, why))
        if not out and self.best_increment is not None:
            out.append((self.best_increment, self.best_increment.weight,
                        "largest increment so far, standing in for the total (no running total yet)"))
        return out


def _supersede(state: SweepState, a: Analysed, reason: str, min_weight: float) -> None:
    state.superseded[a.rc.claim_id] = (a, reason)
    _raise_floor(state, a, min_weight)


def _raise_floor(state: SweepState, a: Analysed, min_weight: float) -> None:
    iv = a.interval
    if iv is not None and a.weight >= min_weight and (state.floor is None or iv.low > state.floor):
        state.floor, state.floor_claim = iv.low, a


def _arrive(state: SweepState, a: Analysed, window_days: int, min_weight: float) -> None:
    day = a.rc.published
    if a.role is not None and a.role.role == "increment":
        state.increments.append(a)
        _raise_floor(state, a, min_weight)
        best = state.best_increment
        if best is None or a.interval.central > best.interval.central:  # type: ignore[union-attr]
            state.best_increment = a
        return
    group = state.groups.get(a.rc.source_key)
    if group is not None and group.date < day:
        for old in group.members:
            _supersede(state, old, f"superseded by the same source's later report {a.rc.claim_id}", min_weight)
        group = None
    if group is None:
        state.groups[a.rc.source_key] = _Group(day, [a])
    else:
        group.members.append(a)
    if state.latest_total is None or day > state.latest_total:
        state.latest_total = day


def _expire(state: SweepState, window_days: int, min_weight: float, latest_id: str) -> None:
    if state.latest_total is None:
        return
    for key in [k for k, g in state.groups.items() if (state.latest_total - g.date).days > window_days]:
        for old in state.groups.pop(key).members:
            _supersede(state, old, f"superseded: more than {window_days} days older than the latest running total "
                                   f"({latest_id}, {state.latest_total})", min_weight)


def _point(state: SweepState, day: date) -> Point | None:
    used = state.used()
    if not used:
        return None
    total_w = sum(w for _, w, _ in used)
    if total_w <= 0:
        total_w, used = float(len(used)), [(a, 1.0, r) for a, _, r in used]
    low = sum(a.interval.low * w for a, w, _ in used) / total_w  # type: ignore[union-attr]
    central = sum(a.interval.central * w for a, w, _ in used) / total_w  # type: ignore[union-attr]
    high = sum(a.interval.high * w for a, w, _ in used) / total_w  # type: ignore[union-attr]
    # A weighted mean lies within its inputs; clamping removes floating-point drift past them.
    centrals = [a.interval.central for a, _, _ in used]  # type: ignore[union-attr]
    central = min(max(central, min(centrals)), max(centrals))
    low, high = min(low, central), max(high, central)
    if state.floor is not None:
        low = max(low, state.floor)
    central = max(central, low)
    return Point(day, low, central, max(high, central), len(used))


def sweep(candidates: list[Analysed], *, window_days: int, floor_min_weight: float) -> tuple[list[Point], SweepState]:
    """The series of cumulative estimates, one point per publication date, and the final state.
    `candidates` are totals and increments in one unit, all published up to the as-of date."""
    ordered = sorted(candidates, key=lambda a: (a.rc.published, a.rc.claim_id))
    state = SweepState()
    points: list[Point] = []
    i = 0
    while i < len(ordered):
        day = ordered[i].rc.published
        latest_id = ""
        while i < len(ordered) and ordered[i].rc.published == day:
            _arrive(state, ordered[i], window_days, floor_min_weight)
            if ordered[i].role is None or ordered[i].role.role != "increment":
                latest_id = ordered[i].rc.claim_id
            i += 1
        if latest_id:
            _expire(state, window_days, floor_min_weight, latest_id)
        point = _point(state, day)
        if point is not None:
            points.append(point)
    return points, state
