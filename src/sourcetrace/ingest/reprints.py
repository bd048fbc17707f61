"""Reprint detection (placeholder: exact duplicates only)."""

from __future__ import annotations

from sourcetrace.dossier.models import Article
from sourcetrace.settings import Settings


def mark_reprints(articles: list[Article], settings: Settings) -> None:
    """Set ``reprint_of`` on every article that copies an earlier one."""
    first: dict[str, str] = {}
    for a in sorted(articles, key=lambda a: (a.published or "", a.id)):
        if a.content_hash in first:
            a.reprint_of = first[a.content_hash]
        else:
            first[a.content_hash] = a.id
