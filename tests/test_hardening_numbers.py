"""Issue 12, item 3: numbers are validated. Quantities are finite, not negative, fractions lie in 0..1
and ranges do not run backwards; Indian, space- and dot-grouped numbers read right; the magnitude
check flags what no one could have made; CLI integers are bounded."""

from __future__ import annotations

import json
from datetime import date

import pytest
from ledger_support import db, ledger_url, make_claim  # noqa: F401
from pydantic import ValidationError
from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.extract.numbers import find_numbers
from armsledger.model import Quantity
from armsledger.reconcile import run_checks
from armsledger.reconcile.inputs import ReconcileClaim

runner = CliRunner()


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,00,000 shells", 100_000),
        ("10,00,000 rounds", 1_000_000),
        ("1,00,00,000 rounds", 10_000_000),
        ("1 000 000 shells", 1_000_000),
        ("5 000 shells", 5_000),
        ("1\u00a0000 shells", 1_000),
        ("1\u202f500 shells", 1_500),
        ("1.000.000 shells", 1_000_000),
        ("-5,000 shells", 5_000),
        ("2,000 shells", 2_000),
        ("1.5 million shells", 1_500_000),
    ],
)
def test_grouped_number_forms_read_as_their_value(text, value):
    assert [n.value for n in find_numbers(text)] == [value]


@pytest.mark.parametrize(
    "text", ["1" + "0" * 400 + " shells", "250 % were duds", "1e309 shells", "hundred " * 3000 + "shells"]
)
def test_numbers_that_are_no_quantity_give_none(text):
    assert [n.value for n in find_numbers(text) if n.value > 1e300 or (n.fraction and n.value > 1)] == []
    assert all(n.value != 250 for n in find_numbers(text))


def test_a_day_before_a_count_is_not_a_grouped_number():
    assert [n.value for n in find_numbers("On June 3 500 shells arrived")] == [500]


def test_a_number_never_starts_inside_a_digit_group():
    assert [n.text for n in find_numbers("1,00,000; 1 000 000; -5,000")] == ["1,00,000", "1 000 000", "5,000"]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"value": float("inf")}, "not a finite number"),
        ({"value": float("nan")}, "not a finite number"),
        ({"value": -5000}, "negative"),
        ({"value": 2.5, "unit": "fraction"}, "fraction above 1"),
        ({"value": 5000, "value_high": 4000}, "below value"),
        ({"value": 5, "value_high": float("inf")}, "not a finite number"),
    ],
)
def test_quantities_refuse_impossible_values(fields, message):
    with pytest.raises(ValidationError, match=message):
        Quantity(**fields)


def test_the_extractor_gives_no_infinite_or_excessive_fraction(extractor, tmp_path):
    from armsledger.model import Document

    text = (
        "North Korea sent 1" + "0" * 400 + " shells to Russia. Officials said 250 % of the shells were duds. "
        "North Korea sent 1,00,000 shells to Russia, officials said."
    )
    claims = extractor.extract(Document(name="n.txt", text=text), published=date(2024, 6, 1))
    values = [c.quantity.value for c in claims if c.quantity]
    assert values == [100_000]
    json.dumps([c.to_json_dict() for c in claims], allow_nan=False)


def _rc(claim, n=1):
    return ReconcileClaim(claim=claim, claim_id=str(n), doc_id="d.txt", published=date(2024, 6, 1), source_key="s")


@pytest.mark.parametrize(
    "quantity, flagged",
    [
        (Quantity(value=999e12, text="999 trillion"), True),
        (Quantity(value=3_000_000, text="3 million"), False),
        (Quantity(value=200_000, per="day", text="200,000 a day"), True),
        (Quantity(value=10_000, per="day", text="10,000 a day"), False),
        (Quantity(value=1e20, unit="usd", text="$100 quintillion"), True),
        (Quantity(value=6_700, unit="container", text="6,700 containers"), False),
    ],
)
def test_magnitude_check_flags_more_than_the_world_makes(quantity, flagged):
    claim = make_claim(quantity=quantity)
    findings = run_checks([_rc(claim)], names=["armsledger.magnitude.v1"])
    assert bool(findings) is flagged
    if flagged:
        assert "world" in findings[0].message or "ceiling" in findings[0].message


def test_check_command_flags_999_trillion_shells(tmp_path):
    claims = tmp_path / "c.jsonl"
    claims.write_text(
        json.dumps(
            {
                **make_claim(quantity=Quantity(value=999e12, text="999 trillion")).to_json_dict(),
                "published": "2024-06-01",
            }
        )
        + "\n"
    )
    result = runner.invoke(app, ["check", "--claims", str(claims), "--check", "armsledger.magnitude.v1"])
    assert result.exit_code == 0 and "magnitude" in result.stdout and "999,000,000,000,000" in result.stdout


def test_a_claims_file_line_with_infinity_is_reported_with_its_line_and_skipped(tmp_path):
    claims = tmp_path / "c.jsonl"
    line = json.dumps(make_claim().to_json_dict() | {"published": "2024-06-01"}).replace(
        '"value": 1000', '"value": Infinity'
    )
    claims.write_text(line + "\n")
    result = runner.invoke(app, ["check", "--claims", str(claims)])
    assert "c.jsonl:1:" in result.stderr and "not a finite number" in result.stderr
    assert "skipped 1 bad line(s)" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--limit", str(10**20)],
        ["claims", "--offset", str(10**20)],
        ["claims", "--offset", "-1"],
        ["documents", "--limit", str(10**20)],
        ["sources", "--limit", str(10**20)],
        ["show", str(10**20)],
        ["show", "0"],
    ],
)
def test_cli_integers_out_of_range_are_one_line_bad_values(args, ledger_url):
    result = runner.invoke(app, [*args, "--db", ledger_url])
    assert result.exit_code == 1, result.output  # the CLI's error policy: a value refused is exit 1
    assert result.stderr.startswith("error: Invalid value") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_estimate_window_is_bounded(tmp_path):
    result = runner.invoke(
        app,
        [
            "estimate",
            "--supplier",
            "PRK",
            "--recipient",
            "RUS",
            "--item",
            "artillery_shell",
            "--window",
            str(10**20),
            "--claims",
            str(tmp_path / "none.jsonl"),
        ],
    )
    assert result.exit_code == 1 and result.stderr.startswith("error: Invalid value for '--window'")


def test_query_functions_refuse_out_of_range_numbers(db):
    from armsledger.ledger import get_claim, list_claims
    from armsledger.ledger.errors import InvalidQueryError, NotFoundError

    with pytest.raises(InvalidQueryError):
        list_claims(db, limit=10**20)
    with pytest.raises(InvalidQueryError):
        list_claims(db, offset=10**20)
    with pytest.raises(NotFoundError):
        get_claim(db, 10**20)
