"""``--engine ray``: the per-article stages on Ray Data, each story's stages as Ray tasks.

Reading and reprint detection stay in the driver (both near-linear and cheap). The per-article
stages (parse, attributions, timeline) run as ``map_batches`` over an actor pool: each actor
loads spaCy, the tagger and MiniLM once, then analyses batches of articles and embeds their title
and lead for the grouping (so the driver never loads the encoder); the analyses and vectors are
written as Parquet shards and read back. An article whose analysis raises is retried once on its
own, then listed in ``skipped`` with the error: nothing is lost silently. Entities and the story
grouping run in the driver over the whole pile; then each story's claims, independence and
conflicts run as one Ray task, the largest stories first (so that no worker is left with a big
one at the end while the other idles). The stages are the local engine's own functions, so both engines
give the same dossier.

Ray is an optional extra (``pip install sourcetrace[ray]``); it is imported only here, lazily.
"""

from __future__ import annotations

import logging
import os
import resource
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.dossier.models import Article, ArticleAnalysis, Dossier, Skipped
from sourcetrace.errors import Errors, UsageError
from sourcetrace.ingest import IngestResult
from sourcetrace.pipeline import StoryWork, analyze_article, build_dossier, open_store
from sourcetrace.settings import Settings
from sourcetrace.store.database import Store
from sourcetrace.stories.group import story_text
from sourcetrace.text.embed import encode, remember

# Articles per batch handed to an actor: small enough that one slow article does not idle a worker.
BATCH = 8


def _ray() -> Any:
    try:
        # lazy: Ray is an optional extra and takes seconds to import
        import ray
    except ImportError as exc:
        raise UsageError(Errors.E051.format(detail=str(exc))) from exc
    return ray


class ArticleAnalyser:
    """A Ray Data actor: the models load once, in the constructor; each call analyses a batch."""

    def __init__(self, settings_json: str) -> None:
        # lazy: the parse loads spaCy, the tagger and the encoder, once per actor
        from sourcetrace.nlp import parse

        self.settings = Settings.model_validate_json(settings_json)
        self.parse = parse
        warm = Article(id="warm-up", file="-", format="txt", text="A spokesperson said the office was closed.",
                       content_hash="0")
        for article, doc in self.parse([warm]):
            analyze_article(article, doc, self.settings)

    def _one(self, article: Article) -> tuple[str, str]:
        for art, doc in self.parse([article]):
            return analyze_article(art, doc, self.settings).model_dump_json(), ""
        return "", "no parse"

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        articles = [Article.model_validate_json(a) for a in batch["article"]]
        out: dict[str, list[Any]] = {"article_id": [], "analysis": [], "error": [], "worker": [], "peak_mb": [],
                                     "story_vector": []}
        try:
            results = [(a.id, analyze_article(a, doc, self.settings).model_dump_json(), "")
                       for a, doc in self.parse(articles)]
        except Exception:  # one bad article spoils the batch: retry each alone, keep the errors
            results = []
            for a in articles:
                try:
                    results.append((a.id, *self._one(a)))
                except Exception as exc:
                    results.append((a.id, "", f"{type(exc).__name__}: {exc}"))
        # the grouping's title-and-lead vectors, here where the encoder is loaded already
        vectors = [v.astype("float32").tobytes() for v in encode([story_text(a) for a in articles])]
        # The actor's peak resident memory so far (Linux reports KiB): the benchmark's per-worker figure.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for (aid, analysis, error), vector in zip(results, vectors, strict=True):
            out["story_vector"].append(vector)
            out["article_id"].append(aid)
            out["analysis"].append(analysis)
            out["error"].append(error)
            out["worker"].append(os.getpid())
            out["peak_mb"].append(peak)
        return out


class RayPerArticle:
    """The per-article stages on Ray Data: an actor pool of ``workers``, Parquet shards in ``shards``;
    articles that could not be analysed are appended to ``skipped`` (the run's list)."""

    def __init__(self, workers: int, shards: Path, skipped: list[Skipped]) -> None:
        self.workers, self.shards, self.skipped = workers, shards, skipped
        self.peak_mb: dict[int, float] = {}  # worker pid -> its peak resident memory (MiB)

    def __call__(self, articles: list[Article], settings: Settings, store: Store | None) -> list[ArticleAnalysis]:
        ray = _ray()
        cached = store.cached_analyses(articles) if store is not None else {}
        todo = [a for a in articles if a.id not in cached]
        fresh: dict[str, ArticleAnalysis] = {}
        if todo:
            ds = ray.data.from_items([{"article": a.model_dump_json()} for a in todo])
            ds = ds.map_batches(
                ArticleAnalyser, fn_constructor_kwargs={"settings_json": settings.model_dump_json()},
                batch_size=BATCH, compute=ray.data.ActorPoolStrategy(size=self.workers), num_cpus=1,
                batch_format="numpy",
            )
            ds.write_parquet(str(self.shards))
            # lazy: pyarrow comes with Ray Data; reading the shards in the driver needs no cluster round trip
            import pyarrow.parquet as pq

            by_id = {a.id: a for a in todo}
            texts, vectors = [], []
            for row in pq.read_table(str(self.shards)).to_pylist():
                texts.append(story_text(by_id[row["article_id"]]))
                vectors.append(np.frombuffer(row["story_vector"], dtype=np.float32))
                self.peak_mb[row["worker"]] = max(self.peak_mb.get(row["worker"], 0.0), row["peak_mb"])
                if row["error"]:
                    self.skipped.append(Skipped(input=row["article_id"], reason=Errors.E052.format(
                        article=row["article_id"], detail=row["error"])))
                else:
                    an = ArticleAnalysis.model_validate_json(row["analysis"])
                    fresh[an.article_id] = an
            remember(texts, vectors)
            if store is not None:
                store.put_analyses(list(fresh.values()))
        return [an for a in articles if (an := cached.get(a.id) or fresh.get(a.id)) is not None]


def ray_per_story(ray: Any) -> Callable[[Callable[[StoryWork], Any], list[StoryWork]], Iterable[Any]]:
    """Each story's cross-article stages as one Ray task, submitted largest first (by attributions:
    the claims' pairwise work grows with them); results in the stories' order."""

    def run(fn: Callable[[StoryWork], Any], works: list[StoryWork]) -> list[Any]:
        task = ray.remote(num_cpus=1, max_retries=2)(fn)
        order = sorted(range(len(works)), key=lambda n: -sum(len(an.attributions) for an in works[n][1]))
        refs = {n: task.remote(works[n]) for n in order}
        return ray.get([refs[n] for n in range(len(works))])

    return run


def analyze_ray(ingested: IngestResult, settings: Settings, workers: int = 2, address: str | None = None,
                peaks: dict[int, float] | None = None) -> Dossier:
    """The dossier of articles already read, with the per-article and per-story work on Ray
    (a local cluster of ``workers`` CPUs unless ``address`` names a running one). ``peaks``, when
    given, receives each per-article worker's peak memory in MiB, by process id."""
    ray = _ray()
    # Ray Data's progress lines would bury the run's own messages
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    ray.data.DataContext.get_current().enable_progress_bars = False
    started = not ray.is_initialized()
    if started:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    store = open_store(settings)
    try:
        if store is not None:
            store.put_articles(ingested.articles)
        with tempfile.TemporaryDirectory(prefix="sourcetrace-shards-") as tmp:
            per_article = RayPerArticle(workers, Path(tmp), ingested.skipped)
            dossier = build_dossier(ingested, settings, store, per_article=per_article, per_story=ray_per_story(ray))
            if peaks is not None:
                peaks.update(per_article.peak_mb)
            return dossier
    finally:
        if store is not None:
            store.close()
        if started:
            ray.shutdown()


__all__ = ["ArticleAnalyser", "RayPerArticle", "analyze_ray"]
