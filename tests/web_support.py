"""A small ledger for the workbench tests (API, pages, browser): dated reports on one flow from several
sources, and one hostile document whose title, URL, source and evidence carry markup and script."""

from __future__ import annotations

from datetime import date, datetime

from ledger_support import FakeExtractor, FixedClock

from armsledger.model import Document

TOKEN = "test-token-0123456789abcdef"
REPORTS = [
    (
        "kirby.txt",
        date(2023, 11, 1),
        (
            "North Korea sent 1,000,000 shells to Russia according to John Kirby, "
            "spokesman of Russia.\n\nThe briefing at the White House covered rail traffic "
            "from the port of Rajin and a depot near Tikhoretsk."
        ),
    ),
    (
        "hur.txt",
        date(2024, 1, 15),
        (
            "North Korea sent 1,500,000 shells to Russia according to Vadym Skibitskyi, "
            "officer of Ukraine.\n\nHe told a Kyiv newspaper that about half of the rounds "
            "failed to fire and that crews complained about fuses."
        ),
    ),
    (
        "shin-feb.txt",
        date(2024, 3, 1),
        (
            "North Korea sent 3,000,000 shells to Russia according to Shin Wonsik, "
            "minister of Korea.\n\nLawmakers in Seoul heard the estimate behind closed "
            "doors; satellite images of Najin were shown."
        ),
    ),
    (
        "shin-jun.txt",
        date(2024, 6, 14),
        (
            "North Korea sent 4,800,000 shells to Russia according to Shin Wonsik, "
            "minister of Korea.\n\nSpeaking to foreign reporters in June, the minister "
            "added that dozens of ballistic missiles had also gone north by train."
        ),
    ),
]
HOSTILE_TITLE = "<script>alert(1)</script>Report {{ 7*7 }}"
HOSTILE_SENTENCE = (
    'Iran sent 400 drones to Russia <img src=x onerror="alert(2)"> {{ 7*7 }} '
    '<a href="javascript:alert(3)">more</a> <script>alert(4)</script> '
    "according to Evil Agent, officer of Iran."
)


def build_ledger(url: str) -> None:
    """Store the reports (recorded early, so every as-of date sees what was published by then)."""
    from armsledger.ledger import connect
    from armsledger.ledger.store import Ledger

    db = connect(url)
    ledger = Ledger(db, clock=FixedClock(datetime(2023, 1, 1)))
    extractor = FakeExtractor()
    try:
        for name, published, text in REPORTS:
            doc = Document(name=name, text=text, title=f"Report {name}", published=published)
            ledger.store(doc, extractor.extract(doc, published=published), extractor_version="fake/1")
        hostile = Document(
            name="hostile.txt",
            text=HOSTILE_SENTENCE,
            title=HOSTILE_TITLE,
            url="javascript:alert(5)",
            publisher="<b onmouseover=alert(1)>Pub</b>",
            published=date(2024, 2, 1),
        )
        ledger.store(hostile, extractor.extract(hostile), extractor_version="fake/1")
    finally:
        db.dispose()


def claim_id_of(db, document_name: str) -> int:
    """The id of the (only) claim of a stored document."""
    from sqlalchemy import select

    from armsledger.ledger.tables import ClaimRow, DocumentRow

    with db.read() as session:
        return session.scalar(
            select(ClaimRow.id)
            .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
            .where(DocumentRow.name == document_name)
        )


def make_client(db, tokens: dict[str, str] | None = None):
    """A FastAPI TestClient over an open ledger, accepting TOKEN (as reviewer "alice") for writes."""
    from fastapi.testclient import TestClient

    from armsledger.present.app import create_app
    from armsledger.present.auth import Authority

    app = create_app(db, authority=Authority(tokens or {TOKEN: "alice"}))
    app.state.workbench.extractor = FakeExtractor()
    return TestClient(app)
