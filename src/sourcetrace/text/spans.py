"""Character spans as ``(start, end)`` pairs, end exclusive: overlap, containment, Jaccard, and an index
that finds the spans overlapping one."""

from __future__ import annotations

import bisect
import re
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


_TAIL_PUNCT = ".,!?;:"
_PARAGRAPH_OPENER = re.compile(r"\n[ \t]*[“\"]")


def with_balanced_quotes(text: str, start: int, end: int) -> CharSpan:
    """``start:end`` widened to the quotation mark that closes (or opens) one left open inside it.

    A trimmed content loses the marks at its ends, which is right for a whole quotation but not for
    one quoted inside the content: 'comments were "wildly inaccurate."' keeps its closing '."', and
    '"racist elements" in the movement' its opening mark.
    """
    # a quoted paragraph opens with a mark that only the last paragraph closes: no inner quotation
    seg = _PARAGRAPH_OPENER.sub("\n", text[start:end])
    opening = seg.count("“") > seg.count("”")
    closing = seg.count("”") > seg.count("“")
    if seg.count('"') % 2:
        first = seg.index('"')
        closing = closing or (first > 0 and not seg[first - 1].isspace() and (first + 1 == len(seg) or not seg[first + 1].isalnum()))
        opening = opening or not closing
    if opening:
        j = end
        while j < len(text) and j - end < 2 and text[j] in _TAIL_PUNCT:
            j += 1
        if j < len(text) and text[j] in "”\"":
            end = j + 1
    elif closing and start > 0 and text[start - 1] in "“\"":
        start -= 1
    return start, end


_BARE = " \t\r\n\"'“”‘’.,;:"


def bare(text: str) -> str:
    """``text`` without blanks, quotation marks and punctuation at its ends: what the encoder and the
    word rules compare, so that a content keeping its quotation's marks reads as before."""
    return text.strip(_BARE)
