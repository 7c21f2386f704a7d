"""One claim read for an estimate, as an object: what explanation lines, contradictions and the tests
take. An estimate keeps its claims in columns (columns.py) and builds these only for the claims it shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from armsledger.model import Quantity
from armsledger.reconcile.cumulative import RoleCue
from armsledger.reconcile.explain import ClaimStatus, ClaimUse
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import Interval
from armsledger.reconcile.units.loading import LoadingModel

Figure = Literal["count", "carrier", "capacity"]
Bound = Literal["floor", "ceiling"] | None
BOUNDS: dict[str, Literal["floor", "ceiling"]] = {"at_least": "floor", "at_most": "ceiling"}


@dataclass(slots=True, init=False)
class Analysed:
    """A claim read for an estimate. `source` and `dated` are set once the claims of a flow are
    seen together (statements.py): the canonical source key, and the day the figure was stated."""

    rc: ReconcileClaim
    role: RoleCue | None
    interval: Interval | None
    loading: LoadingModel | None
    status: ClaimStatus | None  # None while the claim is a candidate for the estimate
    reason: str
    figure: Figure
    source: str
    source_label: str
    dated: date | None
    # Read once from the claim (the sweep and the reports compare them many times; plain slots are
    # several times cheaper to reach than the fields of the claim's nested models).
    claim_id: str
    published: date
    value: float | None
    value_high: float | None
    unit: str | None
    caliber: int | None
    bound: Literal["floor", "ceiling"] | None  # a one-sided count ("more than", "up to"): `fusion.bound_of`

    def __init__(
        self,
        rc: ReconcileClaim,
        role: RoleCue | None,
        interval: Interval | None,
        loading: LoadingModel | None,
        status: ClaimStatus | None,
        reason: str,
        figure: Figure,
        source: str,
        source_label: str,
        published: date,
        dated: date | None,
        quantity: Quantity | None,
        caliber: int | None,
    ) -> None:
        # (written out rather than generated: one per claim; the reader passes the claim's quantity and
        # calibre it has read already)
        self.rc = rc
        self.role = role
        self.interval = interval
        self.loading = loading
        self.status = status
        self.reason = reason
        self.figure = figure
        self.source = source
        self.source_label = source_label
        self.dated = dated
        self.claim_id = rc.claim_id
        self.published = published
        self.caliber = caliber
        if quantity is None:
            self.value = self.value_high = self.unit = self.bound = None
        else:
            q = quantity.__dict__  # (a pydantic attribute costs several times a dict item)
            self.value, self.value_high, self.unit = q["value"], q["value_high"], q["unit"]
            self.bound = BOUNDS.get(q["qualifier"]) if figure == "count" else None

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
