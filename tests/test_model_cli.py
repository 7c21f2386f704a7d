"""The model commands: project (table, JSON, charts), days, scenario init; errors on one line."""

from __future__ import annotations

import json

import pytest
import yaml
from model_builders import write_claims
from test_model_ledger import _claims, _with_deadlines
from typer.testing import CliRunner

from armsledger.cli import app


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture
def claims_file(tmp_path):
    return str(write_claims(tmp_path / "claims.jsonl", _with_deadlines(_claims())))


PROJECT = (
    "model",
    "project",
    "--actor",
    "RUS",
    "--item",
    "artillery_shell",
    "--as-of",
    "2024-06-30",
    "--draws",
    "2000",
    "--seed",
    "4",
)


def test_project_json_has_the_documented_shape(claims_file):
    result = _invoke(*PROJECT, "--claims", claims_file, "--months", "6", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [p["date"] for p in data["series"]] == ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]
    assert {"p10", "p50", "p90"} <= set(data["series"][0])
    assert data["series"][0]["p10"] <= data["series"][0]["p50"] <= data["series"][0]["p90"]
    assert {"probability", "p10", "p50", "p90", "by_month"} <= set(data["exhaustion"])
    assert set(data["days_of_fire"]) == {"p10", "p50", "p90"}
    assert data["drivers"] and {"input", "rank_correlation"} <= set(data["drivers"][0])
    assert {i["name"] for i in data["inputs"]} >= {"initial stock", "consumption", "production", "imports PRK"}
    assert data["seed"] == 4 and data["draws"] == 2000


def test_project_is_reproducible_with_a_seed(claims_file):
    first, second = (_invoke(*PROJECT, "--claims", claims_file, "--format", "json").output for _ in range(2))
    assert first == second


def test_project_table_names_runout_days_of_fire_drivers_and_claims(claims_file):
    result = _invoke(*PROJECT, "--claims", claims_file)
    assert result.exit_code == 0, result.output
    for words in (
        "stock at end of month",
        "stock runs out",
        "days of fire",
        "consumption met by",
        "what drives the spread",
        "inputs (rates a month)",
        "goal-2026",
    ):
        assert words in result.output


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_project_writes_fan_and_tornado_charts(claims_file, tmp_path, suffix, magic):
    fan, tornado = tmp_path / f"fan{suffix}", tmp_path / f"drivers{suffix}"
    result = _invoke(*PROJECT, "--claims", claims_file, "--plot", str(fan), "--tornado", str(tornado))
    assert result.exit_code == 0, result.output
    assert fan.read_bytes().startswith(magic) and tornado.read_bytes().startswith(magic)
    if suffix == ".svg":
        assert "what drives the spread" in tornado.read_text() and "projected stock" in fan.read_text()


def test_chart_in_an_unknown_format_is_one_line_error(claims_file, tmp_path):
    result = _invoke(*PROJECT, "--claims", claims_file, "--plot", str(tmp_path / "fan.jpg"))
    assert result.exit_code == 1 and ".png or .svg" in result.output and len(result.output.strip().splitlines()) == 1


def test_scenario_init_writes_a_file_that_project_reads_back(claims_file, tmp_path):
    path = tmp_path / "rus.yaml"
    result = _invoke(
        "model",
        "scenario",
        "init",
        "--actor",
        "RUS",
        "--item",
        "artillery_shell",
        "--as-of",
        "2024-06-30",
        "--claims",
        claims_file,
        "-o",
        str(path),
    )
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "# claim use · " in text and "Russia fires 10,000 shells a day" in text  # claims as comments
    data = yaml.safe_load(text)
    assert data["inputs"]["consumption"]["central"] == 304375 and data["inputs"]["imports"]["PRK"]["dud"]
    assert data["inputs"]["targets"][0]["by"] == "2026-06"
    from_file = json.loads(
        _invoke(*PROJECT, "--claims", claims_file, "--scenario", str(path), "--format", "json").output
    )
    from_ledger = json.loads(_invoke(*PROJECT, "--claims", claims_file, "--format", "json").output)
    inputs = {i["name"]: i for i in from_file["inputs"]}
    assert inputs["consumption"]["origin"] == "scenario" and "[claims use]" in inputs["consumption"]["note"]
    assert from_file["series"][-1]["p50"] == pytest.approx(from_ledger["series"][-1]["p50"], rel=1e-3)


def test_scenario_init_prints_to_standard_output(claims_file):
    result = _invoke(
        "model",
        "scenario",
        "init",
        "--actor",
        "RUS",
        "--item",
        "artillery_shell",
        "--as-of",
        "2024-06-30",
        "--claims",
        claims_file,
    )
    assert result.exit_code == 0 and result.output.startswith("# armsledger stock-and-flow scenario: RUS")


def test_days_of_fire_of_nearly_five_million_at_ten_thousand_a_day():
    result = _invoke(
        "model",
        "days",
        "--stock",
        "5000000",
        "--stock-qualifier",
        "nearly",
        "--rate",
        "10000",
        "--per",
        "day",
        "--format",
        "json",
        "--seed",
        "1",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    d = data["days_of_fire"]
    # "nearly": 4.25-5 million; an exact rate is a rounded count, 9,500-10,500 a day
    assert (d["low"], d["central"], d["high"]) == pytest.approx((4.25e6 / 10_500, 500, 5e6 / 9_500))
    assert d["low"] <= d["p10"] <= d["p50"] <= d["p90"] <= d["high"]


@pytest.mark.parametrize(
    "qualifier, rate_qualifier, per, rate, expected",
    [
        ("approx", "exact", "day", "10000", (5e6 * 0.85 / 10_500, 500, 5e6 * 1.15 / 9_500)),
        ("exact", "approx", "month", "304375", (5e6 * 0.95 / 11_500, 500, 5e6 * 1.05 / 8_500)),
        ("at_least", "at_most", "week", "70000", (500, 500, 5e6 * 1.5 / 5_000)),
    ],
)
def test_days_uses_the_qualifiers_intervals_and_the_rate_period(qualifier, rate_qualifier, per, rate, expected):
    result = _invoke(
        "model",
        "days",
        "--stock",
        "5000000",
        "--stock-qualifier",
        qualifier,
        "--rate",
        rate,
        "--rate-qualifier",
        rate_qualifier,
        "--per",
        per,
        "--format",
        "json",
        "--seed",
        "1",
    )
    d = json.loads(result.output)["days_of_fire"]
    assert (d["low"], d["central"], d["high"]) == pytest.approx(expected)


@pytest.mark.parametrize(
    "args, words",
    [
        (("days", "--stock", "5000000", "--stock-qualifier", "roughly-ish", "--rate", "10"), "unknown qualifier"),
        (("days", "--stock", "5000000", "--rate", "0"), "above zero"),
        (("project", "--item", "artillery_shell"), "give --actor and --item"),
        (("project", "--actor", "RUS", "--item", "artillery_shell", "--as-of", "June"), "is not a date"),
        (("project", "--actor", "RUS", "--item", "artillery_shell", "--start", "2024-1"), "is not a month"),
        (("project", "--actor", "RUS", "--item", "artillery_shell", "--claims", "/nonexistent.jsonl"), "nonexistent"),
        (
            (
                "project",
                "--actor",
                "RUS",
                "--item",
                "artillery_shell",
                "--draws",
                "0",
                "--claims",
                "/nonexistent.jsonl",
            ),
            "draws must be between",
        ),
        (
            (
                "project",
                "--actor",
                "RUS",
                "--item",
                "artillery_shell",
                "--months",
                "0",
                "--claims",
                "/nonexistent.jsonl",
            ),
            "months must be between",
        ),
    ],
)
def test_bad_input_gives_one_line_error_and_status_1(args, words):
    result = _invoke("model", *args)
    assert result.exit_code == 1 and words in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_every_model_command_has_help():
    for args in (("model",), ("model", "project"), ("model", "days"), ("model", "scenario", "init")):
        result = _invoke(*args, "--help")
        assert result.exit_code == 0 and "Usage" in result.output
