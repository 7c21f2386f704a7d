"""`armsledger demo`: ingest the bundled sample reports into a fresh ledger and show what it holds."""

from __future__ import annotations

import typer

from armsledger.cli import app


@app.command()
def demo(
    db: str = typer.Option(
        None,
        "--db",
        help="Keep the demo ledger here (a SQLite file or database URL); "
        "default: a temporary ledger, removed at the end.",
    ),
) -> None:
    """Ingest the bundled sample reports into a fresh demo ledger and print its summary and claims."""
    from armsledger.cli.ledger_cmd import print_summary
    from armsledger.cli.output import out_console, print_table, stderr_line
    from armsledger.pipeline.demo import demo_ledger

    with demo_ledger(db) as result:
        out = out_console()
        out.print(
            f"Ingested {result.ingest.processed} sample report(s): {result.ingest.new} new, "
            f"{result.ingest.duplicate} already in the ledger, {result.ingest.failed} failed; "
            f"{result.ingest.claims_added} claims added.",
            markup=False,
        )
        print_summary(result.summary, out)
        print_table(result.claims, title=f"Claims in the demo ledger ({len(result.claims)})")
        if result.kept:
            stderr_line(f"Demo ledger kept at {result.location}; explore it: armsledger claims --db {result.location}")
        else:
            stderr_line(
                "The temporary demo ledger is removed now; `armsledger demo --db demo.db` keeps one to explore."
            )
