"""Span helpers: a content keeps the marks of a quotation inside it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.text.spans import bare, with_balanced_quotes


@pytest.mark.parametrize(("text", "part", "want"), [
    ('Reed said the repairs were "far too slow." Then', 'the repairs were "far too slow', 'the repairs were "far too slow."'),
    ("Reed said she was seeking “fresh advice,” and left", "she was seeking “fresh advice", "she was seeking “fresh advice,”"),
    ('condemning "reckless spending" in the budget', 'reckless spending" in the budget', '"reckless spending" in the budget'),
    ('Reed said "the pier is closed" today', "the pier is closed", "the pier is closed"),  # a whole quotation: no marks
    ("Reed said the pier is closed.", "the pier is closed", "the pier is closed"),
    # a quotation over two paragraphs: the second opens with a mark that only its end closes
    ("“We waited.\n\n“Ships arrive in May,” she said.", "We waited.\n\n“Ships arrive in May", "We waited.\n\n“Ships arrive in May"),
])
def test_an_inner_quotation_keeps_its_marks(text: str, part: str, want: str) -> None:
    start = text.index(part)
    s, e = with_balanced_quotes(text, start, start + len(part))
    assert text[s:e] == want
    assert bare(text[s:e]) == bare(part)


@given(st.text(alphabet='ab "“”.,', max_size=30), st.data())
def test_widening_only_adds_marks_and_punctuation(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = with_balanced_quotes(text, start, end)
    assert 0 <= s <= start <= end <= e <= len(text)
    assert all(c in '"“”.,!?;:' for c in text[s:start] + text[end:e])
    assert e - end <= 3 and start - s <= 1
