"""How independent a claim's sourcing is.

Each attribution's root is the last entity of its chain (the speaker, else the
publishing outlet). Roots are merged by walking affiliations to the top body
(three U.S. officials, senior US officials and a White House spokesperson are
all the US government), and a reprint's own-outlet reporting counts as the
original article's (wire copy is not corroboration); the sourcing in words says how
many of the claim's outlets only reprint another's article.
"""

from __future__ import annotations

from dataclasses import dataclass

from sourcetrace.dossier.models import (
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimStatus,
    Entity,
)
from sourcetrace.sources.outlets import OutletIndex
from sourcetrace.sources.roots import original_article, outlet_entity, root_of, top_affiliation
from sourcetrace.text.spans import shared_share
from sourcetrace.text.words import shared_run

# Two quotations sharing this many consecutive words are one utterance, whoever each outlet says
# spoke it ("a senior administration official" in one, the official's name in another; "the
# cameraman" and "another man" for one student's words): one root, not two.
SAME_UTTERANCE_WORDS = 6
_QUOTED = (AttributionKind.direct, AttributionKind.mixed)


def _one_utterance(a: Attribution, b: Attribution) -> bool:
    """Whether two quotations carry the same words (in one article or two)."""
    return (
        a.kind in _QUOTED and b.kind in _QUOTED
        and a.content is not None and b.content is not None
        and shared_run(a.content.text, b.content.text) >= SAME_UTTERANCE_WORDS
    )


@dataclass
class Sourcing:
    """Roots, independent roots, status (before conflicts) and the sourcing in words."""

    roots: list[str]
    independent: list[str]
    status: ClaimStatus
    words: str


def _one_per_account(atts: list[Attribution], entities: dict[str, Entity]) -> set[str]:
    """Ids of the attributions that stand for an account each: in one article, contents that share
    most of their characters are one account, whether a relay carries a quote with its own speaker
    ("'...,' said an official, according to the network") or two sources were read for one quote.
    The innermost (longest chain) stands for it, and a named source before a description."""

    def rank(att: Attribution) -> tuple[int, int]:
        ent = entities.get(att.chain[-1]) if att.chain else None
        named = ent is not None and ent.kind.value in ("person", "organization", "government", "outlet")
        return (-len(att.chain), 0 if named else 1)

    kept: list[tuple[str, tuple[int, int]]] = []  # (article, content span) of each account kept
    ids: set[str] = set()
    for att in sorted(atts, key=rank):
        span = (att.content.start, att.content.end) if att.content is not None else None
        if span is None or not any(art == att.article_id and shared_share(k, span) >= 0.5 for art, k in kept):
            if span is not None:
                kept.append((att.article_id, span))
            ids.add(att.id)
    return ids


def sourcing(
    claim: Claim,
    attributions: dict[str, Attribution],
    entities: dict[str, Entity],
    articles: dict[str, Article],
    outlets: OutletIndex | None = None,
) -> Sourcing:
    """Roots and independent roots of one claim, its status without conflicts, in words."""
    roots: list[str] = []
    independent: list[str] = []
    # Outlets that carry the claim with a source of their own: when another outlet cites
    # them ("The Capital Ledger reported ..."), the citation is a relay, not a new source.
    sourced_outlets = set()
    for aid in claim.attribution_ids:
        att = attributions.get(aid)
        if att is not None and len(att.chain) > 1 and att.chain[-1] != att.chain[0]:
            sourced_outlets.add(att.chain[0])
    accounts = _one_per_account([attributions[a] for a in claim.attribution_ids if a in attributions], entities)
    counted: list[tuple[Attribution, str]] = []  # each account that counts, with its independent key
    for aid in claim.attribution_ids:
        att = attributions.get(aid)
        if att is None:
            continue
        root = root_of(att, articles, outlets)
        if root is None:
            continue
        if root not in roots:
            roots.append(root)
        if att.id not in accounts:
            continue  # the same words in the same article under a second source: one account
        orig = original_article(att.article_id, articles)
        if orig != att.article_id and orig in claim.article_ids:
            continue  # a reprint of an article that already carries the claim counts once
        if root in sourced_outlets and root != (att.chain[0] if att.chain else None):
            continue
        key = top_affiliation(root, entities)
        own = outlet_entity(articles.get(att.article_id), outlets)
        if root == own:
            # The outlet's own reporting: a reprint's counts as the original outlet's.
            key = outlet_entity(articles.get(orig), outlets) or key
        # the same words quoted by another outlet under another name: that utterance's key
        key = next((k for other, k in counted if _one_utterance(att, other)), key)
        counted.append((att, key))
        if key not in independent:
            independent.append(key)
    n_out = len(claim.outlets) or len(claim.article_ids)
    via = f"via {n_out} outlet{'s' if n_out != 1 else ''}"
    # wire copy carried under another masthead: say so, so six outlets are not read as six reports
    reprinting = {
        articles[a].outlet or a for a in claim.article_ids
        if a in articles and (orig := original_article(a, articles)) != a and orig in claim.article_ids
    }
    if reprinting and n_out > 1:
        via += f", {len(reprinting)} of them reprinting another"
    if not roots:
        return Sourcing([], [], ClaimStatus.unattributed, f"no attributed source; {via.replace('via', 'stated by')}")
    n = len(independent)
    status = ClaimStatus.corroborated if n >= 2 else ClaimStatus.single_source
    return Sourcing(roots, independent, status, f"{n} independent source{'s' if n != 1 else ''} {via}")
