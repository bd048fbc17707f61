"""Bad input never raises and never sinks the batch: each one is listed in skipped with its code."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from sourcetrace.ingest import IngestResult, load_inputs
from sourcetrace.ingest import loader as loader_module
from sourcetrace.settings import Settings

GOOD = "The harbour master said the port would reopen on Friday, officials confirmed."


def _run(tmp_path: Path, **settings: object):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return load_inputs([str(tmp_path)], Settings(**settings))


def _reasons(result: IngestResult) -> dict[str, str]:
    return {Path(s.input.split(":")[0]).name + (":" + s.input.split(":", 1)[1] if ":" in s.input else ""): s.reason
            for s in result.skipped}


def _good_kept(result: IngestResult) -> None:
    assert [a.text for a in result.articles if a.file.endswith("good.txt")] == [GOOD]


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n")
    result = _run(tmp_path)
    _good_kept(result)
    reasons = _reasons(result)
    assert reasons["empty.txt"].startswith("[E001]")
    assert reasons["blank.md"].startswith("[E001]")


def test_front_matter_only_is_empty(tmp_path: Path) -> None:
    (tmp_path / "meta.md").write_text("---\ntitle: Nothing\n---\n\n")
    assert _reasons(_run(tmp_path))["meta.md"].startswith("[E001]")


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    result = _run(tmp_path)
    _good_kept(result)
    assert _reasons(result)["blob.txt"].startswith("[E002]")


def test_legacy_encoding_is_decoded_with_a_warning(tmp_path: Path) -> None:
    text = "Le maire a déclaré que la fête aurait lieu malgré la pluie, selon un communiqué publié à Besançon."
    (tmp_path / "old.txt").write_bytes(text.encode("cp1252"))
    result = _run(tmp_path)
    old = next(a for a in result.articles if a.file.endswith("old.txt"))
    assert old.text == text
    assert any(w.startswith("[W001]") for w in old.warnings)
    assert any(w.code == "W001" and "old.txt" in w.message for w in result.warnings)
    assert result.skipped == []


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffThe mayor said yes.".encode())
    result = _run(tmp_path)
    assert any(a.text == "The mayor said yes." for a in result.articles)


def test_broken_yaml_front_matter_keeps_the_body_and_warns(tmp_path: Path) -> None:
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\nauthor: : :\n---\nThe minister said the talks failed.\n")
    result = _run(tmp_path)
    broken = next(a for a in result.articles if a.file.endswith("broken.md"))
    assert broken.text == "The minister said the talks failed.\n"
    assert broken.title is None
    assert any(w.startswith("[E005]") and "broken.md" in w for w in broken.warnings)
    assert any(w.code == "E005" and "broken.md" in w.message for w in result.warnings)
    assert result.skipped == []


def test_jsonl_with_one_broken_line(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(
        '{"text": "First article, the spokesman said."}\n'
        '{"text": "Second article is cut off\n'
        '\n'
        '{"text": "Fourth line, the minister said."}\n'
        '[1, 2]\n'
        '{"title": "no text"}\n'
    )
    result = _run(tmp_path)
    texts = [a.text for a in result.articles if a.file.endswith("feed.jsonl")]
    assert texts == ["First article, the spokesman said.", "Fourth line, the minister said."]
    reasons = _reasons(result)
    assert reasons["feed.jsonl:line 2"].startswith("[E006]") and "line 2" in reasons["feed.jsonl:line 2"]
    assert reasons["feed.jsonl:line 5"].startswith("[E013]")
    assert reasons["feed.jsonl:line 6"].startswith("[E007]")
    assert len(result.skipped) == 3


def test_broken_json_and_csv(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"text": "unfinished')
    (tmp_path / "scalar.json").write_text("42")
    (tmp_path / "empty_list.json").write_text("[]")
    (tmp_path / "bad.csv").write_text('text\n"First row, the mayor said."\n"unterminated quote, the mayor said\nlast\n')
    (tmp_path / "header_only.csv").write_text("text,title\n")
    result = _run(tmp_path)
    _good_kept(result)
    reasons = _reasons(result)
    assert reasons["bad.json"].startswith("[E006]")
    assert reasons["scalar.json"].startswith("[E003]")
    assert reasons["empty_list.json"].startswith("[E001]")
    assert reasons["bad.csv:record 2"].startswith("[E015]")
    # the unclosed quote costs record 2 alone: the line after it is record 3 (issue 20)
    assert [a.text for a in result.articles if a.file.endswith("bad.csv")] == ["First row, the mayor said.", "last"]
    assert reasons["header_only.csv"].startswith("[E001]")


def test_html_page_without_main_text(tmp_path: Path) -> None:
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "nothing.html").write_text("<html></html>")
    result = _run(tmp_path)
    _good_kept(result)
    reasons = _reasons(result)
    assert reasons["nav.html"].startswith("[E008]")
    assert reasons["nothing.html"].startswith("[E008]")


def test_file_over_max_bytes_is_skipped_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "huge.txt").write_text("word " * 400)
    read: list[str] = []
    real_read = loader_module.read_bytes
    monkeypatch.setattr(loader_module, "read_bytes", lambda p: read.append(p) or real_read(p))
    result = _run(tmp_path, max_bytes=1000)
    _good_kept(result)
    assert _reasons(result)["huge.txt"].startswith("[E004]")
    assert not any(p.endswith("huge.txt") for p in read)


def test_record_over_max_bytes(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").write_text('{"text": "%s"}\n{"text": "short one"}\n' % ("x " * 600))
    result = _run(tmp_path, max_bytes=1000)
    assert _reasons(result)["r.jsonl:line 1"].startswith("[E004]")
    assert any(a.text == "short one" for a in result.articles)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked.txt").write_text("Secret text the minister said.")
    real_read = loader_module.read_bytes

    def deny(path: str) -> bytes:
        if path.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real_read(path)

    monkeypatch.setattr(loader_module, "read_bytes", deny)
    result = _run(tmp_path)
    _good_kept(result)
    reason = _reasons(result)["locked.txt"]
    assert reason.startswith("[E003]") and "Permission denied" in reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret.")
    locked.chmod(0)
    assert _reasons(_run(tmp_path))["locked.txt"].startswith("[E003]")


def test_symlink_loop(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "inner.txt").write_text("Inner article, the governor said.")
    (sub / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    result = _run(tmp_path)
    _good_kept(result)
    assert sum(a.file.endswith("inner.txt") for a in result.articles) == 1
    reasons = _reasons(result)
    assert reasons["back"].startswith("[E010]")
    assert reasons["self"].startswith("[E010]")


def test_symlinked_file_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "good.txt")
    result = _run(tmp_path)
    assert len(result.articles) == 1
    assert any(w.code is None and "read once" in w.message for w in result.warnings)


def test_unsupported_suffix_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    result = load_inputs([str(tmp_path), str(tmp_path / "missing.txt")], Settings())
    reasons = _reasons(result)
    assert reasons["photo.png"].startswith("[E011]") and "'.png'" in reasons["photo.png"]
    assert reasons["missing.txt"].startswith("[E012]")
    assert reasons["dangling.txt"].startswith("[E012]")


def test_not_a_warc(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_text("this is not a web archive at all")
    assert _reasons(_run(tmp_path))["fake.warc"].startswith("[E009]")


def test_invalid_feed(tmp_path: Path) -> None:
    (tmp_path / "broken.rss").write_text("<rss><channel><item><title>x</title>")
    result = _run(tmp_path)
    _good_kept(result)
    assert "broken.rss" in " ".join(s.input for s in result.skipped)


def test_lone_surrogate_in_json_text(tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_text('{"text": "bad \\ud800 text", "title": "t \\udc00"}\n')
    result = _run(tmp_path)
    _good_kept(result)
    assert "s.jsonl:record 1" in " ".join(s.input for s in result.skipped)


def test_no_network_is_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outlets come from tldextract's bundled suffix list, never a download."""
    from sourcetrace.ingest import common

    common._extractor.cache_clear()
    common.domain_of.cache_clear()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    (tmp_path / "a.jsonl").write_text('{"text": "Said.", "url": "https://www.nbcnews.com/politics/x"}\n')
    result = _run(tmp_path)
    assert any(a.outlet == "nbcnews.com" for a in result.articles)


def test_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    reason = _reasons(_run(tmp_path))["pipe.txt"]
    assert reason.startswith("[E003]") and "regular file" in reason
