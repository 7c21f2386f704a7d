"""Issue 12, item 2: every document has a time and size budget. A document over budget is reported
and skipped and the batch goes on, for every reader; the inputs that used to hang now finish
well within the budget."""

from __future__ import annotations

import json
import os
import time

import pytest
from ledger_support import REPORT_A, REPORT_B, FakeExtractor, db, ledger_url  # noqa: F401

import armsledger.ingest.inputs as inputs_module
from armsledger.budget import DocumentBudget
from armsledger.errors import BudgetExceededError, WorkerCrashedError
from armsledger.ingest.inputs import InputReader
from armsledger.ledger import list_documents
from armsledger.ledger.store import Ledger
from armsledger.model import Document
from armsledger.pipeline import ingest
from armsledger.pipeline.extract import extract_inputs


class HangingExtractor(FakeExtractor):
    """Never returns on a document that says HANG; kills its own process on one that says CRASH."""

    def extract(self, doc, *, published=None):
        if "HANG" in doc.text:
            while True:
                time.sleep(1)
        if "CRASH" in doc.text:
            os.kill(os.getpid(), 11)
        return super().extract(doc, published=published)


def _sleeping_reader(path, *args, **kwargs):
    time.sleep(60)


# Budgets here leave the document after a killed worker (a fresh fork) room to finish on 2 busy
# cores: the browser tests' Chromium and PostgreSQL may share them.
SHORT_BUDGET = 3


def test_a_document_over_budget_is_stored_without_claims_and_the_batch_goes_on(db, tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", str(SHORT_BUDGET))
    for name, text in {"a.txt": "HANG " + REPORT_A, "b.txt": "CRASH " + REPORT_A, "c.txt": REPORT_B}.items():
        (tmp_path / name).write_text(text)
    summary = ingest(Ledger(db), [str(tmp_path)], extractor=HangingExtractor())
    reasons = dict(summary.failures)
    assert f"over the time budget of {SHORT_BUDGET} s per document" in reasons[str(tmp_path / "a.txt")]
    assert "worker process reading it died (killed by signal 11" in reasons[str(tmp_path / "b.txt")]
    stored = {d["name"]: d for d in list_documents(db)}
    assert stored["c.txt"]["claims"] == 1 and stored["a.txt"]["extract_error"]


@pytest.mark.parametrize(
    "make",
    [
        lambda folder: (folder / "slow.txt", "text"),
        lambda folder: (folder / "slow.html", "<html><body><p>x</p></body></html>"),
    ],
)
def test_a_reader_over_budget_is_reported_and_the_next_file_read(make, tmp_path, monkeypatch):
    monkeypatch.setattr(inputs_module, "read_path", _sleeping_reader)
    path, content = make(tmp_path)
    path.write_text(content)
    (tmp_path / "z.jsonl").write_text(json.dumps({"text": REPORT_A}) + "\n")
    with DocumentBudget(seconds=SHORT_BUDGET) as budget:
        loaded = list(InputReader(budget=budget).read([str(path), str(tmp_path / "z.jsonl")]))
    assert isinstance(loaded[0].error, BudgetExceededError) and str(path) in str(loaded[0].error)
    assert loaded[1].document is not None and "North Korea" in loaded[1].document.text


def test_extract_reports_a_document_over_budget_and_prints_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text("HANG " + REPORT_A)
    (tmp_path / "b.txt").write_text(REPORT_A)
    errors = []
    result = extract_inputs(
        [str(tmp_path)],
        extractor=HangingExtractor(),
        seconds=SHORT_BUDGET,
        on_error=lambda name, message: errors.append(message),
    )
    assert result.documents == 1 and {c.doc for c in result.claims} == {"b.txt"}
    assert len(errors) == 1 and errors[0].startswith(f"{tmp_path / 'a.txt'}: over the time budget")


def test_a_crashed_worker_is_replaced_for_the_next_document():
    with DocumentBudget(seconds=5, extractor=HangingExtractor()) as budget:
        with pytest.raises(WorkerCrashedError):
            budget.extract("x", Document(name="x", text="CRASH"), None)
        claims = budget.extract("y", Document(name="y", text=REPORT_A), None)
    assert len(claims) == 1


def test_budget_zero_runs_in_this_process(monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", "0")
    extractor = FakeExtractor()
    with DocumentBudget(extractor=extractor) as budget:
        assert not budget.isolated
        budget.extract("a", Document(name="a", text=REPORT_A), None)
    assert extractor.calls == 1


HANGS = {
    "'=' * 8000": "North Korea sent 3,000 shells to Russia, officials said. " + "=" * 8000,
    "'&' * 40000": "&" * 40000 + "\nNorth Korea sent 3,000 shells to Russia, officials said.",
    "repeated rate clauses (20 KB)": "Russia fires 10,000 shells a day, compared with 2,000 by Ukraine, " * 300,
    "'\\'s' * 20000 (one 40 KB token)": "Iran sent 5 drones to Russia. " + "'s" * 20000,
    "one 100 KB sentence": "Iran sent 5 drones to Russia and " * 3000,
}


def test_inputs_that_used_to_hang_finish_within_the_budget(extractor):
    with DocumentBudget(seconds=60, extractor=extractor) as budget:
        for label, text in HANGS.items():
            doc = Document(name=label, text=text)
            budget.extract(label, doc, None)  # BudgetExceededError fails the test


def test_html_with_200000_attributes_is_read_within_the_budget(tmp_path):
    page = tmp_path / "attrs.html"
    page.write_text(
        "<html><body><article><div "
        + " ".join(f'a{i}="1"' for i in range(200_000))
        + ">"
        + "Iran sent 5 drones to Russia, officials said. " * 3
        + "</div></article></body></html>"
    )
    with DocumentBudget(seconds=60) as budget:
        [loaded] = list(InputReader(budget=budget).read([str(page)]))
    assert loaded.error is None and "Iran sent 5 drones" in loaded.document.text


def test_a_feed_of_many_teasers_is_read_cheaply_entry_by_entry(db, tmp_path, monkeypatch):
    items = "".join(
        f"<item><title>Story {i}</title><description>Iran sent {i + 1} drones to Russia.</description></item>"
        for i in range(1000)
    )
    (tmp_path / "big.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", "20")
    summary = ingest(Ledger(db), [str(tmp_path / "big.rss")], extractor=FakeExtractor())
    assert (summary.new, summary.failed) == (1000, 0)


@pytest.mark.parametrize(
    "write",
    [
        lambda p: p.with_suffix(".jsonl").write_text(
            json.dumps({"text": "x" * 3000}) + "\n" + json.dumps({"text": REPORT_A}) + "\n"
        ),
        lambda p: p.with_suffix(".rss").write_text(
            '<?xml version="1.0"?><rss><channel><item><description>'
            + "x" * 3000
            + "</description></item></channel></rss>"
        ),
        lambda p: p.with_suffix(".pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 3000),
    ],
)
def test_jsonl_lines_feed_files_and_pdfs_respect_the_size_cap(write, tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_MAX_DOCUMENT_BYTES", "2000")
    write(tmp_path / "big")
    [path] = list(tmp_path.iterdir())
    loaded = list(InputReader().read([str(path)]))
    assert "2,000-byte limit" in str(loaded[0].error)
    if path.suffix == ".jsonl":
        assert loaded[1].document is not None  # the next line is still read


def test_reextract_keeps_old_claims_of_a_document_over_budget(db, tmp_path, monkeypatch):
    from armsledger.ledger.queries import count_claims
    from armsledger.pipeline import reextract

    (tmp_path / "a.txt").write_text("HANG later. " + REPORT_A)
    (tmp_path / "b.txt").write_text(REPORT_B)
    ledger = Ledger(db)
    ingest(ledger, [str(tmp_path)], extractor=FakeExtractor("fake/1"))
    before = count_claims(db)
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", str(SHORT_BUDGET))
    summary = reextract(ledger, extractor=HangingExtractor("fake/2"))
    assert summary.failed == 1 and "over the time budget" in summary.failures[0][1]
    assert summary.documents == 1 and count_claims(db) == before
