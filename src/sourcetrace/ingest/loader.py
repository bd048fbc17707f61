"""Walk the inputs, pick a reader per format, and turn drafts into articles.

Bad input stops here: every unusable file, line or record is listed in
``IngestResult.skipped`` with a numbered reason and the run goes on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from sourcetrace.dossier.models import Article, Skipped
from sourcetrace.errors import Errors, InputError, InputWarning, Warnings
from sourcetrace.ingest.common import (
    Draft,
    IngestResult,
    ReadResult,
    decode_bytes,
    domain_of,
    name_warning,
    path_bytes,
    shown_path,
    skipped_input,
)
from sourcetrace.ingest.feed import is_feed, read_feed
from sourcetrace.ingest.html import extract_html
from sourcetrace.ingest.records import read_csv, read_json, read_jsonl
from sourcetrace.ingest.streams import BoundedReader
from sourcetrace.ingest.text import read_text_article
from sourcetrace.ingest.warc import read_warc
from sourcetrace.settings import Settings

# Suffix -> format. Longest suffixes are tried first ('.warc.gz' before '.gz').
FORMATS: dict[str, str] = {
    ".warc.gz": "warc",
    ".warc": "warc",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_BY_LENGTH = sorted(FORMATS, key=len, reverse=True)

# Files holding many articles that must be read whole (JSON, CSV, feeds) may be
# this many times --max-bytes; each article in them is still held to --max-bytes.
CONTAINER_FACTOR = 50
# Room for a record's headers on top of --max-bytes of text.
_HEADROOM = 1 << 16

STDIN = "-"


def format_of(name: str) -> str | None:
    """The format a file name stands for, or None when unsupported."""
    lower = name.lower()
    for suffix in _BY_LENGTH:
        if lower.endswith(suffix):
            return FORMATS[suffix]
    return None


def _suffix(name: str) -> str:
    lower = name.lower()
    return "".join(Path(lower).suffixes[-2:]) if lower.endswith(".gz") else Path(lower).suffix


def read_bytes(path: str) -> bytes:
    """Read a whole file (a module function so tests can make it fail)."""
    with open_binary(path) as fh:
        return fh.read()


def open_binary(path: str):
    """Open a regular file for streaming (a module function so tests can make it fail).

    Non-blocking and checked on the open descriptor: a file swapped for a FIFO or a device
    after the walk looked at it fails here (E003) instead of blocking the run.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", path)
    return os.fdopen(fd, "rb")


# --- walking ------------------------------------------------------------------


def iter_files(
    paths: Sequence[str | Path],
    skipped: list[Skipped],
    warnings: list[InputWarning],
    follow_symlinks: bool = False,
) -> Iterator[str]:
    """Every file under ``paths`` once, directories recursively in sorted order.

    An input named is followed even when it is a symlink (as ``find -H`` does); inside it, a
    symlink whose target lies outside what was named is skipped (E016) unless
    ``follow_symlinks``. Each real directory is visited once (a second visit is a loop,
    E010), and so is each real file of a supported format (a link ``story.txt`` to a
    suffix-less ``story`` is read as text). FIFOs, devices and sockets are skipped (E003).
    """
    seen_dirs: dict[str, str] = {}
    seen_files: dict[str, str] = {}

    def skip(path: str, entry: Errors, **kw: object) -> None:
        name = shown_path(path)
        skipped.append(skipped_input(name, InputError.coded(entry, path=name, **kw)))

    def visit(path: str, root: tuple[str, str] | None) -> Iterator[str]:
        # root: (real path, name as given) of the input named that ``path`` lies under.
        if path == STDIN:
            yield path
            return
        if not os.path.lexists(path):
            skip(path, Errors.E012)
            return
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                skip(path, Errors.E010, target="itself")
            else:  # a dangling symlink
                skip(path, Errors.E012)
            return
        except RuntimeError:  # older Pythons report loops this way
            skip(path, Errors.E010, target="itself")
            return
        if root is not None and not follow_symlinks and os.path.islink(path) and not _inside(real, root[0]):
            skip(path, Errors.E016, root=shown_path(root[1]))
            return
        try:
            mode = os.stat(real).st_mode
        except OSError as exc:
            skip(path, Errors.E003, detail=exc.strerror or exc)
            return
        if stat.S_ISDIR(mode):
            if real in seen_dirs:
                skip(path, Errors.E010, target=shown_path(seen_dirs[real]))
                return
            seen_dirs[real] = path
            try:
                names = sorted(os.listdir(path))
            except OSError as exc:
                skip(path, Errors.E003, detail=exc.strerror or exc)
                return
            inner = root or (real, path)
            for name in names:
                yield from visit(os.path.join(path, name), inner)
            return
        if not stat.S_ISREG(mode):
            # A FIFO or device would block or never end; '-' is the way to pipe articles in.
            skip(path, Errors.E003, detail=f"{_kind(mode)}, not a regular file")
            return
        if format_of(os.path.basename(path)) is not None:
            if real in seen_files:
                warnings.append(InputWarning(None, f"{shown_path(path)}: same file as {shown_path(seen_files[real])}, read once"))
                return
            seen_files[real] = path
        yield path

    for p in paths:
        yield from visit(str(p), None)


def _inside(real: str, root: str) -> bool:
    """True when the real path ``real`` is ``root`` or lies under it."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


# --- reading one file -------------------------------------------------------------


def read_one(path: str, settings: Settings) -> ReadResult:
    """Read one input with the reader its suffix names; never raises.

    A file name that is not valid UTF-8 is named with ``\\xNN`` escapes (:func:`shown_path`);
    its articles carry W004 with the name's bytes, and its skip reasons end with them.
    """
    name = shown_path(path)
    try:
        result = _read_one(path, name, settings)
    except InputError as exc:
        result = ReadResult()
        result.skip(name, exc)
    except OSError as exc:
        result = ReadResult()
        result.skip(name, InputError.coded(Errors.E003, path=name, detail=exc.strerror or str(exc)))
    except Exception as exc:  # last line of defence: one bad file never sinks the batch
        result = ReadResult()
        result.skip(name, InputError.coded(Errors.E003, path=name, detail=f"{type(exc).__name__}: {exc}"[:200]))
    warning = name_warning(path)
    if warning is not None:
        for draft in result.drafts:
            draft.warnings.append(warning)
        hex_name = path_bytes(path).hex()  # type: ignore[union-attr]
        result.skipped = [Skipped(input=s.input, reason=f"{s.reason} (the name's bytes in hex: {hex_name})")
                          for s in result.skipped]
    return result


def _read_one(path: str, name: str, settings: Settings) -> ReadResult:
    """Read ``path``, naming it ``name`` in drafts and messages."""
    if path == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stdin (some test runners)
            return read_jsonl((line.encode("utf-8") for line in sys.stdin), STDIN, settings)
        return read_jsonl(stream, STDIN, settings)
    fmt = format_of(os.path.basename(path))
    if fmt is None:
        raise InputError.coded(Errors.E011, path=name, suffix=_suffix(os.path.basename(path)))
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; '-' is the way to pipe articles in.
        raise InputError.coded(Errors.E003, path=name, detail="not a regular file")
    size = info.st_size
    if size == 0:
        raise InputError.coded(Errors.E001, path=name)
    streamed = fmt in ("jsonl", "warc")
    limit = settings.max_bytes * (CONTAINER_FACTOR if fmt in ("json", "csv", "feed") else 1)
    if not streamed and size > limit:
        raise InputError.coded(Errors.E004, path=name, size=size, limit=limit)
    if fmt == "jsonl":
        with open_binary(path) as fh:  # lines are judged one by one: a NUL costs its line only
            if fh.read(2) in (b"\xff\xfe", b"\xfe\xff"):  # a whole UTF-16 file: one reason, not one per line
                raise InputError.coded(Errors.E002, path=name, detail="UTF-16; JSONL is read as UTF-8")
            fh.seek(0)
            return read_jsonl(fh, name, settings)
    if fmt == "warc":
        with open_binary(path) as fh:
            # Inflated output is held to what an uncompressed container may hold, and a line to
            # one article (plus its headers): a gzip bomb stops at the cap, in bounded memory.
            bounded = BoundedReader(
                fh, output_cap=settings.max_bytes * CONTAINER_FACTOR, line_cap=settings.max_bytes + _HEADROOM
            )
            return read_warc(bounded, name, settings)
    data = read_bytes(path)
    if fmt in ("txt", "md"):
        text, warnings = decode_bytes(data, name)
        result = read_text_article(text, name, fmt)
        for d in result.drafts:
            d.warnings.extend(warnings)
        if not result.drafts:
            result.warnings.extend(warnings)
        return result
    if fmt == "html":
        text, warnings = decode_bytes(data, name)
        draft = extract_html(text, name)
        draft.warnings.extend(warnings)
        return ReadResult(drafts=[draft])
    if fmt == "json":
        return read_json(data, name, settings)
    if fmt == "csv":
        return read_csv(data, name, settings)
    # Feeds: .rss/.atom, and .xml files that look like one.
    if not data.strip():
        raise InputError.coded(Errors.E001, path=name)
    if path.lower().endswith(".xml") and not is_feed(data):
        raise InputError.coded(Errors.E014, path=name, detail="no <rss>, <feed> or <rdf:RDF> element")
    return read_feed(data, name, settings)


# --- drafts to articles -------------------------------------------------------------


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_articles(drafts: list[Draft], result: IngestResult) -> None:
    """Give drafts ids, hashes and outlets, and append them to ``result``.

    The id is the given one when it is unique in the batch, else the first 12
    hex digits of the text's sha256; the same text twice gets the second copy's
    id from the hash of its text and its input name, so ids stay stable per input.
    """
    given = Counter(d.given_id for d in drafts if d.given_id)
    used: set[str] = set()
    for draft in drafts:
        try:
            content_hash = _sha(draft.text)
        except UnicodeEncodeError:  # lone surrogates from a JSON escape
            result.skipped.append(skipped_input(draft.label, InputError.coded(Errors.E003,
                path=draft.label, detail="text holds invalid Unicode (lone surrogates)")))
            continue
        if draft.given_id and given[draft.given_id] > 1:
            draft.warnings.append(InputWarning(
                None, f"{draft.label}: id {draft.given_id!r} is not unique in the inputs; an id from the content is used"))
        if draft.given_id and given[draft.given_id] == 1 and draft.given_id not in used:
            article_id = draft.given_id
        else:
            article_id = content_hash[:12]
            if article_id in used:
                article_id = _sha(f"{draft.text}\x00{draft.label}")[:12]
        used.add(article_id)
        outlet = draft.outlet or domain_of(draft.url)
        if draft.published is None:
            draft.warnings.append(InputWarning.coded(Warnings.W002, path=draft.label))
        article = Article(
            id=article_id,
            file=draft.file,
            record=draft.record,
            format=draft.format,
            title=draft.title,
            outlet=outlet,
            published=draft.published,
            url=draft.url,
            author=draft.author,
            language=draft.language,
            text=draft.text,
            content_hash=content_hash,
            warnings=[w.message for w in draft.warnings],
        )
        result.articles.append(article)
        # W002 is routine for plain text; it stays on the article only.
        result.warnings.extend(w for w in draft.warnings if w.code != Warnings.W002.name)


def load_inputs(paths: Sequence[str | Path], settings: Settings) -> IngestResult:
    """Read every article in ``paths`` (files, directories, or '-' for JSONL on stdin)."""
    result = IngestResult()
    drafts: list[Draft] = []
    for path in iter_files(paths, result.skipped, result.warnings, settings.follow_symlinks):
        read = read_one(path, settings)
        drafts.extend(read.drafts)
        result.skipped.extend(read.skipped)
        result.warnings.extend(read.warnings)
    to_articles(drafts, result)
    return result
