"""The JSON API under /api/v1 (FastAPI's in-process client over a temporary ledger)."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from ledger_support import FakeExtractor, cli_app, db, ledger_url  # noqa: F401  (fixtures)
from typer.testing import CliRunner
from web_support import TOKEN, build_ledger, claim_id_of, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(db):
    build_ledger(db.url)
    with make_client(db) as test_client:
        yield test_client


def test_claims_page_has_a_total_ids_and_the_cli_filters(client):
    page = client.get("/api/v1/claims", params={"limit": 2}).json()
    assert (page["total"], page["limit"], len(page["claims"])) == (5, 2, 2)
    assert all(isinstance(c["id"], int) for c in page["claims"])
    named = client.get(
        "/api/v1/claims", params={"supplier": "North Korea", "item": "shells", "from": "2024", "as_of": "2024-05"}
    ).json()
    assert [c["quantity"]["value"] for c in named["claims"]] == [3_000_000, 1_500_000]
    assert client.get("/api/v1/claims", params={"text": "rajin OR", "limit": 5}).json()["total"] == 0
    assert client.get("/api/v1/claims", params={"text": "shells russia"}).json()["total"] == 4
    assert client.get("/api/v1/claims", params={"recorded_by": "2022-12-31"}).json()["total"] == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"supplier": "Atlantis"}, "not an actor"),
        ({"as_of": "soon"}, "not a date"),
        ({"kind": "gift"}, "kind"),
    ],
)
def test_bad_filters_are_a_400_with_one_message(client, params, message):
    answer = client.get("/api/v1/claims", params=params)
    assert answer.status_code == 400
    assert message in answer.json()["error"]["message"]


def test_claim_detail_has_evidence_paragraph_document_source_and_review(client, db):
    claim_id = claim_id_of(db, "hur.txt")
    detail = client.get(f"/api/v1/claims/{claim_id}").json()
    start, end = detail["highlight"]
    assert detail["paragraph"][start:end] == detail["claim"]["evidence"]["text"]
    assert detail["document"]["name"] == "hur.txt" and detail["source"]["label"] == "Vadym Skibitskyi"
    assert detail["review"] is None and detail["counts"]["status"] in ("used", "superseded", "expired")
    assert client.get("/api/v1/claims/99999").status_code == 404


def test_estimate_is_the_same_object_as_the_cli_json(client, db):
    api = client.get(
        "/api/v1/estimate", params={"supplier": "PRK", "recipient": "RUS", "item": "shells", "as_of": "2024-06-30"}
    ).json()
    cli = CliRunner().invoke(
        cli_app(),
        [
            "estimate",
            "--supplier",
            "PRK",
            "--recipient",
            "RUS",
            "--item",
            "shells",
            "--as-of",
            "2024-06-30",
            "--format",
            "json",
            "--db",
            db.url,
        ],
    )
    assert cli.exit_code == 0, cli.output
    assert api == json.loads(cli.stdout)
    assert api["central"] == 4_800_000


def test_documents_sources_flows_contradictions_checks_answer(client, db):
    documents = client.get("/api/v1/documents").json()
    assert documents["total"] == 5
    one = client.get(f"/api/v1/documents/{documents['documents'][0]['id']}").json()
    assert one["text"] and one["claim_list"]
    sources = client.get("/api/v1/sources", params={"country": "Korea"})
    assert sources.status_code == 400  # ambiguous name, as in the CLI
    assert client.get("/api/v1/sources", params={"country": "KOR"}).json()["sources"][0]["label"] == "Shin Wonsik"
    flows = client.get("/api/v1/flows").json()
    assert {(f["flow"]["supplier"], f["flow"]["item"]) for f in flows} >= {("PRK", "artillery_shell"), ("IRN", "drone")}
    assert isinstance(client.get("/api/v1/contradictions").json(), list)
    assert isinstance(client.get("/api/v1/checks").json(), list)


def test_listings_download_as_csv_and_xlsx(client):
    answer = client.get("/api/v1/claims", params={"format": "csv", "limit": 1})
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert len(rows) == 5 and "review_status" in rows[0]  # downloads are never cut to a page
    xlsx = client.get("/api/v1/sources", params={"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_writes_need_a_bearer_token(client, db):
    claim_id = claim_id_of(db, "hur.txt")
    body = {"action": "confirm", "reason": "checked"}
    assert client.post(f"/api/v1/claims/{claim_id}/reviews", json=body).status_code == 401
    assert (
        client.post(
            f"/api/v1/claims/{claim_id}/reviews", json=body, headers={"Authorization": "Bearer wrong-token-000000000"}
        ).status_code
        == 401
    )
    assert client.post("/api/v1/sources/1/grade", json={"grade": "A", "reason": "x"}).status_code == 401
    assert client.post("/api/v1/ingest", files={"files": ("a.txt", b"x")}).status_code == 401
    done = client.post(f"/api/v1/claims/{claim_id}/reviews", json=body, headers=AUTH)
    assert done.status_code == 201 and done.json()["reviewer"] == "alice"


def test_a_correction_through_the_api_changes_the_estimate(client, db):
    params = {"supplier": "PRK", "recipient": "RUS", "item": "artillery_shell"}
    before = client.get("/api/v1/estimate", params=params).json()
    claim_id = claim_id_of(db, "shin-jun.txt")
    done = client.post(
        f"/api/v1/claims/{claim_id}/reviews",
        headers=AUTH,
        json={
            "action": "correct",
            "reason": "the minister said 5.8 million",
            "changes": {"quantity.value": 5_800_000},
            "expected_latest": 0,
        },
    )
    assert done.status_code == 201, done.text
    after = client.get("/api/v1/estimate", params=params).json()
    assert (before["central"], after["central"]) == (4_800_000, 5_800_000)
    assert after["reviews"][0]["status"] == "corrected"
    stale = client.post(
        f"/api/v1/claims/{claim_id}/reviews",
        headers=AUTH,
        json={"action": "reject", "reason": "stale", "expected_latest": 0},
    )
    assert stale.status_code == 409
    listed = client.get("/api/v1/claims").json()
    assert any(c["review"] and c["review"]["status"] == "corrected" for c in listed["claims"])


def test_grade_and_merge_sources(client):
    sources = {s["label"]: s["id"] for s in client.get("/api/v1/sources").json()["sources"]}
    graded = client.post(
        f"/api/v1/sources/{sources['Shin Wonsik']}/grade", headers=AUTH, json={"grade": "b", "reason": "held up"}
    )
    assert graded.json()["source"]["grade"] == "B"
    merged = client.post(
        f"/api/v1/sources/{sources['Shin Wonsik']}/merge",
        headers=AUTH,
        json={"others": [str(sources["John Kirby"])], "reason": "test"},
    )
    assert merged.json()["claims_moved"] == 1
    assert client.get("/api/v1/reviews").json()["total"] == 2


def test_ingest_takes_files_jsonl_and_urls_with_the_url_guard(client):
    text = b"Iran sent 300 drones to Russia according to Anna Kowalska, analyst of Ukraine."
    files = [("files", ("notes/../../etc/new.txt", text, "text/plain"))]
    done = client.post(
        "/api/v1/ingest",
        headers=AUTH,
        files=files,
        data={"urls": "http://127.0.0.1:9/private\n/etc/passwd", "published": "2024-07-01"},
    )
    assert done.status_code == 200, done.text
    summary = done.json()
    assert (summary["new"], summary["claims_added"], summary["failed"]) == (1, 1, 2)
    reasons = " ".join(reason for _loc, reason in summary["failures"])
    assert "private" in reasons and "not an http or https URL" in reasons
    names = [d["name"] for d in client.get("/api/v1/documents").json()["documents"]]
    assert "new.txt" in names
    corpus = b'{"text": "Iran sent 200 drones to Russia.", "title": "line one", "published": "2024-08-01"}\n'
    lines = client.post("/api/v1/ingest", headers={**AUTH, "Content-Type": "application/x-ndjson"}, content=corpus)
    assert lines.json()["claims_added"] == 1


def test_openapi_documents_every_endpoint_and_docs_page_is_served(client):
    spec = client.get("/openapi.json").json()
    assert {
        "/api/v1/claims",
        "/api/v1/claims/{claim_id}",
        "/api/v1/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/sources",
        "/api/v1/flows",
        "/api/v1/estimate",
        "/api/v1/contradictions",
        "/api/v1/checks",
        "/api/v1/ingest",
        "/api/v1/claims/{claim_id}/reviews",
    } <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui-bundle.js" in docs.text


READS = [
    "/api/v1/claims",
    "/api/v1/documents",
    "/api/v1/sources",
    "/api/v1/flows",
    "/api/v1/contradictions",
    "/api/v1/checks",
    "/api/v1/reviews",
    "/api/v1/estimate",
]
FLOW = {"supplier": "PRK", "recipient": "RUS", "item": "artillery_shell"}


def test_every_read_takes_both_time_axes(client, db):
    """as_of: published by then; recorded_by: held by the ledger then (the test ledger was recorded on
    2023-01-01, the review below today): reviews made after recorded_by are not applied."""
    claim_id = claim_id_of(db, "shin-jun.txt")
    assert (
        client.post(
            f"/api/v1/claims/{claim_id}/reviews",
            headers=AUTH,
            json={"action": "correct", "reason": "5.8 million", "changes": {"quantity.value": 5_800_000}},
        ).status_code
        == 201
    )
    detail = client.get(f"/api/v1/claims/{claim_id}", params={"recorded_by": "2024-12-31"}).json()
    document_id, source_id = detail["document"]["id"], detail["source"]["id"]
    both = {"as_of": "2024-06-30", "recorded_by": "2024-12-31"}
    for path in [
        *READS,
        f"/api/v1/claims/{claim_id}",
        f"/api/v1/documents/{document_id}",
        f"/api/v1/sources/{source_id}",
    ]:
        assert client.get(path, params={**both, **FLOW} if path.endswith("estimate") else both).status_code == 200
    held = client.get("/api/v1/estimate", params={**FLOW, "recorded_by": "2024-12-31"}).json()
    now = client.get("/api/v1/estimate", params=FLOW).json()
    assert (held["central"], held["reviews"], now["central"]) == (4_800_000, [], 5_800_000)
    assert client.get("/api/v1/reviews", params={"recorded_by": "2024-12-31"}).json()["total"] == 0
    assert client.get("/api/v1/reviews", params={"as_of": "2024-05-31"}).json()["total"] == 0  # published 14 June
    assert client.get("/api/v1/reviews", params={"as_of": "2024-06-30"}).json()["total"] == 1
    assert (detail["review"], detail["reviews"]) == (None, [])
    listed = client.get("/api/v1/claims", params={"recorded_by": "2024-12-31"}).json()["claims"]
    assert all(c["review"] is None for c in listed)
    assert client.get(f"/api/v1/documents/{document_id}", params={"as_of": "2024-06-01"}).status_code == 404
    assert client.get(f"/api/v1/documents/{document_id}", params={"recorded_by": "2022-12-31"}).status_code == 404
    assert client.get(f"/api/v1/sources/{source_id}", params={"recorded_by": "2022-12-31"}).status_code == 404
    assert client.get(f"/api/v1/sources/{source_id}", params={"as_of": "2024-06-01"}).json()["claims"] == 1


class SlowExtractor(FakeExtractor):
    """Takes longer than any test's time budget on a document that says "slowly"."""

    def extract(self, doc, *, published=None):
        if "slowly" in doc.text:
            time.sleep(30)
        return super().extract(doc, published=published)


def test_ingest_reads_each_upload_within_the_document_budget_and_passes_notes_on(client, monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", "3")  # room for the next upload on busy cores
    client.app.state.workbench.extractor = SlowExtractor()
    files = [
        ("files", ("slow.txt", b"Iran sent 5 drones to Russia slowly.", "text/plain")),
        ("files", ("dots.txt", b"Iran sent 7 drones to Russia. " + b"!" * 100, "text/plain")),
    ]
    summary = client.post("/api/v1/ingest", headers=AUTH, files=files, data={"published": "2024-07-01"}).json()
    assert (summary["new"], summary["claims_added"], summary["failed"]) == (2, 1, 1)
    [(where, reason)] = summary["failures"]
    assert where == "slow.txt" and "stored without claims" in reason and "over the time budget of 3 s" in reason
    [(where, note)] = summary["notes"]  # the punctuation run was cut, said with the upload's own name
    assert where == "dots.txt" and note.startswith("dots.txt: characters replaced") and "armsledger-upload" not in note
