"""Character spans as ``(start, end)`` pairs, end exclusive: overlap, containment, Jaccard."""

from __future__ import annotations

CharSpan = tuple[int, int]


def overlaps(a: CharSpan, b: CharSpan) -> bool:
    """True when the two spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def holds(outer: CharSpan, inner: CharSpan) -> bool:
    """True when ``inner`` lies within ``outer`` (equal spans hold each other)."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def jaccard(a: CharSpan, b: CharSpan) -> float:
    """Characters shared over characters covered by either span (0 for two empty spans)."""
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / union if union else 0.0
