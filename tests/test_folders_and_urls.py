"""Folders: files that are not documents are skipped with one summary line; extract reads URLs."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ledger_support import REPORT_A, FakeExtractor, cli_app, ledger_url  # noqa: F401
from typer.testing import CliRunner

import armsledger.pipeline.ingestion as ingest_module
from armsledger.ingest.discover import discover

runner = CliRunner()
SUFFIXES = {".txt", ".jsonl"}


@pytest.fixture
def corpus_folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A)
    (folder / "gold.jsonl").write_text(json.dumps({"doc": "a.txt", "claims": []}) + "\n")
    (folder / "floors.json").write_text("{}")
    (folder / "more.jsonl").write_text(json.dumps({"text": "Iran sent 40 drones to Russia.", "name": "m"}) + "\n")
    (folder / ".hidden.txt").write_text("Iran sent 1 drones to Russia.")
    return folder


def test_discover_skips_what_is_no_document_and_keeps_named_files(corpus_folder):
    found = {f.path.name: f.skip for f in discover([corpus_folder], SUFFIXES)}
    assert found == {
        "a.txt": None,
        "more.jsonl": None,
        "floors.json": "not a document type (.json)",
        "gold.jsonl": 'JSON Lines without documents (no "text" field)',
    }
    named = list(discover([corpus_folder / "floors.json"], SUFFIXES))
    assert [(f.path.name, f.skip) for f in named] == [("floors.json", None)]


def test_ingesting_a_corpus_folder_skips_gold_files_in_one_line_and_exits_0(corpus_folder, ledger_url, monkeypatch):
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    result = runner.invoke(cli_app(), ["ingest", str(corpus_folder), "--db", ledger_url, "-q", "--json"])
    assert result.exit_code == 0
    assert "failed:" not in result.stderr
    assert (
        "skipped 2 file(s) in folders that are not documents (floors.json, gold.jsonl); name a file to read it anyway"
    ) in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["failed"], len(summary["skipped"])) == (2, 0, 2)


def test_a_named_non_document_is_still_an_error(corpus_folder, ledger_url, monkeypatch):
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    result = runner.invoke(cli_app(), ["ingest", str(corpus_folder / "floors.json"), "--db", ledger_url, "-q"])
    assert result.exit_code == 1 and "unsupported file type .json" in result.stderr


def test_extract_reads_a_url(extractor, monkeypatch):
    class Page(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = b"Iran delivered 400 drones to Russia over the winter, a Ukrainian official said."
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    monkeypatch.delenv("ARMSLEDGER_ALLOW_PRIVATE", raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/story"
    try:
        refused = runner.invoke(cli_app(), ["extract", url])
        assert refused.exit_code == 1 and "refusing to fetch" in refused.stderr
        assert "unsupported file type" not in refused.stderr
        result = runner.invoke(cli_app(), ["extract", "--allow-private", url])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout.splitlines()[0])["supplier"] == "IRN"
    finally:
        httpd.shutdown()
        httpd.server_close()
