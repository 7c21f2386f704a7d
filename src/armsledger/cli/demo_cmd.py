"""`armsledger demo`: ingest the bundled sample reports into a fresh ledger and show what it holds."""

from __future__ import annotations

import typer
from rich.console import Console

from armsledger.cli import app
from armsledger.cli.output import known_errors, print_table
from armsledger.ledger.demo import run_demo
from armsledger.ledger.db import connect
from armsledger.ledger.queries import list_claims


@app.command()
def demo(db: str = typer.Option(None, "--db", help="Database URL for the demo ledger (default: a new SQLite file).")) -> None:
    """Ingest the bundled sample reports into a fresh demo ledger and print its summary and claims."""
    from armsledger.cli.ledger_cmd import print_summary

    console = Console()
    with known_errors():
        result = run_demo(db)
    ingest = result["ingest"]
    console.print(f"Demo ledger: {result['database']}", highlight=False, soft_wrap=True)
    console.print(f"ingested: {ingest}", highlight=False, soft_wrap=True)
    print_summary(result["summary"], console)
    database = connect(result["database"])
    try:
        claims = list_claims(database)
    finally:
        database.dispose()
    print_table(claims, title="Claims in the demo ledger")
    console.print(f"Explore it: armsledger claims --db {result['database']}", highlight=False, soft_wrap=True)
