"""`armsledger extract`: print the claims of files, folders, URLs or standard input."""

from __future__ import annotations

from enum import Enum

import typer

from armsledger.cli import app
from armsledger.cli.errors import EXIT_ERROR, print_message


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


@app.command()
def extract(
    inputs: list[str] = typer.Argument(
        None, help="Files (.txt, .md, .html, .pdf, .jsonl corpora, feeds), folders, URLs, or - for standard input."
    ),
    published: str = typer.Option(
        None,
        "--published",
        help="Publication date (YYYY-MM-DD) relative dates resolve against; default: a date found in the document.",
    ),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl (SCHEMA.md claims), table or csv."),
    bom: bool = typer.Option(
        None, "--bom/--no-bom", help="Start CSV with a UTF-8 byte-order mark (for Excel); default: the csv_bom setting."
    ),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow URLs on private, loopback or link-local addresses."
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        min=1,
        max=1024,
        help="Extract on a local Dask cluster of N worker processes; claims come out in input order, as without it.",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Extract on the running Dask cluster whose "
        "scheduler is at this address (tcp://HOST:8786); default: the "
        "dask_scheduler setting.",
    ),
    keep_all: bool = typer.Option(
        False,
        "--keep-all",
        help="Keep every claim the rules propose: the learned claim filter is not applied (the widest net, for a "
        "new kind of source or a single sentence; more of what comes out is wrong).",
    ),
) -> None:
    """Extract claims (transfers, production, use, stocks, quality) from reports."""
    from armsledger.cli.output import (
        print_table,
        skipped_line,
        stderr_line,
        write_csv,
        write_jsonl,
    )
    from armsledger.dates import parse_date
    from armsledger.formats.columns import CLAIM_COLUMNS, flatten_claim
    from armsledger.python_api.extraction import extract_files

    day = parse_date(published, option="--published")
    result = extract_files(
        inputs or ["-"],
        day,
        allow_private=allow_private or None,
        on_error=lambda _where, reason: print_message("error", reason, style="red"),
        on_note=lambda _where, note: print_message("note", note, style="yellow"),
        workers=workers,
        scheduler=scheduler,
        keep_all=keep_all,
    )
    claims = [c.to_json_dict() for c in result.claims]
    if fmt is Format.jsonl:
        write_jsonl(claims)
    elif fmt is Format.csv:
        write_csv(CLAIM_COLUMNS, (flatten_claim(c) for c in claims), bom=bom)
    else:
        print_table(claims, title=f"{len(claims)} claims from {result.documents} document(s)")
    if result.skipped:
        stderr_line(skipped_line(result.skipped))
    if result.failed:
        stderr_line(f"{len(result.failed)} of {result.documents + len(result.failed)} input(s) failed")
        raise typer.Exit(EXIT_ERROR)
