"""`armsledger serve`: the HTTP API and dashboard over a ledger (armsledger.present)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from armsledger.cli import app
from armsledger.cli.output import stderr_line

if TYPE_CHECKING:
    from armsledger.present.server import ServerPlan


def _announce(plan: ServerPlan, ledger: str) -> None:
    stderr_line(
        f"armsledger serves {ledger} at {plan.url} (API: {plan.url}api/v1/, docs: {plan.url}docs); Ctrl-C stops"
    )
    if plan.login_url:
        stderr_line(f"reviews need a token; this run's login link: {plan.login_url}")


@app.command("serve")
def serve_cmd(
    db: str | None = typer.Option(
        None,
        "--db",
        help="Ledger database URL or SQLite file (default: "
        "ARMSLEDGER_DATABASE_URL, else ledger.db in the user data "
        "directory).",
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; anything but loopback needs --token-file."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    token_file: str | None = typer.Option(
        None,
        "--token-file",
        help="File of tokens allowed to write (one a line, "
        "`NAME TOKEN` or `TOKEN`); default: a token "
        "made for this run, printed with a login link.",
    ),
    allow_private: bool = typer.Option(
        False,
        "--allow-private",
        help="Let POST /api/v1/ingest fetch URLs on private, loopback or link-local addresses.",
    ),
    data_dir: str | None = typer.Option(
        None, "--data-dir", help="Folder of reconcile YAML files overriding the defaults."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="Server processes (each with its own connections and cache); one per core suits heavy use.",
    ),
) -> None:
    """Serve the dashboard and the JSON API (/api/v1, docs at /docs) over a ledger; reviews need a token."""
    from armsledger.present.server import serve

    serve(
        db,
        host=host,
        port=port,
        token_file=token_file,
        allow_private=allow_private,
        data_dir=data_dir,
        workers=workers,
        announce=_announce,
    )
