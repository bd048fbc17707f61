"""Placeholder extractor (replaced by the tagger and rules)."""

from __future__ import annotations

from spacy.tokens import Doc

from sourcetrace.dossier.models import Article, Attribution
from sourcetrace.settings import Settings


def extract(article: Article, doc: Doc, settings: Settings) -> list[Attribution]:
    return []
