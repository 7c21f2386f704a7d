"""One claim, read for an estimate: its role, the kind of figure it is, its interval in the
estimate's unit, and whether it may count (or why it is discounted).

Kinds of figure (data/fusion.yaml weighs them):
- `count`: a count of the items themselves;
- `carrier`: containers, rail cars, sailings or tonnes, converted to items by the loading model
  (carriers of a broader item, "containers of munitions", for the share that is the flow's item);
- `capacity`: an item count the source converted itself ("could hold 6 million", "enough for",
  "if calculated as") - what the carriers could carry, not what was shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from armsledger.reconcile.cumulative import RoleCue, classify, quantity_span
from armsledger.reconcile.errors import ConversionError
from armsledger.reconcile.explain import ClaimStatus, ClaimUse
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import (
    Interval,
    claim_interval,
    qualifier_multipliers,
)
from armsledger.reconcile.refdata import Range3, Reference, WordRule
from armsledger.reconcile.units.loading import CalibreMix, LoadingModel, loading_model

Figure = Literal["count", "carrier", "capacity"]


@dataclass(slots=True)
class Analysed:
    """A claim read for an estimate. `source` and `dated` are set once the claims of a flow are
    seen together (statements.py): the canonical source key, and the day the figure was stated."""

    rc: ReconcileClaim
    role: RoleCue | None
    interval: Interval | None
    loading: LoadingModel | None
    status: ClaimStatus | None  # None while the claim is a candidate for the estimate
    reason: str
    figure: Figure = "count"
    source: str = ""
    source_label: str = ""
    dated: date | None = None

    @property
    def weight(self) -> float:
        return self.interval.weight if self.interval else 0.0

    @property
    def day(self) -> date:
        """The day the figure was stated (its publication date until statements are known)."""
        return self.dated or self.rc.published

    def use(self, status: ClaimStatus, reason: str, weight: float | None = None) -> ClaimUse:
        """The claim as an explanation line."""
        rc, q, iv = self.rc, self.rc.claim.quantity, self.interval
        stated = None
        if q is not None:
            stated = q.text or f"{q.value:g}"
            stated += f" [{q.qualifier}, {q.unit}{'/' + q.per if q.per else ''}]"
        # Built without re-validation: every field comes from validated claims and computed floats.
        return ClaimUse.model_construct(
            claim_id=rc.claim_id,
            doc=rc.doc_label,
            published=rc.published,
            stated_on=self.day,
            source=self.source_label or rc.source_key,
            grade=rc.grade,
            role=self.role.role if self.role else None,
            cue=self.role.cue if self.role else None,
            figure=self.figure,
            stated=stated,
            unit=q.unit if q else None,
            low=iv.low if iv else None,
            central=iv.central if iv else None,
            high=iv.high if iv else None,
            weight=round(self.weight if weight is None else weight, 6),
            status=status,
            reason=reason,
            evidence=rc.claim.evidence.text,
        )


def _discount(rc: ReconcileClaim, ref: Reference) -> tuple[ClaimStatus, str] | None:
    c = rc.claim
    if (
        not rc.duplicate_of
        and c.polarity == "affirmed"
        and c.status == "actual"
        and c.quantity is not None
        and (rc.grade is None or rc.grade not in ref.intervals.discount_grades)
    ):
        return None  # the common case, decided at once
    if rc.duplicate_of:
        return "duplicate", f"near-duplicate (syndicated copy) of {rc.duplicate_of}"
    if c.polarity == "denied":
        return "denied", "the source denies it"
    if c.quantity is None:
        return "no_quantity", "states no quantity"
    if c.status == "committed":
        return "committed", "a commitment, not a delivery"
    if c.status == "target":
        return "target", "a target or plan, not a delivery"
    if c.status == "capacity":
        return "target", "a production capacity, not a delivery"
    if c.status == "interdicted":
        return "interdicted", "seized or stopped on its way, not delivered"
    if rc.grade in ref.intervals.discount_grades:
        return "low_grade", f"source graded {rc.grade} (discounted grades: {', '.join(ref.intervals.discount_grades)})"
    return None


def is_capacity(rc: ReconcileClaim, ref: Reference) -> bool:
    """Whether an item count is the source's own conversion of carriers ("could hold 6 million")."""
    claim, q = rc.claim, rc.claim.quantity
    if q is None or q.unit != "item":
        return False
    span = quantity_span(claim)
    before = "" if span is None else claim.evidence.text[max(0, span[0] - ref.fusion.capacity.window_chars) : span[0]]
    return _capacity_in(before, tuple(claim.cues), ref)


def _capacity_in(before: str, cues: tuple[str, ...], ref: Reference) -> bool:
    pattern = ref.capacity_pattern()
    return bool(cues and pattern.search(" ".join(cues))) or pattern.search(before) is not None


@dataclass(frozen=True, slots=True)
class _Windows:
    """How far around a quantity its context is read (from the reference data), and the cache."""

    reach: int
    role: int
    capacity: int
    cache: dict


def _windows(ref: Reference) -> _Windows:
    memo = ref.memo("windows")
    found = memo.get("w")
    if found is None:
        cap, role = ref.fusion.capacity.window_chars, ref.cues.window_chars
        found = memo["w"] = _Windows(max(cap, role), role, cap, {})
    return found


def _context(rc: ReconcileClaim, ref: Reference, item_count: bool) -> tuple[RoleCue, bool]:
    """(role, capacity) of a claim's quantity, read from the words around it. Claims of one sentence
    and claims worded alike share the answer, so it is cached on those words."""
    claim = rc.claim
    q = claim.quantity
    assert q is not None
    w = _windows(ref)
    text, words = claim.evidence.text, q.text
    at = text.find(words) if words else -1
    if at < 0 and words:
        at = text.lower().find(words.lower())
    if at < 0:
        before, after = "", text
    else:
        end = at + len(words)
        before, after = text[max(0, at - w.reach) : at], text[end : end + w.role]
    cues = tuple(claim.cues) if item_count and claim.cues else ()
    key = (before, after, at >= 0, q.per, item_count, cues)
    found = w.cache.get(key)
    if found is None:
        if len(w.cache) > CONTEXT_CACHE:
            w.cache.clear()
        role = classify(claim, ref)
        capacity = item_count and _capacity_in(before[-w.capacity :], cues, ref)
        found = w.cache[key] = (role, capacity)
    return found


CONTEXT_CACHE = 100_000


def _loading(item: str, unit: str, calibre: int | None, mix: CalibreMix | None, ref: Reference) -> LoadingModel:
    cache = ref.memo("loading")
    key = (item, unit, calibre, tuple(sorted(mix.items())) if mix else None)
    found = cache.get(key)
    if found is None:
        found = cache[key] = loading_model(item, unit, ref, calibre=calibre, mix=mix)
    return found


def _scale_share(interval: Interval, share: Range3) -> Interval:
    return interval.scaled(share.low, share.central, share.high)


def analyse(
    rc: ReconcileClaim,
    ref: Reference,
    *,
    convert_to_items: bool = False,
    mix: CalibreMix | None = None,
    item: str | None = None,
    share: Range3 | None = None,
) -> Analysed:
    """Read one claim for an estimate. With `convert_to_items`, carriers and tonnes become items of
    `item` (default the claim's own), and `share` is the part of a broader carrier that is that item."""
    discounted = _discount(rc, ref)
    q = rc.claim.quantity
    if q is None:
        return Analysed(rc, None, None, None, *(discounted or ("no_quantity", "states no quantity")))
    role, capacity = _context(rc, ref, not convert_to_items and q.unit == "item")
    mult = qualifier_multipliers(rc.claim, ref.intervals)
    if isinstance(mult[0], WordRule) and mult[0].floor_only and role.role == "total":
        role = RoleCue("floor", None, mult[1].removeprefix("word ").strip("'"))
    figure: Figure = "carrier" if convert_to_items else "capacity" if capacity else "count"
    interval = claim_interval(
        rc.claim, rc.grade, ref, capacity=capacity, multipliers=mult, factor=getattr(ref.fusion.figure_weights, figure)
    )
    loading = None
    if convert_to_items:
        try:
            loading = _loading(item or rc.claim.item, q.unit, rc.claim.caliber_mm, mix, ref)
        except ConversionError as exc:
            return Analysed(rc, role, interval, None, "unconverted", str(exc), figure)
        interval = interval.scaled(*loading.per_carrier)
        if share is not None:
            interval = _scale_share(interval, share)
    if discounted:
        return Analysed(rc, role, interval, loading, *discounted, figure)
    if role.role == "rate":
        return Analysed(rc, role, interval, loading, "rate", f"a rate per {role.per}: kept apart from totals", figure)
    return Analysed(rc, role, interval, loading, None, "", figure)
