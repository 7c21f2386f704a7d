"""HTML pages to Documents: main text and metadata through trafilatura."""

from __future__ import annotations

from datetime import date

import trafilatura

from armsledger.ingest.published import find_published_date
from armsledger.model import Document


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def html_to_document(html: str, *, name: str, path: str | None = None, url: str | None = None) -> Document:
    """Extract the article text (no navigation or boilerplate) and its title, author, site and date."""
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    published = _parse_iso(getattr(meta, "date", None)) if meta else None
    if published is None and text:
        published = find_published_date(text)
    return Document(
        name=name, text=text, content_type="text/html", path=path, url=url or (getattr(meta, "url", None) if meta else None),
        title=getattr(meta, "title", None) if meta else None,
        author=getattr(meta, "author", None) if meta else None,
        publisher=getattr(meta, "sitename", None) if meta else None,
        language=getattr(meta, "language", None) if meta else None,
        published=published,
    )
