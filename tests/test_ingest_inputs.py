"""Reading inputs for `ingest`: PDFs, JSON Lines corpora, RSS/Atom feeds, URLs, folders with bad files."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from ledger_support import REPORT_A, REPORT_B, REPORT_C, FakeExtractor, db, ledger_url  # noqa: F401

from armsledger.ingest.fetch import Fetcher
from armsledger.ingest.inputs import InputReader, estimate_count
from armsledger.ingest.pdf import PdfError, read_pdf_bytes
from armsledger.ledger import ClaimFilter, list_claims, list_documents
from armsledger.ledger.store import Ledger
from armsledger.pipeline import ingest


def make_pdf(lines: list[str], title: str = "Shell trains") -> bytes:
    """A minimal one-page PDF with a text layer (Helvetica), built by hand."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 11 Tf 50 750 Td 14 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({esc(title)}) /Author (Desk Analyst) /CreationDate (D:20240303120000Z) >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_text_and_metadata_are_read():
    doc = read_pdf_bytes(make_pdf(["Seoul briefing notes.", "North Korea sent 2,000 shells to Russia."]), "n.pdf")
    assert "North Korea sent 2,000 shells to Russia." in doc.text
    assert doc.title == "Shell trains" and doc.author == "Desk Analyst"
    assert doc.published == date(2024, 3, 3) and doc.content_type == "application/pdf"


def test_damaged_pdf_is_a_one_line_error():
    with pytest.raises(PdfError, match=r"broken.pdf: cannot read PDF"):
        read_pdf_bytes(b"%PDF-1.4\nthis is not really a pdf", "broken.pdf")


def test_jsonl_corpus_reads_metadata_and_reports_bad_lines(tmp_path):
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "name": "w1",
                        "text": REPORT_A,
                        "title": "Trains",
                        "publisher": "Wire",
                        "published": "2024-03-03",
                        "url": "https://news.example/w1",
                        "language": "en",
                        "author": "Staff",
                    }
                ),
                "{not json",
                json.dumps({"name": "w3"}),
                "",
                json.dumps({"text": REPORT_B, "published": "yesterday"}),
                json.dumps({"text": REPORT_B}),
            ]
        ),
        encoding="utf-8",
    )
    assert estimate_count([str(corpus)]) == 5
    loaded = list(InputReader().read([str(corpus)]))
    docs = [item.document for item in loaded if item.document]
    errors = [str(item.error) for item in loaded if item.error]
    assert [d.name for d in docs] == ["w1", "wire-6"]
    first = docs[0]
    assert (first.title, first.publisher, first.published, first.url, first.language, first.author) == (
        "Trains",
        "Wire",
        date(2024, 3, 3),
        "https://news.example/w1",
        "en",
        "Staff",
    )
    assert any(":2: invalid JSON" in e for e in errors)
    assert any(':3: no "text"' in e for e in errors)
    assert any(":5: published 'yesterday' is not an ISO date" in e for e in errors)


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Border Monitor</title><language>en</language>
<item><title>Full story in the feed</title><link>{base}/full</link><pubDate>Mon, 20 May 2024 08:00:00 GMT</pubDate>
<author>desk@monitor.example (Desk)</author>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>{long}</p>]]></content:encoded>
</item>
<item><title>Teaser only</title><link>{base}/page</link><pubDate>Tue, 21 May 2024 08:00:00 GMT</pubDate>
<description>Short teaser.</description></item>
</channel></rss>"""
PAGE = (
    "<html><head><title>Drone parts</title></head><body><article><h1>Drone parts</h1><p>"
    + "Iran shipped 90 drones to Russia in crates marked as farm equipment, inspectors said. " * 4
    + "</p></article></body></html>"
)


class _FeedHandler(BaseHTTPRequestHandler):
    base = ""

    def log_message(self, *args):
        pass

    def do_GET(self):
        long = "North Korea sent 3,000 shells to Russia by rail, the monitor reported from the border. " * 8
        if self.path == "/feed.xml":
            body, ctype = FEED.format(base=self.base, long=long).encode(), "application/rss+xml"
        elif self.path == "/page":
            body, ctype = PAGE.encode(), "text/html"
        else:
            body, ctype = b"not here", "text/plain"
        self.send_response(200 if self.path in ("/feed.xml", "/page") else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def feed_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    _FeedHandler.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield _FeedHandler.base
    httpd.shutdown()
    httpd.server_close()


def test_feed_entries_are_taken_from_content_or_fetched(db, feed_server):
    summary = ingest(Ledger(db), [f"{feed_server}/feed.xml"], extractor=FakeExtractor(), allow_private=True)
    assert (summary.new, summary.failed) == (2, 0)
    docs = {d["title"]: d for d in list_documents(db)}
    full, fetched = docs["Full story in the feed"], docs["Teaser only"]
    assert full["publisher"] == "Border Monitor" and full["published"] == "2024-05-20"
    assert full["url"] == f"{feed_server}/full"
    assert fetched["published"] == "2024-05-21" and fetched["url"] == f"{feed_server}/page"
    assert {c["supplier"] for c in list_claims(db)} == {"PRK", "IRN"}


def test_url_ingest_refuses_loopback_without_allow_private(db, feed_server, monkeypatch):
    monkeypatch.delenv("ARMSLEDGER_ALLOW_PRIVATE", raising=False)
    summary = ingest(Ledger(db), [f"{feed_server}/page"], extractor=FakeExtractor())
    assert summary.failed == 1 and summary.new == 0
    assert "refusing to fetch" in summary.failures[0][1]


def test_url_ingest_keeps_page_metadata(db, feed_server):
    ingest(Ledger(db), [f"{feed_server}/page"], extractor=FakeExtractor(), allow_private=True)
    doc = list_documents(db)[0]
    assert doc["title"] == "Drone parts" and doc["url"] == f"{feed_server}/page"
    assert doc["content_type"] == "text/html"


def test_local_feed_file_is_read_and_linked_pages_fetched_through_the_guarded_fetcher(tmp_path):
    feed = tmp_path / "monitor.rss"
    feed.write_text(FEED.format(base="https://monitor.example", long="Iran sent 12 drones to Russia. " * 20))
    requested = []

    def handler(request: httpx.Request) -> httpx.Response:  # in-process: no traffic leaves the test
        requested.append(str(request.url))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE.encode())

    fetcher = Fetcher(resolver=lambda host, port: ["8.8.8.8"], transport=httpx.MockTransport(handler))
    loaded = list(InputReader(fetcher=fetcher).read([str(feed)]))
    fetcher.close()
    assert [item.document.title for item in loaded] == ["Full story in the feed", "Teaser only"]
    assert requested == ["https://monitor.example/page"]
    assert "Iran shipped 90 drones" in loaded[1].document.text


def test_one_bad_document_never_kills_the_batch(db, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Caf\xe9 report".encode("latin-1"))
    (folder / "empty.md").write_text("   \n", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "b.html").write_text(f"<html><body><article><p>{REPORT_B}</p></article></body></html>")
    (folder / "explodes.txt").write_text("Kyiv, June 2, 2024. BOOM " + REPORT_C)
    summary = ingest(Ledger(db), [str(folder), str(tmp_path / "nowhere.txt")], extractor=FakeExtractor(fail_on="BOOM"))
    assert summary.new == 3
    assert summary.failed == 5
    assert summary.skipped == [(str(folder / "photo.png"), "not a document type (.png)")]
    reasons = " | ".join(r for _, r in summary.failures)
    for expected in ("not valid UTF-8", "empty document", "cannot read PDF", "no such file", "extraction failed"):
        assert expected in reasons
    assert all("\n" not in r for _, r in summary.failures)
    stored = {d["name"]: d for d in list_documents(db)}
    assert stored["explodes.txt"]["extract_error"] and stored["explodes.txt"]["extractor_version"] is None
    assert len(list_claims(db, ClaimFilter(supplier="PRK"))) == 1


def test_published_option_overrides_document_dates(db, tmp_path):
    (tmp_path / "a.txt").write_text(REPORT_A, encoding="utf-8")
    ingest(Ledger(db), [str(tmp_path / "a.txt")], extractor=FakeExtractor(), published=date(2024, 1, 9))
    assert list_documents(db)[0]["published"] == "2024-01-09"
    assert list_claims(db)[0]["ledger"]["published_on"] == "2024-01-09"
