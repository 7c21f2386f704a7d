"""The model stage's one coupling to reconcile: the ledger's estimates as model inputs.

Everything the model takes from the ledger goes through this module and through
reconcile's public `estimate`: the stock (a stockpile estimate), the consumption and
production rates (an estimate's current rate), each import and export flow (its current
rate, else the rate its running totals imply), each supplier's dud share (a quality
estimate in `fraction`) and production targets (target claims, grouped by deadline and
estimated as rates). Each input keeps the claims it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from armsledger.reconcile import (
    Estimate,
    EstimateOptions,
    ReconcileClaim,
    Reference,
    estimate,
    load_reference,
    make_flow,
)
from armsledger.reconcile.explain import ClaimUse
from armsledger.reconcile.loaders import gather_claims
from armsledger.stockflow.distributions import Range, Shape
from armsledger.stockflow.errors import ModelError
from armsledger.stockflow.inputs import ClaimRef, Origin, Quantity
from armsledger.stockflow.months import DAYS_PER_MONTH, label, parse_month

UNKNOWN_PARTNER = "unknown"
MIN_IMPLIED_DAYS = 28  # running totals closer together than this imply no rate


@dataclass(frozen=True, slots=True)
class LedgerTarget:
    rate: Quantity
    deadline: date


@dataclass(frozen=True, slots=True)
class LedgerTrade:
    partner: str
    rate: Quantity | None
    dud: Quantity | None
    note: str = ""


@dataclass(slots=True)
class LedgerInputs:
    """The ledger's inputs for one actor and item (None where the ledger has nothing)."""

    initial_stock: Quantity | None = None
    consumption: Quantity | None = None
    production: Quantity | None = None
    targets: list[LedgerTarget] = field(default_factory=list)
    imports: list[LedgerTrade] = field(default_factory=list)
    exports: list[LedgerTrade] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LedgerQuery:
    """Which ledger (or claims file) to read, on both time axes: what had been published by `as_of`,
    as the ledger held it at `recorded_by`."""

    db_url: str | None = None
    claims_file: str | None = None
    published: date | None = None
    as_of: date | None = None
    data_dir: str | None = None
    recorded_by: date | None = None


def _refs(lines: Iterable[ClaimUse]) -> tuple[ClaimRef, ...]:
    return tuple(
        ClaimRef(claim_id=u.claim_id, doc=u.doc, published=u.published, stated=u.stated, evidence=u.evidence)
        for u in lines
    )


def _lines(est: Estimate, ids: Iterable[str]) -> list[ClaimUse]:
    by_id = {u.claim_id: u for u in (*est.used, *est.discounted)}
    return [by_id[i] for i in ids if i in by_id]


def _origin(note: str, lines: list[ClaimUse]) -> Origin:
    refs = _refs(lines)
    return Origin("ledger", note, refs, max((r.published for r in refs), default=None))


def _range(low: float, central: float, high: float, shape: Shape, *, cap: float | None = None) -> Range:
    lo, hi = max(0.0, min(low, central)), max(high, central)
    c = max(0.0, central)
    if cap is not None:
        lo, c, hi = min(lo, cap), min(c, cap), min(hi, cap)
    return Range(min(lo, c), c, max(hi, c), shape)


def _total(est: Estimate, shape: Shape, what: str, cap: float | None = None) -> Quantity | None:
    if est.central is None or est.low is None or est.high is None:
        return None
    note = (
        f"{what}: ledger estimate as of {est.as_of or 'now'} ({est.basis}), credibility {est.credibility} "
        f"({est.credibility_reason})"
    )
    return Quantity(_range(est.low, est.central, est.high, shape, cap=cap), _origin(note, est.used))


def _rate(est: Estimate, shape: Shape, what: str) -> Quantity | None:
    if est.rate is None:
        return None
    r = est.rate
    note = f"{what}: current rate reported by {len(r.claims)} claim(s), as a monthly rate"
    return Quantity(_range(r.low, r.central, r.high, shape), _origin(note, _lines(est, r.claims)))


def _implied_rate(est: Estimate, shape: Shape, what: str) -> Quantity | None:
    """The monthly rate the running totals imply between the first and the last point of the series
    (central from the centrals; low and high from the difference of the two intervals)."""
    if len(est.series) < 2:
        return None
    first, last = est.series[0], est.series[-1]
    days = (last.date - first.date).days
    if days < MIN_IMPLIED_DAYS:
        return None
    months = days / DAYS_PER_MONTH
    # The increment is the difference of two intervals: its ends pair one total's low with the other's high.
    central = max(0.0, (last.central - first.central) / months)
    low, high = max(0.0, (last.low - first.high) / months), max(0.0, (last.high - first.low) / months)
    note = (
        f"{what}: implied by the running totals, {first.central:,.0f} on {first.date} to {last.central:,.0f} "
        f"on {last.date} ({months:.1f} months)"
    )
    return Quantity(_range(low, central, high, shape), _origin(note, est.used))


class _Reader:
    def __init__(self, actor: str, item: str, query: LedgerQuery, shape: Shape) -> None:
        self.actor, self.item, self.query, self.shape = actor, item, query, shape
        self.ref: Reference = load_reference(query.data_dir)
        self.group = self.ref.item_group(item)
        found = gather_claims(
            claims_file=query.claims_file,
            published=query.published,
            db_url=query.db_url,
            as_of=query.as_of,
            recorded_by=query.recorded_by,
            ref=self.ref,
            item=item,
        )
        self.claims = [rc for rc in found.claims if self.ref.item_group(rc.claim.item) == self.group]
        self.undated_documents = found.undated_documents
        self.options = EstimateOptions(as_of=query.as_of)

    def estimate(self, claims: Iterable[ReconcileClaim] | None = None, **flow: str | None) -> Estimate:
        key = make_flow(item=self.item, ref=self.ref, **flow)  # type: ignore[arg-type]
        return estimate(self.claims if claims is None else claims, key, self.options, self.ref)

    def partners(self, *, supplier: bool) -> list[str | None]:
        """Suppliers to the actor (supplier=True) or recipients from it, with a quantity in any unit."""
        found: dict[str | None, None] = {}
        for rc in self.claims:
            c = rc.claim
            if c.kind != "transfer" or c.quantity is None or c.polarity != "affirmed":
                continue
            if supplier and c.recipient == self.actor and c.supplier != self.actor:
                found[c.supplier] = None
            elif not supplier and c.supplier == self.actor and c.recipient != self.actor:
                found[c.recipient] = None
        return sorted(found, key=lambda p: (p is None, p or ""))

    def trade(self, partner: str | None, *, inbound: bool) -> LedgerTrade:
        supplier, recipient = (partner, self.actor) if inbound else (self.actor, partner)
        est = self.estimate(kind="transfer", supplier=supplier, recipient=recipient)
        name = partner or UNKNOWN_PARTNER
        what = f"{'imports from' if inbound else 'exports to'} {name}"
        rate = _rate(est, self.shape, what) or _implied_rate(est, self.shape, what)
        dud = None
        if inbound and partner:
            dud = _total(
                self.estimate(kind="quality", actor=partner, unit="fraction"),
                self.shape,
                f"share of {partner}'s {self.group} that does not work",
                cap=1.0,
            )
        note = (
            ""
            if rate
            else (
                f"{what}: the ledger has no rate and no two running totals a month apart; "
                f"taken as 0 unless a scenario gives it"
            )
        )
        return LedgerTrade(name, rate, dud, note)

    def targets(self, start: date) -> tuple[list[LedgerTarget], list[str]]:
        """Production targets due from the start month on, one per deadline month; a target
        whose deadline slipped (a later report gives the same rate, within 5 %, a later deadline) is dropped."""
        notes: list[str] = []
        groups: dict[date, list[ReconcileClaim]] = {}
        for rc in self.claims:
            c = rc.claim
            if (
                c.kind != "production"
                or c.actor != self.actor
                or c.status != "target"
                or c.quantity is None
                or c.polarity != "affirmed"
            ):
                continue
            if not c.by:
                notes.append(
                    f"target claim {rc.claim_id} ({c.quantity.text or c.quantity.value}) has no deadline; not used"
                )
                continue
            try:
                due = parse_month(c.by)
            except ValueError:
                notes.append(f"target claim {rc.claim_id}: deadline {c.by!r} not understood; not used")
                continue
            as_actual = replace(rc, claim=rc.claim.model_copy(update={"status": "actual"}))
            groups.setdefault(due, []).append(as_actual)
        found: list[tuple[LedgerTarget, date]] = []
        for due, claims in sorted(groups.items()):
            est = self.estimate(claims, kind="production", actor=self.actor)
            rate = _rate(est, self.shape, f"production target due {label(due)}")
            if rate is None:
                notes.append(f"target due {label(due)} states a total, not a rate; not used")
                continue
            found.append((LedgerTarget(rate, due), rate.origin.dated or due))
        kept = []
        for target, said in found:
            later = [
                t
                for t, s in found
                if s > said
                and t.deadline > target.deadline
                and abs(t.rate.range.central - target.rate.range.central) <= 0.05 * target.rate.range.central
            ]
            if later:
                notes.append(
                    f"target of {target.rate.range.central:,.0f} a month due {label(target.deadline)} "
                    f"slipped: a later report moves it to {label(later[0].deadline)}"
                )
            elif target.deadline < start:
                notes.append(
                    f"target of {target.rate.range.central:,.0f} a month was due {label(target.deadline)}, "
                    f"before the projection starts; the current rate tells what came of it"
                )
            else:
                kept.append(target)
        return kept, notes


def read_ledger(actor: str, item: str, *, start: date, query: LedgerQuery, shape: Shape) -> LedgerInputs:
    """The ledger's inputs for `actor`'s stock of `item` as of `query.as_of`."""
    reader = _Reader(actor, item, query, shape)
    out = LedgerInputs()
    out.initial_stock = _total(reader.estimate(kind="stockpile", actor=actor), shape, f"{actor}'s stock")
    out.consumption = _rate(reader.estimate(kind="consumption", actor=actor), shape, f"{actor}'s use")
    out.production = _rate(reader.estimate(kind="production", actor=actor), shape, f"{actor}'s production")
    out.targets, out.notes = reader.targets(start)
    if reader.undated_documents:
        out.notes.append(
            f"{reader.undated_documents} undated document(s) not counted — `armsledger documents --undated`"
        )
    out.imports = [reader.trade(p, inbound=True) for p in reader.partners(supplier=True)]
    out.exports = [reader.trade(p, inbound=False) for p in reader.partners(supplier=False)]
    return out


def qualifier_range(
    value: float, qualifier: str, *, shape: Shape, value_high: float | None = None, data_dir: str | None = None
) -> Range:
    """A stated figure as a range by reconcile's interval rules: a SCHEMA qualifier (exact,
    approx, at_least, at_most) or a qualifier word from intervals.yaml ("nearly", "just over");
    with `value_high`, the range "between value and value_high" (central at the midpoint)."""
    rules = load_reference(data_dir).intervals
    if value < 0 or (value_high is not None and value_high < value):
        raise ModelError(
            f"need 0 <= value <= value_high, got {value:g} and {value_high:g}"
            if value_high is not None
            else f"a quantity cannot be negative ({value:g})"
        )
    if value_high is not None:
        mult = rules.qualifiers["range"]
        return Range(value * mult.low, (value + value_high) / 2 * mult.central, value_high * mult.high, shape)
    found = rules.qualifiers.get(qualifier)
    if found is None:
        found = next((r for r in rules.qualifier_words if qualifier.lower() in (w.lower() for w in r.words)), None)
    if found is None:
        known = [*rules.qualifiers, *(w for r in rules.qualifier_words for w in r.words)]
        raise ModelError(f"unknown qualifier {qualifier!r}; use one of {', '.join(known)}")
    return Range(value * found.low, value * found.central, value * found.high, shape)
