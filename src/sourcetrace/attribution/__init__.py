"""Attributions: cues, spans, coreference of sources, and relay chains."""

from __future__ import annotations

from spacy.tokens import Doc

from sourcetrace.dossier.models import Article, Attribution
from sourcetrace.settings import Settings


def extract_attributions(article: Article, doc: Doc, settings: Settings) -> list[Attribution]:
    """Every attribution in one parsed article, with speaker and chain names filled in."""
    from sourcetrace.attribution.extract import extract

    return extract(article, doc, settings)
