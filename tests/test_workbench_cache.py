"""The workbench's answer cache (estimates, listing totals): served again while the ledger is unchanged,
never once an ingest or a review changed it, and exact for the state it was computed on; and the indexes
the API's queries rely on on large ledgers (migration 0007)."""

from __future__ import annotations

import gc
from datetime import date, datetime

import pytest
from ledger_support import FakeExtractor, FixedClock, db, ledger_url  # noqa: F401  (fixtures)
from sqlalchemy import and_, func, select
from web_support import TOKEN, build_ledger, claim_id_of, make_client

from armsledger.ledger import connect
from armsledger.ledger.queries import ClaimFilter, claim_conditions, count_claims
from armsledger.ledger.store import Ledger
from armsledger.ledger.tables import ClaimRow
from armsledger.model import Document

AUTH = {"Authorization": f"Bearer {TOKEN}"}
FLOW = {"supplier": "PRK", "recipient": "RUS", "item": "artillery_shell"}


@pytest.fixture
def client(db):
    build_ledger(db.url)
    with make_client(db) as test_client:
        yield test_client


def _ingest_elsewhere(url: str, name: str, text: str, published: date) -> None:
    """Store a report through another connection, as `armsledger ingest` in another process does."""
    other = connect(url)
    try:
        extractor = FakeExtractor()
        doc = Document(name=name, text=text, title=name, published=published)
        Ledger(other, clock=FixedClock(datetime(2024, 10, 1))).store(
            doc, extractor.extract(doc, published=published), extractor_version="fake/1"
        )
    finally:
        other.dispose()


def _cache(client):
    return client.app.state.workbench.cache


def test_an_unchanged_ledger_answers_estimates_and_totals_from_the_cache(client):
    first = client.get("/api/v1/estimate", params=FLOW).json()
    page = client.get("/api/v1/claims", params={"limit": 1}).json()
    hits = _cache(client).hits
    assert client.get("/api/v1/estimate", params=FLOW).json() == first
    assert client.get("/api/v1/claims", params={"limit": 1}).json()["total"] == page["total"] == 5
    assert _cache(client).hits == hits + 2


def test_an_ingest_from_another_process_changes_the_next_estimate_and_total(client, db):
    before = client.get("/api/v1/estimate", params=FLOW).json()
    total = client.get("/api/v1/claims", params={"limit": 1, "supplier": "PRK"}).json()["total"]
    _ingest_elsewhere(
        db.url,
        "shin-sep.txt",
        "North Korea sent 6,000,000 shells to Russia according to Shin Wonsik, minister of Korea.",
        date(2024, 9, 20),
    )
    after = client.get("/api/v1/estimate", params=FLOW).json()
    assert (before["central"], after["central"]) == (4_800_000, 6_000_000)
    assert client.get("/api/v1/claims", params={"limit": 1, "supplier": "PRK"}).json()["total"] == total + 1
    # an as-of view before the new report is unchanged by it, and computed for the new state all the same
    assert client.get("/api/v1/estimate", params={**FLOW, "as_of": "2024-07"}).json()["central"] == 4_800_000


def test_a_review_changes_the_next_estimate_and_claims_page(client, db):
    before = client.get("/api/v1/estimate", params=FLOW).json()
    listed = client.get("/api/v1/claims", params={"limit": 1, "status": "actual"}).json()
    claim_id = claim_id_of(db, "shin-jun.txt")
    done = client.post(
        f"/api/v1/claims/{claim_id}/reviews",
        headers=AUTH,
        json={"action": "reject", "reason": "a misreading", "expected_latest": 0},
    )
    assert done.status_code == 201, done.text
    after = client.get("/api/v1/estimate", params=FLOW).json()
    assert (before["central"], after["central"]) == (4_800_000, 3_000_000)
    assert [r["status"] for r in after["reviews"]] == ["rejected"]
    again = client.get("/api/v1/claims", params={"limit": 1, "status": "actual"}).json()
    assert again["total"] == listed["total"]  # a review changes claims as reviewed, not the stored ones
    [shown] = [c for c in client.get("/api/v1/claims").json()["claims"] if c["id"] == claim_id]
    assert shown["review"]["status"] == "rejected"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"supplier": "PRK"},
        {"actor": "RUS", "item": "shells"},
        {"as_of": "2024-02"},
        {"recorded_by": "2022-12-31"},
        {"text": "shells russia"},
        {"supplier": "PRK", "from": "2024-01", "to": "2024-06"},
    ],
)
def test_a_cached_total_is_the_exact_count_for_its_state(client, db, params):
    first = client.get("/api/v1/claims", params={"limit": 1, **params}).json()["total"]
    _ingest_elsewhere(
        db.url,
        "late.txt",
        "North Korea sent 7,000,000 shells to Russia according to Shin Wonsik, minister of Korea.",
        date(2024, 1, 20),
    )
    total = client.get("/api/v1/claims", params={"limit": 1, **params}).json()["total"]
    everything = client.get("/api/v1/claims", params={"limit": 500, **params}).json()["claims"]
    assert total == len(everything)
    assert first <= total


def _plan(db, query) -> str:
    compiled = query.compile(dialect=db.read_engine.dialect)
    with db.read_engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled), tuple(compiled.params[k] for k in compiled.positiontup or ())
        ).all()
    return " | ".join(row[-1] for row in rows)


def test_counts_and_flow_queries_use_the_covering_and_flow_indexes(db):
    if db.backend != "sqlite":
        pytest.skip("query plans are asserted on SQLite")
    build_ledger(db.url)

    def count(f: ClaimFilter):
        return select(func.count()).select_from(ClaimRow).where(and_(*claim_conditions(f)))

    assert "COVERING INDEX ix_claims_supplier" in _plan(db, count(ClaimFilter(supplier="PRK")))
    assert "COVERING INDEX ix_claims_supplier" in _plan(db, count(ClaimFilter(supplier="PRK", as_of=date(2024, 1, 1))))
    assert "COVERING INDEX ix_claims_published" in _plan(db, count(ClaimFilter(as_of=date(2024, 1, 1))))
    flow = select(ClaimRow.id).where(
        ClaimRow.kind == "transfer",
        ClaimRow.supplier == "PRK",
        ClaimRow.recipient == "RUS",
        ClaimRow.item == "artillery_shell",
        ClaimRow.published_on <= date(2024, 1, 1),
    )
    assert "ix_claims_flow_item" in _plan(db, flow)
    assert count_claims(db, ClaimFilter(supplier="PRK")) == 4


@pytest.mark.parametrize(("value", "expected"), [(None, 1024**3), ("0", 0), ("268435456", 268435456)])
def test_sqlite_connections_read_through_memory_mapping_unless_turned_off(tmp_path, monkeypatch, value, expected):
    if value is not None:
        monkeypatch.setenv("ARMSLEDGER_SQLITE_MMAP_BYTES", value)
    database = connect(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        for engine in (database.read_engine, database.write_engine):
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == expected
    finally:
        database.dispose()


def test_serve_keeps_idle_connections_longer_than_clients_do_and_freezes_its_warmed_heap(db, monkeypatch):
    import uvicorn

    from armsledger.present.server import serve

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    try:
        serve(db.url)
        # start-up's long-lived objects are beyond the collector, so a full collection cannot stall requests
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
    assert seen["timeout_keep_alive"] == 75  # httpx and browsers drop idle connections sooner (5 s, 60 s)
    monkeypatch.setenv("ARMSLEDGER_SERVE_KEEP_ALIVE", "20")
    serve(db.url, workers=2)
    assert (seen["timeout_keep_alive"], seen["workers"]) == (20, 2)


@pytest.mark.parametrize(
    "names",
    [
        {"supplier": "North Korea", "recipient": "Russia", "item": "shells"},
        {"supplier": "prk", "recipient": "RUS", "item": "artillery_shell"},
    ],
)
def test_an_estimate_asked_by_names_is_served_from_the_entry_of_its_codes(client, names):
    by_codes = client.get("/api/v1/estimate", params=FLOW)
    hits = _cache(client).hits
    by_names = client.get("/api/v1/estimate", params=names)
    assert by_names.content == by_codes.content
    assert by_names.headers["content-type"] == "application/json"
    assert _cache(client).hits == hits + 1


def test_an_estimate_from_the_cache_is_a_fresh_copy_each_time(client):
    bench = client.app.state.workbench
    first = bench.estimate(**FLOW)
    first["central"] = -1.0
    first["used"].clear()
    again = bench.estimate(**FLOW)
    assert again["central"] != -1.0 and again["used"]


def test_the_estimate_endpoint_documents_its_answer_in_openapi(client):
    schema = client.get("/openapi.json").json()
    answer = schema["paths"]["/api/v1/estimate"]["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/Estimate"}
    assert {"low", "central", "high", "reviews"} <= set(schema["components"]["schemas"]["Estimate"]["properties"])


def test_json_answers_are_written_as_the_standard_library_writes_them():
    import json

    from armsledger.present.jsonbytes import dumps

    value = {
        "day": date(2024, 3, 1),
        "at": datetime(2024, 3, 1, 12, 30),
        "name": "Пхеньян «KN-23»",
        "n": [1, 2.5, None, True],
        7: "int key",
    }
    assert dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()


@pytest.mark.parametrize(("value", "expected"), [(None, 4), ("2", 2)])
def test_a_server_process_answers_at_most_serve_threads_requests_at_once(db, monkeypatch, value, expected):
    import anyio.to_thread

    if value is not None:
        monkeypatch.setenv("ARMSLEDGER_SERVE_THREADS", value)
    build_ledger(db.url)

    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with make_client(db) as test_client:
        assert test_client.portal.call(tokens) == expected
        assert test_client.get("/api/v1/estimate", params=FLOW).status_code == 200
