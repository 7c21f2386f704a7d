"""Storage: migrations, one transaction per document, claims stored exactly, sources and actors, grades."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_support import REPORT_A, REPORT_B, FakeExtractor, db, ledger_url, make_claim  # noqa: F401
from sqlalchemy import func, select

from armsledger.ledger import ClaimFilter, connect, list_claims, list_sources
from armsledger.ledger.db import resolve_database_url, table_names
from armsledger.ledger.errors import (
    AmbiguousNameError,
    DatabaseUnavailableError,
    DatabaseUrlError,
    InvalidGradeError,
    NotFoundError,
)
from armsledger.ledger.migrate import current_revision, head_revision, run_downgrade, run_upgrade
from armsledger.ledger.records import row_to_claim
from armsledger.ledger.store import Ledger
from armsledger.ledger.tables import ActorRow, ClaimRow, DocumentRow
from armsledger.model import Document, Evidence, Quantity, Source


def test_connect_migrates_an_empty_database_to_the_head(db):
    assert current_revision(db.write_engine) == head_revision()
    assert {"documents", "claims", "sources", "actors", "ingest_runs", "document_bands"} <= set(table_names(db))


def test_migrations_downgrade_to_base_and_upgrade_again(db):
    run_downgrade(db.write_engine, "base")
    assert "claims" not in table_names(db)
    run_upgrade(db.write_engine)
    assert "claims" in table_names(db)


def test_sqlite_ledger_uses_wal_and_foreign_keys(tmp_path):
    database = connect(f"sqlite:///{tmp_path / 'wal.db'}")
    with database.write_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()


def test_database_url_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("ARMSLEDGER_DATABASE_URL", raising=False)
    assert resolve_database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    monkeypatch.setenv("ARMSLEDGER_DATABASE_URL", "sqlite:///from-env.db")
    assert resolve_database_url() == "sqlite:///from-env.db"


def test_unsupported_database_url_is_a_clear_error():
    with pytest.raises(DatabaseUrlError, match="unsupported database 'mysql'"):
        connect("mysql://user@localhost/ledger")


def test_unopenable_database_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises((DatabaseUnavailableError, OSError)):
        connect(f"sqlite:///{blocker / 'sub' / 'ledger.db'}")


def test_stored_claim_reads_back_exactly_as_extracted(db):
    text = "Officials said North Korea sent about 1.5 million shells to Russia a month."
    doc = Document(name="r.txt", text=text, published=date(2024, 6, 14))
    claim = make_claim(
        "r.txt",
        text,
        quantity=Quantity(
            value=1_500_000, value_high=2_000_000, qualifier="range", per="month", text="about 1.5 million"
        ),
        status="committed",
        polarity="denied",
        hedged=True,
        cues=["said"],
        certainty="likely",
        source=Source(name="Jane Roe", role="spokeswoman", org="Ministry", country="KOR"),
        said_on="2024-06-13",
        by="2025",
        caliber_mm=152,
        published="2024-06-14",
        financed_by="DEU",
        deal="sale",
        evidence=Evidence(start=15, end=len(text), text=text[15:]),
    )
    result = Ledger(db).store(doc, [claim], extractor_version="fake/1")
    assert result.outcome == "new" and result.claims_added == 1
    with db.read() as session:
        row = session.scalar(select(ClaimRow))
        back = row_to_claim(row, "r.txt", row.source)
    assert back == claim
    assert list_claims(db)[0]["evidence"]["text"] == text[15:]


def test_a_failure_inside_the_transaction_leaves_no_half_stored_document(db, monkeypatch):
    import armsledger.ledger.store as store_module

    def broken_add_claims(*args, **kwargs):
        raise RuntimeError("disk full in the middle of the claims")

    monkeypatch.setattr(store_module, "add_claims", broken_add_claims)
    with pytest.raises(RuntimeError):
        Ledger(db).store(Document(name="a", text=REPORT_A), [make_claim()], extractor_version="fake/1")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 0


def test_sources_are_shared_across_claims_and_keep_first_known_details(db):
    ledger = Ledger(db)
    ledger.store(
        Document(name="a", text="one text about shells"),
        [make_claim(source=Source(name="Shin Won-sik", country="KOR"))],
        extractor_version="v",
    )
    ledger.store(
        Document(name="b", text="another text about shells entirely"),
        [make_claim(source=Source(name="shin  won-sik", role="minister"))],
        extractor_version="v",
    )
    sources = list_sources(db)
    assert len(sources) == 1
    assert sources[0]["claims"] == 2 and sources[0]["country"] == "KOR" and sources[0]["role"] == "minister"


def test_actor_codes_are_named(db):
    Ledger(db).store(
        Document(name="a", text="x y z"), [make_claim(supplier="PRK", recipient="wagner")], extractor_version="v"
    )
    with db.read() as session:
        actors = {a.code: a for a in session.scalars(select(ActorRow))}
    assert actors["PRK"].type == "state" and actors["PRK"].country == "kp"
    assert actors["wagner"].type == "organization"


def test_grading_a_source(db):
    ledger = Ledger(db)
    ledger.store(
        Document(name="a", text=REPORT_A),
        [
            make_claim(source=Source(name="Shin Won-sik")),
            make_claim(source=Source(name="Shin Hye-jin")),
            make_claim(source=Source(org="Royal United Services Institute")),
        ],
        extractor_version="v",
    )
    assert ledger.grade_source("Shin Won-sik", "b").grade == "B"
    assert ledger.grade_source("united services", "C").grade == "C"
    with pytest.raises(AmbiguousNameError):
        ledger.grade_source("shin", "A")
    with pytest.raises(InvalidGradeError, match="Admiralty"):
        ledger.grade_source("Shin Won-sik", "G")
    with pytest.raises(NotFoundError):
        ledger.grade_source("Nobody", "A")
    graded = {s["name"] or s["org"]: s["grade"] for s in list_sources(db)}
    assert graded["Shin Won-sik"] == "B" and graded["Royal United Services Institute"] == "C"


def test_untrusted_text_is_stored_as_data(db):
    nasty = "Robert'); DROP TABLE claims;-- sent 5 shells"
    Ledger(db).store(
        Document(name=nasty, text=nasty, title="<script>alert(1)</script>"),
        [make_claim(nasty, nasty, source=Source(name="x'); DELETE FROM sources;--"))],
        extractor_version="v",
    )
    assert list_claims(db)[0]["doc"] == nasty
    assert list_claims(db, ClaimFilter(text="'); drop table"))[0]["evidence"]["text"] == nasty
    assert list_claims(db, ClaimFilter(text="%")) == []
    assert len(list_sources(db)) == 1


def test_different_documents_are_both_new(db):
    ledger = Ledger(db)
    assert ledger.store(Document(name="a", text=REPORT_A), [], extractor_version="v").outcome == "new"
    assert ledger.store(Document(name="b", text=REPORT_B), [], extractor_version="v").outcome == "new"


def test_the_migrations_create_exactly_the_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from armsledger.ledger.tables import Base
    from armsledger.ledger.textsearch import include_object

    with db.write_engine.connect() as conn:
        # The text-search index (FTS5 table / GIN expression index) is made by hand in migration 0002.
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []
