"""`ingest` on a Dask cluster: read and deduplicate here, extract on the workers, store here.

    ingest_on_cluster(Ledger(db), ["wire-2024.jsonl"], workers=2)

1. **Read** (this process): every input is read as a single-process ingest reads it, each
   document's parsing within its time budget in a forked process (`DocumentBudget`).
2. **Deduplicate** (this process): an exact copy of a stored document, or of one already sent to
   the workers in this run, is counted as a duplicate and never extracted.
3. **Extract** (the workers): documents go to the cluster in batches (`dask_batch_size`); each
   worker loads the extractor once and extracts each document within what is left of its budget.
4. **Store** (this process, the only writer): batches come back in input order and each is stored
   in one transaction with its claims inserted in bulk, so near-duplicates are linked exactly as a
   single-process run links them. A batch the database refuses is stored again document by
   document, so only the document at fault fails.

An interrupted run keeps every batch stored before the interruption; running the same command again
skips those documents (by content hash) and goes on with the rest.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from armsledger.budget import DocumentBudget
from armsledger.errors import ArmsledgerError
from armsledger.ingest.inputs import InputReader, Loaded, estimate_count
from armsledger.ledger.dedup import Fingerprint, fingerprint
from armsledger.ledger.errors import DatabaseUnavailableError
from armsledger.ledger.store import Ledger, StoreItem, StoreResult
from armsledger.pipeline.cluster import DaskExtraction
from armsledger.pipeline.ingestion import (
    IngestInterrupted,
    Progress,
    _fail,
    _storing_error,
    count_stored,
)
from armsledger.pipeline.summary import IngestSummary
from armsledger.pipeline.tasks import ExtractorFactory, Job, Outcome


@dataclass
class _Pending:
    """What this process keeps of a document while a worker extracts it."""

    loaded: Loaded
    fp: Fingerprint


class _Writer:
    """Stores the batches coming back from the workers and counts them."""

    def __init__(
        self,
        ledger: Ledger,
        summary: IngestSummary,
        *,
        version: str,
        published: date | None,
        progress: Progress | None,
        total: int,
    ) -> None:
        self.ledger, self.summary, self.version, self.published = ledger, summary, version, published
        self.progress, self.total = progress, total
        #: content hashes sent to the workers and not yet stored (exact copies within the run)
        self.in_flight: set[str] = set()

    def tick(self, location: str) -> None:
        if self.progress:
            self.progress(self.summary, location, max(self.total, self.summary.processed))

    def fail(self, location: str, error: BaseException) -> None:
        _fail(self.ledger, self.summary.run_id, self.summary, location, error)
        self.tick(location)

    def item(self, pending: _Pending, outcome: Outcome) -> StoreItem:
        doc = pending.loaded.document
        assert doc is not None
        return StoreItem(
            doc, outcome.claims, self.version, pending.fp, pending.loaded.retrieved_at, outcome.error, self.published
        )

    def store(self, batch: list[tuple[_Pending, Outcome]]) -> None:
        items = [self.item(pending, outcome) for pending, outcome in batch]
        results: list[StoreResult | BaseException]
        try:
            results = list(self.ledger.store_batch(items, run_id=self.summary.run_id))
        except DatabaseUnavailableError:
            raise
        except Exception:
            results = [self._store_one(item) for item in items]
        for (pending, outcome), result in zip(batch, results, strict=True):
            location = pending.loaded.location
            self.in_flight.discard(pending.fp.content_hash)
            if isinstance(result, BaseException):
                self.fail(location, _storing_error(location, result))
                continue
            count_stored(self.ledger, self.summary, result, location, outcome.error, self.summary.run_id)
            self.tick(location)

    def _store_one(self, item: StoreItem) -> StoreResult | BaseException:
        try:
            return self.ledger.store(
                item.doc,
                item.claims,
                extractor_version=item.extractor_version,
                retrieved_at=item.retrieved_at,
                run_id=self.summary.run_id,
                fp=item.fp,
                extract_error=item.extract_error,
                published=item.published,
            )
        except DatabaseUnavailableError:
            raise
        except Exception as exc:
            return exc


class _WriterThread(threading.Thread):
    """Runs the writer beside the reading and dispatching thread, so that storing one batch overlaps
    with reading the next documents and waiting for the workers. Everything the run records goes
    through its queue, in order: one thread writes to the ledger and to the summary."""

    def __init__(self, writer: _Writer) -> None:
        super().__init__(name="armsledger-writer", daemon=True)
        self.writer = writer
        self.events: queue.Queue[tuple[str, Any] | None] = queue.Queue(maxsize=_QUEUED)
        self.error: BaseException | None = None

    def run(self) -> None:
        while (event := self.events.get()) is not None:
            if self.error is not None:
                continue  # keep draining, so the reading thread is never blocked on a full queue
            try:
                self._handle(*event)
            except BaseException as exc:
                self.error = exc

    def _handle(self, kind: str, payload: Any) -> None:
        summary = self.writer.summary
        if kind == "batch":
            self.writer.store(payload)
        elif kind == "fail":
            self.writer.fail(*payload)
        elif kind == "duplicate":
            summary.duplicate += 1
            self.writer.tick(payload)
        elif kind == "loaded":
            location, notes, skipped = payload
            if skipped:
                summary.skipped.append((location, skipped))
            summary.notes.extend((location, note) for note in notes)

    def put(self, kind: str, payload: Any) -> None:
        self.check()
        self.events.put((kind, payload))

    def check(self) -> None:
        """Raise, in the calling thread, what stopped the writer (a database gone, Ctrl-C in a callback)."""
        if self.error is not None:
            raise self.error  # stays set: the writer discards what comes after it

    def finish(self) -> None:
        """Store what is queued, stop, and raise what stopped the writer, if anything."""
        self.events.put(None)
        self.join()
        self.check()


#: events waiting for the writer (batches, failures, duplicates) before the reading thread waits
_QUEUED = 64


def _jobs(
    reader: InputReader,
    inputs: list[str],
    writer: _Writer,
    thread: _WriterThread,
    published: date | None,
    group_size: int,
) -> Iterator[tuple[Job, _Pending]]:
    """The documents to extract, after reporting inputs that failed and counting exact copies
    (looked up in the ledger `group_size` documents at a time, with one query)."""
    group: list[tuple[int, Loaded, Fingerprint]] = []
    for index, loaded in enumerate(reader.read(inputs)):
        location = loaded.location
        thread.put("loaded", (location, list(loaded.notes), loaded.skipped))
        if loaded.skipped:
            continue
        doc = loaded.document
        if doc is None:
            reason = str(loaded.error) if loaded.error else f"{location}: unreadable"
            thread.put("fail", (location, loaded.error or ArmsledgerError(reason)))
            continue
        try:
            fp = fingerprint(doc.text)
        except Exception as exc:
            thread.put("fail", (location, _storing_error(location, exc)))
            continue
        group.append((index, loaded, fp))
        if len(group) >= group_size:
            yield from _new_documents(group, writer, thread, published)
            group = []
    yield from _new_documents(group, writer, thread, published)


def _new_documents(
    group: list[tuple[int, Loaded, Fingerprint]], writer: _Writer, thread: _WriterThread, published: date | None
) -> Iterator[tuple[Job, _Pending]]:
    """The documents of `group` that are neither stored, nor sent to the workers, nor copies of an
    earlier one of the group; the others are counted as duplicates, in order."""
    if not group:
        return
    hashes = [fp.content_hash for _, _, fp in group]
    # in flight first, then the ledger: a document leaves `in_flight` only after its commit, so one
    # of the two sees each copy
    flying = {h for h in hashes if h in writer.in_flight}
    try:
        stored = writer.ledger.find_hashes(hashes)
    except DatabaseUnavailableError:
        raise
    except Exception as exc:
        for _, loaded, _ in group:
            thread.put("fail", (loaded.location, _storing_error(loaded.location, exc)))
        return
    for index, loaded, fp in group:
        h = fp.content_hash
        if h in flying or h in stored or h in writer.in_flight:
            thread.put("duplicate", loaded.location)
            continue
        writer.in_flight.add(h)
        doc = loaded.document
        assert doc is not None
        yield Job(index, loaded.location, doc, published, time.monotonic() - loaded.started), _Pending(loaded, fp)


def ingest_on_cluster(
    ledger: Ledger,
    inputs: list[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    published: date | None = None,
    allow_private: bool | None = None,
    progress: Progress | None = None,
    factory: ExtractorFactory | None = None,
    extractor_version: str | None = None,
    batch_size: int | None = None,
) -> IngestSummary:
    """Ingest `inputs` with extraction on a Dask cluster (see the module's docstring): a local one
    of `workers` processes, or the one whose scheduler is at `scheduler`.

    `factory` builds the extractor on each worker (default: the installed armsledger extractor,
    whose version `extractor_version` defaults to)."""
    if extractor_version is None:
        from armsledger.extract.extractor import EXTRACTOR_VERSION

        extractor_version = EXTRACTOR_VERSION
    inputs = list(inputs)
    cluster = DaskExtraction[_Pending](workers=workers, scheduler=scheduler, batch_size=batch_size, factory=factory)
    cluster.start()  # a cluster that cannot start is an error before any run is recorded
    run_id = ledger.start_run("ingest", inputs, extractor_version)
    summary = IngestSummary(run_id=run_id)
    writer = _Writer(
        ledger, summary, version=extractor_version, published=published, progress=progress, total=estimate_count(inputs)
    )
    status = "interrupted"
    budget = DocumentBudget()
    reader = InputReader(allow_private=allow_private, budget=budget)
    thread = _WriterThread(writer)
    thread.start()
    try:
        try:
            for batch in cluster.run(_jobs(reader, inputs, writer, thread, published, cluster.batch_size)):
                thread.put("batch", batch)
        finally:
            thread.finish()  # what was extracted is stored, also when the run stops early
        status = "finished"
    except KeyboardInterrupt as exc:
        raise IngestInterrupted(summary) from exc
    finally:
        cluster.close()
        budget.close()
        reader.close()
        ledger.finish_run(run_id, status=status, **summary.run_counts())
    return summary
