"""Alignment: how likely two statements of one story state one proposition.

A sentence vector says what a statement is about; two outlets' wordings of one claim often
share the topic with every other statement of the story and sit no closer than those. What
tells them apart is the words that carry the proposition, so the score is a small logistic
model over five features of a pair:

- ``token_match``: greedy token alignment of the two statements' encoder token vectors, each
  token weighted by its rarity among the story's statements (BERTScore's F with idf weights;
  Zhang et al. 2020), so that the story's common words ("Social Security", "the mayor") count
  little and its particular ones ("retirement age", "$10,000") much;
- ``same_root`` / ``other_roots``: both have a source and it is one (after affiliation) / two;
- ``word_overlap``: Jaccard of their content words; ``shared_words``: how many (up to 6, over 6).

The weights are fitted on the found gold mentions of the real stories by ``sourcetrace train
align`` (:mod:`sourcetrace.training.align`) and ship in ``models/claims/align.json``.
:class:`StoryAligner` is the interface the grouping reads (``aligner(i, j)`` -> probability);
a heavier local paraphrase or NLI model plugs in as another callable with the same shape.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from sourcetrace.text.embed import encode_tokens
from sourcetrace.text.words import content_words, word_jaccard

FEATURES = ("token_match", "same_root", "other_roots", "word_overlap", "shared_words")
MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "claims" / "align.json"
# shared content words beyond this many add nothing more (a long quotation shares many)
_SHARED_CAP = 6


@dataclass(frozen=True)
class AlignmentModel:
    """Weights of the logistic pair model, in the order of :data:`FEATURES`."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, features: list[float]) -> float:
        """P(one proposition) for one pair's features."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AlignmentModel:
    """The alignment model in ``path`` (default: the one shipped in the package)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: features {data['features']} are not {list(FEATURES)}; retrain it")
    return AlignmentModel(weights=tuple(float(w) for w in data["weights"]), bias=float(data["bias"]))


def token_match(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    """Idf-weighted greedy token alignment of two (unit token vectors, weights): the harmonic
    mean of how well each side's tokens are matched in the other (0 when either is empty)."""
    (va, wa), (vb, wb) = a, b
    if not len(va) or not len(vb):
        return 0.0
    sims = va @ vb.T
    recall = float(sims.max(axis=1) @ wa / wa.sum())
    precision = float(sims.max(axis=0) @ wb / wb.sum())
    if recall <= 0 or precision <= 0:
        return 0.0
    return 2 * recall * precision / (recall + precision)


class StoryAligner:
    """Pair probabilities for one story's statements (texts and their sources after affiliation,
    None for background), computed on demand and kept."""

    def __init__(self, texts: list[str], roots: list[str | None], model: AlignmentModel | None = None) -> None:
        self._model = model
        self.roots = roots
        tokens = encode_tokens(texts)
        # idf over this story's statements: what every account of the story says weighs little
        df = Counter(t for _, ids in tokens for t in set(ids))
        n = len(tokens)
        self.tokens = [
            (vecs, np.array([math.log((n + 1) / (df[t] + 1)) for t in ids], dtype=np.float32) + 1.0)
            for vecs, ids in tokens
        ]
        self.words = [content_words(t) for t in texts]
        self._seen: dict[tuple[int, int], float] = {}

    def features(self, i: int, j: int) -> list[float]:
        """The pair's features, in the order of :data:`FEATURES`."""
        ri, rj = self.roots[i], self.roots[j]
        both = ri is not None and rj is not None
        shared = len(self.words[i] & self.words[j])
        return [
            token_match(self.tokens[i], self.tokens[j]),
            float(both and ri == rj),
            float(both and ri != rj),
            word_jaccard(self.words[i], self.words[j]),
            min(shared, _SHARED_CAP) / _SHARED_CAP,
        ]

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in self._seen:
            if self._model is None:  # loaded when first asked: training reads the features only
                self._model = load_model()
            self._seen[key] = self._model.probability(self.features(*key))
        return self._seen[key]
