"""Safe outputs: no terminal escapes or markup from documents, no credentials in stored or printed URLs,
no pypdf noise."""

from __future__ import annotations

import io
import json

import pytest
from ledger_support import FakeExtractor, cli_app, db, ledger_url  # noqa: F401
from typer.testing import CliRunner

import armsledger.pipeline.ingestion as ingest_module
from armsledger.ledger import list_documents
from armsledger.ledger.store import Ledger
from armsledger.model import Document
from armsledger.sanitize import redact_url_credentials, strip_url_credentials, terminal_safe

runner = CliRunner()
GOOD = "North Korea has sent about 6,700 containers of munitions to Russia, Seoul said on Monday.\n"


@pytest.mark.parametrize(
    "text, shown",
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("bell\x07", "bell\\x07"),
        ("csi\x9b1m", "csi\\x9b1m"),
        ("tab\tok", "tab\tok"),
        ("bidi\u202eevil", "bidi\\u202eevil"),
        ("plain [red]x[/red]", "plain [red]x[/red]"),
    ],
)
def test_control_characters_are_shown_as_escapes(text, shown):
    assert terminal_safe(text) == shown


@pytest.mark.parametrize(
    "url, clean",
    [
        ("https://user:secret@example.org/a?b=1", "https://example.org/a?b=1"),
        ("https://token@example.org:8443/x", "https://example.org:8443/x"),
        ("https://example.org/@handle", "https://example.org/@handle"),
        (None, None),
    ],
)
def test_url_credentials_are_stripped(url, clean):
    assert strip_url_credentials(url) == clean


def test_credentials_inside_messages_are_redacted():
    assert (
        redact_url_credentials("fetch https://u:p@host/x failed; see http://a@b/")
        == "fetch https://host/x failed; see http://b/"
    )


def test_stored_urls_runs_and_failures_keep_no_credentials(db):
    ledger = Ledger(db)
    ledger.store(
        Document(name="p", text=GOOD, url="https://analyst:hunter2@feeds.example/p"), [], extractor_version="v"
    )
    run = ledger.start_run("ingest", ["https://analyst:hunter2@feeds.example/rss"], "v")
    ledger.record_failure(
        run, "https://analyst:hunter2@feeds.example/x", ValueError("https://analyst:hunter2@feeds.example/x: 404")
    )
    assert list_documents(db)[0]["url"] == "https://feeds.example/p"
    from sqlalchemy import text

    with db.read() as session:
        dump = " ".join(
            str(v)
            for row in session.execute(
                text(
                    "SELECT inputs FROM ingest_runs UNION ALL SELECT location FROM ingest_failures "
                    "UNION ALL SELECT message FROM ingest_failures"
                )
            )
            for v in row
        )
    assert "hunter2" not in dump and "feeds.example" in dump


def test_an_error_line_is_text_not_markup_and_the_batch_goes_on(tmp_path, extractor):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = runner.invoke(cli_app(), ["extract", str(tmp_path / "no[/red].txt"), str(good)])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'no[/red].txt'}: no such file or folder" in result.stderr
    assert len(result.stdout.splitlines()) == 1 and json.loads(result.stdout)["supplier"] == "PRK"


def test_escape_sequences_in_file_names_and_titles_never_reach_the_terminal(tmp_path, monkeypatch, ledger_url):
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    evil = tmp_path / "evil\x1b]0;pwned\x07\x1b[2J.txt"
    evil.write_text("\x1b[31mIran sent 5 drones to Russia.\x1b[0m")
    (tmp_path / "latin1\x1b[5m.txt").write_bytes(b"caf\xe9")
    ingested = runner.invoke(cli_app(), ["ingest", str(tmp_path), "--db", ledger_url, "-q"])
    shown = runner.invoke(cli_app(), ["show", "1", "--db", ledger_url])
    docs = runner.invoke(cli_app(), ["documents", "--db", ledger_url])
    for result in (ingested, shown, docs):
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "\\x1b[5m" in ingested.stderr and "\\x1b[31mIran sent 5 drones" in shown.stdout


def _damaged_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    return data[: data.rfind(b"startxref")] + b"startxref\n99999\n%%EOF\n"  # pypdf warns while repairing


def test_pypdf_warnings_are_silenced_unless_verbose(tmp_path):
    import subprocess
    import sys

    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(_damaged_pdf())
    # a real process: pytest's own log capture would hide what a user sees
    quiet = subprocess.run([sys.executable, "-m", "armsledger", "extract", str(pdf)], capture_output=True, text=True)
    assert quiet.returncode == 1
    assert quiet.stderr.splitlines() == [
        "error: damaged.pdf: PDF has no text layer (scanned images need OCR first)",
        "1 of 1 input(s) failed",
    ]
    verbose = subprocess.run(
        [sys.executable, "-m", "armsledger", "--verbose", "extract", str(pdf)], capture_output=True, text=True
    )
    assert "startxref" in verbose.stderr
