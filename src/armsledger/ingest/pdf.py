"""PDF reports to Documents: the text layer through pypdf, title and author from the PDF's metadata."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from armsledger.errors import EmptyDocumentError, InputError
from armsledger.ingest.published import find_published_date
from armsledger.model import Document
from armsledger.settings import get_setting

_PDF_DATE = re.compile(r"D?:?(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")


class PdfError(InputError):
    """A PDF that cannot be read (damaged, encrypted, or without a text layer)."""


def _pdf_date(value: object) -> date | None:
    match = _PDF_DATE.match(str(value or ""))
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _clean(value: object) -> str | None:
    text = str(value).strip() if value else ""
    return text or None


def read_pdf_bytes(
    data: bytes, name: str, *, path: str | None = None, url: str | None = None, max_bytes: int | None = None
) -> Document:
    """Extract the text of every page (pages joined by blank lines) and the PDF's metadata."""
    cap = get_setting("max_document_bytes", max_bytes)
    if len(data) > cap:
        raise PdfError(f"{name}: {len(data):,} bytes is over the {cap:,}-byte limit", name=name)
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf on hostile bytes: any failure means "cannot read"
        raise PdfError(f"{name}: cannot read PDF ({type(exc).__name__}: {exc})", name=name) from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # unsupported /Encrypt filters and algorithms
            raise PdfError(
                f"{name}: encrypted PDF that cannot be opened ({type(exc).__name__}: {exc})", name=name
            ) from None
        if not opened:
            raise PdfError(f"{name}: encrypted PDF (needs a password)", name=name)
    try:
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info: Mapping[str, object] = reader.metadata or {}
        title_value, author_value, created = info.get("/Title"), info.get("/Author"), info.get("/CreationDate")
    except Exception as exc:  # as above: a damaged page or dictionary
        raise PdfError(f"{name}: cannot read PDF ({type(exc).__name__}: {exc})", name=name) from None
    text = "\n\n".join(p for p in pages if p).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocumentError(f"{name}: PDF has no text layer (scanned images need OCR first)", name=name)
    title = _clean(title_value) or next((ln.strip()[:300] for ln in text.splitlines() if ln.strip()), None)
    return Document(
        name=name,
        text=text,
        title=title,
        author=_clean(author_value),
        url=url,
        path=path,
        content_type="application/pdf",
        **_published(text, created),
    )


def _published(text: str, created_value: object) -> dict:
    """The date the text states, else the PDF's creation date (metadata)."""
    found = find_published_date(text)
    if found:
        return {"published": found, "published_source": "text"}
    created = _pdf_date(created_value)
    return {"published": created, "published_source": "metadata" if created else None}


def read_pdf_file(path: str, *, max_bytes: int | None = None) -> Document:
    """Read a local PDF (its size checked before a byte is read); `doc` is the file's base name."""
    p = Path(path)
    cap = get_setting("max_document_bytes", max_bytes)
    size = p.stat().st_size
    if size > cap:
        raise PdfError(
            f"{p}: {size:,} bytes is over the {cap:,}-byte limit (set ARMSLEDGER_MAX_DOCUMENT_BYTES to raise it)",
            name=str(p),
        )
    return read_pdf_bytes(p.read_bytes(), p.name, path=str(p), max_bytes=max_bytes)
