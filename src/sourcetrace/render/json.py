"""The dossier itself, as JSON with the schema's field names."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.dossier.models import Dossier
from sourcetrace.render.base import register


@register("json")
def write_json(dossier: Dossier, path: Path) -> list[Path]:
    """Write the dossier JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dossier.to_json() + "\n", encoding="utf-8")
    return [path]
