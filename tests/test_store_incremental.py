"""Rerunning analyze with the same --db skips articles whose text has not changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import sourcetrace.pipeline as pipeline
from sourcetrace import __version__
from sourcetrace.dossier.models import Article, ArticleAnalysis
from sourcetrace.settings import Settings
from sourcetrace.store.database import Store, analysis_key

STORY = {
    "a.txt": "The mayor said on Tuesday that the bridge would close for repairs in May.",
    "b.txt": "Engineers told the council that two arches were cracked, according to a report.",
}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, models: None) -> list[str]:
    seen: list[str] = []
    real = pipeline.analyze_article

    def counting(article: Article, doc: object, settings: Settings) -> ArticleAnalysis:
        seen.append(article.file)
        return real(article, doc, settings)

    monkeypatch.setattr(pipeline, "analyze_article", counting)
    return seen


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_second_run_does_not_reanalyse(tmp_path: Path, calls: list[str]) -> None:
    story, db = tmp_path / "story", tmp_path / "st.db"
    _write(story, STORY)
    settings = Settings(db=db, progress=False, use_tagger=False)
    first = pipeline.analyze([story], settings)
    assert len(calls) == 2
    second = pipeline.analyze([story], settings)
    assert len(calls) == 2, "unchanged articles were analysed again"
    assert [a.model_dump() for a in second.attributions] == [a.model_dump() for a in first.attributions]
    # One changed article is analysed again, the other comes from the store.
    (story / "b.txt").write_text(STORY["b.txt"] + " The report was published on Friday.", encoding="utf-8")
    pipeline.analyze([story], settings)
    assert calls[2:] == [str(story / "b.txt")]
    with Store(db) as store:
        assert store.count("analyses") == 3
        assert store.count("articles") == 3  # the edited article has a new id
        assert store.count("dossiers") == 1


def test_without_db_nothing_is_written(tmp_path: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "story"
    _write(story, STORY)
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    pipeline.analyze([story], Settings(progress=False, use_tagger=False))
    pipeline.analyze([story], Settings(progress=False, use_tagger=False))
    assert len(calls) == 4
    assert sorted(os.listdir(tmp_path)) == before
    assert sorted(os.listdir(story)) == sorted(STORY)


def test_reading_settings_keep_the_cache(tmp_path: Path, calls: list[str]) -> None:
    story, db = tmp_path / "story", tmp_path / "st.db"
    _write(story, STORY)
    pipeline.analyze([story], Settings(db=db, progress=False, use_tagger=False))
    pipeline.analyze([story], Settings(db=db, progress=False, use_tagger=False, max_bytes=10**7, claim_similarity=0.9))
    assert len(calls) == 2


def test_analysis_settings_change_the_cache_key() -> None:
    base = analysis_key(Settings())
    assert base.startswith(__version__ + "+")
    assert analysis_key(Settings(use_tagger=False)) != base
    assert analysis_key(Settings(attribution_model=Path("/models/x"))) != base
    assert analysis_key(Settings(db=Path("x.db"), progress=False, max_bytes=10, near_duplicate_threshold=0.5)) == base


def test_retrained_weights_at_the_same_path_change_the_cache_key(tmp_path: Path) -> None:
    (tmp_path / "recipe.json").write_text('{"epochs": 6}', encoding="utf-8")
    before = analysis_key(Settings(attribution_model=tmp_path))
    (tmp_path / "recipe.json").write_text('{"epochs": 5}', encoding="utf-8")
    assert analysis_key(Settings(attribution_model=tmp_path)) != before
    # without the tagger its weights do not matter
    off = analysis_key(Settings(attribution_model=tmp_path, use_tagger=False))
    (tmp_path / "recipe.json").write_text('{"epochs": 4}', encoding="utf-8")
    assert analysis_key(Settings(attribution_model=tmp_path, use_tagger=False)) == off
