"""Issue 12, item 4: concurrent writers. Two ingests started at once into one fresh ledger (both
race to migrate it, both add the same new sources and actors) lose nothing; a run left "running"
by a killed process is marked interrupted when the ledger is next opened. PostgreSQL cases run
when ARMSLEDGER_TEST_DATABASE_URL names a server (CI), SQLite cases always."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from ledger_support import PG_URL, _pg_admin_url, ledger_url  # noqa: F401
from sqlalchemy import create_engine, func, select, text

from armsledger.ledger import connect
from armsledger.ledger.store import Ledger
from armsledger.ledger.tables import (
    ClaimRow,
    DocumentRow,
    IngestFailure,
    IngestRun,
    SourceRow,
)

TESTS = str(Path(__file__).resolve().parent)
WORKER = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from ledger_support import FakeExtractor
from armsledger.ledger import connect
from armsledger.pipeline import ingest
from armsledger.ledger.store import Ledger
go = Path({go!r})
while not go.exists():
    time.sleep(0.005)
db = connect({url!r})
summary = ingest(Ledger(db), [{folder!r}], extractor=FakeExtractor())
print(json.dumps(summary.as_dict()))
"""


def _name(i: int) -> str:
    return "Anna K" + "".join("abcdefghij"[int(d)] for d in f"{i:03d}")


def _write(folder: Path, numbers: range) -> None:
    folder.mkdir()
    for i in numbers:
        (folder / f"r{i:03d}.txt").write_text(
            f"Dispatch {i}. North Korea sent {1000 + i} shells to Russia according to {_name(i % 15)}, "
            f"defence minister of Korea. Iran sent {i + 1} drones to Russia according to {_name(100 + i % 7)}.",
            encoding="utf-8",
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    """An empty database URL, not yet migrated: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    if not PG_URL:
        pytest.skip("ARMSLEDGER_TEST_DATABASE_URL is not set (PostgreSQL runs in CI)")
    schema = f"c_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_pg_admin_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in _pg_admin_url() else "?"
    yield f"{_pg_admin_url()}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_two_concurrent_ingests_into_one_fresh_ledger_lose_nothing(fresh_url, tmp_path):
    _write(tmp_path / "a", range(40))
    _write(tmp_path / "b", range(20, 60))
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER.format(tests=TESTS, go=str(go), url=fresh_url, folder=str(tmp_path / part))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in ("a", "b")
    ]
    go.touch()
    results = [p.communicate(timeout=240) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=False):
        assert proc.returncode == 0, err[-3000:]
    summaries = [json.loads(out.strip().splitlines()[-1]) for out, _ in results]
    assert [s["failed"] for s in summaries] == [0, 0], summaries
    assert sum(s["new"] for s in summaries) == 60 and sum(s["duplicate"] for s in summaries) == 20
    db = connect(fresh_url)
    try:
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(DocumentRow)) == 60
            assert s.scalar(select(func.count()).select_from(ClaimRow)) == 120
            assert s.scalar(select(func.count()).select_from(SourceRow)) == 15 + 7
            assert s.scalar(select(func.count()).select_from(IngestFailure)) == 0
            assert set(s.scalars(select(IngestRun.status))) == {"finished"}
    finally:
        db.dispose()


KILLED = """
import os, sys
from armsledger.ledger import connect
from armsledger.ledger.store import Ledger
run = Ledger(connect({url!r})).start_run("ingest", ["reports/"], "fake/1")
print(run, flush=True)
os.kill(os.getpid(), 9)
"""


def _status(url: str, run_id: int) -> str:
    db = connect(url)
    try:
        with db.read() as s:
            return s.scalar(select(IngestRun.status).where(IngestRun.id == run_id))
    finally:
        db.dispose()


def test_a_run_left_running_by_a_killed_process_is_marked_interrupted_on_open(ledger_url):
    connect(ledger_url).dispose()
    proc = subprocess.run(
        [sys.executable, "-c", KILLED.format(url=ledger_url)], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == -9, proc.stderr[-2000:]
    run_id = int(proc.stdout.split()[0])
    assert _status(ledger_url, run_id) == "interrupted"


def test_a_run_of_a_live_process_stays_running_until_it_finishes(ledger_url):
    db = connect(ledger_url)
    try:
        ledger = Ledger(db)
        run_id = ledger.start_run("ingest", ["reports/"], "fake/1")
        assert _status(ledger_url, run_id) == "running"  # another open sees the lock held
        ledger.finish_run(
            run_id, status="finished", new_documents=0, duplicates=0, near_duplicates=0, failed=0, claims_added=0
        )
        assert _status(ledger_url, run_id) == "finished"
    finally:
        db.dispose()


def test_run_inputs_and_failures_with_unencodable_characters_are_stored(ledger_url):
    db = connect(ledger_url)
    try:
        ledger = Ledger(db)
        run_id = ledger.start_run("ingest", [os.fsdecode(b"reports/bad-\xff.txt")], "fake/1")
        ledger.record_failure(run_id, "nul\x00.txt", ValueError("bad \ud800 text"))
        with db.read() as s:
            assert s.scalar(select(IngestRun.inputs).where(IngestRun.id == run_id)) == "reports/bad-\ufffd.txt"
            assert s.scalar(select(IngestFailure.message)) == "bad \ufffd text"
    finally:
        db.dispose()
