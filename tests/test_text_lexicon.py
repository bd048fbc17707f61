"""The document nouns' one home: the word test, the name pattern and the kinds built on them."""

from __future__ import annotations

import pytest

from sourcetrace.dossier.models import EntityKind
from sourcetrace.text.lexicon import DOCUMENT_NAME, is_document_noun, kind_of


@pytest.mark.parametrize("word", ["report", "Reports", "memo", "e-mails", "findings", "cables", "Statement"])
def test_document_nouns_in_any_case_and_number(word: str) -> None:
    assert is_document_noun(word)
    assert DOCUMENT_NAME.fullmatch(word)


@pytest.mark.parametrize("word", ["reporter", "reporting", "state", "mail", "lettering", "s"])
def test_words_that_only_look_like_documents(word: str) -> None:
    assert not is_document_noun(word)
    assert not DOCUMENT_NAME.fullmatch(word)


def test_a_mention_named_by_its_document_is_a_document() -> None:
    assert kind_of("the leaked memos") is EntityKind.document
    assert kind_of("an internal review") is EntityKind.document
    assert kind_of("The Harbor Review") is EntityKind.outlet  # an outlet's name wins
