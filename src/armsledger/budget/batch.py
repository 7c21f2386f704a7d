"""`armsledger extract` as a library call: read and extract files, folders and standard input, each
document within its time budget, where one bad document never stops the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from armsledger.budget import DocumentBudget, Extracting
from armsledger.errors import ArmsledgerError, UnreadableDocumentError
from armsledger.ingest.readers import (
    iter_paths,
    read_bytes,
    read_path,
    read_stdin_bytes,
)
from armsledger.model import Claim, Document, repairs_note

Report = Callable[[str, str], None]


@dataclass
class BatchResult:
    """Claims of the documents read; (name, error) of those that failed; (name, note) worth a line."""

    claims: list[Claim] = field(default_factory=list)
    documents: int = 0
    failed: list[tuple[str, ArmsledgerError]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def _read(budget: DocumentBudget, path: Path, started: float) -> Document:
    name = str(path)
    if name == "-":
        data, content_type = read_stdin_bytes()
        return budget.run("stdin", read_bytes, data, "stdin", content_type=content_type, started=started)
    return budget.run(name, read_path, name, started=started)


def _failure(name: str, exc: Exception, stage: str) -> ArmsledgerError:
    if isinstance(exc, ArmsledgerError):
        return exc
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return UnreadableDocumentError(f"{name}: {stage} failed ({type(exc).__name__}{': ' + detail if detail else ''})",
                                   name=name)


def extract_inputs(inputs: Iterable[str], *, published: date | None = None, extractor: Extracting | None = None,
                   on_error: Report | None = None, on_note: Report | None = None,
                   seconds: float | None = None) -> BatchResult:
    """Read and extract every input in order (folders recursively, "-" for standard input).

    A document that cannot be read, fails in the extractor or overruns its time budget (`seconds`,
    else the `document_timeout` setting) is reported through `on_error(name, one-line message)`
    and the rest go on; characters replaced while reading are reported through `on_note`."""
    if extractor is None:
        from armsledger.extract.extractor import get_extractor

        extractor = get_extractor()
    result = BatchResult()

    def fail(name: str, error: ArmsledgerError) -> None:
        result.failed.append((name, error))
        if on_error:
            on_error(name, str(error))

    with DocumentBudget(seconds=seconds, extractor=extractor) as budget:
        for item in inputs:
            try:
                paths = list(iter_paths([item]))
            except (OSError, ValueError) as exc:
                fail(str(item), _failure(str(item), exc, "listing"))
                continue
            for path in paths:
                name = "stdin" if str(path) == "-" else str(path)
                started = budget.start()
                try:
                    doc = _read(budget, path, started)
                except Exception as exc:  # noqa: BLE001  one input's failure is reported, the batch goes on
                    fail(name, _failure(name, exc, "reading"))
                    continue
                try:
                    claims = budget.extract(name, doc, published or doc.published, started=started)
                except Exception as exc:  # noqa: BLE001
                    fail(name, _failure(name, exc, "extraction"))
                    continue
                if doc.repairs:
                    note = repairs_note(name, doc)
                    result.notes.append((name, note))
                    if on_note:
                        on_note(name, note)
                result.claims.extend(claims)
                result.documents += 1
    return result
