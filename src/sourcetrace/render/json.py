"""The dossier itself, as JSON with the schema's field names."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.dossier.models import Dossier
from sourcetrace.render.base import register
from sourcetrace.render.outputs import write_atomic


@register("json")
def write_json(dossier: Dossier, path: Path) -> list[Path]:
    """Write the dossier JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, dossier.to_json() + "\n")
    return [path]
