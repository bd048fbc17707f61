"""Publication dates to ISO 8601, and outlets from URLs (offline)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.ingest.common import domain_of, normalise_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-05", "2025-03-05"),
        ("2025-03-05T10:20:00Z", "2025-03-05T10:20:00+00:00"),
        ("2025-03-05 10:20", "2025-03-05T10:20:00"),
        ("Tue, 11 Mar 2025 08:15:00 GMT", "2025-03-11T08:15:00+00:00"),
        ("March 5, 2025", "2025-03-05"),
        ("5 March 2025 16:45", "2025-03-05T16:45:00"),
        (date(2025, 1, 2), "2025-01-02"),
        (datetime(2025, 1, 2, 3, 4, 5), "2025-01-02T03:04:05"),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
        ("2025-13-45", None),
        (None, None),
        (["2025-01-01"], None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_round_trip(day: date) -> None:
    assert normalise_date(day.isoformat()) == day.isoformat()


@given(
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_iso_datetimes_round_trip(moment: datetime, offset_minutes: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert datetime.fromisoformat(normalise_date(aware.isoformat()) or "") == aware


@settings(max_examples=30, deadline=None)  # dateparser loads its language data on first use
@given(st.text(max_size=120))
def test_normalise_date_never_raises(text: str) -> None:
    result = normalise_date(text)
    assert result is None or result[:4].isdigit()


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.nbcnews.com/politics/x", "nbcnews.com"),
        ("https://news.bbc.co.uk/2/hi/world", "bbc.co.uk"),
        ("http://WWW.LeMonde.FR/a", "lemonde.fr"),
        ("https://www.abc.net.au/news", "abc.net.au"),
        ("nytimes.com/2025/01/01/x.html", "nytimes.com"),
        ("https://localhost:8000/a", None),
        ("not a url", None),
        ("", None),
        (None, None),
    ],
)
def test_domain_of(url: str | None, domain: str | None) -> None:
    assert domain_of(url) == domain
