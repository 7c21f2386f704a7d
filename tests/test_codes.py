"""Codes: names resolve to the codes claims store, unknown names are errors with suggestions, and every
actor or item option (claims, sources, estimate) accepts them."""

from __future__ import annotations

import json

import pytest
from ledger_support import REPORT_A, REPORT_B, REPORT_C, FakeExtractor, cli_app, ledger_url  # noqa: F401
from typer.testing import CliRunner

import armsledger.pipeline.ingestion as ingest_module
from armsledger.codes import resolve_actor, resolve_item, resolve_unit, search_codes
from armsledger.errors import AmbiguousCodeError, UnknownCodeError

runner = CliRunner()


@pytest.mark.parametrize(
    "value, code",
    [
        ("North Korea", "PRK"),
        ("north korea", "PRK"),
        ("Pyongyang", "PRK"),
        ("prk", "PRK"),
        ("PRK", "PRK"),
        ("KP", "PRK"),
        ("DPRK", "PRK"),
        ("Korea, Republic of", "KOR"),
        ("the Kremlin", "RUS"),
        ("Russia", "RUS"),
        ("nato", "NATO"),
        ("Wagner Group", "wagner"),
        ("WAGNER", "wagner"),
        ("Najin", "PRK"),
        ("Norway", "NOR"),
    ],
)
def test_actor_names_and_codes_resolve(value, code):
    assert resolve_actor(value) == code


@pytest.mark.parametrize(
    "value, code",
    [
        ("shells", "artillery_shell"),
        ("shell", "artillery_shell"),
        ("artillery_shell", "artillery_shell"),
        ("Artillery Shell", "artillery_shell"),
        ("drones", "drone"),
        ("Shahed", "drone"),
        ("tanks", "tank"),
        ("KN-23", "ballistic_missile"),
    ],
)
def test_item_phrases_and_codes_resolve(value, code):
    assert resolve_item(value) == code


@pytest.mark.parametrize(
    "value, code",
    [("containers", "container"), ("dollars", "usd"), ("EUR", "eur"), ("item", "item"), ("rail cars", "rail_car")],
)
def test_unit_words_and_codes_resolve(value, code):
    assert resolve_unit(value) == code


@pytest.mark.parametrize(
    "kind, value, suggested",
    [
        ("actors", "Korea", ["KOR", "PRK"]),
        ("actors", "Nrth Korea", ["KOR", "PRK"]),
        ("items", "artilery_shell", ["artillery_shell", "artillery_system"]),
        ("items", "shels", ["artillery_shell"]),
        ("actors", "XYZ", []),
    ],
)
def test_unknown_names_are_errors_with_suggestions(kind, value, suggested):
    resolve = resolve_actor if kind == "actors" else resolve_item
    with pytest.raises(UnknownCodeError) as caught:
        resolve(value, option="--x")
    assert caught.value.detail["suggestions"] == suggested
    message = str(caught.value)
    assert message.startswith(f"--x {value!r} is not")
    assert ("did you mean" in message) == bool(suggested)
    assert f"armsledger codes {kind} --search" in message


def test_a_name_of_several_codes_is_ambiguous_and_lists_them():
    # pycountry names two currencies "Bolívar Soberano" (VED and VES)
    with pytest.raises(AmbiguousCodeError, match=r"names several units: ved .* or ves .*; give one code"):
        resolve_unit("Bolívar Soberano", option="--unit")


def test_a_code_wins_over_a_phrase_of_another_code():
    assert resolve_item("missile") == "missile"
    assert resolve_item("missiles") == "missile"  # SCHEMA v1.1: a missile of no stated type


def test_search_codes_finds_by_name_alias_or_code():
    assert {e.code for e in search_codes("actors", "korea")} >= {"KOR", "PRK"}
    assert "artillery_shell" in {e.code for e in search_codes("items", "howitzer round")}
    assert len(search_codes("items")) == 32


@pytest.fixture
def ingested(monkeypatch, ledger_url, tmp_path):
    monkeypatch.setattr(ingest_module, "default_extractor", lambda: FakeExtractor())
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in {"a.txt": REPORT_A, "b.txt": REPORT_B, "c.txt": REPORT_C}.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert runner.invoke(cli_app(), ["ingest", str(folder), "--db", ledger_url, "-q"]).exit_code == 0
    return ledger_url


def _ids(args: list[str]) -> list[int]:
    result = runner.invoke(cli_app(), [*args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    "option, name, code",
    [
        ("--supplier", "North Korea", "PRK"),
        ("--supplier", "Pyongyang", "PRK"),
        ("--supplier", "prk", "PRK"),
        ("--recipient", "Moscow", "RUS"),
        ("--actor", "Tehran", "IRN"),
        ("--item", "shells", "artillery_shell"),
        ("--item", "drones", "drone"),
        ("--country", "South Korea", "KOR"),
    ],
)
def test_claims_options_take_names_like_codes(ingested, option, name, code):
    by_code = _ids(["claims", "--db", ingested, option, code])
    assert by_code and _ids(["claims", "--db", ingested, option, name]) == by_code


@pytest.mark.parametrize(
    "args, message",
    [
        (["claims", "--supplier", "XYZ"], "--supplier 'XYZ' is not an actor name or code"),
        (["claims", "--country", "Korea"], "did you mean KOR (South Korea) or PRK (North Korea)?"),
        (["claims", "--item", "shels"], "--item 'shels' is not an item name or code; did you mean artillery_shell?"),
        (["sources", "--country", "Narnia"], "--country 'Narnia' is not an actor name or code"),
        (["estimate", "--item", "shels", "--supplier", "PRK"], "did you mean artillery_shell?"),
        (["estimate", "--item", "shells", "--supplier", "North Corea"], "did you mean"),
    ],
)
def test_unknown_names_are_one_line_errors_never_empty_answers(ingested, args, message):
    result = runner.invoke(cli_app(), [*args, "--db", ingested])
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_estimate_takes_the_same_names_as_claims(ingested):
    args = ["estimate", "--recipient", "RUS", "--item", "artillery_shell", "--db", ingested, "--format", "json"]
    by_code = json.loads(runner.invoke(cli_app(), [*args, "--supplier", "PRK"]).stdout)
    for name in ("prk", "North Korea"):
        by_name = json.loads(runner.invoke(cli_app(), [*args, "--supplier", name]).stdout)
        assert by_name["central"] == by_code["central"] and by_code["central"]
        assert [u["claim_id"] for u in by_name["used"]] == [u["claim_id"] for u in by_code["used"]]


def test_codes_command_lists_and_searches(ingested):
    table = runner.invoke(cli_app(), ["codes", "actors", "--search", "korea"])
    assert table.exit_code == 0 and "PRK" in table.stdout and "Pyongyang" in table.stdout
    count = int(table.stderr.split()[0])
    assert count >= 2 and table.stderr.strip() == f"{count} actors matching 'korea'"
    assert table.stdout.index("KOR") < table.stdout.index("korea_aerospace_industries")  # states before companies
    out = runner.invoke(cli_app(), ["codes", "items", "--format", "jsonl"]).stdout
    items = [json.loads(x) for x in out.splitlines()]
    assert {"code": "artillery_shell", "type": "item"}.items() <= items[0].items() and "shells" in items[0]["aliases"]
    none = runner.invoke(cli_app(), ["codes", "units", "--search", "zzzz"])
    assert none.exit_code == 1 and none.stderr.strip() == "0 units matching 'zzzz'"
