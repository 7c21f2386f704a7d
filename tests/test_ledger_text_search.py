"""The `--text` claim filter: indexed (FTS5 on SQLite, GIN tsvector on PostgreSQL), every word in any
order, case-insensitive, word prefixes, user input never parsed as query syntax, index kept in sync."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from ledger_support import FixedClock, cli_app, db, ledger_url, make_claim  # noqa: F401
from sqlalchemy import delete, text, update
from typer.testing import CliRunner

from armsledger.ledger import ClaimFilter, connect, count_claims, list_claims
from armsledger.ledger.migrate import current_revision, head_revision, run_downgrade, run_upgrade
from armsledger.ledger.queries import claims_query, iter_claims
from armsledger.ledger.store import Ledger
from armsledger.ledger.tables import ClaimRow, DocumentRow
from armsledger.ledger.textsearch import FTS_TABLE, FTS_TRIGGERS, PG_INDEX, fts5_query, search_words, tsquery
from armsledger.model import Document

SENTENCES = {
    "a": "North Korea sent 3,000,000 shells to Russia, said Shin Won-sik.",
    "b": "Iran delivered 400 Shahed drones to Russia over the winter.",
    "c": 'Russia supplied about 50 rockets to Belarus, "reportedly" for an exercise.',
    "d": "Officials in Minsk said the drill was routine (no launchers remain).",
    "e": "The price was $2,000 per shell according to the ministry.",
}


def _store(db, name: str, sentence: str, *, published: date = date(2024, 3, 1), clock=None, **fields) -> int:
    ledger = Ledger(db, clock=clock) if clock else Ledger(db)
    return ledger.store(
        Document(name=name, text=sentence),
        [make_claim(name, sentence, **fields)],
        extractor_version="v",
        published=published,
    ).document_id


@pytest.fixture
def texts(db):
    for name, sentence in SENTENCES.items():
        _store(db, name, sentence)
    return db


def found(db, query: str, **filters) -> set[str]:
    return {c["doc"] for c in list_claims(db, ClaimFilter(text=query, **filters), limit=0)}


def assert_index_in_sync(db) -> None:
    """SQLite: FTS5's own check that the index matches the claims table (raises when it does not)."""
    if db.backend == "sqlite":
        with db.write_engine.begin() as conn:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


# --- matching ---


def test_every_word_must_appear_in_any_order(texts):
    assert found(texts, "shells russia") == {"a"}
    assert found(texts, "russia shells north korea") == {"a"}
    assert found(texts, "russia") == {"a", "b", "c"}
    assert found(texts, "to belarus") == {"c"}  # "to" is a word like any other (no stop words)
    assert found(texts, "the russia") == {"b"}


def test_a_word_that_is_not_there_excludes_the_claim(texts):
    assert found(texts, "shells iran") == set()
    assert found(texts, "submarine") == set()
    assert found(texts, "russia drones tanks") == set()


def test_case_does_not_matter_and_words_match_as_prefixes(texts):
    assert found(texts, "RUSSIA Shells") == {"a"}
    assert found(texts, "shell") == {"a", "e"}  # shells, shell
    assert found(texts, "rus sha") == {"b"}  # Russia, Shahed
    assert found(texts, "ussia") == set()  # prefixes of words, not any substring


def test_numbers_and_hyphenated_names_are_searchable(texts):
    assert found(texts, "3,000,000") == {"a"}
    assert found(texts, "3000000") == set()
    assert found(texts, "400 drones") == {"b"}
    assert found(texts, "won-sik") == {"a"}
    assert found(texts, "Won sik") == {"a"}


@pytest.mark.parametrize(
    "query",
    [
        '"shells" "russia"',
        "shells' russia",
        'shells" OR "iran',
        "shells AND NOT russia",
        "shells*",
        "(shells)",
        "russia NEAR(shells)",
        "evidence_text:shells russia",
        "shells; DROP TABLE claims; -- russia",
        "'); DELETE FROM claims; --",
        "^shells russia",
        "russia+shells",
        r"shells\ russia",
        "russia -shells",
        "{shells} [russia]",
        "shells:* & russia",
        "shells | russia",
        "\x00shells",
        "%shells% _russia_",
    ],
)
def test_quotes_and_query_syntax_in_user_input_are_only_separators(texts, query):
    # Never an error; the punctuation is dropped and the words (operator names included) must all appear.
    result = found(texts, query)
    assert result == found(texts, " ".join(search_words(query)))
    assert result <= {"a"}
    assert count_claims(texts, ClaimFilter(text="shells russia")) == 1  # the ledger is intact


def test_quoted_words_inside_the_sentence_are_found(texts):
    assert found(texts, '"reportedly" rockets') == {"c"}
    assert found(texts, "(no launchers") == {"d"}


def test_text_without_words_is_a_literal_substring_test(texts):
    assert found(texts, "%") == set()
    assert found(texts, "$") == {"e"}
    assert found(texts, '"') == {"c"}
    assert found(texts, "   ") == found(texts, "") == set(SENTENCES)  # blank text is no filter


def test_different_searches_in_a_row_do_not_reuse_each_others_words(texts):
    # The statement cache keys on the query's shape; each search must bind its own words.
    assert [found(texts, q) for q in ("russia", "shells", "drones", "belarus", "russia")] == [
        {"a", "b", "c"},
        {"a"},
        {"b"},
        {"c"},
        {"a", "b", "c"},
    ]


def test_word_splitting_and_quoting():
    assert search_words('North-Korea\'s "shells", shells; 3,000') == ["North", "Korea", "s", "shells", "3", "000"]
    assert search_words("%*()") == []
    assert fts5_query(['a"b', "c"]) == '"a""b"* "c"*'
    assert tsquery(["it's", "a\\b"]) == "'it''s':* & 'a\\\\b':*"


# --- combined with the other filters ---


def test_text_combines_with_as_of_and_other_filters(db):
    clock = FixedClock(datetime(2024, 3, 5))
    _store(db, "early", "North Korea sent 1,000 shells to Russia.", published=date(2024, 3, 1), clock=clock)
    clock.now = datetime(2024, 6, 5)
    _store(db, "late", "North Korea sent 2,000 shells to Russia by rail.", published=date(2024, 6, 1), clock=clock)
    _store(db, "iran", "Iran sent 500 shells to Russia.", supplier="IRN", published=date(2024, 6, 1), clock=clock)
    assert found(db, "shells russia") == {"early", "late", "iran"}
    assert found(db, "shells russia", as_of=date(2024, 4, 1)) == {"early"}
    assert found(db, "shells", supplier="IRN") == {"iran"}
    assert found(db, "shells", actor="PRK") == {"early", "late"}
    assert found(db, "shells", actor="PRK", as_of=date(2024, 4, 1)) == {"early"}
    assert found(db, "rail", date_from=date(2024, 5, 1)) == {"late"}
    assert found(db, "rail", date_to=date(2024, 5, 1)) == set()
    assert count_claims(db, ClaimFilter(text="north korea")) == 2
    assert count_claims(db, ClaimFilter(text="north korea", as_of=date(2024, 4, 1))) == 1
    assert [c["doc"] for c in iter_claims(db, ClaimFilter(text="shells", recipient="RUS"))] == ["early", "late", "iran"]
    # newest first, paged
    assert [c["doc"] for c in list_claims(db, ClaimFilter(text="north"), limit=1, offset=1)] == ["early"]


# --- the index is kept in sync ---


def test_updated_evidence_is_reindexed(texts):
    with texts.write() as session, session.begin():
        session.execute(
            update(ClaimRow)
            .where(ClaimRow.document_id == _doc_id(texts, "b"))
            .values(evidence_text="Iran delivered 400 Mohajer drones to Russia.")
        )
    assert found(texts, "shahed") == set()
    assert found(texts, "mohajer drones") == {"b"}
    assert_index_in_sync(texts)


def test_other_updates_keep_the_claim_findable(texts):
    with texts.write() as session, session.begin():
        session.execute(update(ClaimRow).values(hedged=True))
    assert found(texts, "russia") == {"a", "b", "c"}
    assert_index_in_sync(texts)


def test_deleted_claims_leave_the_index(texts):
    with texts.write() as session, session.begin():
        session.execute(delete(ClaimRow).where(ClaimRow.document_id == _doc_id(texts, "a")))
        session.execute(delete(DocumentRow).where(DocumentRow.name == "b"))  # its claims go by ON DELETE CASCADE
    assert found(texts, "russia") == {"c"}
    assert found(texts, "shell") == {"e"}
    assert found(texts, "drones") == set()
    assert_index_in_sync(texts)
    _store(texts, "a2", "North Korea sent 9 shells to Russia.")
    assert found(texts, "shells russia") == {"a2"}
    assert_index_in_sync(texts)


def test_superseded_claims_are_found_only_when_asked_for(texts):
    with texts.write() as session, session.begin():
        session.execute(
            update(ClaimRow)
            .where(ClaimRow.document_id == _doc_id(texts, "a"))
            .values(superseded_at=datetime(2024, 5, 1))
        )
    assert found(texts, "shells russia") == set()
    assert found(texts, "shells russia", include_superseded=True) == {"a"}
    assert_index_in_sync(texts)


def _doc_id(db, name: str) -> int:
    with db.read() as session:
        return session.execute(text("SELECT id FROM documents WHERE name = :n"), {"n": name}).scalar_one()


# --- the migration ---


def _store_at_0001(db, name: str, sentence: str) -> None:
    """A document and one claim written with the columns revision 0001 has (today's models have more)."""
    now = datetime(2024, 3, 2)
    with db.write() as session, session.begin():
        doc_id = session.execute(
            text(
                "INSERT INTO documents (name, content_hash, text, content_type, published, published_on, retrieved_at, "
                "recorded_at) VALUES (:n, :h, :t, 'text/plain', :p, :p, :now, :now) RETURNING id"
            ),
            {"n": name, "h": name.ljust(64, "0"), "t": sentence, "p": date(2024, 3, 1), "now": now},
        ).scalar_one()
        session.execute(
            text(
                "INSERT INTO claims (document_id, kind, item, status, polarity, hedged, cues, evidence_start, "
                "evidence_end, evidence_text, extractor_version, published_on, syndicated, recorded_at) "
                "VALUES (:d, 'transfer', 'artillery_shell', 'actual', 'affirmed', false, '[]', 0, :len, :t, 'v', :p, "
                "false, :now)"
            ),
            {"d": doc_id, "len": len(sentence), "t": sentence, "p": date(2024, 3, 1), "now": now},
        )


def test_migration_0002_backfills_existing_claims(ledger_url):
    database = connect(ledger_url)
    try:
        stored_at_head = {"a", "b"}
        for name in stored_at_head:
            _store(database, name, SENTENCES[name])
        run_downgrade(database.write_engine, "0001")  # the index goes, the claims stay
        assert current_revision(database.write_engine) == "0001" and not _has_search_index(database)
        for name, sentence in SENTENCES.items():  # the others stored with 0001's columns, before the index exists
            if name not in stored_at_head:
                _store_at_0001(database, name, sentence)
        run_upgrade(database.write_engine, "0002")  # built from the claims stored before it
        assert current_revision(database.write_engine) == "0002" and _has_search_index(database)
        assert_index_in_sync(database)
        run_upgrade(database.write_engine)  # 0004 rebuilds `claims` and keeps the index and its triggers
        assert current_revision(database.write_engine) == head_revision()
        assert found(database, "shells russia") == {"a"}
        assert found(database, "russia") == {"a", "b", "c"}
        assert_index_in_sync(database)
        _store(database, "f", "Russia sent 10 tanks to Belarus.")  # and new ones after it
        assert found(database, "russia tanks") == {"f"}
        run_downgrade(database.write_engine, "0002")  # later migrations leave the index and its triggers alone
        assert _has_search_index(database)
        if database.backend == "sqlite":
            with database.read() as session:
                triggers = session.execute(
                    text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'")
                ).scalar()
            assert triggers == len(FTS_TRIGGERS)
        run_downgrade(database.write_engine, "0001")  # the downgrade removes it cleanly
        assert not _has_search_index(database)
        run_upgrade(database.write_engine)
        assert _has_search_index(database)
        assert found(database, "russia") == {"a", "b", "c", "f"}
        assert_index_in_sync(database)
    finally:
        database.dispose()


def _has_search_index(db) -> bool:
    with db.read() as session:
        if db.backend == "sqlite":
            found = session.execute(text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'claims_fts%'"))
            return found.scalar() > 0
        found = session.execute(
            text("SELECT count(*) FROM pg_indexes WHERE indexname = :n AND schemaname = current_schema()"),
            {"n": PG_INDEX},
        )
        return found.scalar() > 0


def test_the_search_uses_the_index(texts):
    query = claims_query(ClaimFilter(text="shells russia"), limit=50)
    with texts.read() as session:
        if texts.backend == "sqlite":
            plan = " ".join(str(r[-1]) for r in session.execute(text("EXPLAIN QUERY PLAN " + _sql(query, texts))))
            assert f"{FTS_TABLE} VIRTUAL TABLE" in plan
            assert "SCAN claims" not in plan.replace("SCAN claims_fts", "")
        else:
            # On a table this small any plan is cheap and the planner may filter through another index: the
            # test asks whether the search index can serve the query (its expression is the query's), so the
            # other indexes are dropped inside this transaction, which is rolled back.
            others = session.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'claims' AND schemaname = current_schema()")
            ).scalars()
            for name in [n for n in others if n != PG_INDEX and not n.endswith("_pkey")]:
                session.execute(text(f'DROP INDEX "{name}"'))
            session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(r[0] for r in session.execute(text("EXPLAIN " + _sql(query, texts))))
            session.rollback()
            assert PG_INDEX in plan


def _sql(query, db) -> str:
    return str(query.compile(dialect=db.read_engine.dialect, compile_kwargs={"literal_binds": True}))


# --- the CLI ---


def test_cli_text_accepts_quotes_and_punctuation(texts):
    runner = CliRunner()
    result = runner.invoke(
        cli_app(), ["claims", "--db", texts.url, "--text", 'Russia "shells"; --', "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert "Won-sik" in result.output and "Shahed" not in result.output
