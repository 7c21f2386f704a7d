"""Extraction for Python callers: a string or Document, or files, folders, URLs and feeds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from armsledger.dates import parse_date
from armsledger.errors import ArmsledgerError
from armsledger.model import Claim, Document


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
    """Claims of the documents read; inputs that failed and files skipped, each with its reason;
    notes worth a line (characters replaced in a document, a feed entry read from its summary)."""

    claims: list[Claim] = field(default_factory=list)
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


Report = Callable[[str, str], None]


def extract_files(
    inputs: Iterable[str],
    published: date | str | None = None,
    *,
    allow_private: bool | None = None,
    on_error: Report | None = None,
    on_skip: Report | None = None,
    on_note: Report | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    keep_all: bool = False,
) -> ExtractResult:
    """Read and extract every input in order: files (.txt, .md, .html, .pdf, .jsonl corpora, feeds),
    folders, URLs, or "-" for standard input, each document within its time budget (the
    `document_timeout` setting). An input that cannot be read, fails or overruns its budget is
    reported through `on_error` and the rest go on; files in folders that are not documents through
    `on_skip`; repairs to a document's text through `on_note`. With `workers` (a local Dask cluster
    of that many processes) or `scheduler` (a running one's address; default: the `dask_scheduler`
    setting), documents are extracted on the cluster; the claims are the same, in the same order. `keep_all` keeps
    every claim the rules propose (the learned claim filter is not applied)."""
    from armsledger.extract.extractor import get_extractor, rules_only_extractor
    from armsledger.pipeline.extract import extract_inputs
    from armsledger.settings import get_setting

    day = parse_date(published, option="published")
    scheduler = scheduler or (None if workers else get_setting("dask_scheduler"))
    batch = extract_inputs(
        list(inputs),
        published=day,
        allow_private=allow_private,
        on_error=on_error,
        on_skip=on_skip,
        on_note=on_note,
        workers=workers,
        scheduler=scheduler,
        extractor=get_extractor(filtered=False) if keep_all else None,
        factory=rules_only_extractor if keep_all else None,
    )
    return ExtractResult(
        claims=batch.claims,
        documents=batch.documents,
        failed=[(where, str(error)) for where, error in batch.failed],
        skipped=batch.skipped,
        notes=batch.notes,
    )


__all__ = ["ArmsledgerError", "ExtractResult", "extract_files", "extract_text"]
