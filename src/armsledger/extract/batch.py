"""Extract a batch of inputs (files, folders, stdin) where one bad document never stops the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from armsledger.errors import InputError
from armsledger.extract.extractor import Extractor, get_extractor
from armsledger.ingest.readers import iter_paths, read_path, read_stdin
from armsledger.model import Claim


@dataclass
class BatchResult:
    """Claims of the documents read, and (name, error) for those that could not be read."""

    claims: list[Claim] = field(default_factory=list)
    documents: int = 0
    failed: list[tuple[str, InputError]] = field(default_factory=list)


def extract_inputs(inputs: Iterable[str], *, published: date | None = None, extractor: Extractor | None = None,
                   on_error: Callable[[str, InputError], None] | None = None) -> BatchResult:
    """Read and extract every input in order; report unreadable ones through `on_error` and go on."""
    result = BatchResult()
    ex = extractor
    for path in iter_paths(inputs):
        name = str(path)
        try:
            doc = read_stdin() if name == "-" else read_path(path)
        except InputError as exc:
            result.failed.append((name, exc))
            if on_error:
                on_error(name, exc)
            continue
        ex = ex or get_extractor()
        result.claims.extend(ex.extract(doc, published=published))
        result.documents += 1
    return result

