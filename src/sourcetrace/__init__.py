"""sourcetrace: sourced dossiers from news articles.

Give it the articles of one story; it returns who claims what, on whose word,
how independent the sourcing is, where accounts conflict, and when things
happened, every finding linked to the characters it came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sourcetrace.version import __version__

__all__ = ["Dossier", "Settings", "__version__", "analyze", "load_dossier"]

if TYPE_CHECKING:
    from sourcetrace.dossier.models import Dossier, load_dossier
    from sourcetrace.pipeline import analyze
    from sourcetrace.settings import Settings


def __getattr__(name: str) -> Any:
    # Imported on first use: `import sourcetrace` (and `sourcetrace ingest`) should not
    # pay for loading spaCy and torch.
    if name == "analyze":
        from sourcetrace.pipeline import analyze

        return analyze
    if name in ("Dossier", "load_dossier"):
        from sourcetrace.dossier import models

        return getattr(models, name)
    if name == "Settings":
        from sourcetrace.settings import Settings

        return Settings
    raise AttributeError(f"module 'sourcetrace' has no attribute {name!r}")
