"""docs/model.md's worked example: every figure and claim id it states is what the commands it shows
give on the seed ledger (the gold claims of the seed article and the three corpora, recorded on their
publication days; docs/examples/seed_ledger.py). The ledger holds gold claims, not extractor output,
so a new extractor version leaves the example alone."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armsledger.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
EXAMPLES = ROOT / "docs" / "examples"
STALE = "docs/model.md's worked example no longer matches the model: rerun its commands and update the figures"
PER_DAY = {"per": "day"}


@pytest.fixture(scope="module")
def seed(tmp_path_factory, shared_dir):
    spec = importlib.util.spec_from_file_location("seed_ledger", EXAMPLES / "seed_ledger.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'seed-ledger.db'}"
    summary = module.build(url)
    assert summary.failed == 0 and summary.new == 95
    return url, summary


@pytest.fixture(scope="module")
def seed_db(seed):
    return seed[0]


@pytest.fixture(scope="module")
def ledger_claims(seed_db) -> dict[str, dict]:
    """Every current claim of the seed ledger by id (syndicated copies included)."""
    from armsledger.ledger import ClaimFilter, connect, list_claims

    db = connect(seed_db, create=False)
    try:
        return {str(c["id"]): c for c in list_claims(db, ClaimFilter(include_syndicated=True), limit=0)}
    finally:
        db.dispose()


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


def _ids(ids: object) -> str:
    return ", ".join(sorted({str(i) for i in ids}, key=int))  # type: ignore[attr-defined]


def _matching(
    claims: dict[str, dict],
    *,
    among: object = None,
    doc: str | None = None,
    source: str | None = None,
    **fields: object,
) -> str:
    """The ids of the ledger's claims (or of `among`) with these fields; quantity fields (value,
    value_high, unit, per, text) match the claim's quantity."""
    quantity_keys = {"value", "value_high", "unit", "per", "text"}
    found = []
    for claim_id, c in claims.items():
        if among is not None and claim_id not in {str(i) for i in among}:  # type: ignore[attr-defined]
            continue
        q = c.get("quantity") or {}
        if doc is not None and c["doc"] != doc:
            continue
        if source is not None and (c.get("source") or {}).get("name") != source:
            continue
        if all((q.get(k) if k in quantity_keys else c.get(k)) == v for k, v in fields.items()):
            found.append(claim_id)
    assert found, f"{STALE}: no claim with {fields}"
    return _ids(found)


def _rates(claims: dict[str, dict], **fields: object) -> str:
    """Ids of Russia's claims of artillery shells fired, a day, with these quantity fields."""
    return _matching(claims, kind="consumption", actor="RUS", item="artillery_shell", **PER_DAY, **fields)


@pytest.mark.parametrize(
    "rate",
    [
        ("--rate", "10000", "--rate-qualifier", "approx"),
        ("--rate", "20000", "--rate-qualifier", "approx"),
        ("--rate", "44500"),
        ("--rate", "40000", "--rate-high", "60000"),
    ],
)
def test_days_of_fire_of_the_seeds_five_million(rate):
    d = _json("days", "--stock", "5000000", "--stock-qualifier", "nearly", *rate, "--per", "day", "--seed", "1")[
        "days_of_fire"
    ]
    _stated(
        f"`{' '.join(rate)}` | {_n(d['low'])}–{_n(d['high'])} ({_n(d['central'])}) | "
        f"{_n(d['p10'])} · {_n(d['p50'])} · {_n(d['p90'])} |"
    )


def test_the_seed_ledger_and_the_claims_section_1_cites(seed, ledger_claims):
    _url, summary = seed
    _stated(f"({summary.new} documents, {summary.claims_added} claims)")
    c = ledger_claims
    five_million = _matching(c, doc="seed-article.txt", text="nearly 5 million")
    duds = _matching(
        c, kind="quality", actor="PRK", value=0.5, source="Vadym Skibitskyi", doc="nk05-skibitskyi-half-duds.txt"
    )
    _stated(
        f"Claim {five_million} (seed-article.txt, Shin Won-sik)",
        f"| about 10,000 a day ({_rates(c, value=10000)}) |",
        f"| about 20,000 a day, early 2023 ({_rates(c, value=20000)}) |",
        f"| 44,500 a day in August 2024, Syrskyi ({_rates(c, value=44500)}) |",
        f"| 40,000–60,000 a day at the 2022 peak ({_rates(c, value=40000, value_high=60000)}) |",
        f"Skibitskyi says do not work (claim {duds})",
    )


def _inputs(data: dict) -> dict:
    return {i["name"]: i for i in data["inputs"]}


def _claims(entry: dict) -> str:
    return _ids(c["claim_id"] for c in entry["claims"])


def _running_totals(note: str) -> str:
    """ "1,000,000 (2023-11-02) and 5,000,000 (2024-09-02)" from an input's note."""
    m = re.search(r"([\d,]+) on (\d{4}-\d{2}-\d{2}) to ([\d,]+) on (\d{4}-\d{2}-\d{2})", note)
    assert m is not None, note
    return f"{m[1]} ({m[2]}) and {m[3]} ({m[4]})"


def test_russias_stock_from_the_ledger(seed_db, ledger_claims):
    data = _json(
        "project",
        "--actor",
        "RUS",
        "--item",
        "artillery_shell",
        "--as-of",
        "2024-09-30",
        "--seed",
        "1",
        "--db",
        seed_db,
    )
    i = _inputs(data)
    stock, use, made, prk, irn = (
        i["initial stock"],
        i["consumption"],
        i["production"],
        i["imports PRK"],
        i["imports IRN"],
    )
    peak = _rates(ledger_claims, among=[c["claim_id"] for c in use["claims"]], value=40000, value_high=60000)
    _stated(
        f"initial stock {_n(stock['low'])}–{_n(stock['high'])} (central {_n(stock['central'])}): "
        f"claim {_claims(stock)} ",
        f"consumption {_n(use['low'])}–{_n(use['high'])} a month (central {_n(use['central'])}, "
        f"{_n(round(use['central'] / 30.4375, -3))} a day): claims {_claims(use)} ",
        f"with the 2022 peak of 40,000–60,000 ({peak})",
        f"production {_n(made['low'])}–{_n(made['high'])} a month (central {_n(made['central'])}): "
        f"claims {_claims(made)} ",
        f"imports from North Korea {_n(prk['low'])}–{_n(prk['high'])} a month (central {_n(prk['central'])})",
        f"running totals {_running_totals(prk['note'])}, claims {_claims(prk)}; dud share",
        f"{i['duds PRK']['low']:g}–{i['duds PRK']['high']:g} (claim {_claims(i['duds PRK'])}",
        f"imports from Iran {_n(irn['low'])}–{_n(irn['high'])} a month (central {_n(irn['central'])}): "
        f"running totals {_running_totals(irn['note'])}, claim {_claims(irn)}",
        f"dud share {i['duds IRN']['low']:g}–{i['duds IRN']['high']:g} (claim {_claims(i['duds IRN'])})",
    )
    assert i["imports BLR"]["origin"] == "none", STALE
    ex, days, first, second = data["exhaustion"], data["days_of_fire"], *data["drivers"][:2]
    assert ex["probability"] == 1.0, STALE
    _stated(
        f"by {ex['p10']} in 10 % of draws, by\n{ex['p50']} in half, by {ex['p90']} in 90 %",
        f"days of fire p10 {_n(days['p10'])}, median {_n(days['p50'])}, p90 {_n(days['p90'])}",
        f"{first['input']} (rank correlation {_rho(first['rank_correlation'])}, "
        f"{_pct(first['variance_share'])} of the spread) and {second['input']} "
        f"({_rho(second['rank_correlation'])}, {_pct(second['variance_share'])})",
    )


def test_analysts_scenario_for_russia(seed_db, ledger_claims):
    ledger = _json(
        "project",
        "--actor",
        "RUS",
        "--item",
        "artillery_shell",
        "--as-of",
        "2024-09-30",
        "--seed",
        "1",
        "--db",
        seed_db,
    )
    used = [c["claim_id"] for c in _inputs(ledger)["consumption"]["claims"]]
    low, high, peak = (
        _rates(ledger_claims, among=used, value=10000),
        _rates(ledger_claims, among=used, value=44500),
        _rates(ledger_claims, among=used, value=40000, value_high=60000),
    )
    cited = f"10,000 a day (claims {low}) to 44,500 (claims {high})"
    _stated(f"the 2024 figures only: {cited}")
    scenario_file = (EXAMPLES / "rus-2024-09.yaml").read_text(encoding="utf-8")
    assert f"10,000 (claims {low}) to 44,500 (claims {high}) a day; the 2022 peak ({peak}) left out" in scenario_file, (
        f"{STALE}: docs/examples/rus-2024-09.yaml's note should cite {low}, {high} and the peak {peak}"
    )

    data = _json("project", "--scenario", str(EXAMPLES / "rus-2024-09.yaml"), "--seed", "1", "--db", seed_db)
    use = _inputs(data)["consumption"]
    assert use["origin"] == "scenario"
    _stated(f"{_n(use['low'])} to {_n(use['high'])} a month")
    ex = data["exhaustion"]
    by_month = {p["date"]: p["probability"] for p in ex["by_month"]}
    half = f"by {ex['p50']} in half" if ex["p50"] else "not within the horizon in half"
    _stated(
        f"in {_pct(ex['probability'])} of draws: by {ex['p10']} in 10 %, {half}",
        f"{_pct(by_month['2025-06'])} by June 2025 and {_pct(by_month['2025-12'])} by December 2025",
    )
    days = data["days_of_fire"]
    _stated(f"p10 {_n(days['p10'])}, median {_n(days['p50'])}, p90 {_n(days['p90'])}")
    cover = {c["source"]: c for c in data["coverage"]}
    made, prk, stock, short = cover["production"], cover["imports PRK"], cover["stock"], cover["shortfall"]
    _stated(
        f"production {_pct(made['p50'])} ({_pct(made['p10'])[:-2]}–{_pct(made['p90'])})",
        f"imports {_pct(prk['p50'])} ({_pct(prk['p10'])[:-2]}–{_pct(prk['p90'])})",
        f"the stock {_pct(stock['p50'])}",
        f"shortfall {_pct(short['p50'])} ({_pct(short['p10'])[:-2]}–{_pct(short['p90'])})",
        f"catches up with use in {100 * data['catch_up']['probability']:.1f} %",
        f"at {_n(_inputs(data)['production']['central'])} a month it meets 10,000 a day",
    )
    assert cover["imports IRN"]["p90"] < 0.005, STALE  # "Iran's add nothing"
    first, second, third = data["drivers"][:3]
    _stated(
        f"{first['input']} (rank correlation {_rho(first['rank_correlation'])}, "
        f"{_pct(first['variance_share'])} of the spread); {second['input']} ({_rho(second['rank_correlation'])})",
        f"{third['input']} ({_rho(third['rank_correlation'])})",
    )


def test_us_output_against_its_goal(seed_db, ledger_claims):
    c = ledger_claims
    usa = {"kind": "production", "actor": "USA", "item": "artillery_shell", "unit": "item", "per": "month"}
    current, prewar = (
        _matching(c, doc="ua01-us-155mm-output.txt", value=24000, **usa),
        _matching(c, doc="ua01-us-155mm-output.txt", value=14000, **usa),
    )
    scenario_file = (EXAMPLES / "usa-2024-06.yaml").read_text(encoding="utf-8")
    assert (
        f"about 24,000 a month (claim {current}, approx: 0.85-1.15); the pre-war 14,000 (claim {prewar})"
        in scenario_file
    ), f"{STALE}: docs/examples/usa-2024-06.yaml's note should cite {current} and {prewar}"
    _stated(f'"about 24,000 a month" (claim {current}) with the 14,000 made before the invasion (claim {prewar})')

    data = _json("project", "--scenario", str(EXAMPLES / "usa-2024-06.yaml"), "--seed", "1", "--db", seed_db)
    i = _inputs(data)
    goal, milestone = i["target 2025-12 rate"], i["target 2024-10 rate"]
    slipped = _matching(c, doc="ua01-us-155mm-output.txt", value=100000, status="target", **usa)
    assert any("due 2025-10 slipped" in w for w in data["warnings"]), STALE
    _stated(
        f"the seed's goal (claim {_claims(goal)}: 100,000 a month by 2025, due 2025-12)",
        f"an earlier milestone (claim {_claims(milestone)}, ua01-us-155mm-output.txt: 60,000 a month by October 2024)",
        f"(claim {slipped}, due 2025-10) is read as slipped",
    )
    made = {p["date"]: p for p in data["production"]}
    for month in ("2024-10", "2025-04", "2025-12"):
        p = made[month]
        row = f"| {_n(p['p10'])} | {_n(p['p50'])} | {_n(p['p90'])} |"
        assert any(line.startswith(f"| {month}") and line.endswith(row) for line in DOC.splitlines()), (
            f"{STALE}: expected the row for {month} to end {row!r}"
        )
    top = data["drivers"][0]
    assert top["input"] == "target attainment", STALE
    _stated(
        f"(rank correlation\n{_rho(top['rank_correlation'])})",
        f"Only one draw in ten passes {_n(round(made['2025-12']['p90'], -4))} by the end of 2025",
    )
    # What came later: about 40,000 a month in April 2025, below the model's p10 for that month; the goal
    # moved to 2026; on the model's path 40,000 is an attainment of about 0.3.
    later = _matching(
        c, value=40000, **usa, among=[k for k, v in c.items() if v["ledger"]["published_on"].startswith("2025-04")]
    )
    moved = _matching(c, value=100000, status="target", by="2026", **usa)
    _stated(f'output "about 40,000 a month" in April 2025 (claims {later})', f"goal moved to 2026 (claims {moved})")
    assert made["2025-04"]["p10"] > 40_000, STALE
    gap = (milestone["central"] - 24_000) + 6 / 14 * (goal["central"] - milestone["central"])
    _stated(
        f"24,000 + attainment × {_n(round(gap, -2))} by April 2025",
        f"40,000 is an attainment of about {(40_000 - 24_000) / gap:.1f}",
    )


def test_the_scenario_in_the_docs_is_valid():
    from armsledger.stockflow import parse_scenario

    block = re.search(r"```yaml\n(.*?)```", DOC, re.DOTALL)
    assert block is not None
    parsed = parse_scenario(block.group(1))
    assert parsed.inputs.imports["PRK"].dud is not None and parsed.inputs.exports["SYR"].value == 5000
