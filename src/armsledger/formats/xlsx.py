"""Excel workbooks (openpyxl, streamed): one sheet per table, a frozen bold header with filters,
dates as dates, numbers as numbers, long text wrapped.

Text is always stored as text, never as a formula, so a cell reading `=HYPERLINK(…)` stays
inert. Characters XML cannot hold are dropped and cells are cut at Excel's 32,767 characters
(marked `[truncated]`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

EXCEL_CELL_LIMIT = 32_767
TRUNCATED = " […truncated]"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

#: columns holding ISO dates or timestamps as text in some rows, written as dates
DATE_COLUMNS = frozenset({"said_on", "published", "published_on"})
DATETIME_COLUMNS = frozenset(
    {"recorded_at", "superseded_at", "retrieved_at", "graded_at", "first_seen", "started_at", "finished_at"}
)
#: columns of running text: wide and wrapped
WRAPPED_COLUMNS = {"evidence_text": 80, "text": 80, "title": 50, "aliases": 60, "quantity_text": 24}
WIDE_COLUMNS = {
    "doc": 28,
    "name": 30,
    "source_name": 24,
    "source_org": 24,
    "source_role": 22,
    "url": 40,
    "path": 30,
    "publisher": 20,
    "cues": 18,
    "extractor_version": 22,
    "content_hash": 20,
}
DEFAULT_WIDTH = 13


@dataclass
class Sheet:
    """One sheet to write: its name, column names and rows (dicts keyed by column)."""

    name: str
    columns: tuple[str, ...]
    rows: Iterable[Mapping[str, Any]]


def _text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return value


def _typed(column: str, value: Any) -> Any:
    """The value as Excel should hold it: dates and timestamps parsed, everything else unchanged."""
    if isinstance(value, str) and column in DATE_COLUMNS:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and column in DATETIME_COLUMNS:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _cell(ws: Any, column: str, value: Any, wrap: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    value = _typed(column, value)
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=_text(value))
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
        if column in WRAPPED_COLUMNS:
            cell.alignment = wrap
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _write_sheet(wb: Any, sheet: Sheet) -> int:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet.name[:31])
    ws.freeze_panes = "A2"
    for i, column in enumerate(sheet.columns, start=1):
        width = WRAPPED_COLUMNS.get(column) or WIDE_COLUMNS.get(column) or max(DEFAULT_WIDTH, len(column) + 2)
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    header = []
    for column in sheet.columns:
        cell = _cell(ws, "", column, None)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    n = 0
    for row in sheet.rows:
        ws.append([_cell(ws, c, row.get(c), wrap) for c in sheet.columns])
        n += 1
    last = get_column_letter(max(1, len(sheet.columns)))
    ws.auto_filter.ref = f"A1:{last}{n + 1}"
    return n


def write_xlsx(path: str | Path, sheets: Iterable[Sheet]) -> dict[str, int]:
    """Write the sheets to an .xlsx file at `path`; returns the row count of each sheet."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    counts = {sheet.name: _write_sheet(wb, sheet) for sheet in sheets}
    wb.save(str(path))
    return counts
