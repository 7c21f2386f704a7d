"""RSS and Atom feeds: each entry becomes a document, from its full content when the feed carries
it, else by fetching the entry's link (see `ingest.inputs`), else from its summary."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import feedparser

from armsledger.errors import EmptyDocumentError, InputError
from armsledger.ingest.html import html_to_document
from armsledger.ingest.readers import check_size
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
        tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")
    )


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


_CHAR_REF = re.compile(rb"&#(?:[xX](?P<hex>[0-9a-fA-F]{1,8})|(?P<dec>[0-9]{1,10}));")


def _defuse_char_refs(data: bytes) -> bytes:
    """Numeric character references to code points no text may hold (NUL, lone surrogates, beyond
    U+10FFFF) become U+FFFD, so one bad reference does not make the whole feed unreadable."""

    def swap(match: re.Match[bytes]) -> bytes:
        code = int(match["hex"], 16) if match["hex"] else int(match["dec"])
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return b"&#xFFFD;"
        return match.group()

    return _CHAR_REF.sub(swap, data)


def parse_feed(data: bytes, location: str, *, content_type: str | None = None) -> list[FeedEntry]:
    """The entries of a feed; FeedError when the bytes are not a feed. `content_type` is the
    server's header (its charset is honoured)."""
    headers = {"content-type": content_type} if content_type else None
    try:
        parsed = feedparser.parse(_defuse_char_refs(data), response_headers=headers)
    except Exception as exc:  # feedparser on hostile bytes: any failure means "not readable"
        raise FeedError(f"{location}: cannot parse feed ({type(exc).__name__}: {exc})", location=location) from None
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"{location}: not an RSS/Atom feed" + (f" ({reason})" if reason else ""), location=location)
    feed = parsed.feed
    entries = []
    for entry in parsed.entries:
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        entries.append(
            FeedEntry(
                title=entry.get("title"),
                link=entry.get("link"),
                author=entry.get("author"),
                published=_entry_date(entry),
                content="\n".join(contents) or None,
                summary=entry.get("summary"),
                publisher=feed.get("title"),
                language=feed.get("language"),
            )
        )
    return entries


def read_feed_file(path: str, *, max_bytes: int | None = None) -> list[FeedEntry]:
    """The entries of a local feed file, refused when larger than the document size cap."""
    p = Path(path)
    check_size(p.stat().st_size, str(p), max_bytes)
    return parse_feed(p.read_bytes(), str(p))


_TAG = re.compile(r"<[^<>]*>")


def _markup_text(markup: str) -> str:
    """Plain text of a short HTML fragment (tags dropped, entities resolved), in linear time."""
    return re.sub(r"[ \t]+", " ", html_lib.unescape(_TAG.sub(" ", markup))).strip()


def has_full_content(entry: FeedEntry) -> bool:
    """Whether the feed carries the story itself (not a teaser that needs the linked page)."""
    return bool(entry.content and len(entry.content) >= MIN_CONTENT_CHARS)


def content_document(entry: FeedEntry, name: str) -> Document:
    """The document of an entry from the feed's own full content (main text through trafilatura)."""
    markup = entry.content or ""
    doc = html_to_document(f"<html><body><article>{markup}</article></body></html>", name=name, url=entry.link)
    if not doc.text.strip():
        doc.text = _markup_text(markup)
    return finish_entry_document(doc, entry, name)


def summary_document(entry: FeedEntry, name: str) -> Document:
    """The document of an entry from its content or summary as given (teasers are too short for trafilatura)."""
    doc = Document(
        name=name, text=_markup_text(entry.content or entry.summary or ""), content_type="text/html", url=entry.link
    )
    return finish_entry_document(doc, entry, name)


def finish_entry_document(doc: Document, entry: FeedEntry, name: str) -> Document:
    """`doc` with the entry's title, link, author, publisher, language and date; EmptyDocumentError when empty."""
    if not doc.text.strip():
        raise EmptyDocumentError(f"{name}: feed entry has no text", location=name)
    doc.title = entry.title or doc.title
    doc.url = doc.url or entry.link
    doc.author = entry.author or doc.author
    doc.publisher = doc.publisher or entry.publisher
    doc.language = doc.language or entry.language
    if entry.published:
        doc.published, doc.published_source = entry.published, "metadata"
    return doc
