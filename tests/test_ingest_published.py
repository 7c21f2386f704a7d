"""Publication dates: found where a document states when it appeared, never taken from what it reports;
a timeline takes its publication date, not its first entry; no date found means undated."""

from __future__ import annotations

from datetime import date

import pytest

from armsledger.ingest.corpus import iter_corpus
from armsledger.ingest.html import html_to_document
from armsledger.ingest.published import find_published_date, parse_written_date
from armsledger.ingest.readers import read_bytes

BODY = "\n\nNorth Korea has sent more containers of munitions to Russia, officials said.\n"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Defence chief on containers\nPublished 30 December 2023", date(2023, 12, 30)),
        ("Posted 20 October 2023\nShip-spotting the arms trade", date(2023, 10, 20)),
        ("Notes from a gun line\nBlog, posted 15 February 2024", date(2024, 2, 15)),
        ("U.S. shell goal slips\nAnalysis | 15 April 2025", date(2025, 4, 15)),
        ("FACT SHEET: What the report says (29 May 2025)", date(2025, 5, 29)),
        ("Data note: shell use\n22 August 2024", date(2024, 8, 22)),
        ("Brief\nUpdated: 2024-06-14", date(2024, 6, 14)),
        ("Seoul, March 3, 2024. North Korea has shipped 6,700 containers, officials said.", date(2024, 3, 3)),
        ("Unterlüß/Düsseldorf, 27 August 2025. Rheinmetall opened a plant.", date(2025, 8, 27)),
    ],
)
def test_a_publication_line_or_dateline_dates_the_document(head, expected):
    assert find_published_date(head + BODY) == expected


@pytest.mark.parametrize(
    "head",
    [
        (
            "Explainer: how many containers?\n\nA: On 13 October 2023 the White House said more than 1,000 containers "
            "had been delivered."
        ),
        (
            "In the response, released on Monday, the ministry said that since October 7, 2023, at least 14,000 bombs "
            "had been delivered."
        ),
        "A research note on shells\n\nNobody has counted them.",
    ],
)
def test_dates_inside_sentences_do_not_date_the_document(head):
    assert find_published_date(head + BODY) is None


def test_a_timeline_is_not_dated_by_its_first_entry():
    timeline = (
        "A timeline of estimates\n\n"
        "Friday, 13 October 2023. The White House says more than 1,000 containers have gone.\n\n"
        "Monday, 26 February 2024. Shin says about 6,700 containers have been sent.\n\n"
        "Tuesday, 27 August 2024. The DIA reports more than 13,000 containers.\n"
    )
    assert find_published_date(timeline) is None
    assert find_published_date("Published 2 September 2024\n\n" + timeline) == date(2024, 9, 2)


def test_a_weekday_that_does_not_fit_the_day_is_not_a_date():
    assert parse_written_date("Friday 23 February 2024") == date(2024, 2, 23)
    assert parse_written_date("Monday 23 February 2024") is None
    assert parse_written_date("Sept. 3rd, 2024") == date(2024, 9, 3)


def test_html_uses_the_pages_metadata_not_the_first_date_of_its_body():
    body = (
        "<p>Friday, 13 October 2023. The White House says more than 1,000 containers have gone to Russia "
        "from North Korea in recent weeks, according to officials who spoke on Friday.</p>"
        "<p>Monday, 26 February 2024. Shin says about 6,700 containers have been sent to Russia, enough to "
        "hold millions of shells according to his ministry's reckoning.</p>"
    ) * 3
    dated = (
        '<html><head><title>Timeline</title><meta property="article:published_time" '
        'content="2024-09-02T08:00:00Z"></head><body><article>' + body + "</article></body></html>"
    )
    doc = html_to_document(dated, name="t.html")
    assert (doc.published, doc.published_source) == (date(2024, 9, 2), "metadata")
    undated = "<html><head><title>Timeline</title></head><body><article>" + body + "</article></body></html>"
    doc = html_to_document(undated, name="u.html")
    assert (doc.published, doc.published_source) == (None, None)


def test_text_documents_record_where_their_date_came_from():
    doc = read_bytes(b"Brief\nPublished 30 December 2023\n\nNorth Korea sent shells.", "a.txt")
    assert (doc.published, doc.published_source) == (date(2023, 12, 30), "text")
    doc = read_bytes(b"Brief\n\nNorth Korea sent shells.", "b.txt")
    assert (doc.published, doc.published_source) == (None, None)


def test_a_corpus_lines_published_field_is_a_given_date(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"text": "On 13 October 2023 officials spoke.", "published": "2024-07-01"}\n'
        '{"text": "On 13 October 2023 officials spoke again."}\n',
        encoding="utf-8",
    )
    (_, first), (_, second) = list(iter_corpus(corpus))
    assert (first.published, first.published_source) == (date(2024, 7, 1), "given")
    assert (second.published, second.published_source) == (None, None)
