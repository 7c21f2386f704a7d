"""Untrusted text made safe to show or keep: control characters escaped for the terminal, and
credentials (`user:secret@`) taken out of URLs before they are stored or printed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# C0 controls but tab and newline, DEL, and C1 controls (ESC starts terminal escape sequences; C1
# CSI \x9b does too on some terminals). Bidi overrides can reorder what a line seems to say.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# scheme://userinfo@ anywhere in a text (userinfo: no slash, space or @)
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@]+@")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: object, *, one_line: bool = False) -> str:
    """`text` with control characters shown as escapes (`\\x1b`), so it cannot drive the terminal;
    `one_line` also escapes tabs and line breaks (for one-line messages)."""
    pattern = _CONTROL_AND_BREAKS if one_line else _CONTROL
    return pattern.sub(_escape, redact_url_credentials(str(text)))


def strip_url_credentials(url: str | None) -> str | None:
    """The URL without a user name or password (`https://u:p@host/x` → `https://host/x`)."""
    if not url or "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_url_credentials(url)
    if not parts.netloc or "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def redact_url_credentials(text: str) -> str:
    """Every `scheme://user:secret@` in a text with the user information removed."""
    if "@" not in text:
        return text
    return _USERINFO.sub(lambda m: m.group("scheme"), text)
