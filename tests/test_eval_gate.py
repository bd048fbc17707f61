"""The evaluation gate: every figure in eval/baseline.json stays at or above its floor.

Runs the evaluations on ../shared/data when it is beside the repository (skipped with a
message when it is not). A floor is raised when a figure improves, never lowered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sourcetrace.evaluation.ggt import evaluate_ggt
from sourcetrace.evaluation.grouping import evaluate_grouping
from sourcetrace.evaluation.polnear import evaluate_polnear
from sourcetrace.evaluation.stories import evaluate_stories
from sourcetrace.evaluation.timeml import evaluate_timeml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))

EVALS: dict[str, tuple[Path, Callable[[Path], dict[str, Any]]]] = {
    "stories": (DATA / "stories", lambda p: evaluate_stories(p, basil=DATA / "basil" / "articles")),
    "polnear_dev": (DATA / "polnear" / "dev", evaluate_polnear),
    "timebank": (DATA / "timebank", evaluate_timeml),
    "grouping": (DATA / "basil", evaluate_grouping),
    "ggt_dev": (DATA / "ggt", evaluate_ggt),
}


def _figure(figures: dict[str, Any], path: str) -> float:
    value: Any = figures
    for key in path.split("."):
        value = value[key]
    return float(value)


def test_every_floor_names_an_evaluation() -> None:
    assert set(BASELINE["floors"]) | set(BASELINE.get("ceilings", {})) <= set(EVALS)


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EVALS))
def test_figures_hold_their_floors(name: str) -> None:
    """One test per evaluation (each runs once): every floor held, every error count under its ceiling."""
    data, run = EVALS[name]
    if not data.is_dir():
        pytest.skip(f"{data} is not present: the evaluation gate needs ../shared/data beside the repository")
    figures = run(data)
    low = [f"{path}: {got} < floor {floor}" for path, floor in BASELINE["floors"].get(name, {}).items()
           if (got := _figure(figures, path)) < floor]
    high = [f"{path}: {got} > ceiling {cap}" for path, cap in BASELINE.get("ceilings", {}).get(name, {}).items()
            if (got := _figure(figures, path)) > cap]
    assert not low + high, f"{name} fell back (eval/baseline.json): " + "; ".join(low + high)
