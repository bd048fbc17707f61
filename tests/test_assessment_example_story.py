"""The example story end to end through sources, claims and assessment.

Attributions are built from the gold list in examples/story/EXPECTED.md, so this
checks these stages independently of the extractor's progress.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sourcetrace.assessment import assess
from sourcetrace.claims import group_claims
from sourcetrace.dossier.models import (
    ArticleAnalysis,
    Attribution,
    ClaimStatus,
    ConflictKind,
    EntityKind,
    Span,
    Speaker,
)
from sourcetrace.ingest import load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.settings import Settings
from sourcetrace.sources import resolve_entities

STORY = Path(__file__).resolve().parents[1] / "examples" / "story"


@pytest.fixture(scope="module")
def story(models: None):
    if not (STORY / "EXPECTED.md").exists():
        pytest.skip("examples/story is not present")
    gold = yaml.safe_load((STORY / "EXPECTED.md").read_text().split("```yaml")[1].split("```")[0])
    settings = Settings(progress=False)
    files = sorted({str(STORY / a["file"]) for a in gold["articles"]})
    arts = load_inputs(files, settings).articles
    mark_reprints(arts, settings)
    atts: list[Attribution] = []
    label: dict[str, str] = {}
    for g in gold["attributions"]:
        art = next(
            a for a in arts
            if Path(a.file).name == g["file"] and (g.get("record") is None or a.record == g["record"])
        )
        i = art.text.index(g["sentence"])
        j = art.text.index(g["source"], i)
        n = sum(1 for x in atts if x.article_id == art.id) + 1
        att = Attribution(
            id=f"{art.id}:a{n}", article_id=art.id, sentence=Span(start=i, end=i + len(g["sentence"]), text=g["sentence"]),
            source=Span(start=j, end=j + len(g["source"]), text=g["source"]),
            speaker=Speaker(**g["speaker"]), chain_names=g["chain"], kind=g["kind"], stance=g["stance"],
        )
        atts.append(att)
        label[att.id] = g["id"]
    # Sentences: the gold sentences are enough for the grouping of attributed claims.
    analyses = [
        ArticleAnalysis(article_id=a.id, content_hash=a.content_hash,
                        sentences=[x.sentence for x in atts if x.article_id == a.id],
                        attributions=[x for x in atts if x.article_id == a.id])
        for a in arts
    ]
    ents = resolve_entities(arts, atts, settings)
    claims = group_claims(arts, analyses, ents, settings)
    conflicts = assess(arts, atts, ents, claims, settings)
    gold_by = {g["id"]: g for g in gold["attributions"]}
    return {"atts": {label[a.id]: a for a in atts}, "label": label, "ents": {e.id: e for e in ents},
            "claims": claims, "conflicts": conflicts, "gold": gold_by}


def test_affiliations_match_the_gold(story) -> None:
    ents = story["ents"]
    for gid, att in story["atts"].items():
        if story["gold"][gid].get("affiliation") == "US government":
            ent = ents[att.speaker_entity]
            assert ent.affiliation == "ent:us-government", gid
    assert ents["ent:daniel-marsh"].kind is EntityKind.person
    assert ents["ent:capital-ledger"].kind is EntityKind.outlet
    assert story["atts"]["hi-1"].chain == ["ent:harbor-insider", "ent:northwind-broadcasting", "ent:senior-us-officials"]


def test_deal_claim_has_one_independent_root_across_outlets_and_is_contested(story) -> None:
    label = story["label"]
    (deal,) = [c for c in story["claims"] if "cl-1" in {label[a] for a in c.attribution_ids}]
    members = {label[a] for a in deal.attribution_ids}
    assert {"cl-1", "nwb-1", "hi-1", "cw-1", "tg-2"} <= members
    # Five outlets with gold attributions (the Morning Courier reprint has none in the gold list).
    assert len(deal.outlets) == 5
    assert deal.independent_roots == ["ent:us-government"]
    assert deal.status is ClaimStatus.contested
    assert deal.sourcing == "1 independent source via 5 outlets"


def test_expected_conflicts_are_found(story) -> None:
    label = story["label"]
    found = {(x.kind, frozenset({label.get(x.a), label.get(x.b)})) for x in story["conflicts"]}
    assert (ConflictKind.denial, frozenset({"cl-2", "mn-1"})) in found
    assert (ConflictKind.denial, frozenset({"hi-2", "hi-4"})) in found
    assert (ConflictKind.number, frozenset({"cl-2", "mn-7"})) in found
    assert (ConflictKind.number, frozenset({"cl-3", "mn-7"})) in found
    # "the agreement was finalized" against "are exploring a commercial partnership" (cosine 0.37)
    assert (ConflictKind.certainty, frozenset({"cl-2", "mn-3"})) in found
    # No conflict between two voices of one body (Varga and her ministry; US officials).
    us = {"cl-1", "cl-2", "nwb-1", "hi-1", "cw-1", "cw-2", "tg-2"}
    assert not any(pair <= us for _, pair in found)
    assert not any(pair == frozenset({"mn-1", "mn-6"}) for _, pair in found)
    for x in story["conflicts"]:
        assert x.a_span is not None and x.b_span is not None
