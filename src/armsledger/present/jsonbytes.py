"""JSON as UTF-8 bytes for the HTTP answers, with orjson: the library's answers are plain dicts, lists,
strings and numbers, written several times faster than by the standard library or FastAPI's encoder.

Output matches `json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)` for what the
workbench returns: dates and datetimes are written with `str()` (as before, not orjson's ISO form),
keys that are not strings become strings, and anything else orjson does not know is written with `str()`.
"""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def dumps(value: Any) -> bytes:
    """`value` as compact JSON (UTF-8, no ASCII escapes)."""
    return orjson.dumps(value, default=str, option=_OPTIONS)


def loads(data: bytes | str) -> Any:
    """The value of a JSON document (fresh objects each call: a cached answer is never shared)."""
    return orjson.loads(data)
