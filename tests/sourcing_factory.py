"""Hand-built articles and attributions for the sources, claims and assessment tests."""

from __future__ import annotations

import hashlib

from sourcetrace.dossier.models import (
    Article,
    ArticleAnalysis,
    Attribution,
    EntityKind,
    Span,
    Speaker,
    Stance,
)


def article(aid: str, outlet: str | None, text: str, reprint_of: str | None = None) -> Article:
    """An article with the given outlet and text."""
    return Article(
        id=aid, file=f"{aid}.txt", format="txt", outlet=outlet, text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(), reprint_of=reprint_of,
    )


def span(text: str, part: str, start_at: int = 0) -> Span:
    """The span of ``part`` in ``text`` (first occurrence from ``start_at``)."""
    i = text.index(part, start_at)
    return Span(start=i, end=i + len(part), text=part)


def sentence_of(text: str, part: str) -> Span:
    """The sentence of ``text`` that holds ``part`` (split on '. ')."""
    i = text.index(part)
    start = text.rfind(". ", 0, i)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", i)
    end = len(text) if end < 0 else end + 1
    return Span(start=start, end=end, text=text[start:end])


class Attributions:
    """Numbers attributions per article: ``make(art, source, content, ...)``."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}

    def make(
        self,
        art: Article,
        source: str,
        content: str,
        stance: Stance = Stance.asserts,
        kind: EntityKind = EntityKind.other,
        chain: list[str] | None = None,
        speaker: str | None = None,
    ) -> Attribution:
        n = self.count[art.id] = self.count.get(art.id, 0) + 1
        return Attribution(
            id=f"{art.id}:a{n}", article_id=art.id,
            source=span(art.text, source), content=span(art.text, content),
            sentence=sentence_of(art.text, content),
            speaker=Speaker(name=speaker or source, kind=kind),
            chain_names=chain if chain is not None else [art.outlet or "unknown", source],
            stance=stance,
        )


def analysis(art: Article, attributions: list[Attribution]) -> ArticleAnalysis:
    """An analysis with sentences split on '. '."""
    sents, pos = [], 0
    for part in art.text.split(". "):
        piece = part if part.endswith(".") or pos + len(part) >= len(art.text) else part + "."
        sents.append(Span(start=pos, end=pos + len(piece), text=piece))
        pos += len(part) + 2
    return ArticleAnalysis(
        article_id=art.id, content_hash=art.content_hash, sentences=sents,
        attributions=[a for a in attributions if a.article_id == art.id],
    )
