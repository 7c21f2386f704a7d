"""Golden test: the seed article extracts to exactly its six gold claims, every attribute right."""

from __future__ import annotations

import json
from datetime import date

from armsledger.evaluate.scoring import score
from armsledger.ingest import read_path


def test_seed_article_matches_gold_exactly(extractor, shared_dir):
    gold = [json.loads(line) for line in (shared_dir / "seed" / "gold.jsonl").read_text().splitlines() if line]
    doc = read_path(shared_dir / "seed" / "seed-article.txt")
    claims = [c.to_json_dict() for c in extractor.extract(doc, published=date(2024, 6, 14))]
    summary, errors = score(gold, claims)
    assert errors == []
    assert summary["f1"] == 1.0
    assert all(v == 1.0 for v in summary["attribute_accuracy"].values())


def test_seed_publication_date_found_without_flag(extractor, shared_dir):
    doc = read_path(shared_dir / "seed" / "seed-article.txt")
    assert doc.published == date(2024, 6, 14)  # "Friday, June 14" fits the copyright year 2024
    claims = extractor.extract(doc)
    assert {c.said_on for c in claims if c.source} == {"2024-06-14"}


def test_seed_evidence_offsets_point_into_the_text(extractor, shared_dir):
    doc = read_path(shared_dir / "seed" / "seed-article.txt")
    for claim in extractor.extract(doc):
        assert doc.text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
