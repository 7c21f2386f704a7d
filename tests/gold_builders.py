"""A gold claim in SCHEMA.md's shape, for tests that build gold or proposed claims by hand."""

from __future__ import annotations


def gold_claim(**over) -> dict:
    """North Korea's 5,000 containers to Russia, with any field replaced by `over`."""
    claim = {
        "kind": "transfer",
        "supplier": "PRK",
        "recipient": "RUS",
        "actor": None,
        "item": "artillery_shell",
        "quantity": {
            "value": 5000,
            "value_high": None,
            "qualifier": "exact",
            "unit": "container",
            "per": None,
            "text": "5,000 containers",
        },
        "status": "actual",
        "polarity": "affirmed",
        "hedged": False,
        "cues": [],
        "source": None,
        "said_on": None,
        "by": None,
        "evidence": {"start": 0, "end": 44, "text": "North Korea sent 5,000 containers to Russia."},
    }
    claim.update(over)
    return claim
