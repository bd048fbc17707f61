"""Runs the stages in order: ingest → language analysis → attributions → sources →
stories → (per story) claims → independence and conflicts → timeline → dossier.

The plain functions the CLI's commands wrap: :func:`analyze` (paths to dossier),
:func:`analyze_ingested` (articles already read to dossier) and :func:`extract_jsonl`
(attributions only, one JSON line per article).

Each article is analysed under a budget: its text is parsed in sections (``nlp.parse_text``),
and its analysis stops at ``settings.article_timeout`` seconds with a skip reason (E070), the
batch going on. With a store, each analysis is committed as it completes, so an interrupted
run (SIGINT) keeps what it finished and a rerun resumes (E071). A rerun also reuses the grouping's
title-and-lead embeddings and the findings of every story whose inputs did not change (the
store's ``findings_key``), so adding a few articles to a stored corpus costs about those articles.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import numpy as np

from sourcetrace.assessment import assess
from sourcetrace.attribution import extract_attributions
from sourcetrace.attribution.tagger import load_tagger
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
    Skipped,
    Span,
    Story,
)
from sourcetrace.errors import Errors, Interrupted
from sourcetrace.ingest import IngestResult, load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.nlp import load_nlp, parse_text
from sourcetrace.progress import track
from sourcetrace.settings import Settings, plugin
from sourcetrace.sources import resolve_entities
from sourcetrace.sources.outlets import load_outlets
from sourcetrace.sources.roots import entities_used
from sourcetrace.store.database import Store, findings_key
from sourcetrace.stories import StoryGroups, group_stories
from sourcetrace.text.embed import encode
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


class ArticleTimeout(BaseException):
    """An article's analysis ran past ``settings.article_timeout``.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` in a stage swallows it.
    """


def _on_alarm(signum: int, frame: object) -> None:
    raise ArticleTimeout


def _main_thread() -> bool:
    # signal handlers can only be set from the main thread; elsewhere there is no time limit
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


@contextmanager
def article_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the body once ``seconds`` have passed (SIGALRM, main thread only)."""
    if not seconds or not _main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Hold a SIGINT that arrives in the body until it ends, so a store write is never cut in half."""
    if not _main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def interrupted(db: Path | None) -> Interrupted:
    """The error of a run interrupted outside the article loop (E072), saying what was kept."""
    detail = (f"the analyses finished are kept in {db}: run the same command again to resume" if db is not None
              else "nothing was written (with --db the articles finished are kept)")
    return Interrupted.coded(Errors.E072, detail=detail)


def _warm(settings: Settings) -> None:
    """Load the models before any article's clock starts: loading is not the article's time."""
    load_nlp()
    if settings.use_tagger:
        load_tagger(settings.attribution_model)
    plugin(settings, "speaker_resolver")


def _label(article: Article) -> str:
    return f"{article.file}:record {article.record}" if article.record is not None else article.file


def analyze_articles(
    articles: list[Article], settings: Settings, store: Store | None = None, skipped: list[Skipped] | None = None
) -> list[ArticleAnalysis]:
    """Run the per-article stages, reusing cached analyses of unchanged articles.

    Returns the analyses of the articles that were analysed, in order; an article that ran out of
    time is left out and listed in ``skipped``. With a store, each analysis is stored as soon as it
    is done; an interrupt raises :class:`Interrupted` with what was kept.
    """
    cached: dict[str, ArticleAnalysis] = {}
    if store is not None:
        cached = store.cached_analyses(articles)
    todo = [a for a in articles if a.id not in cached]
    fresh: dict[str, ArticleAnalysis] = {}
    try:
        if todo:
            _warm(settings)
        for article in track(todo, "Analysing articles", len(todo), settings.progress):
            if len(article.text) > settings.max_article_chars:
                # past this length one article's findings outgrow the memory budget (1 MB of prose peaked at
                # 3.7 GB, 300,000 characters at 1.7 GB): skipped with its reason, the batch goes on
                if skipped is not None:
                    skipped.append(Skipped(input=_label(article), reason=Errors.E073.format(
                        path=_label(article), chars=len(article.text), limit=settings.max_article_chars)))
                continue
            try:
                with article_budget(settings.article_timeout):
                    analysis = analyze_article(article, parse_text(article.text), settings)
            except ArticleTimeout:
                reason = Errors.E070.format(path=_label(article), seconds=settings.article_timeout)
                if skipped is not None:
                    skipped.append(Skipped(input=_label(article), reason=reason))
                continue
            fresh[article.id] = analysis
            if store is not None:
                with _interrupt_deferred():
                    store.put_analyses([analysis])
    except KeyboardInterrupt as exc:
        if store is None:
            raise interrupted(None) from exc
        done = len(cached) + len(fresh)
        raise Interrupted.coded(Errors.E071, done=done, total=len(articles), db=store.path) from exc
    return [an for a in articles if (an := cached.get(a.id) or fresh.get(a.id)) is not None]


def build_dossier(
    ingested: IngestResult, settings: Settings, store: Store | None = None,
    per_article: PerArticle | None = None, per_story: PerStory = map,
) -> Dossier:
    """Every stage after ingest, on articles already read. ``per_article`` runs the per-article
    stages (default: :func:`analyze_articles` here) and may drop articles it could not analyse
    (listed in ``ingested.skipped``); ``per_story`` maps each story's work (default: in turn)."""
    mark_reprints(ingested.articles, settings)
    out_of_time: list[Skipped] = []
    if per_article is None:
        analyses = analyze_articles(ingested.articles, settings, store, out_of_time)
    else:
        analyses = per_article(ingested.articles, settings, store)
    # an article that ran out of time is in `skipped`, not among the articles analysed
    skipped = [*ingested.skipped, *out_of_time]
    done = {an.article_id for an in analyses}
    articles = [a for a in ingested.articles if a.id in done]
    attributions = [a for an in analyses for a in an.attributions]
    entities = resolve_entities(articles, attributions, settings)
    groups = group_corpus(articles, settings, store)
    stories, claims, conflicts = analyze_stories(groups, articles, analyses, entities, settings, per_story, store)
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
        skipped=skipped,
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
    if store is None:
        return group_stories(articles, settings)
    groups = group_stories(articles, settings, known=store.story_members(), encoder=_stored_encoder(store))
    store.put_story_members(groups.of_article)
    return groups


def _stored_encoder(store: Store) -> Callable[[list[str]], np.ndarray]:
    """:func:`encode` through the store: only texts it has not embedded before are encoded (a
    rerun's titles and leads are mostly known), and the store keeps exactly this run's."""

    def run(texts: list[str]) -> np.ndarray:
        have = store.cached_embeddings(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in have]
        new = dict(zip(todo, encode(todo), strict=True)) if todo else {}
        with _interrupt_deferred():
            store.put_embeddings(new, keep=texts)
        have |= new
        return np.stack([have[t] for t in texts])

    return run


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
    store: Store | None = None,
) -> tuple[list[Story], list[Claim], list[Conflict]]:
    """Claims, independence and conflicts found within each story (entities are the corpus's),
    each story's work mapped by ``per_story`` (in turn by default; the Ray engine runs them as
    parallel tasks); claim and conflict ids numbered across the stories, earliest story first.
    With a store, a story whose inputs are unchanged (:func:`findings_key`) reuses its stored findings."""
    by_id = {a.id: a for a in articles}
    analysis_of = {an.article_id: an for an in analyses}
    by_ent = {e.id: e for e in entities}
    outlets = load_outlets(settings.outlets_file)
    works: list[StoryWork] = []
    for ids in groups.members.values():
        arts, ans = [by_id[i] for i in ids], [analysis_of[i] for i in ids]
        # only the entities this story's findings read: a story's task carries its own, not the corpus's
        used = entities_used(arts, (att for an in ans for att in an.attributions), by_ent, outlets)
        works.append((arts, ans, used, settings))
    results = _findings(works, list(groups.members), settings, per_story, store)
    stories: list[Story] = []
    claims: list[Claim] = []
    conflicts: list[Conflict] = []
    for (sid, member_ids), work, (own_claims, own_conflicts) in zip(
        groups.members.items(), works, results, strict=True
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


def _findings(
    works: list[StoryWork], story_ids: list[str], settings: Settings, per_story: PerStory, store: Store | None,
) -> list[tuple[list[Claim], list[Conflict]]]:
    """Each story's findings, in order: from the store where its key is known, else computed (by
    ``per_story``, the misses only) and stored, so the next run reuses them."""
    if store is None:
        return list(per_story(story_findings, works))
    keys = [findings_key(arts, ans, used, settings) for arts, ans, used, _ in works]
    cached = store.cached_findings(keys)
    todo = [n for n, k in enumerate(keys) if k not in cached]
    fresh = dict(zip(todo, per_story(story_findings, [works[n] for n in todo]), strict=True))
    # stored before analyze_stories renumbers the ids in place: the store keeps them local to the story
    with _interrupt_deferred():
        store.put_findings({keys[n]: (story_ids[n], *fresh[n]) for n in todo}, keep=keys)
    return [fresh[n] if n in fresh else cached[k] for n, k in enumerate(keys)]


def _story_title(articles: list[Article]) -> str:
    """The earliest titled article's title, else the start of the earliest text."""
    title = next((a.title.strip() for a in articles if a.title and a.title.strip()), None)
    return title or " ".join(articles[0].text.split()[:12])


def empty_dossier(ingested: IngestResult) -> Dossier:
    """The dossier of a run that found nothing usable: no findings, every input in ``skipped``."""
    return Dossier(
        generator=Generator(version=__version__),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        articles=ingested.articles,
        skipped=ingested.skipped,
    )


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
    if ingested.articles:
        _warm(settings)
    for article in ingested.articles:
        try:
            with article_budget(settings.article_timeout):
                attributions = extract_attributions(article, parse_text(article.text), settings)
        except ArticleTimeout:
            reason = Errors.E070.format(path=_label(article), seconds=settings.article_timeout)
            ingested.skipped.append(Skipped(input=_label(article), reason=reason))
            continue
        record = {
            "file": article.file,
            "id": article.id,
            "attributions": [
                a.model_dump(mode="json", include=_EXTRACT_FIELDS) | {"chain": a.chain_names}
                for a in attributions
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
