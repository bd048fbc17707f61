"""Content words of a text, how many two texts share (the words that carry a proposition), and its names."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# spaCy's English stop words: the well-kept list, the same one the parser's pipeline knows
from spacy.lang.en.stop_words import STOP_WORDS

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_ANY_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
_CAPS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_STOP_CAPS = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "This"}


def content_words(text: str) -> frozenset[str]:
    """Lower-case words of three letters or more that are not stop words."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS)


def word_jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared content words over all content words of either (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def proper_names(text: str) -> set[str]:
    """Capitalised words not at a sentence start: a cheap stand-in for named entities."""
    return {m.group(0).lower() for m in _CAPS.finditer(text) if m.group(0) not in _STOP_CAPS}


def shared_run(a: str, b: str) -> int:
    """How many consecutive words the two texts have in common at most (case and the kind of
    apostrophe aside): the same quotation carried by two outlets shares a long run."""
    wa = _ANY_WORD.findall(a.lower().translate(_APOSTROPHES))
    wb = _ANY_WORD.findall(b.lower().translate(_APOSTROPHES))
    if not wa or not wb:
        return 0
    return SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match().size
