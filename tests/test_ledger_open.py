"""Read-only commands never create a ledger; only ingest and demo do. Bad database values are one line."""

from __future__ import annotations

import os

import pytest
from ledger_support import FakeExtractor, cli_app
from typer.testing import CliRunner

import armsledger.pipeline.ingestion as ingest_module
from armsledger.ledger.db import connect, resolve_database_url
from armsledger.ledger.errors import DatabaseUrlError, LedgerNotFoundError

runner = CliRunner()
READ_ONLY = [
    ["claims"],
    ["show", "1"],
    ["documents"],
    ["sources"],
    ["summary"],
    ["reextract"],
    ["source", "grade", "Shin", "B"],
    ["source", "merge", "A", "B"],
    ["export", "claims"],
    ["flows"],
    ["estimate", "--item", "shells"],
    ["contradictions"],
    ["check"],
]


@pytest.mark.parametrize("args", READ_ONLY, ids=lambda a: " ".join(a))
def test_a_read_only_command_on_a_missing_ledger_names_it_and_creates_nothing(tmp_path, args):
    missing = tmp_path / "typo" / "ledgr.db"
    result = runner.invoke(cli_app(), [*args, "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no ledger at {missing}") and result.stderr.count("\n") == 1
    assert not (tmp_path / "typo").exists()


def test_the_default_ledger_is_not_created_by_a_query(tmp_path, monkeypatch):
    monkeypatch.delenv("ARMSLEDGER_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    result = runner.invoke(cli_app(), ["claims"])
    assert result.exit_code == 1 and "no ledger at" in result.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "home").exists()


def test_a_stray_word_as_database_url_is_refused_not_created(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARMSLEDGER_DATABASE_URL", "garbage")
    with pytest.raises(DatabaseUrlError, match="'garbage' is neither a database URL"):
        resolve_database_url()
    for args in (["claims"], ["ingest", "x.txt"]):
        result = runner.invoke(cli_app(), args)
        assert result.exit_code == 1 and "'garbage' is neither a database URL" in result.stderr
    assert os.listdir(tmp_path) == []


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("these are my notes, not a database\n" * 50)
    for args in (["claims"], ["ingest", str(notes)]):
        result = runner.invoke(cli_app(), [*args, "--db", str(notes)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: cannot open ledger {notes}: file is not a database")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_an_empty_sqlite_file_is_not_a_ledger_for_reading(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(LedgerNotFoundError, match="holds no armsledger ledger"):
        connect(str(path), create=False)


def test_ingest_creates_the_ledger_and_its_folder_then_queries_read_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    (tmp_path / "a.txt").write_text("Iran sent 40 drones to Russia.")
    target = tmp_path / "new" / "ledger.db"
    assert runner.invoke(cli_app(), ["ingest", str(tmp_path / "a.txt"), "--db", str(target), "-q"]).exit_code == 0
    assert target.is_file()
    listed = runner.invoke(cli_app(), ["claims", "--db", str(target), "--format", "jsonl"])
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == 1


def test_opening_a_new_sqlite_ledger_waits_for_another_process_migrating_it(tmp_path):
    """The first connection to a new file switches it to WAL mode, which fails at once rather than waiting while
    another process holds it: opening and migrating a SQLite ledger is serialised by a lock file beside it."""
    import threading
    import time

    from armsledger.ledger.db import Database, _sqlite_engine, connect, migration_lock

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    holder = Database(url, _sqlite_engine(url, immediate=True), _sqlite_engine(url, immediate=False))
    events: list[str] = []
    with migration_lock(holder):
        opener = threading.Thread(target=lambda: (connect(url).dispose(), events.append("opened")))
        opener.start()
        time.sleep(0.5)
        events.append("released")
    opener.join(timeout=60)
    holder.dispose()
    assert events == ["released", "opened"]
    assert (tmp_path / "fresh.db.runs" / "migrate.lock").exists()
