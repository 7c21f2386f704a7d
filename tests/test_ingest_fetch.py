"""URL fetching: the private-address guard, timeouts and caps, content types, retries, redirects.
Only loopback traffic: a local HTTP server started by the test, or httpx's in-process MockTransport."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest

from armsledger.ingest.fetch import (
    Fetcher,
    FetchError,
    PrivateAddressError,
    UnsupportedContentTypeError,
    check_url,
)

ARTICLE = (
    b"<html><head><title>Convoys at the border</title><meta name='author' content='A. Writer'>"
    b"<meta property='article:published_time' content='2024-04-02'></head><body><article>"
    b"<h1>Convoys at the border</h1><p>"
    + b"Iran delivered 400 drones to Russia over the winter, officials said. " * 5
    + b"</p></article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE),
            "/plain": (200, "text/plain", b"North Korea sent 100 shells to Russia."),
            "/image": (200, "image/png", b"\x89PNG...."),
            "/big": (200, "text/plain", b"x" * 5000),
            "/missing": (404, "text/plain", b"nope"),
        }
        if self.path == "/flaky" and self.hits[self.path] == 1:
            status, ctype, body = 503, "text/plain", b"busy"
        elif self.path == "/flaky":
            status, ctype, body = 200, "text/plain", b"Second time lucky: Iran sent 5 drones to Russia."
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/plain")
            self.end_headers()
            return
        else:
            status, ctype, body = routes.get(self.path, (404, "text/plain", b"no route"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    _Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "url, address",
    [
        ("http://127.0.0.1/report", "127.0.0.1"),
        ("http://10.0.0.1/report", "10.0.0.1"),
        ("http://[::1]/report", "::1"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
        ("http://192.168.1.20:8080/x", "192.168.1.20"),
        ("http://[::ffff:127.0.0.1]/x", "::ffff:127.0.0.1"),
    ],
)
def test_guard_refuses_private_addresses_with_a_clear_message(url, address, monkeypatch):
    monkeypatch.delenv("ARMSLEDGER_ALLOW_PRIVATE", raising=False)
    with pytest.raises(PrivateAddressError) as info:
        check_url(url)
    message = str(info.value)
    assert message.startswith(f"refusing to fetch {url}") and "--allow-private" in message
    assert "\n" not in message


def test_guard_refuses_a_hostname_that_resolves_to_loopback(monkeypatch):
    monkeypatch.delenv("ARMSLEDGER_ALLOW_PRIVATE", raising=False)
    with pytest.raises(PrivateAddressError, match=r"localhost resolves to (127\.0\.0\.1|::1)"):
        check_url("http://localhost/report")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "::1"])
def test_guard_checks_every_address_a_name_resolves_to(address):
    with pytest.raises(PrivateAddressError, match=f"news.example resolves to {address}"):
        check_url("http://news.example/story", resolver=lambda host, port: ["8.8.8.8", address])


def test_guard_accepts_public_addresses_and_refuses_other_schemes():
    check_url("https://news.example/story", resolver=lambda host, port: ["8.8.8.8"])
    with pytest.raises(FetchError, match="only http and https"):
        check_url("file:///etc/passwd")


def test_allow_private_lets_a_loopback_server_be_fetched(server):
    with Fetcher(allow_private=True) as fetcher:
        result = fetcher.fetch(f"{server}/article")
    assert result.status == 200 and result.content_type == "text/html" and b"drones" in result.body


def test_without_allow_private_the_local_server_is_refused(server, monkeypatch):
    monkeypatch.delenv("ARMSLEDGER_ALLOW_PRIVATE", raising=False)
    with Fetcher() as fetcher, pytest.raises(PrivateAddressError):
        fetcher.fetch(f"{server}/article")


def test_size_cap_content_type_and_http_errors(server):
    with Fetcher(allow_private=True, max_bytes=1000, retries=0) as fetcher:
        with pytest.raises(FetchError, match="over the 1,000-byte fetch limit"):
            fetcher.fetch(f"{server}/big")
        with pytest.raises(UnsupportedContentTypeError, match="image/png"):
            fetcher.fetch(f"{server}/image")
        with pytest.raises(FetchError, match="HTTP 404"):
            fetcher.fetch(f"{server}/missing")


def test_server_errors_are_retried(server):
    with Fetcher(allow_private=True, retries=1) as fetcher:
        assert b"Second time lucky" in fetcher.fetch(f"{server}/flaky").body


def test_redirects_are_followed_and_rechecked(server):
    with Fetcher(allow_private=True) as fetcher:
        result = fetcher.fetch(f"{server}/redirect")
    assert result.final_url.endswith("/plain")


def test_a_public_page_redirecting_to_a_private_address_is_refused():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"})

    fetcher = Fetcher(resolver=lambda host, port: ["8.8.8.8"], transport=httpx.MockTransport(handler))
    with fetcher, pytest.raises(PrivateAddressError, match=r"127.0.0.1/admin"):
        fetcher.fetch("http://news.example/story")


def test_network_errors_become_one_line_fetch_errors():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    fetcher = Fetcher(resolver=lambda host, port: ["8.8.8.8"], transport=httpx.MockTransport(handler), retries=0)
    with fetcher, pytest.raises(FetchError, match="network error"):
        fetcher.fetch("http://news.example/story")
