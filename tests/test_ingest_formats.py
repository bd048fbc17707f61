"""Each input format is read into articles whose text is exactly what offsets point into."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sourcetrace.ingest import load_inputs
from sourcetrace.ingest.loader import format_of
from sourcetrace.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

PAGE = """<html><head><title>{title}</title>{meta}</head><body>
<nav>Home | World | Sport</nav><article><h1>{title}</h1>
<p>{para} Officials at the ministry said the figures would be published in full next month.</p>
<p>A spokesperson told reporters that the review had been ordered after complaints from residents.</p>
</article><footer>All rights reserved.</footer></body></html>"""


def _load(*paths: Path | str, **settings: object):
    return load_inputs([str(p) for p in paths], Settings(**settings))


def test_txt_text_is_the_file_content_exactly() -> None:
    result = _load(FIXTURES / "plain.txt")
    (article,) = result.articles
    assert article.text == (FIXTURES / "plain.txt").read_bytes().decode("utf-8")
    assert article.format == "txt"
    assert article.file == str(FIXTURES / "plain.txt")
    assert article.record is None
    assert article.published is None
    assert any(w.startswith("[W002]") for w in article.warnings)


def test_txt_keeps_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Line one said this.\r\nLine two said that.\r\n")
    (article,) = _load(path).articles
    assert article.text == "Line one said this.\r\nLine two said that.\r\n"


def test_markdown_front_matter_gives_metadata_and_the_body_is_the_text() -> None:
    (article,) = _load(FIXTURES / "front.md").articles
    raw = (FIXTURES / "front.md").read_text(encoding="utf-8")
    assert raw.endswith(article.text)
    assert article.text.startswith("The ferry service will resume")
    assert article.title == "Ferry service to resume"
    assert article.outlet == "Island Gazette"  # metadata wins over the URL's domain
    assert article.published == "2025-02-13T09:30:00+01:00"
    assert article.author == "Mara Quill"
    assert article.language == "en"
    assert article.url == "https://www.islandgazette.co.uk/news/ferry"
    assert article.warnings == []


def test_front_matter_in_a_txt_file_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("---\npublished: 2025-05-06\n---\nThe minister said so.\n", encoding="utf-8")
    (article,) = _load(path).articles
    assert article.text == "The minister said so.\n"
    assert article.published == "2025-05-06"


def test_html_main_text_and_metadata() -> None:
    (article,) = _load(FIXTURES / "page.html").articles
    assert article.format == "html"
    assert "Councillor Ada Brenning said the delay was regrettable" in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Council delays vote on bridge repairs"
    assert article.published == "2025-01-20"
    assert article.url == "https://www.riversidecourier.com/local/bridge-vote"
    assert article.outlet == "Riverside Courier"
    assert article.author == "Tobias Fenn"


def test_html_without_metadata_gets_outlet_none_and_a_w002(tmp_path: Path) -> None:
    path = tmp_path / "bare.htm"
    path.write_text(PAGE.format(title="Review ordered", meta="", para="The review was ordered."), encoding="utf-8")
    (article,) = _load(path).articles
    assert article.outlet is None
    assert "review had been ordered" in article.text


def test_jsonl_one_article_per_line_with_text_verbatim() -> None:
    result = _load(FIXTURES / "records.jsonl")
    first, second = result.articles
    lines = (FIXTURES / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert first.text == json.loads(lines[0])["text"]
    assert second.text == json.loads(lines[1])["text"]
    assert first.id == "wire-1"  # the given id, unique in the batch
    assert first.outlet == "Example Wire"
    assert second.outlet == "dailyledger.com"  # from the URL's registered domain
    assert (first.record, second.record) == (1, 2)
    assert first.published == "2025-03-04"
    assert second.published == "2025-03-04T16:45:00"
    assert result.skipped == []


def test_json_list_with_field_map_and_a_bad_date() -> None:
    result = _load(FIXTURES / "records.json", field_map={"text": "body", "title": "headline", "published": "date"})
    first, second = result.articles
    assert first.text == "The mayor said the festival would go ahead despite the rain."
    assert first.title == "Festival on"
    assert first.published == "2025-06-01"
    assert second.published is None
    assert any(w.startswith("[W003]") and "not a date" in w for w in second.warnings)
    assert any(w.code == "W003" for w in result.warnings)


def test_json_single_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": "The council said yes.", "url": "https://news.bbc.co.uk/x"}))
    (article,) = _load(path).articles
    assert article.record is None
    assert article.outlet == "bbc.co.uk"


def test_record_with_html_field_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    html = PAGE.format(title="Port strike", meta="", para="Dock workers walked out on Friday.")
    path.write_text(json.dumps({"html": html, "outlet": "Coast Times"}) + "\n", encoding="utf-8")
    (article,) = _load(path).articles
    assert "Dock workers walked out on Friday." in article.text
    assert article.outlet == "Coast Times"


def test_csv_rows_with_quotes_kept_verbatim() -> None:
    first, second = _load(FIXTURES / "records.csv").articles
    assert first.text == 'The regional water authority said the dam was safe, "for now", after an inspection.'
    assert first.id == "c1" and second.id == "c2"
    assert first.outlet == "valleynews.net"
    assert second.url is None
    assert second.record == 2


def test_csv_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("title;text\nA;The harbour master said, calmly, that all was well.\n", encoding="utf-8")
    (article,) = _load(path).articles
    assert article.text == "The harbour master said, calmly, that all was well."


def _warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """Write a .warc.gz with one response record per (url, warc_date, html), plus a request."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, warc_date, html in pages:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": warc_date},
            )
            writer.write_record(record)
        # A non-HTML response is not an article.
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(
            "https://www.coasttimes.com/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=headers))


def test_warc_html_responses_are_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    dated = PAGE.format(title="Pier closed", meta='<meta property="article:published_time" content="2025-02-01">',
                        para="The pier was closed after storm damage.")
    undated = PAGE.format(title="Pier reopens", meta="", para="The pier reopened to walkers on Sunday.")
    _warc(path, [("https://www.coasttimes.com/pier", "2025-02-02T10:00:00Z", dated),
                 ("https://www.baynews.co.uk/pier-reopens", "2025-03-09T12:30:00Z", undated)])
    result = _load(path)
    first, second = result.articles
    assert first.format == "warc"
    assert first.url == "https://www.coasttimes.com/pier"
    assert first.outlet == "coasttimes.com"
    assert first.published == "2025-02-01"  # the page's own date wins
    assert second.published == "2025-03-09T12:30:00+00:00"  # WARC-Date when the page has none
    assert second.outlet == "baynews.co.uk"
    assert "reopened to walkers" in second.text
    assert first.record is not None and second.record is not None and second.record > first.record
    assert result.skipped == []


def test_truncated_warc_keeps_records_read_so_far(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    pages = [(f"https://www.coasttimes.com/{i}", "2025-02-02T10:00:00Z",
              PAGE.format(title=f"Story {i}", meta="", para=f"Story number {i} said things happened.")) for i in range(4)]
    _warc(path, pages)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.7)])
    result = _load(path)
    assert 1 <= len(result.articles) < 4
    assert any(s.reason.startswith("[E009]") and s.input == str(path) for s in result.skipped)


def test_rss_full_content_entries_and_teasers_skipped() -> None:
    result = _load(FIXTURES / "feed.rss")
    (article,) = result.articles
    assert article.format == "feed"
    assert article.text.startswith("The fisheries ministry cut cod quotas")
    assert "<p>" not in article.text
    assert article.published == "2025-03-11T08:15:00+00:00"
    assert article.outlet == "harbourherald.com"
    assert article.language == "en"
    (skipped,) = result.skipped
    assert skipped.input.endswith("feed.rss:record 2")
    assert "summary" in skipped.reason


def test_atom_content(tmp_path: Path) -> None:
    (article,) = _load(FIXTURES / "feed.atom").articles
    assert article.author == "Inez Marlow"
    assert article.url == "https://www.valleybulletin.org/flood-barriers"
    assert article.published == "2025-03-12T10:00:00+00:00"
    assert "\n\n" in article.text  # paragraphs kept apart


def test_xml_feed_is_sniffed_and_other_xml_is_skipped(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "feed.atom", tmp_path / "feed.xml")
    (tmp_path / "other.xml").write_text("<config><a>1</a></config>")
    result = _load(tmp_path)
    assert len(result.articles) == 1
    (skipped,) = result.skipped
    assert skipped.reason.startswith("[E014]")


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/1.txt", "a/z/3.txt", "0.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"File {name} says hello to the reader.")
    files = [Path(a.file).relative_to(tmp_path).as_posix() for a in _load(tmp_path).articles]
    assert files == ["0.txt", "a/1.txt", "a/z/3.txt", "b/2.txt"]


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"text": "From standard input, the mayor said."}\n{oops\n'
    fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", fake)
    result = load_inputs(["-"], Settings())
    (article,) = result.articles
    assert article.file == "-" and article.record == 1
    assert [s.input for s in result.skipped] == ["-:line 2"]


def test_ids_are_stable_and_unique_for_duplicate_texts(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("The same wire story, word for word.")
    first = _load(tmp_path).articles
    again = _load(tmp_path).articles
    assert [a.id for a in first] == [a.id for a in again]
    assert len({a.id for a in first}) == 2
    assert first[0].content_hash == first[1].content_hash


def test_duplicate_given_ids_fall_back_to_content_ids(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "x", "text": "First text."}\n{"id": "x", "text": "Second text."}\n')
    articles = _load(path).articles
    assert len({a.id for a in articles}) == 2 and "x" not in {a.id for a in articles}
    assert all(any("not unique" in w for w in a.warnings) for a in articles)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.TXT", "txt"), ("a.md", "md"), ("a.warc.gz", "warc"), ("a.WARC", "warc"), ("a.htm", "html"),
     ("a.ndjson", "jsonl"), ("a.atom", "feed"), ("a.gz", None), ("a.png", None), ("README", None)],
)
def test_format_of(name: str, fmt: str | None) -> None:
    assert format_of(name) == fmt


def test_gzip_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "x.txt.gz"
    path.write_bytes(gzip.compress(b"hello"))
    (skipped,) = _load(path).skipped
    assert skipped.reason.startswith("[E011]") and "'.txt.gz'" in skipped.reason


def test_warc_record_over_max_bytes_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    small = PAGE.format(title="Small", meta="", para="A short page, the editor said.")
    big = PAGE.format(title="Big", meta="", para="Filler sentence said nothing new. " * 100)
    _warc(path, [("https://www.coasttimes.com/big", "2025-02-02T10:00:00Z", big),
                 ("https://www.coasttimes.com/small", "2025-02-02T10:00:00Z", small)])
    result = _load(path, max_bytes=2000)
    assert [a.url for a in result.articles] == ["https://www.coasttimes.com/small"]
    (skipped,) = result.skipped
    assert skipped.reason.startswith("[E004]") and ":record " in skipped.input
