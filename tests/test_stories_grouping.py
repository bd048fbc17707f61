"""Stories: a mixed pile grouped by event; reprints with their original; ids stable; stores incremental.

The fast tests give the grouping a made-up encoder (one direction per topic word), so they test
the linkage, the reprint rule, the ids and the incremental path without loading MiniLM; the slow
ones use the real encoder on articles written for these tests.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.dossier.models import Article
from sourcetrace.evaluation.grouping import score_grouping
from sourcetrace.ingest import load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.settings import Settings
from sourcetrace.stories import group_stories, pair_score, story_id
from sourcetrace.stories.group import time_penalty

TOPICS = ("flood", "election", "strike", "merger")


def topic_encoder(texts: list[str]) -> np.ndarray:
    """A unit vector per text: along the axis of the first topic word it names, a little noise."""
    rng = np.random.default_rng(7)
    rows = []
    for text in texts:
        v = rng.normal(0, 0.05, len(TOPICS) + 1)
        hit = next((i for i, t in enumerate(TOPICS) if t in text.lower()), len(TOPICS))
        v[hit] += 1.0
        rows.append(v / np.linalg.norm(v))
    return np.asarray(rows, dtype=np.float32)


def article(aid: str, text: str, published: str | None = "2025-05-01", title: str | None = None,
            reprint_of: str | None = None) -> Article:
    return Article(id=aid, file=f"{aid}.txt", format="txt", title=title, published=published, text=text,
                   content_hash=hashlib.sha256(text.encode()).hexdigest(), reprint_of=reprint_of)


def pile() -> list[Article]:
    return [
        article("f1", "The flood in Norrvik closed the bridge.", "2025-05-01"),
        article("f2", "Flood waters in Norrvik rose again overnight.", "2025-05-02"),
        article("e1", "The election in Kaldera drew long queues.", "2025-05-01"),
        article("e2", "Election officials in Kaldera counted late.", "2025-05-03"),
        article("s1", "A strike at the Brenmoor docks began.", "2025-05-02"),
    ]


def test_a_mixed_pile_splits_by_event() -> None:
    groups = group_stories(pile(), Settings(), encoder=topic_encoder)
    stories = sorted(sorted(m) for m in groups.members.values())
    assert stories == [["e1", "e2"], ["f1", "f2"], ["s1"]]
    assert set(groups.of_article) == {"f1", "f2", "e1", "e2", "s1"}


def test_a_reprint_is_always_in_its_originals_story() -> None:
    # The reprint's lead is about another topic (a new headline and intro), yet it copies f1.
    arts = [*pile(), article("r1", "Merger talk aside, the flood ...", "2025-05-04", reprint_of="f1")]
    arts[-1].text = "Merger news first. " + arts[-1].text
    groups = group_stories(arts, Settings(), encoder=topic_encoder)
    assert groups.of_article["r1"] == groups.of_article["f1"]


def test_story_ids_come_from_the_earliest_article_and_survive_reordering() -> None:
    first = group_stories(pile(), Settings(), encoder=topic_encoder)
    shuffled = pile()
    random.Random(3).shuffle(shuffled)
    again = group_stories(shuffled, Settings(), encoder=topic_encoder)
    assert first.of_article == again.of_article
    assert first.of_article["f2"] == story_id("f1")
    # Listed earliest first, each story's members too.
    assert next(iter(first.members)) in {story_id("f1"), story_id("e1")}
    assert first.members[story_id("e1")] == ["e1", "e2"]


def test_new_articles_join_known_stories_and_known_stories_never_merge() -> None:
    known = {"f1": "story-old-flood", "f2": "story-old-flood", "e1": "story-old-vote", "e2": "story-old-vote"}
    arts = [*pile(), article("f0", "An earlier flood report from Norrvik.", "2025-04-30"),
            article("m1", "The merger of two Ostvik banks was approved.", "2025-05-05")]
    groups = group_stories(arts, Settings(), known=known, encoder=topic_encoder)
    # f0 is earlier than f1 but joins the stored story, which keeps its id.
    assert groups.of_article["f0"] == "story-old-flood"
    assert groups.of_article["m1"] not in {"story-old-flood", "story-old-vote"}
    # Even at a threshold that would join everything, two stored stories stay apart.
    loose = group_stories(arts, Settings(story_similarity=0.0), known=known, encoder=topic_encoder)
    assert loose.of_article["f1"] != loose.of_article["e1"]


def test_time_apart_costs_only_beyond_a_few_days_and_grows_slowly() -> None:
    assert time_penalty(None) == 0.0
    assert time_penalty(0) == time_penalty(3) == 0.0
    assert 0 < time_penalty(10) < time_penalty(30) < time_penalty(365)
    assert time_penalty(21) < 0.2  # a story that develops over weeks can stay whole
    names = frozenset({"norrvik", "bridge"})
    assert pair_score(0.6, names, names, 0) > pair_score(0.6, names, frozenset(), 0) > pair_score(0.6, names, frozenset(), 200)


def test_score_grouping_counts_both_errors() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = score_grouping({"a": 1, "b": 1, "c": 2, "d": 2}, gold)
    assert perfect["bcubed"]["f1"] == perfect["pairwise"]["f1"] == 1.0
    joined = score_grouping({"a": 1, "b": 1, "c": 1, "d": 1}, gold)
    assert joined["bcubed"]["r"] == 1.0 and joined["bcubed"]["p"] == 0.5
    assert joined["wrongly_joined_pairs"] == 4 and joined["wrongly_split_pairs"] == 0
    split = score_grouping({"a": 1, "b": 2, "c": 3, "d": 4}, gold)
    assert split["bcubed"]["p"] == 1.0 and split["bcubed"]["r"] == 0.5
    assert split["wrongly_split_pairs"] == 2 and split["pairwise"]["f1"] == 0.0


@given(st.lists(st.integers(0, 4), min_size=1, max_size=30), st.lists(st.integers(0, 4), min_size=30, max_size=30))
def test_grouping_scores_are_proportions_and_gold_scores_one(gold_labels: list[int], pred_labels: list[int]) -> None:
    gold = {str(i): g for i, g in enumerate(gold_labels)}
    pred = {str(i): pred_labels[i] for i in range(len(gold_labels))}
    figures = score_grouping(pred, gold)
    for kind in ("bcubed", "pairwise"):
        assert all(0.0 <= figures[kind][k] <= 1.0 for k in ("p", "r", "f1"))
    assert score_grouping(gold, gold)["bcubed"]["f1"] == 1.0


def test_the_example_story_stays_one_story(example_dir: Path, models: None) -> None:
    paths = sorted(str(p) for p in example_dir.iterdir() if p.name not in {"README.md", "EXPECTED.md"})
    articles = load_inputs(paths, Settings()).articles
    mark_reprints(articles, Settings())
    groups = group_stories(articles, Settings())
    assert len(groups.members) == 1 and len(articles) == 7


def test_a_two_outlet_story_weeks_apart_stays_one_and_an_unrelated_one_stays_apart(models: None) -> None:
    arts = [
        article("k1", "Engineers found a crack in the Tamsel dam on Tuesday and the valley towns below it were "
                "told to prepare for evacuation, the regional water board said.", "2025-03-04",
                title="Crack found in Tamsel dam; valley towns told to prepare"),
        article("k2", "Three weeks after a crack was found in the Tamsel dam, the regional water board said repairs "
                "would take until autumn and the valley towns could stay.", "2025-03-26",
                title="Tamsel dam repairs to last until autumn, water board says"),
        article("z1", "The Orvane city council voted to close two public libraries and raise parking fees to "
                "cover a budget gap, the mayor's office said.", "2025-03-05",
                title="Orvane council closes libraries to fill budget gap"),
    ]
    groups = group_stories(arts, Settings())
    assert groups.of_article["k1"] == groups.of_article["k2"] != groups.of_article["z1"]
