"""Model commands: `armsledger model project | days | scenario init`.

Each command parses its options, calls one armsledger.stockflow function and prints a table
or JSON; known errors become one line on stderr and exit status 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from armsledger.cli import app
from armsledger.errors import ArmsledgerError

if TYPE_CHECKING:  # the model's modules load numpy, scipy and matplotlib: imported by the commands that run it
    from armsledger.stockflow.days import DaysOfFire
    from armsledger.stockflow.results import MonthPercentiles, Projection
    from armsledger.stockflow.scenario import ScenarioFile

model_app = typer.Typer(
    name="model",
    no_args_is_help=True,
    help="Stock-and-flow model: how long a stock lasts, and what drives the uncertainty.",
)
scenario_app = typer.Typer(name="scenario", no_args_is_help=True, help="Scenario files for `model project`.")
model_app.add_typer(scenario_app)
app.add_typer(model_app)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def _out() -> Console:
    """A console for this command's output (made per command, so it sizes to the terminal it runs in)."""
    return Console(highlight=False, soft_wrap=True)


class Format(str, Enum):
    table = "table"
    json = "json"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


ActorOption = typer.Option(None, "--actor", help="Actor whose stock is modelled, e.g. RUS (or the scenario's).")
ItemOption = typer.Option(None, "--item", help="Item code (SCHEMA.md), e.g. artillery_shell (or the scenario's).")
AsOfOption = typer.Option(
    None,
    "--as-of",
    help="Ledger estimates of what had been published by this date "
    "(YYYY-MM-DD; YYYY-MM and YYYY mean the period's last day).",
)
RecordedByOption = typer.Option(
    None,
    "--recorded-by",
    help="Ledger estimates as this ledger held them at the end of this date (audit time; same forms as --as-of).",
)
StartOption = typer.Option(None, "--start", help="First projected month (YYYY-MM; default: the month after --as-of).")
MonthsOption = typer.Option(None, "--months", help="Months to project (default 24).")
DbOption = typer.Option(None, "--db", help="Ledger database URL or SQLite file (default: ARMSLEDGER_DATABASE_URL).")
ClaimsOption = typer.Option(
    None, "--claims", help="Read claims from this JSON Lines file ('-' for stdin) instead of the ledger."
)
PublishedOption = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) of every claim in --claims.")
DataDirOption = typer.Option(None, "--data-dir", help="Folder of reconcile YAML files overriding the defaults.")
DrawsOption = typer.Option(None, "--draws", help="Monte Carlo draws (default 10,000).")
SeedOption = typer.Option(None, "--seed", help="Random seed; the same seed gives the same result.")
FormatOption = typer.Option(Format.table, "--format", help="table or json.")
ScenarioOption = typer.Option(None, "--scenario", help="YAML scenario file giving or overriding inputs.")
PlotOption = typer.Option(None, "--plot", help="Write a fan chart of the stock (.png or .svg).")
TornadoOption = typer.Option(None, "--tornado", help="Write a tornado chart of the drivers (.png or .svg).")
OutputOption = typer.Option(None, "--output", "-o", help="Write here instead of standard output.")
RequiredActorOption = typer.Option(..., "--actor", help="Actor whose stock is modelled, e.g. RUS.")
RequiredItemOption = typer.Option(..., "--item", help="Item code (SCHEMA.md), e.g. artillery_shell.")
StockOption = typer.Option(..., "--stock", help="Stock in items, e.g. 5000000.")
StockQualifierOption = typer.Option(
    "exact", "--stock-qualifier", help="exact, approx, at_least, at_most, or a word such as nearly."
)
RateOption = typer.Option(..., "--rate", help="Rate of use in items per --per, e.g. 10000.")
RateQualifierOption = typer.Option("exact", "--rate-qualifier", help="Qualifier of the rate (as --stock-qualifier).")
StockHighOption = typer.Option(
    None, "--stock-high", help="Upper end of a stock given as a range (--stock is the lower)."
)
RateHighOption = typer.Option(None, "--rate-high", help="Upper end of a rate given as a range (--rate is the lower).")
PerOption = typer.Option(Period.day, "--per", help="Period of the rate: day, week, month or year.")


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except ArmsledgerError as exc:
        _err().print(Text(f"error: {exc}"), style="red")
        raise typer.Exit(1) from None


def _date(value: str | None, what: str) -> date | None:
    from armsledger.dates import parse_date

    return parse_date(value, option=what, end=what in ("--as-of", "--recorded-by"))


def _month(value: str | None) -> date | None:
    from armsledger.stockflow.errors import ModelError
    from armsledger.stockflow.months import parse_month

    if value is None:
        return None
    try:
        return parse_month(value, what="--start")
    except ValueError as exc:
        raise ModelError(str(exc)) from None


def _print_json(data: object) -> None:
    _out().print(json.dumps(data, ensure_ascii=False, indent=2), markup=False)


def _n(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _when(w: MonthPercentiles, what: str, horizon: str) -> str:
    marks = ", ".join(f"{k} {getattr(w, k) or 'after ' + horizon}" for k in ("p10", "p50", "p90"))
    return f"{what}: {_pct(w.probability)} of draws by {horizon} ({marks})"


def _print_projection(r: Projection) -> None:
    out = _out()
    end = r.series[-1].date
    out.print(
        Text(
            f"{r.actor} {r.item}: {r.months} months from {r.start}, {r.draws:,} draws, seed {r.seed}"
            f"{f', ledger as of {r.as_of}' if r.as_of else ''}",
            style="bold",
        )
    )
    table = Table("month", "p10", "median", "p90", "production (median)", title="stock at end of month")
    for point, made in zip(r.series, r.production, strict=False):
        table.add_row(point.date, _n(point.p10), _n(point.p50), _n(point.p90), _n(made.p50))
    out.print(table)
    out.print(Text(_when(r.exhaustion, "stock runs out", end)))
    out.print(Text(_when(r.catch_up, "production catches up with use", end)))
    d = r.days_of_fire
    out.print(Text(f"days of fire (initial stock / daily use): p10 {_n(d.p10)} · median {_n(d.p50)} · p90 {_n(d.p90)}"))
    out.print(
        Text(
            "consumption met by: "
            + "; ".join(f"{c.source} {_pct(c.p50)} ({_pct(c.p10)}-{_pct(c.p90)})" for c in r.coverage)
        )
    )
    if r.drivers:
        drivers = Table(
            "input",
            "rank correlation",
            "share of spread",
            "end stock at p10",
            "at p90",
            title=f"what drives the spread of the stock at the end of {end}",
        )
        for dr in r.drivers:
            drivers.add_row(
                dr.input,
                f"{dr.rank_correlation:+.2f}",
                _pct(dr.variance_share),
                _n(dr.output_at_p10),
                _n(dr.output_at_p90),
            )
        out.print(drivers)
    inputs = Table("low", "central", "high", "origin", "claims", title="inputs (rates a month)")
    inputs.add_column("input", no_wrap=True)
    inputs.columns.insert(0, inputs.columns.pop())
    for i in r.inputs:
        fmt = (lambda v: f"{v:.2f}") if i.unit.startswith("share") else _n
        inputs.add_row(
            i.name, fmt(i.low), fmt(i.central), fmt(i.high), i.origin, ", ".join(c.claim_id for c in i.claims) or "-"
        )
    out.print(inputs)
    for i in r.inputs:
        out.print(Text(f"  {i.name}: {i.note}", style="dim"))
    for w in r.warnings:
        out.print(Text(f"warning: {w}", style="yellow"))


def _scenario(path: str | None) -> tuple[ScenarioFile | None, str]:
    from armsledger.stockflow import load_scenario

    if path is None:
        return None, "scenario"
    return load_scenario(path), path


@model_app.command("project")
def project_cmd(
    actor: str | None = ActorOption,
    item: str | None = ItemOption,
    months: int | None = MonthsOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    start: str | None = StartOption,
    scenario: str | None = ScenarioOption,
    draws: int | None = DrawsOption,
    seed: int | None = SeedOption,
    fmt: Format = FormatOption,
    plot: Path | None = PlotOption,
    tornado: Path | None = TornadoOption,
    db: str | None = DbOption,
    claims: str | None = ClaimsOption,
    published: str | None = PublishedOption,
    data_dir: str | None = DataDirOption,
) -> None:
    """Monte Carlo projection of a stock month by month: percentiles, run-out month, days of fire, drivers."""
    from armsledger.stockflow import BuildOptions, LedgerQuery, build_scenario, project
    from armsledger.stockflow.charts import fan_chart, save_chart, tornado_chart
    from armsledger.stockflow.project import check_size

    with _errors():
        file, name = _scenario(scenario)
        options = BuildOptions(
            actor=actor,
            item=item,
            as_of=_date(as_of, "--as-of"),
            start=_month(start),
            months=months,
            scenario_name=name,
        )
        query = LedgerQuery(
            db_url=db,
            claims_file=claims,
            published=_date(published, "--published"),
            data_dir=data_dir,
            recorded_by=_date(recorded_by, "--recorded-by"),
        )
        n = draws if draws is not None else (file.draws if file else None)
        if n is not None:
            check_size(n, 1)  # before the ledger is read
        built = build_scenario(options, file, query=query)
        result = project(built, draws=n, seed=seed if seed is not None else (file.seed if file else None))
        for path, chart in ((plot, fan_chart), (tornado, tornado_chart)):
            if path is not None:
                save_chart(chart(result), path)
    if fmt is Format.json:
        _print_json(result.model_dump(mode="json"))
    else:
        _print_projection(result)


def _print_days(r: DaysOfFire) -> None:
    out = _out()
    d, m = r.days_of_fire, r.months
    out.print(
        f"stock {_n(r.stock.low)}-{_n(r.stock.high)} (central {_n(r.stock.central)}) at "
        f"{_n(r.rate_per_day.low)}-{_n(r.rate_per_day.high)} a day (central {_n(r.rate_per_day.central)})"
    )
    out.print(
        f"days of fire: {_n(d.low)}-{_n(d.high)} (central {_n(d.central)}); p10 {_n(d.p10)} · median "
        f"{_n(d.p50)} · p90 {_n(d.p90)}"
    )
    out.print(
        f"months: {m.low:.1f}-{m.high:.1f} (central {m.central:.1f}); p10 {m.p10:.1f} · median {m.p50:.1f} "
        f"· p90 {m.p90:.1f}   ({r.draws:,} draws, seed {r.seed})"
    )


@model_app.command("days")
def days_cmd(
    stock: float = StockOption,
    stock_qualifier: str = StockQualifierOption,
    stock_high: float | None = StockHighOption,
    rate: float = RateOption,
    rate_qualifier: str = RateQualifierOption,
    rate_high: float | None = RateHighOption,
    per: Period = PerOption,
    draws: int | None = DrawsOption,
    seed: int | None = SeedOption,
    fmt: Format = FormatOption,
    data_dir: str | None = DataDirOption,
) -> None:
    """How long a stock lasts at a rate of use, with the qualifiers' intervals (days of fire)."""
    from armsledger.stockflow.days import days_of_fire
    from armsledger.stockflow.ledger_inputs import qualifier_range
    from armsledger.stockflow.months import PER_DAYS

    with _errors():
        held = qualifier_range(stock, stock_qualifier, value_high=stock_high, shape="pert", data_dir=data_dir)
        use = qualifier_range(rate, rate_qualifier, value_high=rate_high, shape="pert", data_dir=data_dir).scaled(
            1 / PER_DAYS[per.value]
        )
        result = days_of_fire(held, use, draws=draws, seed=seed)
    if fmt is Format.json:
        _print_json(result.model_dump(mode="json"))
    else:
        _print_days(result)


@scenario_app.command("init")
def scenario_init_cmd(
    actor: str = RequiredActorOption,
    item: str = RequiredItemOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    start: str | None = StartOption,
    months: int | None = MonthsOption,
    output: Path | None = OutputOption,
    db: str | None = DbOption,
    claims: str | None = ClaimsOption,
    published: str | None = PublishedOption,
    data_dir: str | None = DataDirOption,
) -> None:
    """Write an annotated YAML scenario from the ledger's estimates, each with its claims."""
    from armsledger.stockflow import BuildOptions, LedgerQuery, build_scenario
    from armsledger.stockflow.errors import ModelError
    from armsledger.stockflow.writer import scenario_yaml

    with _errors():
        options = BuildOptions(
            actor=actor, item=item, as_of=_date(as_of, "--as-of"), start=_month(start), months=months
        )
        query = LedgerQuery(
            db_url=db,
            claims_file=claims,
            published=_date(published, "--published"),
            data_dir=data_dir,
            recorded_by=_date(recorded_by, "--recorded-by"),
        )
        text = scenario_yaml(build_scenario(options, query=query))
        if output is not None:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise ModelError(f"cannot write {output}: {exc.strerror or exc}") from None
    if output is None:
        typer.echo(text, nl=False)
