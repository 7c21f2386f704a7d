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

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from armsledger.model import Claim
from armsledger.reconcile.analysed import BOUNDS, Analysed, Bound, Figure
from armsledger.reconcile.collector import collector_paused
from armsledger.reconcile.columns import Columns
from armsledger.reconcile.cumulative import RoleCue, classify, quantity_span
from armsledger.reconcile.errors import ConversionError
from armsledger.reconcile.explain import ClaimStatus
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

__all__ = ["Analysed", "ClaimReader", "Columns", "Figure", "FlowRead", "Selection", "analyse", "is_capacity", "reader"]

_new_interval = tuple.__new__  # `Interval(...)` without its generated Python `__new__`


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
    """A flow's claims read for an estimate (`cols`, in the order read), with what the estimate takes from
    them in the same pass: `by_day`, the candidates for the sweep (no status) by publication day, each
    day's as the indices of (those stated that day, those stated on another day), in the order read (the
    others, given a status when read, are `cols.set_apart`); and whether any carrier count is an increment
    (only then do statements matter: `estimate`)."""

    cols: Columns
    by_day: dict[date, tuple[list[int], list[int]]]
    carrier_increments: bool

    @property
    def analysed(self) -> list[Analysed]:
        """Every claim as an object (tests and callers that want them; the estimate keeps to the columns)."""
        return self.cols.all_analysed()


@dataclass(slots=True)
class Selection:
    """Which of the claims given to an estimate it reads, and how: those published by `as_of` for which
    `decide` (given the claim and its (kind, supplier, recipient, actor, item, unit)) answers (convert its
    carriers to items, the share of a broader carrier that is the flow's item) rather than None. The
    answer depends only on those fields: it is found once per combination (`decided`), and the reader
    looks it up as it reads each claim."""

    as_of: date | None
    decide: Callable[[Claim, tuple], tuple[bool, Range3 | None] | None]
    decided: dict[tuple, tuple[bool, Range3 | None] | None] = field(default_factory=dict)

    def of(self, rc: ReconcileClaim) -> tuple[bool, Range3 | None] | None:
        """The answer for one claim (the reader's loop looks it up the same way, written out)."""
        if self.as_of is not None and rc.published > self.as_of:
            return None
        c = rc.claim.__dict__
        q = c["quantity"]
        key = (c["kind"], c["supplier"], c["recipient"], c["actor"], c["item"], None if q is None else q.unit)
        if key not in self.decided:
            self.decided[key] = self.decide(rc.claim, key)
        return self.decided[key]


CONTEXT_CACHE = 100_000
_Shape = tuple[float, float, float, float, float, float, tuple[str, ...], "str | None", "Bound"]


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
        self,
        mult: tuple[Multipliers, str],
        qualifier: str,
        hedged: bool,
        certainty: str | None,
        grade: str | None,
        figure: Figure,
    ) -> _Shape:
        """What a quantity's interval takes from its qualifier, hedge, grade and kind of figure: (the
        qualifier's low, central and high multipliers, the widening of the low and high ends, the weight,
        the rules applied, the cue of a word that makes the amount only a floor or None, the bound of a
        one-sided count or None)."""
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
            BOUNDS.get(qualifier) if figure == "count" else None,
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
        rcs: list[ReconcileClaim] = []
        how: list[tuple[bool, Range3 | None]] = []
        for rc, convert, share in selected:
            rcs.append(rc)
            how.append((convert, share))
        with collector_paused():  # (many small acyclic objects: `collector.py`)
            return self._read(rcs, how, sources, None).cols.all_analysed()

    def read_flow(self, claims: Iterable[ReconcileClaim], chosen: Selection, sources: SourceRules) -> FlowRead:
        """The claims `chosen` selects read into columns with their sources, plus what the estimate takes
        from them in the same pass (`FlowRead`)."""
        return self._read(claims, chosen, sources, {})

    def _read(
        self,
        claims: Iterable[ReconcileClaim],
        chosen: Selection | list[tuple[bool, Range3 | None]],
        sources: SourceRules | None,
        by_day: dict[date, tuple[list[int], list[int]]] | None,
    ) -> FlowRead:
        """The claims read into columns; with `by_day` (which needs `sources`) the candidates by day too.
        `chosen` selects the claims as they are read, or gives each claim's (convert, share) in order.

        One loop with the per-claim steps written out (an estimate reads 100,000 claims; calls and
        pydantic attribute reads were most of its time): the models' fields are read from their
        `__dict__`, what depends only on words is looked up in the reader's caches, and each claim's
        fields are appended to the columns (no object per claim)."""
        ref = self.ref
        intervals = ref.intervals
        discount_grades = intervals.discount_grades
        contexts, shapes = self.contexts, self.shapes
        reach, role_chars, capacity_chars = self.reach, self.role_chars, self.capacity_chars
        cap = self.capacity_multipliers
        capacity_low, capacity_central, capacity_high = cap.low, cap.central, cap.high
        cols = Columns(dated=sources is not None)
        set_apart, loadings = cols.set_apart, cols.loading
        if isinstance(chosen, Selection):
            given, as_of, decided = None, chosen.as_of, chosen.decided
            if not isinstance(claims, list):
                claims = list(claims)
            n = len(claims)
        else:
            given, as_of, decided = chosen, None, {}
            n = len(chosen)
        # The columns, claim `i` stored at index `i` (a store costs less than an `append` call, and the
        # lists are not grown claim by claim), cut to the claims read once all are.
        rcs, roles, figures, lows, centrals, highs, weights = (_column(n) for _ in range(7))
        rules, values, values_high, units, calibres, bounds, days_stated = (_column(n) for _ in range(7))
        carrier_increments = False
        days: dict[date, date] = {}
        # each claim's source as a small int: the index of its (name, organisation) among the distinct
        # ones, which are resolved once each (-1: no named source)
        source_ids: dict[SourcePair, int] = {}
        sids = _column(n)
        firsts: list[ReconcileClaim] = []  # the first claim of each distinct source, in order
        # the claim ids, gathered while each claim is at hand (whether they repeat: `Columns.unique_ids`)
        ids: set[str] = set()
        add_id = ids.add
        # the candidates by publication day: those stated that day, those stated on another day
        same_day: defaultdict[date, list[int]] = defaultdict(list)
        other_day: defaultdict[date, list[int]] = defaultdict(list)
        qd: Any  # a quantity's fields (None without a quantity), and its unit
        unit: Any
        i = -1
        for rc in claims:
            claim = rc.claim
            c = claim.__dict__
            q = c["quantity"]
            if q is None:
                qd = unit = None
            else:  # (the quantity's fields are read from its `__dict__`, fetched once)
                qd = q.__dict__
                unit = qd["unit"]
            if given is None:  # the selection (`Selection.of`), written out
                if as_of is not None and rc.published > as_of:
                    continue
                pick = (c["kind"], c["supplier"], c["recipient"], c["actor"], c["item"], unit)
                try:  # (a subscript, not `get`: the answer is there for all but the first of its kind)
                    how = decided[pick]
                except KeyError:
                    how = decided[pick] = chosen.decide(claim, pick)  # type: ignore[union-attr]
                if how is None:
                    continue
                convert, share = how
                i += 1
            else:
                i += 1
                convert, share = given[i]
            grade = rc.grade
            published = dated = rc.published
            if sources is not None:
                src = c["source"]
                if src is None:
                    sids[i] = -1
                else:
                    sd = src.__dict__
                    pair = (sd["name"], sd["org"])
                    try:
                        sid = source_ids[pair]
                    except KeyError:
                        sid = source_ids[pair] = len(source_ids)
                        firsts.append(rc)
                    sids[i] = sid
                # one date object per day (the sweep orders, hashes and compares them many times)
                try:
                    published = days[published]
                except KeyError:
                    days[published] = published
                dated = published
                if c["said_on"]:
                    said = stated_day(rc)
                    dated = days.setdefault(said, said)
            rcs[i] = rc
            add_id(rc.claim_id)
            days_stated[i] = dated
            calibres[i] = c["caliber_mm"]
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
                    set_apart[i] = discounted or ("no_quantity", "states no quantity")
                    figures[i] = "count"
                    lows[i] = centrals[i] = highs[i] = weights[i] = 0.0
                    rules[i] = ()
                    continue  # (role, value, value_high, unit and bound: None)
            words, qualifier = qd["text"], qd["qualifier"]
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
                # (`max(0, at - reach)` written out: the builtin's call costs more than the slicing)
                before, after = text[at - reach if at > reach else 0 : at], text[end : end + role_chars]
            cues = tuple(c["cues"]) if item_count and c["cues"] else ()
            key = (before, after, at >= 0, qd["per"], item_count, cues)
            try:
                found = contexts[key]
            except KeyError:
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
                skey: tuple = (id(mult[0]), mult[1], qualifier, c["hedged"], c["certainty"], grade, figure)
            else:
                mult = None
                skey = (qualifier, c["hedged"], c["certainty"], grade, figure)
            try:
                shape = shapes[skey]
            except KeyError:
                if mult is None:
                    mult = qualifier_multipliers(claim, intervals)
                shape = shapes[skey] = self._shape(mult, qualifier, skey[-4], skey[-3], grade, figure)
            m_low, m_central, m_high, widen_low, widen_high, weight, applied, floor_cue, bound = shape
            if floor_cue is not None and role.role == "total":
                role = RoleCue("floor", None, floor_cue)
            # the quantity as an interval (`intervals.quantity_interval`, written out in the same order)
            # (a factor of 1.0 is skipped: x * 1.0 is x exactly, and most claims' factors are 1.0, so
            # most intervals share the claim's own float objects instead of allocating new ones)
            value, value_high = qd["value"], qd["value_high"]
            if qualifier == "range" and value_high is not None:
                lo_v, hi_v = sorted((value, value_high))
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
            if central < low:
                low = central
            if central > high:
                high = central
            status: ClaimStatus | None = None
            if convert:
                try:
                    loading = _loading(self.item or c["item"], unit, c["caliber_mm"], self.mix, ref)
                except ConversionError as exc:
                    status = "unconverted"
                    set_apart[i] = (status, str(exc))
                else:
                    loadings[i] = loading
                    iv = _new_interval(Interval, (low, central, high, weight, applied)).scaled(*loading.per_carrier)
                    if share is not None:
                        iv = iv.scaled(share.low, share.central, share.high)
                    low, central, high = iv.low, iv.central, iv.high
            if status is None:
                if discounted:
                    status = discounted[0]
                    set_apart[i] = discounted
                elif role.role == "rate":
                    status = "rate"
                    set_apart[i] = (status, f"a rate per {role.per}: kept apart from totals")
            roles[i] = role
            figures[i] = figure
            lows[i] = low
            centrals[i] = central
            highs[i] = high
            weights[i] = weight
            rules[i] = applied
            values[i] = value
            values_high[i] = value_high
            units[i] = unit
            bounds[i] = bound
            if status is None and by_day is not None:
                # a candidate for the sweep, grouped by publication day as it is read (one date object per
                # day: stated on its publication day is the same object)
                (same_day if dated is published else other_day)[published].append(i)
            if convert and role.role == "increment":
                carrier_increments = True
        if i + 1 < n:  # (claims not selected)
            for column in (rcs, roles, figures, lows, centrals, highs, weights, rules, values, values_high, units):
                del column[i + 1 :]
            for column in (calibres, bounds, days_stated, sids):
                del column[i + 1 :]
        cols.rc, cols.role, cols.figure, cols.low, cols.central, cols.high = rcs, roles, figures, lows, centrals, highs
        cols.weight, cols.rules, cols.value, cols.value_high, cols.unit = weights, rules, values, values_high, units
        cols.caliber, cols.bound, cols.day = calibres, bounds, days_stated
        if by_day is not None:
            for day, same in same_day.items():
                by_day[day] = (same, other_day.pop(day, []))
            for day, others in other_day.items():
                by_day[day] = ([], others)
        cols.unique_ids = len(ids) == len(rcs)
        if sources is not None:  # the sources, once every name of the flow is known
            _set_sources(cols, sids, list(source_ids), firsts, sources)
        else:
            cols.source = cols.label = [""] * len(cols.rc)
        return FlowRead(cols, by_day if by_day is not None else {}, carrier_increments)


def _column(n: int) -> list[Any]:
    """A column of `n` claims, filled in by index."""
    return [None] * n


def _set_sources(
    cols: Columns, sids: list[int], pairs: list[SourcePair], firsts: list[ReconcileClaim], rules: SourceRules
) -> None:
    """Each claim's source key and label (sources.py), resolved once per distinct (name, organisation):
    `sids[i]` is the index in `pairs` of claim `i`'s source, -1 when it names none; `firsts[j]` is the first
    claim that names `pairs[j]`."""
    resolver = SourceResolver(firsts, rules, list(pairs))
    resolved = [resolver.named(pair) for pair in pairs]
    if -1 not in sids and None not in resolved:
        keys = [found[0] for found in resolved if found is not None]
        labels = [found[1] for found in resolved if found is not None]
        cols.source = list(map(keys.__getitem__, sids))
        cols.label = list(map(labels.__getitem__, sids))
        return
    for rc, sid in zip(cols.rc, sids, strict=True):
        found = resolved[sid] if sid >= 0 else None
        key, label = found if found is not None else resolver.key_and_label(rc)
        cols.source.append(key)
        cols.label.append(label)


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
