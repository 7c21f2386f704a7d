"""A stored claim's JSON object built straight from its row is exactly what the schema model writes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from armsledger.ledger.records import claim_json, row_to_claim
from armsledger.ledger.tables import ClaimRow, SourceRow

BASE = {
    "id": 7,
    "document_id": 3,
    "kind": "transfer",
    "supplier": "PRK",
    "recipient": "RUS",
    "actor": None,
    "item": "artillery_shell",
    "caliber_mm": None,
    "quantity_value": None,
    "quantity_value_high": None,
    "quantity_qualifier": None,
    "quantity_unit": None,
    "quantity_per": None,
    "quantity_text": None,
    "status": "actual",
    "polarity": "affirmed",
    "hedged": False,
    "cues": "[]",
    "certainty": None,
    "said_on": None,
    "by": None,
    "financed_by": None,
    "deal": None,
    "evidence_start": 0,
    "evidence_end": 40,
    "evidence_text": "North Korea sent 6,700 containers of shells.",
    "published_on": date(2024, 2, 27),
}


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"quantity_value": 6700.0, "quantity_unit": "container", "quantity_text": "6,700 containers"},
        {"quantity_value": 2.5, "quantity_value_high": 3.0, "quantity_qualifier": "approx", "quantity_unit": "item"},
        {"quantity_value": 1000000.0, "quantity_value_high": 3000000.0, "quantity_qualifier": "range"},
        {"quantity_value": 1.0, "quantity_unit": "fraction", "quantity_text": "all"},
        {"quantity_value": 0.25, "quantity_unit": "fraction"},
        {"quantity_value": 5e8, "quantity_unit": "usd", "quantity_per": "year", "financed_by": "USA", "deal": "sale"},
        {"kind": "production", "supplier": None, "recipient": None, "actor": "PRK", "caliber_mm": 152},
        {"hedged": True, "cues": json.dumps(["reportedly", "may"]), "certainty": "likely", "status": "committed"},
        {"said_on": "2024-02-26", "by": "2024", "polarity": "denied", "published_on": None},
    ],
)
@pytest.mark.parametrize("with_source", [False, True])
@pytest.mark.parametrize("published", [None, date(2024, 3, 1)])
def test_a_claim_row_is_written_as_the_schema_model_writes_it(fields, with_source, published):
    row = ClaimRow(**{**BASE, **fields})
    source = SourceRow(id=4, key="nis", name="NIS", role="intelligence", country="KOR") if with_source else None
    expected = row_to_claim(row, "seoul.txt", source, published).to_json_dict()
    got = claim_json(row, "seoul.txt", source, published)
    assert got == expected
    assert list(got) == list(expected) and json.dumps(got) == json.dumps(expected)
