"""Build a scenario: the ledger's estimates, overridden by a scenario file where it gives them.

Each input is taken, in order, from the scenario file (origin "scenario"), the ledger
(origin "ledger", with its claims), the model's default assumptions (origin "default"), or
else set to zero (origin "none") with a warning saying what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from armsledger.settings import get_setting
from armsledger.stockflow.assumptions import load_assumptions
from armsledger.stockflow.distributions import SHAPES, Range, Shape
from armsledger.stockflow.errors import ModelError, ScenarioError
from armsledger.stockflow.inputs import Origin, Quantity, Scenario, Target, Trade
from armsledger.stockflow.ledger_inputs import (
    LedgerInputs,
    LedgerQuery,
    LedgerTrade,
    read_ledger,
)
from armsledger.stockflow.months import (
    add_months,
    first_of_month,
    label,
    months_between,
)
from armsledger.stockflow.project import check_size
from armsledger.stockflow.scenario import (
    RangeSpec,
    RateSpec,
    ScenarioFile,
    ShareSpec,
    TradeSpec,
)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line says; None defers to the scenario file, then to the defaults."""

    actor: str | None = None
    item: str | None = None
    as_of: date | None = None
    start: date | None = None
    months: int | None = None
    scenario_name: str = "scenario"


def _zero(what: str, warnings: list[str], warn: bool = True) -> Quantity:
    if warn:
        warnings.append(f"no {what} in the ledger; taken as 0 (give it in a scenario file)")
    return Quantity(Range.point(0.0), Origin("none", f"no {what} in the ledger; taken as 0"))


def _given(spec: RangeSpec, rng: Range, name: str) -> Quantity:
    return Quantity(rng, Origin("scenario", spec.note or f"given in {name}"))


def _pick(
    spec: RateSpec | RangeSpec | None,
    ledger: Quantity | None,
    what: str,
    shape: Shape,
    name: str,
    warnings: list[str],
    warn: bool = True,
) -> Quantity:
    if spec is not None:
        rng = spec.monthly(shape) if isinstance(spec, RateSpec) else spec.to_range(shape)
        return _given(spec, rng, name)
    return ledger if ledger is not None else _zero(what, warnings, warn)


def _attainment(spec: ShareSpec | None, file: ScenarioFile, shape: Shape, name: str) -> Quantity:
    spec = spec or file.target_attainment
    if spec is not None:
        return _given(spec, spec.to_range(shape), name)
    a = load_assumptions().target_attainment
    return Quantity(
        Range(a.low, a.central, a.high, shape),
        Origin("default", "share of the gap to the target closed by its deadline (stockflow/data/assumptions.yaml)"),
    )


def _targets(
    file: ScenarioFile, ledger: LedgerInputs, start: date, shape: Shape, name: str, warnings: list[str]
) -> list[Target]:
    """The file's targets when it lists any (each with its own attainment, else the shared one),
    else the ledger's, all with the shared attainment."""
    if file.inputs.targets is not None:
        out = []
        for spec in file.inputs.targets:
            if spec.by < start:
                warnings.append(f"target due {label(spec.by)} in {name} is before the projection starts; not used")
                continue
            out.append(
                Target(
                    _given(spec, spec.monthly(shape), name),
                    spec.by,
                    _attainment(spec.attainment, file, shape, name),
                    shared=spec.attainment is None,
                )
            )
        return out
    shared = _attainment(None, file, shape, name)
    return [Target(t.rate, t.deadline, shared) for t in ledger.targets]


def _trades(
    specs: dict[str, TradeSpec], found: list[LedgerTrade], kind: str, shape: Shape, name: str, warnings: list[str]
) -> list[Trade]:
    by_partner = {t.partner: t for t in found}
    out = []
    for partner in [*by_partner, *(p for p in specs if p not in by_partner)]:
        spec, led = specs.get(partner), by_partner.get(partner)
        if spec is not None:
            rate = _given(spec, spec.monthly(shape), name)
            dud = _given(spec.dud, spec.dud.to_range(shape), name) if spec.dud else (led.dud if led else None)
            out.append(Trade(partner, rate, dud, spec.start, spec.end))
            continue
        assert led is not None
        if led.rate is None:
            warnings.append(led.note)
        rate = led.rate or _zero(f"rate of {kind} {partner}", warnings, warn=False)
        out.append(Trade(partner, rate, led.dud))
    return out


def _stale(scenario: Scenario, limit: int) -> None:
    for name, q in scenario.sampled():
        dated = q.origin.dated
        if q.origin.kind == "ledger" and dated is not None and months_between(dated, scenario.start) > limit:
            scenario.warnings.append(
                f"{name} is estimated from reports published by {dated}, "
                f"{months_between(dated, scenario.start)} months before the projection starts"
            )


def build_scenario(
    options: BuildOptions, file: ScenarioFile | None = None, *, query: LedgerQuery | None = None
) -> Scenario:
    """The scenario for `options.actor` and `options.item`: ledger estimates as of the as-of
    date, overridden by `file`."""
    file = file or ScenarioFile()
    name = options.scenario_name
    actor, item = options.actor or file.actor, options.item or file.item
    if not actor or not item:
        raise ModelError("give --actor and --item (or actor and item in the scenario file)")
    for key, given, in_file in (("actor", actor, file.actor), ("item", item, file.item)):
        if in_file and in_file != given:
            raise ScenarioError(f"{name}: {key}: the scenario is for {in_file}, not {given}")
    as_of = options.as_of or file.as_of
    start = options.start or file.start or add_months(first_of_month(as_of or date.today()), 1)
    months = int(get_setting("model_months", options.months if options.months is not None else file.months))
    check_size(1, months)
    shape_name = str(file.distribution or get_setting("model_distribution"))
    if shape_name not in SHAPES:
        raise ModelError(f"model_distribution must be one of {', '.join(SHAPES)}, not {shape_name!r}")
    shape = cast(Shape, shape_name)
    ledger = read_ledger(actor, item, start=start, query=_query(query, as_of), shape=shape)
    warnings = list(ledger.notes)
    spec = file.inputs
    scenario = Scenario(
        actor=actor,
        item=item,
        start=start,
        months=months,
        as_of=as_of,
        initial_stock=_pick(
            spec.initial_stock, ledger.initial_stock, f"stock of {item} held by {actor}", shape, name, warnings
        ),
        consumption=_pick(spec.consumption, ledger.consumption, f"consumption rate of {actor}", shape, name, warnings),
        production=_pick(spec.production, ledger.production, f"production rate of {actor}", shape, name, warnings),
        targets=_targets(file, ledger, start, shape, name, warnings),
        imports=_trades(spec.imports, ledger.imports, "imports from", shape, name, warnings),
        exports=_trades(spec.exports, ledger.exports, "exports to", shape, name, warnings),
        warnings=warnings,
    )
    _stale(scenario, load_assumptions().stale_after_months)
    return scenario


def _query(query: LedgerQuery | None, as_of: date | None) -> LedgerQuery:
    q = query or LedgerQuery()
    return LedgerQuery(
        db_url=q.db_url,
        claims_file=q.claims_file,
        published=q.published,
        as_of=as_of,
        data_dir=q.data_dir,
        recorded_by=q.recorded_by,
    )
