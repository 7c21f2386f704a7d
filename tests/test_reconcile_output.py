"""Readable output: no doubled words, a range with no spread says why, source names cleaned, documents
named by title or file name, flows show rates, and a bad line of a claims file is reported and skipped."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reconcile_builders import claim
from typer.testing import CliRunner

from armsledger.reconcile import list_flows, load_reference

ROOT = Path(__file__).resolve().parents[1]
DOUBLED = re.compile(r"\b(\w+)\b[:,]? \1\b", re.IGNORECASE)


def _run(*args: str):
    from armsledger.cli import app

    return CliRunner().invoke(app, list(args))


def _corpora_claims(tmp_path: Path) -> Path:
    """Every gold corpus's claims as one claims file, with one broken line in the middle."""
    lines = []
    for gold in sorted((ROOT / "corpus").glob("*/gold.jsonl")):
        lines += gold.read_text(encoding="utf-8").splitlines()
    lines.insert(5, '{"doc": "broken.txt", "kind": ')
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_estimate_output_reads_cleanly_and_a_bad_line_is_skipped(tmp_path):
    result = _run(
        "estimate",
        "--claims",
        str(_corpora_claims(tmp_path)),
        "--supplier",
        "PRK",
        "--recipient",
        "RUS",
        "--item",
        "artillery_shell",
        "--as-of",
        "2024-08-31",
    )
    assert result.exit_code == 0, result.output
    assert "skipped 1 bad line(s)" in result.stderr and "claims.jsonl:6: not JSON" in result.stderr
    out = result.stdout
    assert out.splitlines()[2].startswith("About 5 M artillery shells")
    assert not DOUBLED.findall(out.replace("–", " ")), DOUBLED.findall(out)
    assert "doc:" not in out and "src:" not in out
    sources = {m.group(1) for m in re.finditer(r"^  (\S[^·\n]*?) · ", out, re.MULTILINE)}
    assert "Defense Intelligence Agency" in sources and "Shin Won-sik" in sources
    assert not [s for s in sources if s.startswith(("Sunday", "Defence Minister")) or "Korea's" in s], sources
    assert "Defense Intelligence Agency (27 Aug 2024" in out


def test_a_range_with_no_spread_is_printed_with_its_reason(tmp_path):
    lines = [
        json.dumps(
            {
                "doc": d,
                "kind": "transfer",
                "supplier": "PRK",
                "recipient": "RUS",
                "item": "artillery_shell",
                "published": p,
                "source": {"name": n},
                "quantity": {"value": v, "qualifier": q, "unit": "item", "text": t},
                "evidence": {"start": 0, "end": 5, "text": f"{n} said {t} shells were sent."},
            }
        )
        for d, p, n, v, q, t in (
            ("a.txt", "2024-01-01", "NIS", 3_000_000, "at_least", "at least 3 million"),
            ("b.txt", "2024-06-01", "HUR", 1_000_000, "exact", "1 million"),
        )
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(
        "estimate", "--claims", str(path), "--supplier", "PRK", "--recipient", "RUS", "--item", "artillery_shell"
    )
    assert result.exit_code == 0, result.output
    assert "range 3,000,000, no spread" in result.stdout
    assert "Low, central and high are all 3 M: the floor lifts the whole range" in result.stdout
    assert "3,000,000 · 3,000,000 · 3,000,000" not in result.stdout


def test_flows_show_the_current_rate_a_month():
    claims = [
        claim(
            10_000,
            per="day",
            kind="consumption",
            actor="RUS",
            source="HUR",
            doc="a",
            published="2024-08-01",
            claim_id="rate",
        ),
        claim(4_000_000, kind="stockpile", actor="RUS", source="HUR", doc="b", published="2024-08-01"),
    ]
    [consumption] = [f for f in list_flows(claims, ref=load_reference()) if f.flow.kind == "consumption"]
    assert consumption.rate is not None and round(consumption.rate.central) == round(10_000 * 30.4375)


def test_flows_command_prints_rates(tmp_path):
    line = {
        "doc": "a.txt",
        "kind": "consumption",
        "actor": "RUS",
        "item": "artillery_shell",
        "published": "2024-08-01",
        "quantity": {"value": 10000, "qualifier": "exact", "unit": "item", "per": "day", "text": "10,000"},
        "evidence": {"start": 0, "end": 5, "text": "Russia fires 10,000 shells a day."},
    }
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = _run("flows", "--claims", str(path))
    assert result.exit_code == 0, result.output
    assert "rate 304,375 a month" in result.stdout


def test_documents_of_a_corpus_without_names_are_labelled_by_their_first_line(tmp_path):
    from armsledger.ingest.corpus import iter_corpus

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"text": "Seoul counts 6,700 containers\n\nNorth Korea sent shells."}) + "\n", encoding="utf-8"
    )
    [(_, doc)] = list(iter_corpus(corpus))
    assert doc.title == "Seoul counts 6,700 containers"
