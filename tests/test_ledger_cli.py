"""The ledger commands through Typer's CliRunner: thin wrappers that print and fail in one line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from ledger_support import REPORT_A, REPORT_B, REPORT_C, SYNDICATED_A, FakeExtractor, cli_app, ledger_url  # noqa: F401
from typer.testing import CliRunner

import armsledger.pipeline.ingestion as ingest_module
import armsledger.pipeline.reextraction as reextract_module


@pytest.fixture
def runner(monkeypatch):
    """A CliRunner whose ingest and reextract use the fake extractor (the real one is tested elsewhere)."""
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor("fake/1"))
    monkeypatch.setattr(reextract_module, "default_extractor", lambda: FakeExtractor("fake/2"))
    return CliRunner()


@pytest.fixture
def ingested(runner, ledger_url, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in {"a.txt": REPORT_A, "b.txt": REPORT_B, "c.txt": REPORT_C, "d.txt": SYNDICATED_A}.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = runner.invoke(cli_app(), ["ingest", str(folder), "--db", ledger_url, "--quiet", "--json"])
    assert result.exit_code == 0, result.output
    return ledger_url, folder


def test_ingest_prints_a_summary_and_a_second_run_adds_nothing(runner, ingested):
    url, folder = ingested
    result = runner.invoke(cli_app(), ["ingest", str(folder), "--db", url, "--quiet", "--json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["duplicate"], summary["claims_added"]) == (0, 4, 0)
    assert "0 new, 4 duplicate" in result.stderr


def test_claims_filters_and_formats(runner, ingested):
    url, _ = ingested
    app = cli_app()
    table = runner.invoke(app, ["claims", "--db", url])
    assert table.exit_code == 0 and "PRK" in table.stdout and "IRN" in table.stdout
    jsonl = runner.invoke(app, ["claims", "--db", url, "--supplier", "irn", "--format", "jsonl"])
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["supplier"] for r in rows] == ["IRN"] and rows[0]["item"] == "drone"
    hedged = runner.invoke(app, ["claims", "--db", url, "--hedged", "--format", "jsonl"])
    assert [json.loads(x)["supplier"] for x in hedged.stdout.splitlines()] == ["RUS"]
    by_source = runner.invoke(app, ["claims", "--db", url, "--source", "shin", "--country", "KOR", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(by_source.stdout)))
    assert len(rows) == 1 and rows[0]["source_name"] == "Shin Won-sik"
    dated = runner.invoke(
        app, ["claims", "--db", url, "--from", "2024-05-01", "--to", "2024-05-31", "--format", "jsonl"]
    )
    assert [json.loads(x)["supplier"] for x in dated.stdout.splitlines()] == ["IRN"]
    text = runner.invoke(app, ["claims", "--db", url, "--text", "rockets", "--format", "jsonl"])
    assert [json.loads(x)["item"] for x in text.stdout.splitlines()] == ["rocket"]
    syndicated = runner.invoke(app, ["claims", "--db", url, "--include-syndicated", "--format", "jsonl"])
    assert len(syndicated.stdout.splitlines()) == 4


def test_as_of_hides_later_claims_from_the_cli(runner, ingested):
    url, _ = ingested
    result = runner.invoke(cli_app(), ["claims", "--db", url, "--as-of", "2020-01-01", "--format", "jsonl"])
    assert result.exit_code == 0 and result.stdout == ""


def test_show_highlights_evidence_and_names_document_and_source(runner, ingested):
    url, _ = ingested
    app = cli_app()
    claim = json.loads(
        runner.invoke(app, ["claims", "--db", url, "--supplier", "PRK", "--format", "jsonl"]).stdout.splitlines()[0]
    )
    shown = runner.invoke(app, ["show", str(claim["id"]), "--db", url])
    assert shown.exit_code == 0
    assert "North Korea sent 3,000,000 shells to Russia" in shown.stdout
    assert "document" in shown.stdout and "Shin Won-sik" in shown.stdout
    assert "1 independent document" in shown.stdout and "syndicated" in shown.stdout
    as_json = json.loads(runner.invoke(app, ["show", str(claim["id"]), "--db", url, "--format", "json"]).stdout)
    start, end = as_json["highlight"]
    assert as_json["paragraph"][start:end] == claim["evidence"]["text"]


def test_documents_sources_and_grading(runner, ingested):
    url, _ = ingested
    app = cli_app()
    docs = runner.invoke(app, ["documents", "--db", url, "--format", "jsonl"])
    assert len(docs.stdout.splitlines()) == 4
    graded = runner.invoke(app, ["source", "grade", "Shin Won-sik", "B", "--db", url])
    assert graded.exit_code == 0 and "usually reliable" in graded.stderr
    sources = [
        json.loads(x) for x in runner.invoke(app, ["sources", "--db", url, "--format", "jsonl"]).stdout.splitlines()
    ]
    assert {s["name"]: s["grade"] for s in sources}["Shin Won-sik"] == "B"
    bad = runner.invoke(app, ["source", "grade", "Shin Won-sik", "Z", "--db", url])
    assert bad.exit_code == 1 and bad.stderr.strip().count("\n") == 0 and "Admiralty" in bad.stderr


def test_export_commands(runner, ingested, tmp_path):
    url, _ = ingested
    app = cli_app()
    out = tmp_path / "claims.parquet"
    assert runner.invoke(app, ["export", "claims", "--db", url, "--format", "parquet", "-o", str(out)]).exit_code == 0
    assert out.stat().st_size > 0
    ftm = runner.invoke(app, ["export", "ftm", "--db", url])
    assert ftm.exit_code == 0 and all(json.loads(x)["schema"] for x in ftm.stdout.splitlines())
    bad = runner.invoke(app, ["export", "claims", "--db", url, "--format", "parquet"])
    assert bad.exit_code == 1 and "--output" in bad.stderr


def test_reextract_and_summary(runner, ingested):
    url, _ = ingested
    app = cli_app()
    result = runner.invoke(app, ["reextract", "--db", url])
    assert result.exit_code == 0 and "4 documents" in result.stderr
    summary = json.loads(runner.invoke(app, ["summary", "--db", url, "--format", "json"]).stdout)
    assert summary["claims"] == 3 and summary["syndicated_claims"] == 1 and summary["superseded_claims"] == 4
    assert runner.invoke(app, ["summary", "--db", url]).exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["claims", "--kind", "gift"], "kind 'gift' is not one of"),
        (["claims", "--as-of", "soon"], "--as-of 'soon' is not a date"),
        (["claims", "--format", "xml"], "'xml' is not one of"),
        (["show", "99999"], "no claim 99999"),
        (["export", "actors"], "cannot export 'actors'"),
        (["claims", "--db", "mysql://x@y/z"], "unsupported database"),
    ],
)
def test_bad_input_is_one_clear_line(runner, ingested, args, message):
    if "--db" not in args:
        args = [*args, "--db", ingested[0]]
    result = runner.invoke(cli_app(), args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.output


def test_untrusted_markup_is_printed_literally(runner, ledger_url, tmp_path):
    doc = tmp_path / "markup.txt"
    doc.write_text("[bold red]Iran sent 5 drones to Russia[/bold red] <script>x</script>.", encoding="utf-8")
    app = cli_app()
    assert runner.invoke(app, ["ingest", str(doc), "--db", ledger_url, "--quiet"]).exit_code == 0
    shown = runner.invoke(app, ["show", "1", "--db", ledger_url])
    assert "[bold red]Iran sent 5 drones to Russia[/bold red]" in shown.stdout


def test_ingest_url_needs_allow_private_for_a_local_server(runner, ledger_url, monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = b"Iran sent 40 drones to Russia last month, the ministry said."
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    monkeypatch.delenv("ARMSLEDGER_ALLOW_PRIVATE", raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/story"
    try:
        app = cli_app()
        refused = runner.invoke(app, ["ingest", url, "--db", ledger_url, "--quiet"])
        assert refused.exit_code == 1 and "refusing to fetch" in refused.stderr and "--allow-private" in refused.stderr
        allowed = runner.invoke(app, ["ingest", url, "--db", ledger_url, "--quiet", "--allow-private"])
        assert allowed.exit_code == 0 and "1 new" in allowed.stderr
    finally:
        httpd.shutdown()
        httpd.server_close()
