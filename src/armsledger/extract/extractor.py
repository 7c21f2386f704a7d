"""The extractor: one object that holds the spaCy pipeline and turns Documents into Claims."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from armsledger.model import Claim, Document

EXTRACTOR_VERSION = "armsledger.extract/1.32"


class Extractor:
    """Load the pipeline once; call `extract` per document (thread-unsafe, process-safe)."""

    def __init__(self, model: str | None = None, *, filtered: bool = True) -> None:
        """`filtered=False` keeps every claim the rules propose (the learned claim filter is not applied)."""
        from armsledger.extract.learned import load_claim_filter
        from armsledger.extract.pipeline import build_pipeline

        self.pipeline = build_pipeline(model)
        self.claim_filter = load_claim_filter() if filtered else None
        self.version = EXTRACTOR_VERSION

    def extract(self, doc: Document, *, published: date | None = None) -> list[Claim]:
        """Claims stated in `doc`; relative dates resolve against `published` (else the document's own date)."""
        return self.extract_many([doc], published=published)[0]

    def extract_many(self, docs: list[Document], *, published: date | None = None) -> list[list[Claim]]:
        """Claims of each document, the model reading all their candidate sentences in shared batches."""
        from armsledger.extract.document import extract_many

        return extract_many(
            self.pipeline, [(d, published or d.published) for d in docs], claim_filter=self.claim_filter
        )


@lru_cache(maxsize=4)
def get_extractor(model: str | None = None, *, filtered: bool = True) -> Extractor:
    """A shared Extractor per model name (loading spaCy takes about a second); `filtered=False` keeps every claim the
    rules propose (no learned claim filter)."""
    return Extractor(model, filtered=filtered)


def rules_only_extractor() -> Extractor:
    """The shared extractor without the claim filter: a picklable factory for cluster workers (`--keep-all`)."""
    return get_extractor(filtered=False)


def extract_documents(
    docs: Iterable[Document], *, published: date | None = None, extractor: Extractor | None = None, chunk: int = 32
) -> Iterator[tuple[Document, list[Claim]]]:
    """Extract documents in chunks (the model batches across a chunk), yielding each with its claims."""
    from spacy.util import minibatch  # spaCy loads on first use, not when the CLI starts

    ex = extractor or get_extractor()
    for group in minibatch(docs, size=chunk):
        yield from zip(group, ex.extract_many(list(group), published=published), strict=False)
