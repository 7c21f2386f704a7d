"""`armsledger eval` agrees with the reference scorer, and the dev, holdout and blind corpora stay above
their floors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from armsledger.evaluate import evaluate_corpus

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "corpus" / "dev"
GATED = sorted(p.parent for p in (ROOT / "corpus").glob("*/floors.json"))


def test_eval_agrees_with_reference_scorer(tmp_path, shared_dir):
    ours = evaluate_corpus(DEV)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(c) + "\n" for c in ours["predictions"]))
    out = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "score_claims.py"), str(DEV / "gold.jsonl"), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    reference = json.loads(out.stdout.strip().splitlines()[-1])
    for key in ("gold", "predicted", "tp", "precision", "recall", "f1", "by_kind", "attribute_accuracy"):
        assert ours[key] == reference[key], key


@pytest.mark.parametrize("corpus", GATED, ids=lambda p: p.name)
def test_corpus_quality_gate(corpus):
    floors = json.loads((corpus / "floors.json").read_text())
    summary = evaluate_corpus(corpus)
    assert summary["f1"] >= floors["f1"], f"F1 {summary['f1']} fell below the floor {floors['f1']}"
    counts = floors.get("attribute_correct", {})
    for attr, floor in floors["attribute_accuracy"].items():
        got, correct = summary["attribute_accuracy"][attr], summary["attribute_correct"][attr]
        # an attribute holds when its accuracy is at its floor, or when no fewer matched claims carry the right value
        # than its count floor (newly matched claims can dilute the accuracy without any value getting worse)
        assert got is not None and (got >= floor or correct >= counts.get(attr, float("inf"))), (
            f"{attr}: accuracy {got} below its floor {floor} and {correct} correct below {counts.get(attr)}"
        )
    for attr, floor in counts.items():
        assert summary["attribute_correct"][attr] >= floor, f"{attr}: {summary['attribute_correct'][attr]} < {floor}"


def test_dev_corpus_has_the_promised_shape():
    gold = [json.loads(line) for line in (DEV / "gold.jsonl").read_text().splitlines() if line]
    assert len(gold) >= 60
    for entry in gold:
        words = len((DEV / entry["doc"]).read_text().split())
        assert 50 <= words <= 600, entry["doc"]
        text = (DEV / entry["doc"]).read_text()
        for claim in entry["claims"]:
            ev = claim["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["text"]
