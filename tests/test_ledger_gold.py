"""A ledger of gold claims (armsledger.ledger.gold): each gold document stored with its gold claims,
recorded on its publication day under extractor version "gold", lists of acceptable values read as
their first value."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from ledger_support import db, ledger_url  # noqa: F401

from armsledger.errors import GoldFileError
from armsledger.ledger import ClaimFilter, list_claims, list_documents
from armsledger.ledger.gold import GOLD_VERSION, gold_documents, store_gold

LATE = "Officials said North Korea sent about 3 million shells to Russia."
EARLY = "North Korea sent 1,000 containers to Russia, the White House said."


def _claim(text: str, value: int, unit: str, quantity_text: str, **fields: object) -> dict:
    return {
        "kind": "transfer",
        "supplier": "PRK",
        "recipient": "RUS",
        "item": "artillery_shell",
        "quantity": {"value": value, "qualifier": "approx", "unit": unit, "text": quantity_text},
        "evidence": {"start": 0, "end": len(text), "text": text},
        **fields,
    }


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "late.txt").write_text(LATE, encoding="utf-8")
    (tmp_path / "early.txt").write_text(EARLY, encoding="utf-8")
    lines = [
        {
            "doc": "late.txt",
            "published": "2024-06-14",
            "claims": [
                _claim(
                    LATE,
                    3_000_000,
                    "item",
                    "about 3 million",
                    hedged=[True, False],
                    source={"name": None, "role": "officials", "org": None, "country": ["KOR", "USA"]},
                )
            ],
        },
        {"doc": "early.txt", "published": "2023-10-13", "claims": [_claim(EARLY, 1000, "container", "1,000")]},
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return tmp_path


def test_gold_documents_come_oldest_first(corpus):
    assert [(d.path.name, d.published) for d in gold_documents([corpus])] == [
        ("early.txt", date(2023, 10, 13)),
        ("late.txt", date(2024, 6, 14)),
    ]


def test_gold_claims_are_stored_on_their_publication_day_under_version_gold(db, corpus):
    summary = store_gold(db, [corpus])
    assert (summary.new, summary.claims_added, summary.failed) == (2, 2, 0)
    stored = {c["doc"]: c for c in list_claims(db, ClaimFilter(), limit=0)}
    late = stored["late.txt"]
    assert late["ledger"]["extractor_version"] == GOLD_VERSION
    assert datetime.fromisoformat(late["ledger"]["recorded_at"]).date() == date(2024, 6, 14)
    assert late["published"] == "2024-06-14"
    assert late["hedged"] is True and late["source"]["country"] == "KOR"  # the first acceptable value
    assert late["quantity"]["value"] == 3_000_000
    # Both time axes agree: recorded by 2023-12-31 the ledger held only what was published by then.
    assert [c["doc"] for c in list_claims(db, ClaimFilter(recorded_by=date(2023, 12, 31)))] == ["early.txt"]
    assert [d["name"] for d in list_documents(db, as_of=date(2023, 12, 31))] == ["early.txt"]


def test_a_gold_document_without_a_date_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(EARLY, encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc": "a.txt", "claims": []}) + "\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match="no 'published' date"):
        gold_documents([tmp_path])
