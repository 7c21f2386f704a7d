"""The migration chain 0001 → 0002 (text search) → 0003 (source aliases, claims' financed_by and deal)
→ 0004 (time axes: undated documents) → 0005 (reviews; the SQLite search table declared
`content="claims"`) → 0007 (covering indexes for the workbench): from an empty database, and from
ledgers at 0003 and 0004 holding data, up to the head and back down, on SQLite and on PostgreSQL
(ARMSLEDGER_TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import date, datetime

from ledger_support import ledger_url  # noqa: F401
from sqlalchemy import inspect, text

from armsledger.ledger import ClaimFilter, connect, count_claims, list_claims, list_documents, list_sources
from armsledger.ledger.db import table_names
from armsledger.ledger.migrate import current_revision, head_revision, run_downgrade, run_upgrade
from armsledger.ledger.textsearch import FTS_TABLE, FTS_TRIGGERS, PG_INDEX

SENTENCE = "North Korea sent shells to Russia, the agency said."
RETRIEVED = datetime(2024, 9, 9, 8, 30)


def _columns(db, table: str) -> set[str]:
    return {c["name"] for c in inspect(db.write_engine).get_columns(table)}


def _search_index(db) -> int:
    """SQLite: the FTS triggers on claims; PostgreSQL: 1 when the GIN index exists."""
    with db.write_engine.connect() as conn:
        if db.backend == "sqlite":
            return conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
            ).scalar()
        return conn.execute(
            text("SELECT count(*) FROM pg_indexes WHERE indexname = :n AND schemaname = current_schema()"),
            {"n": PG_INDEX},
        ).scalar()


def _fts_in_sync(db) -> None:
    if db.backend == "sqlite":
        with db.write_engine.begin() as conn:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


def _store_at_0003(db) -> None:
    """What main's ledger at 0003 holds: a source with an alias, a dated document whose claim has
    financed_by and deal, and a document stored without a date (0003 dated it by its retrieval day)."""
    with db.write() as session, session.begin():
        source_id = session.execute(
            text(
                "INSERT INTO sources (key, name, org, country, first_seen) VALUES ('national intelligence service', "
                "'National Intelligence Service', 'National Intelligence Service', 'KOR', :now) RETURNING id"
            ),
            {"now": RETRIEVED},
        ).scalar_one()
        session.execute(
            text("INSERT INTO source_aliases (key, source_id, created_at) VALUES ('nis', :s, :now)"),
            {"s": source_id, "now": RETRIEVED},
        )
        for name, published in (("dated", date(2024, 3, 1)), ("undated", None)):
            doc_id = session.execute(
                text(
                    "INSERT INTO documents (name, content_hash, text, content_type, published, published_on, "
                    "retrieved_at, recorded_at) VALUES (:n, :h, :t, 'text/plain', :p, :on, :now, :now) RETURNING id"
                ),
                {
                    "n": name,
                    "h": name.ljust(64, "0"),
                    "t": SENTENCE,
                    "p": published,
                    "on": published or RETRIEVED.date(),
                    "now": RETRIEVED,
                },
            ).scalar_one()
            session.execute(
                text(
                    "INSERT INTO claims (document_id, kind, supplier, recipient, item, status, polarity, hedged, cues, "
                    "source_id, financed_by, deal, evidence_start, evidence_end, evidence_text, extractor_version, "
                    "published_on, syndicated, recorded_at) VALUES (:d, 'transfer', 'PRK', 'RUS', 'artillery_shell', "
                    "'actual', 'affirmed', false, '[]', :s, :f, :deal, 0, :len, :t, 'main', :on, false, :now)"
                ),
                {
                    "d": doc_id,
                    "s": source_id,
                    "f": "DEU" if published else None,
                    "deal": "sale" if published else None,
                    "len": len(SENTENCE),
                    "t": SENTENCE,
                    "on": published or RETRIEVED.date(),
                    "now": RETRIEVED,
                },
            )


def test_the_chain_runs_from_an_empty_database_to_the_head_and_back(ledger_url):
    database = connect(ledger_url)
    try:
        assert current_revision(database.write_engine) == head_revision() == "0007"
        assert {"published_source", "dated_at"} <= _columns(database, "documents")
        assert {"claim_id", "source_id", "action", "changes", "reviewer", "reason"} <= _columns(database, "reviews")
        assert {"financed_by", "deal"} <= _columns(database, "claims")
        assert "source_aliases" in table_names(database)
        run_downgrade(database.write_engine, "base")
        assert current_revision(database.write_engine) is None
        assert not {"documents", "claims", "sources", "source_aliases", "reviews"} & set(table_names(database))
        run_upgrade(database.write_engine)
        assert current_revision(database.write_engine) == "0007" and _search_index(database)
    finally:
        database.dispose()


def test_a_ledger_at_0003_with_data_upgrades_to_the_head_and_back(ledger_url):
    database = connect(ledger_url, migrate=False)
    try:
        run_upgrade(database.write_engine, "0003")
        _store_at_0003(database)
        run_upgrade(database.write_engine, "0004")
        assert current_revision(database.write_engine) == "0004"
        # Nothing lost: the rebuilt tables keep every row (foreign keys off while SQLite copies them).
        assert count_claims(database) == 2
        assert [d["name"] for d in list_documents(database, undated=True)] == ["undated"]
        assert count_claims(database, ClaimFilter(as_of=date(2024, 12, 31))) == 1  # the undated one is left out
        [dated] = list_claims(database, ClaimFilter(as_of=date(2024, 3, 1)))
        assert (dated["financed_by"], dated["deal"], dated["published"]) == ("DEU", "sale", "2024-03-01")
        assert [s["aliases"] for s in list_sources(database)] == [["nis"]]
        assert count_claims(database, ClaimFilter(text="shells russia")) == 2  # the search index survives
        _fts_in_sync(database)
        if database.backend == "sqlite":
            with database.write_engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on after migrating

        run_upgrade(database.write_engine)
        assert current_revision(database.write_engine) == "0007"
        assert count_claims(database, ClaimFilter(text="shells russia")) == 2
        run_downgrade(database.write_engine, "0004")
        assert count_claims(database, ClaimFilter(text="shells russia")) == 2

        run_downgrade(database.write_engine, "0003")
        assert current_revision(database.write_engine) == "0003"
        assert not {"published_source", "dated_at"} & _columns(database, "documents")
        with database.write_engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT d.name, d.published_on, c.published_on, c.financed_by FROM documents d "
                    "JOIN claims c ON c.document_id = d.id ORDER BY d.name"
                )
            ).all()
            aliases = conn.execute(text("SELECT key FROM source_aliases")).scalars().all()
        as_dates = [(name, str(doc_on)[:10], str(claim_on)[:10], financed) for name, doc_on, claim_on, financed in rows]
        assert as_dates == [("dated", "2024-03-01", "2024-03-01", "DEU"), ("undated", "2024-09-09", "2024-09-09", None)]
        assert aliases == ["nis"]
        assert _search_index(database) == (len(FTS_TRIGGERS) if database.backend == "sqlite" else 1)
        _fts_in_sync(database)

        run_downgrade(database.write_engine, "base")
        assert current_revision(database.write_engine) is None
    finally:
        database.dispose()


def _fts_declaration(db) -> str:
    with db.write_engine.connect() as conn:
        return conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).scalar() or ""


def _review(db, claim_id: int, source_id: int) -> None:
    """A claim review and a source review as the review package stores them."""
    with db.write() as session, session.begin():
        for target, claim, action in (("claim", claim_id, "correct"), ("source", None, "grade")):
            session.execute(
                text(
                    "INSERT INTO reviews (target, claim_id, source_id, action, changes, previous, reviewer, reason, "
                    "created_at) VALUES (:t, :c, :s, :a, '{}', '{}', 'analyst', 'checked', :now)"
                ),
                {"t": target, "c": claim, "s": source_id, "a": action, "now": RETRIEVED},
            )


def test_a_ledger_at_0004_with_data_gains_reviews_keeps_its_search_index_and_goes_back(ledger_url):
    database = connect(ledger_url, migrate=False)
    try:
        run_upgrade(database.write_engine, "0003")
        _store_at_0003(database)
        run_upgrade(database.write_engine, "0004")
        run_upgrade(database.write_engine)
        assert current_revision(database.write_engine) == "0007"
        # 0005 re-creates the SQLite search table: the triggers 0004 re-created after its rebuild of
        # claims come back with it, and the index holds the claims stored before.
        assert _search_index(database) == (len(FTS_TRIGGERS) if database.backend == "sqlite" else 1)
        if database.backend == "sqlite":
            assert 'content="claims"' in _fts_declaration(database)
        assert count_claims(database, ClaimFilter(text="shells russia")) == 2
        _fts_in_sync(database)
        with database.write_engine.connect() as conn:
            claim_id, source_id = conn.execute(text("SELECT id, source_id FROM claims ORDER BY id")).first()
        _review(database, claim_id, source_id)
        with database.write_engine.begin() as conn:  # the triggers re-index a changed claim
            conn.execute(text("UPDATE claims SET evidence_text = 'Iran sent drones.' WHERE id = :c"), {"c": claim_id})
        assert count_claims(database, ClaimFilter(text="drones iran")) == 1
        _fts_in_sync(database)

        run_downgrade(database.write_engine, "0004")
        assert current_revision(database.write_engine) == "0004"
        assert "reviews" not in table_names(database)
        assert count_claims(database) == 2
        assert count_claims(database, ClaimFilter(text="drones iran")) == 1
        assert _search_index(database) == (len(FTS_TRIGGERS) if database.backend == "sqlite" else 1)
        _fts_in_sync(database)
        run_upgrade(database.write_engine)
        assert current_revision(database.write_engine) == "0007"
        assert count_claims(database, ClaimFilter(text="drones iran")) == 1

        run_downgrade(database.write_engine, "base")
        assert current_revision(database.write_engine) is None
    finally:
        database.dispose()


def _claim_indexes(db) -> dict[str, list[str]]:
    return {i["name"]: i["column_names"] for i in inspect(db.write_engine).get_indexes("claims")}


def test_0007_adds_covering_and_flow_indexes_with_data_and_goes_back(ledger_url):
    database = connect(ledger_url, migrate=False)
    try:
        run_upgrade(database.write_engine, "0003")
        _store_at_0003(database)
        run_upgrade(database.write_engine, "0005")
        assert _claim_indexes(database)["ix_claims_supplier"] == ["supplier", "published_on"]
        run_upgrade(database.write_engine, "0007")
        indexes = _claim_indexes(database)
        assert indexes["ix_claims_supplier"] == ["supplier", "published_on", "item", "syndicated", "superseded_at"]
        assert indexes["ix_claims_published"] == ["published_on", "syndicated", "superseded_at"]
        assert indexes["ix_claims_flow_item"] == ["supplier", "recipient", "item", "published_on"]
        assert indexes["ix_claims_actor_item"] == ["actor", "item", "published_on"]
        assert count_claims(database) == 2
        run_downgrade(database.write_engine, "0005")
        indexes = _claim_indexes(database)
        assert indexes["ix_claims_supplier"] == ["supplier", "published_on"]
        assert indexes["ix_claims_published"] == ["published_on", "id"]
        assert not {"ix_claims_flow_item", "ix_claims_actor_item"} & set(indexes)
        assert count_claims(database, ClaimFilter(text="shells russia")) == 2
    finally:
        database.dispose()
