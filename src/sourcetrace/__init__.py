"""sourcetrace: sourced dossiers from news articles.

Give it the articles of one story; it returns who claims what, on whose word,
how independent the sourcing is, where accounts conflict, and when things
happened, every finding linked to the characters it came from.
"""

from __future__ import annotations

__version__ = "0.1.0"

from sourcetrace.dossier.models import Dossier, load_dossier
from sourcetrace.pipeline import analyze
from sourcetrace.settings import Settings

__all__ = ["Dossier", "Settings", "__version__", "analyze", "load_dossier"]
