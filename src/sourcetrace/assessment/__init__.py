"""Assessment: how independent each claim's sourcing is, and where accounts conflict."""

from __future__ import annotations

from sourcetrace.dossier.models import Article, Attribution, Claim, Conflict, Entity
from sourcetrace.settings import Settings


def assess(
    articles: list[Article],
    attributions: list[Attribution],
    entities: list[Entity],
    claims: list[Claim],
    settings: Settings,
) -> list[Conflict]:
    """Fill each claim's roots, independent roots and status; return the conflicts found."""
    return []
