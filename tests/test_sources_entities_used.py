"""A story's work carries the entities its findings read, and no other story's."""

from __future__ import annotations

from sourcetrace.dossier.models import Entity
from sourcetrace.sources.outlets import OutletIndex
from sourcetrace.sources.roots import entities_used
from sourcing_factory import Attributions, article


def test_only_the_chain_the_speaker_and_their_affiliations_are_used() -> None:
    art = article("a1", None, "The port authority's spokesman, Tomas Brel, said the pier would close.")
    att = Attributions().make(art, "Tomas Brel", "the pier would close", chain=["e-brel"])
    att.speaker_entity = "e-brel"
    entities = {
        "e-brel": Entity(id="e-brel", name="Tomas Brel", affiliation="e-port"),
        "e-port": Entity(id="e-port", name="Port Authority", affiliation="e-city"),
        "e-city": Entity(id="e-city", name="City of Varn"),
        "e-other": Entity(id="e-other", name="Mira Sol", affiliation="e-city"),  # another story's speaker
    }
    used = entities_used([art], [att], entities, OutletIndex([]))
    assert [e.id for e in used] == ["e-brel", "e-city", "e-port"]
