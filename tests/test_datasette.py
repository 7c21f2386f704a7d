"""datasette compatibility: it finds the claims' full-text table, and the shipped metadata fits the ledger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from ledger_support import cli_app
from typer.testing import CliRunner
from web_support import build_ledger

# datasette's own detection of a table's FTS table (datasette.utils.detect_fts_sql)
DETECT_FTS = """select name from sqlite_master where rootpage = 0 and (
  sql like '%VIRTUAL TABLE%USING FTS%content="claims"%' or sql like '%VIRTUAL TABLE%USING FTS%content=[claims]%'
  or (tbl_name = "claims" and sql like '%VIRTUAL TABLE%USING FTS%'))"""


@pytest.fixture
def ledger(tmp_path) -> Path:
    path = tmp_path / "ledger.db"
    build_ledger(f"sqlite:///{path}")
    return path


def test_datasette_finds_the_claims_search_table(ledger):
    with sqlite3.connect(ledger) as conn:
        assert [row[0] for row in conn.execute(DETECT_FTS)] == ["claims_fts"]
        # datasette's `?_search=` query on the claims table
        hits = conn.execute(
            "select id from claims where rowid in (select rowid from claims_fts where claims_fts match ?)",
            ("skibitskyi",),
        ).fetchall()
        assert len(hits) == 1


def test_metadata_names_real_columns_and_its_queries_run(ledger, tmp_path):
    out = tmp_path / "metadata.yml"
    done = CliRunner().invoke(cli_app(), ["export", "datasette", "-o", str(out), "--db", str(ledger)])
    assert done.exit_code == 0, done.output
    metadata = yaml.safe_load(out.read_text())
    database = metadata["databases"]["ledger"]
    with sqlite3.connect(ledger) as conn:
        for table, config in database["tables"].items():
            columns = {row[1] for row in conn.execute(f"pragma table_info({table})")}
            named = {
                config.get("label_column"),
                config.get("sort_desc"),
                *config.get("facets", []),
                *config.get("columns", {}),
            } - {None}
            assert named <= columns, (table, named - columns)
        current = conn.execute(database["queries"]["current_claims"]["sql"], {"text": ""}).fetchall()
        assert len(current) == 5
        assert len(conn.execute(database["queries"]["current_claims"]["sql"], {"text": "skibitskyi"}).fetchall()) == 1
        conn.execute(database["queries"]["reviewed_claims"]["sql"]).fetchall()
