"""CLI: flows, estimate, contradictions, check over --claims files; clear one-line errors; JSONL input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armsledger.reconcile import load_claims
from armsledger.reconcile.errors import ClaimsFileError

CLI_DIR = Path(__file__).resolve().parents[1] / "src" / "armsledger" / "cli"
SEED = Path("/work/shared/seed/gold.jsonl")
_SIBLINGS = ("extract_cmd", "eval_cmd", "demo_cmd", "ledger_cmd")
needs_cli = pytest.mark.skipif(
    not all((CLI_DIR / f"{n}.py").exists() for n in _SIBLINGS),
    reason="the CLI's other command modules are not all present yet",
)


def _seed_jsonl(tmp_path: Path) -> Path:
    """The seed gold claims as `extract --format jsonl` prints them (one claim a line, with doc)."""
    gold = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    path = tmp_path / "seed.jsonl"
    path.write_text("".join(json.dumps({"doc": gold["doc"], **c}) + "\n" for c in gold["claims"]))
    return path


def _invoke(*args: str):
    from typer.testing import CliRunner

    from armsledger.cli import app

    return CliRunner().invoke(app, list(args))


@needs_cli
@pytest.mark.skipif(not SEED.exists(), reason="seed gold file not available")
def test_check_on_seed_claims_prints_the_container_loading_finding(tmp_path):
    # undated claims take the date of their document's dated ones (Shin's said_on, 2024-06-14)
    result = _invoke("check", "--claims", str(_seed_jsonl(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "500 per container" in result.output and "21.8 t" in result.output
    assert "items_per_carrier=500" in result.output


@needs_cli
@pytest.mark.skipif(not SEED.exists(), reason="seed gold file not available")
def test_estimate_json_names_the_claim_behind_the_number(tmp_path):
    result = _invoke(
        "estimate",
        "--claims",
        str(_seed_jsonl(tmp_path)),
        "--published",
        "2024-06-14",
        "--supplier",
        "PRK",
        "--recipient",
        "RUS",
        "--item",
        "artillery_shell",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["central"] == 5_000_000 and "nearly 5 million" in data["used"][0]["evidence"]


@needs_cli
@pytest.mark.skipif(not SEED.exists(), reason="seed gold file not available")
def test_flows_and_contradictions_run_on_claims(tmp_path):
    seed = str(_seed_jsonl(tmp_path))
    flows = _invoke("flows", "--claims", seed, "--published", "2024-06-14")
    assert flows.exit_code == 0, flows.output
    assert "transfer PRK->RUS artillery_shell [count]" in flows.output
    result = _invoke("contradictions", "--claims", seed, "--published", "2024-06-14")
    assert result.output.strip() == "no contradictions"


@needs_cli
@pytest.mark.parametrize(
    "args",
    [
        ("check", "--claims", "/no/such/file.jsonl"),
        ("estimate", "--item", "artillery_shell", "--claims", "-", "--as-of", "June"),
        ("estimate", "--item", "artillery_shell", "--claims", "/no/such.jsonl", "--calibre-mix", "152=2"),
    ],
)
def test_bad_input_gives_one_line_error_and_status_1(args):
    result = _invoke(*args)
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and result.output.count("\n") == 1


@needs_cli
def test_every_reconcile_command_has_help():
    for name in ("flows", "estimate", "contradictions", "check"):
        result = _invoke(name, "--help")
        assert result.exit_code == 0 and "--claims" in result.output


def test_claims_without_a_published_date_take_the_latest_day_their_document_reports(tmp_path):
    base = {"doc": "d", "kind": "transfer", "item": "oil", "evidence": {"start": 0, "end": 1, "text": "x"}}
    path = tmp_path / "c.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(line) for line in (base, {**base, "said_on": "2024-06-14"}, {**base, "said_on": "2024-06-01"})
        )
        + "\n"
    )
    assert [rc.published.isoformat() for rc in load_claims(path)] == ["2024-06-14"] * 3


def test_bad_lines_are_reported_and_skipped_when_asked(tmp_path):
    good = {
        "doc": "d",
        "kind": "transfer",
        "item": "oil",
        "published": "2024-06-14",
        "evidence": {"start": 0, "end": 1, "text": "x"},
    }
    path = tmp_path / "c.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(good),
                "{not json}",
                json.dumps({**good, "kind": "gift"}),
                json.dumps({k: v for k, v in good.items() if k != "published"} | {"doc": "e"}),
            ]
        )
    )
    problems: list[str] = []
    assert [rc.claim.doc for rc in load_claims(path, problems=problems)] == ["d"]
    assert [p.split(":")[1] for p in problems] == ["2", "3", "4"]
    assert "not JSON" in problems[0] and "not a claim" in problems[1] and "no publication date" in problems[2]


def test_claims_without_any_date_are_refused(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps({"doc": "d", "kind": "transfer", "item": "oil", "evidence": {"start": 0, "end": 1, "text": "x"}})
        + "\n"
    )
    with pytest.raises(ClaimsFileError, match="no publication date"):
        load_claims(path)
    assert load_claims(path, published=__import__("datetime").date(2024, 1, 1))[0].published.year == 2024


def test_malformed_claim_line_names_file_and_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("\n{not json}\n")
    with pytest.raises(ClaimsFileError, match=r"c.jsonl:2: not JSON"):
        load_claims(path)
