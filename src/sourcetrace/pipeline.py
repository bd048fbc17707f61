"""Runs the stages in order: ingest → language analysis → attributions → sources →
stories → (per story) claims → independence and conflicts → timeline → dossier.

The plain functions the CLI's commands wrap: :func:`analyze` (paths to dossier),
:func:`analyze_ingested` (articles already read to dossier) and :func:`extract_jsonl`
(attributions only, one JSON line per article).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from sourcetrace.assessment import assess
from sourcetrace.attribution import extract_attributions
from sourcetrace.claims import group_claims
from sourcetrace.dossier.models import (
    Article,
    ArticleAnalysis,
    Attribution,
    Claim,
    ClaimStatus,
    Conflict,
    Dossier,
    Entity,
    Generator,
    Span,
    Story,
)
from sourcetrace.ingest import IngestResult, load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.nlp import parse
from sourcetrace.progress import track
from sourcetrace.settings import Settings, plugin
from sourcetrace.sources import resolve_entities
from sourcetrace.store.database import Store
from sourcetrace.stories import StoryGroups, group_stories
from sourcetrace.timeline import extract_timeline
from sourcetrace.version import __version__

# What `extract --jsonl` prints of each attribution, besides its chain of names.
_EXTRACT_FIELDS = {"id", "source", "cue", "content", "speaker", "kind", "stance", "proposition", "sentence", "parent_id"}


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


def build_dossier(
    ingested: IngestResult, settings: Settings, store: Store | None = None,
    per_article: PerArticle | None = None, per_story: PerStory = map,
) -> Dossier:
    """Every stage after ingest, on articles already read. ``per_article`` runs the per-article
    stages (default: :func:`analyze_articles` here) and may drop articles it could not analyse
    (listed in ``ingested.skipped``); ``per_story`` maps each story's work (default: in turn)."""
    mark_reprints(ingested.articles, settings)
    analyses = (per_article or analyze_articles)(ingested.articles, settings, store)
    done = {an.article_id for an in analyses}
    articles = [a for a in ingested.articles if a.id in done]
    attributions = [a for an in analyses for a in an.attributions]
    entities = resolve_entities(articles, attributions, settings)
    groups = group_corpus(articles, settings, store)
    stories, claims, conflicts = analyze_stories(groups, articles, analyses, entities, settings, per_story)
    timeline = sorted(
        (t for an in analyses for t in an.timeline),
        key=lambda t: (t.sort_key is None, t.sort_key or "", t.article_id, t.start),
    )
    for t in timeline:
        t.story = groups.of_article.get(t.article_id)
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
        stories=stories,
    )
    if store is not None:
        store.put_dossier(dossier)
    return dossier


def group_corpus(articles: list[Article], settings: Settings, store: Store | None = None) -> StoryGroups:
    """Stories of the pile; with a store, articles already in a story keep it and the result is saved."""
    known = store.story_members() if store is not None else None
    groups = group_stories(articles, settings, known=known)
    if store is not None:
        store.put_story_members(groups.of_article)
    return groups


StoryWork = tuple[list[Article], list[ArticleAnalysis], list[Entity], Settings]
PerStory = Callable[[Callable[[StoryWork], tuple[list[Claim], list[Conflict]]], list[StoryWork]],
                    Iterable[tuple[list[Claim], list[Conflict]]]]
PerArticle = Callable[[list[Article], Settings, Store | None], list[ArticleAnalysis]]


def story_findings(work: StoryWork) -> tuple[list[Claim], list[Conflict]]:
    """One story's claims (with their independence) and conflicts; ids local to the story."""
    arts, ans, entities, settings = work
    atts: list[Attribution] = [a for an in ans for a in an.attributions]
    judge = plugin(settings, "contradiction_judge")
    claims = group_claims(arts, ans, entities, settings)
    return claims, assess(arts, atts, entities, claims, settings, judge=judge)  # type: ignore[arg-type]


def analyze_stories(
    groups: StoryGroups,
    articles: list[Article],
    analyses: list[ArticleAnalysis],
    entities: list[Entity],
    settings: Settings,
    per_story: PerStory = map,
) -> tuple[list[Story], list[Claim], list[Conflict]]:
    """Claims, independence and conflicts found within each story (entities are the corpus's),
    each story's work mapped by ``per_story`` (in turn by default; the Ray engine runs them as
    parallel tasks); claim and conflict ids numbered across the stories, earliest story first."""
    by_id = {a.id: a for a in articles}
    analysis_of = {an.article_id: an for an in analyses}
    works: list[StoryWork] = [
        ([by_id[i] for i in ids], [analysis_of[i] for i in ids], entities, settings) for ids in groups.members.values()
    ]
    stories: list[Story] = []
    claims: list[Claim] = []
    conflicts: list[Conflict] = []
    for (sid, member_ids), work, (own_claims, own_conflicts) in zip(
        groups.members.items(), works, per_story(story_findings, works), strict=True
    ):
        arts = work[0]
        atts = [a for an in work[1] for a in an.attributions]
        renamed = {c.id: f"c{len(claims) + n}" for n, c in enumerate(own_claims, 1)}
        for c in own_claims:
            c.id, c.story = renamed[c.id], sid
        for n, x in enumerate(own_conflicts, len(conflicts) + 1):
            x.id, x.a, x.b, x.story = f"x{n}", renamed.get(x.a, x.a), renamed.get(x.b, x.b), sid
        claims += own_claims
        conflicts += own_conflicts
        days = sorted(a.published for a in arts if a.published)
        stories.append(Story(
            id=sid, title=_story_title(arts), article_ids=member_ids,
            first_published=days[0] if days else None, last_published=days[-1] if days else None,
            attributions=len(atts), claims=len(own_claims),
            contested=sum(c.status is ClaimStatus.contested for c in own_claims), conflicts=len(own_conflicts),
        ))
    return stories, claims, conflicts


def _story_title(articles: list[Article]) -> str:
    """The earliest titled article's title, else the start of the earliest text."""
    title = next((a.title.strip() for a in articles if a.title and a.title.strip()), None)
    return title or " ".join(articles[0].text.split()[:12])


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
