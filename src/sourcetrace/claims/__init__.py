"""Claims: statements of the same proposition grouped across articles."""

from __future__ import annotations

from sourcetrace.dossier.models import Article, ArticleAnalysis, Claim, Entity
from sourcetrace.settings import Settings


def group_claims(
    articles: list[Article],
    analyses: list[ArticleAnalysis],
    entities: list[Entity],
    settings: Settings,
) -> list[Claim]:
    """Group attributions and unattributed factual sentences into claims."""
    return []
