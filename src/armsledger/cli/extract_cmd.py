"""`armsledger extract`: print the claims of files, folders or standard input."""

from __future__ import annotations

from datetime import date
from enum import Enum

import typer
from rich.console import Console
from rich.text import Text

from armsledger.budget.batch import extract_inputs
from armsledger.cli import app
from armsledger.cli.output import known_errors, print_table, write_csv, write_jsonl


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@app.command()
def extract(
    inputs: list[str] = typer.Argument(None, help="Files (.txt, .md, .html), folders, or - for standard input."),
    published: str = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) relative dates resolve "
                                  "against; default: a date found in the document."),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl (SCHEMA.md claims), table or csv."),
) -> None:
    """Extract claims (transfers, production, use, stocks, quality) from reports."""
    err = Console(stderr=True)
    pub = parse_date(published)
    with known_errors():
        # messages are printed as text, never as Rich markup ("no[/red].txt" is a file name)
        result = extract_inputs(
            inputs or ["-"], published=pub,
            on_error=lambda name, message: err.print(Text(f"error: {message}", style="red"), soft_wrap=True),
            on_note=lambda name, message: err.print(Text(f"note: {message}", style="yellow"), soft_wrap=True))
    claims = [c.to_json_dict() for c in result.claims]
    if fmt is Format.jsonl:
        write_jsonl(claims)
    elif fmt is Format.csv:
        write_csv(claims)
    else:
        print_table(claims, title=f"{len(claims)} claims from {result.documents} document(s)")
    if result.failed:
        err.print(f"{len(result.failed)} of {result.documents + len(result.failed)} input(s) failed", highlight=False)
        raise typer.Exit(1)
