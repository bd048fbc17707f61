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
import struct

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


def _hash64(item: bytes) -> int:
    # datasketch's default is sha1 truncated to 32 bits; blake2b is faster here.
    return struct.unpack("<Q", hashlib.blake2b(item, digest_size=8).digest())[0] & 0xFFFFFFFF


def shingles(tokens: list[str]) -> set[bytes]:
    """Word 5-shingles (the whole text when it is shorter)."""
    if len(tokens) < SHINGLE:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]).encode("utf-8") for i in range(len(tokens) - SHINGLE + 1)}


def minhash(items: set[bytes]) -> MinHash:
    """MinHash of a shingle set, with fixed seed so results are reproducible."""
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_hash64)
    if items:
        m.update_batch(list(items))
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
    rank = {articles[i].id: r for r, i in enumerate(order)}
    by_id = {a.id: a for a in articles}
    exact: dict[str, str] = {}
    lsh = MinHashLSH(threshold=max(threshold - _CANDIDATE_SLACK, _MIN_CANDIDATE), num_perm=NUM_PERM)
    sketches: dict[str, tuple[MinHash, int]] = {}
    for i in order:
        article = articles[i]
        article.reprint_of = None
        tokens = words(article.text)
        key = hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()
        if key in exact:
            article.reprint_of = _root(exact[key], by_id)
            continue
        exact[key] = article.id
        if len(tokens) < SHINGLE or threshold >= 1.0:
            continue  # too short to compare by shingles, or only exact copies asked for
        items = shingles(tokens)
        m = minhash(items)
        matches = []
        for other_id in lsh.query(m):
            other_m, other_size = sketches[other_id]
            if _is_reprint(m, len(items), other_m, other_size, threshold):
                matches.append(other_id)
        if matches:
            earliest = min(matches, key=lambda k: rank[k])
            article.reprint_of = _root(earliest, by_id)
        lsh.insert(article.id, m)
        sketches[article.id] = (m, len(items))


def _root(article_id: str, by_id: dict[str, Article]) -> str:
    """The earliest copy: follow reprint_of to its end."""
    seen = {article_id}
    while (parent := by_id[article_id].reprint_of) is not None and parent not in seen:
        seen.add(parent)
        article_id = parent
    return article_id


__all__ = ["mark_reprints", "minhash", "normalised_hash", "shingles", "words"]
