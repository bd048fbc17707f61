"""Timeline: time expressions normalised against each article's publication date."""

from __future__ import annotations

from spacy.tokens import Doc

from sourcetrace.dossier.models import Article, Attribution, TimelineEntry
from sourcetrace.settings import Settings


def extract_timeline(
    article: Article, doc: Doc, attributions: list[Attribution], settings: Settings
) -> list[TimelineEntry]:
    """Every time expression in one article, normalised and linked to what it dates."""
    return []
