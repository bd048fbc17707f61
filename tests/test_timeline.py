"""Time expressions, normalised against the article's publication date (sentences written for the tests)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.dossier.models import Article, TimelineEntry
from sourcetrace.evaluation.timeml import Timex, _match, parse_tml
from sourcetrace.nlp import load_nlp
from sourcetrace.settings import Settings
from sourcetrace.timeline import extract_timeline
from sourcetrace.timeline.expressions import find_mentions
from sourcetrace.timeline.normalise import is_valid_value, resolve

# A value at its own precision: year, month, day, week, quarter, half or season; or a duration/set.
ISO = re.compile(r"^\d{2,4}(-(\d{2}(-\d{2})?|W\d{2}(-WE)?|Q[1-4]|H[12]|SP|SU|FA|WI))?$")
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def timeline(text: str, published: str | None = "2026-03-10") -> list[TimelineEntry]:
    """Entries for one article (published on Tuesday 2026-03-10 unless said otherwise)."""
    article = Article(id="t", file="t.txt", format="txt", text=text, published=published, content_hash="")
    entries = extract_timeline(article, load_nlp()(text), [], Settings(progress=False))
    for e in entries:
        assert text[e.start : e.end] == e.text
    return entries


def value_of(text: str, expression: str, published: str | None = "2026-03-10") -> str | None:
    found = [e for e in timeline(text, published) if expression.lower() in e.text.lower()]
    assert found, f"{expression!r} not found in {[e.text for e in timeline(text, published)]}"
    return found[0].value


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The ministers met on Friday in Velgrad.", "Friday", "2026-03-06"),
        ("The ministers will meet on Friday in Velgrad.", "Friday", "2026-03-13"),
        ("Delegations met in Velgrad earlier this month.", "earlier this month", "2026-03"),
        ("The two sides have been negotiating since August.", "August", "2025-08"),
        ("Parliament will debate the lease next month.", "next month", "2026-04"),
        ("The ferry line will begin sailing in May.", "May", "2026-05"),
        ("The port lost money last year.", "last year", "2025"),
        ("The deal was signed on March 3, 2026, in Selka.", "March 3, 2026", "2026-03-03"),
        ("The filing is dated 2026-02-27.", "2026-02-27", "2026-02-27"),
        ("The yard has been idle since 2019.", "2019", "2019"),
        ("The terminal opened yesterday.", "yesterday", "2026-03-09"),
    ],
)
def test_relative_and_absolute_dates(text: str, expression: str, value: str, models: None) -> None:
    assert value_of(text, expression) == value


def test_durations_are_not_calendar_dates(models: None) -> None:
    (entry,) = [e for e in timeline("The shipyard has had no contract for two years.") if "two years" in e.text]
    assert entry.type == "DURATION"
    assert entry.value == "P2Y"


def test_an_undated_article_gets_no_invented_dates(models: None) -> None:
    entries = timeline("The ministers met on Friday and will meet again next month.", published=None)
    assert [e.text for e in entries] == ["Friday", "next month"]
    assert all(e.value is None for e in entries)


def test_a_year_earlier_in_an_earnings_report_is_the_same_quarter(models: None) -> None:
    text = "Profit rose 5% in the third quarter. A year earlier, the company lost money."
    assert value_of(text, "A year earlier", "2026-10-20") == "2025-Q3"
    assert value_of("The company lost money a year earlier.", "a year earlier", "2026-10-20") == "2025"


def test_words_that_look_like_dates_are_not(models: None) -> None:
    text = "We may see more ships, the mayor said. March is a verb too: the crowds march on."
    assert [e.text for e in timeline(text)] == []


def test_a_time_of_day_inside_a_name_is_no_time() -> None:
    assert [m.text for m in find_mentions("The Morning Courier has asked the ministry for comment.")] == []
    assert [m.text for m in find_mentions("They met on Friday Night Lights' set.")] == []
    # the same words ending a phrase, or lower-case, are times
    assert [m.text for m in find_mentions("The talks resumed Monday Morning.")] == ["Monday Morning"]
    assert [m.text for m in find_mentions("The Morning Courier said talks ended in the morning.")] == ["the morning"]


def test_the_example_story_dates(story_dates, models: None) -> None:
    for file, expression, sentence, value, got in story_dates:
        assert got == value, f"{file}: {expression!r} in {sentence!r}"


@pytest.fixture(scope="module")
def story_dates(models: None):
    import yaml

    from sourcetrace.ingest import load_inputs

    story = Path(__file__).resolve().parents[1] / "examples" / "story"
    gold = yaml.safe_load((story / "EXPECTED.md").read_text().split("```yaml")[1].split("```")[0])
    out = []
    nlp = load_nlp()
    cache: dict[str, list] = {}
    for d in gold["dates"]:
        if d["file"] not in cache:
            cache[d["file"]] = load_inputs([str(story / d["file"])], Settings(progress=False)).articles
        for art in cache[d["file"]]:
            i = art.text.find(d["sentence"])
            if i < 0:
                continue
            entries = extract_timeline(art, nlp(art.text), [], Settings(progress=False))
            j = art.text.index(d["text"], i)
            hit = [e for e in entries if e.start < j + len(d["text"]) and j < e.end]
            out.append((d["file"], d["text"], d["sentence"], str(d["value"]), hit[0].value if hit else None))
            break
    assert len(out) == len(gold["dates"])
    return out


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_finding_mentions_never_raises_and_stays_in_the_text(text: str) -> None:
    for m in find_mentions(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 3000))
def test_month_day_year_round_trips(day: date, shift: int) -> None:
    text = f"The talks ended on {MONTH_NAMES[day.month - 1]} {day.day}, {day.year}, in Selka."
    anchor = day + timedelta(days=shift)
    (m,) = [m for m in find_mentions(text) if str(day.year) in m.text]
    assert resolve(m, anchor).value == day.isoformat()


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["on Friday", "last week", "next month", "in May", "since August", "two years ago",
                     "earlier this month", "this year", "the third quarter", "last summer", "tomorrow",
                     "a year earlier", "in the 1990s", "March 3", "three days", "every week"]),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
)
def test_every_value_is_well_formed(phrase: str, anchor: date) -> None:
    text = f"The officials said the port would reopen {phrase}."
    for m in find_mentions(text):
        v = resolve(m, anchor).value
        assert v is None or is_valid_value(v)
        if v is not None and not v.startswith(("P", "R", "PAST", "FUTURE", "PRESENT", "XXXX")):
            assert ISO.match(v), v


# --- the TimeML scorer -------------------------------------------------------------------------

TML = """<?xml version="1.0" ?>
<TimeML><DOCID>t1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2026-03-10" functionInDocument="CREATION_TIME">03/10/2026</TIMEX3></DCT>
<TEXT>The port closed <TIMEX3 tid="t1" type="DATE" value="2026-03-06">on Friday</TIMEX3> &amp; reopens
<TIMEX3 tid="t2" type="DATE" value="2026-04">next month</TIMEX3>, for <TIMEX3 tid="t3" type="DURATION" value="P3W">three weeks</TIMEX3>.</TEXT>
</TimeML>
"""


def test_parse_tml_strips_tags_and_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "t1.tml"
    path.write_text(TML, encoding="utf-8")
    doc = parse_tml(path)
    assert doc.dct == "2026-03-10"
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["on Friday", "next month", "three weeks"]
    assert "&amp;" not in doc.text and "&" in doc.text
    assert [g.value for g in doc.gold] == ["2026-03-06", "2026-04", "P3W"]


def test_scorer_matches_by_any_overlap_one_to_one() -> None:
    gold = [Timex(10, 19, "2026-03-06"), Timex(30, 40, "2026-04")]
    pred = [Timex(13, 19, "2026-03-06"), Timex(14, 18, "2026-03-06"), Timex(50, 55, "2026")]
    pairs = _match(gold, pred)
    assert len(pairs) == 1 and pairs[0][0] is gold[0]
