"""WARC archives (.warc, .warc.gz): every HTML response with status 200 is an article."""

from __future__ import annotations

from typing import BinaryIO

from sourcetrace.errors import Errors, InputError
from sourcetrace.ingest.common import ReadResult, date_field
from sourcetrace.ingest.html import extract_html
from sourcetrace.ingest.streams import GzipCut, LineTooLong, OverCap
from sourcetrace.settings import Settings


def read_warc(stream: BinaryIO, path: str, settings: Settings) -> ReadResult:
    """Articles from the HTML responses of a WARC file, read as a stream.

    The record number is the WARC record's position in the file (1-based, all
    records counted). The URL is the WARC-Target-URI; the WARC-Date is used when
    the page itself carries no date. A truncated or corrupt archive keeps the
    articles read so far and lists the rest as skipped (E009); so does a stream that passes
    its decompression cap (E017: the loader hands in a
    :class:`~sourcetrace.ingest.streams.BoundedReader`, so a gzip bomb is never inflated).
    """
    # lazy: warcio only for WARC inputs
    from warcio.archiveiterator import ArchiveIterator

    result = ReadResult()
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if not str(record.format).startswith("warc"):
                # warcio reads any text as an old ARC record; a .warc file must hold WARC.
                raise _NotWarc(f"record {number} is not a WARC record")
            if not _is_html_response(record):
                _drain(record, number)
                continue
            label = f"{path}:record {number}"
            body = record.content_stream().read(settings.max_bytes + 1)
            _drain(record, number)
            if len(body) > settings.max_bytes:
                size = record.rec_headers.get_header("Content-Length") or f"over {settings.max_bytes}"
                result.skip(label, InputError.coded(Errors.E004, path=label, size=size, limit=settings.max_bytes))
                continue
            try:
                draft = extract_html(body, path, fmt="warc", record=number)
            except InputError as exc:
                result.skip(label, exc)
                continue
            target = record.rec_headers.get_header("WARC-Target-URI")
            if target:
                draft.url = target.strip("<> ")
            if draft.published is None:
                date_field(draft, "WARC-Date", record.rec_headers.get_header("WARC-Date"))
            result.drafts.append(draft)
    except OverCap as exc:
        result.skip(path, InputError.coded(Errors.E017, path=path, limit=exc.limit, records=max(number - 1, 0)))
    except Exception as exc:  # warcio, gzip and zlib each raise their own kind on a cut archive
        ours = isinstance(exc, _Truncated | GzipCut | _NotWarc | LineTooLong)
        detail = (str(exc) if ours else f"{type(exc).__name__}: {exc}").strip()[:200]
        complete = number - 1 if isinstance(exc, _Truncated) else number
        result.skip(path, InputError.coded(Errors.E009, path=path, records=max(complete, 0), detail=detail))
    if number == 0 and not result.skipped:
        result.skip(path, InputError.coded(Errors.E001, path=path))
    elif not result.drafts and not result.skipped:
        result.skip(path, InputError.coded(Errors.E003, path=path, detail="no HTML response with status 200 in the archive"))
    return result


class _Truncated(Exception):
    """A record ends before its Content-Length."""


class _NotWarc(Exception):
    """The file does not hold WARC records."""


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    return "html" in (record.http_headers.get_header("Content-Type") or "").lower()


def _drain(record, number: int) -> None:
    """Read the rest of a record; warcio stops silently at a cut, so check the length."""
    stream = record.raw_stream
    while stream.read(65536):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise _Truncated(f"record {number} ends {stream.limit} bytes short")
