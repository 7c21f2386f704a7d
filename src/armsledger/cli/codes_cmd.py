"""`armsledger codes`: list the actor, item and unit codes, with the names each option accepts."""

from __future__ import annotations

import json
import sys
from enum import Enum

import typer

from armsledger.cli import app


class CodeKind(str, Enum):
    actors = "actors"
    items = "items"
    units = "units"


class CodesFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


@app.command("codes")
def codes_cmd(
    kind: CodeKind = typer.Argument(..., help="actors, items or units."),
    search: str = typer.Option(
        None, "--search", "-s", help="Only codes whose code, name or an alias contains this text (case-insensitive)."
    ),
    fmt: CodesFormat = typer.Option(CodesFormat.table, "--format", help="table, jsonl or csv."),
) -> None:
    """List actor, item or unit codes with their names and aliases; every option takes a code or any of its names."""
    from armsledger.cli.output import print_rows, stderr_line
    from armsledger.codes import search_codes

    entries = search_codes(kind.value, search)
    rows = [{"code": e.code, "name": e.name, "type": e.type, "aliases": "; ".join(e.aliases)} for e in entries]
    if fmt is CodesFormat.jsonl:
        for e in entries:
            sys.stdout.write(
                json.dumps(
                    {"code": e.code, "name": e.name, "type": e.type, "aliases": list(e.aliases)}, ensure_ascii=False
                )
                + "\n"
            )
    else:
        print_rows(rows, fmt.value, ["code", "name", "type", "aliases"])
    if fmt is CodesFormat.table:
        stderr_line(f"{len(entries)} {kind.value}" + (f" matching {search!r}" if search else ""))
    if not entries:
        raise typer.Exit(1)
