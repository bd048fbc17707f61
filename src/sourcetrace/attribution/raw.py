"""What the rules and the tagger find before ids and chains: raw attributions as character
spans, and the span tools that trim them to their words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from sourcetrace.dossier.models import AttributionKind, Speaker, Stance
from sourcetrace.nlp import doc_text
from sourcetrace.text.spans import CharSpan, with_balanced_quotes

TRIM = " \t\n,.;:—–-“”\"'‘’"
# "WASHINGTON —", "SELKA, Valdoria, March 9 (Continental Wire) —": a capitalised place, then
# title-case places or a date, an agency in brackets, a dash, and a sentence
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ ]*[A-Z.](?:,\s*[A-Z][\w.'’ ]*?)*\s*(?:\([^)]{1,40}\))?\s*(?:[―—–]+|\s-{1,2}\s)\s*(?=[A-Z“\"‘'])"
)


@dataclass
class Raw:
    """One attribution as found: cue, source, content and sentence as character spans."""

    cue: CharSpan
    source: CharSpan | None
    content: CharSpan | None
    sentence: CharSpan
    kind: AttributionKind
    stance: Stance
    speaker: Speaker | None = None
    relays: list[str] = field(default_factory=list)
    # the outlet that carried the words ("said on CNN", "told the newspaper"): the next quotes of the
    # same interview carry it too ("" for an occasion that names no outlet: "in a debate")
    venue: str | None = None
    untagged: bool = False  # a construction the tagger never learned: kept when it does not confirm it
    listed: bool = False  # one of the points listed under a cue: they share the cue, each is its own


@dataclass(frozen=True)
class Uncued:
    """A content the tagger found that no cue of its own took: reported, but it cannot say by whom."""

    content: CharSpan
    sentence: CharSpan


def trimmed(doc: Doc, start: int, end: int) -> CharSpan | None:
    """The characters ``start:end`` without blanks, quotation marks and punctuation at either end,
    except the marks of a quotation inside (:func:`with_balanced_quotes`)."""
    text = doc_text(doc)
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return with_balanced_quotes(text, start, end) if end > start else None


def token_span(doc: Doc, start_i: int, end_i: int) -> CharSpan | None:
    """The trimmed characters of tokens ``start_i:end_i``."""
    if end_i <= start_i:
        return None
    return trimmed(doc, doc[start_i].idx, doc[end_i - 1].idx + len(doc[end_i - 1]))


def subtree(tok: Token) -> tuple[int, int]:
    """The token range of ``tok``'s subtree."""
    return tok.left_edge.i, tok.right_edge.i + 1


def after_dateline(doc: Doc, span: CharSpan | None) -> CharSpan | None:
    """``span`` without a leading dateline ("WASHINGTON —", "SELKA, Valdoria (Wire) —")."""
    if span is None:
        return None
    m = DATELINE.match(doc_text(doc)[span[0] : span[1]])
    return trimmed(doc, span[0] + m.end(), span[1]) if m else span


def without_datelines(doc: Doc, raws: list[Raw], uncued: list[Uncued]) -> list[Uncued]:
    """Contents cut of their dateline (in place for ``raws``); the uncued contents that remain.

    "WASHINGTON — Valdoria has agreed ..., officials said": the dateline is where, not what is said.
    """
    for raw in raws:
        raw.content = after_dateline(doc, raw.content)
    return [Uncued(c, u.sentence) for u in uncued if (c := after_dateline(doc, u.content)) is not None]
