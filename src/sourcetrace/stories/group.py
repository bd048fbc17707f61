"""Articles grouped into stories: the same event or developing story, before any cross-article stage.

Two articles belong together when their title and lead mean the same thing (MiniLM cosine), name
the same people and places, and appeared close in time. The score of a pair is

    cosine(title + lead) + NAME_WEIGHT x Jaccard(names of the leads) - time penalty(days apart)

where the time penalty is nothing within ``FREE_DAYS`` and then grows with the log of the gap, so
a story that develops over weeks can stay whole when its leads agree, while two similar events a
year apart do not join. Stories are built by average linkage over the candidate pairs only (each
article's nearest leads within ``WINDOW_DAYS``, found in date-sorted blocks, so the cost grows with
the number of articles times the articles of a window, not with all pairs): two groups merge
when the mean score over all their pairs (a pair that was no candidate counts 0) reaches
``settings.story_similarity``. Reprints start in their original's group, so they always share its
story. Groups known from a store (incremental runs) keep their id and never merge with each other;
new articles join one of them or form new stories.

A story's id is derived from its earliest article's id (by published date, then id), so a rerun of
the same pile gives the same ids.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from sourcetrace.dossier.models import Article, story_id
from sourcetrace.settings import Settings
from sourcetrace.sources.roots import original_article
from sourcetrace.text.embed import encode
from sourcetrace.text.words import proper_names, word_jaccard

__all__ = ["StoryGroups", "group_stories", "pair_score", "story_id", "story_text"]

# How much of the body counts as the lead (characters, cut at a word).
LEAD_CHARS = 400
# The names compared come from a longer stretch: a lead may name one party, the next lines the other.
NAMES_CHARS = 1000
NAME_WEIGHT = 0.3
# Days apart that cost nothing (same-event coverage on BASIL spans at most 4 days), then a penalty
# of TIME_WEIGHT per doubling of the gap beyond it, in units of TIME_SCALE days.
FREE_DAYS = 3
TIME_SCALE = 7.0
TIME_WEIGHT = 0.08
# Neighbours searched per article, and how far apart in time a candidate may be.
NEIGHBOURS = 30
WINDOW_DAYS = 120
_BLOCK = 512


def story_text(article: Article) -> str:
    """Title and lead: what the article says it is about."""
    lead = article.text[:LEAD_CHARS]
    if len(article.text) > LEAD_CHARS and " " in lead:
        lead = lead.rsplit(" ", 1)[0]
    title = (article.title or "").strip()
    return f"{title}. {lead.strip()}" if title else lead.strip()


def _day(article: Article) -> int | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10]).toordinal()
    except ValueError:
        return None


def time_penalty(days_apart: int | None) -> float:
    """What a gap of ``days_apart`` costs a pair's score (an undated side costs nothing)."""
    if days_apart is None or days_apart <= FREE_DAYS:
        return 0.0
    return TIME_WEIGHT * math.log2(1 + (days_apart - FREE_DAYS) / TIME_SCALE)


def pair_score(cosine: float, names_a: frozenset[str], names_b: frozenset[str], days_apart: int | None) -> float:
    """How much two articles look like one story (the module docstring's formula)."""
    return cosine + NAME_WEIGHT * word_jaccard(names_a, names_b) - time_penalty(days_apart)


def _order_key(article: Article) -> tuple[bool, str, str]:
    return (article.published is None, article.published or "", article.id)


def _candidates(emb: np.ndarray, days: list[int | None], k: int) -> Iterable[tuple[int, int, float]]:
    """(i, j, cosine) for each article's top-k neighbours among those within the window.

    Dated articles are taken in date order, a block at a time, against the dated articles within
    WINDOW_DAYS of the block; undated ones against everyone.
    """
    n = emb.shape[0]
    dated = sorted((d, i) for i, d in enumerate(days) if d is not None)
    order = np.asarray([i for _, i in dated], dtype=np.int64)
    sorted_days = np.asarray([d for d, _ in dated], dtype=np.int64)
    undated = np.asarray([i for i, d in enumerate(days) if d is None], dtype=np.int64)
    everyone = np.arange(n, dtype=np.int64)
    blocks: list[tuple[np.ndarray, np.ndarray]] = []
    for lo in range(0, len(order), _BLOCK):
        rows = order[lo : lo + _BLOCK]
        first = np.searchsorted(sorted_days, sorted_days[lo] - WINDOW_DAYS, side="left")
        last = np.searchsorted(sorted_days, sorted_days[min(lo + _BLOCK, len(order)) - 1] + WINDOW_DAYS, side="right")
        blocks.append((rows, np.concatenate([order[first:last], undated])))
    for lo in range(0, len(undated), _BLOCK):
        blocks.append((undated[lo : lo + _BLOCK], everyone))
    for rows, cols in blocks:
        sims = emb[rows] @ emb[cols].T
        sims[rows[:, None] == cols[None, :]] = -1.0  # not its own neighbour
        kk = min(k, len(cols))
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r, i in enumerate(rows):
            for c in top[r]:
                j = int(cols[c])
                if j != i and (d := float(sims[r, c])) > 0:
                    yield int(i), j, d


@dataclass
class StoryGroups:
    """Which story each article is in, and each story's articles (earliest first)."""

    of_article: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)


def group_stories(
    articles: Sequence[Article], settings: Settings, known: dict[str, str] | None = None,
    encoder: Callable[[list[str]], np.ndarray] = encode,
) -> StoryGroups:
    """Group ``articles`` into stories; ``known`` maps article ids already in a story (from a store)
    to its id: those stories keep their id and members, and new articles join them or start new ones.
    ``encoder`` gives unit-length rows, one per text (MiniLM by default)."""
    known = known or {}
    n = len(articles)
    by_id = {a.id: a for a in articles}
    index = {a.id: i for i, a in enumerate(articles)}
    # Start: known stories as one group each, then each reprint family (original first) as one group.
    parent = list(range(n))
    frozen: dict[int, str] = {}  # group root -> known story id
    first_of_story: dict[str, int] = {}
    for i, a in enumerate(articles):
        if a.id in known:
            sid = known[a.id]
            root = first_of_story.setdefault(sid, i)
            parent[i] = root
            frozen[root] = sid
    for i, a in enumerate(articles):
        if parent[i] != i:
            continue
        orig = index.get(original_article(a.id, by_id))
        if orig is not None and orig != i:
            target = parent[orig]
            if i in frozen and target in frozen:
                continue  # two stored stories stay apart
            parent[i] = target
            if i in frozen:
                frozen[target] = frozen.pop(i)
    # Reprint chains of length > 1 resolve in one more pass (a group's root is its own parent).
    for i in range(n):
        while parent[parent[i]] != parent[i]:
            parent[i] = parent[parent[i]]

    if n > 1:
        emb = encoder([story_text(a) for a in articles])
        names = [frozenset(proper_names(a.text[:NAMES_CHARS])) for a in articles]
        days = [_day(a) for a in articles]
        scores: dict[tuple[int, int], float] = {}
        for i, j, cos in _candidates(emb, days, NEIGHBOURS):
            key = (i, j) if i < j else (j, i)
            if key in scores:
                continue
            gap = None if days[i] is None or days[j] is None else abs(days[i] - days[j])  # type: ignore[operator]
            scores[key] = pair_score(cos, names[i], names[j], gap)
        _agglomerate(parent, frozen, scores, settings.story_similarity)

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(parent[i], []).append(i)
    out = StoryGroups()
    for root, idx in groups.items():
        members = sorted((articles[i] for i in idx), key=_order_key)
        sid = frozen.get(root) or story_id(members[0].id)
        out.members[sid] = [a.id for a in members]
        for a in members:
            out.of_article[a.id] = sid
    out.members = dict(sorted(out.members.items(), key=lambda kv: _order_key(by_id[kv[1][0]])))
    return out


def _agglomerate(parent: list[int], frozen: dict[int, str], scores: dict[tuple[int, int], float], threshold: float) -> None:
    """Average linkage over sparse pair scores, in place on ``parent`` (each index -> its group root)."""
    members: dict[int, list[int]] = {}
    for i, root in enumerate(parent):
        members.setdefault(root, []).append(i)
    size = {g: len(m) for g, m in members.items()}
    # Sum of pair scores between groups; pairs within a group are done.
    link: dict[int, dict[int, float]] = {g: {} for g in size}
    for (i, j), s in scores.items():
        a, b = parent[i], parent[j]
        if a != b:
            link[a][b] = link[a].get(b, 0.0) + s
            link[b][a] = link[b].get(a, 0.0) + s
    heap: list[tuple[float, int, int]] = []
    for a, nbrs in link.items():
        for b, total in nbrs.items():
            if a < b and total / (size[a] * size[b]) >= threshold:
                heapq.heappush(heap, (-total / (size[a] * size[b]), a, b))
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in link or b not in link or b not in link[a]:
            continue  # one side merged away since
        if abs(-neg - link[a][b] / (size[a] * size[b])) > 1e-9:
            continue  # stale: the groups have changed
        if a in frozen and b in frozen:
            continue  # two stored stories stay apart
        # The larger group absorbs the smaller (relabelling stays n log n); a stored story absorbs any.
        keep, gone = (a, b) if size[a] >= size[b] else (b, a)
        if gone in frozen:
            keep, gone = gone, keep
        for c, total in link.pop(gone).items():
            del link[c][gone]
            if c == keep:
                continue
            link[keep][c] = link[keep].get(c, 0.0) + total
            link[c][keep] = link[keep][c]
        size[keep] += size.pop(gone)
        for i in members[gone]:
            parent[i] = keep
        members[keep] += members.pop(gone)
        for c, total in link[keep].items():
            avg = total / (size[keep] * size[c])
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(keep, c), max(keep, c)))
