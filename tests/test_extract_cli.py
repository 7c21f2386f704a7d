"""The extract command: output shapes, bad input, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from armsledger.cli import app

runner = CliRunner()
GOOD = "North Korea has sent about 6,700 containers of munitions to Russia, Seoul said on Monday.\n"


def test_jsonl_prints_only_schema_claims(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    result = runner.invoke(app, ["extract", "--published", "2024-02-28", str(tmp_path / "a.txt")])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 1
    assert set(rows[0]) == {
        "doc",
        "kind",
        "supplier",
        "recipient",
        "actor",
        "item",
        "caliber_mm",
        "quantity",
        "status",
        "polarity",
        "hedged",
        "cues",
        "certainty",
        "source",
        "said_on",
        "by",
        "published",
        "financed_by",
        "deal",
        "evidence",
    }
    assert rows[0]["doc"] == "a.txt" and rows[0]["said_on"] == "2024-02-26"
    assert rows[0]["published"] == "2024-02-28"


def test_bad_files_are_reported_other_types_skipped_and_the_rest_processed(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 shells".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 3  # the PNG in the folder is no document: skipped, in one summary line
    assert [line for line in result.stderr.splitlines() if line.startswith("skipped 1 file")] == [
        "skipped 1 file(s) in folders that are not documents (photo.png); name a file to read it anyway"
    ]
    assert "Traceback" not in result.stderr
    assert any("not valid UTF-8" in e for e in errors) and any("binary" in e for e in errors)


def test_oversized_file_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_MAX_DOCUMENT_BYTES", "1000")
    big = tmp_path / "big.txt"
    big.write_text("shells " * 1000)
    result = runner.invoke(app, ["extract", str(big)])
    assert result.exit_code == 1
    assert "over the 1,000-byte limit" in result.stderr


def test_stdin_and_csv(tmp_path):
    result = runner.invoke(app, ["extract", "--format", "csv", "-"], input=GOOD)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("doc,kind,supplier") and len(lines) == 2


def test_html_main_text_is_read(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>x</title></head><body><nav>Menu Home</nav><article><p>"
        + GOOD
        + "</p><p>Analysts expect more deliveries in the months ahead as the war continues.</p>"
        "</article></body></html>"
    )
    result = runner.invoke(app, ["extract", "--published", "2024-02-28", str(page)])
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["quantity"]["unit"] == "container"


def test_fifty_megabyte_file_is_refused_and_the_rest_processed(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: the size cap refuses it before a byte is read
    (tmp_path / "good.txt").write_text(GOOD)
    result = runner.invoke(app, ["extract", str(big), str(tmp_path / "good.txt")])
    assert result.exit_code == 1
    assert "over the" in result.stderr and "huge.txt" in result.stderr
    assert len(result.stdout.splitlines()) == 1
