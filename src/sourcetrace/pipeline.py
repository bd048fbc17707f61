"""Runs the stages in order: ingest → language analysis → attributions → sources →
claims → independence and conflicts → timeline → dossier."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sourcetrace import __version__
from sourcetrace.assessment import assess
from sourcetrace.attribution import extract_attributions
from sourcetrace.claims import group_claims
from sourcetrace.dossier.models import (
    Article,
    ArticleAnalysis,
    Dossier,
    Generator,
    Span,
)
from sourcetrace.ingest import IngestResult, load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.nlp import load_nlp
from sourcetrace.progress import track
from sourcetrace.settings import Settings
from sourcetrace.sources import resolve_entities
from sourcetrace.timeline import extract_timeline


def analyze_article(article: Article, doc, settings: Settings) -> ArticleAnalysis:
    """The per-article stages on one parsed article."""
    attributions = extract_attributions(article, doc, settings)
    timeline = extract_timeline(article, doc, attributions, settings)
    sentences = [Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents]
    return ArticleAnalysis(
        article_id=article.id,
        content_hash=article.content_hash,
        sentences=sentences,
        attributions=attributions,
        timeline=timeline,
    )


def analyze_articles(
    articles: list[Article], settings: Settings, store: object | None = None
) -> list[ArticleAnalysis]:
    """Run the per-article stages, reusing cached analyses of unchanged articles."""
    cached: dict[str, ArticleAnalysis] = {}
    if store is not None:
        cached = store.cached_analyses(articles)  # type: ignore[attr-defined]
    todo = [a for a in articles if a.id not in cached]
    fresh: dict[str, ArticleAnalysis] = {}
    if todo:
        nlp = load_nlp()
        docs = nlp.pipe((a.text for a in todo), batch_size=16)
        for article, doc in track(zip(todo, docs, strict=True), "Analysing articles", len(todo), settings.progress):
            fresh[article.id] = analyze_article(article, doc, settings)
        if store is not None:
            store.put_analyses(list(fresh.values()))  # type: ignore[attr-defined]
    return [cached.get(a.id) or fresh[a.id] for a in articles]


def build_dossier(ingested: IngestResult, settings: Settings, store: object | None = None) -> Dossier:
    """Every stage after ingest, on articles already read."""
    articles = ingested.articles
    mark_reprints(articles, settings)
    analyses = analyze_articles(articles, settings, store)
    attributions = [a for an in analyses for a in an.attributions]
    entities = resolve_entities(articles, attributions, settings)
    claims = group_claims(articles, analyses, entities, settings)
    conflicts = assess(articles, attributions, entities, claims, settings)
    timeline = sorted(
        (t for an in analyses for t in an.timeline),
        key=lambda t: (t.sort_key is None, t.sort_key or "", t.article_id, t.start),
    )
    dossier = Dossier(
        generator=Generator(version=__version__),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        articles=articles,
        skipped=ingested.skipped,
        attributions=attributions,
        entities=entities,
        claims=claims,
        conflicts=conflicts,
        timeline=timeline,
    )
    if store is not None:
        store.put_dossier(dossier)  # type: ignore[attr-defined]
    return dossier


def open_store(settings: Settings) -> object | None:
    """The DuckDB store when ``settings.db`` is set, else None."""
    if settings.db is None:
        return None
    from sourcetrace.store.database import Store

    return Store(settings.db, settings)


def analyze(paths: Sequence[str | Path], settings: Settings | None = None) -> Dossier:
    """Read the articles in ``paths`` and return their sourced dossier."""
    settings = settings or Settings()
    ingested = load_inputs(paths, settings)
    store = open_store(settings)
    try:
        if store is not None:
            store.put_articles(ingested.articles)  # type: ignore[attr-defined]
        return build_dossier(ingested, settings, store)
    finally:
        if store is not None:
            store.close()  # type: ignore[attr-defined]
