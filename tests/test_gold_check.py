"""`armsledger gold check`: every gold corpus is schema-valid, and mistakes in a gold file are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gold_builders import gold_claim
from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.evaluate.goldcheck import check_gold_corpus

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize(
    "corpus", sorted(p for p in (ROOT / "corpus").iterdir() if (p / "gold.jsonl").exists()), ids=lambda p: p.name
)
def test_every_gold_corpus_is_schema_valid(corpus):
    report = check_gold_corpus(corpus)
    assert report.errors == []


def _corpus(tmp_path, claim, text="North Korea sent 5,000 containers to Russia.\n"):
    (tmp_path / "a.txt").write_text(text)
    line = {"doc": "a.txt", "published": "2024-01-02", "genre": "wire_story", "claims": [claim]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(line) + "\n")
    return tmp_path


def test_a_valid_claim_with_alternatives_passes(tmp_path):
    report = check_gold_corpus(_corpus(tmp_path, gold_claim(status=["actual", "committed"])))
    assert report.errors == [] and report.genres == {"wire_story": 1}


@pytest.mark.parametrize(
    "over, message",
    [
        ({"item": "shells"}, "item"),
        ({"status": "pledged"}, "status"),
        ({"supplier": "North Korea"}, "not an alpha-3 code"),
        ({"actor": "RUS"}, "has no actor"),
        ({"supplier": ["PRK", "RUS"]}, "is a list"),
        ({"said_on": "June 2024"}, "not an ISO date"),
        ({"evidence": {"start": 3, "end": 9, "text": "North Korea sent 5,000 containers to Russia."}}, "offsets"),
    ],
)
def test_mistakes_are_named(tmp_path, over, message):
    report = check_gold_corpus(_corpus(tmp_path, gold_claim(**over)))
    assert any(message in e for e in report.errors), report.errors


def test_fix_offsets_fills_them_from_the_evidence_text(tmp_path):
    text = "Headline\n\nNorth Korea sent 5,000 containers to Russia.\n"
    folder = _corpus(tmp_path, gold_claim(evidence={"text": "North Korea sent 5,000 containers to Russia."}), text)
    result = runner.invoke(app, ["gold", "check", "--fix-offsets", str(folder)])
    assert result.exit_code == 0, result.stdout
    ev = json.loads((folder / "gold.jsonl").read_text())["claims"][0]["evidence"]
    assert text[ev["start"] : ev["end"]] == ev["text"]
    assert runner.invoke(app, ["gold", "check", str(folder)]).exit_code == 0
