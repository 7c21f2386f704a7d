"""One date parser, validated settings and one error policy: every error is one line, exit 1 for bad
values, 2 for a malformed command line."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_support import cli_app, ledger_url  # noqa: F401
from typer.testing import CliRunner

from armsledger.dates import parse_date
from armsledger.errors import InvalidDateError, SettingsError
from armsledger.settings import get_setting

runner = CliRunner()


@pytest.mark.parametrize(
    "text, end, expected",
    [
        ("2024", False, date(2024, 1, 1)),
        ("2024", True, date(2024, 12, 31)),
        ("2024-02", False, date(2024, 2, 1)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2024-06-14", False, date(2024, 6, 14)),
        ("2024-06-14", True, date(2024, 6, 14)),
        (" 2024-6-1 ", False, date(2024, 6, 1)),
    ],
)
def test_every_date_option_reads_years_months_and_days(text, end, expected):
    assert parse_date(text, option="--x", end=end) == expected


@pytest.mark.parametrize(
    "text, hint",
    [
        ("31-12-2024", "did you mean 2024-12-31?"),
        ("yesterday", ""),
        ("2024-13", ""),
        ("2024-02-30", ""),
        ("12/31/2024", ""),
    ],
)
def test_a_bad_date_names_its_option(text, hint):
    with pytest.raises(InvalidDateError) as caught:
        parse_date(text, option="--published")
    assert str(caught.value).startswith(f"--published {text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    assert str(caught.value).endswith(hint)


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "--published", "31-12-2024", "x.txt"], "--published '31-12-2024' is not a date"),
        (["extract", "--published", "yesterday", "-"], "--published 'yesterday' is not a date"),
        (["claims", "--from", "May"], "--from 'May' is not a date"),
        (["claims", "--to", "2024-13"], "--to '2024-13' is not a date"),
        (["estimate", "--item", "shells", "--as-of", "soon"], "--as-of 'soon' is not a date"),
        (["flows", "--published", "2024/01/01", "--claims", "-"], "--published '2024/01/01' is not a date"),
        (["claims", "--limit", "-1"], "Invalid value for '--limit'"),
    ],
)
def test_bad_option_values_are_one_line_naming_the_option_and_exit_1(ledger_url, args, message):
    result = runner.invoke(
        cli_app(), [*args, "--db", ledger_url] if args[0] not in ("extract", "flows") else args, input=""
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output and "Usage" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["claims", "--bogus"], "No such option: --bogus"),
        (["bogus"], "No such command 'bogus'"),
        (["show"], "Missing argument"),
    ],
)
def test_a_malformed_command_line_is_one_line_and_exit_2(args, message):
    result = runner.invoke(cli_app(), args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1 and "--help" in result.stderr


def test_settings_come_from_the_environment_typed(monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_MAX_DOCUMENT_BYTES", "1234")
    monkeypatch.setenv("ARMSLEDGER_ALLOW_PRIVATE", "yes")
    monkeypatch.setenv("ARMSLEDGER_HTTP_TIMEOUT", "")  # empty means unset
    assert get_setting("max_document_bytes") == 1234
    assert get_setting("allow_private") is True
    assert get_setting("http_timeout") == 20.0
    assert get_setting("max_document_bytes", 99) == 99


def test_a_setting_of_the_wrong_type_is_one_line_naming_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("ARMSLEDGER_MAX_DOCUMENT_BYTES", "abc")
    with pytest.raises(SettingsError, match="ARMSLEDGER_MAX_DOCUMENT_BYTES='abc'"):
        get_setting("max_document_bytes")
    (tmp_path / "a.txt").write_text("Iran sent 5 drones to Russia.")
    result = runner.invoke(cli_app(), ["extract", str(tmp_path / "a.txt")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ARMSLEDGER_MAX_DOCUMENT_BYTES='abc'") and result.stderr.count("\n") == 1
