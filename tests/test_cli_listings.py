"""Listings are never cut silently: tables say "N of M", JSON Lines and CSV print every row."""

from __future__ import annotations

import csv
import io
import json

import pytest
from ledger_support import FakeExtractor, cli_app, ledger_url  # noqa: F401
from typer.testing import CliRunner

import armsledger.pipeline.ingestion as ingest_module

CLAIMS = 60  # more than the 50-row page of a table


@pytest.fixture
def big_ledger(monkeypatch, ledger_url, tmp_path):
    """A ledger with one document of 60 transfer claims and 55 one-claim documents."""
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "many.txt").write_text(" ".join(f"North Korea sent {i + 1},000 shells to Russia." for i in range(CLAIMS)))
    for i in range(55):
        (folder / f"r{i:02d}.txt").write_text(
            f"Report {i}. Iran sent {i + 1} drones to Russia, according to "
            f"Anna {chr(65 + i // 26)}{chr(97 + i % 26)}ova, official of Iran."
        )
    result = CliRunner().invoke(cli_app(), ["ingest", str(folder), "--db", ledger_url, "-q"])
    assert result.exit_code == 0, result.output
    return ledger_url


def test_claims_csv_and_jsonl_print_every_claim_not_a_page(big_ledger):
    runner = CliRunner()
    as_csv = runner.invoke(cli_app(), ["claims", "--db", big_ledger, "--format", "csv"])
    assert as_csv.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == CLAIMS + 55
    as_jsonl = runner.invoke(cli_app(), ["claims", "--db", big_ledger, "--format", "jsonl", "--supplier", "PRK"])
    assert len(as_jsonl.stdout.splitlines()) == CLAIMS
    limited = runner.invoke(cli_app(), ["claims", "--db", big_ledger, "--format", "jsonl", "--limit", "7"])
    assert len(limited.stdout.splitlines()) == 7


def test_claims_table_says_n_of_m_and_how_to_see_more(big_ledger):
    result = CliRunner().invoke(cli_app(), ["claims", "--db", big_ledger, "--supplier", "PRK"])
    assert result.exit_code == 0
    assert result.stderr.strip() == "50 of 60 claim(s) (1–50); --limit 0 shows all, --offset 50 the next 10"
    second = CliRunner().invoke(cli_app(), ["claims", "--db", big_ledger, "--supplier", "PRK", "--offset", "50"])
    assert second.stderr.strip() == "10 of 60 claim(s) (51–60)"
    everything = CliRunner().invoke(cli_app(), ["claims", "--db", big_ledger, "--supplier", "PRK", "--limit", "0"])
    assert everything.stderr.strip() == "60 claim(s)"


def test_paging_newest_first_has_no_gaps_or_repeats(big_ledger):
    runner = CliRunner()
    ids = []
    for offset in (0, 40, 80):
        page = runner.invoke(
            cli_app(), ["claims", "--db", big_ledger, "--format", "jsonl", "--limit", "40", "--offset", str(offset)]
        )
        ids += [json.loads(line)["id"] for line in page.stdout.splitlines()]
    everything = runner.invoke(cli_app(), ["claims", "--db", big_ledger, "--format", "jsonl"])
    assert ids == [json.loads(line)["id"] for line in everything.stdout.splitlines()]
    assert len(set(ids)) == CLAIMS + 55


@pytest.mark.parametrize("command, noun, total", [("documents", "document(s)", 56), ("sources", "source(s)", 55)])
def test_documents_and_sources_tables_say_n_of_m_and_csv_has_all(big_ledger, command, noun, total):
    runner = CliRunner()
    table = runner.invoke(cli_app(), [command, "--db", big_ledger])
    assert table.stderr.strip().startswith(f"50 of {total} {noun} (1–50); --limit 0 shows all")
    as_csv = runner.invoke(cli_app(), [command, "--db", big_ledger, "--format", "csv"])
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == total
