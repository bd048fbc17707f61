"""Statements: what the claim grouping works on (attributed contents and factual sentences)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.attribution.relays import relayed_wholly
from sourcetrace.dossier.models import ArticleAnalysis, Attribution, Span, SpanRef, Stance
from sourcetrace.text.quantities import parse_dates, parse_quantities
from sourcetrace.text.spans import bare
from sourcetrace.text.words import proper_names

_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


@dataclass
class Statement:
    """One statement of one article: an attribution's content, or an unattributed sentence."""

    idx: int
    article_id: str
    span: SpanRef
    attribution: Attribution | None
    text: str

    @property
    def key(self) -> str:
        """Attribution id, or a position for an unattributed sentence."""
        if self.attribution is not None:
            return self.attribution.id
        return f"{self.article_id}:s{self.span.start}"


def is_factual(text: str) -> bool:
    """An unattributed sentence worth a claim: a number, a name or a date, of reasonable length."""
    words = text.split()
    if not 6 <= len(words) <= 60 or text.rstrip().endswith("?"):
        return False
    return bool(parse_quantities(text) or parse_dates(text) or _MONTH.search(text) or proper_names(text))


# what lies between a split quotation's halves and the interjected "said X": commas, quotation marks
_SEAM = " \t\n,;:—–-“”\"'‘’"
_COMPLEMENTIZER = re.compile(r"^\s*(?:that|whether)\s+", re.IGNORECASE)


def proposition(content: str) -> str:
    """A content as a claim reads: without the 'that' or 'whether' that joined it to its cue."""
    rest = _COMPLEMENTIZER.sub("", content, count=1)
    return rest if rest.strip() else content


def without_interjection(att: Attribution, span: SpanRef | Span) -> str:
    """The content's words without the source and cue that split it: '"We have raised this," said
    Marsh. "Any arrangement should be open"' reads 'We have raised this … Any arrangement should be
    open'. (The span itself stays the hull, as annotated corpora define a split quotation.)"""
    inner = [s for s in (att.source, att.cue) if s is not None and span.start <= s.start and s.end <= span.end]
    if att.cue is None or att.cue not in inner:
        return span.text
    text = span.text
    cut_start = min(s.start for s in inner) - span.start
    cut_end = max(s.end for s in inner) - span.start
    head = text[:cut_start].rstrip(_SEAM)
    # the source span holds its apposition ("Daniel Marsh, the spokesperson for ..."), so what
    # follows is the seam: '. "' or ', '
    tail = text[cut_end:].lstrip(_SEAM + ".")
    if not head.strip() or not tail.strip():
        return text
    return f"{head} … {tail}"


def collect_statements(analyses: list[ArticleAnalysis]) -> list[Statement]:
    """Attributed contents (the sentence when there is no content) and unattributed factual sentences.

    A refusal ("declined to comment") claims nothing: its sentence yields no statement.
    """
    out: list[Statement] = []
    for an in analyses:
        covered: list[tuple[int, int]] = []
        relays = relayed_wholly(an.attributions)
        for att in an.attributions:
            span = att.content or att.sentence
            covered.append((att.sentence.start, att.sentence.end))
            if att.id in relays:
                continue  # "X denied ..., Meridian News reported": X's denial is the statement, with this chain
            if not span.text.strip() or att.stance is Stance.withholds or not att.proposition:
                # "declined to discuss the timing", "has not confirmed the details", "must approve any
                # lease": the sentence is covered, but nothing is claimed
                continue
            ref = SpanRef(start=span.start, end=span.end, text=span.text, article_id=an.article_id)
            text = proposition(without_interjection(att, span))
            # a content keeps the marks of a quotation inside it; compared without them, as a sentence is whole
            out.append(Statement(len(out), an.article_id, ref, att, bare(text) if att.content is not None else text))
        for sent in an.sentences:
            if any(s < sent.end and sent.start < e for s, e in covered):
                continue
            if not is_factual(sent.text):
                continue
            ref = SpanRef(start=sent.start, end=sent.end, text=sent.text, article_id=an.article_id)
            out.append(Statement(len(out), an.article_id, ref, None, sent.text))
    return out
