"""`Ledger.store_batch` (the writer of `ingest --workers`): a batch stored at once holds what storing
its documents one by one holds, and costs a fixed number of statements whatever its size."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_support import FakeExtractor, db, ledger_url  # noqa: F401
from sqlalchemy import event
from test_pipeline_dask import gen_corpus, snapshot

from armsledger.ledger import connect
from armsledger.ledger.dedup import fingerprint
from armsledger.ledger.store import Ledger, StoreItem
from armsledger.model import Document

PEOPLE = ["Anna Petrova, spokeswoman of Ukraine", "John Smith", "Kim Sung, analyst of Korea", "Lee Park"]


def _documents() -> list[Document]:
    """Generated wire stories mixed with stories naming sources, syndicated copies (also of a story
    a few documents earlier, so within one batch) and exact copies."""
    docs = []
    for i, record in enumerate(gen_corpus.generate(40, seed=3)):
        docs.append(Document(name=record["name"], text=record["text"], published=date(2024, 1, 1 + i % 28)))
        body = (
            f"According to {PEOPLE[i % 4]}, Russia sent {100 + i} shells to Syria. Officials in the region "
            f"declined to comment on the shipment number {i} when asked about it on the day of the report. "
            f"The claims could not be verified independently by reporters in the capital this week."
        )
        docs.append(Document(name=f"story-{i}", text=f"Wire story {i}.\n{body}"))
        if i % 3 == 0:
            docs.append(Document(name=f"copy-{i}", text=f"Syndicated from the wire, edition {i}.\n{body}"))
        if i % 7 == 0:
            docs.append(Document(name=f"exact-{i}", text=f"Wire  story {i}.\n\n{body}"))
    return docs


def _items(docs: list[Document]) -> list[StoreItem]:
    extractor = FakeExtractor()
    return [
        StoreItem(
            doc,
            extractor.extract(doc),
            extractor.version,
            fingerprint(doc.text),
            extract_error="over the time budget" if i % 23 == 11 else None,
        )
        for i, doc in enumerate(docs)
    ]


def _ledger_with_an_alias(url: str) -> Ledger:
    """A ledger where "Lee Park" is already an alias of a stored source, John Smith."""
    ledger = Ledger(connect(url))
    first = Document(name="first", text="According to John Smith, Iran sent 5 drones to Russia.")
    ledger.store(first, FakeExtractor().extract(first), extractor_version="fake/1")
    ledger.add_source_alias("John Smith", "Lee Park")
    return ledger


@pytest.mark.parametrize("size", [1, 7, 50])
def test_a_batch_stores_what_storing_one_by_one_stores(tmp_path, size):
    items = _items(_documents())
    alone_url, batched_url = f"sqlite:///{tmp_path / 'alone.db'}", f"sqlite:///{tmp_path / 'batched.db'}"
    alone, batched = _ledger_with_an_alias(alone_url), _ledger_with_an_alias(batched_url)
    one_by_one = [
        alone.store(
            item.doc,
            item.claims,
            extractor_version=item.extractor_version,
            fp=item.fp,
            extract_error=item.extract_error,
        )
        for item in items
    ]
    in_batches = [result for i in range(0, len(items), size) for result in batched.store_batch(items[i : i + size])]
    alone.db.dispose()
    batched.db.dispose()
    assert [(r.outcome, r.claims_added, r.similarity) for r in one_by_one] == [
        (r.outcome, r.claims_added, r.similarity) for r in in_batches
    ]
    outcomes = {r.outcome for r in one_by_one}
    assert outcomes == {"new", "near_duplicate", "duplicate"}  # the documents exercise every outcome
    assert snapshot(alone_url) == snapshot(batched_url)


def test_a_near_duplicate_within_a_batch_links_to_the_original_of_its_original(db):
    body = (
        "North Korea sent 300 shells to Russia, according to officials who spoke on condition of anonymity "
        "about the shipments that crossed the border by rail during the night last month."
    )
    docs = [
        Document(name="original", text=f"First edition.\n{body}"),
        Document(name="copy", text=f"Second edition.\n{body}"),
        Document(name="copy-of-copy", text=f"Third edition.\n{body}"),
    ]
    results = Ledger(db).store_batch(_items(docs))
    assert [r.outcome for r in results] == ["new", "near_duplicate", "near_duplicate"]
    assert results[1].near_duplicate_of == results[2].near_duplicate_of == results[0].document_id


def test_a_batch_costs_the_same_statements_whatever_its_size(db):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    docs = _documents()
    ledger = Ledger(db)
    ledger.store_batch(_items(docs[:3]))  # the first sources and actors
    event.listen(db.write_engine, "before_cursor_execute", count)
    try:
        ledger.store_batch(_items(docs[3:8]))
        small = len(statements)
        statements.clear()
        ledger.store_batch(_items(docs[8:80]))
        large = len(statements)
    finally:
        event.remove(db.write_engine, "before_cursor_execute", count)
    assert large <= small + 3, (small, large)
