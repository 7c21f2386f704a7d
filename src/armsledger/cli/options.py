"""Options several command groups share: which ledger, and the two time axes (knowledge time and audit time)."""

from __future__ import annotations

import typer

DbOption = typer.Option(
    None,
    "--db",
    help="Ledger database URL or SQLite file (default: ARMSLEDGER_DATABASE_URL, "
    "else ledger.db in the user data directory).",
)
AsOfOption = typer.Option(
    None,
    "--as-of",
    help="Knowledge time: only what had been published by this date "
    "(YYYY-MM-DD; YYYY-MM and YYYY mean the period's last day), from the "
    "documents' publication dates; undated documents are left out and "
    "counted.",
)
RecordedByOption = typer.Option(
    None,
    "--recorded-by",
    help="Audit time: only what this ledger held at the end of "
    "this date (YYYY-MM-DD, YYYY-MM or YYYY, as --as-of): "
    "claims recorded by then and not yet superseded.",
)
