"""HTML pages: main text and metadata with trafilatura, the date with htmldate as a fallback."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

from sourcetrace.errors import Errors, InputError, InputWarning, Warnings
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
    warning = None
    if len(_WORD.findall(text)) < MIN_WORDS:
        doc, text, warning = _deep_page(html, label, doc)
    draft = Draft(file=path, record=record, format=fmt, text=text)
    if warning is not None:
        draft.warnings.append(warning)
    if doc is None:
        date_field(draft, "date", _htmldate(html))
        return draft
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


# libxml2 stops at 255 levels of nesting, and at this many even with huge_tree.
_LIBXML_DEPTH = 255
_HUGE_DEPTH = 2048


def _deep_page(html: str | bytes, label: str, doc):  # -> (doc or None, text, warning or None)
    """Text for a page trafilatura found empty, when deep nesting is why; else E008.

    libxml2 stops parsing at 255 levels unless told otherwise, and the page then looks empty:
    it is parsed again without that limit and extracted again. Past the parser's own limit
    the text is every paragraph of the page (W008), read by a parser that builds no tree.
    """
    # lazy: trafilatura only for HTML inputs
    from trafilatura import bare_extraction

    tree = _deep_tree(html)
    flat = _FlatText()
    flat.feed(html if isinstance(html, str) else html.decode("utf-8", "replace"))
    flat.close()
    depth = max(_depth(tree) if tree is not None else 0, flat.deepest)
    if depth < _LIBXML_DEPTH:
        raise InputError.coded(Errors.E008, path=label)
    if depth < _HUGE_DEPTH and tree is not None:
        try:
            deep_doc = bare_extraction(tree, with_metadata=True, include_comments=False, include_images=False)
        except (Exception, RecursionError):  # trafilatura may recurse on a deep tree; the flat text is next
            deep_doc = None
        text = (deep_doc.text or "") if deep_doc is not None else ""
        if len(_WORD.findall(text)) >= MIN_WORDS:
            return deep_doc, text, None
    text = flat.text()
    if len(_WORD.findall(text)) < MIN_WORDS:
        raise InputError(Errors.E008.format(path=label) + f" (markup nested {depth} levels deep)", Errors.E008.name)
    return None, text, InputWarning.coded(Warnings.W008, path=label, depth=depth)


class _FlatText(HTMLParser):
    """Every paragraph of a page, with no tree (so no depth limit), and how deep its tags nest."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head"})
    _BLOCK = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "section",
                        "article"})
    _VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
                       "track", "wbr", "param"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping = 0
        self._level = 0
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._VOID:
            self._level += 1
            self.deepest = max(self.deepest, self._level)
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self._parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._VOID:
            self._level = max(self._level - 1, 0)
        if tag in self._SKIP:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in self._BLOCK:
            self._parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data)

    def text(self) -> str:
        lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(self._parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _deep_tree(html: str | bytes):
    """The page parsed with no depth limit (lxml's huge_tree), or None when it cannot be parsed."""
    # lazy: lxml only for HTML inputs
    import lxml.etree
    import lxml.html

    data = html.encode("utf-8") if isinstance(html, str) else html
    parser = lxml.html.HTMLParser(
        huge_tree=True, remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False,
        encoding="utf-8" if isinstance(html, str) else None,
    )
    try:
        return lxml.html.fromstring(data, parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return None


def _depth(tree) -> int:
    """How deeply the elements of ``tree`` nest (iteratively: a deep tree must not recurse)."""
    # lazy: lxml only for HTML inputs
    import lxml.etree

    level = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


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
