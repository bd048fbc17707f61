"""The one interface every output format implements, and the registry that finds them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sourcetrace.dossier.models import Dossier


class Renderer(Protocol):
    """Writes one dossier to ``path`` (a file, or a folder for multi-file formats)."""

    def __call__(self, dossier: Dossier, path: Path) -> list[Path]: ...


RENDERERS: dict[str, Renderer] = {}


def register(name: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer under a format name ('json', 'html', 'markdown', 'csv')."""

    def decorate(fn: Renderer) -> Renderer:
        RENDERERS[name] = fn
        return fn

    return decorate
