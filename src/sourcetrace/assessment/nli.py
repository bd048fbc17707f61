"""Contradiction judges: the rule-based default and an adapter for a local NLI cross-encoder.

No NLI model ships with sourcetrace. ``--nli-model PATH`` loads a
sentence-transformers CrossEncoder from a local directory; its contradiction
label confirms or adds contradiction conflicts. Everything else uses
:class:`RuleJudge`, built from negation and certainty cues.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from sourcetrace.errors import Errors, ModelError
from sourcetrace.text.polarity import certainty, has_negation


class ContradictionJudge(Protocol):
    """Anything that scores sentence pairs: probability that the two contradict each other."""

    def contradiction_scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]: ...


class RuleJudge:
    """Default judge: one side negated and the other not, or a done deal against a tentative one."""

    def contradiction_scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        out = []
        for a, b in pairs:
            ca, cb = certainty(a), certainty(b)
            if has_negation(a) != has_negation(b) or (ca and cb and ca != cb):
                out.append(1.0)
            else:
                out.append(0.0)
        return out


class CrossEncoderJudge:
    """Adapter over a CrossEncoder-like model: ``predict(pairs)`` gives one logit row per pair.

    The contradiction column is found by name in the model's ``id2label``
    (``config.id2label``), else it is column 0 (the usual MNLI order).
    """

    def __init__(self, model: object, batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size
        self.column = _contradiction_column(model)

    def contradiction_scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        if not pairs:
            return []
        logits = np.asarray(self.model.predict(list(pairs), batch_size=self.batch_size), dtype=np.float64)  # type: ignore[attr-defined]
        if logits.ndim == 1:  # a single-score model: read it as the contradiction probability
            return [float(x) for x in logits]
        if np.all((logits >= 0) & (logits <= 1)) and np.allclose(logits.sum(axis=1), 1.0, atol=1e-3):
            probs = logits  # the model already applies a softmax
        else:
            z = logits - logits.max(axis=1, keepdims=True)
            probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return [float(p) for p in probs[:, self.column]]


def _contradiction_column(model: object) -> int:
    config = getattr(model, "config", None) or getattr(getattr(model, "model", None), "config", None)
    id2label = getattr(config, "id2label", None) or {}
    for idx, label in dict(id2label).items():
        if "contradict" in str(label).lower():
            return int(idx)
    return 0


def load_judge(path: Path | None) -> ContradictionJudge | None:
    """The CrossEncoder judge for ``path`` (a local directory), or None without a path."""
    if path is None:
        return None
    if not Path(path).is_dir():
        raise ModelError(Errors.E030.format(detail=f"NLI model directory {path} not found"))
    try:
        # lazy: sentence-transformers loads only when a user names an NLI model
        from sentence_transformers import CrossEncoder

        model = CrossEncoder(str(path), device="cpu", local_files_only=True)
    except Exception as exc:  # broken or incompatible files: one clear error
        raise ModelError(Errors.E030.format(detail=f"NLI model {path}: {exc}")) from exc
    return CrossEncoderJudge(model)
