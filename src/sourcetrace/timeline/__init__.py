"""Timeline: time expressions normalised against each article's publication date.

Recognition is by rule (:mod:`.expressions`), resolution by :mod:`.normalise`; this
module adds what needs the parse: the tense of the verb an expression hangs on
("met on Friday" is the last Friday, "will meet on Friday" the coming one), the
sentence, and the attribution whose sentence holds the expression.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sourcetrace.dossier.models import Article, Attribution, Span, TimelineEntry
from sourcetrace.settings import Settings
from sourcetrace.text.spans import SpanIndex
from sourcetrace.timeline.expressions import Mention, find_mentions
from sourcetrace.timeline.normalise import Normalised, Tense, resolve, sort_key

__all__ = ["extract_timeline", "parse_anchor", "tense_at"]

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_MODAL_FUTURE = {"can", "could", "may", "might", "must", "should", "ca"}
# verbs whose complement happens later: "plans to meet Friday", "is scheduled for May"
_FUTURE_VERBS = {
    "plan", "expect", "schedule", "set", "intend", "hope", "aim", "due", "slate", "prepare",
    "promise", "vow", "pledge", "threaten", "propose", "want", "seek", "try", "agree", "begin",
}  # fmt: skip


def parse_anchor(published: str | None) -> date | None:
    """The publication day from an ISO date or date-time; None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(published).date()
        except ValueError:
            return None


def _verb_tense(verb) -> Tense | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or words & _MODAL_FUTURE:
        return Tense.future
    if "would" in words:
        return None  # reported future or conditional: the direction is unknown
    if verb.lemma_ == "go" and verb.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in verb.children):
        return Tense.future
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return Tense.past
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return Tense.past
    if verb.lemma_ in _FUTURE_VERBS and verb.tag_ in ("VBZ", "VBP", "VBN", "VBG", "JJ"):
        return Tense.future
    if verb.tag_ in ("VBZ", "VBP", "VBG") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return Tense.present
    return None


def tense_at(doc: Doc, start: int, end: int) -> Tense | None:
    """Tense of the verb governing the characters ``start:end`` of ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            break
        if tok.head is tok:
            return None
        tok = tok.head
    else:
        return None
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    tense = _verb_tense(tok)
    if tok.tag_ == "VB" and tense is None:
        # an infinitive takes its direction from the verb it completes
        head = tok.head
        if head is not tok and head.lemma_ in _FUTURE_VERBS:
            return Tense.future
        if head is not tok and head.pos_ in ("VERB", "AUX"):
            return _verb_tense(head)
    return tense


def _sentence(doc: Doc, start: int) -> SpacySpan | None:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span.sent if span is not None and len(span) else None


def _span_index(attributions: list[Attribution]) -> SpanIndex:
    """Each attribution's content and sentence (numbers 2i and 2i + 1), so a long article's mentions are
    not each compared with every attribution."""
    return SpanIndex(
        (s.start, s.end) if s is not None else None for att in attributions for s in (att.content, att.sentence)
    )


def _attribution_for(start: int, end: int, attributions: list[Attribution], index: SpanIndex | None = None) -> str | None:
    """The attribution whose smallest containing span (content, else sentence) is smallest."""
    best: tuple[int, int] | None = None
    best_id: str | None = None
    # a span holding a non-empty mention overlaps it: only those attributions can hold it
    orders = (sorted({n // 2 for n in index.overlapping((start, end))}) if index is not None and end > start
              else range(len(attributions)))
    for order in orders:
        att = attributions[order]
        sizes = [
            s.end - s.start
            for s in (att.content, att.sentence)
            if s is not None and s.start <= start and end <= s.end
        ]
        if not sizes:
            continue
        key = (min(sizes), order)
        if best is None or key < best:
            best, best_id = key, att.id
    return best_id


def normalise_mentions(
    mentions: list[Mention], anchor: date | None, doc: Doc | None
) -> list[tuple[Mention, Normalised]]:
    """Resolve each mention, reading the tense from ``doc`` when there is one."""
    out = []
    quarter: str | None = None
    for mention in mentions:
        tense = tense_at(doc, mention.start, mention.end) if doc is not None else None
        if mention.context == "since":
            tense = Tense.past
        norm = resolve(mention, anchor, tense)
        value = norm.value or ""
        if _QUARTER.match(value):
            quarter = value[5:]
        elif quarter and _YEAR.match(value) and _YEAR_BACK.match(mention.text):
            # in an earnings report "a year earlier" is the same quarter of the year before
            norm = Normalised(f"{value}-{quarter}", norm.type)
        out.append((mention, norm))
    return out


_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
_YEAR = re.compile(r"^\d{4}$")
_YEAR_BACK = re.compile(r"^(?:(?:a|one|the)\s+)?year[- ](?:ago|earlier)(?:\s+\w+)?$", re.IGNORECASE)


def extract_timeline(
    article: Article, doc: Doc, attributions: list[Attribution], settings: Settings
) -> list[TimelineEntry]:
    """Every time expression in one article, normalised and linked to what it dates."""
    anchor = parse_anchor(article.published)
    text = article.text
    entries: list[TimelineEntry] = []
    index = _span_index(attributions)
    for mention, norm in normalise_mentions(find_mentions(text), anchor, doc):
        sent = _sentence(doc, mention.start) if doc is not None else None
        entries.append(
            TimelineEntry(
                article_id=article.id,
                start=mention.start,
                end=mention.end,
                text=text[mention.start : mention.end],
                value=norm.value,
                type=norm.type,
                sort_key=sort_key(norm.value) if norm.type in ("DATE", "TIME") else None,
                attribution_id=_attribution_for(mention.start, mention.end, attributions, index),
                sentence=Span(start=sent.start_char, end=sent.end_char, text=sent.text) if sent is not None else None,
            )
        )
    return entries
