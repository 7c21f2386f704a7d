"""Shared fixtures and fakes of the ledger and ingest tests (imported by tests/test_ledger_*.py).

`ledger_url` gives each test a fresh, empty ledger: a temporary SQLite file by default, or a
private schema on the PostgreSQL server named by ARMSLEDGER_TEST_DATABASE_URL.
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import date, datetime
from urllib.parse import quote

import pytest

from armsledger.model import Claim, Document, Evidence, Quantity, Source

PG_URL = os.environ.get("ARMSLEDGER_TEST_DATABASE_URL")


def _pg_admin_url() -> str:
    url = PG_URL
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@pytest.fixture
def ledger_url(tmp_path):
    """A database URL of an empty ledger (SQLite, or a fresh PostgreSQL schema when configured)."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_pg_admin_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in _pg_admin_url() else "?"
    yield f"{_pg_admin_url()}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def db(ledger_url):
    """An open, migrated ledger Database."""
    from armsledger.ledger import connect

    database = connect(ledger_url)
    yield database
    database.dispose()


COUNTRIES = {
    "north korea": "PRK",
    "pyongyang": "PRK",
    "russia": "RUS",
    "moscow": "RUS",
    "iran": "IRN",
    "tehran": "IRN",
    "korea": "KOR",
    "ukraine": "UKR",
    "kyiv": "UKR",
    "belarus": "BLR",
    "syria": "SYR",
}
ITEMS = {"shells": "artillery_shell", "drones": "drone", "missiles": "ballistic_missile", "rockets": "rocket"}
_NAME = "|".join(sorted(COUNTRIES, key=len, reverse=True))
_TRANSFER = re.compile(
    rf"(?P<sup>{_NAME})\s+(?:has\s+|had\s+)?(?:sent|shipped|delivered|supplied)\s+(?:about\s+|some\s+|roughly\s+)?"
    rf"(?P<qty>[\d,]+)\s+(?P<item>{'|'.join(ITEMS)})\s+to\s+(?P<rec>{_NAME})",
    re.I,
)
_SOURCE = re.compile(
    r"according to (?P<name>[A-Z][a-z]+(?: [A-Z][a-z-]+)+)(?:, (?P<role>[a-z][a-z ]+?) of (?P<c>" + _NAME + "))?", re.I
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


class FakeExtractor:
    """A fast, deterministic stand-in for the real extractor: one transfer claim per sentence of the
    form "<country> sent <number> <shells|drones|missiles|rockets> to <country>"."""

    def __init__(self, version: str = "fake/1", fail_on: str | None = None) -> None:
        self.version = version
        self.fail_on = fail_on
        self.calls = 0

    def extract(self, doc: Document, *, published: date | None = None) -> list[Claim]:
        self.calls += 1
        if self.fail_on and self.fail_on in doc.text:
            raise ValueError("the fake extractor was told to fail on this text")
        claims = []
        for sentence in _SENTENCE.finditer(doc.text):
            m = _TRANSFER.search(sentence.group())
            if not m:
                continue
            src = _SOURCE.search(sentence.group())
            source = None
            if src:
                source = Source(
                    name=src["name"], role=src["role"], country=COUNTRIES[src["c"].lower()] if src["c"] else None
                )
            claims.append(
                Claim(
                    doc=doc.name,
                    kind="transfer",
                    supplier=COUNTRIES[m["sup"].lower()],
                    recipient=COUNTRIES[m["rec"].lower()],
                    item=ITEMS[m["item"].lower()],
                    quantity=Quantity(value=float(m["qty"].replace(",", "")), text=m["qty"]),
                    hedged="reportedly" in sentence.group().lower(),
                    cues=["reportedly"] if "reportedly" in sentence.group().lower() else [],
                    source=source,
                    evidence=Evidence(start=sentence.start(), end=sentence.end(), text=sentence.group()),
                )
            )
        return claims


def make_claim(doc: str = "doc.txt", text: str = "North Korea sent 1,000 shells to Russia.", **fields) -> Claim:
    """A transfer claim whose evidence is `text` at offset 0, with fields overridden."""
    base = dict(
        doc=doc,
        kind="transfer",
        supplier="PRK",
        recipient="RUS",
        item="artillery_shell",
        quantity=Quantity(value=1000, text="1,000"),
        evidence=Evidence(start=0, end=len(text), text=text),
    )
    base.update(fields)
    return Claim(**base)


class FixedClock:
    """A settable clock for Ledger(clock=...): recorded-at times the test chooses."""

    def __init__(self, when: datetime) -> None:
        self.now = when

    def __call__(self) -> datetime:
        return self.now


def cli_app():
    """The armsledger Typer app (imported on use, so a broken CLI module fails only the CLI tests)."""
    from armsledger.cli import app

    return app


def real_extractor_available() -> bool:
    """True when the real extractor's pipeline module imports (it is being built alongside)."""
    try:
        import armsledger.extract.pipeline  # noqa: F401
    except Exception:  # any import failure means "not ready": those tests skip
        return False
    return True


# Three reports written for these tests, and a syndicated copy of the first.
REPORT_A = """Seoul, March 3, 2024. North Korea has shipped 6,700 containers of munitions to Russia since the summer, \
South Korean officials told lawmakers on Monday.

North Korea sent 3,000,000 shells to Russia according to Shin Won-sik, defence minister of Korea. \
The minister said the trains ran from the port of Rajin to depots near the border.

Analysts in Seoul cautioned that the count rests on satellite imagery of rail yards and could not be \
checked on the ground. Moscow did not answer requests for comment on the shipments."""

SYNDICATED_A = """WIRE SERVICE — republished under licence. Headline: Pyongyang's shell trains keep rolling

Seoul, March 3, 2024. North Korea has shipped 6,700 containers of munitions to Russia since the summer, \
South Korean officials told lawmakers on Monday.

North Korea sent 3,000,000 shells to Russia according to Shin Won-sik, defence minister of Korea. \
The minister said the trains ran from the port of Rajin to depots close to the border.

Analysts in Seoul cautioned that the count rests on satellite imagery of rail yards and could not be \
checked on the ground. Moscow did not answer requests for comment on the shipments.

Sign up for our morning newsletter. All rights reserved."""

REPORT_B = """Kyiv, May 20, 2024. Iran delivered 400 drones to Russia over the winter, a Ukrainian intelligence \
officer said, adding that assembly has since moved to a plant on the Volga.

The officer said the airframes arrive in parts and are finished in Tatarstan, where workers are paid in cash. \
Tehran has repeatedly rejected the account."""

REPORT_C = """Minsk, July 1, 2024. Russia supplied about 50 rockets to Belarus, reportedly for an exercise near the \
Polish border, according to Anna Kowalska, analyst of Ukraine.

Officials in Minsk described the drill as routine and said no launchers would remain after it ends."""
