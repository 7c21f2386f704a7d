"""CSV and XLSX downloads of any table the dashboard or API shows (every matching row, never cut)."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.responses import FileResponse, StreamingResponse

from armsledger.errors import OptionError

DOWNLOAD_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_name(name: str, fmt: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") + f".{fmt}"


def _csv_chunks(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    from armsledger.formats.csvfile import write_csv

    buffer = io.StringIO()
    batch: list[Mapping[str, Any]] = []
    header = True
    for row in rows:
        batch.append(row)
        if len(batch) == 1000:
            write_csv(columns, batch, buffer, header=header, bom=None if header else False)
            header, batch = False, []
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    write_csv(columns, batch, buffer, header=header, bom=None if header else False)
    yield buffer.getvalue()


def download(name: str, fmt: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Any:
    """A response that downloads `rows` as `name`.csv (spreadsheet-safe, streamed) or `name`.xlsx."""
    if fmt not in DOWNLOAD_FORMATS:
        raise OptionError(f"format {fmt!r} is not one of: json, {', '.join(DOWNLOAD_FORMATS)}", option="format")
    disposition = {"Content-Disposition": f'attachment; filename="{_file_name(name, fmt)}"'}
    if fmt == "csv":
        return StreamingResponse(_csv_chunks(columns, rows), media_type="text/csv; charset=utf-8", headers=disposition)
    from armsledger.formats.xlsx import Sheet, write_xlsx

    folder = tempfile.mkdtemp(prefix="armsledger-xlsx-")
    path = Path(folder) / _file_name(name, fmt)
    write_xlsx(path, [Sheet(name=name[:31], columns=tuple(columns), rows=rows)])

    def remove() -> None:
        path.unlink(missing_ok=True)
        Path(folder).rmdir()

    return FileResponse(path, media_type=XLSX_TYPE, headers=disposition, background=BackgroundTask(remove))
