"""Sources: entities across articles, their kinds and affiliations, the outlet list."""

from __future__ import annotations

from sourcetrace.dossier.models import Article, Attribution, Entity
from sourcetrace.settings import Settings
from sourcetrace.sources.entities import resolve_all
from sourcetrace.sources.outlets import OutletIndex, load_outlets

__all__ = ["OutletIndex", "load_outlets", "resolve_entities"]


def resolve_entities(
    articles: list[Article], attributions: list[Attribution], settings: Settings
) -> list[Entity]:
    """One entity per person or body across articles; fills ``speaker_entity`` and ``chain``."""
    return resolve_all(articles, attributions, load_outlets(settings.outlets_file))

