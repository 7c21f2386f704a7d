"""`armsledger demo`: extract the bundled sample reports and show their claims."""

from __future__ import annotations

from importlib import resources

import typer
from rich.console import Console

from armsledger.cli import app
from armsledger.cli.output import print_table
from armsledger.extract.batch import extract_inputs


def sample_paths() -> list[str]:
    """The bundled sample reports, in name order."""
    folder = resources.files("armsledger").joinpath("samples")
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith((".txt", ".html", ".md")))


@app.command()
def demo() -> None:
    """Extract the bundled sample reports and print their claims as a table."""
    result = extract_inputs(sample_paths())
    claims = [c.to_json_dict() for c in result.claims]
    print_table(claims, title=f"{len(claims)} claims from {result.documents} bundled sample report(s)")
    if result.failed:
        Console(stderr=True).print(f"{len(result.failed)} sample(s) failed")
        raise typer.Exit(1)
