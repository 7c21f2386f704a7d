"""Rendering for the CLI: Rich tables for people, JSON Lines and spreadsheet-safe CSV for programs.

Every value from a document or a user (names, evidence, titles) is printed as plain text with
control characters escaped, never as Rich markup. Only Typer and Rich load here; the library
is imported by the commands when they run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from armsledger.cli.errors import known_errors, print_message  # noqa: F401  (known_errors: re-exported)
from armsledger.sanitize import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

OUTPUT_FORMATS = ("table", "jsonl", "csv")


@lru_cache(maxsize=4)
def _stdout(file_id: int) -> Console:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console.width = max(console.width, 160)  # piped or captured: do not squeeze tables into 80 columns
    return console


def out_console() -> Console:
    """The console for stdout (a new one when tests swap sys.stdout)."""
    return _stdout(id(sys.stdout))


def safe(value: object, style: str = "") -> Text:
    """A table cell or line: plain text, control characters escaped, empty for None."""
    from rich.text import Text

    return Text("" if value is None else terminal_safe(value), style=style)


def stderr_line(message: str) -> None:
    """A plain status line on stderr (counts, hints)."""
    print_message("", message)


def rows_table(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], title: str | None = None) -> Table:
    """A Rich table of `columns` with one row per mapping, every cell plain text."""
    from rich.table import Table

    table = Table(*columns, title=title, show_lines=False, header_style="bold")
    for row in rows:
        table.add_row(*(safe(row.get(c)) for c in columns))
    return table


def _json_default(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_jsonl(rows: Iterable[Mapping[str, Any]], stream: IO[str] | None = None) -> int:
    """One JSON object per line on `stream` (stdout); returns the count."""
    out = stream or sys.stdout
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        n += 1
    out.flush()
    return n


def write_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], *, bom: bool | None = None) -> int:
    """Spreadsheet-safe CSV on stdout (armsledger.formats.csvfile); returns the row count."""
    from armsledger.formats.csvfile import write_csv as csv_writer

    return csv_writer(columns, rows, sys.stdout, bom=bom)


def print_rows(
    rows: Iterable[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    bom: bool | None = None,
    title: str | None = None,
) -> int:
    """Rows as a table, JSON Lines or CSV on stdout; returns how many were printed."""
    if fmt == "jsonl":
        return write_jsonl(rows)
    if fmt == "csv":
        return write_csv(columns, rows, bom=bom)
    rows = list(rows)
    out_console().print(rows_table(columns, rows, title))
    return len(rows)


def count_line(noun: str, shown: int, total: int, *, offset: int = 0) -> str:
    """`338 claims`, or `50 of 338 claims (1–50); --limit 0 shows all, --offset 50 the next 50`."""
    if shown >= total and offset == 0:
        return f"{total} {noun}"
    first, last = (offset + 1, offset + shown) if shown else (offset, offset)
    line = f"{shown} of {total} {noun} ({first}–{last})"
    if last < total:
        line += f"; --limit 0 shows all, --offset {last} the next {min(shown or 50, total - last)}"
    return line


def format_quantity(q: Mapping[str, Any] | None) -> str:
    """A quantity for people: `~6,700 container`, `≥100,000`, `0.2 fraction`."""
    if not q:
        return "—"

    def num(v: float) -> str:
        if q.get("unit") == "fraction":
            return f"{v:g}"
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"

    value = num(q["value"]) + (f"–{num(q['value_high'])}" if q.get("value_high") is not None else "")
    mark = {"approx": "~", "at_least": "≥", "at_most": "≤", "range": "", "exact": ""}.get(q.get("qualifier") or "", "")
    unit = "" if q.get("unit") == "item" else f" {q['unit']}"
    per = f"/{q['per']}" if q.get("per") else ""
    return f"{mark}{value}{unit}{per}"


def claims_table(claims: list[dict], title: str | None = None) -> Table:
    """A Rich table of SCHEMA claims: who, what, how much, how sure, who says so and when."""
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in ("doc", "kind", "from → to / actor", "item", "quantity", "status", "hedge", "source", "said on"):
        table.add_column(col, overflow="fold")
    for c in claims:
        who = (
            f"{c.get('supplier') or '?'} → {c.get('recipient') or '?'}"
            if c["kind"] == "transfer"
            else (c.get("actor") or "?")
        )
        src = c.get("source") or {}
        source = ", ".join(x for x in (src.get("name"), src.get("role"), src.get("org"), src.get("country")) if x)
        status = c["status"] + (" (denied)" if c["polarity"] == "denied" else "")
        if c.get("by"):
            status += f" by {c['by']}"
        hedge = ", ".join(c.get("cues") or []) if c.get("hedged") else ""
        table.add_row(
            *(
                safe(v)
                for v in (
                    c.get("doc") or "",
                    c["kind"],
                    who,
                    c["item"],
                    format_quantity(c.get("quantity")),
                    status,
                    hedge,
                    source or "(document)",
                    c.get("said_on") or "",
                )
            )
        )
    return table


def print_table(claims: list[dict], title: str | None = None) -> None:
    """Print SCHEMA claims as a table on stdout."""
    out_console().print(claims_table(claims, title))


def skipped_line(skipped: list[tuple[str, str]], shown: int = 3) -> str:
    """One line for files of folders that are not documents: how many, and the first few names."""
    names = ", ".join(Path(location).name for location, _ in skipped[:shown])
    more = f" and {len(skipped) - shown} more" if len(skipped) > shown else ""
    return (
        f"skipped {len(skipped)} file(s) in folders that are not documents ({names}{more}); "
        "name a file to read it anyway"
    )
