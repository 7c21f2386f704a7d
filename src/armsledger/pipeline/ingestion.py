"""`ingest` as a library call: read inputs, skip exact copies before extracting, extract, store
each document in its own transaction, and count what happened. With `workers` (or a Dask
`scheduler`) extraction runs on a Dask cluster instead (`armsledger.pipeline.parallel`). One bad input never
stops a batch:
whatever fails while reading, extracting or storing one document is recorded against that
document, and each document is read and extracted within its time budget (`DocumentBudget`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Protocol

from armsledger.budget import DocumentBudget
from armsledger.errors import ArmsledgerError
from armsledger.ingest.inputs import InputReader, Loaded, estimate_count, unexpected
from armsledger.ledger.dedup import fingerprint
from armsledger.ledger.errors import DatabaseUnavailableError
from armsledger.ledger.store import Ledger, StoreResult
from armsledger.model import Claim, Document
from armsledger.pipeline.summary import IngestSummary
from armsledger.pipeline.tasks import ExtractorFactory
from armsledger.settings import get_setting


class ClaimExtractor(Protocol):
    """What the ledger needs of an extractor: `extract(doc, published=...)` and a `version`."""

    version: str

    def extract(self, doc: Document, *, published: date | None = None) -> list[Claim]: ...


def default_extractor() -> ClaimExtractor:
    """The installed armsledger extractor (loaded on first use, not at import)."""
    from armsledger.extract import EXTRACTOR_VERSION, get_extractor

    extractor = get_extractor()
    if not getattr(extractor, "version", None):
        extractor.version = EXTRACTOR_VERSION
    return extractor


Progress = Callable[[IngestSummary, str, int], None]


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during `ingest`: still a KeyboardInterrupt, carrying the run's counts so far. Every
    document stored before it stays stored; the same command run again skips them and goes on."""

    def __init__(self, summary: IngestSummary) -> None:
        super().__init__("ingest interrupted")
        self.summary = summary


def _extract(
    extractor: ClaimExtractor,
    doc: Document,
    published: date | None,
    *,
    budget: DocumentBudget | None = None,
    location: str | None = None,
    started: float | None = None,
) -> tuple[list[Claim], str | None]:
    """Claims of `doc`, or ([], reason) when the extractor fails on it or overruns the document's
    budget (recorded, not hidden)."""
    try:
        if budget is not None:
            return budget.extract(location or doc.name, doc, published or doc.published, started=started), None
        return extractor.extract(doc, published=published or doc.published), None
    except ArmsledgerError as exc:
        return [], str(exc)
    except Exception as exc:
        return [], f"{type(exc).__name__}: {exc}"


def _fail(ledger: Ledger, run_id: int | None, summary: IngestSummary, location: str, error: BaseException) -> None:
    summary.failed += 1
    summary.failures.append((location, str(error)))
    ledger.record_failure(run_id, location, error)


def ingest_loaded(
    ledger: Ledger,
    loaded: Iterable[Loaded],
    extractor: ClaimExtractor,
    *,
    published: date | None = None,
    run_id: int | None = None,
    progress: Progress | None = None,
    total: int = 0,
    summary: IngestSummary | None = None,
    budget: DocumentBudget | None = None,
) -> IngestSummary:
    """Store already-read inputs (see `ingest` for the whole run)."""
    summary = summary or IngestSummary(run_id=run_id)
    for item in loaded:
        if item.skipped:
            summary.skipped.append((item.location, item.skipped))
            continue
        summary.notes.extend((item.location, note) for note in item.notes)
        if item.document is None:
            reason = str(item.error) if item.error else f"{item.location}: unreadable"
            _fail(ledger, run_id, summary, item.location, item.error or ArmsledgerError(reason))
        else:
            try:
                _store_one(ledger, item, extractor, published, run_id, summary, budget)
            except DatabaseUnavailableError:
                raise
            except Exception as exc:
                _fail(ledger, run_id, summary, item.location, _storing_error(item.location, exc))
        if progress:
            progress(summary, item.location, max(total, summary.processed))
    return summary


def _storing_error(location: str, exc: BaseException) -> ArmsledgerError:
    if isinstance(exc, ArmsledgerError):
        return exc
    error = unexpected(location, exc)
    return ArmsledgerError(error.message.replace("cannot read", "cannot store", 1), location=location)


def _store_one(
    ledger: Ledger,
    item: Loaded,
    extractor: ClaimExtractor,
    published: date | None,
    run_id: int | None,
    summary: IngestSummary,
    budget: DocumentBudget | None = None,
) -> None:
    doc = item.document
    assert doc is not None
    fp = fingerprint(doc.text)
    if ledger.find_by_hash(fp.content_hash) is not None:
        summary.duplicate += 1
        return
    claims, error = _extract(extractor, doc, published, budget=budget, location=item.location, started=item.started)
    result = ledger.store(
        doc,
        claims,
        extractor_version=extractor.version,
        retrieved_at=item.retrieved_at,
        run_id=run_id,
        fp=fp,
        extract_error=error,
        published=published,
    )
    count_stored(ledger, summary, result, item.location, error, run_id)


def count_stored(
    ledger: Ledger, summary: IngestSummary, result: StoreResult, location: str, error: str | None, run_id: int | None
) -> None:
    """Count what storing one document did; a document kept without claims is also a failure, recorded."""
    if result.outcome == "duplicate":
        summary.duplicate += 1
        return
    if result.outcome == "near_duplicate":
        # A syndicated copy's claims are kept but are not independent: count them apart.
        summary.near_duplicate += 1
        summary.syndicated_claims += result.claims_added
    else:
        summary.new += 1
        summary.claims_added += result.claims_added
    if error:
        summary.failed += 1
        reason = f"{location}: stored without claims, extraction failed ({error})"
        summary.failures.append((location, reason))
        ledger.record_failure(run_id, location, ArmsledgerError(reason))


def ingest(
    ledger: Ledger,
    inputs: list[str],
    *,
    extractor: ClaimExtractor | None = None,
    published: date | None = None,
    allow_private: bool | None = None,
    reader: InputReader | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    factory: ExtractorFactory | None = None,
) -> IngestSummary:
    """Ingest files, folders, corpora, URLs and feeds into the ledger; returns the run's counts.

    `published` overrides every document's publication date. URLs resolving to private
    addresses are refused unless `allow_private`.

    With `workers` (a local Dask cluster of that many worker processes) or `scheduler` (the
    address of a running one; default: the `dask_scheduler` setting), documents are extracted on
    the cluster by the extractor `factory()` builds on each worker (default: the installed one)
    and stored here in batches, with the same result (see `armsledger.pipeline.parallel`).
    """
    scheduler = scheduler or (None if workers else get_setting("dask_scheduler"))
    if workers or scheduler:
        from armsledger.pipeline.parallel import ingest_on_cluster

        return ingest_on_cluster(
            ledger,
            inputs,
            workers=workers,
            scheduler=scheduler,
            published=published,
            allow_private=allow_private,
            progress=progress,
            factory=factory,
            extractor_version=extractor.version if extractor is not None else None,
        )
    extractor = extractor or default_extractor()
    budget = DocumentBudget(extractor=extractor)
    own_reader = reader is None
    reader = reader or InputReader(allow_private=allow_private, budget=budget)
    run_id = ledger.start_run("ingest", list(inputs), extractor.version)
    summary = IngestSummary(run_id=run_id)
    status = "interrupted"
    try:
        total = estimate_count(inputs)
        ingest_loaded(
            ledger,
            reader.read(inputs),
            extractor,
            published=published,
            run_id=run_id,
            progress=progress,
            total=total,
            summary=summary,
            budget=budget,
        )
        status = "finished"
    except KeyboardInterrupt as exc:
        raise IngestInterrupted(summary) from exc
    finally:
        budget.close()
        if own_reader:
            reader.close()
        ledger.finish_run(run_id, status=status, **summary.run_counts())
    return summary
