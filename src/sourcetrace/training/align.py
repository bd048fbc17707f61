"""``sourcetrace train-align``: the claim alignment model fitted on the real stories' gold (CPU, ~1 min).

Each story is analysed alone, as ``eval stories`` does; the pairs are the found gold mentions of
gold claims (positive when both are in one gold claim), with the features the grouping computes
at run time (:class:`sourcetrace.claims.align.StoryAligner`, on the same statements and roots).
The model is an L2-regularised logistic regression (Newton's method: five features need no
library). Leave-one-story-out average precision is printed beside the in-sample one, so the
figure that says what generalises is in front of whoever retrains.
"""

from __future__ import annotations

import json
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.claims import claim_statements
from sourcetrace.claims.align import FEATURES, MODEL_FILE, StoryAligner
from sourcetrace.evaluation.stories import DEFAULT, REPO_GOLD, match_attributions, story_dirs
from sourcetrace.evaluation.story_gold import BASIL
from sourcetrace.ingest import load_inputs
from sourcetrace.pipeline import StoryWork, build_dossier
from sourcetrace.settings import Settings

# the penalty of sklearn's LogisticRegression(C=1.0): 0.5 * |w|^2 beside the summed log loss
_L2 = 1.0


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = _L2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the summed log loss plus ``l2 / 2 * |w|^2`` (bias unpenalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def average_precision(scores: np.ndarray, y: np.ndarray) -> float:
    """Mean precision at each positive, ranked by score (sklearn's average_precision_score)."""
    order = np.argsort(-scores, kind="stable")
    hits = y[order].astype(float)
    if not hits.sum():
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def story_pairs(story: Path, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the pairs of found gold mentions of one story's gold claims."""
    gold = json.loads((story / "gold.json").read_text(encoding="utf-8"))
    seen: list[tuple[list[str], StoryAligner]] = []

    def per_story(run, works: list[StoryWork]):
        for work in works:
            statements, roots = claim_statements(*work)
            keys = [s.key for s in statements]
            seen.append((keys, StoryAligner([s.text for s in statements], roots)))
            yield run(work)

    dossier = build_dossier(load_inputs(sorted(story.glob("*.md")), settings), settings, per_story=per_story)
    found = match_attributions(gold["attributions"], dossier)
    index = {key: (n, i) for n, (keys, _) in enumerate(seen) for i, key in enumerate(keys)}
    mentions = [
        (k["id"], index[found[m].id]) for k in gold.get("claims", []) for m in k["mentions"]
        if m in found and found[m].id in index
    ]
    xs, ys = [], []
    for (ka, (sa, i)), (kb, (sb, j)) in combinations(mentions, 2):
        if sa == sb:  # one story of the pile: the grouping never compares across stories
            xs.append(seen[sa][1].features(i, j))
            ys.append(ka == kb)
    return np.array(xs, dtype=float).reshape(-1, len(FEATURES)), np.array(ys, dtype=float)


def train_aligner(
    root: Path = DEFAULT, repo_gold: Path | None = REPO_GOLD, basil: Path = BASIL, out: Path | None = None
) -> dict[str, Any]:
    """Fit the model on every story's pairs, write it (default: the package's) and return its summary."""
    settings = Settings(progress=False)
    per: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for story in story_dirs(root, repo_gold, basil, Path(tmp)):
            per[story.name] = story_pairs(story, settings)
    x = np.vstack([v[0] for v in per.values()])
    y = np.concatenate([v[1] for v in per.values()])
    w, b = fit_logistic(x, y)
    held = []
    for name, (xs, _) in per.items():
        rest = [v for k, v in per.items() if k != name]
        wo, bo = fit_logistic(np.vstack([v[0] for v in rest]), np.concatenate([v[1] for v in rest]))
        held.append(xs @ wo + bo)
    summary = {
        "about": "Claim alignment: logistic model over pair features (sourcetrace.claims.align); "
        "written by `sourcetrace train-align`.",
        "features": list(FEATURES),
        "weights": [round(float(v), 4) for v in w],
        "bias": round(b, 4),
        "stories": sorted(per),
        "pairs": len(y),
        "positives": int(y.sum()),
        "average_precision": round(average_precision(x @ w + b, y), 3),
        "average_precision_leave_one_story_out": round(average_precision(np.concatenate(held), y), 3),
    }
    target = out or MODEL_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary
