"""``--engine ray`` gives the local engine's dossier (the example story, compared field by field),
and the CLI takes it."""

from __future__ import annotations

from pathlib import Path

import pytest

import sourcetrace.pipeline as pipeline
from sourcetrace.engines.ray_engine import analyze_ray
from sourcetrace.ingest import load_inputs
from sourcetrace.pipeline import analyze_ingested
from sourcetrace.settings import Settings

pytest.importorskip("ray")  # an optional extra: the engine module itself imports it only when run


def _paths(example_dir: Path) -> list[str]:
    return sorted(str(p) for p in example_dir.iterdir() if p.name not in {"README.md", "EXPECTED.md"})


def test_ray_engine_gives_the_local_dossier(example_dir: Path, models: None) -> None:
    settings = Settings(progress=False)
    local = analyze_ingested(load_inputs(_paths(example_dir), settings), settings)
    remote = analyze_ray(load_inputs(_paths(example_dir), settings), settings, workers=2)
    a = local.model_dump(mode="json", exclude={"created"})
    b = remote.model_dump(mode="json", exclude={"created"})
    for key in a:
        assert a[key] == b[key], f"{key} differs between the local and the Ray engine"
    assert len(remote.articles) == 7 and not remote.skipped


def test_ray_fills_the_store_a_rerun_reuses(example_dir: Path, models: None, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(progress=False, db=tmp_path / "st.duckdb")
    remote = analyze_ray(load_inputs(_paths(example_dir), settings), settings, workers=2)
    computed: list[int] = []
    real = pipeline.story_findings
    monkeypatch.setattr(pipeline, "story_findings", lambda work: computed.append(1) or real(work))
    again = analyze_ingested(load_inputs(_paths(example_dir), settings), settings)
    assert computed == [], "the stories' findings stored by the Ray run were computed again"
    assert again.model_dump(mode="json", exclude={"created"}) == remote.model_dump(mode="json", exclude={"created"})
