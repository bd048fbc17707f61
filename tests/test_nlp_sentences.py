"""Sentence boundaries at line structure: headlines, bullets, paragraphs."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sourcetrace.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp(models: None) -> Language:
    return load_nlp()


def _sents(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_headline_line_is_its_own_sentence(nlp: Language) -> None:
    text = "Officials say port deal is close\nSenior officials say the two sides are close to a deal."
    assert _sents(nlp, text)[0] == "Officials say port deal is close"


def test_bullets_are_separate_sentences(nlp: Language) -> None:
    text = "Today:\n\n- The ministry denied the report\n- The port reopened, the agency said."
    sents = _sents(nlp, text)
    assert "- The ministry denied the report" in sents
    assert "- The port reopened, the agency said." in sents


def test_hard_wrapped_sentence_stays_whole(nlp: Language) -> None:
    text = (
        "The minister said on Tuesday that the talks, which began in the spring, had\n"
        "made progress on the question of the harbour fees.\n"
    )
    assert len(_sents(nlp, text)) == 1
