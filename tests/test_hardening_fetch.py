"""Issue 12, item 6: the fetcher. One deadline per fetch; the connection goes to the address the guard
checked; link fetches per feed are capped; an entry whose link fails falls back to its summary; a
charset in Content-Type is honoured; 6to4, Teredo and NAT64 forms of private addresses are refused.
All traffic stays on loopback (a server started by the test)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

import armsledger.ingest.fetch as fetch_module
from armsledger.ingest.fetch import Fetcher, FetchError, PrivateAddressError, check_url
from armsledger.ingest.inputs import InputReader

CYRILLIC = "Россия получила 100 снарядов от КНДР, заявили в Сеуле."
LATIN1 = "Le Canada a livré 300 obus à l'Ukraine, a déclaré le ministère."


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def log_message(self, *args):
        pass

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.hits.append(self.path)
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):  # one byte every 0.25 s: 10 s in all
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.25)
        elif self.path == "/cp1251":
            self._send(
                200,
                "text/html; charset=windows-1251",
                f"<html><body><article><p>{CYRILLIC * 3}</p></article></body></html>".encode("cp1251"),
            )
        elif self.path == "/latin1":
            self._send(200, "text/plain; charset=ISO-8859-1", LATIN1.encode("latin-1"))
        elif self.path == "/feed.xml":
            items = "".join(
                f"<item><title>Story {i}</title><link>{self.server.base}/page{i}</link>"
                f"<description>Iran sent {i + 1} drones to Russia, the monitor said.</description></item>"
                for i in range(6)
            )
            items += (
                f"<item><title>Gone</title><link>{self.server.base}/missing</link>"
                "<description>Iran sent 77 drones to Russia, the monitor said.</description></item>"
            )
            self._send(
                200,
                "application/rss+xml",
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>M</title>{items}</channel></rss>'.encode(),
            )
        elif self.path.startswith("/page"):
            self._send(200, "text/plain", b"North Korea sent 500 shells to Russia, officials said.")
        else:
            self._send(404, "text/plain", b"no")


@pytest.fixture
def server():
    _Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.base
    httpd.shutdown()
    httpd.server_close()


def test_a_server_dripping_bytes_cannot_hold_a_fetch_past_its_deadline(server):
    started = time.monotonic()
    with (
        Fetcher(allow_private=True, timeout=1.5, retries=2) as fetcher,
        pytest.raises(FetchError, match=r"within the 1.5 s fetch deadline"),
    ):
        fetcher.fetch(f"{server}/drip")
    assert time.monotonic() - started < 9, "the drip (10 s) was read to its end"


def test_the_connection_goes_to_the_address_the_guard_checked(server, monkeypatch):
    # "rebind.example" does not resolve at all: the fetch works only through the pinned address.
    port = server.rsplit(":", 1)[1]
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])  # a rebinding DNS: a different answer each time
    calls = []

    def resolver(host, p):
        calls.append(host)
        return next(answers)

    real_kind = fetch_module._address_kind
    monkeypatch.setattr(fetch_module, "_address_kind", lambda a: None if a == "127.0.0.1" else real_kind(a))
    with Fetcher(resolver=resolver) as fetcher:
        result = fetcher.fetch(f"http://rebind.example:{port}/page1")
    assert b"500 shells" in result.body and calls == ["rebind.example"]


def test_an_unchecked_host_is_never_connected():
    import httpcore

    from armsledger.ingest.pinning import PinnedBackend

    with pytest.raises(httpcore.ConnectError, match="not checked"):
        PinnedBackend().connect_tcp("unchecked.example", 80)


def test_feed_link_fetches_are_capped_and_failed_links_fall_back_to_the_summary(server):
    reader = InputReader(allow_private=True, max_feed_fetches=3)
    try:
        loaded = list(reader.read([f"{server}/feed.xml"]))
    finally:
        reader.close()
    pages = [h for h in _Handler.hits if h.startswith("/page") or h == "/missing"]
    assert pages == ["/page0", "/page1", "/page2"]
    assert all(item.document is not None for item in loaded), [str(i.error) for i in loaded]
    assert "500 shells" in loaded[0].document.text  # fetched
    assert loaded[4].document.text == "Iran sent 5 drones to Russia, the monitor said."  # past the cap: summary
    assert any("cap per feed" in note for item in loaded for note in item.notes)


def test_an_entry_whose_link_fails_is_read_from_its_summary(server):
    reader = InputReader(allow_private=True, max_feed_fetches=100)
    try:
        loaded = list(reader.read([f"{server}/feed.xml"]))
    finally:
        reader.close()
    gone = loaded[-1]
    assert gone.document is not None and "77 drones" in gone.document.text
    assert any("HTTP 404" in note and "summary instead" in note for note in gone.notes)


@pytest.mark.parametrize("path, expected", [("/cp1251", CYRILLIC), ("/latin1", LATIN1)])
def test_a_charset_in_content_type_is_honoured(server, path, expected):
    reader = InputReader(allow_private=True)
    try:
        [loaded] = list(reader.read([f"{server}{path}"]))
    finally:
        reader.close()
    assert loaded.error is None and expected in loaded.document.text


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://[2002:7f00:1::1]/x", "6to4 address wrapping 127.0.0.1"),
        ("http://[2002:a00:1::1]/x", "6to4 address wrapping 10.0.0.1"),
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x", "Teredo address wrapping 127.0.0.1"),
        ("http://[64:ff9b::a9fe:a9fe]/x", "NAT64 address wrapping 169.254.169.254"),
    ],
)
def test_ipv6_forms_that_wrap_a_private_ipv4_address_are_refused(url, words, monkeypatch):
    monkeypatch.delenv("ARMSLEDGER_ALLOW_PRIVATE", raising=False)
    with pytest.raises(PrivateAddressError, match=words):
        check_url(url)


def test_a_6to4_address_wrapping_a_public_address_passes():
    assert check_url("http://[2002:808:808::1]/x") == ["2002:808:808::1"]
