"""A dossier of several stories renders as an index plus one report per story; story titles are
article text (hostile) and are escaped; one story's part holds only what belongs to it."""

from __future__ import annotations

import re
from pathlib import Path

from dossier_factory import make_dossier
from sourcetrace.dossier.models import Dossier, Story
from sourcetrace.dossier.select import story_dossier
from sourcetrace.render import write_reports
from sourcetrace.render.markdown import render_markdown

HOSTILE = '<img src=x onerror="window.__pwned=3">Story & co'


def two_stories() -> Dossier:
    """The factory's dossier split in two: its first article alone, then the others."""
    d = make_dossier(hostile=False)
    first, rest = d.articles[0].id, [a.id for a in d.articles[1:]]
    d.stories = [Story(id="story-aaaa", title=HOSTILE, article_ids=[first]),
                 Story(id="story-bbbb", title="The rest", article_ids=rest, claims=len(d.claims))]
    for c in d.claims:
        c.story = "story-bbbb"
    for x in d.conflicts:
        x.story = "story-bbbb"
    for t in d.timeline:
        t.story = "story-aaaa" if t.article_id == first else "story-bbbb"
    return d


def test_index_links_each_story_and_escapes_titles(tmp_path: Path) -> None:
    written = write_reports(two_stories(), html_path=tmp_path / "r.html")
    index = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert [p.name for p in written] == ["r.html", "story-aaaa.html", "story-bbbb.html"]
    assert re.findall(r'href="([^"]+)"', index) == ["r-stories/story-aaaa.html", "r-stories/story-bbbb.html"]
    assert "<img src=x" not in index and "&lt;img src=x onerror=" in index and "Story &amp; co" in index
    assert "script-src 'sha256-" in index.replace("&#39;", "'") and "<script src" not in index


def test_story_part_holds_only_its_findings() -> None:
    d = two_stories()
    alone = story_dossier(d, "story-aaaa")
    assert [a.id for a in alone.articles] == [d.articles[0].id]
    assert all(a.article_id == d.articles[0].id for a in alone.attributions)
    assert not alone.claims and not alone.conflicts and len(alone.stories) == 1
    rest = story_dossier(d, "story-bbbb")
    assert len(rest.claims) == len(d.claims) and len(rest.articles) == len(d.articles) - 1


def test_markdown_lists_the_stories_escaped() -> None:
    brief = render_markdown(two_stories())
    assert "## Stories (2)" in brief and "\\<img src=x" in brief and "*Story:* The rest" in brief
    assert "## Stories" not in render_markdown(make_dossier(hostile=False))
