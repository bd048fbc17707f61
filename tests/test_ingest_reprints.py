"""Reprints: exact and near copies point to the earliest copy; different stories do not."""

from __future__ import annotations

import hashlib
import random

from sourcetrace.dossier.models import Article
from sourcetrace.ingest.reprints import mark_reprints, normalised_hash
from sourcetrace.settings import Settings

WIRE = (
    "The defence ministry said on Monday that its forces had withdrawn from three villages near the "
    "border after two days of heavy fighting. A spokesman told reporters the withdrawal was temporary "
    "and that troops would regroup. Local officials said at least twelve civilians were killed and "
    "dozens wounded, according to figures released by the regional hospital. The United Nations called "
    "for an immediate halt to the shelling and said aid convoys had been blocked for a week. Residents "
    "described long queues for water and fuel, and several schools were closed."
)
# The same story, written independently.
OTHER_ON_SAME_STORY = (
    "Fighting near the border forced the army to pull back from three villages, the defence ministry "
    "confirmed on Monday. Hospital figures show twelve civilians died. Aid agencies say their trucks "
    "have waited at the crossing for seven days while shells fell on the main road. The UN urged both "
    "sides to stop firing. Families interviewed in the regional capital said fuel and drinking water "
    "were running short, and teachers said classes had been cancelled until further notice."
)


def _article(i: int, text: str, published: str | None = None) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=f"a{i}", file=f"{i}.txt", format="txt", text=text, content_hash=digest, published=published)


def test_exact_copy_points_to_the_earliest_by_date() -> None:
    later = _article(1, WIRE, "2025-03-06")
    earlier = _article(2, WIRE, "2025-03-05")
    mark_reprints([later, earlier], Settings())
    assert later.reprint_of == "a2"
    assert earlier.reprint_of is None


def test_exact_copy_with_changed_case_and_spacing_is_a_reprint() -> None:
    first = _article(1, WIRE)
    shouty = _article(2, "  " + WIRE.upper().replace(". ", ".\n\n"))
    mark_reprints([first, shouty], Settings())
    assert shouty.reprint_of == "a1"
    assert normalised_hash(WIRE) == normalised_hash(shouty.text)


def test_without_dates_input_order_decides() -> None:
    articles = [_article(i, WIRE) for i in range(3)]
    mark_reprints(articles, Settings())
    assert [a.reprint_of for a in articles] == [None, "a0", "a0"]


def test_undated_copy_is_later_than_a_dated_one() -> None:
    undated = _article(1, WIRE)
    dated = _article(2, WIRE, "2025-03-05")
    mark_reprints([undated, dated], Settings())
    assert undated.reprint_of == "a2"


def test_wire_copy_with_new_headline_dateline_and_an_extra_sentence() -> None:
    original = _article(1, WIRE, "2025-03-05T08:00:00")
    copy = _article(
        2,
        "Army pulls back from border villages\n\nKYIV, March 5 (Wire) - " + WIRE
        + " The ministry did not respond to a request for further comment on Tuesday.",
        "2025-03-05T11:00:00",
    )
    mark_reprints([copy, original], Settings())
    assert copy.reprint_of == "a1"
    assert original.reprint_of is None


def test_shortened_copy_with_a_local_paragraph_is_caught() -> None:
    original = _article(1, WIRE)
    trimmed = WIRE.rsplit(" Residents", 1)[0]
    copy = _article(2, trimmed + "\n\nOur correspondent in the capital said the mood in the city was tense but calm.")
    mark_reprints([original, copy], Settings())
    assert copy.reprint_of == "a1"


def test_different_articles_on_the_same_story_are_not_reprints() -> None:
    a = _article(1, WIRE)
    b = _article(2, OTHER_ON_SAME_STORY)
    mark_reprints([a, b], Settings())
    assert a.reprint_of is None and b.reprint_of is None


def test_chains_point_to_the_root() -> None:
    root = _article(1, WIRE, "2025-03-05")
    copy = _article(2, "LONDON - " + WIRE, "2025-03-06")
    copy_of_copy = _article(3, "LONDON - " + WIRE + " Shares in arms makers rose.", "2025-03-07")
    mark_reprints([copy_of_copy, copy, root], Settings())
    assert copy.reprint_of == "a1" and copy_of_copy.reprint_of == "a1"


def test_threshold_one_keeps_only_exact_copies() -> None:
    original = _article(1, WIRE)
    edited = _article(2, WIRE.replace("twelve", "thirteen").replace("a week", "ten days").replace("Monday", "Sunday"))
    exact = _article(3, WIRE)
    mark_reprints([original, edited, exact], Settings(near_duplicate_threshold=1.0))
    assert edited.reprint_of is None and exact.reprint_of == "a1"
    mark_reprints([original, edited], Settings(near_duplicate_threshold=0.6))
    assert edited.reprint_of == "a1"


def test_short_texts_only_match_exactly() -> None:
    a, b, c = _article(1, "Talks failed."), _article(2, "talks FAILED"), _article(3, "Talks failed today.")
    mark_reprints([a, b, c], Settings())
    assert b.reprint_of == "a1" and c.reprint_of is None


def test_many_articles_with_few_reprints() -> None:
    """A thousand distinct articles: only the planted copies are marked."""
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(5000)]
    articles = [_article(i, " ".join(rng.choices(vocabulary, k=120))) for i in range(1000)]
    for j, src in enumerate((3, 500, 999)):
        articles.append(_article(1000 + j, "UPDATE: " + articles[src].text + " more words at the end"))
    mark_reprints(articles, Settings())
    marked = {a.id: a.reprint_of for a in articles if a.reprint_of}
    assert marked == {"a1000": "a3", "a1001": "a500", "a1002": "a999"}


def test_articles_sharing_an_id_or_without_words_do_not_break_it() -> None:
    a, b = _article(1, WIRE), _article(1, "LONDON - " + WIRE)
    empty1, empty2 = _article(2, "!!! ..."), _article(3, "??")
    mark_reprints([a, b, empty1, empty2], Settings())
    assert a.reprint_of is None and b.reprint_of is None  # pointing at itself says nothing
    assert empty1.reprint_of is None and empty2.reprint_of is None


def test_marking_twice_gives_the_same_result() -> None:
    articles = [_article(1, WIRE, "2025-03-06"), _article(2, WIRE, "2025-03-05"), _article(3, OTHER_ON_SAME_STORY)]
    mark_reprints(articles, Settings())
    first = [a.reprint_of for a in articles]
    mark_reprints(articles, Settings())
    assert [a.reprint_of for a in articles] == first == ["a2", None, None]
