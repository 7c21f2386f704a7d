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

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from armsledger.model import Quantity
from armsledger.reconcile.cumulative import RoleCue, classify, quantity_span
from armsledger.reconcile.errors import ConversionError
from armsledger.reconcile.explain import ClaimStatus, ClaimUse
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.intervals import (
    Interval,
    qualifier_multipliers,
    weighting,
)
from armsledger.reconcile.refdata import Multipliers, Range3, Reference, SourceRules, WordRule
from armsledger.reconcile.sources import SourcePair, SourceResolver
from armsledger.reconcile.statements import stated_day
from armsledger.reconcile.units.loading import CalibreMix, LoadingModel, loading_model

Figure = Literal["count", "carrier", "capacity"]
_BOUNDS: dict[str, Literal["floor", "ceiling"]] = {"at_least": "floor", "at_most": "ceiling"}
_new_interval = tuple.__new__  # `Interval(...)` without its generated Python `__new__`


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
            self.bound = _BOUNDS.get(q["qualifier"]) if figure == "count" else None

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


@dataclass(slots=True)
class FlowRead:
    """A flow's claims read for an estimate, with what the estimate takes from them in the same pass:
    `by_day`, the candidates for the sweep (no status) by publication day, each day's as (those stated
    that day, those stated on another day), in the order read; the others, given a status when read
    (discounted, rates, unconverted), in order; and whether any carrier count is an increment (only then
    do statements matter: `estimate`)."""

    analysed: list[Analysed]
    by_day: dict[date, tuple[list[Analysed], list[Analysed]]]
    set_apart: list[Analysed]
    carrier_increments: bool


CONTEXT_CACHE = 100_000
_Shape = tuple[float, float, float, float, float, float, tuple[str, ...], "str | None"]


class ClaimReader:
    """Reads claims for an estimate: the reference data's rules are looked up once, and the answers
    that depend only on words (the role and capacity cues around a quantity, a qualifier word) are
    cached on those words, so claims of one sentence and claims worded alike are read once.
    One reader serves every estimate with the same reference data, calibre mix and item (`reader`)."""

    __slots__ = (
        "capacity_chars",
        "capacity_multipliers",
        "contexts",
        "factors",
        "item",
        "mix",
        "reach",
        "ref",
        "role_chars",
        "shapes",
    )

    def __init__(self, ref: Reference, mix: CalibreMix | None, item: str | None) -> None:
        self.ref, self.mix, self.item = ref, mix, item
        self.capacity_chars, self.role_chars = ref.fusion.capacity.window_chars, ref.cues.window_chars
        self.reach = max(self.capacity_chars, self.role_chars)
        weights = ref.fusion.figure_weights
        self.factors = {"count": weights.count, "carrier": weights.carrier, "capacity": weights.capacity}
        self.capacity_multipliers = ref.fusion.capacity.multipliers
        self.contexts: dict[tuple, tuple[RoleCue, bool]] = ref.memo("contexts")
        self.shapes: dict[tuple, _Shape] = {}

    def _shape(
        self, mult: tuple[Multipliers, str], hedged: bool, certainty: str | None, grade: str | None, figure: Figure
    ) -> _Shape:
        """What a quantity's interval takes from its qualifier, hedge, grade and kind of figure: (the
        qualifier's low, central and high multipliers, the widening of the low and high ends, the weight,
        the rules applied, the cue of a word that makes the amount only a floor or None)."""
        rule, qual_rule = mult
        weight, widen, hedge_rule, grade_rule = weighting(hedged, certainty, grade, self.ref)
        applied: tuple[str, ...] = (qual_rule, hedge_rule, grade_rule)
        if figure == "capacity":
            applied += ("capacity",)
        floor_cue = None
        if isinstance(rule, WordRule) and rule.floor_only:
            floor_cue = qual_rule.removeprefix("word ").strip("'")
        return (
            rule.low,
            rule.central,
            rule.high,
            1 - widen,
            1 + widen,
            weight * self.factors[figure],
            applied,
            floor_cue,
        )

    def read(self, rc: ReconcileClaim, convert_to_items: bool = False, share: Range3 | None = None) -> Analysed:
        """One claim read for an estimate (see `analyse`)."""
        return self.read_all(((rc, convert_to_items, share),))[0]

    def read_all(
        self,
        selected: Iterable[tuple[ReconcileClaim, bool, Range3 | None]],
        sources: SourceRules | None = None,
    ) -> list[Analysed]:
        """Claims read for an estimate, in order: (claim, convert its carriers to items, the share of a
        broader carrier that is the flow's item) each. With `sources` (the rules of source names), each
        one's source (its key and label: sources.py) and the day its figure was stated are set too."""
        return self._read(selected, sources, None).analysed

    def read_flow(
        self, selected: Iterable[tuple[ReconcileClaim, bool, Range3 | None]], sources: SourceRules
    ) -> FlowRead:
        """`read_all` with sources, plus what the estimate takes from the claims in the same pass (`FlowRead`)."""
        return self._read(selected, sources, FlowRead([], {}, [], False))

    def _read(
        self,
        selected: Iterable[tuple[ReconcileClaim, bool, Range3 | None]],
        sources: SourceRules | None,
        flow: FlowRead | None,
    ) -> FlowRead:
        """`read_all`, and with `flow` (which needs `sources`) its candidates by day, rates and carriers.

        One loop with the per-claim steps written out (an estimate reads 100,000 claims; calls and
        pydantic attribute reads were most of its time): the models' fields are read from their
        `__dict__`, and what depends only on words is looked up in the reader's caches."""
        ref = self.ref
        intervals = ref.intervals
        discount_grades = intervals.discount_grades
        contexts, shapes = self.contexts, self.shapes
        reach, role_chars, capacity_chars = self.reach, self.role_chars, self.capacity_chars
        cap = self.capacity_multipliers
        capacity_low, capacity_central, capacity_high = cap.low, cap.central, cap.high
        out: list[Analysed] = [] if flow is None else flow.analysed
        append = out.append
        new_analysed = object.__new__
        by_day = flow.by_day if flow is not None else None
        set_apart = flow.set_apart if flow is not None else []
        carrier_increments = False
        days: dict[date, date] = {}
        # each claim's source as a small int: the index of its (name, organisation) among the distinct
        # ones, which are resolved once each (-1: no named source)
        source_ids: dict[SourcePair, int] = {}
        sids: list[int] = []
        sid_of = sids.append
        firsts: list[ReconcileClaim] = []  # the first claim of each distinct source, in order
        for rc, convert, share in selected:
            claim = rc.claim
            c = claim.__dict__
            q = c["quantity"]
            grade = rc.grade
            published, dated = rc.published, None
            if sources is not None:
                src = c["source"]
                if src is None:
                    sid_of(-1)
                else:
                    sd = src.__dict__
                    pair = (sd["name"], sd["org"])
                    sid = source_ids.get(pair)
                    if sid is None:
                        sid = source_ids[pair] = len(source_ids)
                        firsts.append(rc)
                    sid_of(sid)
                # one date object per day (the sweep orders, hashes and compares them many times)
                published = days.setdefault(published, published)
                dated = published
                if c["said_on"]:
                    said = stated_day(rc)
                    dated = days.setdefault(said, said)
            if (
                q is not None
                and not rc.duplicate_of
                and c["polarity"] == "affirmed"
                and c["status"] == "actual"
                and (grade is None or grade not in discount_grades)
            ):
                discounted = None  # the common case, decided at once (as `_discount` decides it)
            else:
                discounted = _discount(rc, ref)
                if q is None:
                    why = discounted or ("no_quantity", "states no quantity")
                    a = Analysed(rc, None, None, None, *why, "count", "", "", published, dated, None, c["caliber_mm"])
                    append(a)
                    set_apart.append(a)
                    continue
            qd = q.__dict__
            unit, words, qualifier = qd["unit"], qd["text"], qd["qualifier"]
            item_count = not convert and unit == "item"
            # the role and capacity cues around the quantity, cached on those words
            text = c["evidence"].__dict__["text"]
            at = text.find(words) if words else -1
            if at < 0 and words:
                at = text.lower().find(words.lower())
            if at < 0:
                before, after = "", text
            else:
                end = at + len(words)
                before, after = text[max(0, at - reach) : at], text[end : end + role_chars]
            cues = tuple(c["cues"]) if item_count and c["cues"] else ()
            key = (before, after, at >= 0, qd["per"], item_count, cues)
            found = contexts.get(key)
            if found is None:
                if len(contexts) > CONTEXT_CACHE:
                    contexts.clear()
                capacity = item_count and _capacity_in(before[-capacity_chars:], cues, ref)
                found = contexts[key] = (classify(claim, ref), capacity)
            role, capacity = found
            figure: Figure = "carrier" if convert else "capacity" if capacity else "count"
            # The quantity's shape: its qualifier's multipliers, hedge and grade weighting and kind of figure,
            # looked up once per combination (a quantity in digits only has no qualifier word to look for).
            if words.lower() != words.upper():
                mult = qualifier_multipliers(claim, intervals)
                skey: tuple = (id(mult[0]), mult[1], c["hedged"], c["certainty"], grade, figure)
            else:
                mult = None
                skey = (qualifier, c["hedged"], c["certainty"], grade, figure)
            shape = shapes.get(skey)
            if shape is None:
                if mult is None:
                    mult = qualifier_multipliers(claim, intervals)
                shape = shapes[skey] = self._shape(mult, skey[-4], skey[-3], grade, figure)
            m_low, m_central, m_high, widen_low, widen_high, weight, applied, floor_cue = shape
            if floor_cue is not None and role.role == "total":
                role = RoleCue("floor", None, floor_cue)
            # the quantity as an interval (`intervals.quantity_interval`, written out in the same order)
            # (a factor of 1.0 is skipped: x * 1.0 is x exactly, and most claims' factors are 1.0, so
            # most intervals share the claim's own float objects instead of allocating new ones)
            value = qd["value"]
            if qualifier == "range" and qd["value_high"] is not None:
                lo_v, hi_v = sorted((value, qd["value_high"]))
                low, high = lo_v * m_low, hi_v * m_high
                central = (lo_v + hi_v) / 2 * m_central
            else:
                low = value if m_low == 1.0 else value * m_low
                central = value if m_central == 1.0 else value * m_central
                high = value if m_high == 1.0 else value * m_high
            if widen_low != 1.0:
                low *= widen_low
            if widen_high != 1.0:
                high *= widen_high
            if capacity:
                low, central, high = low * capacity_low, central * capacity_central, high * capacity_high
            # (`min(low, central)` and `max(high, central)` written out: they return the first unless the
            # second is strictly beyond it)
            interval = _new_interval(
                Interval,
                (central if central < low else low, central, central if central > high else high, weight, applied),
            )
            loading = None
            status: ClaimStatus | None = None
            reason = ""
            if convert:
                try:
                    loading = _loading(self.item or c["item"], unit, c["caliber_mm"], self.mix, ref)
                except ConversionError as exc:
                    status, reason = "unconverted", str(exc)
                else:
                    interval = interval.scaled(*loading.per_carrier)
                    if share is not None:
                        interval = _scale_share(interval, share)
            if status is None:
                if discounted:
                    status, reason = discounted
                elif role.role == "rate":
                    status, reason = "rate", f"a rate per {role.per}: kept apart from totals"
            # `Analysed(...)`, written out: the quantity's fields are read already
            a = new_analysed(Analysed)
            a.rc, a.role, a.interval, a.loading, a.status, a.reason, a.figure = (
                rc,
                role,
                interval,
                loading,
                status,
                reason,
                figure,
            )
            a.source = a.source_label = ""
            a.dated, a.claim_id, a.published, a.caliber = dated, rc.claim_id, published, c["caliber_mm"]
            a.value, a.value_high, a.unit = value, qd["value_high"], unit
            a.bound = _BOUNDS.get(qualifier) if figure == "count" else None
            append(a)
            if status is None:
                if by_day is not None:  # a candidate for the sweep, grouped by publication day as it is read
                    groups = by_day.get(published)
                    if groups is None:
                        groups = by_day[published] = ([], [])
                    # (one date object per day: stated on its publication day is the same object)
                    groups[0 if dated is published else 1].append(a)
            else:
                set_apart.append(a)
            if convert and role.role == "increment":
                carrier_increments = True
        if sources is not None:  # the sources, once every name of the flow is known
            _set_sources(out, sids, list(source_ids), firsts, sources)
        if flow is None:
            return FlowRead(out, {}, set_apart, carrier_increments)
        flow.carrier_increments = carrier_increments
        return flow


def _set_sources(
    out: list[Analysed], sids: list[int], pairs: list[SourcePair], firsts: list[ReconcileClaim], rules: SourceRules
) -> None:
    """Each claim's source key and label (sources.py), resolved once per distinct (name, organisation):
    `sids[i]` is the index in `pairs` of claim `i`'s source, -1 when it names none; `firsts[j]` is the first
    claim that names `pairs[j]`."""
    resolver = SourceResolver(firsts, rules, list(pairs))
    resolved = [resolver.named(pair) for pair in pairs]
    for a, sid in zip(out, sids, strict=True):
        found = resolved[sid] if sid >= 0 else None
        a.source, a.source_label = found if found is not None else resolver.key_and_label(a.rc)


def reader(ref: Reference, *, mix: CalibreMix | None = None, item: str | None = None) -> ClaimReader:
    """The claim reader for `ref`, a calibre mix and a flow's item (kept with the reference data)."""
    readers = ref.memo("readers")
    key = (tuple(sorted(mix.items())) if mix else None, item)
    found = readers.get(key)
    if found is None:
        found = readers[key] = ClaimReader(ref, mix, item)
    return found


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
    return reader(ref, mix=mix, item=item).read(rc, convert_to_items, share)
