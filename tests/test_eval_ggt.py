"""The GGT scorer's definitions, on quotes made up for the tests (no model loaded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.dossier.models import Attribution, AttributionKind, Span, SpeechAct, Stance
from sourcetrace.errors import InputError
from sourcetrace.evaluation.ggt import (
    Quote,
    counted,
    load_ggt,
    match,
    names_reference,
    score,
    tracker_quotes,
)


def test_a_gold_quote_takes_the_prediction_covering_most_of_it() -> None:
    gold = [Quote((0, 100), (110, 115), "said", "Ana Brill")]
    pred = [Quote((0, 40), None, "said"), Quote((20, 100), (110, 114), "said", "Ana Brill")]
    pairs = match(gold, pred, 0.3)
    assert pairs == [(gold[0], pred[1])]
    assert match(gold, [Quote((0, 70), None, None)], 0.8) == []


def test_figures_at_one_threshold() -> None:
    gold = [[Quote((0, 10), (20, 25), "said", "Ana Brill"), Quote((30, 40), None, None, "")]]
    pred = [[Quote((0, 10), (21, 24), "Said", "Brill"), Quote((50, 60), None, "told", "")]]
    figures = score(gold, pred, 0.3)
    assert (figures["p"], figures["r"], figures["matched"]) == (50.0, 50.0, 1)
    assert figures["speaker"] == 100.0 and figures["verb"] == 100.0 and figures["resolution"] == 100.0


@pytest.mark.parametrize(
    ("resolved", "reference", "right"),
    [
        ("Ana Brill", "Ana Brill", True),
        ("Councillor Ana Brill", "Ana Brill", True),  # holds the last word
        ("Brill", "Ana Brill", True),  # every word belongs to it
        ("she", "Ana Brill", False),  # a bare pronoun never counts
        ("the mayor", "Ana Brill", False),
        ("Harbour Trust", "the Harbour Trust", True),
        ("", "Ana Brill", False),
    ],
)
def test_a_resolved_speaker_names_the_reference(resolved: str, reference: str, right: bool) -> None:
    assert names_reference(resolved, reference) is right


spans = st.tuples(st.integers(0, 50), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(spans, max_size=6), st.lists(spans, max_size=6), st.sampled_from([0.3, 0.8]))
def test_matching_is_one_to_one(gold: list, pred: list, threshold: float) -> None:
    g = [Quote(s, None, None) for s in gold]
    p = [Quote(s, None, None) for s in pred]
    pairs = match(g, p, threshold)
    assert len({id(b) for _, b in pairs}) == len(pairs) == len({id(a) for a, _ in pairs})
    assert len(pairs) <= min(len(g), len(p))


def test_bad_gold_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "d1.txt").write_text("The mayor spoke.", encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc": "d1", "quotes": [{"quote": "x"}]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[E044\].*gold.jsonl: line 1"):
        load_ggt(tmp_path)
    with pytest.raises(InputError, match=r"\[E040\]"):
        load_ggt(tmp_path / "missing")


def test_a_quotation_split_around_its_cue_is_two_quotes() -> None:
    text = '"We are ready," Lena Ward said. "The first ships arrive on Monday."'
    cue = text.index("said")
    att = Attribution(
        id="t:a1", article_id="t", kind=AttributionKind.direct,
        source=Span(start=16, end=25, text="Lena Ward"), cue=Span(start=cue, end=cue + 4, text="said"),
        content=Span(start=1, end=len(text) - 2, text=text[1:-2]), sentence=Span(start=0, end=len(text), text=text),
    )
    first, second = tracker_quotes(text, att, Quote((1, len(text) - 2), (16, 25), "said", "Lena Ward"))
    assert text[first.quote[0] : first.quote[1]] == 'We are ready,"'
    assert text[second.quote[0] : second.quote[1]].startswith('"The first ships')
    assert (second.speaker, second.verb, second.name) == (None, None, "Lena Ward")


def test_the_tracker_counts_statements_and_quotations_of_speech_and_writing() -> None:
    base = {"id": "t:a1", "article_id": "t", "cue": Span(start=0, end=4, text="said"),
            "content": Span(start=5, end=9, text="text"), "sentence": Span(start=0, end=9, text="said text")}
    assert counted(Attribution(**base))
    assert not counted(Attribution(**base, act=SpeechAct.belief))  # "officials believe"
    assert not counted(Attribution(**base, proposition=False))  # "called for the fees to go"
    assert counted(Attribution(**base, proposition=False, kind=AttributionKind.direct))  # a quotation
    assert not counted(Attribution(**base, stance=Stance.withholds))  # "did not say whether"
    assert not counted(Attribution(**(base | {"cue": None}), act=SpeechAct.unknown, kind=AttributionKind.uncued))
