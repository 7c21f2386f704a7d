"""The command-line interface: thin Typer commands over library functions.

Each command module registers its commands on `app` when imported; the list below is the
whole CLI. Command modules import only Typer and Rich at the top and load the library (spaCy,
SQLAlchemy, pyarrow…) inside the command, so `armsledger --help` starts fast
(`benchmarks/bench_startup.py`).
"""

from __future__ import annotations

import logging

import typer

from armsledger.cli.errors import ArmsledgerGroup

app = typer.Typer(
    name="armsledger",
    help="Extract, store and reconcile open-source claims about arms transfers, production, use and stocks.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=ArmsledgerGroup,
)


def version_text() -> str:
    """The package, extractor and claim schema versions, one per line."""
    from armsledger import __version__
    from armsledger.extract.extractor import EXTRACTOR_VERSION
    from armsledger.model import SCHEMA_VERSION

    return f"armsledger {__version__}\nextractor {EXTRACTOR_VERSION}\nclaim schema {SCHEMA_VERSION}"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print the package, extractor and claim schema versions and exit.",
    ),
    verbose: bool = typer.Option(
        False,
        "--verbose",
        help="Also show the warnings of the libraries armsledger uses (e.g. pypdf's on damaged PDFs).",
    ),
) -> None:
    """Extract, store and reconcile open-source claims about arms transfers, production, use and stocks."""
    # pypdf logs a warning per oddity of a damaged PDF (thousands on some files); the document's
    # one-line outcome is what a user needs, so they are shown only when asked for.
    logging.getLogger("pypdf").setLevel(logging.WARNING if verbose else logging.CRITICAL)


# The command modules register themselves on `app` when imported, so they come after it, in the order
# `armsledger --help` lists the commands.
# isort: off
from armsledger.cli import extract_cmd, eval_cmd, demo_cmd  # noqa: E402,F401
from armsledger.cli import ledger_cmd  # noqa: E402,F401
from armsledger.cli import reconcile_cmd  # noqa: E402,F401
from armsledger.cli import codes_cmd  # noqa: E402,F401
from armsledger.cli import model_cmd  # noqa: E402,F401
from armsledger.cli import serve_cmd, review_cmd  # noqa: E402,F401
# isort: on


def main() -> None:
    app()
