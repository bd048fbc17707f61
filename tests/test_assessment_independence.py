"""Independence of sourcing: shared affiliations and reprints count once."""

from __future__ import annotations

import pytest

from sourcetrace.assessment import assess
from sourcetrace.assessment.independence import sourcing
from sourcetrace.claims import group_claims
from sourcetrace.dossier.models import Claim, ClaimStatus, EntityKind
from sourcetrace.settings import Settings
from sourcetrace.sources import resolve_entities
from sourcetrace.text.embed import load_encoder
from sourcing_factory import Attributions, analysis, article


@pytest.fixture(scope="module")
def encoder(models: None):
    return load_encoder()


def test_wapo_nbc_bbc_relaying_the_us_government_is_one_independent_source(encoder) -> None:
    w = article("w", "The Washington Post", "Three U.S. officials said Valdoria had moved air defence units to the border.")
    n = article("n", "nbcnews.com", "Senior US officials told NBC News that Valdoria moved air defence units to the border.")
    b = article("b", "BBC", "US national security council spokesperson John Kirby said Valdoria had moved "
                "air defence units to its border.")
    f = Attributions()
    atts = [
        f.make(w, "Three U.S. officials", "Valdoria had moved air defence units to the border"),
        f.make(n, "Senior US officials", "Valdoria moved air defence units to the border",
               chain=["NBC News", "Senior US officials"]),
        f.make(b, "John Kirby", "Valdoria had moved air defence units to its border", kind=EntityKind.person,
               chain=["BBC", "US national security council spokesperson John Kirby"]),
    ]
    arts, settings = [w, n, b], Settings()
    ents = resolve_entities(arts, atts, settings)
    claims = group_claims(arts, [analysis(x, atts) for x in arts], ents, settings)
    conflicts = assess(arts, atts, ents, claims, settings)
    assert conflicts == []
    (claim,) = [c for c in claims if c.attribution_ids]
    assert sorted(claim.attribution_ids) == ["b:a1", "n:a1", "w:a1"]
    assert claim.outlets == ["The Washington Post", "NBC News", "BBC"]
    assert set(claim.root_sources) == {"ent:three-us-officials", "ent:senior-us-officials", "ent:john-kirby"}
    assert claim.independent_roots == ["ent:us-government"]
    assert claim.status is ClaimStatus.single_source
    assert claim.sourcing == "1 independent source via 3 outlets"


def _claim(atts, articles) -> Claim:
    return Claim(
        id="c1", text="x", attribution_ids=[a.id for a in atts],
        article_ids=list(dict.fromkeys(a.article_id for a in atts)),
        outlets=list(dict.fromkeys(articles[a.article_id].outlet for a in atts)),
    )


def test_two_unrelated_sources_corroborate() -> None:
    a = article("a", "Reuters", "The Dockworkers' Union said the port was closed.")
    b = article("b", "AP", "Harbour master Lena Berg said the port was closed.")
    f = Attributions()
    atts = [f.make(a, "The Dockworkers' Union", "the port was closed"),
            f.make(b, "Lena Berg", "the port was closed", kind=EntityKind.person)]
    ents = resolve_entities([a, b], atts, Settings())
    arts = {"a": a, "b": b}
    s = sourcing(_claim(atts, arts), {x.id: x for x in atts}, {e.id: e for e in ents}, arts)
    assert len(s.independent) == 2
    assert s.status is ClaimStatus.corroborated
    assert s.words == "2 independent sources via 2 outlets"


def test_wire_reprints_count_once() -> None:
    text = "The port will reopen on Friday, the ministry of transport said."
    a = article("a", "Associated Press", text)
    b = article("b", "Yahoo News", text, reprint_of="a")
    c = article("c", "The Hill", text, reprint_of="a")
    f = Attributions()
    # Unsourced wire reporting: the chain is the outlet alone.
    atts = [f.make(x, "The port", "The port will reopen on Friday", chain=[x.outlet]) for x in (a, b, c)]
    for x in atts:
        x.speaker = None
    ents = resolve_entities([a, b, c], atts, Settings())
    arts = {"a": a, "b": b, "c": c}
    s = sourcing(_claim(atts, arts), {x.id: x for x in atts}, {e.id: e for e in ents}, arts)
    assert len(s.roots) == 3  # three outlets published it ...
    assert s.independent == ["ent:associated-press"]  # ... but it is one report
    assert s.words == "1 independent source via 3 outlets, 2 of them reprinting another"


def test_reprint_whose_original_is_absent_still_counts() -> None:
    a = article("a", "Yahoo News", "The port will reopen, the harbour master said.", reprint_of="gone")
    f = Attributions()
    atts = [f.make(a, "the harbour master", "The port will reopen")]
    ents = resolve_entities([a], atts, Settings())
    s = sourcing(_claim(atts, {"a": a}), {atts[0].id: atts[0]}, {e.id: e for e in ents}, {"a": a})
    assert len(s.independent) == 1 and s.status is ClaimStatus.single_source


def test_claim_without_attributions_is_unattributed() -> None:
    claim = Claim(id="c1", text="x", article_ids=["a", "b"], outlets=["CNN", "CBS"])
    s = sourcing(claim, {}, {}, {})
    assert s.status is ClaimStatus.unattributed
    assert s.words == "no attributed source; stated by 2 outlets"


def test_the_same_words_in_one_article_under_two_sources_are_one_account() -> None:
    # a relay that carries a quote with its own speaker, and a second reading of the same quote
    a = article("a", "Gazette", '"The port stays shut," said one harbour official, according to the network.')
    b = article("b", "Courier", "Dock Guild chief Ines Vale said the port stays shut.")
    f = Attributions()
    relay = f.make(a, "the network", "The port stays shut", chain=["Gazette", "the network"])
    inner = f.make(a, "one harbour official", "The port stays shut", chain=["Gazette", "the network",
                                                                             "one harbour official"])
    atts = [relay, inner]
    ents = resolve_entities([a], atts, Settings())
    arts = {"a": a}
    s = sourcing(_claim(atts, arts), {x.id: x for x in atts}, {e.id: e for e in ents}, arts)
    assert len(s.independent) == 1 and s.status is ClaimStatus.single_source
    # another article's own source still corroborates it
    other = f.make(b, "Ines Vale", "the port stays shut", kind=EntityKind.person)
    atts.append(other)
    ents = resolve_entities([a, b], atts, Settings())
    arts = {"a": a, "b": b}
    s = sourcing(_claim(atts, arts), {x.id: x for x in atts}, {e.id: e for e in ents}, arts)
    assert len(s.independent) == 2 and s.status is ClaimStatus.corroborated
