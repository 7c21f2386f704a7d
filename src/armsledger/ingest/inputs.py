"""Turn what the user names on `ingest` (files, folders, .jsonl corpora, PDFs, URLs, feeds) into a
stream of loaded documents or per-input errors, so one bad input never stops the rest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from armsledger.errors import InputError, UnsupportedFormatError
from armsledger.ingest.corpus import count_lines, iter_corpus
from armsledger.ingest.discover import discover
from armsledger.ingest.feeds import FEED_SUFFIXES, entry_documents, looks_like_feed, parse_feed
from armsledger.ingest.fetch import FEED_TYPES, HTML_TYPES, PDF_TYPES, Fetcher, is_url
from armsledger.ingest.pdf import read_pdf_bytes
from armsledger.ingest.readers import READABLE_SUFFIXES, read_bytes, read_path
from armsledger.model import Document

CORPUS_SUFFIXES = {".jsonl", ".ndjson"}
PDF_SUFFIXES = {".pdf"}
INGESTIBLE_SUFFIXES = READABLE_SUFFIXES | CORPUS_SUFFIXES | PDF_SUFFIXES | FEED_SUFFIXES


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class Loaded:
    """One input read: a Document, or the error that stopped it, or (for a file found in a folder
    that is not a document) the reason it was skipped; `location` says where it came from."""

    location: str
    document: Document | None = None
    error: InputError | None = None
    retrieved_at: datetime = field(default_factory=_now)
    skipped: str | None = None


def estimate_count(inputs: Iterable[str]) -> int:
    """How many documents the inputs hold, as far as can be told without fetching (for progress ETA)."""
    total = 0
    for item in inputs:
        if is_url(item):
            total += 1
            continue
        for found in discover([item], INGESTIBLE_SUFFIXES):
            path = found.path
            if found.skip:
                continue
            if path.suffix.lower() in CORPUS_SUFFIXES and path.is_file():
                total += count_lines(path)
            else:
                total += 1
    return total


def _document_from_response(body: bytes, media: str, url: str) -> Document:
    name = url
    if media in PDF_TYPES or body.startswith(b"%PDF"):
        return read_pdf_bytes(body, name, url=url)
    content_type = "text/html" if media in HTML_TYPES else (media or "text/plain")
    doc = read_bytes(body, name, content_type=content_type)
    doc.url = url
    return doc


class InputReader:
    """Reads inputs one by one; URLs and feed links go through one guarded Fetcher."""

    def __init__(self, *, allow_private: bool | None = None, fetcher: Fetcher | None = None) -> None:
        self._fetcher = fetcher
        self._allow_private = allow_private

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(allow_private=self._allow_private)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def fetch_page(self, url: str) -> Document:
        """Fetch one URL as a single document (HTML, text or PDF)."""
        result = self.fetcher.fetch(url)
        if result.content_type in FEED_TYPES or looks_like_feed(result.body):
            raise UnsupportedFormatError(f"{url}: a feed where a page was expected", url=url)
        return _document_from_response(result.body, result.content_type, result.final_url)

    def read(self, inputs: Iterable[str]) -> Iterator[Loaded]:
        """Every document the inputs hold, in order, each as a Loaded (document or error)."""
        for item in inputs:
            if is_url(item):
                yield from self._read_url(item)
                continue
            for found in discover([item], INGESTIBLE_SUFFIXES):
                if found.skip:
                    yield Loaded(str(found.path), skipped=found.skip)
                else:
                    yield from self._read_path(found.path)

    def _read_url(self, url: str) -> Iterator[Loaded]:
        try:
            result = self.fetcher.fetch(url)
        except InputError as exc:
            yield Loaded(url, error=exc)
            return
        if result.content_type in FEED_TYPES or looks_like_feed(result.body):
            yield from self._read_feed(result.body, url)
            return
        try:
            doc = _document_from_response(result.body, result.content_type, result.final_url)
            yield Loaded(url, document=doc, retrieved_at=result.retrieved_at)
        except InputError as exc:
            yield Loaded(url, error=exc)

    def _read_feed(self, data: bytes, location: str) -> Iterator[Loaded]:
        try:
            entries = parse_feed(data, location)
        except InputError as exc:
            yield Loaded(location, error=exc)
            return
        for where, outcome in entry_documents(entries, location, self.fetch_page):
            if isinstance(outcome, Document):
                yield Loaded(where, document=outcome)
            else:
                yield Loaded(where, error=outcome)

    def _read_path(self, path: Path) -> Iterator[Loaded]:
        suffix = path.suffix.lower()
        location = str(path)
        try:
            if not path.exists():
                raise InputError(f"{path}: no such file or folder", path=location)
            if suffix in CORPUS_SUFFIXES:
                for where, outcome in iter_corpus(path):
                    if isinstance(outcome, Document):
                        outcome.path = location
                        yield Loaded(where, document=outcome)
                    else:
                        yield Loaded(where, error=outcome)
                return
            if suffix in PDF_SUFFIXES:
                yield Loaded(location, document=read_pdf_bytes(path.read_bytes(), path.name, path=location))
                return
            if suffix in FEED_SUFFIXES:
                yield from self._read_feed(path.read_bytes(), location)
                return
            if suffix not in INGESTIBLE_SUFFIXES:
                raise UnsupportedFormatError(
                    f"{path}: unsupported file type {suffix or '(none)'}; ingestible: "
                    + ", ".join(sorted(INGESTIBLE_SUFFIXES)), path=location)
            yield Loaded(location, document=read_path(path))
        except InputError as exc:
            yield Loaded(location, error=exc)
        except OSError as exc:
            yield Loaded(location, error=InputError(f"{path}: cannot read ({exc.strerror})", path=location))
