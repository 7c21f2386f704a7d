"""The project's one CSV writer: spreadsheet-safe by default.

Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
or a carriage return: OWASP's CSV-injection rule) get a leading apostrophe; numbers are written
as numbers and left alone. An optional UTF-8 byte-order mark makes Excel read non-ASCII text
right (setting `csv_bom`, or `--bom`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(text: str) -> str:
    """`text` made inert for spreadsheets: an apostrophe before a formula-like start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: ISO dates, true/false, empty for None, neutralised text, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    return neutralise(str(value))


def write_csv(
    columns: Iterable[str],
    rows: Iterable[Mapping[str, Any]],
    out: IO[str],
    *,
    bom: bool | None = None,
    header: bool = True,
) -> int:
    """Write `rows` (extra keys ignored, missing ones empty) under a header of `columns`; returns the
    row count. `bom` None follows the `csv_bom` setting."""
    if bom is None:
        from armsledger.settings import get_setting

        bom = bool(get_setting("csv_bom"))
    fields = list(columns)
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow([neutralise(f) for f in fields])
    n = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(f)) for f in fields])
        n += 1
    return n
