"""Untrusted text stays text on every page and in the API; writes need a token (API) or a session with
its CSRF token (forms); strict headers; `serve` refuses a public address without a token file."""

from __future__ import annotations

import pytest
from ledger_support import cli_app, db, ledger_url  # noqa: F401  (fixtures)
from lxml import html as lxml_html
from typer.testing import CliRunner
from web_support import HOSTILE_SENTENCE, HOSTILE_TITLE, TOKEN, build_ledger, claim_id_of, make_client

from armsledger.present.app import CONTENT_SECURITY_POLICY
from armsledger.present.auth import SESSION_COOKIE
from armsledger.present.server import authority_for, is_loopback


@pytest.fixture
def client(db):
    build_ledger(db.url)
    with make_client(db) as test_client:
        yield test_client


def _hostile_pages(client, db) -> list[str]:
    claim = claim_id_of(db, "hostile.txt")
    document = client.get(f"/api/v1/claims/{claim}").json()["document"]["id"]
    source = client.get(f"/api/v1/claims/{claim}").json()["source"]["id"]
    return [
        "/",
        f"/claims/{claim}",
        "/claims",
        f"/documents/{document}",
        "/documents",
        f"/sources/{source}",
        "/sources",
        "/flows/transfer/IRN/RUS/drone",
        "/contradictions",
        "/checks",
        "/reviews",
    ]


def test_hostile_text_renders_as_text_on_every_page(client, db):
    for path in _hostile_pages(client, db):
        answer = client.get(path)
        assert answer.status_code == 200, path
        tree = lxml_html.fromstring(answer.text)
        scripts = [s.get("src") for s in tree.iter("script")]
        assert all(src and src.startswith("/static/") for src in scripts), (path, scripts)
        assert not [e for e in tree.iter() if any(a.startswith("on") for a in e.attrib)], path
        assert not [a for a in tree.iter("a") if (a.get("href") or "").lower().startswith("javascript:")], path
        assert not tree.xpath("//img[@src='x']"), path
        assert "Report 49" not in tree.text_content(), path  # {{ 7*7 }} is never evaluated
    claim_page = lxml_html.fromstring(client.get(f"/claims/{claim_id_of(db, 'hostile.txt')}").text)
    assert HOSTILE_SENTENCE.split(" according")[0] in claim_page.get_element_by_id("evidence").text_content()
    document = client.get(f"/api/v1/claims/{claim_id_of(db, 'hostile.txt')}").json()["document"]["id"]
    assert HOSTILE_TITLE in lxml_html.fromstring(client.get(f"/documents/{document}").text).findtext(".//h1")


def test_api_returns_hostile_text_as_json_strings(client, db):
    answer = client.get(f"/api/v1/claims/{claim_id_of(db, 'hostile.txt')}")
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["document"]["title"] == HOSTILE_TITLE
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_chart_specs_carry_hostile_text_as_data_and_links_built_from_ids(client):
    spec = client.get("/charts/flow.json", params={"supplier": "IRN", "recipient": "RUS", "item": "drone"}).json()
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["data"]["values"]
    assert points and all(p["href"] == f"/claims/{p['claim']}" for p in points)
    assert "<script>" in points[0]["evidence"]  # text for vega-tooltip, which escapes it (browser test)


def test_every_response_has_a_strict_content_security_policy(client):
    for path in ("/", "/claims", "/api/v1/claims", "/docs", "/static/app.js"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


def _session(client) -> str:
    client.get("/login", params={"token": TOKEN}, follow_redirects=False)
    page = lxml_html.fromstring(client.get(f"/claims/{1}").text)
    return page.xpath("//form[@id='review-form']//input[@name='csrf']/@value")[0]


def test_forms_need_a_session_and_its_csrf_token(client, db):
    claim = claim_id_of(db, "kirby.txt")
    form = {"action": "confirm", "reason": "checked"}
    assert client.post(f"/claims/{claim}/review", data=form, follow_redirects=False).status_code == 401
    csrf = _session(client)
    assert client.cookies.get(SESSION_COOKIE)
    assert client.post(f"/claims/{claim}/review", data=form, follow_redirects=False).status_code == 403
    assert (
        client.post(f"/claims/{claim}/review", data={**form, "csrf": "forged"}, follow_redirects=False).status_code
        == 403
    )
    done = client.post(f"/claims/{claim}/review", data={**form, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert client.get("/api/v1/reviews").json()["reviews"][0]["reviewer"] == "alice"


def test_session_cookie_is_httponly_and_samesite_strict(client):
    answer = client.get("/login", params={"token": TOKEN}, follow_redirects=False)
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/login", params={"token": "not-a-token-of-ours-0000"}).status_code == 401


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(client, target):
    answer = client.get("/login", params={"token": TOKEN, "next": target}, follow_redirects=False)
    assert answer.headers["location"] == "/"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.5", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_refuses_a_public_host_without_a_token_file(tmp_path, db):
    from armsledger.present.errors import ServeError

    with pytest.raises(ServeError, match="--token-file"):
        authority_for("0.0.0.0", None)
    done = CliRunner().invoke(cli_app(), ["serve", "--host", "0.0.0.0", "--db", db.url])
    assert done.exit_code == 1 and "--token-file" in done.output
    tokens = tmp_path / "tokens"
    tokens.write_text("# analysts\nalice 0123456789abcdef0123\n")
    assert authority_for("0.0.0.0", str(tokens)).tokens == {"0123456789abcdef0123": "alice"}
    tokens.write_text("short\n")
    with pytest.raises(ServeError, match="16 characters"):
        authority_for("127.0.0.1", str(tokens))


def test_oversized_and_lengthless_ingest_bodies_are_refused(client, monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_SERVE_MAX_UPLOAD_BYTES", "100")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    answer = client.post("/api/v1/ingest", headers=auth, files={"files": ("big.txt", b"x" * 500)})
    assert answer.status_code == 400 and "cap" in answer.json()["error"]["message"]


def test_flow_tables_download_with_every_claim_the_estimate_read(client):
    answer = client.get("/flows/transfer/PRK/RUS/artillery_shell", params={"format": "csv"})
    assert answer.headers["content-disposition"] == 'attachment; filename="transfer-PRK-RUS-artillery_shell.csv"'
    assert answer.text.lstrip("\ufeff").splitlines()[0].startswith("claim_id,published,source")
    assert len(answer.text.strip().splitlines()) == 5
