"""Number and date normalisation for conflict detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.text.quantities import parse_dates, parse_number, parse_quantities


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$1.2 billion", 1.2e9, "USD"),
        ("1.2bn dollars", 1.2e9, "USD"),
        ("900 million euros", 9e8, "EUR"),
        ("three officials", 3, "official"),
        ("3,000 troops", 3000, "troop"),
        ("12% of voters", 12, "%"),
        ("twenty-five people", 25, "people"),
        ("£40m", 4e7, "GBP"),
    ],
)
def test_quantities_are_normalised(text: str, value: float, unit: str) -> None:
    (q,) = parse_quantities(text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert text[q.start : q.end] == q.text


def test_years_and_days_of_dates_are_not_counts() -> None:
    assert parse_quantities("in 2023 the talks began") == []
    qs = parse_quantities("40 people died on March 3")
    assert [q.value for q in qs] == [40]
    assert parse_dates("on March 3 and on Tuesday, 2024-05-06") == [("md", "03-03"), ("wd", "tuesday"), ("md", "05-06")]


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_with_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    if not 1900 <= n <= 2099:  # a bare year is a date
        assert parse_number(str(n)) == n


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=9),
    st.sampled_from([("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("thousand", 1e3)]),
)
def test_scaled_amounts_in_dollars(whole: int, tenth: int, scale: tuple[str, float]) -> None:
    word, factor = scale
    sep = "" if word == "bn" else " "
    (q,) = parse_quantities(f"${whole}.{tenth}{sep}{word} in aid")
    assert q.unit == "USD"
    assert q.value == pytest.approx((whole + tenth / 10) * factor)


@given(st.text(max_size=80))
def test_parser_never_fails_and_spans_point_into_the_text(text: str) -> None:
    for q in parse_quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.value >= 0
