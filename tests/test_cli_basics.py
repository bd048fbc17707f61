"""The CLI's own behaviour: version, help, usage errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sourcetrace import __version__
from sourcetrace.cli.app import app

runner = CliRunner()


def test_version_prints_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sourcetrace {__version__}"


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("analyze", "ingest", "extract", "report", "train", "eval"):
        assert command in result.stdout


def test_bad_field_mapping_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials said the talks were over.\n")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--field", "nonsense"])
    assert result.exit_code == 1
    assert "OURS=YOURS" in result.output


def test_report_rejects_a_file_that_is_not_a_dossier(tmp_path: Path) -> None:
    bogus = tmp_path / "d.json"
    bogus.write_text('{"hello": 1}')
    result = runner.invoke(app, ["report", str(bogus), "--md", str(tmp_path / "b.md")])
    assert result.exit_code == 1
    assert "E031" in result.output
