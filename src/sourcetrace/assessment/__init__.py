"""Assessment: how independent each claim's sourcing is, and where accounts conflict."""

from __future__ import annotations

from sourcetrace.assessment.conflicts import build_sides, find_conflicts
from sourcetrace.assessment.independence import sourcing
from sourcetrace.assessment.nli import ContradictionJudge, CrossEncoderJudge, RuleJudge, load_judge
from sourcetrace.dossier.models import (
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    Conflict,
    Entity,
)
from sourcetrace.settings import Settings
from sourcetrace.sources.outlets import load_outlets
from sourcetrace.sources.roots import top_affiliation

__all__ = [
    "ContradictionJudge",
    "CrossEncoderJudge",
    "RuleJudge",
    "assess",
    "top_affiliation",
]


def assess(
    articles: list[Article],
    attributions: list[Attribution],
    entities: list[Entity],
    claims: list[Claim],
    settings: Settings,
    judge: ContradictionJudge | None = None,
) -> list[Conflict]:
    """Fill each claim's roots, independent roots and status; return the conflicts found.

    ``judge`` overrides the NLI judge loaded from ``settings.nli_model`` (tests, notebooks).
    """
    by_att = {a.id: a for a in attributions}
    by_ent = {e.id: e for e in entities}
    by_art = {a.id: a for a in articles}
    outlets = load_outlets(settings.outlets_file)
    for claim in claims:
        s = sourcing(claim, by_att, by_ent, by_art, outlets)
        claim.root_sources, claim.independent_roots = s.roots, s.independent
        claim.status, claim.sourcing = s.status, s.words
    judge = judge or load_judge(settings.nli_model)
    conflicts = find_conflicts(build_sides(attributions, claims, by_ent), judge)
    # Conflicts of a claim (through its attributions or itself) make it contested.
    claim_of: dict[str, list[Claim]] = {}
    for c in claims:
        claim_of.setdefault(c.id, []).append(c)
        for aid in c.attribution_ids:
            claim_of.setdefault(aid, []).append(c)
    for x in conflicts:
        for side in (x.a, x.b):
            for c in claim_of.get(side, []):
                c.status = ClaimStatus.contested
    return _one_per_disagreement(conflicts, by_att, by_ent, claim_of)


def _one_per_disagreement(
    conflicts: list[Conflict],
    by_att: dict[str, Attribution],
    by_ent: dict[str, Entity],
    claim_of: dict[str, list[Claim]],
) -> list[Conflict]:
    """Keep one conflict per kind, pair of bodies and pair of claims (and one within each article).

    The same denial meets every outlet's (and every reprint's) version of the assertion;
    a reader wants the disagreement once, with one pair of sentences to check, plus the
    places where one article itself sets the two sides against each other.
    """

    def body(side: str) -> str:
        att = by_att.get(side)
        if att is None or att.speaker_entity is None:
            return side
        return top_affiliation(att.speaker_entity, by_ent)

    def claims(side: str) -> frozenset[str]:
        return frozenset(c.id for c in claim_of.get(side, [])) or frozenset({side})

    def article(side: str) -> str:
        att = by_att.get(side)
        return att.article_id if att is not None else side

    kept: dict[tuple, Conflict] = {}
    for x in conflicts:
        key = (
            x.kind,
            frozenset({body(x.a), body(x.b)}),
            frozenset({claims(x.a), claims(x.b)}),
            article(x.a) if article(x.a) == article(x.b) else None,
        )
        kept.setdefault(key, x)
    out = list(kept.values())
    for n, x in enumerate(out, 1):
        x.id = f"x{n}"
    return out
