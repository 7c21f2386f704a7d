"""Two time axes: --as-of is what had been published by a date, --recorded-by what the ledger held.
A back-filled archive (old reports ingested today) is visible at past as-of dates; undated documents
are left out of as-of views and counted; dating one by hand keeps the undated version as history."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date, datetime

import pytest
from ledger_support import REPORT_A, REPORT_B, REPORT_C, FakeExtractor, FixedClock, db, ledger_url  # noqa: F401
from sqlalchemy import text

from armsledger.ingest.inputs import Loaded
from armsledger.ledger import (
    ClaimFilter,
    connect,
    count_claims,
    get_claim,
    ledger_summary,
    list_claims,
)
from armsledger.ledger.errors import NotFoundError
from armsledger.ledger.exports import export
from armsledger.ledger.ftm import write_ftm
from armsledger.ledger.migrate import run_downgrade, run_upgrade
from armsledger.ledger.queries import (
    count_undated_documents,
    list_documents,
    list_sources,
)
from armsledger.ledger.store import Ledger
from armsledger.model import Document
from armsledger.pipeline.dating import date_document
from armsledger.pipeline.ingestion import ingest_loaded

TODAY = datetime(2025, 1, 10, 9, 0)
YESTERDAY, TOMORROW = date(2025, 1, 9), date(2025, 1, 11)


@pytest.fixture
def archive(db):
    """Two reports of 2024 and one undated report, all ingested today (a back-filled archive)."""
    ledger = Ledger(db, clock=FixedClock(TODAY))
    ingest_loaded(
        ledger,
        [
            Loaded("a.txt", Document(name="a.txt", text=REPORT_A, published=date(2024, 3, 3))),
            Loaded("b.txt", Document(name="b.txt", text=REPORT_B, published=date(2024, 5, 20))),
            Loaded("c.txt", Document(name="c.txt", text=REPORT_C)),
        ],
        FakeExtractor(),
    )
    return db


def _suppliers(database, **axes) -> list[str]:
    return sorted(c["supplier"] for c in list_claims(database, ClaimFilter(**axes)))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 3, 2), []),
        (date(2024, 3, 3), ["PRK"]),
        (date(2024, 5, 20), ["IRN", "PRK"]),
        (date(2025, 1, 10), ["IRN", "PRK"]),
    ],
)
def test_past_as_of_dates_see_exactly_the_documents_published_by_then(archive, as_of, expected):
    assert _suppliers(archive, as_of=as_of) == expected
    assert ledger_summary(archive, as_of=as_of)["documents"] == len(expected)
    assert sorted(d["name"] for d in list_documents(archive, as_of=as_of)) == sorted(
        {"PRK": "a.txt", "IRN": "b.txt"}[s] for s in expected
    )


def test_recorded_by_yesterday_sees_nothing_of_an_archive_ingested_today(archive):
    for as_of in (None, date(2024, 12, 31)):
        assert count_claims(archive, ClaimFilter(as_of=as_of, recorded_by=YESTERDAY)) == 0
        assert list_documents(archive, as_of=as_of, recorded_by=YESTERDAY) == []
        assert list_sources(archive, as_of=as_of, recorded_by=YESTERDAY) == []
        summary = ledger_summary(archive, as_of=as_of, recorded_by=YESTERDAY)
        assert summary["documents"] == summary["claims"] == summary["undated_documents"] == 0
    assert _suppliers(archive, recorded_by=TOMORROW) == ["IRN", "PRK", "RUS"]
    assert _suppliers(archive, as_of=date(2024, 4, 1), recorded_by=TOMORROW) == ["PRK"]


def test_undated_documents_are_left_out_of_as_of_views_and_counted(archive):
    undated = list_documents(archive, undated=True)
    assert [d["name"] for d in undated] == ["c.txt"]
    assert undated[0]["published"] is None and undated[0]["undated"] is True
    assert count_undated_documents(archive) == 1
    assert "RUS" not in _suppliers(archive, as_of=date(2025, 1, 10))  # REPORT_C: Russia -> Belarus
    assert "RUS" in _suppliers(archive)  # without a date every claim shows
    summary = ledger_summary(archive, as_of=date(2025, 1, 10))
    assert summary["undated_documents"] == 1 and summary["documents"] == 2
    assert [c["ledger"]["published_on"] for c in list_claims(archive, ClaimFilter(supplier="RUS"))] == [None]


def test_exports_take_both_axes(archive):
    out = io.StringIO()
    with redirect_stdout(out):
        export(archive, "claims", "jsonl", as_of=date(2024, 4, 1))
    assert [json.loads(line)["supplier"] for line in out.getvalue().splitlines()] == ["PRK"]
    out = io.StringIO()
    with redirect_stdout(out):
        assert export(archive, "documents", "jsonl", recorded_by=YESTERDAY) == 0
    ftm = io.StringIO()
    write_ftm(archive, ftm, as_of=date(2024, 4, 1))
    assert "drones" not in ftm.getvalue() and "Belarus" not in ftm.getvalue()
    assert write_ftm(archive, io.StringIO(), recorded_by=YESTERDAY) == 0


def test_dating_a_document_by_hand_makes_it_visible_and_keeps_the_undated_history(archive):
    clock = FixedClock(datetime(2025, 2, 1, 12, 0))
    doc_id = list_documents(archive, undated=True)[0]["id"]
    result = date_document(Ledger(archive, clock=clock), doc_id, date(2024, 7, 1), extractor=FakeExtractor("fake/2"))
    assert (result.previous, result.published, result.reextracted) == (None, date(2024, 7, 1), True)
    assert result.claims_added == result.claims_superseded == 1
    assert "RUS" in _suppliers(archive, as_of=date(2024, 7, 1))
    assert "RUS" not in _suppliers(archive, as_of=date(2024, 6, 30))
    assert count_undated_documents(archive) == 0
    doc = next(d for d in list_documents(archive) if d["id"] == doc_id)
    assert doc["published_source"] == "hand" and doc["dated_at"].startswith("2025-02-01")
    # What the ledger held before the dating: the document was undated then.
    before = date(2025, 1, 31)
    assert "RUS" not in _suppliers(archive, as_of=date(2024, 12, 31), recorded_by=before)
    assert count_undated_documents(archive, recorded_by=before) == 1
    assert "c.txt" not in {d["name"] for d in list_documents(archive, as_of=date(2024, 12, 31), recorded_by=before)}


def test_dating_falls_back_to_carrying_claims_over_when_extraction_fails(archive):
    doc_id = list_documents(archive, undated=True)[0]["id"]
    result = date_document(Ledger(archive), doc_id, date(2024, 7, 1), extractor=FakeExtractor(fail_on="Minsk"))
    assert not result.reextracted and "carried over" in result.note and result.claims_added == 1
    assert "RUS" in _suppliers(archive, as_of=date(2024, 7, 1))


def test_dating_an_unknown_document_is_a_clear_error(db):
    with pytest.raises(NotFoundError, match="no document 99"):
        date_document(Ledger(db), 99, date(2024, 7, 1), extractor=FakeExtractor())


def test_show_respects_both_axes(archive):
    claim_id = list_claims(archive, ClaimFilter(supplier="IRN"))[0]["id"]
    assert get_claim(archive, claim_id, as_of=date(2024, 6, 1)).claim["supplier"] == "IRN"
    with pytest.raises(NotFoundError, match="recorded by 2025-01-09"):
        get_claim(archive, claim_id, recorded_by=YESTERDAY)


def test_migration_leaves_documents_without_a_date_undated(ledger_url):
    """Before revision 0004 an undated document was dated by the day it was retrieved."""
    database = connect(ledger_url)
    try:
        run_downgrade(database.write_engine, "0003")
        with database.write() as session, session.begin():
            for name, published in (("dated", date(2024, 3, 1)), ("undated", None)):
                doc_id = session.execute(
                    text(
                        "INSERT INTO documents (name, content_hash, text, content_type, published, published_on, "
                        "retrieved_at, recorded_at) VALUES (:n, :h, 'North Korea sent shells to Russia.', "
                        "'text/plain', :p, :on, :now, :now) RETURNING id"
                    ),
                    {
                        "n": name,
                        "h": name.ljust(64, "0"),
                        "p": published,
                        "on": published or date(2024, 9, 9),
                        "now": datetime(2024, 9, 9),
                    },
                ).scalar_one()
                session.execute(
                    text(
                        "INSERT INTO claims (document_id, kind, item, status, polarity, hedged, cues, evidence_start, "
                        "evidence_end, evidence_text, extractor_version, published_on, syndicated, recorded_at) VALUES "
                        "(:d, 'transfer', 'artillery_shell', 'actual', 'affirmed', false, '[]', 0, 5, "
                        "'North Korea sent shells to Russia.', 'v', :on, false, :now)"
                    ),
                    {"d": doc_id, "on": published or date(2024, 9, 9), "now": datetime(2024, 9, 9)},
                )
        run_upgrade(database.write_engine)
        assert count_claims(database) == 2  # the table rebuild keeps every claim
        assert count_claims(database, ClaimFilter(as_of=date(2024, 12, 31))) == 1
        assert [d["name"] for d in list_documents(database, undated=True)] == ["undated"]
        assert count_claims(database, ClaimFilter(text="shells russia")) == 2  # the search index survives
        run_downgrade(database.write_engine, "0003")
        run_upgrade(database.write_engine)
        assert count_claims(database, ClaimFilter(text="shells")) == 2
    finally:
        database.dispose()
