"""Extraction on a Dask cluster (`ingest --workers`, `extract --workers`): the same ledger and the same
claims as one process, runs that resume after an interruption, and documents that hang or kill
their worker reported alone while the rest go on."""

from __future__ import annotations

import importlib.util
import json
import os
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from ledger_support import PG_URL, FakeExtractor, _pg_admin_url
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.ledger import Ledger, connect
from armsledger.model import Claim, Document
from armsledger.pipeline import IngestInterrupted, extract_inputs, ingest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "benchmarks" / "gen_corpus.py")
assert _spec is not None and _spec.loader is not None
gen_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_corpus)

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="ARMSLEDGER_TEST_DATABASE_URL is not set")),
]


@pytest.fixture
def ledger_urls(request, tmp_path):
    """A factory of URLs of empty ledgers on the backend the test is parametrised with."""
    backend = request.param
    schemas: list[str] = []

    def make(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / (name + '.db')}"
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with create_engine(_pg_admin_url()).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        sep = "&" if "?" in _pg_admin_url() else "?"
        return f"{_pg_admin_url()}{sep}options={quote(f'-csearch_path={schema}')}"

    yield make
    if schemas:
        engine = create_engine(_pg_admin_url())
        with engine.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def snapshot(url: str) -> dict[str, object]:
    """What a ledger holds, by content rather than by row id: documents (with the document each
    near-duplicate links to), claims (with their document and source) and sources."""
    database = connect(url)
    try:
        with database.read() as conn:
            docs = conn.execute(
                text(
                    "SELECT d.name, d.content_hash, d.title, d.published, d.published_source, d.extractor_version, "
                    "d.extract_error, o.content_hash, d.similarity FROM documents d "
                    "LEFT JOIN documents o ON o.id = d.near_duplicate_of_id"
                )
            ).all()
            claims = conn.execute(
                text(
                    "SELECT d.content_hash, c.kind, c.supplier, c.recipient, c.actor, c.item, c.caliber_mm, "
                    "c.quantity_value, c.quantity_value_high, c.quantity_qualifier, c.quantity_unit, c.quantity_per, "
                    "c.status, c.polarity, c.hedged, c.cues, c.certainty, c.said_on, c.by, c.financed_by, c.deal, "
                    "c.evidence_start, c.evidence_end, c.evidence_text, c.syndicated, c.published_on, "
                    "c.extractor_version, s.key FROM claims c JOIN documents d ON d.id = c.document_id "
                    "LEFT JOIN sources s ON s.id = c.source_id"
                )
            ).all()
            sources = conn.execute(text("SELECT key, name, role, org, country FROM sources")).all()
    finally:
        database.dispose()
    rounded = [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in docs]
    return {
        "documents": sorted(map(repr, rounded)),
        "claims": sorted(map(repr, claims)),
        "sources": sorted(map(repr, sources)),
    }


def _ingest_cli(url: str, corpus: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["ingest", "--quiet", "--json", "--db", url, str(corpus), *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return summary


COUNTS = ("new", "duplicate", "near_duplicate", "failed", "claims_added", "syndicated_claims")


@pytest.mark.parametrize("ledger_urls", BACKENDS, indirect=True)
def test_ingest_on_two_workers_stores_what_one_worker_stores(ledger_urls, tmp_path):
    corpus = gen_corpus.write(tmp_path / "wire.jsonl", 200, seed=11)
    one, two = ledger_urls("one"), ledger_urls("two")
    first = _ingest_cli(one, corpus, "--workers", "1")
    second = _ingest_cli(two, corpus, "--workers", "2")
    assert {k: first[k] for k in COUNTS} == {k: second[k] for k in COUNTS}
    assert first["near_duplicate"] and first["duplicate"] and first["claims_added"]  # the corpus exercises them
    assert snapshot(one) == snapshot(two)


@pytest.mark.parametrize("ledger_urls", ["sqlite"], indirect=True)
def test_ingest_on_workers_stores_what_one_process_stores(ledger_urls, tmp_path):
    corpus = gen_corpus.write(tmp_path / "wire.jsonl", 60, seed=5)
    alone, cluster = ledger_urls("alone"), ledger_urls("cluster")
    first = _ingest_cli(alone, corpus)
    second = _ingest_cli(cluster, corpus, "--workers", "2")
    assert {k: first[k] for k in COUNTS} == {k: second[k] for k in COUNTS}
    assert snapshot(alone) == snapshot(cluster)


class StopAfter:
    """A progress callback that interrupts the run (as Ctrl-C would) after `n` documents."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __call__(self, summary, location, total) -> None:
        if summary.processed >= self.n:
            raise KeyboardInterrupt


def test_an_interrupted_cluster_ingest_resumes_to_the_ledger_of_an_uninterrupted_one(tmp_path):
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text(
        "".join(
            json.dumps(
                {
                    "name": f"d{i}",
                    "published": "2024-03-01",
                    "text": f"Report {i}: North Korea sent {1000 + i} shells to Russia.",
                }
            )
            + "\n"
            for i in range(80)
        )
    )
    whole, resumed = tmp_path / "whole.db", tmp_path / "resumed.db"
    database = connect(f"sqlite:///{whole}")
    ingest(Ledger(database), [str(corpus)], workers=2, factory=FakeExtractor)
    database.dispose()
    database = connect(f"sqlite:///{resumed}")
    with pytest.raises(IngestInterrupted) as stop:
        ingest(Ledger(database), [str(corpus)], workers=2, factory=FakeExtractor, progress=StopAfter(20))
    assert 20 <= stop.value.summary.processed < 80
    again = ingest(Ledger(database), [str(corpus)], workers=2, factory=FakeExtractor)
    database.dispose()
    # what was stored before is skipped, not extracted again
    assert again.duplicate >= stop.value.summary.new and again.duplicate + again.new == 80
    assert snapshot(f"sqlite:///{whole}") == snapshot(f"sqlite:///{resumed}")


class HostileExtractor(FakeExtractor):
    """Hangs on "HANG", ends its process on "CRASH", else extracts like FakeExtractor."""

    def extract(self, doc: Document, *, published: date | None = None) -> list[Claim]:
        if "HANG" in doc.text:
            time.sleep(60)
        if "CRASH" in doc.text:
            os._exit(3)
        return super().extract(doc, published=published)


def _hostile_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.txt").write_text(f"Report {i}: Iran sent {50 + i} drones to Russia.\n")
    (folder / "05.txt").write_text("CRASH Iran sent 5 drones to Russia.\n")
    (folder / "08.txt").write_text("HANG Iran sent 8 drones to Russia.\n")
    return folder


def test_a_document_that_hangs_or_kills_its_process_fails_alone_on_the_cluster(tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", "3")
    errors: list[str] = []
    result = extract_inputs(
        [str(_hostile_corpus(tmp_path))],
        workers=2,
        factory=HostileExtractor,
        on_error=lambda _name, reason: errors.append(reason),
    )
    assert result.documents == 10
    assert sorted(c.quantity.value for c in result.claims if c.quantity) == [
        50 + i for i in range(12) if i not in (5, 8)
    ]
    assert len(errors) == 2
    assert any("05.txt" in e and "died" in e for e in errors)
    assert any("08.txt" in e and "time budget" in e for e in errors)


def test_a_document_that_kills_a_worker_without_a_budget_fails_alone(tmp_path, monkeypatch):
    # with the budget off, the crash takes the Dask worker itself down: its batch is retried
    # document by document, so only the document that kills it is reported
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", "0")
    folder = _hostile_corpus(tmp_path)
    (folder / "08.txt").unlink()
    database = connect(f"sqlite:///{tmp_path / 'ledger.db'}")
    summary = ingest(Ledger(database), [str(folder)], workers=2, factory=HostileExtractor)
    database.dispose()
    assert (summary.new, summary.failed, summary.claims_added) == (11, 1, 10)
    assert "05.txt" in summary.failures[0][0] and "Dask worker" in summary.failures[0][1]


def test_extract_on_workers_prints_the_claims_of_one_process_in_the_same_order():
    samples = str(ROOT / "src" / "armsledger" / "samples")
    alone = CliRunner().invoke(app, ["extract", samples])
    cluster = CliRunner().invoke(app, ["extract", "--workers", "2", samples])
    assert alone.exit_code == cluster.exit_code == 0, cluster.output
    assert alone.stdout.strip() and cluster.stdout == alone.stdout


def test_an_unreachable_scheduler_is_one_line_and_no_run(tmp_path, monkeypatch):
    monkeypatch.setattr("armsledger.pipeline.cluster.CONNECT_TIMEOUT", 2)
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    (tmp_path / "a.txt").write_text("Iran sent 5 drones to Russia.\n")
    result = CliRunner().invoke(
        app, ["ingest", "--db", url, "--scheduler", "tcp://127.0.0.1:9", str(tmp_path / "a.txt")]
    )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output


def test_a_local_cluster_that_loses_every_worker_is_started_again(monkeypatch):
    # a nanny that cannot restart its killed worker (a loaded machine) leaves a cluster with no workers: the wait
    # for a batch notices, starts the cluster again and retries the batch there instead of waiting for ever
    from armsledger.pipeline import cluster
    from armsledger.pipeline.tasks import Job

    monkeypatch.setattr(cluster, "POLL_SECONDS", 0.5)
    monkeypatch.setattr(cluster, "LOST_AFTER", 2.0)
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", "0")
    jobs = [
        (Job(i, f"{i}.txt", Document(name=f"{i}.txt", text=f"Iran sent {50 + i} drones to Russia."), None), i)
        for i in range(3)
    ]
    with cluster.DaskExtraction(workers=1, factory=FakeExtractor) as extraction:
        first = extraction.client
        for nanny in list(extraction._cluster.workers.values()):  # every nanny gone with its worker
            extraction._cluster.sync(nanny.close)
        outcomes = [outcome for batch in extraction.run(iter(jobs)) for _, outcome in batch]
        assert extraction.client is not first
    assert [o.error for o in outcomes] == [None, None, None]
    assert sorted(c.quantity.value for o in outcomes for c in o.claims) == [50, 51, 52]
