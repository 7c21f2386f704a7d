"""Ledger commands: ingest, reextract, claims, show, documents (and documents date), sources,
source grade|merge|alias, export, summary.

Each command parses its options, calls one armsledger.ledger function and prints; known errors
become one line on stderr and exit status 1 (armsledger.cli.errors). Only `ingest` (and `demo`)
create a ledger; every other command needs an existing one. Listings for people show a page
and say "N of M"; JSON Lines and CSV print every row unless --limit says otherwise.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from armsledger.bounds import MAX_ROW_NUMBER
from armsledger.cli import app
from armsledger.cli.errors import EXIT_ERROR, EXIT_INTERRUPTED, known_errors, print_message
from armsledger.cli.options import AsOfOption, DbOption, RecordedByOption
from armsledger.cli.output import count_line, out_console, print_rows, rows_table, safe, skipped_line, stderr_line
from armsledger.dates import parse_date

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from armsledger.ledger.db import Database
    from armsledger.pipeline.ingestion import IngestSummary

source_app = typer.Typer(
    help="Work on one source: grade its reliability, merge duplicates, add aliases.", no_args_is_help=True
)
app.add_typer(source_app, name="source")


class ListFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    xlsx = "xlsx"


LimitOption = typer.Option(
    None, "--limit", min=0, max=MAX_ROW_NUMBER, help="Rows to show (tables: default 50; jsonl and csv: all). 0 for all."
)
OffsetOption = typer.Option(0, "--offset", min=0, max=MAX_ROW_NUMBER, help="Rows to skip.")
FormatOption = typer.Option(ListFormat.table, "--format", help="table, jsonl or csv.")
BomOption = typer.Option(
    None, "--bom/--no-bom", help="Start CSV with a UTF-8 byte-order mark (for Excel); default: the csv_bom setting."
)

ReasonOption = typer.Option(None, "--reason", help="Why (kept in the audit trail of reviews).")
ReviewerOption = typer.Option(
    None, "--reviewer", help="Who decides (default: the reviewer setting, else the operating-system user)."
)

# Kept for the commands' `with _errors():` blocks: the CLI's one error policy.
_errors = known_errors


@contextmanager
def _open(db_url: str | None, *, create: bool = False) -> Iterator[Database]:
    """The ledger at `db_url`; only commands that add documents pass `create`."""
    from armsledger.ledger import db as ledger_db

    db = ledger_db.connect(db_url, create=create)
    try:
        yield db
    finally:
        db.dispose()


def _as_of(value: str | None, option: str = "--as-of") -> date | None:
    return parse_date(value, option=option, end=True)


def _recorded_by(value: str | None) -> date | None:
    return _as_of(value, "--recorded-by")


def _note_undated(database: Database, as_of: date | None, recorded_by: date | None) -> None:
    """Say how many undated documents an as-of view left out."""
    from armsledger.ledger.queries import count_undated_documents

    if as_of is None:
        return
    n = count_undated_documents(database, recorded_by=recorded_by)
    if n:
        stderr_line(f"{n} undated document(s) not counted — `armsledger documents --undated`")


def _page(fmt: ListFormat, limit: int | None) -> int:
    """The row limit to query: tables default to the query_limit setting, jsonl/csv to all (0)."""
    from armsledger.settings import get_setting

    if limit is not None:
        return limit
    return int(get_setting("query_limit")) if fmt is ListFormat.table else 0


def _progress_printer(progress: Progress, task: Any) -> Callable[[IngestSummary, str, int], None]:
    def update(summary: IngestSummary, location: str, total: int) -> None:
        progress.update(
            task,
            completed=summary.processed,
            total=total,
            description=(
                f"new {summary.new} · dup {summary.duplicate} · near-dup {summary.near_duplicate} · "
                f"failed {summary.failed} · claims {summary.claims_added}"
            ),
        )

    return update


def _print_ingest_summary(summary: IngestSummary, *, interrupted: bool = False) -> None:
    for _location, note in summary.notes:
        print_message("note", note)
    for _location, reason in summary.failures:
        print_message("failed", reason, style="yellow")
    if summary.skipped:
        stderr_line(skipped_line(summary.skipped))
    stderr_line(
        f"ingest run {summary.run_id}{' (interrupted)' if interrupted else ''}: {summary.new} new, "
        f"{summary.duplicate} duplicate, {summary.near_duplicate} near-duplicate (linked), {summary.failed} failed; "
        f"{summary.claims_added} claims added"
        + (f" (+{summary.syndicated_claims} from syndicated copies)" if summary.syndicated_claims else "")
    )


@app.command("ingest")
def ingest_cmd(
    inputs: list[str] = typer.Argument(..., help="Files, folders, .jsonl corpora, PDFs, URLs or RSS/Atom feeds."),
    db: str | None = DbOption,
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for every document."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow URLs on private, loopback or link-local addresses."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    json_summary: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        min=1,
        max=1024,
        help="Extract on a local Dask cluster of N worker processes (each loads the "
        "model once); documents are stored here in batches, with the same result.",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Extract on the running Dask cluster whose "
        "scheduler is at this address (tcp://HOST:8786); default: the "
        "dask_scheduler setting.",
    ),
) -> None:
    """Ingest documents into the ledger (created when missing): extract claims and store them with their provenance."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from armsledger.cli.errors import stderr_console
    from armsledger.ledger.store import Ledger
    from armsledger.pipeline.ingestion import IngestInterrupted, ingest

    pub = parse_date(published, option="--published")
    with _open(db, create=True) as database:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        try:
            with Progress(*columns, console=stderr_console(), disable=quiet, transient=False) as progress:
                task = progress.add_task("reading…", total=None)
                summary = ingest(
                    Ledger(database),
                    inputs,
                    published=pub,
                    allow_private=allow_private or None,
                    progress=_progress_printer(progress, task),
                    workers=workers,
                    scheduler=scheduler,
                )
        except IngestInterrupted as stop:
            _print_ingest_summary(stop.summary, interrupted=True)
            print_message(
                "interrupted",
                "documents stored so far are kept; run the same command again to go on (stored documents are skipped)",
                style="yellow",
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
    _print_ingest_summary(summary)
    if json_summary:
        from armsledger.sanitize import redact_url_credentials

        sys.stdout.write(redact_url_credentials(json.dumps(summary.as_dict(), ensure_ascii=False)) + "\n")
    if summary.processed and summary.failed == summary.processed:
        raise typer.Exit(EXIT_ERROR)


@app.command("reextract")
def reextract_cmd(
    db: str | None = DbOption,
    force: bool = typer.Option(False, "--force", help="Re-extract every document, even those already current."),
) -> None:
    """Re-run the installed extractor over stored documents; older claims are kept as superseded history."""
    from armsledger.ledger.store import Ledger
    from armsledger.pipeline.reextraction import reextract

    with _open(db) as database:
        summary = reextract(Ledger(database), force=force)
    for _name, reason in summary.failures:
        print_message("failed", reason, style="yellow")
    stderr_line(
        f"reextract run {summary.run_id}: {summary.documents} documents, {summary.claims_added} claims "
        f"added, {summary.claims_superseded} superseded, {summary.failed} failed"
    )


CLAIM_TABLE_COLUMNS = ["id", "published_on", "kind", "who", "item", "quantity", "status", "hedged", "source", "doc"]
CLAIM_OPTIONS = {
    "supplier": "--supplier",
    "recipient": "--recipient",
    "actor": "--actor",
    "item": "--item",
    "country": "--country",
}


def _claim_table_row(flat: dict) -> dict:
    qty = ""
    if flat["quantity_value"] is not None:
        value = flat["quantity_value"]
        qty = f"{value:,.0f}" if flat["quantity_unit"] != "fraction" else f"{value:g}"
        qty += f" {flat['quantity_unit']}" + (f"/{flat['quantity_per']}" if flat["quantity_per"] else "")
    source = flat["source_name"] or flat["source_org"] or flat["source_role"] or ""
    if flat["source_grade"]:
        source += f" [{flat['source_grade']}]"
    who = (
        f"{flat['supplier'] or '?'}→{flat['recipient'] or '?'}" if flat["kind"] == "transfer" else flat["actor"] or "?"
    )
    if flat["polarity"] == "denied":
        who += " (denied)"
    return {
        **flat,
        "who": who,
        "quantity": qty,
        "source": source,
        "hedged": "yes" if flat["hedged"] else "",
        "published_on": flat["published_on"] or "undated",
    }


@app.command("claims")
def claims_cmd(
    db: str | None = DbOption,
    kind: str | None = typer.Option(None, "--kind", help="transfer, production, consumption, stockpile…"),
    supplier: str | None = typer.Option(
        None, "--supplier", help="Supplier: a code or name (PRK, North Korea, Pyongyang, wagner)."
    ),
    recipient: str | None = typer.Option(None, "--recipient", help="Recipient: a code or name."),
    actor: str | None = typer.Option(
        None, "--actor", help="Actor in any role (supplier, recipient, actor): a code or name."
    ),
    item: str | None = typer.Option(None, "--item", help="Item: a code or phrase (artillery_shell, shells, drones…)."),
    source: str | None = typer.Option(None, "--source", help="Source name (part of it) or id."),
    country: str | None = typer.Option(None, "--country", help="The source's country: a code or name."),
    hedged: bool | None = typer.Option(None, "--hedged/--not-hedged", help="Only hedged or only unhedged claims."),
    status: str | None = typer.Option(None, "--status", help="actual, committed, target, capacity or interdicted."),
    polarity: str | None = typer.Option(None, "--polarity", help="affirmed or denied."),
    date_from: str | None = typer.Option(
        None,
        "--from",
        help="Published on or after this date (YYYY-MM-DD; YYYY-MM and YYYY mean the period's first day).",
    ),
    date_to: str | None = typer.Option(
        None, "--to", help="Published on or before this date (YYYY-MM and YYYY mean the period's last day)."
    ),
    text: str | None = typer.Option(
        None,
        "--text",
        help="Words in the evidence sentence: all must appear, in any order, case-insensitive; "
        "a word also matches longer words it begins (shell → shells).",
    ),
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    include_superseded: bool = typer.Option(False, "--include-superseded", help="Also claims of older extractors."),
    include_syndicated: bool = typer.Option(
        False, "--include-syndicated", help="Also claims of near-duplicate (syndicated) copies."
    ),
    fmt: ListFormat = FormatOption,
    limit: int | None = LimitOption,
    offset: int = OffsetOption,
    bom: bool | None = BomOption,
) -> None:
    """List claims, newest first, with filters; every filter can be combined with --as-of and --recorded-by."""
    from armsledger.formats.columns import LEDGER_CLAIM_COLUMNS
    from armsledger.ledger.queries import ClaimFilter, count_claims, stream_claims

    f = ClaimFilter(
        kind=kind,
        supplier=supplier,
        recipient=recipient,
        actor=actor,
        item=item,
        source=source,
        country=country,
        hedged=hedged,
        status=status,
        polarity=polarity,
        date_from=parse_date(date_from, option="--from"),
        date_to=parse_date(date_to, option="--to", end=True),
        text=text,
        as_of=_as_of(as_of),
        recorded_by=_recorded_by(recorded_by),
        include_superseded=include_superseded,
        include_syndicated=include_syndicated,
    ).resolved(CLAIM_OPTIONS)
    f.validate()
    page = _page(fmt, limit)
    with _open(db) as database:
        rows = stream_claims(database, f, limit=page, offset=offset, flat=fmt is not ListFormat.jsonl)
        if fmt is ListFormat.table:
            shown = list(rows)
            out_console().print(rows_table(CLAIM_TABLE_COLUMNS, [_claim_table_row(r) for r in shown]))
            total = count_claims(database, f) if (page and len(shown) >= page) or offset else len(shown)
            stderr_line(count_line("claim(s)", len(shown), total, offset=offset))
        else:
            print_rows(rows, fmt.value, LEDGER_CLAIM_COLUMNS, bom=bom)
        _note_undated(database, f.as_of, f.recorded_by)


def _quantity_line(q: dict | None) -> str:
    if not q:
        return "quantity: none stated"
    return (
        f'quantity: {q["value"]} {q["unit"]}{"/" + q["per"] if q.get("per") else ""} ({q["qualifier"]}, "{q["text"]}")'
    )


@app.command("show")
def show_cmd(
    claim_id: int = typer.Argument(..., min=1, max=MAX_ROW_NUMBER, help="Claim id (from `armsledger claims`)."),
    db: str | None = DbOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    fmt: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Show one claim: its fields, its evidence highlighted in the paragraph, its document and source."""
    from rich.text import Text

    from armsledger.ledger.queries import get_claim
    from armsledger.ledger.records import GRADE_MEANINGS
    from armsledger.sanitize import terminal_safe

    when, held = _as_of(as_of), _recorded_by(recorded_by)
    with _open(db) as database:
        detail = get_claim(database, claim_id, as_of=when, recorded_by=held)
    if fmt == "json":
        sys.stdout.write(
            json.dumps(
                {
                    "claim": detail.claim,
                    "paragraph": detail.paragraph,
                    "highlight": list(detail.highlight),
                    "document": detail.document,
                    "source": detail.source,
                    "independent_documents": detail.independent_documents,
                    "syndicated_copies": detail.syndicated_copies,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
        return
    out = out_console()
    c, d, s = detail.claim, detail.document, detail.source
    lines = [
        (
            f"claim {c['id']}: {c['kind']} {c.get('supplier') or ''}→{c.get('recipient') or ''} "
            f"actor={c.get('actor') or '-'} item={c['item']}"
        ),
        _quantity_line(c.get("quantity")),
        f"status {c['status']} · polarity {c['polarity']} · hedged {c['hedged']}"
        + (f" ({', '.join(c['cues'])})" if c["cues"] else "")
        + (f" · said on {c['said_on']}" if c.get("said_on") else "")
        + (f" · by {c['by']}" if c.get("by") else "")
        + (f" · financed by {c['financed_by']}" if c.get("financed_by") else "")
        + (f" · {c['deal']}" if c.get("deal") else ""),
        f"extractor {c['ledger']['extractor_version']} · recorded {c['ledger']['recorded_at']}"
        + (f" · superseded {c['ledger']['superseded_at']}" if c["ledger"]["superseded_at"] else ""),
    ]
    for line in lines:
        out.print(safe(line))
    start, end = detail.highlight
    paragraph = Text(terminal_safe(detail.paragraph[:start]))
    paragraph.append(terminal_safe(detail.paragraph[start:end]), style="bold reverse")
    paragraph.append(terminal_safe(detail.paragraph[end:]))
    out.print(Text("\nevidence:", style="bold"))
    out.print(paragraph)
    out.print(Text(f"\ndocument {d['id']}: {terminal_safe(d['title'] or d['name'])}", style="bold"))
    out.print(
        safe(
            f"  published {d['published'] or 'undated (retrieved ' + d['retrieved_at'][:10] + ')'}"
            f" · publisher {d['publisher'] or '-'} · {d['url'] or d['path'] or d['name']}"
        )
    )
    if d["near_duplicate_of"]:
        out.print(
            safe(
                f"  syndicated copy of document {d['near_duplicate_of']} (similarity {d['similarity']:.2f}); "
                "not counted as independent confirmation"
            )
        )
    if s:
        grade = f"grade {s['grade']} ({GRADE_MEANINGS[s['grade']]})" if s["grade"] else "ungraded"
        details = [
            v
            for v in (
                s["role"] if s["label"] != s["role"] else None,
                s["org"] if s["label"] != s["org"] else None,
                s["country"],
            )
            if v
        ]
        out.print(safe(f"source {s['id']}: {s['label']}" + "".join(f", {v}" for v in details) + f" · {grade}"))
    else:
        out.print(Text("source: the document's own voice"))
    out.print(
        safe(
            f"reported by {detail.independent_documents} independent document(s)"
            + (f"; {len(detail.syndicated_copies)} syndicated cop(ies) linked" if detail.syndicated_copies else "")
        )
    )


DOCUMENT_TABLE_COLUMNS = ["id", "published_on", "name", "title", "publisher", "claims", "near_duplicate_of"]

documents_app = typer.Typer(
    help="List stored documents, or date one by hand (`documents date ID DATE`).", invoke_without_command=True
)
app.add_typer(documents_app, name="documents")


def _document_row(row: dict) -> dict:
    when = row["published_on"] or "undated"
    if row.get("published_source") == "hand":
        when += " (by hand)"
    return {**row, "published_on": when}


@documents_app.callback()
def documents_cmd(
    ctx: typer.Context,
    db: str | None = DbOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    undated: bool = typer.Option(False, "--undated", help="Only documents without a publication date."),
    search: str | None = typer.Option(None, "--search", help="Words in the title, name or publisher."),
    fmt: ListFormat = FormatOption,
    limit: int | None = LimitOption,
    offset: int = OffsetOption,
    bom: bool | None = BomOption,
) -> None:
    """List stored documents with their claim counts; near-duplicates show the document they copy,
    undated documents say so (`documents date ID DATE` dates one by hand)."""
    from armsledger.ledger.queries import count_documents, list_documents

    if ctx.invoked_subcommand is not None:
        return
    when, held = _as_of(as_of), _recorded_by(recorded_by)
    page = _page(fmt, limit)
    with _open(db) as database:
        rows = list_documents(
            database, as_of=when, recorded_by=held, text=search, undated=undated, limit=page, offset=offset
        )
        total = (
            count_documents(database, as_of=when, recorded_by=held, text=search, undated=undated)
            if (page and len(rows) >= page) or offset
            else len(rows)
        )
        if fmt is ListFormat.table:
            print_rows([_document_row(r) for r in rows], fmt.value, DOCUMENT_TABLE_COLUMNS)
            stderr_line(count_line("document(s)", len(rows), total, offset=offset))
        else:
            print_rows(
                rows, fmt.value, list(rows[0]) if rows and fmt is ListFormat.csv else DOCUMENT_TABLE_COLUMNS, bom=bom
            )
        if not undated:
            _note_undated(database, when, held)


@documents_app.command("date")
def document_date_cmd(
    document_id: int = typer.Argument(..., min=1, help="Document id (from `armsledger documents --undated`)."),
    published: str = typer.Argument(..., help="Its publication date (YYYY-MM-DD)."),
    db: str | None = DbOption,
) -> None:
    """Date a document by hand; its claims are extracted again against that date (old ones kept as history)."""
    from armsledger.ledger.store import Ledger
    from armsledger.pipeline.dating import date_document

    day = parse_date(published, option="DATE")
    assert day is not None
    with _open(db) as database:
        result = date_document(Ledger(database), document_id, day)
    was = f"was {result.previous}" if result.previous else "was undated"
    stderr_line(
        f"document {result.document_id} ({result.name}) dated {result.published} by hand ({was}); "
        f"{result.claims_added} claim(s) now dated, {result.claims_superseded} kept as history"
    )
    if result.note:
        print_message("warning", result.note, style="yellow")


SOURCE_TABLE_COLUMNS = ["id", "label", "role", "org", "country", "grade", "claims", "aliases"]
SOURCE_CSV_COLUMNS = [
    "id",
    "label",
    "name",
    "role",
    "org",
    "country",
    "grade",
    "graded_at",
    "first_seen",
    "aliases",
    "claims",
]


@app.command("sources")
def sources_cmd(
    db: str | None = DbOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    country: str | None = typer.Option(None, "--country", help="Only sources of this country (a code or name)."),
    grade: str | None = typer.Option(None, "--grade", help="Only sources with this grade (A–F)."),
    fmt: ListFormat = FormatOption,
    limit: int | None = LimitOption,
    offset: int = OffsetOption,
    bom: bool | None = BomOption,
) -> None:
    """List sources (people, organisations, roles) with their grade, aliases and number of claims."""
    from armsledger.codes import resolve_actor
    from armsledger.ledger.queries import count_sources, list_sources

    when, held = _as_of(as_of), _recorded_by(recorded_by)
    code = resolve_actor(country, option="--country") if country else None
    page = _page(fmt, limit)
    with _open(db) as database:
        rows = list_sources(
            database, as_of=when, recorded_by=held, country=code, grade=grade, limit=page, offset=offset
        )
        total = (
            count_sources(database, as_of=when, recorded_by=held, country=code, grade=grade)
            if (page and len(rows) >= page) or offset
            else len(rows)
        )
        _note_undated(database, when, held)
    if fmt is not ListFormat.jsonl:
        rows = [{**r, "aliases": "; ".join(r["aliases"])} for r in rows]
    print_rows(rows, fmt.value, SOURCE_CSV_COLUMNS if fmt is ListFormat.csv else SOURCE_TABLE_COLUMNS, bom=bom)
    if fmt is ListFormat.table:
        stderr_line(count_line("source(s)", len(rows), total, offset=offset))


@source_app.command("grade")
def grade_cmd(
    name: str = typer.Argument(..., help="Source name (or a unique part of it), alias or id."),
    grade: str = typer.Argument(..., help="Admiralty reliability grade: A (reliable) … E (unreliable), F (unknown)."),
    db: str | None = DbOption,
    reason: str | None = ReasonOption,
    reviewer: str | None = ReviewerOption,
) -> None:
    """Set a source's Admiralty reliability grade (A–F); kept in the audit trail with who, when and why."""
    from armsledger.ledger.records import GRADE_MEANINGS
    from armsledger.review import default_reviewer, grade_source

    with _open(db) as database:
        record = grade_source(database, name, grade, reviewer=reviewer or default_reviewer(), reason=reason)
    source = record["source"]
    stderr_line(
        f"source {source['id']} ({source['label']}) graded {source['grade']}: {GRADE_MEANINGS[str(source['grade'])]}"
    )


def _merge_lines(result: Any) -> None:
    kept = result.kept
    if result.merged:
        stderr_line(
            f"merged {', '.join(result.merged)} into source {kept['id']} ({kept['label']}); "
            f"{result.claims_moved} claim(s) moved"
        )
    stderr_line(
        f"source {kept['id']} ({kept['label']}) is also known as: {', '.join(result.aliases) or '-'}; "
        "later ingests file these names under it"
    )


@source_app.command("merge")
def merge_cmd(
    keep: str = typer.Argument(..., help="The source to keep: name, unique part of it, alias or id."),
    others: list[str] = typer.Argument(..., help="Sources to merge into it (their names become its aliases)."),
    db: str | None = DbOption,
    reason: str | None = ReasonOption,
    reviewer: str | None = ReviewerOption,
) -> None:
    """Merge duplicate sources ("NIS", "National Intelligence Service") into one: claims move, names become aliases;
    kept in the audit trail."""
    from armsledger.ledger.sources import MergeResult
    from armsledger.review import default_reviewer, merge_sources

    with _open(db) as database:
        record = merge_sources(database, keep, others, reviewer=reviewer or default_reviewer(), reason=reason)
    _merge_lines(
        MergeResult(
            kept=record["source"],
            merged=record["merged"],
            claims_moved=record["claims_moved"],
            aliases=record["source"]["aliases"],
        )
    )


@source_app.command("alias")
def alias_cmd(
    source: str = typer.Argument(..., help="The source: name, unique part of it, alias or id."),
    alias: str = typer.Argument(..., help="Another name of it; claims stored under this name go to the source."),
    db: str | None = DbOption,
) -> None:
    """Record another name of a source: later ingests file it under the source; a source already stored under
    that name is merged into it."""
    from armsledger.ledger.store import Ledger

    with _open(db) as database:
        result = Ledger(database).add_source_alias(source, alias)
    _merge_lines(result)


@app.command("export")
def export_cmd(
    what: str = typer.Argument(
        ...,
        help="claims, documents, sources, all (every table as a sheet; xlsx), ftm "
        "(FollowTheMoney entities), reviews (--format gold), or datasette "
        "(metadata.yml for datasette).",
    ),
    db: str | None = DbOption,
    fmt: str = typer.Option(
        "jsonl", "--format", help="csv, jsonl, parquet or xlsx (ftm is always JSON Lines; reviews: gold)."
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write (default stdout; parquet and "
        "xlsx need a file; reviews: a folder gets "
        "the texts and gold.jsonl).",
    ),
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    bom: bool | None = BomOption,
    partial: bool = typer.Option(
        False,
        "--partial",
        help="reviews: also documents whose claims are not all reviewed (with the reviewed claims only).",
    ),
) -> None:
    """Export claims, documents or sources (CSV, JSON Lines, Parquet, Excel), the whole ledger as FtM entities, or
    reviewed claims as a gold corpus; never truncated."""
    from armsledger.ledger.errors import ExportError
    from armsledger.ledger.exports import ALL, TABLES
    from armsledger.ledger.exports import export as export_table
    from armsledger.ledger.ftm import write_ftm

    if what == "reviews":
        _export_gold(db, fmt, output, partial)
        return
    if what == "datasette":
        _export_datasette(db, output)
        return
    when, held = _as_of(as_of), _recorded_by(recorded_by)
    if what not in (*TABLES, ALL, "ftm"):
        raise ExportError(f"cannot export {what!r}; choose claims, documents, sources, all, ftm, reviews or datasette")
    if fmt not in ExportFormat.__members__:
        raise ExportError(f"--format {fmt!r} is not one of: {', '.join(ExportFormat.__members__)}")
    with _open(db) as database:
        if what == "ftm":
            if output and output != "-":
                try:
                    with open(output, "w", encoding="utf-8") as fh:
                        n = write_ftm(database, fh, as_of=when, recorded_by=held)
                except OSError as exc:
                    raise ExportError(f"cannot write {output}: {exc.strerror}") from None
            else:
                n = write_ftm(database, sys.stdout, as_of=when, recorded_by=held)
        else:
            n = export_table(database, what, fmt, output, as_of=when, recorded_by=held, bom=bom)
        _note_undated(database, when, held)
    noun = "entities" if what == "ftm" else ("rows" if what == ALL else what)
    stderr_line(f"exported {n} {noun}" + (f" to {output}" if output and output != "-" else ""))


def _export_datasette(db: str | None, output: str | None) -> None:
    """`export datasette -o metadata.yml`: labels, facets, search and canned queries for datasette."""
    from armsledger.ledger.errors import ExportError
    from armsledger.present.datasette import write_metadata

    if not output or output == "-":
        raise ExportError("export datasette writes a file: -o metadata.yml")
    with _open(db) as database:
        if database.backend != "sqlite":
            raise ExportError("datasette reads SQLite ledgers only")
        name = Path(database.display_url).stem
    try:
        write_metadata(output, name)
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}") from None
    stderr_line(f"wrote {output}: datasette {database.display_url} -m {output}")


def _export_gold(db: str | None, fmt: str, output: str | None, partial: bool) -> None:
    """`export reviews --format gold`: reviewed claims as gold lines (stdout or a file) or a corpus folder."""
    from armsledger.ledger.errors import ExportError
    from armsledger.review.gold import write_gold

    if fmt != "gold":
        raise ExportError("reviews are exported as a gold corpus: --format gold")
    with _open(db) as database:
        if not output or output == "-":
            result = write_gold(database, sys.stdout, partial=partial)
        elif output.endswith(".jsonl"):
            try:
                with open(output, "w", encoding="utf-8") as fh:
                    result = write_gold(database, fh, partial=partial)
            except OSError as exc:
                raise ExportError(f"cannot write {output}: {exc.strerror}") from None
        else:
            try:
                result = write_gold(database, output, partial=partial)
            except OSError as exc:
                raise ExportError(f"cannot write {output}: {exc.strerror}") from None
    stderr_line(
        f"exported {result.claims} reviewed claim(s) of {result.documents} document(s)"
        + (f" to {output}" if output and output != "-" else "")
        + (
            f"; {len(result.skipped)} document(s) left out, not every claim reviewed (--partial writes them)"
            if result.skipped
            else ""
        )
    )


@app.command("summary")
def summary_cmd(
    db: str | None = DbOption,
    as_of: str | None = AsOfOption,
    recorded_by: str | None = RecordedByOption,
    fmt: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Summarise the ledger: documents, near-duplicates, claims by kind, top transfers, sources."""
    from armsledger.ledger.queries import ledger_summary

    when, held = _as_of(as_of), _recorded_by(recorded_by)
    with _open(db) as database:
        summary = ledger_summary(database, as_of=when, recorded_by=held)
    if fmt == "json":
        sys.stdout.write(json.dumps(summary) + "\n")
        return
    print_summary(summary)


def print_summary(summary: dict, console: Console | None = None) -> None:
    """Print a ledger summary (from `ledger_summary`) as text and a table of top transfers."""
    console = console or out_console()
    console.print(
        safe(
            f"{summary['documents']} documents ({summary['near_duplicates']} near-duplicates linked), "
            f"{summary['claims']} claims (+{summary['syndicated_claims']} in syndicated copies), "
            f"{summary['sources']} sources ({summary['graded_sources']} graded)"
            + (f", as of {summary['as_of']}" if summary["as_of"] else "")
            + (f", as recorded by {summary['recorded_by']}" if summary.get("recorded_by") else "")
        )
    )
    if summary.get("undated_documents"):
        console.print(
            safe(
                f"{summary['undated_documents']} undated document(s) "
                + ("not counted" if summary["as_of"] else "included, without a date")
                + " — `armsledger documents --undated`"
            )
        )
    if summary["claims_by_kind"]:
        console.print(safe("by kind: " + ", ".join(f"{k} {n}" for k, n in summary["claims_by_kind"].items())))
    if summary["top_transfers"]:
        console.print(
            rows_table(
                ["supplier", "recipient", "item", "claims", "documents"],
                summary["top_transfers"],
                title="Top transfers",
            )
        )
