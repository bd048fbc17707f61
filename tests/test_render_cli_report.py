"""`sourcetrace report dossier.json --html --md --csv` writes every format from a saved dossier."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dossier_factory import make_dossier
from sourcetrace.cli.app import app


def test_report_command_writes_html_markdown_and_csv(tmp_path: Path) -> None:
    dossier = tmp_path / "dossier.json"
    dossier.write_text(make_dossier().to_json(), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["report", str(dossier), "--html", str(tmp_path / "r.html"), "--md", str(tmp_path / "b.md"), "--csv", str(tmp_path / "csv")],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "## Claims" in (tmp_path / "b.md").read_text(encoding="utf-8")
    assert (tmp_path / "csv" / "claims.csv").read_text(encoding="utf-8").startswith("rank,id,status,")
