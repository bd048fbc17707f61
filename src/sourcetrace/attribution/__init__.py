"""Attributions: cues, spans, coreference of sources, and relay chains.

``extract_attributions(article, doc, settings)`` is the stage's entry point (the function
``extract.extract``, under the name the other stages call it by).
"""

from __future__ import annotations

from sourcetrace.attribution.extract import extract as extract_attributions

__all__ = ["extract_attributions"]
