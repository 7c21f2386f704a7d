"""Fetch URLs safely: a guard against private addresses, one deadline, a size cap, content-type
checks, retries.

Every hop of a redirect chain passes the guard again, so a public page cannot bounce the
fetcher onto 127.0.0.1 or the cloud metadata address; the connection goes to the very address the
guard checked (`ingest.pinning`), and the whole fetch ends by one deadline (`http_timeout`).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from armsledger.errors import InputError
from armsledger.ingest.pinning import PinnedBackend, PinnedTransport
from armsledger.settings import get_setting

MAX_REDIRECTS = 5
_RETRY_BACKOFF_SECONDS = 0.5

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
PDF_TYPES = ("application/pdf",)
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
)
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
    return sorted({str(info[4][0]) for info in infos})


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _plain_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-global"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """IPv4 addresses an IPv6 address carries and routes to: 6to4, Teredo (server and client), NAT64."""
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:
        found.extend(("Teredo", v4) for v4 in ip.teredo)
    if ip in _NAT64:
        found.append(("NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
    return found


def _address_kind(address: str) -> str | None:
    """Why an address is not public ("loopback", "private"…), or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address):
        for form, v4 in _embedded_ipv4(ip):
            kind = _plain_kind(v4)
            if kind:
                return f"{form} address wrapping {v4}, a {kind}"
    return _plain_kind(ip)


def check_url(url: str, *, allow_private: bool | None = None, resolver: Resolver | None = None) -> list[str]:
    """Raise unless `url` is http(s) and its host resolves only to public addresses; return those
    addresses (the ones a connection may use).

    With `allow_private` (or ARMSLEDGER_ALLOW_PRIVATE) the address check is skipped (returns []).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched", url=url)
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: URL has no host", url=url)
    if get_setting("allow_private", allow_private or None):
        return []
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
                url=url,
                address=address,
                kind=kind,
            )
    return addresses


@dataclass
class FetchResult:
    """A fetched body with what the server said about it."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    retrieved_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))
    header: str = ""  # the Content-Type header as sent

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        return _charset(self.header)


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _charset(header: str | None) -> str | None:
    for param in (header or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


class _DeadlinePassed(Exception):
    """Internal: the fetch's deadline passed while reading."""


def _read_capped(response: httpx.Response, url: str, cap: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise FetchError(f"{url}: {int(declared):,} bytes is over the {cap:,}-byte fetch limit", url=url)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise FetchError(
                f"{url}: body is over the {cap:,}-byte fetch limit (set ARMSLEDGER_MAX_FETCH_BYTES to raise it)",
                url=url,
            )
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise _DeadlinePassed
    return b"".join(chunks)


class Fetcher:
    """An HTTP client that applies the guard, timeouts, size cap, type check and retries to every fetch."""

    def __init__(
        self,
        *,
        allow_private: bool | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        max_bytes: int | None = None,
        resolver: Resolver | None = None,
        accepted_types: tuple[str, ...] = ACCEPTED_TYPES,
        transport: httpx.BaseTransport | None = None,
    ):
        self.allow_private = bool(get_setting("allow_private", allow_private or None))
        self.retries = int(get_setting("http_retries", retries))
        self.max_bytes = int(get_setting("max_fetch_bytes", max_bytes))
        self.timeout = float(get_setting("http_timeout", timeout))
        self.resolver = resolver
        self.accepted_types = accepted_types
        self.backend = PinnedBackend(allow_unpinned=self.allow_private)
        self._deadline = 0.0
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            headers={"User-Agent": get_setting("user_agent")},
            follow_redirects=False,
            transport=transport or PinnedTransport(self.backend),
            trust_env=False,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _left(self) -> float:
        return self._deadline - time.monotonic()

    def _deadline_error(self, url: str) -> FetchError:
        return FetchError(
            f"{url}: no complete answer within the {self.timeout:g} s fetch deadline "
            "(set ARMSLEDGER_HTTP_TIMEOUT to raise it)",
            url=url,
        )

    def fetch(self, url: str) -> FetchResult:
        """GET `url` (following up to five checked redirects) within one deadline; raise FetchError
        with a one-line reason."""
        self._deadline = time.monotonic() + self.timeout
        self.backend.clock.deadline = self._deadline
        try:
            current = url
            for _ in range(MAX_REDIRECTS + 1):
                self.backend.pin(current, check_url(current, allow_private=self.allow_private, resolver=self.resolver))
                response_or_next = self._get_with_retries(current)
                if isinstance(response_or_next, str):
                    current = response_or_next
                    continue
                status, header, body = response_or_next
                return FetchResult(
                    url=url,
                    final_url=current,
                    status=status,
                    content_type=_media_type(header),
                    body=body,
                    header=header,
                )
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", url=url)
        finally:
            self.backend.clock.deadline = None

    def _get_with_retries(self, url: str) -> tuple[int, str, bytes] | str:
        attempt = 0
        while True:
            if self._left() <= 0:
                raise self._deadline_error(url)
            try:
                with self.client.stream("GET", url, timeout=httpx.Timeout(min(self.timeout, self._left()))) as response:
                    if response.is_redirect and response.headers.get("location"):
                        return urljoin(url, response.headers["location"])
                    if response.status_code >= 500 and attempt < self.retries:
                        raise _Retry(f"HTTP {response.status_code}")
                    if response.status_code >= 400:
                        raise FetchError(
                            f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                            url=url,
                            status=response.status_code,
                        )
                    header = response.headers.get("content-type") or ""
                    media = _media_type(header)
                    if media and media not in self.accepted_types:
                        raise UnsupportedContentTypeError(
                            f"{url}: unsupported content type {media!r}; readable: HTML, text, PDF, RSS/Atom",
                            url=url,
                            content_type=media,
                        )
                    body = _read_capped(response, url, self.max_bytes, self._deadline)
                    return response.status_code, header, body
            except _DeadlinePassed:
                raise self._deadline_error(url) from None
            except _Retry:
                pass
            except httpx.TimeoutException:
                if self._left() <= 0:
                    raise self._deadline_error(url) from None
                if attempt >= self.retries:
                    raise FetchError(f"{url}: timed out after {self.retries + 1} attempt(s)", url=url) from None
            except httpx.TransportError as exc:
                if attempt >= self.retries:
                    raise FetchError(f"{url}: network error ({type(exc).__name__}: {exc})", url=url) from None
            attempt += 1
            time.sleep(max(0.0, min(_RETRY_BACKOFF_SECONDS * attempt, self._left())))


class _Retry(Exception):
    """Internal: the response asks for another attempt (5xx)."""


def is_url(value: str) -> bool:
    """True for http(s) URLs (what `ingest` fetches rather than opens as a path)."""
    return value.lower().startswith(("http://", "https://"))
