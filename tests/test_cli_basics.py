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


def test_extract_prints_one_json_line_per_article_with_offsets_and_chains(tmp_path, models: None) -> None:
    import json

    from typer.testing import CliRunner

    from sourcetrace.cli.app import app

    text = ("Valdoria and Ostrava are close to a deal, according to senior US officials, per Northwind Broadcasting. "
            "Ostrava's foreign ministry has denied that any agreement was reached, Meridian News reported.")
    (tmp_path / "a.md").write_text(f"---\noutlet: Harbor Insider\n---\n{text}\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.md"), str(tmp_path / "empty.txt"), "--jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1 and lines[0]["file"].endswith("a.md")
    atts = lines[0]["attributions"]
    for a in atts:
        assert set(a) >= {"id", "source", "cue", "content", "speaker", "chain", "kind", "stance", "proposition"}
        for role in ("source", "cue", "content"):
            if a[role] is not None:
                assert text[a[role]["start"] : a[role]["end"]] == a[role]["text"]
    by_cue = {a["cue"]["text"]: a for a in atts if a["cue"]}
    assert by_cue["according to"]["chain"] == ["Harbor Insider", "Northwind Broadcasting", "senior US officials"]
    denied = by_cue["denied"]
    assert denied["stance"] == "denies" and denied["chain"][:2] == ["Harbor Insider", "Meridian News"]
    assert denied["parent_id"] == by_cue["reported"]["id"]
    assert str(tmp_path / "empty.txt") in result.output  # the skipped input is named, its path whole on one line
