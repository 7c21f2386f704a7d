"""Re-extraction: a newer extractor's claims replace the old ones, which stay as superseded history."""

from __future__ import annotations

from datetime import date, datetime

from ledger_support import REPORT_A, REPORT_B, FakeExtractor, FixedClock, db, ledger_url  # noqa: F401

from armsledger.ledger import ClaimFilter, count_claims, get_claim, list_claims
from armsledger.ledger.store import Ledger
from armsledger.model import Document
from armsledger.pipeline import ingest, reextract


class BetterFake(FakeExtractor):
    """Version 2: also reads the quantity as approximate."""

    def extract(self, doc, *, published=None):
        claims = super().extract(doc, published=published)
        for claim in claims:
            claim.quantity.qualifier = "approx"
        return claims


def _folder(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT_B, encoding="utf-8")
    return str(tmp_path)


def test_reextract_supersedes_old_claims_and_keeps_them_as_history(db, tmp_path):
    clock = FixedClock(datetime(2024, 6, 1))
    ledger = Ledger(db, clock=clock)
    ingest(ledger, [_folder(tmp_path)], extractor=FakeExtractor("fake/1"))
    old_ids = {c["id"] for c in list_claims(db)}
    clock.now = datetime(2024, 7, 1)
    summary = reextract(ledger, extractor=BetterFake("fake/2"))
    assert (summary.documents, summary.claims_added, summary.claims_superseded, summary.failed) == (2, 2, 2, 0)
    current = list_claims(db)
    assert {c["ledger"]["extractor_version"] for c in current} == {"fake/2"}
    assert {c["quantity"]["qualifier"] for c in current} == {"approx"}
    assert not old_ids & {c["id"] for c in current}
    history = list_claims(db, ClaimFilter(include_superseded=True))
    assert len(history) == 4
    old = get_claim(db, min(old_ids))
    assert old.claim["ledger"]["superseded_at"].startswith("2024-07-01")
    # Recorded by June, the ledger held the first extractor's claims.
    june = list_claims(db, ClaimFilter(recorded_by=date(2024, 6, 15)))
    assert {c["ledger"]["extractor_version"] for c in june} == {"fake/1"}


def test_reextract_with_the_same_version_does_nothing_unless_forced(db, tmp_path):
    ledger = Ledger(db)
    ingest(ledger, [_folder(tmp_path)], extractor=FakeExtractor("fake/1"))
    assert reextract(ledger, extractor=FakeExtractor("fake/1")).documents == 0
    assert reextract(ledger, extractor=FakeExtractor("fake/1"), force=True).documents == 2
    assert count_claims(db) == 2 and count_claims(db, ClaimFilter(include_superseded=True)) == 4


def test_reextract_failure_keeps_the_old_claims(db):
    ledger = Ledger(db)
    ledger_doc = Document(name="a.txt", text=REPORT_A)
    ingest(ledger, [], extractor=FakeExtractor())
    from armsledger.ingest.inputs import Loaded
    from armsledger.pipeline.ingestion import ingest_loaded

    ingest_loaded(ledger, [Loaded("a.txt", ledger_doc)], FakeExtractor("fake/1"))
    summary = reextract(ledger, extractor=FakeExtractor("fake/2", fail_on="Seoul"))
    assert summary.failed == 1 and "old claims kept" in summary.failures[0][1]
    assert {c["ledger"]["extractor_version"] for c in list_claims(db)} == {"fake/1"}


def test_documents_whose_extraction_failed_are_retried(db, tmp_path):
    ledger = Ledger(db)
    ingest(ledger, [_folder(tmp_path)], extractor=FakeExtractor("fake/1", fail_on="Seoul"))
    assert count_claims(db) == 1
    summary = reextract(ledger, extractor=FakeExtractor("fake/1"))
    assert summary.documents == 1 and count_claims(db) == 2
