"""The fetcher's network layer: connect only to addresses the guard checked, within one deadline.

Resolving a host name twice — once to check it, once to connect — lets a DNS server answer a
public address to the check and 127.0.0.1 to the connection ("DNS rebinding"). The backend here
never resolves: it connects to the addresses pinned for the host by the check. And every socket
operation (connect, TLS handshake, each read and write) gets at most what is left of the fetch's
deadline, so a server dripping one byte at a time cannot hold a fetch past it.
"""

from __future__ import annotations

import ssl
import time
import typing

import httpcore
import httpx


class DeadlineClock:
    """The deadline of the fetch in progress (None: no deadline)."""

    def __init__(self) -> None:
        self.deadline: float | None = None

    def left(self, timeout: float | None, error: type[Exception]) -> float | None:
        """`timeout` cut to what is left before the deadline; raise `error` when nothing is."""
        if self.deadline is None:
            return timeout
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise error("the fetch deadline has passed")
        return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A connected stream whose every operation ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, clock: DeadlineClock) -> None:
        self._stream = stream
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._clock.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._clock.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, self._clock.left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls, self._clock)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Connects a host name only to the addresses pinned for it (see the module's docstring)."""

    def __init__(self, *, allow_unpinned: bool = False) -> None:
        """`allow_unpinned` lets hosts without pins resolve as usual (used when the guard is off)."""
        self.pins: dict[str, list[str]] = {}
        self.clock = DeadlineClock()
        self.allow_unpinned = allow_unpinned
        self._inner = httpcore.SyncBackend()

    def pin(self, url: str, addresses: list[str]) -> None:
        """Connections to `url`'s host go to `addresses` (in order, the first that answers)."""
        if addresses:
            self.pins[pin_key(url)] = list(addresses)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pins.get(host.lower())
        if addresses is None:
            if not self.allow_unpinned:
                raise httpcore.ConnectError(f"{host} was not checked by the address guard")
            addresses = [host]
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address, port, self.clock.left(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
                return _DeadlineStream(stream, self.clock)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def pin_key(url: str) -> str:
    """The host as the connection layer sees it (IDNA-encoded, IPv6 without brackets, lower case)."""
    return httpx.URL(url).raw_host.decode("ascii").lower()


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a PinnedBackend (no proxies, certificates verified against the host name)."""

    def __init__(self, backend: PinnedBackend) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            network_backend=backend,
        )
