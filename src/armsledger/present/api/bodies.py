"""Reading the body of POST /api/v1/ingest within the size caps, before anything is parsed in full."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import UploadFile

from armsledger.errors import DocumentTooLargeError, OptionError
from armsledger.settings import get_setting

JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
MAX_FILES = 200


def _length(request: Request) -> int:
    cap = int(get_setting("serve_max_upload_bytes"))
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise OptionError("send the body with a Content-Length", option="content-length")
    if int(length) > cap:
        raise DocumentTooLargeError(
            f"the request is {int(length):,} bytes, over the {cap:,}-byte cap (serve_max_upload_bytes)"
        )
    return int(length)


async def read_ingest_body(request: Request) -> tuple[list[tuple[str, bytes]], list[str], str | None]:
    """(uploads as (file name, bytes), URLs, published) from a multipart form or a JSON Lines body."""
    _length(request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in JSONL_TYPES:
        return [("request.jsonl", await request.body())], [], request.query_params.get("published")
    if media != "multipart/form-data":
        raise OptionError(
            "send multipart/form-data (files, urls, published) or application/x-ndjson", option="content-type"
        )
    form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES)
    try:
        uploads = []
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                uploads.append((item.filename or "upload", await item.read()))
        urls = [
            u.strip()
            for value in form.getlist("urls")
            if isinstance(value, str)
            for u in value.splitlines()
            if u.strip()
        ]
        published = form.get("published")
        if not uploads and not urls:
            raise OptionError("nothing to ingest: send files or urls", option="files")
        return uploads, urls, published if isinstance(published, str) and published.strip() else None
    finally:
        await form.close()
