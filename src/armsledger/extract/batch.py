"""Extract a batch of inputs (files, folders, stdin) where one bad document never stops the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from armsledger.errors import InputError
from armsledger.extract.extractor import Extractor, get_extractor
from armsledger.ingest.readers import iter_paths, read_path, read_stdin
from armsledger.model import Claim, Document


@dataclass
class BatchResult:
    """Claims of the documents read, and (name, error) for those that could not be read."""

    claims: list[Claim] = field(default_factory=list)
    documents: int = 0
    failed: list[tuple[str, InputError]] = field(default_factory=list)


def extract_inputs(inputs: Iterable[str], *, published: date | None = None, extractor: Extractor | None = None,
                   on_error: Callable[[str, InputError], None] | None = None, chunk: int = 16) -> BatchResult:
    """Read and extract every input in order; report unreadable ones through `on_error` and go on.
    Documents are extracted in chunks so the model batches sentences across them."""
    result = BatchResult()
    pending: list[Document] = []

    def flush() -> None:
        if pending:
            ex = extractor or get_extractor()
            for claims in ex.extract_many(pending, published=published):
                result.claims.extend(claims)
                result.documents += 1
            pending.clear()

    for path in iter_paths(inputs):
        name = str(path)
        try:
            doc = read_stdin() if name == "-" else read_path(path)
        except InputError as exc:
            result.failed.append((name, exc))
            if on_error:
                on_error(name, exc)
            continue
        pending.append(doc)
        if len(pending) >= chunk:
            flush()
    flush()
    return result
