"""The output edge of `analyze` and `report`: paths checked before anything is read, files written
whole, coded messages instead of tracebacks, exit codes, and terminal output that input cannot forge."""

from __future__ import annotations

import errno
import json
import os
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from sourcetrace.cli.app import app
from sourcetrace.errors import OutputError
from sourcetrace.progress import safe
from sourcetrace.render import outputs as outputs_module
from sourcetrace.render import write_reports
from sourcetrace.render.outputs import Output, atomic_open, check_outputs

runner = CliRunner()
ARTICLE = "---\ntitle: Quay works\n---\nThe harbour master of Orlin said the quay would reopen in June.\n"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    (tmp_path / "quay.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    return tmp_path


def _analyze(*args: str) -> object:
    return runner.invoke(app, ["analyze", *args])


# --- every output checked before the analysis starts -------------------------------------------

def test_an_output_that_is_the_input_is_refused_and_the_input_kept(story: Path) -> None:
    victim = story / "quay.md"
    result = _analyze(str(victim), "-o", str(victim))
    assert result.exit_code == 1
    assert "[E064]" in result.output and "Traceback" not in result.output
    assert victim.read_text(encoding="utf-8") == ARTICLE


def test_an_existing_file_inside_an_input_folder_is_refused(story: Path) -> None:
    (story / "old.json").write_text("{}", encoding="utf-8")
    result = _analyze(str(story), "-o", str(story / "old.json"))
    assert result.exit_code == 1 and "[E064]" in result.output


def test_a_folder_where_a_file_is_wanted(story: Path) -> None:
    (story / "out").mkdir()
    result = _analyze(str(story / "quay.md"), "--html", str(story / "out"))
    assert result.exit_code == 1 and "[E060]" in result.output and "--html" in result.output


def test_a_file_where_a_folder_is_wanted(story: Path) -> None:
    (story / "tables").write_text("not a folder", encoding="utf-8")
    result = _analyze(str(story / "quay.md"), "--csv", str(story / "tables"))
    assert result.exit_code == 1 and "[E061]" in result.output
    assert (story / "tables").read_text(encoding="utf-8") == "not a folder"


def test_an_output_under_a_file(story: Path) -> None:
    (story / "plain").write_text("x", encoding="utf-8")
    result = _analyze(str(story / "quay.md"), "-o", str(story / "plain" / "d.json"))
    assert result.exit_code == 1 and "[E062]" in result.output


def test_a_missing_parent_folder(story: Path) -> None:
    result = _analyze(str(story / "quay.md"), "--md", str(story / "no" / "such" / "brief.md"))
    assert result.exit_code == 1 and "[E062]" in result.output


@pytest.mark.skipif(not Path("/sys").is_dir(),
                    reason="needs /sys, which even root cannot write")
def test_a_place_that_cannot_be_written(story: Path) -> None:
    result = _analyze(str(story / "quay.md"), "-o", "/sys/dossier.json")
    if result.exit_code == 0:
        pytest.skip("/sys is writable here")
    assert result.exit_code == 1 and "[E063]" in result.output and "Traceback" not in result.output


def test_a_read_only_filesystem_is_an_output_error(story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(outputs_module.tempfile, "mkstemp", read_only)
    result = _analyze(str(story / "quay.md"), "-o", str(story / "d.json"))
    assert result.exit_code == 1
    assert "[E063]" in result.output and "Read-only file system" in result.output


def test_one_path_for_two_outputs(story: Path) -> None:
    result = _analyze(str(story / "quay.md"), "--html", str(story / "r"), "--md", str(story / "r"))
    assert result.exit_code == 1 and "[E065]" in result.output


def test_report_checks_its_outputs_too(story: Path) -> None:
    (story / "d.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["report", str(story / "d.json"), "--html", str(story / "d.json")])
    assert result.exit_code == 1 and "[E064]" in result.output
    assert (story / "d.json").read_text(encoding="utf-8") == "{}"


def test_the_checks_accept_ordinary_outputs(story: Path) -> None:
    check_outputs(
        [Output("-o", story / "d.json"), Output("--csv", story / "tables", folder=True), Output("--db", story / "s.db")],
        [str(story / "quay.md"), "-"],
    )
    with pytest.raises(OutputError) as info:
        check_outputs([Output("-o", story / "quay.md")], [str(story)])
    assert info.value.code == "E064"
    # a store reopened by each run may sit among the inputs (it is not read as an article), but never be one
    (story / "s.db").write_bytes(b"")
    check_outputs([Output("--db", story / "s.db", store=True)], [str(story)])
    with pytest.raises(OutputError):
        check_outputs([Output("--db", story / "s.db", store=True)], [str(story / "s.db")])


# --- written whole or not at all ----------------------------------------------------------------

def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("half of a new")
        raise RuntimeError("the renderer broke")
    assert target.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_renderer_that_fails_leaves_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcetrace.dossier.models import Dossier, Generator
    from sourcetrace.render import markdown

    dossier = Dossier(generator=Generator(version="0"), created="2026-01-01T00:00:00")
    brief = tmp_path / "brief.md"
    write_reports(dossier, md_path=brief)
    before = brief.read_text(encoding="utf-8")

    def broken(d: Dossier) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(markdown, "render_markdown", broken)
    with pytest.raises(OutputError) as info:
        write_reports(dossier, md_path=brief)
    assert info.value.code == "E063" and "No space left" in str(info.value)
    assert brief.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    with atomic_open(tmp_path / "a.txt") as fh:
        fh.write("x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~umask


# --- exit codes -----------------------------------------------------------------------------------

def test_a_usage_error_exits_1_not_2() -> None:
    assert _analyze("--no-such-flag").exit_code == 1
    assert runner.invoke(app, ["eval", "polnear", "--limit", "many"]).exit_code == 1
    assert runner.invoke(app, ["no-such-command"]).exit_code == 1


def test_nothing_usable_exits_2_and_still_writes_the_dossier(story: Path) -> None:
    out = story / "d.json"
    result = _analyze(str(story / "empty.txt"), "-o", str(out))
    assert result.exit_code == 2 and "[E020]" in result.output
    dossier = json.loads(out.read_text(encoding="utf-8"))
    assert dossier["articles"] == []
    assert [s["reason"][:6] for s in dossier["skipped"]] == ["[E001]"]


def test_nothing_usable_prints_the_dossier_when_no_output_is_named(story: Path) -> None:
    result = _analyze(str(story / "empty.txt"))
    assert result.exit_code == 2
    assert json.loads(result.stdout)["skipped"][0]["input"].endswith("empty.txt")


# --- terminal output that input cannot forge -------------------------------------------------------

def _render(markup: str) -> str:
    console = Console(file=StringIO(), width=400, color_system=None, emoji=False)
    console.print(markup, highlight=False, soft_wrap=True)
    return console.file.getvalue()  # type: ignore[attr-defined]


@settings(deadline=None)  # a shared, loaded machine: time is not what this tests
@given(st.text())
def test_safe_text_prints_as_one_line_of_itself(text: str) -> None:
    shown = _render(f"[yellow]skipped:[/] {safe(text)}")
    assert shown.endswith("\n") and "\n" not in shown[:-1]
    assert "\x1b" not in shown and "\r" not in shown
    if text.isprintable():  # nothing to spell out: shown exactly as it is
        assert shown == f"skipped: {text}\n".replace(" \n", "\n") or shown == f"skipped: {text}\n"


def test_markup_in_a_value_is_printed_not_parsed() -> None:
    assert _render(safe("[/]")).strip() == "[/]"
    assert _render(safe("[bold]x[/bold]")).strip() == "[bold]x[/bold]"


def test_a_file_name_cannot_forge_a_line_or_colour_the_terminal(tmp_path: Path) -> None:
    name = "[bold]x\nskipped: [E001] forged.bin"
    (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "\x1b[31mred.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert sum(line.startswith("skipped:") for line in lines) == 2
    assert not any("forged.bin" in line and line.startswith("skipped: [E001] forged") for line in lines)
    assert "\x1b" not in result.stderr and "\\x1b[31mred.txt" in result.stderr
    assert "[bold]x\\x0askipped: [E001] forged.bin" in result.stderr


def test_markup_in_front_matter_does_not_crash_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text('---\npublished: "[/]"\n---\nThe ferry to Kessa was cancelled, the operator said.\n',
                                   encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.md"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "MarkupError" not in result.output and "'[/]'" in result.stderr


def test_an_interrupt_outside_the_article_loop_exits_130_with_a_message(
    story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcetrace import pipeline

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "analyze_ingested", interrupted)
    result = _analyze(str(story / "quay.md"), "-o", str(story / "d.json"))
    assert result.exit_code == 130
    assert "[E072]" in result.stderr and "nothing was written" in result.stderr
    assert not (story / "d.json").exists()
    kept = _analyze(str(story / "quay.md"), "--db", str(story / "s.db"), "-o", str(story / "d.json"))
    assert kept.exit_code == 130 and "kept in" in kept.stderr and "s.db" in kept.stderr
