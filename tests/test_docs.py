"""Docs kept true by the code: every command and every setting is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sourcetrace.cli.app import FLAGS, app, eval_app
from sourcetrace.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str) -> list[str]:
    return [f"{prefix}{c.name or c.callback.__name__}" for c in group.registered_commands]


@pytest.mark.parametrize("command", _commands(app, "sourcetrace ") + _commands(eval_app, "sourcetrace eval "))
def test_every_command_is_documented(command: str) -> None:
    assert f"`{command}" in README, f"{command} is missing from the README's command table"


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert f"| `{name}` |" in README, f"setting {name} is missing from the README's settings table"


def test_quick_start_has_exactly_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("<!-- QUICKSTART-END -->", 1)[0]
    block = quick.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]


def _setting_row(name: str) -> str:
    return next(line for line in README.splitlines() if line.startswith(f"| `{name}` |"))


@pytest.mark.parametrize(("name", "flag"), list(FLAGS.items()))
def test_every_settings_flag_is_in_its_row(name: str, flag: str) -> None:
    assert name in Settings.model_fields
    assert f"`{flag}" in _setting_row(name), f"{flag} is missing from the row of {name}"


@pytest.mark.parametrize("command", [["analyze"], ["ingest"], ["extract"], ["eval", "polnear"], ["eval", "timeml"],
                                     ["eval", "ggt"]])
def test_every_pipeline_command_takes_config_and_set(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=400)
    assert result.exit_code == 0
    help_text = " ".join(result.stdout.split())
    assert "--config" in help_text and "--set" in help_text
    for name in Settings.model_fields:  # --set's help lists every setting it takes
        assert name in help_text, f"{name} is missing from {' '.join(command)} --help"
