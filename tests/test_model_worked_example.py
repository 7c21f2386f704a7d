"""docs/model.md's worked example: every figure it states is what the commands it shows give
on the seed ledger (the seed article and the three corpora, recorded on their publication days)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armsledger.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
STALE = "docs/model.md's worked example no longer matches the model: rerun its commands and update the figures"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, extractor, shared_dir):
    spec = importlib.util.spec_from_file_location("seed_ledger", ROOT / "docs" / "examples" / "seed_ledger.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from armsledger.ledger.ingestion import default_extractor

    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'seed-ledger.db'}"
    summary = module.build(url, extractor=default_extractor())
    assert summary.failed == 0 and summary.new == 95
    return url


def _json(*args: str) -> dict:
    result = CliRunner().invoke(app, ["model", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{round(100 * value)} %"


def _rho(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


FLAT = " ".join(DOC.split())  # the figures as read, whatever the line breaks


def _stated(*texts: str) -> None:
    """Every text appears in the docs; a failure lists all the figures the docs should now state."""
    missing = [flat for flat in (" ".join(text.split()) for text in texts) if flat not in FLAT]
    assert not missing, f"{STALE}; expected:\n" + "\n".join(missing)


@pytest.mark.parametrize("rate", [
    ("--rate", "10000", "--rate-qualifier", "approx"),
    ("--rate", "20000", "--rate-qualifier", "approx"),
    ("--rate", "44500"),
    ("--rate", "40000", "--rate-high", "60000"),
])
def test_days_of_fire_of_the_seeds_five_million(rate):
    d = _json("days", "--stock", "5000000", "--stock-qualifier", "nearly", *rate, "--per", "day",
              "--seed", "1")["days_of_fire"]
    _stated(f"`{' '.join(rate)}` | {_n(d['low'])}–{_n(d['high'])} ({_n(d['central'])}) | "
            f"{_n(d['p10'])} · {_n(d['p50'])} · {_n(d['p90'])} |")


def _inputs(data: dict) -> dict:
    return {i["name"]: i for i in data["inputs"]}


def _claims(entry: dict) -> str:
    return ", ".join(sorted((c["claim_id"] for c in entry["claims"]), key=int))


def test_russias_stock_from_the_ledger(seed_db):
    data = _json("project", "--actor", "RUS", "--item", "artillery_shell", "--as-of", "2024-09-30", "--seed", "1",
                 "--db", seed_db)
    i = _inputs(data)
    stock, use, made, prk = i["initial stock"], i["consumption"], i["production"], i["imports PRK"]
    _stated(f"initial stock {_n(stock['low'])}–{_n(stock['high'])} (central {_n(stock['central'])}): "
            f"claim {_claims(stock)} ",
            f"consumption {_n(use['low'])}–{_n(use['high'])} a month (central {_n(use['central'])}",
            f"claims {_claims(use)} ",
            f"production {_n(made['low'])}–{_n(made['high'])} a month (central {_n(made['central'])}): "
            f"claims {_claims(made)} ",
            f"imports from North Korea {_n(prk['low'])}–{_n(prk['high'])} a month (central {_n(prk['central'])})",
            f"claims {_claims(prk)}; dud share", f"{i['duds PRK']['low']:g}–{i['duds PRK']['high']:g} "
            f"(claim {_claims(i['duds PRK'])}")
    ex, days, top = data["exhaustion"], data["days_of_fire"], data["drivers"][0]
    assert ex["probability"] == 1.0, STALE
    _stated(f"by {ex['p10']} in 10 % of draws, by\n{ex['p50']} in half, by {ex['p90']} in 90 %",
            f"days of fire p10 {_n(days['p10'])}, median {_n(days['p50'])}, p90 {_n(days['p90'])}",
            f"{top['input']} is\nthe driver (rank correlation {_rho(top['rank_correlation'])}, "
            f"{_pct(top['variance_share'])} of the spread)")


def test_analysts_scenario_for_russia(seed_db):
    data = _json("project", "--scenario", str(ROOT / "docs" / "examples" / "rus-2024-09.yaml"), "--seed", "1",
                 "--db", seed_db)
    use = _inputs(data)["consumption"]
    assert use["origin"] == "scenario"
    _stated(f"{_n(use['low'])} to {_n(use['high'])} a month")
    ex = data["exhaustion"]
    by_month = {p["date"]: p["probability"] for p in ex["by_month"]}
    _stated(f"in {_pct(ex['probability'])} of draws: by {ex['p10']} in 10 %, by {ex['p50']}\n  in half",
            f"{_pct(by_month['2025-06'])} by June 2025 and {_pct(by_month['2025-12'])} by December 2025")
    days = data["days_of_fire"]
    _stated(f"p10 {_n(days['p10'])}, median {_n(days['p50'])}, p90 {_n(days['p90'])}")
    cover = {c["source"]: c for c in data["coverage"]}
    made, prk, stock, short = cover["production"], cover["imports PRK"], cover["stock"], cover["shortfall"]
    _stated(f"production {_pct(made['p50'])} ({_pct(made['p10'])[:-2]}–{_pct(made['p90'])})",
            f"imports {_pct(prk['p50'])} ({_pct(prk['p10'])[:-2]}–{_pct(prk['p90'])})",
            f"the stock {_pct(stock['p50'])}", f"shortfall {_pct(short['p50'])} ({_pct(short['p10'])[:-2]}–"
            f"{_pct(short['p90'])})", f"catches up with use in {100 * data['catch_up']['probability']:.1f} %")
    first, second, third = data["drivers"][:3]
    _stated(f"{first['input']} (rank correlation {_rho(first['rank_correlation'])}, "
            f"{_pct(first['variance_share'])} of the spread); {second['input']} ({_rho(second['rank_correlation'])})",
            f"{third['input']} ({_rho(third['rank_correlation'])})")


def test_us_output_against_its_goal(seed_db):
    data = _json("project", "--scenario", str(ROOT / "docs" / "examples" / "usa-2024-06.yaml"), "--seed", "1",
                 "--db", seed_db)
    i = _inputs(data)
    assert [c["claim_id"] for c in i["target 2025-12 rate"]["claims"]] == ["167"], STALE
    assert [c["claim_id"] for c in i["target 2024-10 rate"]["claims"]] == ["52"], STALE
    made = {p["date"]: p for p in data["production"]}
    for month in ("2024-10", "2025-04", "2025-12"):
        p = made[month]
        row = f"| {_n(p['p10'])} | {_n(p['p50'])} | {_n(p['p90'])} |"
        assert any(line.startswith(f"| {month}") and line.endswith(row) for line in DOC.splitlines()), \
            f"{STALE}: expected the row for {month} to end {row!r}"
    top = data["drivers"][0]
    assert top["input"] == "target attainment", STALE
    _stated(f"(rank correlation\n{_rho(top['rank_correlation'])})")


def test_the_scenario_in_the_docs_is_valid():
    import re

    from armsledger.stockflow import parse_scenario

    block = re.search(r"```yaml\n(.*?)```", DOC, re.DOTALL)
    assert block is not None
    parsed = parse_scenario(block.group(1))
    assert parsed.inputs.imports["PRK"].dud is not None and parsed.inputs.exports["SYR"].value == 5000
