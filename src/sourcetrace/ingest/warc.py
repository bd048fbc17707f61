"""WARC archives (.warc, .warc.gz): every HTML response with status 200 is an article."""

from __future__ import annotations

from typing import BinaryIO

from sourcetrace.errors import Errors
from sourcetrace.ingest.common import ReadResult, Unusable, date_field
from sourcetrace.ingest.html import extract_html
from sourcetrace.settings import Settings


def read_warc(stream: BinaryIO, path: str, settings: Settings) -> ReadResult:
    """Articles from the HTML responses of a WARC file, read as a stream.

    The record number is the WARC record's position in the file (1-based, all
    records counted). The URL is the WARC-Target-URI; the WARC-Date is used when
    the page itself carries no date. A truncated or corrupt archive keeps the
    articles read so far and lists the rest as skipped (E009).
    """
    from warcio.archiveiterator import ArchiveIterator

    result = ReadResult()
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if record.http_headers.get_statuscode() != "200":
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in content_type:
                continue
            label = f"{path}:record {number}"
            body = record.content_stream().read(settings.max_bytes + 1)
            if len(body) > settings.max_bytes:
                result.skip(label, Errors.E004.format(path=label, size=f"over {settings.max_bytes}", limit=settings.max_bytes))
                continue
            try:
                draft = extract_html(body, path, fmt="warc", record=number)
            except Unusable as exc:
                result.skip(label, str(exc))
                continue
            target = record.rec_headers.get_header("WARC-Target-URI")
            if target:
                draft.url = target.strip("<> ")
            if draft.published is None:
                date_field(draft, "WARC-Date", record.rec_headers.get_header("WARC-Date"))
            result.drafts.append(draft)
    except Exception as exc:  # warcio, gzip and zlib each raise their own kind on a cut archive
        detail = f"{type(exc).__name__}: {exc}".strip()[:200]
        result.skip(path, Errors.E009.format(path=path, records=max(number - 1, 0) if number else 0, detail=detail))
    if number == 0 and not result.skipped:
        result.skip(path, Errors.E001.format(path=path))
    return result
