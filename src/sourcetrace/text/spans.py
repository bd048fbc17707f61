"""Character spans as ``(start, end)`` pairs, end exclusive: overlap, containment, Jaccard, and an index
that finds the spans overlapping one."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

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


class SpanIndex:
    """Spans, added in any order, asked which of them overlap a span: bisection over their starts,
    bounded by the longest, instead of a scan of every span (quadratic over a long article's pairs)."""

    def __init__(self, spans: Iterable[CharSpan | None] = ()) -> None:
        self._starts: list[int] = []
        self._items: list[tuple[CharSpan, int]] = []  # (span, insertion number), ordered by start
        self._longest = 0
        self._count = 0
        for span in spans:
            self.add(span)

    def add(self, span: CharSpan | None) -> None:
        """Add the next span (None takes an insertion number and never overlaps)."""
        if span is not None:
            at = bisect.bisect_right(self._starts, span[0])
            self._starts.insert(at, span[0])
            self._items.insert(at, (span, self._count))
            self._longest = max(self._longest, span[1] - span[0])
        self._count += 1

    def overlapping(self, query: CharSpan) -> list[int]:
        """Insertion numbers, ascending, of the spans that share a character with ``query``."""
        # a span overlapping the query ends after its start, so starts after (its start - the longest)
        lo = bisect.bisect_right(self._starts, query[0] - self._longest)
        hi = bisect.bisect_left(self._starts, query[1])
        return sorted(n for span, n in self._items[lo:hi] if overlaps(span, query))

    def any_overlapping(self, query: CharSpan) -> bool:
        """True when some span shares a character with ``query``."""
        lo = bisect.bisect_right(self._starts, query[0] - self._longest)
        hi = bisect.bisect_left(self._starts, query[1])
        return any(overlaps(span, query) for span, _ in self._items[lo:hi])


def shared_share(a: CharSpan, b: CharSpan) -> float:
    """Characters the two spans share, over the shorter one (0 when one is empty)."""
    short = min(a[1] - a[0], b[1] - b[0])
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / short if short > 0 else 0.0
