"""PolNeAR scorer: brat parsing, trimming, hulls, one-to-one matching and relation rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from sourcetrace.cli.app import app
from sourcetrace.errors import UsageError
from sourcetrace.evaluation.polnear import (
    Annotated,
    Relation,
    Tally,
    annotator_agreement,
    jaccard,
    load_split,
    match_count,
    parse_ann,
    score_article,
    trim,
)

TEXT = 'The mayor said that "the bridge will reopen in May." Officials denied it, the paper reported.'


def _ann(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_parse_ann_reads_roles_relations_and_hulls() -> None:
    ann = _ann(
        "T1\tSource 0 9\tThe mayor",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 25;26 52\tthat \"the bridge will reopen in May.\"",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Cue:T2 Source:T1 Content:T3",
        "T5\tCue 63 69\tdenied",
        "T6\tAttribution 63 69\tdenied",
        "E2\tAttribution-no-source:T6 Cue:T5",
        "#1\tAnnotatorNotes T1\ta note",
    )
    spans, rels = parse_ann(ann, TEXT)
    assert spans["source"] == {(0, 9)}
    assert spans["cue"] == {(10, 14), (63, 69)}
    # the hull of the two pieces, trimmed of the closing quote and full stop
    assert spans["content"] == {(15, 50)}
    assert TEXT[15:50] == 'that "the bridge will reopen in May'
    assert rels == [Relation(cue=(10, 14), source=(0, 9), content=(15, 50)), Relation(cue=(63, 69))]


def test_offsets_past_the_text_are_ignored() -> None:
    spans, rels = parse_ann(_ann("T1\tCue 500 504\tsaid", "E1\tAttribution:T1 Cue:T1"), TEXT)
    assert spans["cue"] == set() and rels == []


@given(st.text(max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_trim_never_widens_and_strips_both_ends(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    out = trim(text, (start, end))
    if out is None:
        assert all(c.isspace() or c in "\"'“”‘’«»`.,;:!?()[]{}—–-…*" for c in text[start:end])
    else:
        assert start <= out[0] < out[1] <= end
        assert not text[out[0]].isspace() and not text[out[1] - 1].isspace()
        assert text[out[1] - 1] not in '."”'


@given(st.text(alphabet="TE0123456789 \t;:ABCSourceCuContent\n", max_size=200))
def test_parse_ann_survives_garbage(ann: str) -> None:
    spans, rels = parse_ann(ann, TEXT)
    assert set(spans) == {"source", "cue", "content"}
    for r in rels:
        assert 0 <= r.cue[0] < r.cue[1] <= len(TEXT)


def test_matching_is_one_to_one() -> None:
    gold = [(0, 10)]
    pred = [(0, 10), (0, 10)]
    assert match_count(gold, pred, lambda a, b: 1.0 if a == b else 0.0) == 1
    assert jaccard((0, 10), (5, 10)) == 0.5
    assert jaccard((0, 10), (20, 30)) == 0.0


def test_relation_needs_cue_overlap_content_jaccard_and_source() -> None:
    gold = Annotated("a", TEXT, {"source": {(0, 9)}, "cue": {(10, 14)}, "content": {(15, 50)}},
                     [Relation(cue=(10, 14), source=(0, 9), content=(15, 50))])
    tally = Tally()
    # exact source and cue; content shorter but Jaccard >= 0.5 -> overlap match, relation match
    score_article(gold, {"source": {(0, 9)}, "cue": {(10, 14)}, "content": {(20, 50)}},
                  [Relation(cue=(10, 14), source=(0, 9), content=(20, 50))], tally)
    # the same cue with no source: the relation does not match
    score_article(gold, {"cue": {(10, 14)}}, [Relation(cue=(10, 14), source=None, content=(15, 50))], tally)
    figs = tally.figures()
    assert figs["source_exact"] == {"p": 100.0, "r": 50.0, "f1": 66.7}
    assert figs["content_exact"]["p"] == 0.0 and figs["content_overlap"]["p"] == 100.0
    assert tally.counts["relation"] == [1, 2, 2]


def test_load_split_takes_the_first_annotation_and_keeps_crlf(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_bytes(b"Hi.\r\nHe said so.")
    (tmp_path / "attributions" / "story_aaaa.ann").write_text("T1\tCue 8 12\tsaid\n")
    (tmp_path / "attributions" / "story_bbbb.ann").write_text("T1\tCue 5 7\tHe\n")
    (art,) = load_split(tmp_path)
    assert art.text[8:12] == "said"
    assert art.spans["cue"] == {(8, 12)}


def test_load_split_names_a_wrong_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="E041"):
        load_split(tmp_path)


def _split(root: Path, files: dict[str, str]) -> Path:
    """A PolNeAR-shaped split: ``story.txt`` (TEXT) and the given annotation files."""
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    for name in {n.rsplit("_", 1)[0] for n in files}:
        (root / "text" / f"{name}.txt").write_text(TEXT)
    for name, ann in files.items():
        (root / "attributions" / name).write_text(ann)
    return root


def test_annotator_agreement_scores_the_other_files_against_the_first(tmp_path: Path) -> None:
    gold = _ann("T1\tSource 0 9\tThe mayor", "T2\tCue 10 14\tsaid", "T3\tContent 15 51\tthat …")
    figs = annotator_agreement(_split(tmp_path, {
        "story_aaaa.ann": gold,
        "story_bbbb.ann": gold,  # agrees
        "story_cccc.ann": _ann("T2\tCue 10 14\tsaid", "T3\tContent 20 51\t…"),  # a shorter content, no source
        "alone_aaaa.ann": gold,  # one annotator: not counted
    }))
    assert (figs["articles"], figs["pairs"], figs["method"]) == (1, 2, "annotators")
    assert figs["cue"]["exact"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
    assert figs["source"]["exact"]["p"] == 100.0 and figs["source"]["exact"]["r"] == 50.0
    assert figs["content"]["exact"]["r"] == 50.0


def test_annotator_agreement_needs_two_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="E041"):
        annotator_agreement(_split(tmp_path, {"story_aaaa.ann": "T1\tCue 10 14\tsaid\n"}))


def test_eval_polnear_annotators_flag_prints_the_agreement(tmp_path: Path) -> None:
    split = _split(tmp_path, {f"story_{k}.ann": "T1\tCue 10 14\tsaid\n" for k in ("aaaa", "bbbb")})
    result = CliRunner().invoke(app, ["eval", "polnear", str(split), "--annotators"])
    assert result.exit_code == 0, result.output
    figs = json.loads(result.output)
    assert figs["method"] == "annotators" and figs["cue"]["exact"]["f1"] == 100.0
