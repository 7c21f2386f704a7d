"""Scenario files: validated YAML; a bad file gets one line naming the key and what is wrong."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.stockflow import parse_scenario
from armsledger.stockflow.errors import ScenarioError

GOOD = """
actor: RUS
item: artillery_shell
as_of: 2024-06-30
start: 2024-07
months: 18
inputs:
  initial_stock: {low: 2000000, central: 3000000, high: 4000000, note: "Estonian estimate"}
  consumption: {value: 10000, per: day}
  targets:
    - {value: 100000, by: 2025}
  imports:
    PRK: {low: 200000, high: 400000, dud: {value: 0.2}, end: 2025-06}
"""


def test_good_scenario_reads_months_periods_and_defaults():
    s = parse_scenario(GOOD)
    assert s.start == date(2024, 7, 1) and s.months == 18 and s.as_of == date(2024, 6, 30)
    assert s.inputs.consumption is not None and s.inputs.consumption.monthly("pert").central == pytest.approx(304_375)
    assert s.inputs.targets is not None and s.inputs.targets[0].by == date(2025, 12, 1)  # "by 2025": its December
    prk = s.inputs.imports["PRK"]
    assert prk.to_range("pert").central == 300_000 and prk.end == date(2025, 6, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("inputs: {consumption: {hgih: 3}}", "inputs.consumption.hgih: unknown key (allowed: value, low"),
        ("montsh: 3", "montsh: unknown key (allowed: actor, item, as_of"),
        ("months: 0", "months: Input should be greater than or equal to 1"),
        ("inputs: {imports: {PRK: {low: 5, high: 3}}}", "inputs.imports.PRK: low 5 is above high 3"),
        ("inputs: {initial_stock: {low: 1, central: 9, high: 3}}", "inputs.initial_stock: need low <= central <= high"),
        ("inputs: {initial_stock: {value: 1, low: 1, high: 3}}", "inputs.initial_stock: give either value or low/"),
        ("inputs: {initial_stock: {low: 1}}", "inputs.initial_stock: high is missing"),
        (
            "inputs: {initial_stock: {value: -1}}",
            "inputs.initial_stock.value: Input should be greater than or equal to 0",
        ),
        (
            "inputs: {imports: {PRK: {value: 1, dud: {value: 1.5}}}}",
            "inputs.imports.PRK.dud: a share must lie between 0 and 1",
        ),
        ("inputs: {consumption: {value: 1, per: fortnight}}", "inputs.consumption.per: Input should be 'day', 'week'"),
        ("start: 2024-13", "start: month '2024-13' is not a month"),
        (
            "inputs: {targets: [{value: 3, by: 2025}, {value: 4, by: 2025-12}]}",
            "inputs.targets: two targets due 2025-12",
        ),
        ("inputs: {targets: [{value: 3}]}", "inputs.targets[0].by: Field required"),
        (
            "inputs: {imports: {PRK: {value: 1, start: 2025-06, end: 2025-01}}}",
            "inputs.imports.PRK: end 2025-01 is before",
        ),
        ("distribution: normal", "distribution: must be one of pert, triangular, uniform, fixed, not 'normal'"),
        ("inputs: [1, 2]", "inputs: Input should be a valid dictionary"),
        ("- just\n- a list", "expected a mapping of keys"),
        ("actor: [", "not valid YAML at line 1"),
    ],
)
def test_bad_scenario_gets_one_line_naming_the_key(text, expected):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "bad.yaml")
    message = str(caught.value)
    assert message.startswith("bad.yaml: ") and expected in message, message
    assert "\n" not in message


def test_several_problems_are_counted_on_the_same_line():
    with pytest.raises(ScenarioError) as caught:
        parse_scenario("months: 0\ndraws: 0\nseed: -1", "bad.yaml")
    assert str(caught.value).endswith("(and 2 more problems)")


def test_cli_reports_a_bad_scenario_file_on_one_line_and_exits_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actor: RUS\nitem: artillery_shell\ninputs:\n  consumption: {value: 10000, per: day, hihg: 2}\n")
    result = CliRunner().invoke(app, ["model", "project", "--scenario", str(bad)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "inputs.consumption.hihg: unknown key" in lines[0] and str(bad) in lines[0]


def test_cli_reports_a_missing_scenario_file(tmp_path):
    result = CliRunner().invoke(app, ["model", "project", "--scenario", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1 and "no such scenario file" in result.output
