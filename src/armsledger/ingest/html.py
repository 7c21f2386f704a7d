"""HTML pages to Documents: main text and metadata through trafilatura, the publication date through
htmldate (the page's metadata only), else a publication line of the text (see ingest.published)."""

from __future__ import annotations

import re

import trafilatura

from armsledger.ingest.published import find_html_date, find_published_date
from armsledger.model import DateSource, Document

#: a start tag longer than this keeps only its name (libxml2 checks attributes pairwise: 200,000 never finish)
MAX_TAG_CHARS = 4096
_LONG_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9:-]{{0,40}})[\s/][^<>]{{{MAX_TAG_CHARS},}}>")


def defuse_markup(html: str) -> str:
    """`html` with the attributes of overlong start tags dropped (in linear time)."""
    return _LONG_TAG.sub(lambda m: f"<{m.group(1)}>", html)


def html_to_document(html: str, *, name: str, path: str | None = None, url: str | None = None) -> Document:
    """Extract the article text (no navigation or boilerplate) and its title, author, site and date."""
    html = defuse_markup(html)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    source: DateSource = "metadata"
    published = find_html_date(html)
    if published is None and text:
        published, source = find_published_date(text), "text"
    return Document(
        name=name,
        text=text,
        content_type="text/html",
        path=path,
        url=url or (getattr(meta, "url", None) if meta else None),
        title=getattr(meta, "title", None) if meta else None,
        author=getattr(meta, "author", None) if meta else None,
        publisher=getattr(meta, "sitename", None) if meta else None,
        language=getattr(meta, "language", None) if meta else None,
        published=published,
        published_source=source if published else None,
    )
