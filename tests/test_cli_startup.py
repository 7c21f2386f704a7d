"""Startup and run-level ergonomics: a light CLI import, --version, completion, the demo cleaning up,
and Ctrl-C during ingest saying how far it got."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date

import pytest
from ledger_support import REPORT_A, REPORT_B, FakeExtractor, cli_app, ledger_url  # noqa: F401
from typer.testing import CliRunner

import armsledger.pipeline.ingestion as ingest_module
from armsledger.model import Claim, Document

runner = CliRunner()
HEAVY = (
    "spacy",
    "thinc",
    "sqlalchemy",
    "pyarrow",
    "pandas",
    "followthemoney",
    "datasketch",
    "openpyxl",
    "numpy",
    "scipy",
    "matplotlib",
    "fastapi",
    "uvicorn",
    "dask",
    "distributed",
    "armsledger.ledger",
    "armsledger.extract.pipeline",
    "armsledger.stockflow",
)


def _imported_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_importing_the_cli_loads_no_heavy_library():
    assert _imported_after("import armsledger.cli") == set()


def test_importing_the_package_loads_nothing_until_asked():
    assert _imported_after("import armsledger; dir(armsledger)") == set()


def test_version_prints_package_extractor_and_schema_versions_without_spacy():
    from armsledger import __version__
    from armsledger.extract.extractor import EXTRACTOR_VERSION
    from armsledger.model import SCHEMA_VERSION

    result = runner.invoke(cli_app(), ["--version"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"armsledger {__version__}",
        f"extractor {EXTRACTOR_VERSION}",
        f"claim schema {SCHEMA_VERSION}",
    ]
    assert _imported_after("from armsledger.cli import version_text; version_text()") == set()


def test_shell_completion_is_offered():
    result = runner.invoke(cli_app(), ["--help"])
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


@pytest.fixture
def fake_demo(monkeypatch, tmp_path):
    """The demo with the fake extractor; temporary folders go under tmp_path/tmp so the test can see them."""
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path / "tmp"


def test_demo_prints_a_readable_summary_and_leaves_nothing_behind(fake_demo):
    result = runner.invoke(cli_app(), ["demo"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Ingested 3 sample report(s): 3 new, 0 already in the ledger, 0 failed;")
    assert "{" not in result.stdout.splitlines()[0]  # no raw dict
    assert "Claims in the demo ledger" in result.stdout
    assert "removed now" in result.stderr and "armsledger demo --db demo.db" in result.stderr
    assert list(fake_demo.iterdir()) == []


def test_demo_with_db_keeps_the_ledger_and_says_where(fake_demo, tmp_path):
    target = tmp_path / "demo.db"
    result = runner.invoke(cli_app(), ["demo", "--db", str(target)])
    assert result.exit_code == 0 and target.is_file()
    assert f"Demo ledger kept at {target}; explore it: armsledger claims --db {target}" in result.stderr
    assert runner.invoke(cli_app(), ["summary", "--db", str(target)]).exit_code == 0


class InterruptedExtractor(FakeExtractor):
    """Raises KeyboardInterrupt (as Ctrl-C does) on the second document."""

    def extract(self, doc: Document, *, published: date | None = None) -> list[Claim]:
        if self.calls == 1:
            raise KeyboardInterrupt
        return super().extract(doc, published=published)


def test_ctrl_c_during_ingest_says_how_far_it_got_and_a_rerun_goes_on(monkeypatch, ledger_url, tmp_path):
    from armsledger.ledger import connect, list_documents
    from armsledger.ledger.tables import IngestRun

    (tmp_path / "a.txt").write_text(REPORT_A)
    (tmp_path / "b.txt").write_text(REPORT_B)
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: InterruptedExtractor())
    stopped = runner.invoke(cli_app(), ["ingest", str(tmp_path), "--db", ledger_url, "-q"])
    assert stopped.exit_code == 130
    assert "ingest run 1 (interrupted): 1 new" in stopped.stderr
    assert "interrupted: documents stored so far are kept; run the same command again" in stopped.stderr
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    again = runner.invoke(cli_app(), ["ingest", str(tmp_path), "--db", ledger_url, "-q"])
    assert again.exit_code == 0 and "1 new, 1 duplicate" in again.stderr
    db = connect(ledger_url)
    try:
        assert len(list_documents(db, limit=0)) == 2
        with db.read() as session:
            assert [r.status for r in session.query(IngestRun).order_by(IngestRun.id)] == ["interrupted", "finished"]
    finally:
        db.dispose()
