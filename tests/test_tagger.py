"""The attribution tagger: features, BIO decoding, cue pairing, training on a tiny split, loading offline."""

from __future__ import annotations

import ast
import hashlib
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.attribution.features import Vocab, best_tags, decode, doc_features, token_tags
from sourcetrace.attribution.tagger import (
    MODEL_DIR,
    RECIPE,
    load_tagger,
    pair_relations,
    recipe_fingerprint,
)
from sourcetrace.nlp import load_nlp

TEXTS = [
    'The mayor said the bridge would reopen in May. "We are ready," the engineer told reporters.',
    "According to two council members, the vote was delayed. The union denied that talks had failed.",
]
ANNS = [
    "T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\nT3\tContent 15 45\tthe bridge would reopen in May\n"
    "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
    "T1\tCue 0 12\tAccording to\nT2\tSource 13 33\ttwo council members\nT3\tContent 35 55\tthe vote was delayed\n"
    "T4\tAttribution 0 12\tAccording to\nE1\tAttribution:T4 Source:T2 Cue:T1 Content:T3\n",
]


@given(st.lists(st.integers(0, 2), max_size=40))
def test_decode_covers_exactly_the_tagged_tokens(tags: list[int]) -> None:
    spans = decode(np.array(tags, dtype=np.int64))
    covered = [i for s, e in spans for i in range(s, e)]
    assert covered == [i for i, t in enumerate(tags) if t != 0]
    assert all(s < e for s, e in spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


@given(st.lists(st.tuples(*[st.floats(-20, 0, allow_nan=False)] * 3), min_size=1, max_size=30))
def test_constrained_decoding_never_opens_a_span_with_inside(rows: list[tuple[float, float, float]]) -> None:
    logprobs = np.array(rows)
    tags = best_tags(logprobs).tolist()
    assert tags[0] != 2
    assert all(not (a == 0 and b == 2) for a, b in pairwise(tags))
    greedy = logprobs.argmax(1).tolist()
    if greedy[0] != 2 and all(not (a == 0 and b == 2) for a, b in pairwise(greedy)):
        # when the per-token best is already well formed, it is the best path
        assert np.isclose(logprobs[np.arange(len(tags)), tags].sum(), logprobs.max(1).sum())


@given(st.lists(st.tuples(*[st.floats(-20, 0, allow_nan=False)] * 9), min_size=1, max_size=20))
def test_roles_decoded_side_by_side_as_each_alone(rows: list[tuple[float, ...]]) -> None:
    lp = np.array(rows).reshape(len(rows), 3, 3)
    together = best_tags(lp)
    for k in range(3):
        assert np.isclose(np.array([lp[i, k, t] for i, t in enumerate(together[:, k])]).sum(),
                          np.array([lp[i, k, t] for i, t in enumerate(best_tags(lp[:, k]))]).sum())


def test_constrained_decoding_keeps_a_span_whole() -> None:
    # B narrowly loses to O on the first word, I wins clearly on the next two
    lp = np.log(np.array([[0.9, 0.05, 0.05], [0.5, 0.45, 0.05], [0.1, 0.1, 0.8], [0.1, 0.1, 0.8], [0.9, 0.05, 0.05]]))
    assert lp.argmax(1).tolist() == [0, 0, 2, 2, 0]
    assert best_tags(lp).tolist() == [0, 1, 2, 2, 0]


def _path_score(e: np.ndarray, trans: np.ndarray, path: tuple[int, ...]) -> float:
    return float(sum(e[i, t] for i, t in enumerate(path)) + sum(trans[a, b] for a, b in pairwise(path)))


@given(st.integers(1, 5), st.integers(0, 2**16))
def test_crf_likelihood_normalises_over_every_path(n: int, seed: int) -> None:
    import itertools

    import torch

    from sourcetrace.attribution.tagger import crf_nll

    rng = np.random.default_rng(seed)
    e = rng.normal(size=(n, 3, 3))  # [n, roles, 3]
    trans = rng.normal(size=(3, 3, 3))
    gold = rng.integers(0, 3, size=(n, 3))
    nll = crf_nll(torch.tensor(e)[None], torch.tensor(gold)[None], torch.tensor(trans)).item()
    expected = 0.0
    for r in range(3):
        scores = [_path_score(e[:, r], trans[r], p) for p in itertools.product(range(3), repeat=n)]
        expected += np.logaddexp.reduce(scores) - _path_score(e[:, r], trans[r], tuple(gold[:, r]))
    assert np.isclose(nll, expected)


def test_crf_likelihood_ignores_padding() -> None:
    import torch

    from sourcetrace.attribution.tagger import crf_nll

    rng = np.random.default_rng(0)
    e, trans = torch.tensor(rng.normal(size=(1, 6, 3, 3))), torch.tensor(rng.normal(size=(3, 3, 3)))
    gold = torch.tensor(rng.integers(0, 3, size=(1, 6, 3)))
    padded = gold.clone()
    padded[0, 4:] = -100
    assert torch.isclose(crf_nll(e, padded, trans), crf_nll(e[:, :4], gold[:, :4], trans))


def test_crf_transitions_change_the_decoded_path() -> None:
    # per token, O then I is best (O -> I is forbidden anyway); a strong reward for O -> B
    # and a penalty for B -> B decide between "O B I" and "B I I"
    lp = np.log(np.array([[0.5, 0.45, 0.05], [0.3, 0.3, 0.4], [0.2, 0.2, 0.6]]))
    assert best_tags(lp).tolist() == [1, 2, 2]
    trans = np.zeros((3, 3))
    trans[0, 1] = 3.0
    assert best_tags(lp, trans).tolist() == [0, 1, 2]


def test_contextual_vectors_cover_every_word_of_a_long_article(models: None) -> None:
    from sourcetrace.attribution.contextual import MAX_PIECES, TokenEncoder

    nlp = load_nlp()
    text = " ".join(f"Officer {i} said the depot at pier {i} had closed." for i in range(60))
    doc = nlp(text)
    vecs = TokenEncoder((2, 6)).vectors(doc)
    assert vecs.shape == (len(doc), 2 * 384)
    assert len(doc) > 2 * MAX_PIECES  # several encoder windows
    assert all(np.abs(vecs[t.i]).sum() > 0 for t in doc if not t.is_space)
    said = [t.i for t in doc if t.text == "said"]
    # the same word in another place reads differently (contextual, not a lookup)
    assert not np.allclose(vecs[said[0]], vecs[said[1]])


def test_features_and_labels_line_up_with_tokens(models: None) -> None:
    nlp = load_nlp()
    doc = nlp(TEXTS[0])
    feats = doc_features(doc, Vocab.from_nlp(nlp), {"source": [(0, 9)], "cue": [(10, 14)], "content": []})
    assert feats.dense.shape == (len(doc), 96 + 8)
    assert feats.cats.shape == (len(doc), 6)
    assert feats.cats[:2, 3].tolist() == [1, 2]  # "The mayor": the rules' source, B then I
    assert token_tags(doc, [(10, 14)]).tolist()[:4] == [0, 0, 1, 0]


def test_token_features_read_from_arrays_match_each_token(models: None) -> None:
    """The features are read per distinct attribute value: the same as asking every token."""
    from sourcetrace.attribution.features import POS
    from sourcetrace.text.cues import stance_for

    nlp = load_nlp()
    text = ("Ilse Varga said: “We are talking.\n\n“Talking is not signing,” she told Meridian News in Velgrad. "
            "The U.S. officials, according to NBC News, denied it. ‘Nothing is final,’ Mr. Reyne added.")
    doc = nlp(text)
    vocab = Vocab.from_nlp(nlp)
    feats = doc_features(doc, vocab, {})
    flags, cats = feats.dense[:, 96:], feats.cats
    for t in doc:
        assert cats[t.i, 0] == (POS.index(t.pos_) + 1 if t.pos_ in POS else 0)
        assert cats[t.i, 1] == (vocab.deps.index(t.dep_) + 1 if t.dep_ in vocab.deps else len(vocab.deps) + 1)
        ent = 1 + 2 * vocab.ents.index(t.ent_type_) + (t.ent_iob_ != "B") if t.ent_type_ else 0
        assert cats[t.i, 2] == ent, t.text
        assert flags[t.i, 2] == (stance_for(t.lemma_) is not None)
        assert flags[t.i, 3] == t.is_sent_start and flags[t.i, 4] == t.is_title and flags[t.i, 6] == t.is_punct
        assert flags[t.i, 5] == (t.lower_ in {"according", "per", "citing", "reportedly"})
        assert flags[t.i, 7] == pytest.approx(min(t.i - t.sent.start, 60) / 60)
    inside = [t.text for t in doc if flags[t.i, 0]]
    # the quotation runs on over the paragraph break, and single marks count
    assert inside[:4] == ["“", "We", "are", "talking"] and "Talking" in inside and "Nothing" in inside
    assert "Varga" not in inside and "officials" not in inside and "told" not in inside


def test_pairing_takes_the_nearest_source_and_content_of_the_sentence(models: None) -> None:
    doc = load_nlp()(TEXTS[0])
    rels = pair_relations(doc, {"cue": [(2, 3)], "source": [(0, 2)], "content": [(3, 9), (11, 16)]})
    assert len(rels) == 1
    assert doc.text[slice(*rels[0].source)] == "The mayor"
    assert doc.text[slice(*rels[0].content)] == "the bridge would reopen in May"


def test_pairing_prefers_the_content_the_parse_joins_to_the_cue(models: None) -> None:
    # "a long interview ..." is nearer to "told" in words, but "that the bridge would close" is its clause
    text = "In a long interview about the campaign, the senator told reporters at the town hall on Friday that the bridge would close."
    doc = load_nlp()(text)
    assert doc[10].text == "told" and doc[22].head.i == 10
    rels = pair_relations(doc, {"cue": [(10, 11)], "source": [(8, 10)], "content": [(1, 7), (18, 23)]})
    assert [text[slice(*r.content)] for r in rels if r.content] == ["that the bridge would close"]


def test_pairing_gives_each_cue_its_own_content(models: None) -> None:
    text = "The mayor said the bridge would reopen in May, and the engineer insisted that the road would stay shut."
    doc = load_nlp()(text)
    cues = [(t.i, t.i + 1) for t in doc if t.text in {"said", "insisted"}]
    contents = [(3, 9), (next(t.i for t in doc if t.text == "that"), len(doc) - 1)]
    rels = pair_relations(doc, {"cue": cues, "source": [], "content": contents})
    assert [(text[slice(*r.cue)], text[slice(*r.content)]) for r in rels if r.content] == [
        ("said", "the bridge would reopen in May"),
        ("insisted", "that the road would stay shut"),
    ]


def test_pairing_takes_the_source_the_parse_joins_to_the_cue(models: None) -> None:
    text = "The mayor, speaking after the engineer, said the bridge would reopen."
    doc = load_nlp()(text)
    assert doc[1].dep_ == "nsubj" and doc[1].head.i == 8  # "the engineer" is nearer "said", "The mayor" its subject
    rels = pair_relations(doc, {"cue": [(8, 9)], "source": [(0, 2), (5, 7)], "content": [(9, 13)]})
    assert text[slice(*rels[0].source)] == "The mayor"


def test_pairing_takes_the_split_quotation_around_the_cue(models: None) -> None:
    text = '"The bridge is safe," the engineer said on Friday, "and it will reopen in May." The mayor thanked the crews.'
    doc = load_nlp()(text)
    said = next(t.i for t in doc if t.text == "said")
    hull = (0, next(t.i for t in doc if t.text == "May") + 1)
    crews = (len(doc) - 3, len(doc) - 1)  # "the crews", next door, which no other cue claims
    rels = pair_relations(doc, {"cue": [(said, said + 1)], "source": [], "content": [hull, crews]})
    assert text[slice(*rels[0].content)] == 'The bridge is safe," the engineer said on Friday, "and it will reopen in May'
    assert len(rels) == 1
    # asked for, the content no cue took comes back on its own
    loose = pair_relations(doc, {"cue": [(said, said + 1)], "source": [], "content": [hull, crews]}, loose=True)
    assert [(r.cue, text[slice(*r.content)]) for r in loose[1:]] == [(None, "the crews")]


def test_no_weights_means_no_tagger(tmp_path: Path) -> None:
    assert load_tagger(tmp_path) is None


def test_recipe_fingerprint_is_the_recipe_files_digest(tmp_path: Path) -> None:
    assert recipe_fingerprint(tmp_path) is None
    (tmp_path / RECIPE).write_text('{"epochs": 1}', encoding="utf-8")
    assert recipe_fingerprint(tmp_path) == hashlib.sha256(b'{"epochs": 1}').hexdigest()
    if (MODEL_DIR / RECIPE).is_file():
        assert recipe_fingerprint(None) == hashlib.sha256((MODEL_DIR / RECIPE).read_bytes()).hexdigest()


def _imported(package: Path) -> set[str]:
    """Every sourcetrace module named in an import of the package's files, at any depth of the code."""
    names = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
    return {n for n in names if n.startswith("sourcetrace")}


def test_training_stays_out_of_the_runtime_stage() -> None:
    src = Path(__file__).resolve().parents[1] / "src" / "sourcetrace"
    assert not {n for n in _imported(src / "attribution") if n.startswith(("sourcetrace.training", "sourcetrace.evaluation"))}
    assert not {n for n in _imported(src / "evaluation") if n.startswith("sourcetrace.training")}


def test_train_on_a_tiny_split_then_load_and_predict_offline(tmp_path: Path, models: None) -> None:
    from sourcetrace.training import train_tagger

    for split in ("train", "dev"):
        (tmp_path / split / "text").mkdir(parents=True)
        (tmp_path / split / "attributions").mkdir()
        for i, (text, ann) in enumerate(zip(TEXTS, ANNS, strict=True)):
            (tmp_path / split / "text" / f"a{i}.txt").write_text(text, encoding="utf-8")
            (tmp_path / split / "attributions" / f"a{i}_0001.ann").write_text(ann, encoding="utf-8")
    out = tmp_path / "model"
    recipe = train_tagger(tmp_path, out=out, epochs=2, cache=False)
    assert (out / "weights.pt").stat().st_size < 25_000_000
    # each epoch, then the mean of the last epochs' weights, all scored on dev
    assert [h["epoch"] for h in recipe["history"]] == [1, 2, "mean of 1-2"]
    assert recipe["kept"] in (1, 2, "mean of 1-2")
    tagger = load_tagger(out)
    assert tagger is not None
    # the tuned encoder layers travel with the weights and differ from the shipped ones
    tuned = tagger.encoder.tuned[0].intermediate.dense.weight  # type: ignore[attr-defined]
    shipped = tagger.encoder.base.encoder.layer[recipe["encoder"]["tuned_from"] - 1].intermediate.dense.weight  # type: ignore[attr-defined]
    assert tuned.shape == shipped.shape and not np.array_equal(tuned.detach().numpy(), shipped.detach().numpy())
    doc = load_nlp()(TEXTS[1])
    for rel in tagger.predict(doc, {"source": [], "cue": [], "content": []}):
        assert 0 <= rel.cue[0] < rel.cue[1] <= len(doc.text)


def test_train_names_missing_data(tmp_path: Path) -> None:
    from sourcetrace.errors import UsageError
    from sourcetrace.training import train_tagger

    with pytest.raises(UsageError, match="E040"):
        train_tagger(tmp_path / "nowhere", out=tmp_path / "m", epochs=1)


@pytest.mark.skipif(not (MODEL_DIR / "weights.pt").exists(), reason="no shipped weights")
def test_shipped_weights_load_and_find_a_plain_attribution(models: None) -> None:
    tagger = load_tagger()
    assert tagger is not None
    doc = load_nlp()(TEXTS[0])
    rels = tagger.predict(doc, {"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 45)]})
    assert any(doc.text[slice(*r.cue)] == "said" for r in rels)


@given(st.integers(0, 700), st.integers(1, 9))
def test_batch_count_matches_the_batches_cut(n: int, size: int) -> None:
    from sourcetrace.training.tagger import _batch_count, _batches

    items = [(None, None, SimpleNamespace(ids=[0] * (i % 7)), None) for i in range(n)]
    assert _batch_count(n, size) == len(_batches(items, size))  # type: ignore[arg-type]
