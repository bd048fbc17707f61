"""Record files: JSONL (also on stdin), JSON (one object or a list) and CSV.

One article per record. Fields: ``text`` (or ``html``, extracted with trafilatura),
``title``, ``outlet``, ``published``, ``url``, ``id``, ``author``, ``language``;
other names are mapped with ``settings.field_map`` ({ours: yours}). The text field
is kept verbatim: it is what every offset points into. A broken record skips that
record only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

from sourcetrace.errors import Errors, InputError
from sourcetrace.ingest.common import (
    META_FIELDS,
    Draft,
    ReadResult,
    date_field,
    decode_bytes,
    text_field,
)
from sourcetrace.ingest.html import extract_html
from sourcetrace.settings import Settings

# csv refuses fields over 128 kB by default; articles can be longer.
csv.field_size_limit(2**31 - 1)


def _get(record: Mapping[str, object], ours: str, field_map: Mapping[str, str]) -> object:
    # The mapped name first; our own name still works in files that use it.
    yours = field_map.get(ours, ours)
    value = record.get(yours)
    return record.get(ours) if value is None and yours != ours else value


def draft_from_record(
    record: Mapping[str, object], path: str, number: int, fmt: str, settings: Settings
) -> Draft:
    """A draft from one record; raises :class:`~sourcetrace.errors.InputError` when it has no usable text."""
    fm = settings.field_map
    label = f"{path}:record {number}"
    text = _get(record, "text", fm)
    html = _get(record, "html", fm)
    if isinstance(text, str) and text.strip():
        _check_size(text, label, settings)
        draft = Draft(file=path, record=number, format=fmt, text=text)
    elif isinstance(html, str) and html.strip():
        _check_size(html, label, settings)
        draft = extract_html(html, path, fmt=fmt, record=number)
    elif text is not None and not isinstance(text, str):
        raise InputError.coded(Errors.E013, path=path, record=number, detail=f"text is a {type(text).__name__}, not a string")
    else:
        looked = sorted({fm.get("text", "text"), fm.get("html", "html")})
        raise InputError.coded(Errors.E007, path=path, record=number, fields=" or ".join(looked))
    # Fields given in the record win over what was extracted from its HTML.
    for name in META_FIELDS:
        if name == "published":
            continue
        value = text_field(draft, fm.get(name, name), _get(record, name, fm))
        if value is not None:
            setattr(draft, name, value)
    published = _get(record, "published", fm)
    if published is not None and str(published).strip():
        date_field(draft, fm.get("published", "published"), published)
    draft.given_id = text_field(draft, fm.get("id", "id"), _get(record, "id", fm))
    return draft


def _check_size(text: str, label: str, settings: Settings) -> None:
    size = len(text.encode("utf-8", errors="replace"))
    if size > settings.max_bytes:
        raise InputError.coded(Errors.E004, path=label, size=size, limit=settings.max_bytes)


def _add(result: ReadResult, record: object, path: str, number: int, fmt: str, settings: Settings, label: str) -> None:
    if not isinstance(record, dict):
        result.skip(label, InputError.coded(Errors.E013, path=path, record=number, detail=f"a JSON {type(record).__name__}, not an object"))
        return
    try:
        result.drafts.append(draft_from_record(record, path, number, fmt, settings))
    except InputError as exc:
        result.skip(label, exc)


def read_jsonl(stream: BinaryIO | Iterable[bytes], path: str, settings: Settings) -> ReadResult:
    """One article per line; a broken line is skipped as 'path:line N', the rest are read.

    The record number of a JSONL article is its line number.
    """
    result = ReadResult()
    seen_any = False
    utf16_before = False
    limit = settings.max_bytes * LINE_FACTOR
    for number, raw in enumerate(_bounded_lines(stream, limit), start=1):
        if raw is None:  # a line too long to hold: named, and read past in chunks
            label = f"{path}:line {number}"
            seen_any = True
            result.skip(label, InputError.coded(Errors.E004, path=label, size=f"over {limit}", limit=limit))
            continue
        if not raw.strip():
            continue
        if utf16_before and raw.startswith(b"\x00"):
            raw = raw[1:]  # the second byte of a UTF-16 line break, left by the line before
        utf16_before = raw.endswith(b"\x00\n")
        seen_any = True
        label = f"{path}:line {number}"
        if b"\x00" in raw:  # JSON has no raw NUL: a UTF-16 or binary line, judged alone
            result.skip(label, InputError.coded(Errors.E002, path=label, detail="NUL bytes"))
            continue
        try:
            line, warnings = decode_bytes(raw, label)
        except InputError as exc:
            result.skip(label, exc)
            continue
        result.warnings.extend(warnings)
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            result.skip(label, InputError.coded(Errors.E006, path=path, line=number, detail=detail))
            continue
        _add(result, record, path, number, "jsonl", settings, label)
    if not seen_any:
        result.skip(path, InputError.coded(Errors.E001, path=path))
    return result


# A JSONL line may be this many times --max-bytes: JSON escapes (\\u00e9) make text longer.
LINE_FACTOR = 8


def _bounded_lines(stream: BinaryIO | Iterable[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream``, None for one longer than ``limit`` (never held whole in memory)."""
    readline = getattr(stream, "readline", None)
    if readline is None:  # an iterable of lines already held (text-only stdin)
        yield from stream  # type: ignore[misc]
        return
    while line := readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # the rest of the long line, in bounded pieces
            line = readline(1 << 20)
        yield None


def _decoded(data: bytes, path: str) -> tuple[ReadResult, str]:
    """A fresh result for one file and the file's text, with the decoding warning if any."""
    result = ReadResult()
    text, warnings = decode_bytes(data, path)
    result.warnings.extend(warnings)
    return result, text


def read_json(data: bytes, path: str, settings: Settings) -> ReadResult:
    """A .json file holding one article object or a list of them."""
    result, text = _decoded(data, path)
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.coded(Errors.E006, path=path, line=exc.lineno, detail=exc.msg) from exc
    except RecursionError as exc:
        raise InputError.coded(Errors.E006, path=path, line=1, detail="nested too deeply") from exc
    if isinstance(loaded, dict):
        _add(result, loaded, path, 1, "json", settings, f"{path}:record 1")
        # One object: name the article by the file alone.
        for draft in result.drafts:
            draft.record = None
    elif isinstance(loaded, list):
        for number, record in enumerate(loaded, start=1):
            _add(result, record, path, number, "json", settings, f"{path}:record {number}")
        if not loaded:
            result.skip(path, InputError.coded(Errors.E001, path=path))
    else:
        raise InputError.coded(Errors.E003, path=path, detail=f"JSON holds a {type(loaded).__name__}, not an object or a list")
    return result


def read_csv(data: bytes, path: str, settings: Settings) -> ReadResult:
    """A CSV file with a header row; one article per row (record N = data row N).

    A record the csv module cannot parse (a stray quote) is skipped and named (E015 with its
    line), and parsing starts again on the line after the one where that record began: an
    unclosed quote costs its own record, not every record after it.
    """
    result, text = _decoded(data, path)
    # The delimiter is guessed from the header alone: csv.Sniffer misreads article prose.
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t|", key=header_line.count) if any(d in header_line for d in ",;\t|") else ","
    header: list[str] | None = None
    number = 0
    for line, row in _csv_rows(text, delimiter):
        if header is None:
            if isinstance(row, csv.Error):
                raise InputError.coded(Errors.E015, path=path, detail=f"header, line {line}: {row}")
            header = row
            continue
        number += 1
        label = f"{path}:record {number}"
        if isinstance(row, csv.Error):
            result.skip(label, InputError.coded(Errors.E015, path=path, detail=f"record {number}, line {line}: {row}"))
            continue
        _add(result, dict(zip(header, row, strict=False)), path, number, "csv", settings, label)
    if header is None or number == 0:
        raise InputError.coded(Errors.E001, path=path)  # no header, or a header and no rows
    return result


class _Lines:
    """The physical lines of a text, fed to csv.reader one by one, with a position to go back to."""

    def __init__(self, text: str) -> None:
        # newline="": lines end at \n, \r\n or \r and keep their ends, as the csv module wants.
        self.lines = io.StringIO(text, newline="").readlines()
        self.pos = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _csv_rows(text: str, delimiter: str) -> Iterable[tuple[int, list[str] | csv.Error]]:
    """(first line, fields) per record, or (first line, the error) for one that cannot be parsed;
    blank lines are passed over."""
    lines = _Lines(text)
    # strict: a quote in the wrong place is an error, not a record that swallows the rest of the file.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        start = lines.pos
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start + 1, exc
            lines.pos = start + 1  # the reader starts afresh on its next call
            continue
        if row:
            yield start + 1, row
