"""Docs stay honest: every CLI command has help text and is shown in the README."""

from __future__ import annotations

from pathlib import Path

import typer.main

from armsledger.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_command_has_help_and_a_readme_mention():
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert (command.help or "").strip(), f"{name} has no help"
        assert f"armsledger {name}" in README, f"README does not show armsledger {name}"


def test_every_setting_is_documented_with_its_variable():
    from armsledger.settings import SETTINGS

    docs = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text()
    for setting in SETTINGS:
        assert setting.help.strip(), f"{setting.name} has no help"
        assert f"`{setting.env}`" in docs, f"docs/cli.md does not list {setting.env}"
