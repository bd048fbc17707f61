"""Renderers: one per output format, behind one interface."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.dossier.models import Dossier


def write_reports(
    dossier: Dossier,
    *,
    json_path: Path | None = None,
    html_path: Path | None = None,
    md_path: Path | None = None,
    csv_dir: Path | None = None,
) -> list[Path]:
    """Write each requested output; returns the paths written."""
    written: list[Path] = []
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(dossier.to_json() + "\n", encoding="utf-8")
        written.append(json_path)
    return written
