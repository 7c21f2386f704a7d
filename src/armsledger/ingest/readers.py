"""Read local files and standard input into Documents, refusing binary, mis-encoded, empty or huge input."""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from armsledger.errors import (
    BinaryFileError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncodingError,
    UnsupportedFormatError,
)
from armsledger.ingest.html import html_to_document
from armsledger.ingest.published import find_published_date
from armsledger.model import Document
from armsledger.settings import get_setting

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# Magic numbers of formats people drop into report folders by mistake.
_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "a gzip archive",
}


def check_size(size: int, name: str, max_bytes: int | None) -> None:
    cap = get_setting("max_document_bytes", max_bytes)
    if size > cap:
        raise DocumentTooLargeError(
            f"{name}: {size:,} bytes is over the {cap:,}-byte limit (set ARMSLEDGER_MAX_DOCUMENT_BYTES to raise it)",
            name=name,
            size=size,
            limit=cap,
        )


_META_CHARSET = re.compile(rb"""<meta[^<>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


def known_charset(name: str | None) -> str | None:
    """The Python codec name of a declared charset ("ISO-8859-1" -> "latin-1"), or None when unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its start, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    return known_charset(match.group(1).decode("ascii")) if match else None


def decode_text(data: bytes, name: str, charset: str | None = None) -> str:
    """Decode bytes as `charset` when one is declared (undecodable bytes become U+FFFD), else as
    UTF-8 (a BOM is allowed), refusing binary data and invalid sequences."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BinaryFileError(f"{name}: binary file ({what}), not text", name=name)
    codec = known_charset(charset)
    wide = codec is not None and codec.startswith(("utf-16", "utf-32"))
    if not wide and b"\x00" in data[:65536]:
        raise BinaryFileError(f"{name}: binary file (contains NUL bytes), not text", name=name)
    if codec is not None and codec != "utf-8" and not data.startswith(codecs.BOM_UTF8):
        return data.decode(codec, errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}); "
            "re-save the file as UTF-8",
            name=name,
            offset=exc.start,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(
    data: bytes,
    name: str,
    *,
    content_type: str = "text/plain",
    path: str | None = None,
    max_bytes: int | None = None,
    charset: str | None = None,
) -> Document:
    """Build a Document from raw bytes: text as is, HTML through trafilatura's main-text extraction.

    `charset` (from a Content-Type header) decides the decoding; an HTML page may declare its own."""
    check_size(len(data), name, max_bytes)
    if charset is None and "html" in content_type:
        charset = html_charset(data)
    text = decode_text(data, name, charset)
    if "html" in content_type:
        doc = html_to_document(text, name=name, path=path)
    else:
        doc = Document(name=name, text=text, content_type=content_type, path=path)
        doc.published = find_published_date(text)
        doc.published_source = "text" if doc.published else None
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
        doc.title = first[:300] if first else None
    if not doc.text.strip():
        raise EmptyDocumentError(f"{name}: empty document (no text to read)", name=name)
    return doc


def read_path(path: str | Path, *, max_bytes: int | None = None) -> Document:
    """Read one local file (.txt, .md, .html) into a Document; `doc` is the file's base name."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise UnsupportedFormatError(
            f"{p}: unsupported file type {suffix or '(none)'}; readable: {', '.join(sorted(READABLE_SUFFIXES))}",
            name=str(p),
        )
    try:
        size = p.stat().st_size
        check_size(size, str(p), max_bytes)
        data = p.read_bytes()
    except OSError as exc:
        raise UnsupportedFormatError(f"{p}: cannot read ({exc.strerror})", name=str(p)) from None
    content_type = (
        "text/html"
        if suffix in HTML_SUFFIXES
        else ("text/markdown" if suffix in {".md", ".markdown"} else "text/plain")
    )
    return read_bytes(data, p.name, content_type=content_type, path=str(p), max_bytes=max_bytes)


def read_stdin_bytes(*, max_bytes: int | None = None) -> tuple[bytes, str]:
    """Standard input's bytes (at most one past the size cap) and their content type (HTML when it
    starts like HTML)."""
    cap = get_setting("max_document_bytes", max_bytes)
    data = sys.stdin.buffer.read(cap + 1)
    head = data[:512].lstrip().lower()
    is_html = head.startswith(b"<!doctype html") or head.startswith(b"<html")
    return data, "text/html" if is_html else "text/plain"


def read_stdin(name: str = "stdin", *, max_bytes: int | None = None) -> Document:
    """Read standard input as one document (HTML when it starts like HTML)."""
    data, content_type = read_stdin_bytes(max_bytes=max_bytes)
    return read_bytes(data, name, content_type=content_type, max_bytes=max_bytes)


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders (recursively, sorted) into the files to read; '-' passes through."""
    for item in inputs:
        p = Path(item)
        if str(item) == "-":
            yield p
        elif p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield child
        else:
            yield p
