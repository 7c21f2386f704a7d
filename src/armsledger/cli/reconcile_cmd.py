"""Reconcile commands: flows, estimate, contradictions, check.

Claims come from the ledger (--db, else ARMSLEDGER_DATABASE_URL) or from a JSON Lines file of
claims as `armsledger extract --format jsonl` prints them (--claims FILE, `-` for stdin).
Each command calls one armsledger.reconcile function and prints a table or JSON; known
errors become one line on stderr and exit status 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

import typer

from armsledger.bounds import MAX_WINDOW_DAYS
from armsledger.cli import app
from armsledger.cli.errors import known_errors, print_message
from armsledger.cli.options import AsOfOption, DbOption, RecordedByOption
from armsledger.cli.output import out_console, safe, stderr_line
from armsledger.dates import parse_date

if TYPE_CHECKING:
    from armsledger.reconcile.explain import ClaimUse, Estimate
    from armsledger.reconcile.loaders import ClaimSet
    from armsledger.reconcile.refdata import Reference


class Format(str, Enum):
    table = "table"
    json = "json"


ClaimsOption = typer.Option(
    None,
    "--claims",
    help="Read claims from this JSON Lines file (extract output or a gold file; '-' for stdin) instead of the ledger.",
)
PublishedOption = typer.Option(
    None,
    "--published",
    help="Publication date (YYYY-MM-DD) of every claim in --claims; "
    "default: each line's 'published', else its said_on.",
)
FormatOption = typer.Option(Format.table, "--format", help="table or json.")
DataDirOption = typer.Option(None, "--data-dir", help="Folder of reconcile YAML files overriding the defaults.")
WindowOption = typer.Option(
    None, "--window", min=0, max=MAX_WINDOW_DAYS, help="Days within which running totals count as current (default 30)."
)


@contextmanager
def _errors() -> Iterator[None]:
    with known_errors():
        yield


def _date(value: str | None, what: str) -> date | None:
    return parse_date(value, option=what, end=what in ("--as-of", "--recorded-by"))


def _codes(**values: str | None) -> dict[str, str | None]:
    """Actor options as codes: a name ("North Korea") or any-case code ("prk") → PRK."""
    from armsledger.codes import resolve_actor

    return {name: resolve_actor(v, option=f"--{name}") if v else None for name, v in values.items()}


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _value(v: float | str) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"
    return str(v)


def _print_json(data: object) -> None:
    out_console().print(json.dumps(data, ensure_ascii=False, indent=2), markup=False)


MAX_SKIPPED_SHOWN = 20


def _inputs(
    ref: Reference,
    claims: str | None,
    published: str | None,
    db: str | None,
    as_of: date | None,
    recorded_by: date | None = None,
    *,
    plain: bool = False,
    **flow: str | None,
) -> ClaimSet:
    from armsledger.reconcile.loaders import gather_claims

    found = gather_claims(
        claims_file=claims,
        published=_date(published, "--published"),
        db_url=db,
        as_of=as_of,
        recorded_by=recorded_by,
        ref=ref,
        plain=plain,
        **flow,
    )
    if found.skipped_lines:
        print_message("", f"skipped {len(found.skipped_lines)} bad line(s) of {claims}:", style="yellow")
        for message in found.skipped_lines[:MAX_SKIPPED_SHOWN]:
            print_message("", f"  {message}", style="yellow")
        if len(found.skipped_lines) > MAX_SKIPPED_SHOWN:
            print_message("", f"  … and {len(found.skipped_lines) - MAX_SKIPPED_SHOWN} more", style="yellow")
    if found.undated_documents:
        stderr_line(f"{found.undated_documents} undated document(s) not counted — `armsledger documents --undated`")
    return found


@app.command("flows")
def flows_cmd(
    db: str | None = DbOption,
    claims: str | None = ClaimsOption,
    published: str | None = PublishedOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    fmt: Format = FormatOption,
    data_dir: str | None = DataDirOption,
    window: int | None = WindowOption,
) -> None:
    """List every flow with its current estimate, its current rate a month and number of claims."""
    from armsledger.reconcile import list_flows, load_reference

    with _errors():
        ref = load_reference(data_dir)
        day, held = _date(as_of, "--as-of"), _date(recorded_by, "--recorded-by")
        flows = list_flows(
            _inputs(ref, claims, published, db, day, held).claims, as_of=day, window_days=window, ref=ref
        )
    if fmt is Format.json:
        _print_json([f.model_dump(mode="json") for f in flows])
        return
    for f in flows:
        estimate_text = (
            f"{_num(f.central)} {f.unit} ({_range(f.low, f.high)}), credibility {f.credibility}"
            if f.central is not None
            else "no total"
        )
        rate_text = (
            f" · rate {_num(f.rate.central)} a month ({_range(f.rate.low, f.rate.high)})" if f.rate is not None else ""
        )
        out_console().print(
            safe(
                f"{f.flow.label()} · {f.claims} claim(s), {f.first_published} to "
                f"{f.last_published} · {estimate_text}{rate_text}"
            )
        )


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "-"
    if low == high:
        return f"{_num(low)}, no spread"
    return f"{_num(low)}–{_num(high)}"


def _claim_line(u: ClaimUse) -> str:
    from armsledger.reconcile.fusion import short

    when = f"{u.published}" + (f", stated {u.stated_on}" if u.stated_on and u.stated_on != u.published else "")
    values = "" if u.central is None else f" → {short(u.central)} ({short(u.low or 0)}–{short(u.high or 0)})"
    return (
        f"  {u.source} · {u.doc} ({when}) · {u.stated or '-'}{values} · weight {u.weight:.2f} · {u.status}: {u.reason}"
    )


def _print_estimate(est: Estimate) -> None:
    from rich.table import Table

    out = out_console()
    out.print(safe(f"{est.flow.label()} as of {est.as_of or 'now'}", style="bold"))
    if est.central is None:
        out.print(safe(f"no estimate (credibility {est.credibility}: {est.credibility_reason})"))
    else:
        out.print(
            safe(
                f"estimate ({est.unit}): central {_num(est.central)} · range {_range(est.low, est.high)} · "
                f"basis {est.basis} · credibility {est.credibility}"
            )
        )
    for line in est.explanation:
        out.print(safe(line))
    if est.rate:
        out.print(
            safe(f"current rate: {_range(est.rate.low, est.rate.high)} a month (central {_num(est.rate.central)})")
        )
    if est.series:
        series = Table(
            "date",
            "low",
            "central",
            "high",
            "claims",
            "basis",
            "why it held or fell",
            title="cumulative estimate over time (by publication date)",
        )
        for p in est.series:
            series.add_row(
                str(p.date), _num(p.low), _num(p.central), _num(p.high), str(p.claims), p.basis, safe(p.note or "")
            )
        out.print(series)
    for title, lines in (("claims used", est.used), ("claims not counted", est.discounted)):
        if lines:
            out.print(safe(title, style="bold"))
        for u in lines:
            out.print(safe(_claim_line(u)))
            if u.status == "used":
                out.print(safe(f'      "{u.evidence}"', style="dim"))
    hidden = sum(est.discounted_counts.values()) - len(est.discounted)
    if hidden > 0:
        out.print(safe(f"  … and {hidden} older claim(s) not counted (ARMSLEDGER_RECONCILE_EXPLAIN_LIMIT)"))
    for note in est.reviews:
        what = f" ({', '.join(f'{k}={v}' for k, v in note.changes.items())})" if note.changes else ""
        out.print(
            safe(
                f"reviewed: claim {note.claim_id} {note.status} by {note.reviewer}{what}: {note.reason}"
                + ("" if note.counted else " (not counted)")
            )
        )
    out.print("assumptions: " + "; ".join(f"{k}={v}" for k, v in est.assumptions.items()), markup=False)


def _estimate_from_ledger(db: str | None, ref: Reference, **options: Any) -> Estimate:
    """One flow's estimate from the ledger's claims as reviewed (armsledger.reconcile.reviewed)."""
    from armsledger.reconcile.from_ledger import open_ledger
    from armsledger.reconcile.reviewed import estimate_flow

    database = open_ledger(db)
    try:
        result = estimate_flow(database, ref=ref, **options)
    finally:
        database.dispose()
    if result.undated_documents:
        stderr_line(f"{result.undated_documents} undated document(s) not counted — `armsledger documents --undated`")
    return result


@app.command("estimate")
def estimate_cmd(
    item: str = typer.Option(..., "--item", help="Item: a code or phrase (artillery_shell, shells, drones)."),
    supplier: str | None = typer.Option(
        None, "--supplier", help="Supplier of a transfer: a code or name (PRK, North Korea)."
    ),
    recipient: str | None = typer.Option(None, "--recipient", help="Recipient of a transfer: a code or name."),
    actor: str | None = typer.Option(
        None, "--actor", help="Actor of a production, consumption or stockpile flow: a code or name."
    ),
    kind: str = typer.Option("transfer", "--kind", help="Claim kind of the flow."),
    unit: str = typer.Option("item", "--unit", help="Unit of the estimate (item, container, tonne...)."),
    conversions: str | None = typer.Option(
        None, "--conversions", help="Use carriers converted to items: fallback, include or off."
    ),
    calibre_mix: str | None = typer.Option(None, "--calibre-mix", help="Assumed calibre mix, e.g. 152=0.6,122=0.4."),
    db: str | None = DbOption,
    claims: str | None = ClaimsOption,
    published: str | None = PublishedOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    fmt: Format = FormatOption,
    data_dir: str | None = DataDirOption,
    window: int | None = WindowOption,
) -> None:
    """Low / central / high of one flow, its series over time, and which claims count and why."""
    from armsledger.codes import resolve_item, resolve_unit
    from armsledger.reconcile import EstimateOptions, estimate, load_reference, make_flow
    from armsledger.reconcile.units.loading import parse_calibre_mix

    with _errors():
        ref = load_reference(data_dir)
        day, held = _date(as_of, "--as-of"), _date(recorded_by, "--recorded-by")
        mix = parse_calibre_mix(calibre_mix) if calibre_mix else None
        if claims is None:
            result = _estimate_from_ledger(
                db,
                ref,
                item=item,
                supplier=supplier,
                recipient=recipient,
                actor=actor,
                kind=kind,
                unit=unit,
                as_of=day,
                recorded_by=held,
                window=window,
                conversions=conversions,
                calibre_mix=mix,
            )
        else:
            codes = _codes(supplier=supplier, recipient=recipient, actor=actor)
            item = resolve_item(item, option="--item")
            unit = resolve_unit(unit, option="--unit", also=set(ref.flows.unit_families.values()))
            flow = make_flow(kind=kind, item=item, unit=unit, ref=ref, **codes)
            inputs = _inputs(
                ref,
                claims,
                published,
                db,
                day,
                held,
                kind=kind,
                supplier=flow.supplier,
                recipient=flow.recipient,
                actor=flow.actor,
                item=item,
                plain=True,  # (the estimate only reads them)
            )
            options = EstimateOptions(as_of=day, window_days=window, conversions=conversions, calibre_mix=mix)
            result = estimate(inputs.claims, flow, options, ref)
            result.undated_documents = inputs.undated_documents
    if fmt is Format.json:
        _print_json(result.model_dump(mode="json"))
    else:
        _print_estimate(result)


@app.command("contradictions")
def contradictions_cmd(
    db: str | None = DbOption,
    claims: str | None = ClaimsOption,
    published: str | None = PublishedOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    fmt: Format = FormatOption,
    data_dir: str | None = DataDirOption,
    window: int | None = WindowOption,
) -> None:
    """List claims on one flow and period whose intervals cannot both be true, with both sources."""
    from armsledger.reconcile import find_contradictions, load_reference

    with _errors():
        ref = load_reference(data_dir)
        day, held = _date(as_of, "--as-of"), _date(recorded_by, "--recorded-by")
        found = find_contradictions(
            _inputs(ref, claims, published, db, day, held).claims, as_of=day, window_days=window, ref=ref
        )
    if fmt is Format.json:
        _print_json([c.model_dump(mode="json") for c in found])
        return
    if not found:
        out_console().print("no contradictions")
    for c in found:
        out_console().print(safe(f"{c.flow.label()} · {c.kind}: {c.message}", style="bold"))
        for side in (c.first, c.second):
            out_console().print(safe(f"  {side.source} · {side.doc} ({side.published}): {side.evidence}"))


@app.command("check")
def check_cmd(
    names: list[str] | None = typer.Option(None, "--check", help="Run only this check (repeatable)."),
    list_only: bool = typer.Option(False, "--list", help="List the registered checks and exit."),
    db: str | None = DbOption,
    claims: str | None = ClaimsOption,
    published: str | None = PublishedOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    fmt: Format = FormatOption,
    data_dir: str | None = DataDirOption,
) -> None:
    """Run the plausibility checks and print findings with the numbers behind them."""
    from armsledger.reconcile import list_checks, load_reference, run_checks

    if list_only:
        for check in list_checks():
            out_console().print(f"{check.name}: {check.summary}", markup=False)
        return
    with _errors():
        ref = load_reference(data_dir)
        day, held = _date(as_of, "--as-of"), _date(recorded_by, "--recorded-by")
        findings = run_checks(_inputs(ref, claims, published, db, day, held).claims, names=names, ref=ref)
    if fmt is Format.json:
        _print_json([f.model_dump(mode="json") for f in findings])
        return
    if not findings:
        out_console().print("no findings")
    for f in findings:
        out_console().print(safe(f"[{f.severity}] {f.check}: {f.message}"))
        out_console().print(safe("  " + ", ".join(f"{k}={_value(v)}" for k, v in f.numbers.items()), style="dim"))
