"""As-of: a claim published (or recorded) after the as-of date is invisible to every query."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from ledger_support import REPORT_A, REPORT_B, FakeExtractor, FixedClock, db, ledger_url  # noqa: F401

from armsledger.ingest.inputs import Loaded
from armsledger.ledger import (
    ClaimFilter,
    count_claims,
    get_claim,
    ledger_summary,
    list_claims,
    list_documents,
    list_sources,
)
from armsledger.ledger.asof import parse_date
from armsledger.ledger.errors import InvalidQueryError, NotFoundError
from armsledger.ledger.exports import export
from armsledger.ledger.ftm import write_ftm
from armsledger.ledger.store import Ledger
from armsledger.model import Document
from armsledger.pipeline.ingestion import ingest_loaded

EARLY = date(2024, 3, 3)  # REPORT_A (PRK → RUS shells, source Shin Won-sik)
LATE = date(2024, 5, 20)  # REPORT_B (IRN → RUS drones)


@pytest.fixture
def two_reports(db):
    """REPORT_A published and recorded in March, REPORT_B published and recorded in May."""
    clock = FixedClock(datetime(2024, 3, 4, 9, 0))
    ledger, extractor = Ledger(db, clock=clock), FakeExtractor()
    ingest_loaded(ledger, [Loaded("a.txt", Document(name="a.txt", text=REPORT_A, published=EARLY))], extractor)
    clock.now = datetime(2024, 5, 21, 9, 0)
    ingest_loaded(ledger, [Loaded("b.txt", Document(name="b.txt", text=REPORT_B, published=LATE))], extractor)
    return db


def _late_claim_id(database):
    return list_claims(database, ClaimFilter(supplier="IRN"))[0]["id"]


def test_a_claim_published_after_the_as_of_date_is_invisible_to_every_query(two_reports):
    database, as_of = two_reports, date(2024, 4, 1)
    late_id = _late_claim_id(database)
    assert [c["supplier"] for c in list_claims(database, ClaimFilter(as_of=as_of))] == ["PRK"]
    for f in (
        ClaimFilter(as_of=as_of, supplier="IRN"),
        ClaimFilter(as_of=as_of, item="drone"),
        ClaimFilter(as_of=as_of, actor="IRN"),
        ClaimFilter(as_of=as_of, text="drones"),
        ClaimFilter(as_of=as_of, recipient="RUS", kind="transfer"),
    ):
        assert all(c["id"] != late_id for c in list_claims(database, f))
    assert count_claims(database, ClaimFilter(as_of=as_of)) == 1
    with pytest.raises(NotFoundError, match="as of 2024-04-01"):
        get_claim(database, late_id, as_of=as_of)
    assert [d["name"] for d in list_documents(database, as_of=as_of)] == ["a.txt"]
    assert [s["name"] for s in list_sources(database, as_of=as_of)] == ["Shin Won-sik"]
    summary = ledger_summary(database, as_of=as_of)
    assert summary["documents"] == 1 and summary["claims"] == 1
    assert {t["supplier"] for t in summary["top_transfers"]} == {"PRK"}
    claims_out, docs_out, ftm_out = io.StringIO(), io.StringIO(), io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(claims_out):
        export(database, "claims", "jsonl", as_of=as_of)
    with contextlib.redirect_stdout(docs_out):
        export(database, "documents", "jsonl", as_of=as_of)
    write_ftm(database, ftm_out, as_of=as_of)
    assert [json.loads(line)["supplier"] for line in claims_out.getvalue().splitlines()] == ["PRK"]
    assert [json.loads(line)["name"] for line in docs_out.getvalue().splitlines()] == ["a.txt"]
    assert "drones" not in ftm_out.getvalue() and "Iran" not in ftm_out.getvalue()


def test_after_both_dates_everything_is_visible(two_reports):
    assert count_claims(two_reports, ClaimFilter(as_of=date(2024, 6, 1))) == 2
    assert get_claim(two_reports, _late_claim_id(two_reports), as_of=date(2024, 5, 21)).claim["supplier"] == "IRN"


def test_a_claim_published_before_the_as_of_date_is_visible_even_if_recorded_later(db):
    ledger = Ledger(db, clock=FixedClock(datetime(2024, 9, 1)))
    ingest_loaded(ledger, [Loaded("a.txt", Document(name="a.txt", text=REPORT_A, published=EARLY))], FakeExtractor())
    assert count_claims(db, ClaimFilter(as_of=date(2024, 6, 1))) == 1
    assert count_claims(db, ClaimFilter(as_of=date(2024, 6, 1), recorded_by=date(2024, 8, 31))) == 0
    assert count_claims(db, ClaimFilter(recorded_by=date(2024, 9, 1))) == 1


def test_as_of_dates_parse_with_clear_errors():
    assert parse_date("2024") == date(2024, 12, 31)
    assert parse_date("2024-02") == date(2024, 2, 29)
    assert parse_date("2024-06-14") == date(2024, 6, 14)
    with pytest.raises(InvalidQueryError, match="not a date"):
        parse_date("last tuesday", what="--as-of")
