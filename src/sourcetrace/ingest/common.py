"""What every reader shares: the draft record, decoding, dates, outlets from URLs.

Readers turn bytes into :class:`Draft` records and :class:`~sourcetrace.dossier.models.Skipped`
entries (an unusable input raises :class:`~sourcetrace.errors.InputError` with its code);
the loader turns drafts into articles (ids, hashes, outlets) in an :class:`IngestResult`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from sourcetrace.dossier.models import Article, Skipped
from sourcetrace.errors import Errors, InputError, InputWarning, Warnings

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch, CharsetMatches

# Metadata fields an input may carry, besides the text.
META_FIELDS = ("title", "outlet", "published", "url", "author", "language")


@dataclass
class Draft:
    """One article as a reader found it, before ids and hashes are given."""

    file: str
    format: str
    text: str
    record: int | None = None
    given_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    warnings: list[InputWarning] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The input as named in messages: 'path' or 'path:record N'."""
        return self.file if self.record is None else f"{self.file}:record {self.record}"


@dataclass
class ReadResult:
    """What one reader made of one input."""

    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)

    def skip(self, input_: str, error: InputError) -> None:
        self.skipped.append(skipped_input(input_, error))


@dataclass
class IngestResult:
    """Articles read from the inputs, every input that was skipped with its reason, and the warnings."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)


def skipped_input(input_: str, error: InputError) -> Skipped:
    """The dossier's entry for an input that ``error`` made unusable (its message is the reason)."""
    return Skipped(input=input_, reason=str(error))


# --- file names -------------------------------------------------------------


def shown_path(path: str) -> str:
    """``path`` as the dossier names it: as given, but a byte that is not UTF-8 (Python hands
    it over as a lone surrogate) is written ``\\xNN``, which JSON and DuckDB accept."""
    raw = path_bytes(path)
    return path if raw is None else raw.decode("utf-8", "backslashreplace")


def path_bytes(path: str) -> bytes | None:
    """The bytes of a file name that is not valid UTF-8, else None (the name is its own text)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape") if _ESCAPED_ONLY.fullmatch(path) else path.encode(
            "utf-8", "backslashreplace")
    return None


def name_warning(path: str) -> InputWarning | None:
    """W004 for a file name that is not valid UTF-8, carrying its bytes so the name can be had back."""
    raw = path_bytes(path)
    return None if raw is None else InputWarning.coded(Warnings.W004, path=shown_path(path), hex=raw.hex())


# surrogateescape stands for bytes 0x80-0xff with U+DC80-U+DCFF; other lone surrogates have no bytes.
_ESCAPED_ONLY = re.compile(r"(?:[^\ud800-\udfff]|[\udc80-\udcff])*")


# --- decoding ---------------------------------------------------------------

_BINARY_SNIFF = 8192
_ODD = "¹²³¦¨´¸¯ªº¤¥Ÿ\ufffd"
_ODD_IN_WORD = re.compile(rf"[^\W\d_][{_ODD}]|[{_ODD}][^\W\d_]")


def decode_bytes(data: bytes, path: str) -> tuple[str, list[InputWarning]]:
    """Text of ``data`` and the warnings its decoding gave.

    UTF-8 first. Text that is UTF-8 but for a few stray bytes stays UTF-8, each stray byte
    replaced with U+FFFD (W006): choosing a legacy codec for the whole file would garble every
    valid character in it. Text with no valid UTF-8 beyond ASCII is detected as one legacy
    encoding (W001). NUL characters past the binary sniff are removed (W007).
    Raises :class:`~sourcetrace.errors.InputError` (E001 empty, E002 binary). A UTF-8 byte-order
    mark is dropped: it is an encoding marker, not part of the article.
    """
    if not data.strip():
        raise InputError.coded(Errors.E001, path=path)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    # UTF-16 text carries NULs too, but it starts with a byte-order mark.
    if b"\x00" in data[:_BINARY_SNIFF] and not utf16:
        raise InputError.coded(Errors.E002, path=path, detail="NUL bytes")
    warnings: list[InputWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        mostly = None if utf16 else _utf8_with_strays(data)
        if mostly is None:
            text, encoding = _legacy(data, path)
            warnings.append(InputWarning.coded(Warnings.W001, path=path, encoding=encoding))
        else:
            text, count, line = mostly
            warnings.append(InputWarning.coded(Warnings.W006, path=path, count=count, line=line))
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        warnings.append(InputWarning.coded(Warnings.W007, path=path, count=text.count("\x00")))
        text = text.replace("\x00", "")
    return text, warnings


# surrogateescape hands each byte that is not UTF-8 over as one of these.
_STRAY = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _utf8_with_strays(data: bytes) -> tuple[str, int, int] | None:
    """(text, stray bytes, line of the first) when ``data`` is UTF-8 but for stray bytes: it has
    valid UTF-8 beyond ASCII, at least as many characters as strays; else None."""
    escaped = data.decode("utf-8", "surrogateescape")
    strays = len(_STRAY.findall(escaped))
    valid = len(_NON_ASCII.findall(escaped)) - strays
    if valid == 0 or valid < strays:
        return None
    first = _STRAY.search(escaped)
    line = escaped.count("\n", 0, first.start() if first else 0) + 1
    return _STRAY.sub("\ufffd", escaped), strays, line


def _legacy(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding) of bytes in one legacy encoding, as charset-normalizer detects it."""
    # lazy: charset-normalizer is needed only for bytes that are not UTF-8
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError.coded(Errors.E002, path=path, detail="not decodable as text")
    encoding, text = _pick_encoding(data, matches, best)
    if "\x00" in text:
        raise InputError.coded(Errors.E002, path=path, detail="NUL characters")
    return text, encoding


def _pick_encoding(data: bytes, matches: CharsetMatches, best: CharsetMatch) -> tuple[str, str]:
    """Break charset-normalizer's near-ties: cp1252 first (the usual legacy encoding of
    Western news), then its candidates in order, avoiding decodings that put symbols
    inside words ("powiedzia³" is cp1250 read as cp1252)."""
    tied = [m for m in matches if m.chaos <= best.chaos + 0.01]
    order = [m.encoding for m in tied]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        order.insert(0, "cp1252")
    for encoding in dict.fromkeys(order):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _ODD_IN_WORD.search(text):
            return encoding, text
    return best.encoding, str(best)


def clean_str(value: object) -> str | None:
    """A metadata value as a stripped string, or None when empty or not scalar."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = str(value).strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a JSON escape
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text or None


def text_field(draft: Draft, field_name: str, value: object) -> str | None:
    """A metadata value where a string is expected, warning (W005) when it was not one.

    Whole numbers and dates become their usual text silently; a list becomes its items joined
    with ", ", a mapping its JSON, a boolean "true"/"false" (each with a warning); NaN and
    infinity are no value and are dropped with a warning.
    """
    if value is None or isinstance(value, str):
        return clean_str(value)
    if isinstance(value, int | date) and not isinstance(value, bool):
        return clean_str(value.isoformat() if isinstance(value, date) else value)
    kind = type(value).__name__
    if isinstance(value, float) and not math.isfinite(value):
        draft.warnings.append(InputWarning.coded(Warnings.W005, path=draft.label, field=field_name,
                                                 kind=f"number ({value})", action="dropped"))
        return None
    if isinstance(value, bool):
        text: str | None = "true" if value else "false"
    elif isinstance(value, list | tuple) and all(isinstance(v, str | int | float | date) for v in value):
        text = clean_str(", ".join(str(v) for v in value))
    elif isinstance(value, list | tuple | dict):
        text = clean_str(json.dumps(value, ensure_ascii=False, default=str))
    else:
        text = clean_str(value)
    action = "dropped" if text is None else f"read as {text[:60]!r}"
    draft.warnings.append(InputWarning.coded(Warnings.W005, path=draft.label, field=field_name, kind=kind, action=action))
    return text


# --- dates ------------------------------------------------------------------

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


def normalise_date(value: object) -> str | None:
    """ISO 8601 for a date or date-time given in any common form, else None.

    A date stays a date ("2024-03-05"); a time is kept only when one was given.
    Fast paths (ISO, RFC 2822) come first because dateparser is slow.
    """
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = clean_str(value)
    if text is None or len(text) > 100:
        return None
    iso = _from_iso(text)
    if iso is not None:
        return iso
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.isoformat()
    return _from_dateparser(text)


def _from_iso(text: str) -> str | None:
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    if _HAS_TIME.search(candidate) or "T" in candidate:
        try:
            return datetime.fromisoformat(candidate).isoformat()
        except ValueError:
            return None
    try:
        return date.fromisoformat(candidate).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _from_dateparser(text: str) -> str | None:
    if not re.search(r"\d", text):
        return None  # "yesterday" or "Tuesday" is no publication date
    # lazy: dateparser takes about a second to import; most dates parse without it
    import dateparser

    try:
        parsed = dateparser.parse(
            text, settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False}
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None:
        return None
    return parsed.isoformat() if _HAS_TIME.search(text) else parsed.date().isoformat()


def date_field(draft: Draft, field_name: str, value: object) -> None:
    """Set ``draft.published`` from ``value``, warning (W003) when it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    iso = normalise_date(value)
    if iso is None:
        draft.warnings.append(InputWarning.coded(Warnings.W003, path=draft.label, field=field_name, value=str(value)[:80]))
    draft.published = iso


# --- outlets ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _extractor():
    # lazy: tldextract reads its suffix list on import; only URL inputs need it
    import tldextract

    # No suffix-list URLs and no cache: the snapshot bundled with tldextract, no network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=8192)
def domain_of(url: str | None) -> str | None:
    """Registered domain of ``url`` ("https://www.nbcnews.com/x" -> "nbcnews.com"), or None."""
    if not url:
        return None
    try:
        parts = _extractor()(url)
    except Exception:  # a malformed URL is no outlet, not a crash
        return None
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()
