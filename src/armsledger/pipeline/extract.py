"""`armsledger extract` as a library call: read and extract files, folders, `.jsonl` corpora, feeds,
URLs and standard input, each document within its time budget, where one bad document never stops
the rest. Inputs are read as `ingest` reads them (`InputReader`); with `workers` (or a Dask
`scheduler`) the documents are extracted on a Dask cluster and the claims come back in input order."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from armsledger.budget import DocumentBudget, Extracting
from armsledger.errors import ArmsledgerError, UnreadableDocumentError
from armsledger.ingest.inputs import InputReader, Loaded
from armsledger.model import Claim, Document
from armsledger.pipeline.tasks import ExtractorFactory, Job

Report = Callable[[str, str], None]


@dataclass
class BatchResult:
    """Claims of the documents read; (name, error) of those that failed; (name, note) worth a line;
    (name, reason) of the files found in folders that are not documents."""

    claims: list[Claim] = field(default_factory=list)
    documents: int = 0
    failed: list[tuple[str, ArmsledgerError]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _failure(name: str, exc: Exception, stage: str) -> ArmsledgerError:
    if isinstance(exc, ArmsledgerError):
        return exc
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return UnreadableDocumentError(
        f"{name}: {stage} failed ({type(exc).__name__}{': ' + detail if detail else ''})", name=name
    )


class _Reporter:
    """Collects what reading and extracting say into a BatchResult, and passes it on as it comes."""

    def __init__(
        self, result: BatchResult, on_error: Report | None, on_note: Report | None, on_skip: Report | None
    ) -> None:
        self.result, self.on_error, self.on_note, self.on_skip = result, on_error, on_note, on_skip

    def fail(self, name: str, error: ArmsledgerError) -> None:
        self.result.failed.append((name, error))
        if self.on_error:
            self.on_error(name, str(error))

    def document(self, loaded: Loaded) -> Document | None:
        """The document `loaded` holds, after reporting its notes; None (reported) when it holds none."""
        name = loaded.location
        for note in loaded.notes:
            self.result.notes.append((name, note))
            if self.on_note:
                self.on_note(name, note)
        if loaded.skipped:
            self.result.skipped.append((name, loaded.skipped))
            if self.on_skip:
                self.on_skip(name, loaded.skipped)
            return None
        if loaded.document is None:
            self.fail(name, loaded.error or UnreadableDocumentError(f"{name}: unreadable", name=name))
        return loaded.document

    def claims(self, claims: list[Claim]) -> None:
        self.result.claims.extend(claims)
        self.result.documents += 1


def extract_inputs(
    inputs: Iterable[str],
    *,
    published: date | None = None,
    extractor: Extracting | None = None,
    allow_private: bool | None = None,
    on_error: Report | None = None,
    on_note: Report | None = None,
    on_skip: Report | None = None,
    seconds: float | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    factory: ExtractorFactory | None = None,
) -> BatchResult:
    """Read and extract every input in order (folders recursively, "-" for standard input).

    A document that cannot be read, fails in the extractor or overruns its time budget (`seconds`,
    else the `document_timeout` setting) is reported through `on_error(name, one-line message)`
    and the rest go on; characters replaced while reading, and feed entries read from their summary,
    through `on_note`; files in folders that are not documents through `on_skip`.

    With `workers` (a local Dask cluster of that many processes) or `scheduler` (the address of a
    running one), documents are extracted on the cluster's workers by the extractor `factory()`
    builds there (default: the installed one); the claims are the same, in the same order."""
    result = BatchResult()
    report = _Reporter(result, on_error, on_note, on_skip)
    if workers or scheduler:
        _extract_on_cluster(
            list(inputs),
            report,
            published=published,
            allow_private=allow_private,
            seconds=seconds,
            workers=workers,
            scheduler=scheduler,
            factory=factory,
        )
        return result
    if extractor is None:
        from armsledger.extract.extractor import get_extractor

        extractor = get_extractor()
    with DocumentBudget(seconds=seconds, extractor=extractor) as budget:
        reader = InputReader(allow_private=allow_private, budget=budget)
        try:
            for loaded in reader.read(inputs):
                doc = report.document(loaded)
                if doc is None:
                    continue
                name = loaded.location
                try:
                    claims = budget.extract(name, doc, published or doc.published, started=loaded.started)
                except Exception as exc:
                    report.fail(name, _failure(name, exc, "extraction"))
                    continue
                report.claims(claims)
        finally:
            reader.close()
    return result


def _extract_on_cluster(
    inputs: list[str],
    report: _Reporter,
    *,
    published: date | None,
    allow_private: bool | None,
    seconds: float | None,
    workers: int | None,
    scheduler: str | None,
    factory: ExtractorFactory | None,
) -> None:
    """Read here (each document within its budget), extract on the cluster, report in input order."""
    from armsledger.pipeline.cluster import DaskExtraction

    with (
        DocumentBudget(seconds=seconds) as budget,
        DaskExtraction[str](workers=workers, scheduler=scheduler, seconds=seconds, factory=factory) as cluster,
    ):
        reader = InputReader(allow_private=allow_private, budget=budget)

        def jobs() -> Iterator[tuple[Job, str]]:
            for index, loaded in enumerate(reader.read(inputs)):
                doc = report.document(loaded)
                if doc is not None:
                    spent = time.monotonic() - loaded.started
                    yield Job(index, loaded.location, doc, published, spent), loaded.location

        try:
            for batch in cluster.run(jobs()):
                for name, outcome in batch:
                    if outcome.error is not None:
                        report.fail(
                            name,
                            UnreadableDocumentError(
                                outcome.error
                                if outcome.error.startswith(name)
                                else f"{name}: extraction failed ({outcome.error})",
                                name=name,
                            ),
                        )
                    else:
                        report.claims(outcome.claims)
        finally:
            reader.close()
