"""RSS and Atom feeds: each entry becomes a document, from its full content when the feed carries
it, else by fetching the entry's link, else from its summary."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import feedparser

from armsledger.errors import EmptyDocumentError, InputError
from armsledger.ingest.html import html_to_document
from armsledger.model import Document

FEED_SUFFIXES = {".rss", ".atom", ".xml"}

# Full content shorter than this is a teaser; fetching the page gives the story.
MIN_CONTENT_CHARS = 400


class FeedError(InputError):
    """Bytes that do not parse as an RSS or Atom feed."""


@dataclass
class FeedEntry:
    """What a feed says about one story."""

    title: str | None
    link: str | None
    author: str | None
    published: date | None
    content: str | None
    summary: str | None
    publisher: str | None
    language: str | None


def looks_like_feed(data: bytes) -> bool:
    """True when the bytes start like RSS, Atom or RDF XML."""
    head = data[:2048].lstrip().lower()
    return (head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")) and any(
        tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel"))


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def parse_feed(data: bytes, location: str) -> list[FeedEntry]:
    """The entries of a feed; FeedError when the bytes are not a feed."""
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"{location}: not an RSS/Atom feed" + (f" ({reason})" if reason else ""), location=location)
    feed = parsed.feed
    entries = []
    for entry in parsed.entries:
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        entries.append(FeedEntry(
            title=entry.get("title"), link=entry.get("link"), author=entry.get("author"),
            published=_entry_date(entry), content="\n".join(contents) or None, summary=entry.get("summary"),
            publisher=feed.get("title"), language=feed.get("language"),
        ))
    return entries


def _from_markup(markup: str, name: str, url: str | None) -> Document:
    doc = html_to_document(f"<html><body><article>{markup}</article></body></html>", name=name, url=url)
    if not doc.text.strip():
        # Very short fragments fall below trafilatura's thresholds: keep the plain text.
        doc.text = html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))
        doc.text = re.sub(r"[ \t]+", " ", doc.text).strip()
    return doc


def entry_documents(entries: list[FeedEntry], location: str,
                    fetch_page: Callable[[str], Document] | None) -> Iterator[tuple[str, Document | InputError]]:
    """(location, Document or error) per entry; `fetch_page` loads an entry's link when its content is short."""
    for index, entry in enumerate(entries, start=1):
        where = entry.link or f"{location}#{index}"
        name = entry.link or f"{location}#{index}"
        try:
            if entry.content and len(entry.content) >= MIN_CONTENT_CHARS:
                doc = _from_markup(entry.content, name, entry.link)
            elif entry.link and fetch_page is not None:
                doc = fetch_page(entry.link)
            elif entry.content or entry.summary:
                doc = _from_markup(entry.content or entry.summary or "", name, entry.link)
            else:
                raise EmptyDocumentError(f"{where}: feed entry has no content and no link", location=where)
            if not doc.text.strip():
                raise EmptyDocumentError(f"{where}: feed entry has no text", location=where)
            doc.title = entry.title or doc.title
            doc.url = doc.url or entry.link
            doc.author = entry.author or doc.author
            doc.publisher = doc.publisher or entry.publisher
            doc.language = doc.language or entry.language
            if entry.published:
                doc.published, doc.published_source = entry.published, "metadata"
            yield where, doc
        except InputError as exc:
            yield where, exc
