"""One story's part of a corpus dossier: what ``report --story`` and the per-story HTML pages render."""

from __future__ import annotations

from sourcetrace.dossier.models import Dossier

__all__ = ["story_dossier"]


def story_dossier(dossier: Dossier, story: str) -> Dossier:
    """The dossier of one story: its articles, their attributions and timeline, its claims and
    conflicts, the entities those name (with their affiliations, walked up). KeyError when the
    dossier has no story of that id."""
    chosen = next((s for s in dossier.stories if s.id == story), None)
    if chosen is None:
        raise KeyError(story)
    ids = set(chosen.article_ids)
    attributions = [a for a in dossier.attributions if a.article_id in ids]
    by_entity = {e.id: e for e in dossier.entities}
    wanted: set[str] = set()
    for a in attributions:
        wanted.update(a.chain)
        if a.speaker_entity:
            wanted.add(a.speaker_entity)
    claims = [c for c in dossier.claims if c.story == story]
    for c in claims:
        wanted.update(c.root_sources)
        wanted.update(c.independent_roots)
    todo = list(wanted)
    while todo:  # affiliations of the entities kept, so roots still walk up
        ent = by_entity.get(todo.pop())
        if ent is not None and ent.affiliation and ent.affiliation not in wanted:
            wanted.add(ent.affiliation)
            todo.append(ent.affiliation)
    return dossier.model_copy(update={
        "articles": [a for a in dossier.articles if a.id in ids],
        "attributions": attributions,
        "entities": [e for e in dossier.entities if e.id in wanted],
        "claims": claims,
        "conflicts": [x for x in dossier.conflicts if x.story == story],
        "timeline": [t for t in dossier.timeline if t.article_id in ids],
        "stories": [chosen],
    })
