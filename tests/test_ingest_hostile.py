"""Hostile and careless inputs at the edge (issue 20, the input half): every case is a file the
test makes, and each one costs what it should (one line, one record, one field), never the batch."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sourcetrace.ingest import IngestResult, load_inputs
from sourcetrace.ingest.streams import BoundedReader, GzipCut, LineTooLong, OverCap
from sourcetrace.settings import Settings

GOOD = "The harbour master said the port would reopen on Friday, officials confirmed."
PAGE = ("<html><head><title>Quay works</title></head><body><article><h1>Quay works</h1>"
        "<p>The quay at Norbeck will close for repairs in May, the council said on Tuesday.</p>"
        "<p>A council engineer told residents the works would take six weeks to finish.</p>"
        "</article></body></html>")


def _load(*paths: Path | str, **settings: object) -> IngestResult:
    return load_inputs([str(p) for p in paths], Settings(**settings))


def _reason(result: IngestResult, name: str) -> str:
    (reason,) = [s.reason for s in result.skipped if Path(s.input.split(":")[0]).name == name]
    return reason


def _gzip_of(chunk: bytes, times: int) -> bytes:
    """A gzip member of ``chunk`` repeated, made without holding the inflated bytes."""
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [co.compress(chunk) for _ in range(times)]
    return b"".join(out) + co.flush()


def _warc_bytes(pages: int) -> bytes:
    fh = io.BytesIO()
    writer = WARCWriter(fh, gzip=True)
    for i in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(
            f"https://www.norbeckpost.com/quay-{i}", "response", payload=io.BytesIO(PAGE.encode()),
            http_headers=headers, warc_headers_dict={"WARC-Date": "2025-04-01T09:00:00Z"}))
    return fh.getvalue()


# --- decompression --------------------------------------------------------------


def test_gzip_bomb_of_zeros_stops_at_the_line_cap(tmp_path: Path) -> None:
    # 64 MB of zeros in about 64 KB: never a line, so the archive is rejected after ~max_bytes.
    (tmp_path / "zeros.warc.gz").write_bytes(_gzip_of(b"\0" * (1 << 20), 64))
    result = _load(tmp_path / "zeros.warc.gz", max_bytes=100_000)
    reason = _reason(result, "zeros.warc.gz")
    assert reason.startswith("[E009]") and "without a line break" in reason


def test_gzip_bomb_of_lines_stops_at_the_output_cap_and_keeps_what_came_before(tmp_path: Path) -> None:
    # A good archive, then a member that inflates to far more than 50 x max_bytes of blank lines.
    bomb = _warc_bytes(1) + _gzip_of(b"\r\n" * 4096, 2000)
    (tmp_path / "bomb.warc.gz").write_bytes(bomb)
    result = _load(tmp_path / "bomb.warc.gz", max_bytes=20_000)
    assert [a.url for a in result.articles] == ["https://www.norbeckpost.com/quay-0"]
    reason = _reason(result, "bomb.warc.gz")
    assert reason.startswith("[E017]") and "1000000 bytes" in reason


def test_bounded_reader_hands_out_at_most_what_is_asked() -> None:
    reader = BoundedReader(io.BytesIO(_gzip_of(b"a\n" * 1000, 1000)))
    assert reader.compressed
    assert len(reader.read(10)) == 10
    assert len(reader.read()) <= 1 << 16  # a read without a size is a chunk, never the whole


def _drain(reader: BoundedReader, size: int = 64) -> bytes:
    out = b""
    while chunk := reader.read(size):
        out += chunk
    return out


def test_bounded_reader_caps_and_cuts() -> None:
    data = gzip.compress(b"line\n" * 1000) + gzip.compress(b"second member\n")
    assert _drain(BoundedReader(io.BytesIO(data)), 333) == b"line\n" * 1000 + b"second member\n"
    with pytest.raises(OverCap):
        _drain(BoundedReader(io.BytesIO(data), output_cap=100))
    with pytest.raises(GzipCut):
        _drain(BoundedReader(io.BytesIO(data[: len(data) // 3])))
    with pytest.raises(LineTooLong):
        _drain(BoundedReader(io.BytesIO(b"x" * 5000), line_cap=1000), 256)
    plain = BoundedReader(io.BytesIO(b"plain text\n" * 100), output_cap=10)
    assert not plain.compressed and _drain(plain) == b"plain text\n" * 100  # plain input: its size is the file's


# --- symlinks, devices, FIFOs -------------------------------------------------------


def test_symlink_out_of_the_folder_is_skipped_unless_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text("A private note that must stay out of the dossier, the owner said.")
    (outside / "notes").mkdir()
    (outside / "notes" / "deep.txt").write_text("A deeper private note, the owner added later.")
    story = tmp_path / "story"
    story.mkdir()
    (story / "good.txt").write_text(GOOD)
    (story / "a.txt").symlink_to(outside / "private.txt")
    (story / "dir").symlink_to(outside / "notes", target_is_directory=True)
    (story / "inside.txt").symlink_to(story / "good.txt")  # inside the tree: read (once)
    result = _load(story)
    assert [a.text for a in result.articles] == [GOOD]
    for name in ("a.txt", "dir"):
        reason = _reason(result, name)
        assert reason.startswith("[E016]") and "--follow-symlinks" in reason and str(story) in reason
        assert "private" not in reason  # the target is not named either
    followed = _load(story, follow_symlinks=True)
    assert sorted(a.text[:9] for a in followed.articles) == ["A deeper ", "A private", GOOD[:9]]
    assert not any(s.reason.startswith("[E016]") for s in followed.skipped)


def test_a_symlink_named_on_the_command_line_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(GOOD)
    (tmp_path / "named.txt").symlink_to(tmp_path / "real.txt")
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    (real_dir / "b.txt").write_text("The ferry will run again, its operator said on Monday.")
    (tmp_path / "named").symlink_to(real_dir, target_is_directory=True)
    result = _load(tmp_path / "named.txt", tmp_path / "named")
    assert len(result.articles) == 2 and result.skipped == []


def test_link_with_a_suffix_to_a_suffixless_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "story").write_text(GOOD)
    (tmp_path / "story.txt").symlink_to(tmp_path / "story")
    result = _load(tmp_path)
    (article,) = result.articles
    assert article.text == GOOD and article.file.endswith("story.txt") and article.format == "txt"


def test_fifo_without_a_suffix_is_named_a_fifo(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "good.txt").write_text(GOOD)
    result = _load(tmp_path)
    assert [a.text for a in result.articles] == [GOOD]
    reason = _reason(result, "pipe")
    assert reason.startswith("[E003]") and "a FIFO, not a regular file" in reason


def test_device_linked_into_the_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    assert _reason(_load(tmp_path), "zero.txt").startswith("[E016]")
    reason = _reason(_load(tmp_path, follow_symlinks=True), "zero.txt")
    assert reason.startswith("[E003]") and "a device, not a regular file" in reason


# --- file names that are not UTF-8 ------------------------------------------------


def test_file_name_that_is_not_utf8_keeps_the_batch(tmp_path: Path) -> None:
    import os

    from sourcetrace.dossier.models import Dossier, Generator
    from sourcetrace.store.database import Store

    raw_dir = os.fsencode(tmp_path)
    with open(raw_dir + b"/bad\xe9.md", "wb") as fh:
        fh.write(GOOD.encode())
    with open(raw_dir + b"/empty\xff.txt", "wb"):
        pass
    (tmp_path / "good.txt").write_text("The ferry will run again, its operator said on Monday.")
    result = _load(tmp_path)
    assert len(result.articles) == 2
    bad = next(a for a in result.articles if "bad" in a.file)
    assert bad.file == str(tmp_path / "bad\\xe9.md")  # backslash, x, e, 9: valid UTF-8
    (w004,) = [w for w in bad.warnings if w.startswith("[W004]")]
    name_hex = w004.rsplit("hex: ", 1)[1].rstrip(")")
    assert bytes.fromhex(name_hex) == raw_dir + b"/bad\xe9.md"  # the original bytes, recoverable
    (skipped,) = result.skipped
    assert skipped.input == str(tmp_path / "empty\\xff.txt") and skipped.reason.startswith("[E001]")
    assert (raw_dir + b"/empty\xff.txt").hex() in skipped.reason
    dossier = Dossier(generator=Generator(version="test"), created="2025-01-01T00:00:00Z",
                      articles=result.articles, skipped=result.skipped)
    assert "bad\\\\xe9.md" in dossier.to_json()  # serialises (it raised before)
    with Store(tmp_path / "s.db") as store:
        store.put_articles(result.articles)
        store.put_dossier(dossier)
        assert {a.file for a in store.articles()} == {a.file for a in result.articles}


# --- CSV ---------------------------------------------------------------------------


def test_csv_stray_quote_costs_one_record(tmp_path: Path) -> None:
    rows = [
        "id,text",
        "r1,The ferry will run again on Monday.",
        'r2,"The pier" was closed again,extra',  # junk after a closing quote
        "r3,The mayor said the market would open.",
        'r4,"An unclosed quote that never ends, the clerk said.',
        "r5,The clerk later said the vote was delayed.",
        'r6,"A quoted field\nover two lines, the editor said."',
        "r7,The last record, the editor said.",
    ]
    (tmp_path / "rows.csv").write_text("\n".join(rows) + "\n")
    result = _load(tmp_path / "rows.csv")
    assert [a.id for a in result.articles] == ["r1", "r3", "r5", "r6", "r7"]
    assert [a.record for a in result.articles] == [1, 3, 5, 6, 7]
    assert result.articles[3].text == "A quoted field\nover two lines, the editor said."
    skipped = {s.input.rsplit(":", 1)[1]: s.reason for s in result.skipped}
    assert set(skipped) == {"record 2", "record 4"}
    assert skipped["record 2"].startswith("[E015]") and "line 3" in skipped["record 2"]
    assert skipped["record 4"].startswith("[E015]") and "line 5" in skipped["record 4"]


def test_csv_with_cr_line_ends(tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_bytes(b"id,text\rq1,The dock opened.\rq2,The dock closed.\r")
    assert [a.text for a in _load(tmp_path / "old.csv").articles] == ["The dock opened.", "The dock closed."]


# --- front matter and metadata values ----------------------------------------------------


FRONT = "---{nl}title: Quay works{nl}outlet: Norbeck Post{nl}published: 2025-04-01{nl}---{nl}{body}"


def test_front_matter_with_cr_crlf_or_lf(tmp_path: Path) -> None:
    for name, nl in (("lf.md", "\n"), ("crlf.md", "\r\n"), ("cr.md", "\r")):
        (tmp_path / name).write_bytes(FRONT.format(nl=nl, body=GOOD).encode())
    result = _load(tmp_path)
    assert len(result.articles) == 3
    for article in result.articles:
        assert (article.title, article.outlet, article.published) == ("Quay works", "Norbeck Post", "2025-04-01")
        assert article.text == GOOD, article.file
        assert article.warnings == []


def test_a_bad_date_costs_that_field_alone(tmp_path: Path) -> None:
    text = FRONT.format(nl="\n", body=GOOD).replace("2025-04-01", "2025-02-30")
    (tmp_path / "a.md").write_text(text)
    (article,) = _load(tmp_path).articles
    assert (article.title, article.outlet, article.published) == ("Quay works", "Norbeck Post", None)
    (w003,) = [w for w in article.warnings if w.startswith("[W003]")]
    assert "'published'" in w003 and "2025-02-30" in w003
    assert not any(w.startswith("[E005]") for w in article.warnings)


def test_non_string_values_are_coerced_with_a_warning(tmp_path: Path) -> None:
    text = f"---\ntitle: [Quay, works]\nauthor: .nan\noutlet: true\nid: 17\n---\n{GOOD}"
    (tmp_path / "a.md").write_text(text)
    (article,) = _load(tmp_path).articles
    assert article.title == "Quay, works" and article.author is None and article.outlet == "true"
    assert article.id == "17"
    w005 = [w for w in article.warnings if w.startswith("[W005]")]
    assert len(w005) == 3  # the title, the author and the outlet; a whole number is its text
    assert any("'author'" in w and "dropped" in w for w in w005)
    assert any("'title'" in w and "'Quay, works'" in w for w in w005)


def test_nan_in_a_json_record_is_no_author(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(f'{{"text": "{GOOD}", "author": NaN, "title": ["Quay", 2]}}\n')
    (article,) = _load(tmp_path).articles
    assert article.author is None and article.title == "Quay, 2"
    assert sum(w.startswith("[W005]") for w in article.warnings) == 2


# --- decoding, NULs, JSONL lines -----------------------------------------------------------


def test_stray_bytes_in_utf8_text_are_replaced_not_a_legacy_codec(tmp_path: Path) -> None:
    body = "The café on the quay said “we open at nine”, the owner’s note read.\nLine two.\n"
    data = body.encode("utf-8").replace(b"Line two.", b"Line \x92two\xa0.")
    (tmp_path / "mixed.txt").write_bytes(data)
    (article,) = _load(tmp_path).articles
    assert article.text == body.replace("Line two.", "Line \ufffdtwo\ufffd.")
    (w006,) = [w for w in article.warnings if w.startswith("[W006]")]
    assert "2 bytes" in w006 and "line 2" in w006
    assert not any(w.startswith("[W001]") for w in article.warnings)


def test_a_whole_cp1252_file_is_still_detected(tmp_path: Path) -> None:
    body = "Le maire a déclaré que la fête aurait lieu malgré la pluie, selon un communiqué publié à Besançon."
    (tmp_path / "old.txt").write_bytes(body.encode("cp1252"))
    (article,) = _load(tmp_path).articles
    assert article.text == body and any(w.startswith("[W001]") for w in article.warnings)


def test_nul_after_the_sniff_is_not_kept(tmp_path: Path) -> None:
    body = ("The port said it would reopen. " * 400)[:9000]
    (tmp_path / "late.txt").write_bytes(body.encode() + b"\x00\x00Tail, the clerk said.")
    (article,) = _load(tmp_path).articles
    assert "\x00" not in article.text
    assert article.text == body + "Tail, the clerk said."
    assert any(w.startswith("[W007]") and "2 NUL" in w for w in article.warnings)


def test_jsonl_nul_or_utf16_line_costs_that_line(tmp_path: Path) -> None:
    lines = [
        b'{"text": "The ferry will run again on Monday."}\n',
        b'{"text": "A line \x00 with a NUL."}\n',
        '{"text": "A line in UTF-16, the clerk said."}\n'.encode("utf-16"),  # BOM and NULs
        b'{"text": "The mayor said the market would open."}\n',
    ]
    (tmp_path / "lines.jsonl").write_bytes(b"".join(lines))
    result = _load(tmp_path)
    assert [a.text for a in result.articles] == ["The ferry will run again on Monday.",
                                                "The mayor said the market would open."]
    assert [a.record for a in result.articles] == [1, 4]
    assert sorted(s.input.rsplit(":", 1)[1] for s in result.skipped) == ["line 2", "line 3"]
    assert all(s.reason.startswith("[E002]") for s in result.skipped)


def test_whole_utf16_jsonl_file_is_one_reason(tmp_path: Path) -> None:
    (tmp_path / "wide.jsonl").write_bytes('{"text": "A"}\n{"text": "B"}\n'.encode("utf-16"))
    (skipped,) = _load(tmp_path).skipped
    assert skipped.reason.startswith("[E002]") and "UTF-16" in skipped.reason


# --- deep HTML -----------------------------------------------------------------------------


def _nested(levels: int) -> str:
    para = "<p>The quay at Norbeck will close for repairs in May, the council said on Tuesday.</p>"
    return f"<html><head><title>Quay</title></head><body>{'<div>' * levels}{para}{'</div>' * levels}</body></html>"


def test_html_nested_past_libxml_limit_keeps_its_text(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text(_nested(300))
    (tmp_path / "deeper.html").write_text(_nested(5000))
    (tmp_path / "shallow.html").write_text("<html><body><div><p>Too short.</p></div></body></html>")
    result = _load(tmp_path)
    texts = {Path(a.file).name: a for a in result.articles}
    assert set(texts) == {"deep.html", "deeper.html"}
    for article in texts.values():
        assert article.text == "The quay at Norbeck will close for repairs in May, the council said on Tuesday."
    assert not any(w.startswith("[W008]") for w in texts["deep.html"].warnings)
    assert any(w.startswith("[W008]") and "5003 levels" in w for w in texts["deeper.html"].warnings)
    assert _reason(result, "shallow.html") == f"[E008] {tmp_path / 'shallow.html'}: no main text could be extracted from the HTML"


def test_deep_html_without_text_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body>" + "<div>" * 400 + "</div>" * 400 + "</body></html>")
    reason = _reason(_load(tmp_path), "empty.html")
    assert reason.startswith("[E008]") and "nested 402 levels deep" in reason


def test_jsonl_line_too_long_to_hold_costs_that_line(tmp_path: Path) -> None:
    long_text = "The council said the works would go on. " * 100
    lines = ['{"text": "The ferry runs."}', json.dumps({"text": long_text}), '{"text": "The dock opens."}']
    (tmp_path / "long.jsonl").write_text("\n".join(lines) + "\n")
    result = _load(tmp_path, max_bytes=100)  # a line may be 8 x max_bytes: 800 bytes
    assert [(a.record, a.text) for a in result.articles] == [(1, "The ferry runs."), (3, "The dock opens.")]
    (skipped,) = result.skipped
    assert skipped.input.endswith("long.jsonl:line 2") and skipped.reason.startswith("[E004]")


def test_open_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    import os

    from sourcetrace.ingest.loader import open_binary

    os.mkfifo(tmp_path / "swapped.txt")  # as if a file were swapped for a FIFO after the walk
    with pytest.raises(OSError, match="not a regular file"):
        open_binary(str(tmp_path / "swapped.txt"))


def test_follow_symlinks_flag_and_setting_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sourcetrace.cli.app import app

    (tmp_path / "outside.txt").write_text("A note kept outside the folder, the owner said.")
    story = tmp_path / "story"
    story.mkdir()
    (story / "good.txt").write_text(GOOD)
    (story / "link.txt").symlink_to(tmp_path / "outside.txt")
    runner = CliRunner()
    plain = runner.invoke(app, ["ingest", str(story), "--db", str(tmp_path / "a.db")])
    assert plain.exit_code == 0 and "1 articles" in plain.output and "E016" in plain.output
    flag = runner.invoke(app, ["ingest", str(story), "--db", str(tmp_path / "b.db"), "--follow-symlinks"])
    assert flag.exit_code == 0 and "2 articles" in flag.output and "E016" not in flag.output
    setting = runner.invoke(app, ["ingest", str(story), "--db", str(tmp_path / "c.db"), "--set", "follow_symlinks=true"])
    assert setting.exit_code == 0 and "2 articles" in setting.output


def test_jsonl_long_line_is_never_held_whole() -> None:
    from sourcetrace.ingest.records import read_jsonl

    class Watched(io.BytesIO):
        longest = 0

        def readline(self, size: int | None = -1) -> bytes:
            line = super().readline(size)
            Watched.longest = max(Watched.longest, len(line))
            return line

        def __iter__(self):  # iterating would read a whole line, however long
            raise AssertionError("lines must be read with a bound")

    data = b'{"text": "' + b"x" * 10_000_000 + b'"}\n{"text": "The dock opens."}\n'
    result = read_jsonl(Watched(data), "big.jsonl", Settings(max_bytes=1000))
    assert [d.text for d in result.drafts] == ["The dock opens."]
    assert Watched.longest <= 1 << 20
    (skipped,) = result.skipped
    assert skipped.input == "big.jsonl:line 1" and skipped.reason.startswith("[E004]")
