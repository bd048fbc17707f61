"""RSS and Atom feeds whose entries carry the full article (content:encoded, atom content)."""

from __future__ import annotations

import re

from sourcetrace.errors import Errors, InputError
from sourcetrace.ingest.common import Draft, ReadResult, clean_str, date_field
from sourcetrace.ingest.html import fragment_text, looks_like_html
from sourcetrace.settings import Settings

# An entry with fewer words than this is a teaser, not the article.
MIN_WORDS = 50

_WORD = re.compile(r"\w+")


def is_feed(data: bytes) -> bool:
    """Cheap check that an .xml file is an RSS or Atom feed."""
    head = data[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(data: bytes, path: str, settings: Settings) -> ReadResult:
    """One article per entry with full content; short summaries are skipped with a reason.

    The record number is the entry's position in the feed (1-based).
    """
    # lazy: feedparser only for feed inputs
    import feedparser

    result = ReadResult()
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser is lenient, but not on everything
        raise InputError.coded(Errors.E014, path=path, detail=f"{type(exc).__name__}: {exc}"[:200]) from exc
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        detail = str(parsed.get("bozo_exception") or "no RSS or Atom elements")[:200]
        raise InputError.coded(Errors.E014, path=path, detail=detail)
    language = clean_str(parsed.feed.get("language"))
    for number, entry in enumerate(parsed.entries, start=1):
        label = f"{path}:record {number}"
        bodies = [c.get("value") or "" for c in entry.get("content") or []]
        full = max(bodies, key=len) if bodies else ""
        raw = full or entry.get("summary") or ""
        text = fragment_text(raw) if looks_like_html(raw) else raw.strip()
        words = len(_WORD.findall(text))
        if words < MIN_WORDS:
            what = "its content" if full else "only a summary"
            detail = f"{what} has {words} words (< {MIN_WORDS}): a teaser, not the full article"
            result.skip(label, InputError.coded(Errors.E013, path=path, record=number, detail=detail))
            continue
        if len(text.encode("utf-8")) > settings.max_bytes:
            result.skip(label, InputError.coded(Errors.E004, path=label, size=len(text.encode("utf-8")), limit=settings.max_bytes))
            continue
        draft = Draft(file=path, record=number, format="feed", text=text, language=language)
        draft.title = clean_str(entry.get("title"))
        draft.url = clean_str(entry.get("link"))
        draft.author = clean_str(entry.get("author"))
        draft.given_id = None  # feed GUIDs are often URLs shared by reprints; ids come from content
        date_field(draft, "published", entry.get("published") or entry.get("updated"))
        result.drafts.append(draft)
    if not parsed.entries:
        result.skip(path, InputError.coded(Errors.E014, path=path, detail="the feed has no entries"))
    return result
