"""Runs the stages in order: ingest → language analysis → attributions → sources →
claims → independence and conflicts → timeline → dossier.

The plain functions the CLI's commands wrap: :func:`analyze` (paths to dossier),
:func:`analyze_ingested` (articles already read to dossier) and :func:`extract_jsonl`
(attributions only, one JSON line per article).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

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
from sourcetrace.nlp import parse
from sourcetrace.progress import track
from sourcetrace.settings import Settings, plugin
from sourcetrace.sources import resolve_entities
from sourcetrace.store.database import Store
from sourcetrace.timeline import extract_timeline
from sourcetrace.version import __version__

# What `extract --jsonl` prints of each attribution, besides its chain of names.
_EXTRACT_FIELDS = {"id", "source", "cue", "content", "speaker", "kind", "stance", "act", "proposition", "sentence", "parent_id"}


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
    articles: list[Article], settings: Settings, store: Store | None = None
) -> list[ArticleAnalysis]:
    """Run the per-article stages, reusing cached analyses of unchanged articles."""
    cached: dict[str, ArticleAnalysis] = {}
    if store is not None:
        cached = store.cached_analyses(articles)
    todo = [a for a in articles if a.id not in cached]
    fresh: dict[str, ArticleAnalysis] = {}
    if todo:
        for article, doc in track(parse(todo), "Analysing articles", len(todo), settings.progress):
            fresh[article.id] = analyze_article(article, doc, settings)
        if store is not None:
            store.put_analyses(list(fresh.values()))
    return [cached.get(a.id) or fresh[a.id] for a in articles]


def build_dossier(ingested: IngestResult, settings: Settings, store: Store | None = None) -> Dossier:
    """Every stage after ingest, on articles already read."""
    articles = ingested.articles
    mark_reprints(articles, settings)
    analyses = analyze_articles(articles, settings, store)
    attributions = [a for an in analyses for a in an.attributions]
    entities = resolve_entities(articles, attributions, settings)
    claims = group_claims(articles, analyses, entities, settings)
    judge = plugin(settings, "contradiction_judge")
    conflicts = assess(articles, attributions, entities, claims, settings, judge=judge)  # type: ignore[arg-type]
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
        store.put_dossier(dossier)
    return dossier


def open_store(settings: Settings) -> Store | None:
    """The DuckDB store when ``settings.db`` is set, else None."""
    if settings.db is None:
        return None
    return Store(settings.db, settings)


def analyze_ingested(ingested: IngestResult, settings: Settings) -> Dossier:
    """The dossier of articles already read, stored in ``settings.db`` when one is set."""
    store = open_store(settings)
    try:
        if store is not None:
            store.put_articles(ingested.articles)
        return build_dossier(ingested, settings, store)
    finally:
        if store is not None:
            store.close()


def analyze(paths: Sequence[str | Path], settings: Settings | None = None) -> Dossier:
    """Read the articles in ``paths`` and return their sourced dossier."""
    settings = settings or Settings()
    return analyze_ingested(load_inputs(paths, settings), settings)


def extract_jsonl(ingested: IngestResult, settings: Settings, out: TextIO) -> int:
    """Write one line of attributions per article read to ``out``; returns how many were written."""
    count = 0
    for article, doc in parse(ingested.articles):
        record = {
            "file": article.file,
            "id": article.id,
            "attributions": [
                a.model_dump(mode="json", include=_EXTRACT_FIELDS) | {"chain": a.chain_names}
                for a in extract_attributions(article, doc, settings)
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
