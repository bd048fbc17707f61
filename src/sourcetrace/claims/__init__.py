"""Claims: statements of the same proposition grouped across articles.

A statement is an attribution's content (its sentence when there is no content
span) or an unattributed factual sentence (a number, a date or a name, 6-60
words). Statements are embedded, their pairs scored by the aligner (:mod:`sourcetrace.claims.align`)
and clustered (:mod:`sourcetrace.claims.group`).
A cluster becomes a claim when it has an attribution or spans two or more
articles: an unattributed sentence said once is background, not a claim.
"""

from __future__ import annotations

import numpy as np

from sourcetrace.claims.align import StoryAligner
from sourcetrace.claims.group import cluster
from sourcetrace.claims.statements import Statement, collect_statements
from sourcetrace.dossier.models import Article, ArticleAnalysis, Claim, Entity, Stance
from sourcetrace.settings import Settings
from sourcetrace.sources.outlets import OutletIndex, load_outlets
from sourcetrace.sources.roots import root_of, top_affiliation
from sourcetrace.text.cues import cue_denies
from sourcetrace.text.embed import encode
from sourcetrace.text.polarity import has_negation

__all__ = ["Statement", "claim_statements", "collect_statements", "group_claims"]


def _is_denied(statements: list[Statement], members: list[int], rep: int) -> bool:
    """Whether the claim's text is what its accounts deny: every attributed member denies (the
    grouping never puts a denial with what it denies), the representative's cue is the denial
    and its text carries no negation of its own ("denied that any agreement had been reached",
    not "insisted that no agreement existed" nor "said reports were speculation"). One account
    may deny in its cue and another in its words; the text shown decides how it reads."""
    atts = [a for i in members if (a := statements[i].attribution) is not None]
    shown = statements[rep].attribution
    return (
        bool(atts)
        and all(a.stance is Stance.denies for a in atts)
        and shown is not None and shown.cue is not None and cue_denies(shown.cue.text)
        and not has_negation(statements[rep].text)
    )


def _roots(
    statements: list[Statement], articles: list[Article], entities: list[Entity], outlets: OutletIndex
) -> list[str | None]:
    """Each statement's source after affiliation (None for unattributed background)."""
    by_article = {a.id: a for a in articles}
    by_entity = {e.id: e for e in entities}
    roots: list[str | None] = []
    for st in statements:
        root = root_of(st.attribution, by_article, outlets) if st.attribution is not None else None
        roots.append(top_affiliation(root, by_entity) if root else None)
    return roots


def claim_statements(
    articles: list[Article], analyses: list[ArticleAnalysis], entities: list[Entity], settings: Settings
) -> tuple[list[Statement], list[str | None]]:
    """One story's statements and each one's source after affiliation (None for background)."""
    statements = collect_statements(analyses)
    return statements, _roots(statements, articles, entities, load_outlets(settings.outlets_file))


def group_claims(
    articles: list[Article],
    analyses: list[ArticleAnalysis],
    entities: list[Entity],
    settings: Settings,
) -> list[Claim]:
    """Group attributions and unattributed factual sentences into claims."""
    statements, roots = claim_statements(articles, analyses, entities, settings)
    if not statements:
        return []
    texts = [s.text for s in statements]
    aligner = StoryAligner(texts, roots)  # its encoder pass leaves the sentence vectors in the cache
    emb = encode(texts)
    groups = cluster(statements, emb, settings.claim_similarity, aligner, roots)
    outlets = load_outlets(settings.outlets_file)
    outlet_of = {a.id: outlets.outlet_name(a.outlet) if a.outlet else None for a in articles}
    kept = []
    for g in groups:
        members = sorted(g)
        arts = {statements[i].article_id for i in members}
        if any(statements[i].attribution is not None for i in members) or len(arts) > 1:
            kept.append(members)
    # Most widely carried first; ties in reading order.
    kept.sort(key=lambda m: (-len({statements[i].article_id for i in m}), m[0]))
    claims = []
    for n, members in enumerate(kept, 1):
        centre = emb[members].mean(axis=0)
        rep = members[int(np.argmax(emb[members] @ centre))]
        article_ids = list(dict.fromkeys(statements[i].article_id for i in members))
        claims.append(
            Claim(
                id=f"c{n}",
                text=statements[rep].text.strip(),
                denied=_is_denied(statements, members, rep),
                attribution_ids=[
                    statements[i].attribution.id for i in members if statements[i].attribution is not None
                ],
                spans=[statements[i].span for i in members],
                article_ids=article_ids,
                outlets=list(dict.fromkeys(o for a in article_ids if (o := outlet_of.get(a)))),
            )
        )
    return claims
