"""HTML pages to Documents: main text and metadata through trafilatura, the publication date through
htmldate (the page's metadata only), else a publication line of the text (see ingest.published)."""

from __future__ import annotations

import trafilatura

from armsledger.ingest.published import find_html_date, find_published_date
from armsledger.model import Document


def html_to_document(html: str, *, name: str, path: str | None = None, url: str | None = None) -> Document:
    """Extract the article text (no navigation or boilerplate) and its title, author, site and date."""
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    published, source = find_html_date(html), "metadata"
    if published is None and text:
        published, source = find_published_date(text), "text"
    return Document(
        name=name, text=text, content_type="text/html", path=path, url=url or (getattr(meta, "url", None) if meta else None),
        title=getattr(meta, "title", None) if meta else None,
        author=getattr(meta, "author", None) if meta else None,
        publisher=getattr(meta, "sitename", None) if meta else None,
        language=getattr(meta, "language", None) if meta else None,
        published=published, published_source=source if published else None,
    )
