"""The ledger with the real extractor: ingest, claim provenance and the demo over the bundled samples.
Skipped while the extractor's pipeline does not import."""

from __future__ import annotations

import pytest
from ledger_support import db, ledger_url, real_extractor_available  # noqa: F401

from armsledger.ledger import ledger_summary, list_claims, list_documents
from armsledger.ledger.store import Ledger
from armsledger.pipeline import ingest
from armsledger.pipeline.demo import run_demo, sample_paths

pytestmark = pytest.mark.skipif(not real_extractor_available(), reason="armsledger.extract.pipeline not importable")

REPORT = """Seoul, June 14, 2024. North Korea has sent about 5 million artillery shells to Russia since last \
August, South Korea's defence minister said on Friday, describing the rail traffic watched from orbit.

The minister added that the count was an estimate drawn from the number of containers seen at the port."""


def test_ingest_with_the_real_extractor_records_its_version(db, tmp_path):
    from armsledger.extract import EXTRACTOR_VERSION

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "seoul.txt").write_text(REPORT, encoding="utf-8")
    summary = ingest(Ledger(db), [str(folder)])
    assert summary.new == 1 and summary.failed == 0
    claims = list_claims(db)
    assert claims, "the extractor should find the transfer in the report"
    assert {c["ledger"]["extractor_version"] for c in claims} == {EXTRACTOR_VERSION}
    for claim in claims:
        evidence = claim["evidence"]
        assert REPORT[evidence["start"] : evidence["end"]] == evidence["text"]
    assert list_documents(db)[0]["published"] == "2024-06-14"


@pytest.mark.skipif(not sample_paths(), reason="no bundled samples")
def test_demo_ingests_the_samples_into_a_fresh_ledger(ledger_url):
    result = run_demo(ledger_url)
    assert result["ingest"]["new"] + result["ingest"]["near_duplicate"] == len(sample_paths())
    assert result["ingest"]["failed"] == 0
    assert result["summary"]["documents"] == len(sample_paths())
    again = run_demo(ledger_url)
    assert again["ingest"]["duplicate"] == len(sample_paths()) and again["ingest"]["claims_added"] == 0
    from armsledger.ledger import connect

    database = connect(ledger_url)
    assert ledger_summary(database)["claims"] == result["summary"]["claims"]
    database.dispose()
