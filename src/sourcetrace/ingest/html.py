"""HTML pages: main text and metadata with trafilatura, the date with htmldate as a fallback."""

from __future__ import annotations

import logging
import re

from sourcetrace.errors import Errors, InputError
from sourcetrace.ingest.common import Draft, clean_str, date_field

# Fewer words than this is a menu or an error page, not an article.
MIN_WORDS = 5

# trafilatura and htmldate log every page they cannot handle; we report those ourselves.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[a-zA-Z!/]")


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains markup (used for feed and record fields)."""
    return bool(_TAG.search(text))


def extract_html(html: str | bytes, path: str, fmt: str = "html", record: int | None = None) -> Draft:
    """A draft from one HTML page; raises :class:`~sourcetrace.errors.InputError` (E008) when it has no main text."""
    # lazy: trafilatura (and lxml) only for HTML inputs
    from trafilatura import bare_extraction

    label = path if record is None else f"{path}:record {record}"
    try:
        doc = bare_extraction(html, with_metadata=True, include_comments=False, include_images=False)
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise InputError(Errors.E008.format(path=label) + f" ({type(exc).__name__})", Errors.E008.name) from exc
    text = (doc.text or "") if doc is not None else ""
    if len(_WORD.findall(text)) < MIN_WORDS:
        raise InputError.coded(Errors.E008, path=label)
    draft = Draft(file=path, record=record, format=fmt, text=text)
    draft.title = clean_str(doc.title)
    draft.outlet = clean_str(doc.sitename)
    draft.url = clean_str(doc.url)
    draft.author = clean_str(doc.author)
    draft.language = clean_str(doc.language)
    date = clean_str(doc.date)
    if date is None:
        date = _htmldate(html)
    date_field(draft, "date", date)
    return draft


def _htmldate(html: str | bytes) -> str | None:
    # lazy: htmldate only for HTML inputs
    from htmldate import find_date

    try:
        return find_date(html, extensive_search=False, original_date=True)
    except Exception:  # htmldate fails on odd markup; no date is not an error
        return None


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept apart."""
    # lazy: lxml only for feed entries with HTML content
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr"}
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.tail = "\n\n" + (el.tail or "") if el.tag != "br" else "\n" + (el.tail or "")
    text = root.text_content()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
