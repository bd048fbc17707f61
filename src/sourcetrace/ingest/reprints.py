"""Reprint detection: wire copy run by several outlets counts once.

Exact copies share a hash of their normalised text (case, punctuation and
spacing ignored). Near copies, such as a wire story with a new headline, a
dateline or one added sentence, are found with MinHash over word 5-shingles and
an LSH index, so the cost grows with the number of articles, not with pairs.
A candidate is a reprint when its estimated Jaccard similarity reaches
``settings.near_duplicate_threshold``, or when the shorter text is almost wholly
contained in the longer one (an added paragraph lowers Jaccard but not that).
The later copy points to the earliest one (by published date, then input order).
A threshold of 1.0 keeps exact copies only.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from sourcetrace.dossier.models import Article
from sourcetrace.settings import Settings

SHINGLE = 5
NUM_PERM = 128
# Share of the shorter text's shingles found in the longer one for a contained copy.
CONTAINMENT = 0.8
# Candidates come from an index tuned lower than the threshold, then are verified.
_CANDIDATE_SLACK = 0.3
_MIN_CANDIDATE = 0.3

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Case-folded words: what both hashes are computed on."""
    return _WORD.findall(text.casefold())


def normalised_hash(text: str) -> str:
    """Hash of the text with case, punctuation and spacing ignored."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


# Odd 64-bit multipliers that combine five word hashes into one shingle hash.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
                 0xFF51AFD7ED558CCD], dtype=np.uint64)
# The permutations depend only on the seed: computing them once saves most of a MinHash's set-up.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations


def _identity(value: int) -> int:
    return value


class _WordHashes:
    """Stable 64-bit word hashes, each word hashed once per run (blake2b, not Python's salted hash)."""

    def __init__(self) -> None:
        self.cache: dict[str, int] = {}

    def __call__(self, tokens: list[str]) -> np.ndarray:
        cache = self.cache
        out = np.empty(len(tokens), dtype=np.uint64)
        for i, token in enumerate(tokens):
            h = cache.get(token)
            if h is None:
                h = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
                cache[token] = h
            out[i] = h
        return out


def shingle_hashes(word_hashes: np.ndarray) -> np.ndarray:
    """Distinct 32-bit hashes of the word 5-shingles (one for the whole text when shorter)."""
    n = len(word_hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint32)
    k = min(SHINGLE, n)
    combined = np.zeros(n - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):  # multiplication modulo 2**64 is the point
        for j in range(k):
            combined += word_hashes[j : n - k + 1 + j] * _MIX[j]
    combined ^= combined >> np.uint64(32)
    return np.unique((combined & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def minhash(hashes: np.ndarray) -> MinHash:
    """MinHash of a set of 32-bit shingle hashes, with a fixed seed so results are reproducible."""
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity, permutations=_PERMUTATIONS, scheme="affine32")
    if len(hashes):
        m.update_batch(hashes.tolist())
    return m


def _order_key(index: int, article: Article) -> tuple[int, str, int]:
    # Dated before undated; ISO strings of one form sort in time order.
    return (article.published is None, article.published or "", index)


def _is_reprint(m: MinHash, size: int, other: MinHash, other_size: int, threshold: float) -> bool:
    jaccard = m.jaccard(other)
    if jaccard >= threshold:
        return True
    # |A ∩ B| = J (|A| + |B|) / (1 + J): containment of the shorter text, estimated.
    shared = jaccard * (size + other_size) / (1 + jaccard)
    return shared / max(min(size, other_size), 1) >= CONTAINMENT and jaccard >= threshold - _CANDIDATE_SLACK


def mark_reprints(articles: list[Article], settings: Settings) -> None:
    """Set ``reprint_of`` on every article that copies an earlier one (in place)."""
    threshold = settings.near_duplicate_threshold
    order = sorted(range(len(articles)), key=lambda i: _order_key(i, articles[i]))
    rank = {i: r for r, i in enumerate(order)}
    # Positions, not ids, key everything here: callers may pass articles sharing an id.
    root: dict[int, int] = {}
    exact: dict[str, int] = {}
    lsh = MinHashLSH(threshold=max(threshold - _CANDIDATE_SLACK, _MIN_CANDIDATE), num_perm=NUM_PERM)
    sketches: dict[int, tuple[MinHash, int]] = {}
    word_hashes = _WordHashes()
    for i in order:
        articles[i].reprint_of = None
        tokens = words(articles[i].text)
        if not tokens:
            continue  # no words, nothing to copy
        key = hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()
        if key in exact:
            root[i] = root.get(exact[key], exact[key])
            continue
        exact[key] = i
        if len(tokens) < SHINGLE or threshold >= 1.0:
            continue  # too short to compare by shingles, or only exact copies asked for
        items = shingle_hashes(word_hashes(tokens))
        m = minhash(items)
        matches = []
        for j in lsh.query(m):
            other_m, other_size = sketches[j]
            if _is_reprint(m, len(items), other_m, other_size, threshold):
                matches.append(j)
        if matches:
            earliest = min(matches, key=rank.__getitem__)
            root[i] = root.get(earliest, earliest)
        lsh.insert(i, m)
        sketches[i] = (m, len(items))
    for i, r in root.items():
        if articles[r].id != articles[i].id:
            articles[i].reprint_of = articles[r].id


__all__ = ["mark_reprints", "minhash", "normalised_hash", "shingle_hashes", "words"]
