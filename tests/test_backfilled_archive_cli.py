"""Acceptance, as a new user tries it: a JSON Lines archive of 2023-2024 reports ingested today is seen at
past --as-of dates by claims, summary and estimate, exactly as published by then; --recorded-by yesterday
sees nothing; an undated document is left out and counted. Uses the real extractor."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpus" / "dev"
# (document, publication date given in the corpus line); the last states no publication date in its text.
ARCHIVE = [
    ("nk03-shin-5000-containers.txt", "2023-12-30"),
    ("nk06-shin-6700-containers.txt", "2024-02-27"),
    ("nk08-shin-10000-factsheet.txt", "2024-06-17"),
    ("nk19-tumangang-rail-note.txt", None),
]


def _run(*args: str):
    from armsledger.cli import app

    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    corpus = folder / "archive.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for name, published in ARCHIVE:
            text = (DEV / name).read_text(encoding="utf-8")
            # the title is the file name, so the estimate's labels (titles) name the files
            out.write(
                json.dumps(
                    {"name": name, "title": name, "text": text, **({"published": published} if published else {})}
                )
                + "\n"
            )
    db = f"sqlite:///{folder / 'ledger.db'}"
    result = _run("ingest", str(corpus), "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    return db


def _docs(rows: list[dict]) -> set[str]:
    return {r["doc"] for r in rows}


def _claims(db: str, *axes: str) -> list[dict]:
    result = _run("claims", "--db", db, "--supplier", "PRK", "--format", "jsonl", "--limit", "0", *axes)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2023-12-29", set()),
        ("2024-01-31", {"nk03-shin-5000-containers.txt"}),
        ("2024-03-31", {"nk03-shin-5000-containers.txt", "nk06-shin-6700-containers.txt"}),
        (
            "2024-12-31",
            {"nk03-shin-5000-containers.txt", "nk06-shin-6700-containers.txt", "nk08-shin-10000-factsheet.txt"},
        ),
    ],
)
def test_claims_summary_and_estimate_at_past_dates_see_what_was_published_by_then(archive, as_of, expected):
    assert _docs(_claims(archive, "--as-of", as_of)) == expected
    summary = _run("summary", "--db", archive, "--as-of", as_of, "--format", "json")
    data = json.loads(summary.stdout)
    assert data["documents"] == len(expected) and data["undated_documents"] == 1
    result = _run(
        "estimate",
        "--db",
        archive,
        "--supplier",
        "PRK",
        "--recipient",
        "RUS",
        "--item",
        "artillery_shell",
        "--as-of",
        as_of,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    est = json.loads(result.stdout)
    behind = {u["doc"] for u in est["used"] + est["discounted"]}
    assert behind <= expected
    assert (est["central"] is not None) == bool(expected)
    assert "1 undated document(s) not counted" in result.stderr


def test_recorded_by_yesterday_sees_nothing(archive):
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    assert _claims(archive, "--recorded-by", yesterday) == []
    assert _claims(archive, "--as-of", "2024-12-31", "--recorded-by", yesterday) == []
    summary = json.loads(_run("summary", "--db", archive, "--recorded-by", yesterday, "--format", "json").stdout)
    assert summary["documents"] == summary["claims"] == 0
    result = _run(
        "estimate",
        "--db",
        archive,
        "--supplier",
        "PRK",
        "--recipient",
        "RUS",
        "--item",
        "artillery_shell",
        "--recorded-by",
        yesterday,
        "--format",
        "json",
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["central"] is None


def test_the_undated_document_is_listed_and_can_be_dated_by_hand(archive):
    listed = _run("documents", "--db", archive, "--undated", "--format", "jsonl")
    [undated] = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    assert undated["name"] == "nk19-tumangang-rail-note.txt" and undated["published"] is None
    table = _run("documents", "--db", archive, "--as-of", "2024-12-31")
    assert "1 undated document(s) not counted — `armsledger documents --undated`" in table.stderr
    dated = _run("documents", "date", str(undated["id"]), "2024-04-10", "--db", archive)
    assert dated.exit_code == 0, dated.output
    assert "dated 2024-04-10 by hand (was undated)" in dated.stderr
    assert "nk19-tumangang-rail-note.txt" in _docs(_claims(archive, "--as-of", "2024-04-10"))
    again = _run("documents", "--db", archive, "--undated", "--format", "jsonl")
    assert not [line for line in again.stdout.splitlines() if line.startswith("{")]
