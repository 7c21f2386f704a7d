"""`armsledger extract` as a library call: read and extract files, folders, `.jsonl` corpora, feeds,
URLs and standard input, each document within its time budget, where one bad document never stops
the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from armsledger.budget import DocumentBudget, Extracting
from armsledger.errors import ArmsledgerError, UnreadableDocumentError
from armsledger.ingest.inputs import InputReader, Loaded
from armsledger.ingest.readers import read_bytes, read_stdin_bytes
from armsledger.model import Claim

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
    return UnreadableDocumentError(f"{name}: {stage} failed ({type(exc).__name__}{': ' + detail if detail else ''})",
                                   name=name)


def _read_stdin(budget: DocumentBudget) -> Loaded:
    started = budget.start()
    try:
        data, content_type = read_stdin_bytes()
        doc = budget.run("stdin", read_bytes, data, "stdin", content_type=content_type, started=started)
    except Exception as exc:  # noqa: BLE001  reported like any other input; the batch goes on
        return Loaded("stdin", error=_failure("stdin", exc, "reading"), started=started)  # type: ignore[arg-type]
    return Loaded("stdin", document=doc, started=started)


def _read(reader: InputReader, budget: DocumentBudget, inputs: Iterable[str]) -> Iterator[Loaded]:
    """Every document the inputs hold, "-" being standard input."""
    for item in inputs:
        if item == "-":
            yield _read_stdin(budget)
        else:
            yield from reader.read([item])


def extract_inputs(inputs: Iterable[str], *, published: date | None = None, extractor: Extracting | None = None,
                   allow_private: bool | None = None, on_error: Report | None = None,
                   on_note: Report | None = None, on_skip: Report | None = None,
                   seconds: float | None = None) -> BatchResult:
    """Read and extract every input in order (folders recursively, "-" for standard input).

    A document that cannot be read, fails in the extractor or overruns its time budget (`seconds`,
    else the `document_timeout` setting) is reported through `on_error(name, one-line message)`
    and the rest go on; characters replaced while reading, and feed entries read from their summary,
    through `on_note`; files in folders that are not documents through `on_skip`."""
    if extractor is None:
        from armsledger.extract.extractor import get_extractor

        extractor = get_extractor()
    result = BatchResult()

    def fail(name: str, error: ArmsledgerError) -> None:
        result.failed.append((name, error))
        if on_error:
            on_error(name, str(error))

    with DocumentBudget(seconds=seconds, extractor=extractor) as budget:
        reader = InputReader(allow_private=allow_private, budget=budget)
        try:
            for loaded in _read(reader, budget, inputs):
                name = loaded.location
                for note in loaded.notes:
                    result.notes.append((name, note))
                    if on_note:
                        on_note(name, note)
                if loaded.skipped:
                    result.skipped.append((name, loaded.skipped))
                    if on_skip:
                        on_skip(name, loaded.skipped)
                    continue
                if loaded.document is None:
                    fail(name, loaded.error or UnreadableDocumentError(f"{name}: unreadable", name=name))
                    continue
                doc = loaded.document
                try:
                    claims = budget.extract(name, doc, published or doc.published, started=loaded.started)
                except Exception as exc:  # noqa: BLE001  one document's failure is reported, the batch goes on
                    fail(name, _failure(name, exc, "extraction"))
                    continue
                result.claims.extend(claims)
                result.documents += 1
        finally:
            reader.close()
    return result
