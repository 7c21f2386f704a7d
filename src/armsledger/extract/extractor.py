"""The extractor: one object that holds the spaCy pipeline and turns Documents into Claims."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from armsledger.model import Claim, Document

EXTRACTOR_VERSION = "armsledger.extract/1.0"


class Extractor:
    """Load the pipeline once; call `extract` per document (thread-unsafe, process-safe)."""

    def __init__(self, model: str | None = None) -> None:
        from armsledger.extract.pipeline import build_pipeline

        self.pipeline = build_pipeline(model)
        self.version = EXTRACTOR_VERSION

    def extract(self, doc: Document, *, published: date | None = None) -> list[Claim]:
        """Claims stated in `doc`; relative dates resolve against `published` (else the document's own date)."""
        from armsledger.extract.document import extract_claims

        return extract_claims(self.pipeline, doc, published=published or doc.published)


@lru_cache(maxsize=2)
def get_extractor(model: str | None = None) -> Extractor:
    """A shared Extractor per model name (loading spaCy takes about a second)."""
    return Extractor(model)


def extract_documents(docs: Iterable[Document], *, published: date | None = None,
                      extractor: Extractor | None = None) -> Iterator[tuple[Document, list[Claim]]]:
    """Extract each document in turn, yielding it with its claims."""
    ex = extractor or get_extractor()
    for doc in docs:
        yield doc, ex.extract(doc, published=published)
