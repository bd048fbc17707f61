"""Where an attribution's word comes from: the entity its chain ends at, walked up its affiliations.

Independence (how many sources a claim really rests on) and the claim grouping both read roots
from here: three U.S. officials and a White House spokesperson are one root, the US government.
"""

from __future__ import annotations

from collections.abc import Iterable

from sourcetrace.dossier.models import Article, Attribution, Entity
from sourcetrace.sources.gazetteer import entity_id
from sourcetrace.sources.outlets import OutletIndex, load_outlets

__all__ = ["entities_used", "original_article", "outlet_entity", "root_of", "top_affiliation"]


def top_affiliation(entity_id: str, by_id: dict[str, Entity]) -> str:
    """Walk the affiliations up to the top body (a cycle stops where it closes)."""
    seen = {entity_id}
    cur = entity_id
    while True:
        ent = by_id.get(cur)
        if ent is None or not ent.affiliation or ent.affiliation in seen:
            return cur
        cur = ent.affiliation
        seen.add(cur)


def original_article(article_id: str, by_id: dict[str, Article]) -> str:
    """Follow ``reprint_of`` to the earliest copy."""
    seen = {article_id}
    cur = article_id
    while (art := by_id.get(cur)) is not None and art.reprint_of and art.reprint_of not in seen:
        cur = art.reprint_of
        seen.add(cur)
    return cur


def outlet_entity(article: Article | None, outlets: OutletIndex | None = None) -> str | None:
    """Entity id of an article's outlet, as :mod:`sourcetrace.sources` names it."""
    if article is None or not article.outlet:
        return None
    return entity_id((outlets or load_outlets()).outlet_name(article.outlet))


def root_of(att: Attribution, articles: dict[str, Article], outlets: OutletIndex | None = None) -> str | None:
    """The original source of an attribution: last chain entity, else speaker, else the outlet."""
    if att.chain:
        return att.chain[-1]
    if att.speaker_entity:
        return att.speaker_entity
    return outlet_entity(articles.get(att.article_id), outlets)


def entities_used(articles: Iterable[Article], attributions: Iterable[Attribution], entities: dict[str, Entity],
                  outlets: OutletIndex) -> list[Entity]:
    """The entities one story's findings can read, by id: its attributions' chains and speakers,
    its articles' outlets, and the affiliations above them (roots are walked up). A story's claims
    and conflicts computed with only these are the same as with the whole corpus's."""
    wanted: list[str] = [o for a in articles if (o := outlet_entity(a, outlets))]
    for att in attributions:
        wanted += att.chain
        if att.speaker_entity:
            wanted.append(att.speaker_entity)
    seen: set[str] = set()
    while wanted:
        eid = wanted.pop()
        if eid in seen:
            continue
        seen.add(eid)
        if (ent := entities.get(eid)) is not None and ent.affiliation:
            wanted.append(ent.affiliation)
    return [entities[e] for e in sorted(seen) if e in entities]
