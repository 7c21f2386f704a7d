"""The command-line interface: thin Typer commands over library functions.

Each command module registers its commands on `app` when imported; the list below is the
whole CLI.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="armsledger",
    help="Extract, store and reconcile open-source claims about arms transfers, production, use and stocks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from armsledger.cli import extract_cmd, eval_cmd, demo_cmd  # noqa: E402,F401  (registration)
from armsledger.cli import ledger_cmd  # noqa: E402,F401  (registration)
from armsledger.cli import reconcile_cmd  # noqa: E402,F401  (registration)
from armsledger.cli import model_cmd  # noqa: E402,F401  (registration)


def main() -> None:
    app()
