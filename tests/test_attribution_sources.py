"""Constructions found on real multi-outlet coverage, on sentences written for the tests: negated
denials, appositions and titles that name the speaker, venues that relay an interview."""

from __future__ import annotations

import hashlib

import pytest

from sourcetrace.attribution import extract_attributions
from sourcetrace.dossier.models import Article, Attribution, Stance
from sourcetrace.nlp import load_nlp
from sourcetrace.settings import Settings


def run(text: str, tagger: bool, outlet: str = "Daily Ledger") -> list[Attribution]:
    article = Article(id="t", file="t.txt", format="txt", text=text, outlet=outlet,
                      content_hash=hashlib.sha256(text.encode()).hexdigest())
    return extract_attributions(article, load_nlp()(text), Settings(use_tagger=tagger, progress=False))


def holding(atts: list[Attribution], words: str) -> Attribution:
    found = [a for a in atts if a.content is not None and words in a.content.text]
    assert found, f"no attribution whose content holds {words!r}: {[a.content.text for a in atts if a.content]}"
    return found[0]


@pytest.mark.parametrize("tagger", [False, True])
def test_a_negated_denial_is_no_denial(tagger: bool, models: None) -> None:
    atts = run("The statement does not deny that the union is open to cuts. "
               "The ministry denied that talks had taken place.", tagger)
    assert holding(atts, "open to cuts").stance is Stance.hedges
    assert holding(atts, "talks had taken place").stance is Stance.denies
