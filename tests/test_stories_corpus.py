"""A corpus of two stories through the whole pipeline and the CLI: each story its own claims and
conflicts, every finding naming its story, an HTML index with one report per story, the story
column in Markdown and CSV, ``stories --db``, ``report --story`` and an incremental rerun.

The second story (a made-up dam and a made-up water board) is written for this test.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli.app import app
from sourcetrace.dossier.models import Dossier, load_dossier, migrate

DAM = {
    "tamsel-herald.md": (
        "Crack found in Tamsel dam; valley towns told to prepare", "The Tamsel Herald", "2025-03-04",
        "Engineers found a crack in the Tamsel dam on Tuesday, and the valley towns below it were told to "
        "prepare for an evacuation, the regional water board said.\n\nThe board's chief engineer, Ilse Marrow, "
        "said the crack was 40 metres long. \"We are not evacuating anyone tonight,\" she said.\n",
    ),
    "valley-post.md": (
        "Water board denies Tamsel dam is at risk of failing", "Valley Post", "2025-03-05",
        "The regional water board denied on Wednesday that the Tamsel dam was at risk of failing, a day after "
        "engineers found a crack in its wall.\n\nIlse Marrow, the board's chief engineer, said the crack was "
        "25 metres long and had been sealed.\n",
    ),
}
LATE = (
    "Tamsel dam repairs to last until autumn, water board says", "The Tamsel Herald", "2025-03-12",
    "A week after a crack was found in the Tamsel dam, the regional water board said on Wednesday that repairs "
    "would last until autumn and that the valley towns could stay.\n\nIlse Marrow, the chief engineer, "
    "said the board would publish weekly inspection reports.\n",
)


def _write(folder: Path, name: str, title: str, outlet: str, published: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {json.dumps(title)}\noutlet: {json.dumps(outlet)}\npublished: {published}\n---\n\n{body}",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, example_dir: Path, models: None) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("corpus")
    dam = tmp / "dam"
    dam.mkdir()
    for name, fields in DAM.items():
        _write(dam, name, *fields)
    example = sorted(str(p) for p in example_dir.iterdir() if p.name not in {"README.md", "EXPECTED.md"})
    out = tmp / "out"
    out.mkdir()  # outputs go into a folder that exists (E062 otherwise)
    result = CliRunner().invoke(app, [
        "analyze", *example, str(dam), "-o", str(out / "dossier.json"), "--html", str(out / "report.html"),
        "--md", str(out / "brief.md"), "--csv", str(out / "csv"), "--db", str(tmp / "store.duckdb"),
    ])
    assert result.exit_code == 0, result.output
    return {"tmp": tmp, "dam": dam, "out": out, "db": tmp / "store.duckdb", "example": Path(example[0]).parent}


def _dossier(corpus: dict[str, Path]) -> Dossier:
    return load_dossier(corpus["out"] / "dossier.json")


def test_each_story_has_its_own_findings_and_every_finding_names_its_story(corpus: dict[str, Path]) -> None:
    d = _dossier(corpus)
    assert len(d.stories) == 2
    members = {st.id: set(st.article_ids) for st in d.stories}
    assert sorted(len(m) for m in members.values()) == [2, 7]
    story_of = {a: sid for sid, ids in members.items() for a in ids}
    att_article = {a.id: a.article_id for a in d.attributions}
    claim_story = {c.id: c.story for c in d.claims}
    for c in d.claims:
        assert c.story in members and set(c.article_ids) <= members[c.story]
    for x in d.conflicts:
        for side in (x.a, x.b):  # an attribution's or a claim's: either way inside the conflict's story
            assert (story_of.get(att_article.get(side, "")) or claim_story.get(side)) == x.story
    assert all(t.story == story_of[t.article_id] for t in d.timeline)
    # The example story keeps its planted findings' scale; the counts add up.
    example = next(st for st in d.stories if len(st.article_ids) == 7)
    assert example.claims == sum(c.story == example.id for c in d.claims) and example.claims >= 30
    assert sum(st.conflicts for st in d.stories) == len(d.conflicts)
    assert [c.id for c in d.claims] == [f"c{n}" for n in range(1, len(d.claims) + 1)]


def test_the_html_index_links_one_report_per_story(corpus: dict[str, Path]) -> None:
    index = (corpus["out"] / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) == 2
    for link in links:
        page = (corpus["out"] / link).read_text(encoding="utf-8")
        assert "Content-Security-Policy" in page and "connect-src" in page
    assert "http://" not in index and "https://" not in index  # nothing loaded from the network
    assert 'data-sort="contested"' in index and "Crack found in Tamsel dam" in index


def test_markdown_and_csv_carry_the_story(corpus: dict[str, Path]) -> None:
    brief = (corpus["out"] / "brief.md").read_text(encoding="utf-8")
    assert "## Stories (2)" in brief and "*Story:* " in brief
    with (corpus["out"] / "csv" / "claims.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["story"].startswith("story-") for r in rows)
    with (corpus["out"] / "csv" / "stories.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 2


def test_stories_command_and_report_of_one_story(corpus: dict[str, Path]) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["stories", "--db", str(corpus["db"])])
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("story-") for line in lines)
    sid = next(line.split("\t")[0] for line in lines if "Tamsel" in line)
    md = corpus["tmp"] / "one.md"
    one = runner.invoke(app, ["report", str(corpus["out"] / "dossier.json"), "--story", sid, "--md", str(md)])
    assert one.exit_code == 0, one.output
    text = md.read_text(encoding="utf-8")
    assert "Tamsel" in text and "Valdoria" not in text and "## Stories" not in text
    missing = runner.invoke(app, ["report", str(corpus["out"] / "dossier.json"), "--story", "story-nope", "--md", str(md)])
    assert missing.exit_code == 1 and "E032" in missing.output


def test_a_rerun_with_a_new_article_joins_its_story_and_keeps_the_ids(corpus: dict[str, Path]) -> None:
    before = {st.id: st.article_ids for st in _dossier(corpus).stories}
    _write(corpus["dam"], "valley-post-later.md", *LATE)
    example = sorted(str(p) for p in corpus["example"].iterdir() if p.name not in {"README.md", "EXPECTED.md"})
    out = corpus["tmp"] / "rerun.json"
    result = CliRunner().invoke(app, ["analyze", *example, str(corpus["dam"]), "-o", str(out), "--db", str(corpus["db"])])
    assert result.exit_code == 0, result.output
    after = {st.id: st.article_ids for st in load_dossier(out).stories}
    assert set(after) == set(before)
    dam = next(sid for sid, ids in before.items() if len(ids) == 2)
    assert len(after[dam]) == 3 and set(before[dam]) < set(after[dam])


def test_a_version_1_dossier_reads_as_one_story() -> None:
    data = {"schema": "sourcetrace.dossier/1", "generator": {"version": "0"}, "created": "2025-01-01",
            "articles": [{"id": "b", "file": "b.txt", "format": "txt", "text": "x", "content_hash": "h",
                          "published": "2025-01-02"},
                         {"id": "a", "file": "a.txt", "format": "txt", "text": "y", "content_hash": "i",
                          "published": "2025-01-01", "title": "First"}],
            "claims": [{"id": "c1", "text": "y", "status": "contested"}]}
    d = Dossier.model_validate(migrate(data))
    assert d.schema_ == "sourcetrace.dossier/2" and len(d.stories) == 1
    assert d.stories[0].article_ids == ["a", "b"] and d.stories[0].title == "First" and d.stories[0].contested == 1
    assert d.claims[0].story == d.stories[0].id
