"""eval stories: name matching, the FORMAT.md figures on a hand-built dossier, offset gold round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.dossier.models import (
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    Conflict,
    ConflictKind,
    Dossier,
    Entity,
    Generator,
    Span,
    Speaker,
)
from sourcetrace.evaluation.stories import figures, match_attributions, same_name, score_story
from sourcetrace.evaluation.story_gold import (
    article_markdown,
    basil_body,
    locate,
    materialise,
    to_offsets,
)

TEXT_A = (
    "The harbour board denied on Monday that the pier was unsafe, a board spokeswoman, Lena Voss, said. "
    "\"The pier is sound,\" Voss told the Gazette. Inspectors said the pier had three cracks."
)
TEXT_B = "Lena Voss said the pier is sound. The mayor said repairs would cost $2 million."


def _span(text: str, part: str, before: int | None = None) -> Span:
    """``part`` in ``text``: its first occurrence, or the last one before ``before``."""
    start = text.index(part) if before is None else text.rindex(part, 0, before)
    return Span(start=start, end=start + len(part), text=part)


def _att(aid: str, article: str, text: str, source: str, cue: str, content: str, speaker: str,
         chain: list[str], entity: str) -> Attribution:
    c = _span(text, content)
    return Attribution(
        id=aid, article_id=article, source=_span(text, source), cue=_span(text, cue, c.start),
        content=c, sentence=c, speaker=Speaker(name=speaker), chain_names=chain, chain=[entity],
        speaker_entity=entity,
    )


def _dossier() -> Dossier:
    arts = [
        Article(id="a", file="stories/x/gazette.md", format="md", outlet="Gazette", text=TEXT_A, content_hash="1"),
        Article(id="b", file="stories/x/courier.md", format="md", outlet="Courier", text=TEXT_B, content_hash="2"),
    ]
    atts = [
        _att("a:a1", "a", TEXT_A, "a board spokeswoman, Lena Voss", "said", "The pier is sound", "Lena Voss",
             ["Gazette", "Lena Voss"], "ent:lena-voss"),
        _att("a:a2", "a", TEXT_A, "Inspectors", "said", "the pier had three cracks", "Inspectors",
             ["Gazette", "Inspectors"], "ent:inspectors"),
        _att("b:a1", "b", TEXT_B, "Lena Voss", "said", "the pier is sound", "Lena Voss",
             ["Courier", "Lena Voss"], "ent:lena-voss"),
        _att("b:a2", "b", TEXT_B, "The mayor", "said", "repairs would cost $2 million", "the mayor",
             ["Courier", "the mayor"], "ent:mayor"),
    ]
    ents = [Entity(id="ent:lena-voss", name="Lena Voss", affiliation="ent:board"),
            Entity(id="ent:board", name="Harbour Board"), Entity(id="ent:inspectors", name="Inspectors"),
            Entity(id="ent:mayor", name="the mayor")]
    claims = [
        # one source relayed by two outlets, called corroborated: the error the figure counts
        Claim(id="c1", text="the pier is sound", attribution_ids=["a:a1", "b:a1"], status=ClaimStatus.corroborated,
              independent_roots=["ent:board", "ent:lena-voss"]),
        Claim(id="c2", text="cracks", attribution_ids=["a:a2"], status=ClaimStatus.single_source,
              independent_roots=["ent:inspectors"]),
    ]
    conflicts = [
        Conflict(id="x1", kind=ConflictKind.denial, reason="", a="c1", b="a:a2"),
        Conflict(id="x2", kind=ConflictKind.number, reason="", a="a:a2", b="b:a2"),
    ]
    return Dossier(generator=Generator(version="t"), created="t", articles=arts, attributions=atts,
                   entities=ents, claims=claims, conflicts=conflicts)


def _gold() -> dict:
    def g(gid: str, article: str, source: str, cue: str, content: str, speaker: str, chain: list[str],
          root: str) -> dict:
        return {"id": gid, "article": article, "source": source, "cue": cue, "content_has": content,
                "speaker": speaker, "chain": chain, "root": root, "stance": "asserts"}

    return {
        "attributions": [
            g("g1", "gazette.md", "Voss", "told", "pier is sound", "Lena Voss", ["Gazette", "Gazette", "Lena Voss"],
              "Harbour Board"),
            g("g2", "gazette.md", "Inspectors", "said", "had three cracks", "inspectors", ["Gazette", "inspectors"],
              "inspectors"),
            g("g3", "courier.md", "Lena Voss", "said", "the pier is sound", "Lena Voss", ["Courier", "Lena Voss"],
              "Harbour Board"),
            g("g4", "courier.md", "The mayor", "said", "cost $2 million", "Mayor Ann Pike", ["Courier", "Ann Pike"],
              "Ann Pike"),
        ],
        "claims": [{"id": "k1", "text": "pier sound", "mentions": ["g1", "g3"], "independent_roots": ["Harbour Board"],
                    "status": "contested"}],
        "conflicts": [{"a": "g1", "b": "g2", "kind": "contradiction", "why": "sound vs cracked"}],
    }


@pytest.mark.parametrize(("a", "b", "same"), [
    ("The Wall Street Journal", "Wall Street Journal", True),
    ("Sen. Kay Bailey Hutchison", "Kay Bailey Hutchison", True),
    ("Mr. Blumenthal", "Richard Blumenthal", True),
    ("Fox News", "NBC News", False),
    ("the White House", "White House", True),
    ("Helen Ward", "Paul Grant", False),
    ("“Harbour Trust”", "Harbour Trust", True),
])
def test_same_name_follows_the_format(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


@given(st.text(min_size=1, max_size=30))
def test_same_name_is_reflexive_and_symmetric(name: str) -> None:
    other = "Lena Voss"
    assert same_name(name, other) == same_name(other, name)
    if any(ch.isalnum() for ch in name):
        assert same_name(name, name)


def test_matching_needs_content_cue_and_name() -> None:
    found = match_attributions(_gold()["attributions"], _dossier())
    # g1's cue "told" is no cue of a:a1 ("said"): not found, though its content is held
    assert set(found) == {"g2", "g3", "g4"}
    assert found["g3"].id == "b:a1"


def test_story_figures_count_each_error() -> None:
    score = score_story("x", _gold(), _dossier())
    fig = figures(score)
    assert fig["attributions_found"] == 75.0
    assert score.speaker == 2  # "the mayor" is not Mayor Ann Pike's name
    assert score.chain == 2  # the mayor's chain ends at the description
    # k1 has one found mention: no pair; the other pairs are of non-claim mentions
    assert score.pairs_gold == 0
    assert fig["roots_right"] == 0.0  # c1 holds g3 and has two roots, the gold one
    assert fig["false_corroboration"] == {"claims": 1, "of_corroborated": 1}
    assert fig["corroboration_found"] == {"claims": 0, "of_gold": 0}
    # with two gold roots, c1's corroboration is right: found, and no longer false
    gold = _gold()
    gold["claims"][0]["independent_roots"] = ["Harbour Board", "inspectors"]
    two = figures(score_story("x", gold, _dossier()))
    assert two["corroboration_found"] == {"claims": 1, "of_gold": 1}
    assert two["false_corroboration"] == {"claims": 0, "of_corroborated": 1}
    # the gold conflict needs g1, which was not found; x1 (c1 vs a:a2) holds g3 and g2: judged, wrong
    assert fig["conflicts"]["recall"] == 0.0
    assert score.conflicts_judged == 2 and score.conflicts_right == 0


def test_locate_takes_the_cue_and_source_nearest_the_content() -> None:
    body = "Ana said one thing. Later Ana said the bridge will close in May."
    spans = locate(body, {"source": "Ana", "cue": "said", "content_has": "bridge will close"})
    assert body[slice(*spans["cue"])] == "said" and spans["cue"][0] > 20
    assert spans["source"][0] > 20


def test_locate_takes_the_cue_after_a_long_quote_with_its_source() -> None:
    # the nearest "said" to the content's start is the report's; the quote's own cue follows it
    body = ('"The north pier stays shut," said the report. "We will reopen the pier in May once the '
            'repairs to the north wall are finished and inspected," said Dana Reed, the harbour master.')
    spans = locate(body, {"source": "Dana Reed", "cue": "said", "content_has": "reopen the pier in May"})
    assert spans["cue"][0] == body.index("said Dana") and spans["source"][0] == body.index("Dana Reed")


def test_locate_reads_a_pronoun_source_as_a_word() -> None:
    # "he" inside "the" is no source: the quote's own "he said" is the cue
    body = ('The board chairman, Ivo Brandt, said the panel should meet in public. "Rather than drag this out '
            'for another year behind closed doors, the board should hold its hearing now," he said.')
    spans = locate(body, {"source": "he", "cue": "said", "content_has": "drag this out"})
    assert spans["cue"][0] == body.index("said.") and spans["source"][0] == body.index("he said")


def test_offset_gold_round_trips_without_article_text(tmp_path: Path) -> None:
    record = {"source": "fox", "title": "Pier “safe”", "date": "2020-01-02", "url": "https://x.example/1",
              "body-paragraphs": [["The board said the pier is sound.", "It opened in 1990."], ["Voss agreed."]]}
    basil = tmp_path / "basil"
    (basil / "2020").mkdir(parents=True)
    (basil / "2020" / "u_1.json").write_text(json.dumps(record), encoding="utf-8")
    story = materialise_story(tmp_path / "story", record)
    gold = to_offsets(story, basil)
    assert gold["articles"] == {"fox-news.md": "2020/u_1.json"}
    assert "pier is sound" not in json.dumps(gold["attributions"])  # offsets, no text
    body = basil_body(record)
    start, end = gold["attributions"][0]["content_has"]
    assert body[start:end] == "the pier is sound"
    (tmp_path / "g.json").write_text(json.dumps(gold), encoding="utf-8")
    out = materialise(tmp_path / "g.json", tmp_path / "again", basil)
    assert json.loads((out / "gold.json").read_text())["attributions"] == json.loads(
        (story / "gold.json").read_text())["attributions"]
    assert (out / "fox-news.md").read_text() == (story / "fox-news.md").read_text()


def materialise_story(folder: Path, record: dict) -> Path:
    """A story folder in the shared form, written from one BASIL-like record."""
    folder.mkdir()
    (folder / "fox-news.md").write_text(article_markdown(record), encoding="utf-8")
    gold = {"schema": "sourcetrace.gold-story/1", "story": "t", "attributions": [
        {"id": "g1", "article": "fox-news.md", "source": "The board", "cue": "said",
         "content_has": "the pier is sound", "speaker": "board", "chain": ["Fox News", "board"], "root": "board",
         "stance": "asserts"}], "claims": [], "conflicts": []}
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder
