"""Property tests for the parsers: the front matter splitter, the JSONL and CSV readers, decoding."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.ingest import load_inputs
from sourcetrace.ingest.common import decode_bytes
from sourcetrace.ingest.records import read_csv, read_jsonl
from sourcetrace.ingest.text import split_front_matter
from sourcetrace.settings import Settings

# Text that survives UTF-8: no lone surrogates.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
LINE = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60)


@given(TEXT)
def test_front_matter_body_is_a_suffix_of_the_text(text: str) -> None:
    fm = split_front_matter(text)
    assert fm.body == text[fm.offset :]
    assert isinstance(fm.meta, dict)
    if not text.startswith("---"):
        assert fm.offset == 0 and fm.meta == {}


@given(
    st.fixed_dictionaries({}, optional={"title": LINE, "author": LINE, "outlet": LINE}),
    TEXT,
)
def test_front_matter_round_trips(meta: dict[str, str], body: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, width=10_000) + "---\n" + body
    fm = split_front_matter(text)
    assert fm.error is None
    assert fm.meta == meta
    assert fm.body == body


@given(st.text(max_size=200))
def test_front_matter_never_raises_on_garbage_blocks(block: str) -> None:
    fm = split_front_matter("---\n" + block.replace("\n---", "\n- --") + "\n---\nBody.\n")
    assert fm.body.endswith("Body.\n")


@given(st.lists(TEXT.filter(lambda t: t.strip() != ""), min_size=1, max_size=5))
def test_jsonl_text_round_trips_exactly(texts: list[str]) -> None:
    data = "".join(json.dumps({"text": t}) + "\n" for t in texts).encode("utf-8")
    result = read_jsonl(io.BytesIO(data), "x.jsonl", Settings())
    assert [d.text for d in result.drafts] == texts
    assert [d.record for d in result.drafts] == list(range(1, len(texts) + 1))
    assert result.skipped == []


@given(st.lists(st.binary(max_size=80), max_size=6))
def test_jsonl_reader_never_raises_and_accounts_for_every_line(lines: list[bytes]) -> None:
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    result = read_jsonl(io.BytesIO(data), "x.jsonl", Settings())
    used = {d.record for d in result.drafts}
    listed = {s.input for s in result.skipped}
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip():
            assert number in used or f"x.jsonl:line {number}" in listed


@settings(max_examples=40, deadline=None)
@given(TEXT.filter(lambda t: t.strip() != "" and "\x00" not in t and not t.startswith(("---", "\ufeff"))))
def test_txt_file_text_is_exact_and_ids_stable(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.txt"
        path.write_bytes(text.encode("utf-8"))
        first = load_inputs([str(path)], Settings())
        second = load_inputs([str(path)], Settings())
    (article,) = first.articles
    assert article.text == text
    assert article.id == second.articles[0].id


SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".json", ".csv", ".warc", ".warc.gz", ".rss", ".xml"]
PREFIXES = [b"", b"---\n", b"<html><body><p>", b'{"text": ', b"text,title\n", b"WARC/1.0\r\n", b"<rss>", b"\x1f\x8b"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SUFFIXES), st.sampled_from(PREFIXES), st.binary(max_size=300))
def test_any_bytes_are_read_or_listed_as_skipped(suffix: str, prefix: bytes, body: bytes) -> None:
    """Whatever a file holds, load_inputs returns (no exception) and accounts for the file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(prefix + body)
        result = load_inputs([str(path)], Settings())
    named = {a.file for a in result.articles} | {s.input.split(":")[0] for s in result.skipped}
    assert str(path) in named
    for article in result.articles:
        assert article.text.strip()
        article.text.encode("utf-8")  # storable and serialisable


# CSV fields: anything printable, with the delimiter, quotes and line breaks the writer must quote.
FIELD = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters=',"\n\r'), max_size=40).filter(
    lambda t: t.strip() != "")


@given(st.lists(st.tuples(FIELD, LINE), min_size=1, max_size=6))
def test_csv_rows_round_trip_exactly(rows: list[tuple[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["text", "title"])
    writer.writerows(rows)
    result = read_csv(out.getvalue().encode("utf-8"), "x.csv", Settings())
    assert [d.text for d in result.drafts] == [text for text, _ in rows]
    assert [d.record for d in result.drafts] == list(range(1, len(rows) + 1))
    assert result.skipped == []


SIMPLE = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters=',"'), min_size=1,
                 max_size=30).filter(lambda t: t.strip() != "")


@given(st.lists(SIMPLE, min_size=2, max_size=8), st.data())
def test_one_stray_quote_costs_at_most_its_record(texts: list[str], data: st.DataObject) -> None:
    broken = data.draw(st.integers(0, len(texts) - 1))
    at = data.draw(st.integers(0, len(texts[broken])))
    rows = [f"{t},{n}" for n, t in enumerate(texts, start=1)]
    rows[broken] = rows[broken][:at] + '"' + rows[broken][at:]
    result = read_csv(("text,id\n" + "\n".join(rows) + "\n").encode("utf-8"), "x.csv", Settings())
    read = {d.record: d.text for d in result.drafts}
    named = {s.input for s in result.skipped}
    for number, text in enumerate(texts, start=1):
        if number - 1 != broken:
            assert read.get(number) == text  # every other record read, exactly
        else:
            assert number in read or f"x.csv:record {number}" in named


STRAY = st.sampled_from([bytes([b]) for b in (*range(0x80, 0xC0), *range(0xF8, 0x100))])


@given(st.lists(st.tuples(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                                  max_size=12), st.none() | STRAY), min_size=1, max_size=12))
def test_utf8_with_stray_bytes_keeps_every_valid_character(pieces: list[tuple[str, bytes | None]]) -> None:
    strays = sum(b is not None for _, b in pieces)
    valid = sum(ord(c) > 0x7F for t, _ in pieces for c in t)
    data = b"".join(t.encode("utf-8") + (b or b"") for t, b in pieces)
    if not data.strip() or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or not 0 < strays <= valid:
        return  # a whole legacy file (fewer valid characters than strays) is detected instead
    text, warnings = decode_bytes(data, "x.txt")
    assert text == "".join(t + ("\ufffd" if b else "") for t, b in pieces)
    assert [w.code for w in warnings] == ["W006"]
