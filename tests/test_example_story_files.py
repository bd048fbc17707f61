"""The bundled example story (examples/story) parses, and EXPECTED.md agrees with it.

No NLP here: these tests keep the fixture and its list of planted findings true to each
other, so that the pipeline tests that use them assert against real text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

STORY = Path(__file__).parents[1] / "examples" / "story"
KINDS = {"outlet", "person", "government", "military", "organization", "anonymous", "document"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _expected() -> dict:
    text = (STORY / "EXPECTED.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "EXPECTED.md must hold exactly one ```yaml block"
    return yaml.safe_load(blocks[0])


EXPECTED = _expected()


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    assert match, f"{path.name}: no YAML front matter"
    return yaml.safe_load(match.group(1)), text[match.end():]


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        elif tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs.get("content") or ""
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self.depth > 0:
            self.parts.append(data)
        if self._in_title:
            self.title += data


def _html(path: Path) -> _ArticleText:
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _jsonl(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _article(file: str, record: int | None = None) -> tuple[dict, str]:
    """Metadata and body text of one article, whatever its format."""
    path = STORY / file
    if path.suffix == ".md":
        meta, body = _front_matter(path)
        return meta, body
    if path.suffix == ".html":
        parser = _html(path)
        meta = {"published": parser.meta["article:published_time"][:10],
                "outlet": parser.meta["og:site_name"]}
        return meta, " ".join(" ".join(parser.parts).split())
    if path.suffix == ".jsonl":
        rec = _jsonl(path)[(record or 1) - 1]
        return rec, rec["text"]
    raise AssertionError(f"unexpected file {file}")


def _published(file: str, record: int | None = None) -> dt.date:
    meta, _ = _article(file, record)
    value = meta["published"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def test_story_has_seven_articles_in_three_formats():
    files = sorted(p.name for p in STORY.iterdir() if p.suffix in {".md", ".html", ".jsonl"}
                   and p.name not in {"README.md", "EXPECTED.md"})
    assert len([f for f in files if f.endswith(".md")]) == 4
    assert len([f for f in files if f.endswith(".html")]) == 1
    assert len([f for f in files if f.endswith(".jsonl")]) == 1
    count = sum(len(_jsonl(STORY / f)) if f.endswith(".jsonl") else 1 for f in files)
    assert count == 7 == len(EXPECTED["articles"])


def test_readme_says_the_story_is_fictional():
    readme = (STORY / "README.md").read_text(encoding="utf-8")
    assert "fictional" in readme
    assert "written for sourcetrace" in readme


@pytest.mark.parametrize("name", ["capital-ledger.md", "meridian-news.md", "harbor-insider.md",
                                  "morning-briefing.md"])
def test_markdown_front_matter(name):
    meta, body = _front_matter(STORY / name)
    assert set(meta) == {"title", "outlet", "published", "url", "author"}
    assert isinstance(meta["published"], dt.date)
    assert meta["url"].startswith("https://") and ".example/" in meta["url"]
    assert 150 <= len(body.split()) <= 350


def test_html_page_has_metadata_and_article():
    parser = _html(STORY / "northwind-broadcasting.html")
    assert parser.title.strip()
    assert parser.meta["og:site_name"] == "Northwind Broadcasting"
    assert parser.meta["og:url"].startswith("https://nwb.example/")
    assert parser.meta["article:published_time"].startswith("2026-03-09")
    body = " ".join(" ".join(parser.parts).split())
    assert 150 <= len(body.split()) <= 350


def test_jsonl_records_are_a_wire_story_and_its_reprint():
    records = _jsonl(STORY / "continental-wire.jsonl")
    assert len(records) == 2
    for rec in records:
        assert set(rec) == {"id", "title", "outlet", "published", "url", "author", "text"}
        assert 150 <= len(rec["text"].split()) <= 350
    wire, reprint = records
    assert wire["id"] != reprint["id"] and wire["title"] != reprint["title"]
    assert (wire["outlet"], reprint["outlet"]) == ("Continental Wire", "The Morning Courier")
    # Same body after the dateline; the reprint adds one closing sentence.
    wire_body = wire["text"].split(" — ", 1)[1]
    reprint_body = reprint["text"].split(" — ", 1)[1]
    added = EXPECTED["reprints"][0]["added_sentence"]
    assert reprint_body == wire_body + "\n\n" + added


def test_articles_metadata_matches_expected():
    for art in EXPECTED["articles"]:
        meta, _ = _article(art["file"], art.get("record"))
        published = _published(art["file"], art.get("record"))
        assert published.isoformat() == art["published"]
        assert WEEKDAYS[published.weekday()] == art["weekday"]
        assert meta["outlet"] == art["outlet"]


def _ids(section):
    return [item.get("id") or f"{item['file']}:{item.get('text')}" for item in section]


@pytest.mark.parametrize("att", EXPECTED["attributions"], ids=_ids(EXPECTED["attributions"]))
def test_planted_attribution_is_verbatim(att):
    _, text = _article(att["file"], att.get("record"))
    assert att["sentence"] in text
    assert att["source"] in att["sentence"]
    assert att["cue"] in att["sentence"]
    assert att["speaker"]["kind"] in KINDS
    chain = att["chain"]
    meta, _ = _article(att["file"], att.get("record"))
    assert chain[0] == meta["outlet"], "a chain starts with the publishing outlet"
    assert chain[-1] == att["speaker"]["name"], "a chain ends with the original source"


def test_attribution_ids_are_unique_and_referenced_ids_exist():
    ids = [a["id"] for a in EXPECTED["attributions"]]
    assert len(ids) == len(set(ids))
    for conflict in EXPECTED["conflicts"]:
        for side in ("a", "b"):
            assert conflict[side]["attribution"] in ids
    for claim in EXPECTED["independence"]:
        assert set(claim["attributions"]) <= set(ids)


def test_anonymous_officials_all_belong_to_one_government():
    (group,) = EXPECTED["anonymous_groups"]
    for member in group["members"]:
        _, text = _article(member["file"], member.get("record"))
        assert member["source"] in text
    anonymous = [a for a in EXPECTED["attributions"] if a["speaker"]["kind"] == "anonymous"]
    assert {a.get("affiliation") for a in anonymous} == {group["government"]}
    (claim,) = EXPECTED["independence"]
    assert claim["independent_roots"] == [group["government"]]
    assert claim["independent_root_count"] == 1
    assert len(claim["outlets"]) > 1


@pytest.mark.parametrize("conflict", EXPECTED["conflicts"],
                         ids=[f"{c['kind']}-{i}" for i, c in enumerate(EXPECTED["conflicts"])])
def test_conflict_sides_are_verbatim(conflict):
    for side in ("a", "b"):
        _, text = _article(conflict[side]["file"], conflict[side].get("record"))
        assert conflict[side]["sentence"] in text
    if conflict["kind"] == "number":
        for value, side in zip(conflict["values"], ("a", "b"), strict=True):
            assert value in conflict[side]["sentence"]
    if conflict["kind"] == "certainty":
        for word, side in zip(conflict["words"], ("a", "b"), strict=True):
            assert word in conflict[side]["sentence"]


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _resolve(expr: str, rule: str, published: dt.date) -> str:
    """The value EXPECTED.md should give, computed from the published date."""
    if rule == "weekday":
        target = WEEKDAYS.index(expr.split()[-1])
        back = (published.weekday() - target) % 7
        return (published - dt.timedelta(days=back)).isoformat()
    if rule == "this-month":
        return f"{published:%Y-%m}"
    if rule == "next-month":
        year, month = _add_months(published, 1)
        return f"{year:04d}-{month:02d}"
    if rule in {"past-month", "future-month"}:
        month = MONTHS.index(expr.split()[-1]) + 1
        if rule == "past-month":
            year = published.year if month < published.month else published.year - 1
        else:
            year = published.year if month > published.month else published.year + 1
        return f"{year:04d}-{month:02d}"
    if rule == "last-week":
        iso = (published - dt.timedelta(days=7)).isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if rule == "absolute":
        month_name, day = expr.split()
        return dt.date(published.year, MONTHS.index(month_name) + 1, int(day)).isoformat()
    raise AssertionError(f"unknown rule {rule}")


@pytest.mark.parametrize("date", EXPECTED["dates"], ids=_ids(EXPECTED["dates"]))
def test_planted_date_is_verbatim_and_consistent(date):
    _, text = _article(date["file"], date.get("record"))
    assert date["sentence"] in text
    assert date["text"] in date["sentence"]
    published = _published(date["file"], date.get("record"))
    assert date["value"] == _resolve(date["text"], date["rule"], published)


def test_expected_dates_cover_the_required_expressions():
    texts = {d["text"] for d in EXPECTED["dates"]}
    assert {"on Friday", "earlier this month", "since August"} <= texts
    assert texts & {"last week", "next month"}
