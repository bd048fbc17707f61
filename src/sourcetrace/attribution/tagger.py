"""The trained attribution tagger's interface (weights and training come with the tagger work).

``load_tagger`` returns None when no weights are available, so the rules alone still run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from spacy.tokens import Doc


@dataclass(frozen=True)
class TaggedRelation:
    """One attribution relation predicted by the tagger, as character offsets into the doc text."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int] | None


class AttributionTagger(Protocol):
    def predict(self, doc: Doc) -> list[TaggedRelation]:
        """Relations in one parsed article."""
        ...


def load_tagger(path: Path | None = None) -> AttributionTagger | None:
    """The tagger from ``path`` or the package's shipped weights; None when there are none."""
    return None
