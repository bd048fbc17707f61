"""What every renderer needs from a dossier, computed once: names, chains, claim order.

Renderers stay small by reading a :class:`DossierView` instead of re-deriving
lookups; everything here is plain Python over the typed models.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from sourcetrace.dossier.models import (
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    Dossier,
    Entity,
    Span,
)

# Contested first: a fact-checker's attention goes to disputes, then to what rests on one source.
STATUS_ORDER: dict[ClaimStatus, int] = {
    ClaimStatus.contested: 0,
    ClaimStatus.single_source: 1,
    ClaimStatus.unattributed: 2,
    ClaimStatus.corroborated: 3,
}

STATUS_LABEL: dict[ClaimStatus, str] = {
    ClaimStatus.corroborated: "Corroborated",
    ClaimStatus.single_source: "Single source",
    ClaimStatus.contested: "Contested",
    ClaimStatus.unattributed: "Unattributed",
}


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 outlet', '3 outlets'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def claim_wording(claim: Claim) -> str:
    """The claim as a reader should read it: a denied proposition says so ("Denied: any agreement
    had been reached"), since its text is the clause the denial negates."""
    return f"Denied: {claim.text}" if claim.denied else claim.text


def sourcing_words(claim: Claim) -> str:
    """The claim's sourcing in words; computed from its outlets and roots when the dossier has none."""
    if claim.sourcing:
        return claim.sourcing
    outlets = len(set(claim.outlets))
    roots = len(set(claim.independent_roots or claim.root_sources))
    if roots == 0:
        return f"No named source, in {plural(outlets, 'outlet')}"
    return f"{plural(roots, 'independent source')} via {plural(outlets, 'outlet')}"


@dataclass
class DossierView:
    """Lookups over one dossier shared by the HTML, Markdown and CSV renderers."""

    dossier: Dossier
    entities: dict[str, Entity] = field(init=False)
    articles: dict[str, Article] = field(init=False)
    attributions: dict[str, Attribution] = field(init=False)

    def __post_init__(self) -> None:
        d = self.dossier
        self.entities = {e.id: e for e in d.entities}
        self.articles = {a.id: a for a in d.articles}
        self.attributions = {a.id: a for a in d.attributions}

    def entity_name(self, entity_id: str) -> str:
        """The entity's name, or its id when the dossier does not know it."""
        e = self.entities.get(entity_id)
        return e.name if e is not None else entity_id

    def chain_names(self, att: Attribution) -> list[str]:
        """Publisher first, original source last, as names (entity names preferred)."""
        if att.chain:
            return [self.entity_name(i) for i in att.chain]
        if att.chain_names:
            return list(att.chain_names)
        art = self.articles.get(att.article_id)
        names = [art.outlet] if art is not None and art.outlet else []
        if att.speaker is not None:
            names.append(att.speaker.name)
        elif att.source is not None:
            names.append(att.source.text)
        return names

    def top_affiliation(self, entity_id: str) -> str:
        """The outermost body an entity speaks for (itself when it has no affiliation)."""
        seen = {entity_id}
        current = entity_id
        while True:
            e = self.entities.get(current)
            if e is None or not e.affiliation or e.affiliation in seen:
                return current
            seen.add(e.affiliation)
            current = e.affiliation

    def claim_key(self, claim: Claim) -> tuple[int, int, int, str]:
        """Sort key: contested first, then by how many outlets and attributions carry it."""
        return (
            STATUS_ORDER.get(claim.status, 9),
            -len(set(claim.outlets)),
            -len(claim.attribution_ids),
            claim.id,
        )

    @cached_property
    def claims_sorted(self) -> list[Claim]:
        """Claims, most important first."""
        return sorted(self.dossier.claims, key=self.claim_key)

    @cached_property
    def outlets(self) -> list[str]:
        """Outlets by number of articles, most first."""
        counts = Counter(a.outlet for a in self.dossier.articles if a.outlet)
        return [name for name, _ in counts.most_common()]

    @cached_property
    def date_range(self) -> tuple[str, str] | None:
        """First and last publication date (YYYY-MM-DD) of the articles, if any are dated."""
        dates = sorted(a.published[:10] for a in self.dossier.articles if a.published)
        return (dates[0], dates[-1]) if dates else None

    @cached_property
    def status_counts(self) -> dict[ClaimStatus, int]:
        """How many claims have each status (every status present, in table order)."""
        counts = Counter(c.status for c in self.dossier.claims)
        return {s: counts.get(s, 0) for s in STATUS_ORDER}

    def article_label(self, article_id: str) -> str:
        """'Outlet: Title' for citations."""
        art = self.articles.get(article_id)
        if art is None:
            return article_id
        title = art.title or art.file
        return f"{art.outlet}: {title}" if art.outlet else title

    def sentence_text(self, att: Attribution) -> str:
        """The attribution's sentence, from the article text when the offsets fit, else as stored."""
        return span_text(self.articles.get(att.article_id), att.sentence)


def span_text(article: Article | None, span: Span | None) -> str:
    """Text of a span, trusting the article's text over the copy in the span when both exist."""
    if span is None:
        return ""
    if article is not None and 0 <= span.start <= span.end <= len(article.text):
        return article.text[span.start : span.end]
    return span.text
