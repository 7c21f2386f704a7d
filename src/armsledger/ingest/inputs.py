"""Turn what the user names on `ingest` and `extract` (files, folders, .jsonl corpora, PDFs, URLs,
feeds, "-" for standard input) into a stream of loaded documents or per-input errors, so one bad
input never stops the rest. Both commands read through this one path.

Network access (URLs, feed links) happens here, through one guarded Fetcher. Every step that
parses untrusted bytes into a Document (HTML, PDF, a corpus line, a feed) runs through the
DocumentBudget when one is given, so it is bounded in time and isolated in a worker process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from armsledger.budget import DocumentBudget
from armsledger.errors import (
    InputError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from armsledger.ingest.corpus import count_lines, iter_corpus_lines, line_document
from armsledger.ingest.discover import discover
from armsledger.ingest.feeds import (
    FEED_SUFFIXES,
    FeedEntry,
    content_document,
    finish_entry_document,
    has_full_content,
    looks_like_feed,
    parse_feed,
    read_feed_file,
    summary_document,
)
from armsledger.ingest.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    PDF_TYPES,
    Fetcher,
    FetchResult,
    is_url,
)
from armsledger.ingest.pdf import read_pdf_bytes, read_pdf_file
from armsledger.ingest.readers import (
    READABLE_SUFFIXES,
    read_bytes,
    read_path,
    read_stdin_bytes,
)
from armsledger.model import Document, repairs_note
from armsledger.normalize import clean_text
from armsledger.settings import get_setting

CORPUS_SUFFIXES = {".jsonl", ".ndjson"}
PDF_SUFFIXES = {".pdf"}
INGESTIBLE_SUFFIXES = READABLE_SUFFIXES | CORPUS_SUFFIXES | PDF_SUFFIXES | FEED_SUFFIXES

T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Loaded:
    """One input read: a Document, or the error that stopped it, or (for a file found in a folder
    that is not a document) the reason it was skipped; `location` says where it came from.

    `started` is when the document's time budget began (its extraction gets what is left);
    `notes` are things worth one line to the user (characters replaced, a summary used instead)."""

    location: str
    document: Document | None = None
    error: InputError | None = None
    retrieved_at: datetime = field(default_factory=_now)
    started: float = field(default_factory=time.monotonic)
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None

    def __post_init__(self) -> None:
        self.location = clean_text(self.location)
        if self.document is not None and self.document.repairs:
            self.notes.append(repairs_note(self.location, self.document))


def unexpected(location: str, exc: BaseException) -> UnreadableDocumentError:
    """The one-line error for an exception no reader foresaw (the batch goes on)."""
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return UnreadableDocumentError(
        f"{location}: cannot read ({type(exc).__name__}{': ' + detail if detail else ''})", location=location
    )


def estimate_count(inputs: Iterable[str]) -> int:
    """How many documents the inputs hold, as far as can be told without fetching (for progress ETA)."""
    total = 0
    for item in inputs:
        if is_url(item) or item == "-":
            total += 1
            continue
        try:
            for found in discover([item], INGESTIBLE_SUFFIXES):
                path = found.path
                if found.skip:
                    continue
                if path.suffix.lower() in CORPUS_SUFFIXES and path.is_file():
                    total += count_lines(path)
                else:
                    total += 1
        except (OSError, ValueError):
            total += 1
    return total


def document_from_response(body: bytes, media: str, url: str, charset: str | None = None) -> Document:
    """The Document a fetched body holds (HTML, text or PDF), named by its URL."""
    if media in PDF_TYPES or body.startswith(b"%PDF"):
        return read_pdf_bytes(body, url, url=url)
    content_type = "text/html" if media in HTML_TYPES else (media or "text/plain")
    doc = read_bytes(body, url, content_type=content_type, charset=charset)
    doc.url = url
    return doc


class InputReader:
    """Reads inputs one by one; URLs and feed links go through one guarded Fetcher, parsing through
    the budget (when given)."""

    def __init__(
        self,
        *,
        allow_private: bool | None = None,
        fetcher: Fetcher | None = None,
        budget: DocumentBudget | None = None,
        max_feed_fetches: int | None = None,
    ) -> None:
        self._fetcher = fetcher
        self._allow_private = allow_private
        self._budget = budget
        self.max_feed_fetches = int(get_setting("max_feed_fetches", max_feed_fetches))

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(allow_private=self._allow_private)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def _parse(self, location: str, fn: Callable[..., T], *args: Any, started: float, **kwargs: Any) -> T:
        if self._budget is None:
            return fn(*args, **kwargs)
        return self._budget.run(location, fn, *args, started=started, **kwargs)

    def fetch_page(self, url: str, *, started: float | None = None) -> Document:
        """Fetch one URL as a single document (HTML, text or PDF)."""
        result = self.fetcher.fetch(url)
        if result.content_type in FEED_TYPES or looks_like_feed(result.body):
            raise UnsupportedFormatError(f"{url}: a feed where a page was expected", url=url)
        return self._parse(
            url,
            document_from_response,
            result.body,
            result.content_type,
            result.final_url,
            result.charset,
            started=time.monotonic() if started is None else started,
        )

    def read(self, inputs: Iterable[str]) -> Iterator[Loaded]:
        """Every document the inputs hold, in order, each as a Loaded (document or error); "-" is
        standard input."""
        for item in inputs:
            try:
                if item == "-":
                    yield self._read_stdin()
                    continue
                if is_url(item):
                    yield from self._read_url(item)
                    continue
                for found in discover([item], INGESTIBLE_SUFFIXES):
                    if found.skip:
                        yield Loaded(str(found.path), skipped=found.skip)
                    else:
                        yield from self._read_path(found.path)
            except Exception as exc:  # one input's unforeseen failure never ends the batch
                yield Loaded(str(item), error=unexpected(str(item), exc))

    def _read_stdin(self) -> Loaded:
        started = time.monotonic()

        def load() -> Document:
            data, content_type = read_stdin_bytes()
            return self._parse("stdin", read_bytes, data, "stdin", content_type=content_type, started=started)

        return self._guarded("stdin", load, started)

    def _read_url(self, url: str) -> Iterator[Loaded]:
        started = time.monotonic()
        try:
            result = self.fetcher.fetch(url)
        except InputError as exc:
            yield Loaded(url, error=exc)
            return
        if result.content_type in FEED_TYPES or looks_like_feed(result.body):
            yield from self._read_feed(
                url, lambda: self._parse(url, parse_feed, result.body, url, content_type=result.header, started=started)
            )
            return
        yield self._guarded(
            url, lambda: self._response_document(url, result, started), started, retrieved_at=result.retrieved_at
        )

    def _response_document(self, url: str, result: FetchResult, started: float) -> Document:
        return self._parse(
            url,
            document_from_response,
            result.body,
            result.content_type,
            result.final_url,
            result.charset,
            started=started,
        )

    def _guarded(
        self,
        location: str,
        load: Callable[[], Document],
        started: float,
        retrieved_at: datetime | None = None,
        notes: list[str] | None = None,
    ) -> Loaded:
        """Loaded(document) from `load()`, or Loaded(error) whatever it raises."""
        try:
            doc = load()
        except InputError as exc:
            return Loaded(location, error=exc, started=started)
        except OSError as exc:
            return Loaded(
                location,
                error=InputError(f"{location}: cannot read ({exc.strerror or exc})", path=location),
                started=started,
            )
        except Exception as exc:  # a parser's unforeseen failure is this document's alone
            return Loaded(location, error=unexpected(location, exc), started=started)
        loaded = Loaded(location, document=doc, started=started, notes=list(notes or []))
        if retrieved_at is not None:
            loaded.retrieved_at = retrieved_at
        return loaded

    def _read_feed(self, location: str, parse: Callable[[], list[FeedEntry]]) -> Iterator[Loaded]:
        try:
            entries = parse()
        except InputError as exc:
            yield Loaded(location, error=exc)
            return
        except OSError as exc:
            yield Loaded(location, error=InputError(f"{location}: cannot read ({exc.strerror or exc})"))
            return
        except Exception as exc:
            yield Loaded(location, error=unexpected(location, exc))
            return
        fetches = 0
        for index, entry in enumerate(entries, start=1):
            name = entry.link or f"{location}#{index}"
            started = time.monotonic()
            notes: list[str] = []
            if has_full_content(entry):
                yield self._guarded(
                    name, partial(self._entry_document, content_document, entry, name, started), started
                )
                continue
            if not entry.link:
                yield self._guarded(name, partial(self._entry_summary, entry, name, started, "no link"), started)
                continue
            if fetches >= self.max_feed_fetches:
                if fetches == self.max_feed_fetches:
                    notes.append(
                        f"{location}: {self.max_feed_fetches} links fetched, the cap per feed "
                        "(ARMSLEDGER_MAX_FEED_FETCHES); later entries are read from their summary"
                    )
                    fetches += 1
                yield self._guarded(
                    name, partial(self._entry_summary, entry, name, started, "link not fetched"), started, notes=notes
                )
                continue
            fetches += 1
            yield self._fetched_entry(entry, name, started)

    def _entry_document(
        self, fn: Callable[[FeedEntry, str], Document], entry: FeedEntry, name: str, started: float
    ) -> Document:
        return self._parse(name, fn, entry, name, started=started)

    def _entry_summary(self, entry: FeedEntry, name: str, started: float, why: str) -> Document:
        if not (entry.content or entry.summary):
            raise InputError(f"{name}: {why} and the feed entry has no summary", location=name)
        return self._entry_document(summary_document, entry, name, started)

    def _fetched_entry(self, entry: FeedEntry, name: str, started: float) -> Loaded:
        """The page an entry links to; its summary when the fetch fails and the feed gives one."""
        assert entry.link is not None
        try:
            doc = self.fetch_page(entry.link, started=started)
        except InputError as exc:
            if not (entry.content or entry.summary):
                return Loaded(name, error=exc, started=started)
            note = f"{name}: {exc}; read from the feed's summary instead"
            return self._guarded(
                name, lambda: self._entry_summary(entry, name, started, "fetch failed"), started, notes=[note]
            )
        except Exception as exc:
            return Loaded(name, error=unexpected(name, exc), started=started)
        return self._guarded(name, lambda: _with_entry_metadata(doc, entry), started)

    def _read_path(self, path: Path) -> Iterator[Loaded]:
        suffix = path.suffix.lower()
        location = str(path)
        started = time.monotonic()
        if not path.exists():
            yield Loaded(location, error=InputError(f"{path}: no such file or folder", path=location))
            return
        if suffix in CORPUS_SUFFIXES:
            yield from self._read_corpus(path)
            return
        if suffix in FEED_SUFFIXES:
            yield from self._read_feed(
                location, lambda: self._parse(location, read_feed_file, location, started=started)
            )
            return
        if suffix in PDF_SUFFIXES:
            yield self._guarded(
                location, lambda: self._parse(location, read_pdf_file, location, started=started), started
            )
            return
        if suffix not in INGESTIBLE_SUFFIXES:
            yield Loaded(
                location,
                error=UnsupportedFormatError(
                    f"{path}: unsupported file type {suffix or '(none)'}; ingestible: "
                    + ", ".join(sorted(INGESTIBLE_SUFFIXES)),
                    path=location,
                ),
            )
            return
        yield self._guarded(location, lambda: self._parse(location, read_path, location, started=started), started)

    def _read_corpus(self, path: Path) -> Iterator[Loaded]:
        location = str(path)
        try:
            for where, raw in iter_corpus_lines(path):
                if isinstance(raw, InputError):
                    yield Loaded(where, error=raw)
                    continue
                started = time.monotonic()
                default_name = f"{path.stem}-{where.rsplit(':', 1)[1]}"
                loaded = self._guarded(
                    where,
                    partial(self._parse, where, line_document, raw, where, default_name, started=started),
                    started,
                )
                if loaded.document is not None:
                    loaded.document.path = location
                yield loaded
        except OSError as exc:
            yield Loaded(location, error=InputError(f"{path}: cannot read ({exc.strerror or exc})", path=location))


def _with_entry_metadata(doc: Document, entry: FeedEntry) -> Document:
    return finish_entry_document(doc, entry, doc.name)
