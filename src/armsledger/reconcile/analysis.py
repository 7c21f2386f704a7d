"""One claim, read for an estimate: its role, its interval in the estimate's unit, and whether it
may count (or why it is discounted)."""

from __future__ import annotations

from dataclasses import dataclass

from armsledger.reconcile.cumulative import RoleCue, classify
from armsledger.reconcile.errors import ConversionError
from armsledger.reconcile.explain import ClaimStatus, ClaimUse
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import Interval, claim_interval
from armsledger.reconcile.refdata import Reference
from armsledger.reconcile.units.loading import CalibreMix, LoadingModel, loading_model


@dataclass(slots=True)
class Analysed:
    """A claim with its role, its interval (converted to items when `loading` is set) and status."""

    rc: ReconcileClaim
    role: RoleCue | None
    interval: Interval | None
    loading: LoadingModel | None
    status: ClaimStatus | None  # None while the claim is a candidate for the estimate
    reason: str

    @property
    def weight(self) -> float:
        return self.interval.weight if self.interval else 0.0

    def use(self, status: ClaimStatus, reason: str, weight: float | None = None) -> ClaimUse:
        """The claim as an explanation line."""
        rc, q, iv = self.rc, self.rc.claim.quantity, self.interval
        stated = None
        if q is not None:
            stated = q.text or f"{q.value:g}"
            stated += f" [{q.qualifier}, {q.unit}{'/' + q.per if q.per else ''}]"
        # Built without re-validation: every field comes from validated claims and computed floats.
        return ClaimUse.model_construct(
            claim_id=rc.claim_id, doc=rc.doc_id, published=rc.published, source=rc.source_key, grade=rc.grade,
            role=self.role.role if self.role else None, cue=self.role.cue if self.role else None, stated=stated,
            unit=q.unit if q else None, low=iv.low if iv else None, central=iv.central if iv else None,
            high=iv.high if iv else None, weight=round(self.weight if weight is None else weight, 6),
            status=status, reason=reason, evidence=rc.claim.evidence.text,
        )


def _discount(rc: ReconcileClaim, ref: Reference) -> tuple[ClaimStatus, str] | None:
    c = rc.claim
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
    if rc.grade in ref.intervals.discount_grades:
        return "low_grade", f"source graded {rc.grade} (discounted grades: {', '.join(ref.intervals.discount_grades)})"
    return None


def analyse(rc: ReconcileClaim, ref: Reference, *, convert_to_items: bool = False,
            mix: CalibreMix | None = None) -> Analysed:
    """Read one claim for an estimate; with `convert_to_items`, carriers and tonnes become items."""
    discounted = _discount(rc, ref)
    if rc.claim.quantity is None:
        discounted = discounted or ("no_quantity", "states no quantity")
        return Analysed(rc, None, None, None, *discounted)
    role = classify(rc.claim, ref)
    interval = claim_interval(rc.claim, rc.grade, ref)
    loading = None
    if convert_to_items:
        q = rc.claim.quantity
        assert q is not None
        try:
            loading = loading_model(rc.claim.item, q.unit, ref, calibre=rc.claim.caliber_mm, mix=mix)
        except ConversionError as exc:
            return Analysed(rc, role, interval, None, "unconverted", str(exc))
        interval = interval.scaled(*loading.per_carrier)
    if discounted:
        return Analysed(rc, role, interval, loading, *discounted)
    if role.role == "rate":
        return Analysed(rc, role, interval, loading, "rate", f"a rate per {role.per}: kept apart from totals")
    return Analysed(rc, role, interval, loading, None, "")
