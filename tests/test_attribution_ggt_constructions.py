"""What kind of act a cue reports, and the speakers of quotes across an article (issue 19), on
sentences written for the tests."""

from __future__ import annotations

import pytest

from sourcetrace.dossier.models import SpeechAct
from sourcetrace.text.cues import act_of
from test_attribution_rules import by_cue, run


@pytest.mark.parametrize(
    ("text", "cue", "act"),
    [
        ("The mayor said that the bridge would reopen in May.", "said", SpeechAct.speech),
        ('"We are ready," the port director told reporters.', "told", SpeechAct.speech),
        ("The auditor wrote that the accounts were incomplete.", "wrote", SpeechAct.writing),
        ("Officials believe the fire was started on purpose.", "believe", SpeechAct.belief),
        ("The ferry company vowed that a second route would open in spring.", "vowed", SpeechAct.intention),
        ("The study found that rents rose by a tenth.", "found", SpeechAct.finding),
    ],
)
def test_the_act_a_cue_reports(text: str, cue: str, act: SpeechAct, models: None) -> None:
    assert by_cue(run(text), cue).act is act


@pytest.mark.parametrize(
    ("lemmas", "act"),
    [
        (["have", "say"], SpeechAct.speech),  # "has said"
        (["be", "quote", "as", "say"], SpeechAct.speech),  # "was quoted as saying"
        (["be", "expect"], SpeechAct.belief),  # "is expected"
        (["vote", "against"], SpeechAct.other),  # an action, not a statement
        (["bristle", "at"], SpeechAct.belief),  # a feeling
        (["ask"], SpeechAct.question),
        (["accord", "to"], SpeechAct.speech),
        ([":"], SpeechAct.speech),  # a headline's colon
        (["tweet"], SpeechAct.writing),
        (["see"], SpeechAct.perception),  # "witnesses saw"
        (["plan"], SpeechAct.intention),
    ],
)
def test_act_of_reads_the_first_known_lemma(lemmas: list[str], act: SpeechAct) -> None:
    assert act_of(lemmas) is act


def _speakers(text: str) -> list[tuple[str, str | None]]:
    return [(a.cue.text, a.speaker.name if a.speaker else None) for a in run(text) if a.cue is not None]


def test_a_pronoun_skips_a_speaker_of_the_other_gender(models: None) -> None:
    text = ("Mira Holt runs the shelter on Dock Street. Holt said she had run out of beds. "
            "Then Omar Lind, the deputy mayor, spoke. \"It will be fixed,\" he said. "
            "She said the winter would be hard.")
    assert _speakers(text) == [("said", "Mira Holt"), ("said", "Omar Lind"), ("said", "Mira Holt")]


def test_a_pronoun_prefers_the_subject_to_a_name_in_what_was_said(models: None) -> None:
    text = ("Tom Beck said the ferry, with help from his friend Carl Dunn, kept the island going. "
            "He said the new timetable was a mistake.")
    assert _speakers(text)[-1] == ("said", "Tom Beck")


def test_a_description_refers_to_the_person_it_was_given_for(models: None) -> None:
    text = ("Dana Reed, a retired professor, opened the meeting. Tom Beck said the plan was late. "
            "\"We will see,\" the professor said.")
    assert _speakers(text)[-1] == ("said", "Dana Reed")


def test_an_unnamed_description_is_the_person_the_story_follows(models: None) -> None:
    text = ("Maria Lopez moved to Halden with her family two years ago. "
            "The 32-year-old welder said each day brought a new word.")
    assert _speakers(text)[-1] == ("said", "Maria Lopez")


def test_a_title_refers_to_the_person_named_with_it(models: None) -> None:
    text = "Mayor Lena Ward opened the bridge. Tom Beck said it was late. The mayor said it was safe."
    assert _speakers(text)[-1] == ("said", "Lena Ward")


def test_the_company_is_the_company_named_before(models: None) -> None:
    text = "Brightwave Corp. cut its prices on Monday. The company said demand was weak."
    assert _speakers(text) == [("said", "Brightwave Corp.")]


def test_a_statement_from_a_body_speaks_for_it(models: None) -> None:
    assert _speakers("A statement from the Harbour Trust said the port would reopen.") == [
        ("said", "the Harbour Trust")]


def test_a_name_after_its_titles_is_the_speaker(models: None) -> None:
    assert _speakers("Harbour city councillor and tenants advocate Josh Penn said rents were rising.") == [
        ("said", "Josh Penn")]


def test_a_pronoun_after_a_quote_means_the_person_just_introduced(models: None) -> None:
    # the person of the sentence before is an object, and a subject further back spoke last
    text = ("Tom Beck said the hall was full. Families on Dock Street got help from volunteer Omar Lind, 52. "
            "\"I had no idea how to start,\" he says.")
    assert _speakers(text)[-1] == ("says", "Omar Lind")


def test_a_pronoun_passes_through_a_sentence_whose_subject_is_the_same_pronoun(models: None) -> None:
    text = ("Tom Beck said the hall was full. The kitchen was given to volunteer Omar Lind, 52, in May. "
            "He soon ran it alone. \"I found my place,\" he says.")
    assert _speakers(text)[-1] == ("says", "Omar Lind")


def test_a_role_given_before_the_name_means_the_person_named_with_it_next(models: None) -> None:
    text = ("The lawyer for the harbour board said the permits were valid. "
            "The lawyer, Dana Reed, said the board would appeal.")
    assert [name for _, name in _speakers(text)] == ["Dana Reed", "Dana Reed"]


def test_a_title_means_the_one_word_name_it_was_written_before(models: None) -> None:
    text = ("President Varga's security adviser, Lena Ward, said the talks would go on. "
            "The president said he would not meet the delegation.")
    assert _speakers(text)[-1] == ("said", "Varga")
