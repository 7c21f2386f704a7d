"""Fetch URLs safely: a guard against private addresses, timeouts, a size cap, content-type checks, retries.

Every hop of a redirect chain passes the guard again, so a public page cannot bounce the
fetcher onto 127.0.0.1 or the cloud metadata address.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

from armsledger.errors import InputError
from armsledger.settings import get_setting

MAX_REDIRECTS = 5
_RETRY_BACKOFF_SECONDS = 0.5

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
PDF_TYPES = ("application/pdf",)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
              "application/feed+json")
ACCEPTED_TYPES = HTML_TYPES + TEXT_TYPES + PDF_TYPES + FEED_TYPES


class FetchError(InputError):
    """A URL could not be fetched (network, HTTP status, size or type)."""


class PrivateAddressError(FetchError):
    """The URL points at a private, loopback, link-local or otherwise non-public address."""


class UnsupportedContentTypeError(FetchError):
    """The server answered with a content type armsledger does not read."""


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, through the system resolver."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc.strerror})", host=host) from None
    return sorted({info[4][0] for info in infos})


def _address_kind(address: str) -> str | None:
    """Why an address is not public ("loopback", "private"…), or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-global"
    return None


def check_url(url: str, *, allow_private: bool | None = None, resolver: Resolver | None = None) -> None:
    """Raise unless `url` is http(s) and its host resolves only to public addresses.

    With `allow_private` (or ARMSLEDGER_ALLOW_PRIVATE) the address check is skipped.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched", url=url)
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: URL has no host", url=url)
    if get_setting("allow_private", allow_private or None):
        return
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = (resolver or system_resolver)(host, parts.port or (443 if parts.scheme == "https" else 80))
    for address in addresses:
        kind = _address_kind(address)
        if kind:
            via = "" if address == host else f" ({host} resolves to {address})"
            raise PrivateAddressError(
                f"refusing to fetch {url}: {address} is a {kind} address{via}; pass --allow-private to fetch it",
                url=url, address=address, kind=kind,
            )


@dataclass
class FetchResult:
    """A fetched body with what the server said about it."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    retrieved_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(tzinfo=None))


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _read_capped(response: httpx.Response, url: str, cap: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise FetchError(f"{url}: {int(declared):,} bytes is over the {cap:,}-byte fetch limit", url=url)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise FetchError(f"{url}: body is over the {cap:,}-byte fetch limit "
                             "(set ARMSLEDGER_MAX_FETCH_BYTES to raise it)", url=url)
        chunks.append(chunk)
    return b"".join(chunks)


class Fetcher:
    """An HTTP client that applies the guard, timeouts, size cap, type check and retries to every fetch."""

    def __init__(self, *, allow_private: bool | None = None, timeout: float | None = None,
                 retries: int | None = None, max_bytes: int | None = None, resolver: Resolver | None = None,
                 accepted_types: tuple[str, ...] = ACCEPTED_TYPES, transport: httpx.BaseTransport | None = None):
        self.allow_private = bool(get_setting("allow_private", allow_private or None))
        self.retries = int(get_setting("http_retries", retries))
        self.max_bytes = int(get_setting("max_fetch_bytes", max_bytes))
        self.resolver = resolver
        self.accepted_types = accepted_types
        self.client = httpx.Client(
            timeout=httpx.Timeout(float(get_setting("http_timeout", timeout))),
            headers={"User-Agent": get_setting("user_agent")},
            follow_redirects=False,
            transport=transport,
            trust_env=False,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> FetchResult:
        """GET `url` (following up to five checked redirects); raise FetchError with a one-line reason."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private=self.allow_private, resolver=self.resolver)
            response_or_next = self._get_with_retries(current)
            if isinstance(response_or_next, str):
                current = response_or_next
                continue
            status, content_type, body = response_or_next
            return FetchResult(url=url, final_url=current, status=status, content_type=content_type, body=body)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", url=url)

    def _get_with_retries(self, url: str) -> tuple[int, str, bytes] | str:
        attempt = 0
        while True:
            try:
                with self.client.stream("GET", url) as response:
                    if response.is_redirect and response.headers.get("location"):
                        return urljoin(url, response.headers["location"])
                    if response.status_code >= 500 and attempt < self.retries:
                        raise _Retry(f"HTTP {response.status_code}")
                    if response.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                                         url=url, status=response.status_code)
                    media = _media_type(response.headers.get("content-type"))
                    if media and media not in self.accepted_types:
                        raise UnsupportedContentTypeError(
                            f"{url}: unsupported content type {media!r}; readable: HTML, text, PDF, RSS/Atom",
                            url=url, content_type=media,
                        )
                    body = _read_capped(response, url, self.max_bytes)
                    return response.status_code, media, body
            except _Retry:
                pass
            except httpx.TimeoutException:
                if attempt >= self.retries:
                    raise FetchError(f"{url}: timed out after {self.retries + 1} attempt(s)", url=url) from None
            except httpx.TransportError as exc:
                if attempt >= self.retries:
                    raise FetchError(f"{url}: network error ({type(exc).__name__}: {exc})", url=url) from None
            attempt += 1
            time.sleep(_RETRY_BACKOFF_SECONDS * attempt)


class _Retry(Exception):
    """Internal: the response asks for another attempt (5xx)."""


def is_url(value: str) -> bool:
    """True for http(s) URLs (what `ingest` fetches rather than opens as a path)."""
    return value.lower().startswith(("http://", "https://"))
