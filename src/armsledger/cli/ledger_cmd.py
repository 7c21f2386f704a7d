"""Ledger commands: ingest, reextract, claims, show, documents, sources, source grade, export, summary.

Each command parses its options, calls one armsledger.ledger function and prints; known errors
become one line on stderr and exit status 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from armsledger.cli import app
from armsledger.errors import ArmsledgerError
from armsledger.ledger import db as ledger_db
from armsledger.ledger.asof import parse_date
from armsledger.ledger.exports import FORMATS as EXPORT_FORMATS
from armsledger.ledger.exports import TABLES as EXPORT_TABLES
from armsledger.ledger.exports import export as export_table
from armsledger.ledger.exports import write_csv
from armsledger.ledger.ftm import write_ftm
from armsledger.ledger.ingestion import IngestSummary, ingest
from armsledger.ledger.queries import (
    MAX_ROW_NUMBER, ClaimFilter, get_claim, ledger_summary, list_claims, list_documents, list_sources,
)
from armsledger.ledger.records import FLAT_CLAIM_COLUMNS, GRADE_MEANINGS
from armsledger.ledger.reextraction import reextract
from armsledger.ledger.store import Ledger

source_app = typer.Typer(help="Work on one source (grade its reliability).", no_args_is_help=True)
app.add_typer(source_app, name="source")

err = Console(stderr=True, soft_wrap=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)
if not out.is_terminal:
    out.width = max(out.width, 160)  # piped or captured: do not squeeze tables into 80 columns

DbOption = typer.Option(None, "--db", help="Ledger database URL or SQLite file (default: ARMSLEDGER_DATABASE_URL, "
                                            "else ledger.db in the user data directory).")
AsOfOption = typer.Option(None, "--as-of", help="Only what had been published and recorded by this date (YYYY-MM-DD).")
LimitOption = typer.Option(None, "--limit", min=0, max=MAX_ROW_NUMBER, help="Rows to show (default 50; 0 for all).")
OffsetOption = typer.Option(0, "--offset", min=0, max=MAX_ROW_NUMBER, help="Rows to skip.")


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except ArmsledgerError as exc:
        err.print(Text(f"error: {exc}"), style="red")
        raise typer.Exit(1) from None


@contextmanager
def _open(db_url: str | None) -> Iterator[ledger_db.Database]:
    with _errors():
        db = ledger_db.connect(db_url)
        try:
            yield db
        finally:
            db.dispose()


def _as_of(value: str | None) -> date | None:
    with _errors():
        return parse_date(value, what="--as-of")


def _progress_printer(progress: Progress, task: int) -> Callable[[IngestSummary, str, int], None]:
    def update(summary: IngestSummary, location: str, total: int) -> None:
        progress.update(task, completed=summary.processed, total=total, description=(
            f"new {summary.new} · dup {summary.duplicate} · near-dup {summary.near_duplicate} · "
            f"failed {summary.failed} · claims {summary.claims_added}"))
    return update


def _print_ingest_summary(summary: IngestSummary) -> None:
    for _location, note in summary.notes:
        err.print(Text(f"note: {note}"))
    for _location, reason in summary.failures:
        err.print(Text(f"failed: {reason}"), style="yellow")
    err.print(Text(
        f"ingest run {summary.run_id}: {summary.new} new, {summary.duplicate} duplicate, "
        f"{summary.near_duplicate} near-duplicate (linked), {summary.failed} failed; "
        f"{summary.claims_added} claims added"
        + (f" (+{summary.syndicated_claims} from syndicated copies)" if summary.syndicated_claims else "")))


@app.command("ingest")
def ingest_cmd(
    inputs: list[str] = typer.Argument(..., help="Files, folders, .jsonl corpora, PDFs, URLs or RSS/Atom feeds."),
    db: Optional[str] = DbOption,
    published: Optional[str] = typer.Option(None, "--published", help="Publication date for every document."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow URLs on private, loopback or link-local addresses."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    json_summary: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
) -> None:
    """Ingest documents into the ledger: extract claims and store them with their provenance."""
    pub = _as_of(published) if published else None
    with _open(db) as database, _errors():
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=err, disable=quiet, transient=False) as progress:
            task = progress.add_task("reading…", total=None)
            summary = ingest(Ledger(database), inputs, published=pub, allow_private=allow_private or None,
                             progress=_progress_printer(progress, task))
    _print_ingest_summary(summary)
    if json_summary:
        out.print_json(json.dumps(summary.as_dict()))
    if summary.processed and summary.failed == summary.processed:
        raise typer.Exit(1)


@app.command("reextract")
def reextract_cmd(
    db: Optional[str] = DbOption,
    force: bool = typer.Option(False, "--force", help="Re-extract every document, even those already current."),
) -> None:
    """Re-run the installed extractor over stored documents; older claims are kept as superseded history."""
    with _open(db) as database, _errors():
        summary = reextract(Ledger(database), force=force)
    for _name, reason in summary.failures:
        err.print(Text(f"failed: {reason}"), style="yellow")
    err.print(Text(f"reextract run {summary.run_id}: {summary.documents} documents, {summary.claims_added} claims "
                   f"added, {summary.claims_superseded} superseded, {summary.failed} failed"))


def _table(columns: list[str], rows: list[dict]) -> Table:
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    return table


CLAIM_TABLE_COLUMNS = ["id", "published_on", "kind", "who", "item", "quantity", "status", "hedged", "source", "doc"]


def _claim_table_row(flat: dict) -> dict:
    qty = ""
    if flat["quantity_value"] is not None:
        value = flat["quantity_value"]
        qty = f"{value:,.0f}" if flat["quantity_unit"] != "fraction" else f"{value:g}"
        qty += f" {flat['quantity_unit']}" + (f"/{flat['quantity_per']}" if flat["quantity_per"] else "")
    source = flat["source_name"] or flat["source_org"] or ""
    if flat["source_grade"]:
        source += f" [{flat['source_grade']}]"
    who = (f"{flat['supplier'] or '?'}→{flat['recipient'] or '?'}" if flat["kind"] == "transfer"
           else flat["actor"] or "?")
    if flat["polarity"] == "denied":
        who += " (denied)"
    return {**flat, "who": who, "quantity": qty, "source": source, "hedged": "yes" if flat["hedged"] else ""}


@app.command("claims")
def claims_cmd(
    db: Optional[str] = DbOption,
    kind: Optional[str] = typer.Option(None, "--kind", help="transfer, production, consumption, stockpile…"),
    supplier: Optional[str] = typer.Option(None, "--supplier", help="Supplier code (PRK, wagner)."),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="Recipient code."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor code in any role (supplier, recipient, actor)."),
    item: Optional[str] = typer.Option(None, "--item", help="Item code (artillery_shell, drone…)."),
    source: Optional[str] = typer.Option(None, "--source", help="Source name (part of it) or id."),
    country: Optional[str] = typer.Option(None, "--country", help="The source's country (KOR, USA…)."),
    hedged: Optional[bool] = typer.Option(None, "--hedged/--not-hedged", help="Only hedged or only unhedged claims."),
    status: Optional[str] = typer.Option(None, "--status", help="actual, committed or target."),
    polarity: Optional[str] = typer.Option(None, "--polarity", help="affirmed or denied."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Published on or after this date."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Published on or before this date."),
    text: Optional[str] = typer.Option(
        None, "--text", help="Words in the evidence sentence: all must appear, in any order, case-insensitive; "
                             "a word also matches longer words it begins (shell → shells)."),
    as_of: Optional[str] = AsOfOption,
    include_superseded: bool = typer.Option(False, "--include-superseded", help="Also claims of older extractors."),
    include_syndicated: bool = typer.Option(False, "--include-syndicated",
                                            help="Also claims of near-duplicate (syndicated) copies."),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    limit: Optional[int] = LimitOption,
    offset: int = OffsetOption,
) -> None:
    """List claims, newest first, with filters; every filter can be combined with --as-of."""
    with _errors():
        if fmt not in ("table", "jsonl", "csv"):
            raise ArmsledgerError(f"unknown format {fmt!r}; choose table, jsonl or csv")
        f = ClaimFilter(kind=kind, supplier=supplier, recipient=recipient, actor=actor, item=item, source=source,
                        country=country, hedged=hedged, status=status, polarity=polarity,
                        date_from=parse_date(date_from, what="--from"), date_to=parse_date(date_to, what="--to"),
                        text=text, as_of=parse_date(as_of, what="--as-of"), include_superseded=include_superseded,
                        include_syndicated=include_syndicated)
        f.validate()
    with _open(db) as database, _errors():
        rows = list_claims(database, f, limit=limit, offset=offset, flat=fmt != "jsonl")
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(FLAT_CLAIM_COLUMNS, rows, sys.stdout)
    else:
        out.print(_table(CLAIM_TABLE_COLUMNS, [_claim_table_row(r) for r in rows]))
        err.print(f"{len(rows)} claim(s)")


@app.command("show")
def show_cmd(
    claim_id: int = typer.Argument(..., min=1, max=MAX_ROW_NUMBER, help="Claim id (from `armsledger claims`)."),
    db: Optional[str] = DbOption,
    as_of: Optional[str] = AsOfOption,
    fmt: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Show one claim: its fields, its evidence highlighted in the paragraph, its document and source."""
    when = _as_of(as_of)
    with _open(db) as database, _errors():
        detail = get_claim(database, claim_id, as_of=when)
    if fmt == "json":
        sys.stdout.write(json.dumps({"claim": detail.claim, "paragraph": detail.paragraph,
                                     "highlight": list(detail.highlight), "document": detail.document,
                                     "source": detail.source, "independent_documents": detail.independent_documents,
                                     "syndicated_copies": detail.syndicated_copies}, ensure_ascii=False) + "\n")
        return
    c, d, s = detail.claim, detail.document, detail.source
    q = c.get("quantity")
    lines = [f"claim {c['id']}: {c['kind']} {c.get('supplier') or ''}→{c.get('recipient') or ''} "
             f"actor={c.get('actor') or '-'} item={c['item']}",
             f"quantity: {q['value']} {q['unit']}{'/' + q['per'] if q.get('per') else ''} ({q['qualifier']}, "
             f"\"{q['text']}\")" if q else "quantity: none stated",
             f"status {c['status']} · polarity {c['polarity']} · hedged {c['hedged']}"
             + (f" ({', '.join(c['cues'])})" if c["cues"] else "")
             + (f" · said on {c['said_on']}" if c.get("said_on") else "") + (f" · by {c['by']}" if c.get("by") else ""),
             f"extractor {c['ledger']['extractor_version']} · recorded {c['ledger']['recorded_at']}"
             + (f" · superseded {c['ledger']['superseded_at']}" if c["ledger"]["superseded_at"] else "")]
    for line in lines:
        out.print(Text(line))
    paragraph = Text(detail.paragraph)
    paragraph.stylize("bold reverse", *detail.highlight)
    out.print(Text("\nevidence:", style="bold"))
    out.print(paragraph)
    out.print(Text(f"\ndocument {d['id']}: {d['title'] or d['name']}", style="bold"))
    out.print(Text(f"  published {d['published'] or 'unknown (retrieved ' + d['retrieved_at'][:10] + ')'}"
                   f" · publisher {d['publisher'] or '-'} · {d['url'] or d['path'] or d['name']}"))
    if d["near_duplicate_of"]:
        out.print(Text(f"  syndicated copy of document {d['near_duplicate_of']} (similarity {d['similarity']:.2f}); "
                       "not counted as independent confirmation"))
    if s:
        grade = f"grade {s['grade']} ({GRADE_MEANINGS[s['grade']]})" if s["grade"] else "ungraded"
        out.print(Text(f"source {s['id']}: {s['name'] or s['org']}"
                       + "".join(f", {v}" for v in (s["role"], s["org"] if s["name"] else None, s["country"]) if v)
                       + f" · {grade}"))
    else:
        out.print(Text("source: the document's own voice"))
    out.print(Text(f"reported by {detail.independent_documents} independent document(s)"
                   + (f"; {len(detail.syndicated_copies)} syndicated cop(ies) linked" if detail.syndicated_copies
                      else "")))


@app.command("documents")
def documents_cmd(
    db: Optional[str] = DbOption,
    as_of: Optional[str] = AsOfOption,
    search: Optional[str] = typer.Option(None, "--search", help="Words in the title, name or publisher."),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    limit: Optional[int] = LimitOption,
    offset: int = OffsetOption,
) -> None:
    """List stored documents with their claim counts; near-duplicates show the document they copy."""
    when = _as_of(as_of)
    with _open(db) as database, _errors():
        rows = list_documents(database, as_of=when, text=search, limit=limit, offset=offset)
    _print_rows(rows, fmt, ["id", "published_on", "name", "title", "publisher", "claims", "near_duplicate_of"])


@app.command("sources")
def sources_cmd(
    db: Optional[str] = DbOption,
    as_of: Optional[str] = AsOfOption,
    country: Optional[str] = typer.Option(None, "--country", help="Only sources of this country."),
    grade: Optional[str] = typer.Option(None, "--grade", help="Only sources with this grade (A–F)."),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    limit: Optional[int] = LimitOption,
) -> None:
    """List sources (people and organisations) with their grade and number of claims."""
    when = _as_of(as_of)
    with _open(db) as database, _errors():
        rows = list_sources(database, as_of=when, country=country, grade=grade, limit=limit)
    _print_rows(rows, fmt, ["id", "name", "role", "org", "country", "grade", "claims"])


def _print_rows(rows: list[dict], fmt: str, columns: list[str]) -> None:
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(list(rows[0]) if rows else columns, rows, sys.stdout)
    elif fmt == "table":
        out.print(_table(columns, rows))
    else:
        err.print(Text(f"error: unknown format {fmt!r}; choose table, jsonl or csv"), style="red")
        raise typer.Exit(1)


@source_app.command("grade")
def grade_cmd(
    name: str = typer.Argument(..., help="Source name (or a unique part of it)."),
    grade: str = typer.Argument(..., help="Admiralty reliability grade: A (reliable) … E (unreliable), F (unknown)."),
    db: Optional[str] = DbOption,
) -> None:
    """Set a source's Admiralty reliability grade (A–F)."""
    with _open(db) as database, _errors():
        row = Ledger(database).grade_source(name, grade)
    err.print(Text(f"source {row.id} ({row.name or row.org}) graded {row.grade}: {GRADE_MEANINGS[row.grade]}"))


@app.command("export")
def export_cmd(
    what: str = typer.Argument(..., help="claims, documents, sources, or ftm (FollowTheMoney entities)."),
    db: Optional[str] = DbOption,
    fmt: str = typer.Option("jsonl", "--format", help="csv, jsonl or parquet (ftm is always JSON Lines)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="File to write (default stdout)."),
    as_of: Optional[str] = AsOfOption,
) -> None:
    """Export claims, documents or sources (CSV, JSON Lines, Parquet) or the whole ledger as FtM entities."""
    when = _as_of(as_of)
    with _errors():
        if what not in (*EXPORT_TABLES, "ftm"):
            raise ArmsledgerError(f"cannot export {what!r}; choose claims, documents, sources or ftm")
        if what != "ftm" and fmt not in EXPORT_FORMATS:
            raise ArmsledgerError(f"unknown format {fmt!r}; choose {', '.join(EXPORT_FORMATS)}")
    with _open(db) as database, _errors():
        if what == "ftm":
            if output and output != "-":
                try:
                    with open(output, "w", encoding="utf-8") as fh:
                        n = write_ftm(database, fh, as_of=when)
                except OSError as exc:
                    raise ArmsledgerError(f"cannot write {output}: {exc.strerror}") from None
            else:
                n = write_ftm(database, sys.stdout, as_of=when)
        else:
            n = export_table(database, what, fmt, output, as_of=when)
    err.print(f"exported {n} {'entities' if what == 'ftm' else what}")


@app.command("summary")
def summary_cmd(
    db: Optional[str] = DbOption,
    as_of: Optional[str] = AsOfOption,
    fmt: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Summarise the ledger: documents, near-duplicates, claims by kind, top transfers, sources."""
    when = _as_of(as_of)
    with _open(db) as database, _errors():
        summary = ledger_summary(database, as_of=when)
    if fmt == "json":
        sys.stdout.write(json.dumps(summary) + "\n")
        return
    print_summary(summary)


def print_summary(summary: dict, console: Console | None = None) -> None:
    """Print a ledger summary (from `ledger_summary`) as text and a table of top transfers."""
    console = console or out
    console.print(Text(
        f"{summary['documents']} documents ({summary['near_duplicates']} near-duplicates linked), "
        f"{summary['claims']} claims (+{summary['syndicated_claims']} in syndicated copies), "
        f"{summary['sources']} sources ({summary['graded_sources']} graded)"
        + (f", as of {summary['as_of']}" if summary["as_of"] else "")))
    if summary["claims_by_kind"]:
        console.print(Text("by kind: " + ", ".join(f"{k} {n}" for k, n in summary["claims_by_kind"].items())))
    if summary["top_transfers"]:
        console.print(_table(["supplier", "recipient", "item", "claims", "documents"], summary["top_transfers"]))
