"""Exports: CSV and Parquet round-trip, JSON Lines in the schema shape, FtM validates with followthemoney."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from followthemoney import model
from ledger_support import REPORT_A, REPORT_B, REPORT_C, SYNDICATED_A, FakeExtractor, db, ledger_url  # noqa: F401

from armsledger.ledger import ClaimFilter, list_claims
from armsledger.ledger.errors import ExportError
from armsledger.ledger.exports import export
from armsledger.ledger.ftm import write_ftm
from armsledger.ledger.records import FLAT_CLAIM_COLUMNS
from armsledger.ledger.store import Ledger
from armsledger.pipeline import ingest


@pytest.fixture
def filled(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {"a.txt": REPORT_A, "b.txt": REPORT_B, "c.txt": REPORT_C, "d.txt": SYNDICATED_A}.items():
        (folder / name).write_text(text, encoding="utf-8")
    ledger = Ledger(db)
    ingest(ledger, [str(folder)], extractor=FakeExtractor())
    ledger.grade_source("Shin Won-sik", "B")
    return db


def _expected(database):
    return list_claims(database, ClaimFilter(include_syndicated=True), limit=0, flat=True)


def test_csv_round_trips(filled, tmp_path):
    path = tmp_path / "claims.csv"
    assert export(filled, "claims", "csv", path) == 4
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    expected = sorted(_expected(filled), key=lambda r: r["id"])
    assert list(rows[0]) == list(FLAT_CLAIM_COLUMNS)
    for got, want in zip(rows, expected, strict=False):
        assert int(got["id"]) == want["id"] and got["evidence_text"] == want["evidence_text"]
        assert float(got["quantity_value"]) == want["quantity_value"]
        assert got["hedged"] == ("true" if want["hedged"] else "false")
        assert got["source_grade"] == (want["source_grade"] or "")


def test_parquet_round_trips_with_types(filled, tmp_path):
    path = tmp_path / "claims.parquet"
    assert export(filled, "claims", "parquet", path) == 4
    table = pq.read_table(path)
    assert table.column_names == list(FLAT_CLAIM_COLUMNS)
    got = sorted(table.to_pylist(), key=lambda r: r["id"])
    want = sorted(_expected(filled), key=lambda r: r["id"])
    for g, w in zip(got, want, strict=False):
        for column in (
            "id",
            "document_id",
            "kind",
            "supplier",
            "recipient",
            "item",
            "quantity_value",
            "hedged",
            "syndicated",
            "evidence_text",
            "evidence_start",
            "source_name",
            "source_grade",
            "published_on",
        ):
            assert g[column] == w[column], column


def test_documents_and_sources_export_in_every_format(filled, tmp_path):
    for table, rows in (("documents", 4), ("sources", 2)):
        for fmt in ("csv", "jsonl", "parquet"):
            assert export(filled, table, fmt, tmp_path / f"{table}.{fmt}") == rows
    docs = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert sum(1 for d in docs if d["near_duplicate_of"]) == 1
    assert all(d["text"] for d in docs)


def test_jsonl_claims_keep_the_schema_shape(filled, tmp_path):
    export(filled, "claims", "jsonl", tmp_path / "c.jsonl")
    first = json.loads((tmp_path / "c.jsonl").read_text().splitlines()[0])
    for key in ("doc", "kind", "supplier", "recipient", "quantity", "evidence", "source", "hedged", "ledger"):
        assert key in first


def test_parquet_to_stdout_and_unknown_formats_are_clear_errors(filled):
    with pytest.raises(ExportError, match="--output"):
        export(filled, "claims", "parquet", None)
    with pytest.raises(ExportError, match="--output"):
        export(filled, "claims", "xlsx", None)
    with pytest.raises(ExportError, match="unknown export format"):
        export(filled, "claims", "xml", "x.xml")


def test_ftm_export_validates_with_followthemoney(filled, tmp_path):
    buf = io.StringIO()
    n = write_ftm(filled, buf)
    entities = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(entities) > 0
    ids = {e["id"] for e in entities}
    schemata = {e["schema"] for e in entities}
    assert {"PublicBody", "Article", "Event", "UnknownLink", "Documentation"} <= schemata
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(data)
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, f"{prop.name} points outside the export"
            # Cleaning must not drop or change any value we wrote.
            cleaned = [prop.type.clean(v, proxy=proxy) for v in proxy.get(prop)]
            assert cleaned == proxy.get(prop), prop.name
    path = tmp_path / "ledger.ftm.json"
    path.write_text(buf.getvalue(), encoding="utf-8")
    ftm = Path(sys.executable).with_name("ftm")
    result = subprocess.run([str(ftm), "validate", "-i", str(path)], capture_output=True, text=True, check=True)
    revalidated = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(revalidated) == len(entities)
    assert all(r["properties"] == e["properties"] for r, e in zip(revalidated, entities, strict=False))
