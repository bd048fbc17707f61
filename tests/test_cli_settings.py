"""Settings on the command line: --config everywhere, --set for any setting, flags that always win,
plug-ins named in settings, and exit codes read from the error classes."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from sourcetrace import pipeline
from sourcetrace.cli.app import _fail, app
from sourcetrace.errors import (
    InputError,
    ModelError,
    NothingToAnalyse,
    SourcetraceError,
    UsageError,
)
from sourcetrace.settings import Settings, load_plugin, load_settings, plugin

runner = CliRunner()
TEXT = "The mayor said the bridge would reopen in May, according to city officials.\n"


class CountingJudge:
    """A contradiction judge plug-in for the tests: nothing contradicts."""

    made: ClassVar[int] = 0

    def __init__(self) -> None:
        CountingJudge.made += 1

    def contradiction_scores(self, pairs: list[tuple[str, str]]) -> list[float]:
        return [0.0 for _ in pairs]


NOT_A_JUDGE = object()


@pytest.fixture
def story(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "small.yaml").write_text("max_bytes: 10\n", encoding="utf-8")
    return tmp_path


def test_an_explicit_flag_beats_config_even_at_its_default_value(story: Path) -> None:
    config = ["--config", str(story / "small.yaml")]
    skipped = runner.invoke(app, ["ingest", str(story / "a.txt"), "--db", str(story / "s.db"), *config])
    assert skipped.exit_code == 2 and "[E004]" in skipped.output
    given = runner.invoke(app, ["ingest", str(story / "a.txt"), "--db", str(story / "s.db"), *config,
                                "--max-bytes", "5000000"])
    assert given.exit_code == 0, given.output
    assert "1 articles (0 reprints) stored" in given.output


def test_ingest_takes_config_for_its_database(story: Path) -> None:
    (story / "db.yaml").write_text(f"db: {story / 'from-config.db'}\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(story / "a.txt"), "--config", str(story / "db.yaml")])
    assert result.exit_code == 0, result.output
    assert (story / "from-config.db").exists()


def test_extract_takes_config(story: Path, models: None) -> None:
    result = runner.invoke(app, ["extract", str(story / "a.txt"), "--config", str(story / "small.yaml")])
    assert result.exit_code == 2
    assert "[E004]" in result.output and "[E020]" in result.output


def test_set_sits_between_config_and_flags(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("max_bytes: 10\nuse_tagger: true\n", encoding="utf-8")
    settings = load_settings(config, ["max_bytes=20", "use_tagger=false", "field_map={text: body}"])
    assert (settings.max_bytes, settings.use_tagger, settings.field_map) == (20, False, {"text": "body"})
    assert load_settings(config, ["max_bytes=20"], max_bytes=30).max_bytes == 30


@pytest.mark.parametrize(
    ("assignment", "message"),
    [("max_byte=10", "unknown setting 'max_byte'"), ("max_bytes=0", "max_bytes"), ("max_bytes", "KEY=VALUE")],
)
def test_a_bad_set_is_a_usage_error(story: Path, assignment: str, message: str) -> None:
    result = runner.invoke(app, ["ingest", str(story / "a.txt"), "--db", str(story / "s.db"), "--set", assignment])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (story / "s.db").exists()


def test_eval_polnear_flags_map_onto_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake(split_dir: Path, limit: int | None = None, model: Path | None = None, use_tagger: bool = True) -> dict:
        seen.update(model=model, use_tagger=use_tagger)
        return {}

    monkeypatch.setattr("sourcetrace.evaluation.polnear.evaluate_polnear", fake)
    config = tmp_path / "c.yaml"
    config.write_text(f"attribution_model: {tmp_path}\n", encoding="utf-8")
    assert runner.invoke(app, ["eval", "polnear", str(tmp_path), "--config", str(config)]).exit_code == 0
    assert seen == {"model": tmp_path, "use_tagger": True}
    assert runner.invoke(app, ["eval", "polnear", str(tmp_path), "--rules-only", "--model", "m"]).exit_code == 0
    assert seen == {"model": Path("m"), "use_tagger": False}


def test_plugins_load_from_settings() -> None:
    settings = Settings(contradiction_judge="test_cli_settings:CountingJudge")
    judge = plugin(settings, "contradiction_judge")
    assert isinstance(judge, CountingJudge)  # a class is a factory: called once, then kept
    assert plugin(settings, "contradiction_judge") is judge
    assert plugin(Settings(), "speaker_resolver") is None


@pytest.mark.parametrize(
    ("spec", "detail"),
    [("no_such_module_here:Judge", "ModuleNotFoundError"), ("test_cli_settings:Missing", "AttributeError"),
     ("test_cli_settings:NOT_A_JUDGE", "no contradiction_scores() method")],
)
def test_a_plugin_that_cannot_be_loaded_is_coded(spec: str, detail: str) -> None:
    with pytest.raises(UsageError) as caught:
        load_plugin(spec, "contradiction_judge")
    assert caught.value.code == "E050" and caught.value.exit_code == 1
    assert str(caught.value).startswith(f"[E050] contradiction_judge: cannot load plug-in {spec!r}")
    assert detail in str(caught.value)


def test_a_plugin_spec_must_name_module_and_attribute() -> None:
    result = runner.invoke(app, ["eval", "timeml", ".", "--set", "speaker_resolver=justamodule"])
    assert result.exit_code == 1 and "speaker_resolver" in result.output


def test_the_pipeline_passes_the_named_judge_to_assess(
    story: Path, monkeypatch: pytest.MonkeyPatch, models: None
) -> None:
    seen: list[object] = []
    real = pipeline.assess

    def spy(*args: object, judge: object = None) -> list:
        seen.append(judge)
        return real(*args, judge=judge)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "assess", spy)
    pipeline.analyze([story / "a.txt"], Settings(contradiction_judge="test_cli_settings:CountingJudge",
                                                 use_tagger=False, progress=False))
    assert len(seen) == 1 and isinstance(seen[0], CountingJudge)


def test_exit_codes_come_from_the_error_classes() -> None:
    assert (UsageError.exit_code, NothingToAnalyse.exit_code, ModelError.exit_code, InputError.exit_code) == (1, 2, 1, 1)

    class Odd(SourcetraceError):
        exit_code = 7

    assert _fail(Odd("odd")).exit_code == 7
    assert _fail(NothingToAnalyse("none")).exit_code == 2
