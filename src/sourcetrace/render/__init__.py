"""Renderers: one per output format, behind one interface (see ``base.Renderer``).

``write_reports`` is what the CLI calls; each format is a registered function
``(dossier, path) -> paths written`` in its own module.
"""

from __future__ import annotations

from pathlib import Path

from sourcetrace.dossier.models import Dossier
from sourcetrace.render import csv, html, json, markdown  # noqa: F401  (registers the renderers)
from sourcetrace.render.base import RENDERERS, Renderer, register

__all__ = ["RENDERERS", "Renderer", "register", "write_reports"]


def write_reports(
    dossier: Dossier,
    *,
    json_path: Path | None = None,
    html_path: Path | None = None,
    md_path: Path | None = None,
    csv_dir: Path | None = None,
) -> list[Path]:
    """Write each requested output; returns the paths written."""
    wanted = {"json": json_path, "html": html_path, "markdown": md_path, "csv": csv_dir}
    written: list[Path] = []
    for name, path in wanted.items():
        if path is not None:
            written.extend(RENDERERS[name](dossier, Path(path)))
    return written
