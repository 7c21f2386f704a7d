"""Exports of claims, documents and sources as CSV, JSON Lines, Parquet (pyarrow) or Excel (openpyxl).

Exports are never truncated: every row matching the filter is written, streamed in batches.
CSV goes through the project's one spreadsheet-safe writer (armsledger.formats.csvfile);
`all` writes the three tables as sheets of one workbook.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import and_, select

from armsledger.formats.csvfile import write_csv as _write_csv
from armsledger.formats.xlsx import Sheet, write_xlsx
from armsledger.ledger.asof import claim_visible, document_visible, source_visible
from armsledger.ledger.db import Database
from armsledger.ledger.errors import ExportError
from armsledger.ledger.queries import ClaimFilter, document_record, iter_claims, source_record
from armsledger.ledger.records import FLAT_CLAIM_COLUMNS
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow

FORMATS = ("csv", "jsonl", "parquet", "xlsx")
TABLES = ("claims", "documents", "sources")
#: what `export all --format xlsx` writes, one sheet each
ALL = "all"

DOCUMENT_COLUMNS = (
    "id",
    "name",
    "title",
    "url",
    "path",
    "publisher",
    "author",
    "language",
    "content_type",
    "published",
    "published_on",
    "undated",
    "published_source",
    "dated_at",
    "retrieved_at",
    "recorded_at",
    "content_hash",
    "near_duplicate_of",
    "similarity",
    "extractor_version",
    "extract_error",
    "text",
)
SOURCE_COLUMNS = ("id", "label", "name", "role", "org", "country", "grade", "graded_at", "first_seen", "aliases")

_STRING = pa.string()
PARQUET_TYPES: dict[str, pa.DataType] = {
    "id": pa.int64(),
    "document_id": pa.int64(),
    "source_id": pa.int64(),
    "caliber_mm": pa.int64(),
    "quantity_value": pa.float64(),
    "quantity_value_high": pa.float64(),
    "evidence_start": pa.int64(),
    "evidence_end": pa.int64(),
    "hedged": pa.bool_(),
    "syndicated": pa.bool_(),
    "published_on": pa.date32(),
    "recorded_at": pa.timestamp("us"),
    "superseded_at": pa.timestamp("us"),
    "near_duplicate_of": pa.int64(),
    "similarity": pa.float64(),
    "retrieved_at": pa.timestamp("us"),
    "published": pa.date32(),
    "graded_at": pa.timestamp("us"),
    "first_seen": pa.timestamp("us"),
    "said_on": pa.date32(),
    "undated": pa.bool_(),
    "dated_at": pa.timestamp("us"),
}


def _documents(db: Database, as_of: date | None, recorded_by: date | None, batch: int = 500) -> Iterator[dict]:
    last = 0
    visible = document_visible(as_of, recorded_by=recorded_by)
    while True:
        with db.read() as session:
            rows = list(
                session.scalars(
                    select(DocumentRow)
                    .where(and_(visible, DocumentRow.id > last))
                    .order_by(DocumentRow.id)
                    .limit(batch)
                )
            )
        if not rows:
            return
        for row in rows:
            yield {**document_record(row), "text": row.text}
        last = rows[-1].id


def _sources(db: Database, as_of: date | None, recorded_by: date | None) -> Iterator[dict]:
    from armsledger.ledger.queries import source_aliases

    query = select(SourceRow).where(source_visible(recorded_by)).order_by(SourceRow.id)
    if as_of is not None:  # sources with a claim published by then
        query = query.where(
            SourceRow.id.in_(select(ClaimRow.source_id).where(claim_visible(as_of, recorded_by=recorded_by)))
        )
    with db.read() as session:
        rows = list(session.scalars(query))
        aliases = source_aliases(session, [row.id for row in rows])
    for row in rows:
        yield {**source_record(row), "aliases": "; ".join(aliases[row.id])}


def records(
    db: Database,
    table: str,
    *,
    claim_filter: ClaimFilter | None = None,
    as_of: date | None = None,
    recorded_by: date | None = None,
    flat: bool = True,
) -> tuple[tuple[str, ...], Iterator[dict]]:
    """(columns, rows) of a table to export; claims honour `claim_filter` (default: every current claim,
    syndicated copies included and flagged by the `syndicated` column)."""
    if table == "claims":
        f = claim_filter or ClaimFilter(as_of=as_of, recorded_by=recorded_by, include_syndicated=True)
        return FLAT_CLAIM_COLUMNS, iter_claims(db, f, flat=flat)
    if table == "documents":
        return DOCUMENT_COLUMNS, _documents(db, as_of, recorded_by)
    if table == "sources":
        return SOURCE_COLUMNS, _sources(db, as_of, recorded_by)
    raise ExportError(f"cannot export {table!r}; choose one of: {', '.join(TABLES)}", table=table)


def write_csv(columns: Iterable[str], rows: Iterable[dict], out: IO[str], *, bom: bool | None = None) -> int:
    """Write rows as spreadsheet-safe CSV with a header; returns the row count (formats.csvfile)."""
    return _write_csv(columns, rows, out, bom=bom)


def _json_default(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_jsonl(rows: Iterable[dict], out: IO[str]) -> int:
    """Write one JSON object per line; returns the row count."""
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        n += 1
    return n


def _arrow_value(column: str, value: object) -> object:
    if value is None:
        return None
    wanted = PARQUET_TYPES.get(column, _STRING)
    try:
        if wanted == pa.date32() and isinstance(value, str):
            return date.fromisoformat(value)
        if wanted == pa.timestamp("us") and isinstance(value, str):
            return datetime.fromisoformat(value)
    except ValueError:
        return None  # not an ISO date: SCHEMA allows none here, so the cell is left empty
    if wanted == _STRING and not isinstance(value, str):
        return str(value)
    return value


def write_parquet(columns: Iterable[str], rows: Iterable[dict], path: Path, *, batch: int = 50_000) -> int:
    """Write rows to a Parquet file with typed columns, in row groups of `batch`; returns the row count."""
    cols = list(columns)
    schema = pa.schema([(c, PARQUET_TYPES.get(c, _STRING)) for c in cols])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        chunk: list[dict] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                writer.write_table(_table(chunk, cols, schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(_table(chunk, cols, schema))
            n += len(chunk)
    return n


def _table(chunk: list[dict], cols: list[str], schema: pa.Schema) -> pa.Table:
    data = {c: [_arrow_value(c, r.get(c)) for r in chunk] for c in cols}
    return pa.Table.from_pydict(data, schema=schema)


def arrow_table(rows: list[dict], columns: list[str]) -> pa.Table:
    """Rows as an Arrow table with the Parquet export's column types."""
    return _table(rows, columns, pa.schema([(c, PARQUET_TYPES.get(c, _STRING)) for c in columns]))


def _open_output(output: str | Path) -> IO[str]:
    try:
        return open(output, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}", output=str(output)) from None


def export(
    db: Database,
    table: str,
    fmt: str,
    output: str | Path | None = None,
    *,
    claim_filter: ClaimFilter | None = None,
    as_of: date | None = None,
    recorded_by: date | None = None,
    bom: bool | None = None,
) -> int:
    """Export `table` ("claims", "documents", "sources"; "all" for an xlsx workbook) as `fmt` to
    `output` (stdout when None or "-"); returns the number of rows (all sheets together).

    CSV, XLSX and Parquet hold flat rows (nested claim fields spread into columns); JSON Lines holds
    claims in the SCHEMA.md shape plus `id` and a `ledger` block. `bom` starts CSV with a UTF-8 BOM
    (None: the `csv_bom` setting).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}", format=fmt)
    if table == ALL and fmt != "xlsx":
        raise ExportError("`export all` writes one workbook: use --format xlsx (or export each table apart)")
    to_stdout = output is None or str(output) == "-"
    if fmt in ("parquet", "xlsx") and to_stdout:
        raise ExportError(f"{fmt} is binary: give an output file with --output FILE.{fmt}")
    if fmt == "xlsx":
        tables = TABLES if table == ALL else (table,)
        sheets = []
        for name in tables:
            columns, rows = records(
                db, name, claim_filter=claim_filter, as_of=as_of, recorded_by=recorded_by, flat=True
            )
            sheets.append(Sheet(name, tuple(columns), rows))
        try:
            return sum(write_xlsx(Path(str(output)), sheets).values())
        except OSError as exc:
            raise ExportError(f"cannot write {output}: {exc.strerror}", output=str(output)) from None
    columns, rows = records(
        db, table, claim_filter=claim_filter, as_of=as_of, recorded_by=recorded_by, flat=fmt != "jsonl"
    )
    try:
        if fmt == "parquet":
            return write_parquet(columns, rows, Path(str(output)))
        if to_stdout:
            return write_csv(columns, rows, sys.stdout, bom=bom) if fmt == "csv" else write_jsonl(rows, sys.stdout)
        with _open_output(str(output)) as fh:
            return write_csv(columns, rows, fh, bom=bom) if fmt == "csv" else write_jsonl(rows, fh)
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}", output=str(output)) from None
