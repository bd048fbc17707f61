"""Claim alignment: the pair model that says whether two statements state one proposition."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.claims.align import FEATURES, AlignmentModel, StoryAligner, load_model, token_match
from sourcetrace.text.words import shared_run
from sourcetrace.training.align import average_precision, fit_logistic


def _unit(rows: list[list[float]]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_token_match_is_one_for_the_same_tokens_and_weighs_rare_ones_more() -> None:
    a = (_unit([[1, 0, 0], [0, 1, 0]]), np.array([1.0, 1.0]))
    assert token_match(a, a) == pytest.approx(1.0)
    # b matches a's first token only; that token's weight decides how much a is covered
    b = (_unit([[1, 0, 0]]), np.array([1.0]))
    rare_first = (a[0], np.array([9.0, 1.0]))
    assert token_match(rare_first, b) > token_match(a, b)
    assert token_match(a, (np.zeros((0, 3), dtype=np.float32), np.zeros(0))) == 0.0


def test_the_shipped_model_reads_its_features_in_order_and_weighs_shared_detail_up() -> None:
    model = load_model()
    assert len(model.weights) == len(FEATURES)
    weights = dict(zip(FEATURES, model.weights, strict=True))
    assert weights["token_match"] > 0 and weights["word_overlap"] > 0
    assert weights["same_root"] > weights["other_roots"]
    assert 0 < model.probability([0.5, 0, 0, 0.1, 0.1]) < model.probability([0.9, 1, 0, 0.5, 0.5]) < 1


def test_a_model_file_with_other_features_is_refused(tmp_path) -> None:
    path = tmp_path / "align.json"
    path.write_text(json.dumps({"features": ["cosine"], "weights": [1.0], "bias": 0.0}), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        load_model(path)


def test_fit_logistic_separates_what_a_feature_separates() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] + 0.1 * rng.normal(size=400) > 0).astype(float)
    w, _ = fit_logistic(x, y)
    assert w[0] > 3 * abs(w[1])
    assert average_precision(x @ w, y) > 0.95


def test_average_precision_by_hand() -> None:
    # ranked: pos, neg, pos -> precision at the positives 1 and 2/3
    assert average_precision(np.array([0.9, 0.5, 0.1]), np.array([1.0, 0.0, 1.0])) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision(np.array([0.3]), np.array([0.0])) == 0.0


_words = st.lists(st.sampled_from(["the", "mayor", "report", "held", "back", "we're", "it"]), max_size=12)


@given(_words, _words)
def test_shared_run_is_symmetric_and_bounded(a: list[str], b: list[str]) -> None:
    ta, tb = " ".join(a), " ".join(b)
    assert shared_run(ta, tb) == shared_run(tb, ta)
    assert shared_run(ta, tb) <= min(len(a), len(b))
    assert shared_run(ta, ta) == len(a)


def test_shared_run_ignores_case_and_the_kind_of_apostrophe() -> None:
    assert shared_run("“We’re just here for a project,” he said", "we're just here for a project") == 6
    assert shared_run("the report was held", "a report is held") == 1


def test_a_paraphrase_aligns_above_another_statement_on_the_same_topic(models: None) -> None:
    texts = [
        "the mayor ordered the spill report withheld until after the vote",
        "the mayor told aides to keep the spill report back until the vote was over",
        "the mayor opened the new harbour library on Saturday",
        "the spill report was written by the water board's engineers",
    ]
    aligner = StoryAligner(texts, ["ent:ledger", "ent:courier", "ent:ledger", "ent:board"])
    assert aligner(0, 1) > aligner(0, 2)
    assert aligner(0, 1) > aligner(0, 3)
    assert aligner(1, 0) == aligner(0, 1)  # one pair, one score
    # the same words under one source score higher than under two
    same = StoryAligner(texts[:2], ["ent:ledger", "ent:ledger"])
    assert same(0, 1) > aligner(0, 1)


def test_a_model_can_be_given_instead_of_the_shipped_one(models: None) -> None:
    always = AlignmentModel(weights=(0.0,) * len(FEATURES), bias=10.0)
    aligner = StoryAligner(["one thing", "another thing"], [None, None], model=always)
    assert aligner(0, 1) > 0.99
