"""Docs kept true by the code: every command and every setting is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from sourcetrace.cli.app import app, eval_app
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
