"""Crash safety: SIGKILL an ingest of 1,000 documents midway; the ledger stays consistent and a rerun
completes the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ledger_support import FakeExtractor, ledger_url  # noqa: F401
from sqlalchemy import func, select

from armsledger.ledger import connect
from armsledger.ledger.store import Ledger
from armsledger.ledger.tables import ClaimRow, DocumentBand, DocumentRow
from armsledger.pipeline import ingest
from armsledger.settings import get_setting

DOCS = 1000
CLAIMS_PER_DOC = 2
COUNTRIES = ["North Korea", "Iran", "Belarus", "Syria"]

WORKER = """
import sys, time
sys.path.insert(0, {tests!r})
from ledger_support import FakeExtractor
from armsledger.ledger import connect
from armsledger.pipeline import ingest
from armsledger.ledger.store import Ledger

class SlowFake(FakeExtractor):
    def extract(self, doc, *, published=None):
        time.sleep(0.01)  # keep the run long enough to be killed midway
        return super().extract(doc, published=published)

ingest(Ledger(connect({url!r})), [{folder!r}], extractor=SlowFake())
"""


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(DOCS):
        supplier = COUNTRIES[i % len(COUNTRIES)]
        (folder / f"report-{i:04d}.txt").write_text(
            f"Bulletin number {i}. {supplier} sent {1000 + i} shells to Russia during week {i % 52}. "
            f"Separately, {supplier} shipped {i + 7} drones to Russia in the same period. "
            f"Observers counted convoy {i * 13 % 997} crossing at checkpoint {i % 17} before dawn.",
            encoding="utf-8",
        )


def _counts(url: str) -> tuple[int, int]:
    db = connect(url)
    try:
        with db.read() as s:
            return (
                s.scalar(select(func.count()).select_from(DocumentRow)),
                s.scalar(select(func.count()).select_from(ClaimRow)),
            )
    finally:
        db.dispose()


def _assert_consistent(url: str) -> int:
    """No claim without its document and no half-stored document; returns the document count."""
    db = connect(url)
    bands = int(get_setting("lsh_bands"))
    try:
        with db.read() as s:
            orphans = s.scalar(
                select(func.count())
                .select_from(ClaimRow)
                .outerjoin(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(DocumentRow.id.is_(None))
            )
            assert orphans == 0
            claim_counts = dict(
                s.execute(
                    select(DocumentRow.id, func.count(ClaimRow.id))
                    .outerjoin(ClaimRow, ClaimRow.document_id == DocumentRow.id)
                    .group_by(DocumentRow.id)
                ).all()
            )
            assert set(claim_counts.values()) <= {CLAIMS_PER_DOC}, "every stored document has all its claims"
            band_counts = dict(
                s.execute(select(DocumentBand.document_id, func.count()).group_by(DocumentBand.document_id)).all()
            )
            assert all(band_counts.get(doc_id) == bands for doc_id in claim_counts)
            return len(claim_counts)
    finally:
        db.dispose()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_midway_leaves_a_consistent_ledger_and_a_rerun_completes(ledger_url, tmp_path):
    folder = tmp_path / "corpus"
    _write_corpus(folder)
    connect(ledger_url).dispose()  # migrate before the worker starts, so the poller sees tables
    code = WORKER.format(tests=str(Path(__file__).parent), url=ledger_url, folder=str(folder))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while proc.poll() is None and _counts(ledger_url)[0] < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the worker ended before it could be killed: " + proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stored = _assert_consistent(ledger_url)
    assert 150 <= stored < DOCS

    db = connect(ledger_url)
    summary = ingest(Ledger(db), [str(folder)], extractor=FakeExtractor())
    db.dispose()
    assert summary.duplicate == stored
    assert summary.new == DOCS - stored and summary.failed == 0 and summary.near_duplicate == 0
    assert _assert_consistent(ledger_url) == DOCS
    assert _counts(ledger_url) == (DOCS, DOCS * CLAIMS_PER_DOC)
