"""Renderers: one per output format, behind one interface (see ``base.Renderer``).

``write_reports`` is what the CLI calls; each format is a registered function
``(dossier, path) -> paths written`` in its own module.
"""

from __future__ import annotations

from pathlib import Path

from sourcetrace.dossier.models import Dossier
from sourcetrace.errors import Errors, OutputError
from sourcetrace.render import csv, html, json, markdown  # noqa: F401  (registers the renderers)
from sourcetrace.render.base import RENDERERS, Renderer, register
from sourcetrace.render.outputs import Output, check_outputs, outputs_of

__all__ = ["RENDERERS", "Output", "Renderer", "check_outputs", "outputs_of", "register", "write_reports"]

# The CLI option of each format, named in output errors.
OPTIONS = {"json": "-o", "html": "--html", "markdown": "--md", "csv": "--csv"}


def write_reports(
    dossier: Dossier,
    *,
    json_path: Path | None = None,
    html_path: Path | None = None,
    md_path: Path | None = None,
    csv_dir: Path | None = None,
) -> list[Path]:
    """Write each requested output, each file whole; returns the paths written.

    Raises :class:`OutputError` (E063) when one cannot be written; the outputs written before it stay.
    """
    wanted = {"json": json_path, "html": html_path, "markdown": md_path, "csv": csv_dir}
    written: list[Path] = []
    for name, path in wanted.items():
        if path is not None:
            try:
                written.extend(RENDERERS[name](dossier, Path(path)))
            except OSError as exc:
                raise OutputError.coded(Errors.E063, path=path, option=OPTIONS[name], detail=exc.strerror or exc) from exc
    return written
