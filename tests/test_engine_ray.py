"""``--engine ray`` gives the local engine's dossier (the example story, compared field by field),
and the CLI takes it."""

from __future__ import annotations

from pathlib import Path

import pytest

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
