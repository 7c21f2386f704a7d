"""Extraction for Python callers: a string or Document, or files, folders, URLs and feeds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from armsledger.dates import parse_date
from armsledger.errors import ArmsledgerError, InputError
from armsledger.model import Claim, Document

#: documents extracted together, so the model batches sentences across them
CHUNK = 16


def _document(text: str | Document, name: str) -> Document:
    if isinstance(text, Document):
        return text
    if not isinstance(text, str):
        raise TypeError(f"extract_text takes a str or a Document, not {type(text).__name__}")
    return Document(name=name, text=text)


def extract_text(text: str | Document, published: date | str | None = None, *, name: str = "text") -> list[Claim]:
    """The claims stated in `text` (a string, or a Document as the readers make them); relative
    dates ("on Friday") resolve against `published` (a date or YYYY-MM-DD), else the document's own."""
    from armsledger.extract import get_extractor

    day = parse_date(published, option="published")
    return get_extractor().extract(_document(text, name), published=day)


@dataclass
class ExtractResult:
    """Claims of the documents read; inputs that failed and files skipped, each with its reason."""

    claims: list[Claim] = field(default_factory=list)
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


Report = Callable[[str, str], None]


def _read(inputs: Iterable[str], allow_private: bool | None) -> Iterable[tuple[str, Document | None, str | None,
                                                                               str | None]]:
    """(location, document, error, skip reason) for every document the inputs hold."""
    from armsledger.ingest.inputs import InputReader
    from armsledger.ingest.readers import read_stdin

    reader = InputReader(allow_private=allow_private)
    try:
        for item in inputs:
            if item == "-":
                try:
                    yield "stdin", read_stdin(), None, None
                except InputError as exc:
                    yield "stdin", None, str(exc), None
                continue
            for loaded in reader.read([item]):
                yield loaded.location, loaded.document, str(loaded.error) if loaded.error else None, loaded.skipped
    finally:
        reader.close()


def _extract_chunk(docs: list[tuple[str, Document]], published: date | None, result: ExtractResult,
                   on_error: Report | None) -> None:
    from armsledger.extract import get_extractor

    extractor = get_extractor()
    per_document: list[list[Claim] | None]
    try:
        per_document = list(extractor.extract_many([d for _, d in docs], published=published))
    except Exception:  # noqa: BLE001  one document broke the batch: extract one by one to find it
        per_document = []
        for location, doc in docs:
            try:
                per_document.append(extractor.extract(doc, published=published))
            except Exception as exc:  # noqa: BLE001  reported per document; the batch goes on
                reason = f"{location}: extraction failed ({type(exc).__name__}: {exc})"
                result.failed.append((location, reason))
                if on_error:
                    on_error(location, reason)
                per_document.append(None)
    for claims in per_document:
        if claims is not None:
            result.claims.extend(claims)
            result.documents += 1


def extract_files(inputs: Iterable[str], published: date | str | None = None, *, allow_private: bool | None = None,
                  on_error: Report | None = None, on_skip: Report | None = None) -> ExtractResult:
    """Read and extract every input in order: files (.txt, .md, .html, .pdf, .jsonl corpora, feeds),
    folders, URLs, or "-" for standard input. An input that cannot be read is reported through
    `on_error` and the rest go on; files in folders that are not documents are reported through
    `on_skip`."""
    day = parse_date(published, option="published")
    result = ExtractResult()
    pending: list[tuple[str, Document]] = []
    for location, doc, error, skip in _read(inputs, allow_private):
        if skip:
            result.skipped.append((location, skip))
            if on_skip:
                on_skip(location, skip)
        elif doc is None:
            result.failed.append((location, error or f"{location}: unreadable"))
            if on_error:
                on_error(location, error or f"{location}: unreadable")
        else:
            pending.append((location, doc))
            if len(pending) >= CHUNK:
                _extract_chunk(pending, day, result, on_error)
                pending = []
    if pending:
        _extract_chunk(pending, day, result, on_error)
    return result


__all__ = ["ArmsledgerError", "ExtractResult", "extract_files", "extract_text"]
