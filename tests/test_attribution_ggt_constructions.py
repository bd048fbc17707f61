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
