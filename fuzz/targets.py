"""Fuzz targets shared by the CI property suite (tests/test_fuzz_properties.py) and the long run
(fuzz/run.py): hypothesis strategies for hostile inputs, and for each target a function that
runs armsledger on one input and raises `PropertyViolation` when an output breaks the contract.

Targets:
  numbers    text -> find_numbers -> Quantity: values finite, >= 0, fractions 0..1, high >= value
  document   text -> Document -> split_sentences: encodable, no NUL, runs and sentences capped
  readers    bytes -> HTML, text, .jsonl line, RSS/Atom and PDF readers: only InputError, valid Documents
  extract    report-like text -> extractor: claims schema-valid, finite JSON, evidence offsets right
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from hypothesis import strategies as st

from armsledger.errors import InputError
from armsledger.extract.numbers import find_numbers
from armsledger.extract.sentences import (
    MAX_SENTENCE_CHARS,
    MAX_TOKEN_CHARS,
    split_sentences,
)
from armsledger.ingest.corpus import line_document
from armsledger.ingest.feeds import content_document, parse_feed, summary_document
from armsledger.ingest.pdf import read_pdf_bytes
from armsledger.ingest.readers import read_bytes
from armsledger.model import Claim, Document, Quantity
from armsledger.normalize import MAX_PUNCTUATION_RUN


class PropertyViolation(AssertionError):
    """An output that breaks armsledger's contract (schema, normalisation, caps)."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise PropertyViolation(message)


# --- strategies ---------------------------------------------------------------------------------

WORDS = [
    "North Korea",
    "Russia",
    "Iran",
    "Ukraine",
    "Pyongyang",
    "Moscow",
    "the Kremlin",
    "officials",
    "said",
    "sent",
    "shipped",
    "delivered",
    "fires",
    "produced",
    "holds",
    "pledged",
    "denied",
    "reportedly",
    "believes",
    "about",
    "nearly",
    "more than",
    "up to",
    "between",
    "and",
    "or",
    "shells",
    "rounds",
    "artillery shells",
    "drones",
    "missiles",
    "containers",
    "rail cars",
    "tonnes",
    "a day",
    "per month",
    "annually",
    "since September",
    "of",
    "to",
    "from",
    "the",
    "a",
    "in",
    "were duds",
    "per cent",
    "%",
    "million",
    "billion",
    "trillion",
    "thousand",
    "hundreds of thousands",
    "half",
    "a third",
    "$",
    "€",
    "Defense Minister Shin Won-sik",
    "according to",
    "on Friday, June 14",
    "by 2025",
    "compared with",
    "U.S.",
    "Gen.",
    "152 mm",
    "122mm",
    "KN-23",
    "Shahed-136",
    "\n",
    "\n\n",
    ". ",
    ", ",
    "; ",
    "—",
    "-",
    "(",
    ")",
    '"',
    "“",
    "”",
    "'s",
    "Q:",
    "A:",
    "- ",
    "•",
]
NUMBER_FORMS = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", " ")),
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", ".")),
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", "\u00a0")),
    st.integers(10**5, 10**9).map(lambda n: _indian(n)),
    st.integers(0, 10**6).map(lambda n: f"-{n:,}"),
    st.floats(0, 1000, allow_nan=False).map(lambda f: f"{f:.1f}%"),
    st.integers(300, 400).map(lambda n: "1" + "0" * n),
    st.integers(0, 2000).map(lambda n: f"{n} %"),
    st.sampled_from(
        [
            "1,00,000",
            "1 000 000",
            "1.000.000",
            "-5,000",
            "250 %",
            "9" * 40,
            "0",
            "000",
            "1e309",
            "8,000-9,000",
            "between 1 and 1.5 million",
            "$1.5bn",
            "three hundred thousand",
            "1.5m",
        ]
    ),
)
PATHOLOGICAL = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                "=",
                "&",
                "'s",
                ".,",
                ":)",
                "$",
                "(",
                "'",
                "…",
                "😀",
                "-",
                "a.",
                "U.S. ",
                "\u0000",
                "\ud800",
                "\t",
                " ",
                "1,",
                "%",
                "—",
                "<",
                ">",
                "{",
                "[",
                "hundred ",
                "one ",
                "1 ",
                "10 000 ",
                "between 1 and ",
                "shells ",
                "a day ",
                "compared with ",
                "Iran sent 5 drones to Russia and ",
                "x" * 7 + " ",
                "1,00,",
            ]
        ),
        st.integers(1, 1500),
    ).map(lambda t: t[0] * t[1]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.text(max_size=60),
)


def _indian(n: int) -> str:
    s = str(n)
    head, tail = s[:-3], s[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *groups, tail]) if head else tail


FRAGMENTS = st.one_of(st.sampled_from(WORDS), NUMBER_FORMS, PATHOLOGICAL)
REPORT_TEXT = st.lists(FRAGMENTS, min_size=1, max_size=80).map(lambda parts: " ".join(parts))
ANY_TEXT = st.one_of(REPORT_TEXT, st.text(max_size=400), PATHOLOGICAL)

_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] "
    b"/Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n4 0 obj\n<< /Length 60 >>\nstream\nBT /F1 11 Tf "
    b"50 750 Td (North Korea sent 2,000 shells.) Tj ET\nendstream\nendobj\n5 0 obj\n<< /Type /Font "
    b"/Subtype /Type1 /BaseFont /Helvetica >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _mutate(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    for pos, chunk in edits:
        pos %= max(len(data), 1)
        data = data[:pos] + chunk + data[pos + len(chunk) :]
    return data


def _text_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


_FEED_ITEM = st.builds(
    lambda title, body, link: f"<item><title>{title}</title>{link}<description>{body}</description></item>",
    st.sampled_from(["a", "&#xD800;", "&#0;", "&#1114112;", "T&amp;T", "<![CDATA[x]]>", ""]),
    REPORT_TEXT.map(lambda t: t.replace("<", "&lt;").replace("&", "&amp;")),
    st.sampled_from(["", "<link>https://news.example/a</link>"]),
)
FEEDS = st.lists(_FEED_ITEM, max_size=8).map(
    lambda items: (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>' + "".join(items) + "</channel></rss>"
    ).encode("utf-8", "surrogatepass")
)
JSON_LINES = st.one_of(
    st.builds(lambda text, name: json.dumps({"text": text, "name": name}).encode(), ANY_TEXT, st.text(max_size=20)),
    st.integers(1, 200_000).map(lambda n: b'{"text": ' + b"[" * n + b"]" * n + b"}"),
    st.binary(max_size=200),
    st.sampled_from(
        [
            b'{"text": "a\\ud800b", "name": "x\\ud800"}',
            b'{"text": "\\u0000"}',
            b"[]",
            b"{}",
            b'{"text": 5}',
            b'{"text": "x", "published": "2024-13-45"}',
        ]
    ),
)
HTML = st.one_of(
    REPORT_TEXT.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>"),
    st.integers(1, 50_000).map(
        lambda n: "<div " + " ".join(f"a{i}=1" for i in range(n)) + ">Iran sent 5 drones.</div>"
    ),
    st.integers(1, 5000).map(lambda n: "<div>" * n + "Iran sent 5 drones to Russia." + "</div>" * n),
    st.text(max_size=300),
)
READER_INPUTS = st.one_of(
    st.tuples(st.just("text"), ANY_TEXT.map(_text_bytes)),
    st.tuples(st.just("text"), st.binary(max_size=300)),
    st.tuples(st.just("html"), HTML.map(_text_bytes)),
    st.tuples(st.just("jsonl"), JSON_LINES),
    st.tuples(st.just("feed"), FEEDS),
    st.tuples(
        st.just("pdf"),
        st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)), max_size=6).map(
            lambda edits: _mutate(_PDF, edits)
        ),
    ),
)


# --- properties ---------------------------------------------------------------------------------


def check_quantity(q: dict[str, Any] | Quantity) -> None:
    data = q.model_dump() if isinstance(q, Quantity) else q
    Quantity.model_validate(data)  # finite, >= 0, fractions 0..1, high >= value


def run_numbers(text: str) -> int:
    """find_numbers on `text`: every match a valid quantity; returns how many."""
    found = find_numbers(text)
    for n in found:
        check_quantity({"value": n.value, "value_high": n.value_high, "unit": "fraction" if n.fraction else "item"})
        check(0 <= n.start <= n.end <= len(text), f"offsets {n.start}..{n.end} outside the text")
    return len(found)


def check_document(doc: Document) -> None:
    for name, value in doc.model_dump().items():
        if isinstance(value, str):
            value.encode("utf-8")  # no lone surrogates
            check("\x00" not in value, f"NUL in {name}")
    check(re.search(rf"[^\w\s]{{{MAX_PUNCTUATION_RUN + 1},}}", doc.text) is None, "punctuation run not cut")


def run_document(text: str) -> int:
    """Document(text) then split_sentences: normalised, spans inside the text and capped."""
    doc = Document(name=text[:40], text=text, title=text[:80])
    check_document(doc)
    spans = split_sentences(doc.text)
    for s, e in spans:
        check(0 <= s < e <= len(doc.text), f"span {s}..{e} outside the text")
        check(e - s <= MAX_SENTENCE_CHARS, f"sentence of {e - s} characters")
        check(max((len(w) for w in doc.text[s:e].split()), default=0) <= MAX_TOKEN_CHARS, "overlong token kept")
    return len(spans)


def run_reader(kind: str, data: bytes) -> Document | None:
    """One reader on `data`: a valid Document, or an InputError (anything else is a crash)."""
    try:
        if kind == "text":
            doc = read_bytes(data, "fuzz.txt")
        elif kind == "html":
            doc = read_bytes(data, "fuzz.html", content_type="text/html")
        elif kind == "jsonl":
            doc = line_document(data, "fuzz.jsonl:1", "fuzz-1")
        elif kind == "pdf":
            doc = read_pdf_bytes(data, "fuzz.pdf")
        else:
            entries = parse_feed(data, "fuzz.rss")
            doc = None
            for i, entry in enumerate(entries):
                with contextlib.suppress(InputError):
                    check_document(
                        content_document(entry, f"e{i}") if entry.content else summary_document(entry, f"e{i}")
                    )
    except InputError:
        return None
    if doc is not None:
        check_document(doc)
    return doc


def check_claims(claims: list[Claim], doc: Document) -> None:
    for claim in claims:
        data = claim.to_json_dict()
        line = json.dumps(data, ensure_ascii=False, allow_nan=False)  # no Infinity / NaN
        line.encode("utf-8")
        Claim.model_validate(data)
        ev = claim.evidence
        check(doc.text[ev.start : ev.end] == ev.text, f"evidence {ev.start}..{ev.end} does not match the text")
