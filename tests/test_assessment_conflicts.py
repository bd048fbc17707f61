"""Conflicts: each rule, the end-to-end denial, and the NLI adapter with a fake model."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from sourcetrace.assessment import assess
from sourcetrace.assessment.conflicts import Side, build_sides, find_conflicts, judge_pair
from sourcetrace.assessment.nli import CrossEncoderJudge, RuleJudge
from sourcetrace.claims import group_claims
from sourcetrace.claims.statements import collect_statements
from sourcetrace.dossier.models import ClaimStatus, ConflictKind, SpanRef, Stance
from sourcetrace.settings import Settings
from sourcetrace.sources import resolve_entities
from sourcetrace.text.embed import load_encoder
from sourcing_factory import Attributions, analysis, article


def side(sid: str, text: str, who: str = "a source", stance: Stance = Stance.asserts) -> Side:
    return Side(sid, text, SpanRef(start=0, end=len(text), text=text, article_id=sid), who, stance)


@pytest.fixture(scope="module")
def encoder(models: None):
    return load_encoder()


def test_denial_against_assertion() -> None:
    a = side("a", "Ostrava denied that its troops crossed the border", "Ostrava's foreign ministry", Stance.denies)
    b = side("b", "Ostravan troops crossed the border overnight", "three U.S. officials")
    kind, reason = judge_pair(a, b, 0.7)
    assert kind is ConflictKind.denial
    assert reason == "Ostrava's foreign ministry denies what three U.S. officials assert"


def test_different_numbers_of_the_same_unit() -> None:
    a = side("a", "the package is worth $1.2 billion", "the ministry")
    b = side("b", "the package is worth 900 million dollars", "opposition leaders")
    kind, reason = judge_pair(a, b, 0.8)
    assert kind is ConflictKind.number
    assert "$1.2 billion" in reason and "900 million" in reason
    # Same value written differently is no conflict.
    c = side("c", "the package is worth 1.2bn dollars")
    assert judge_pair(a, c, 0.9) is None


def test_numbers_of_different_units_do_not_conflict() -> None:
    a = side("a", "3,000 troops moved with 40 tanks")
    b = side("b", "5 helicopters moved with 40 tanks")
    assert judge_pair(a, b, 0.8) is None


def test_different_days_for_the_same_event() -> None:
    a = side("a", "The talks will resume on March 3 in the capital")
    b = side("b", "The talks will resume on March 5 in the capital")
    kind, _ = judge_pair(a, b, 0.9)
    assert kind is ConflictKind.date


def test_done_deal_against_exploratory_talks() -> None:
    a = side("a", "The two companies signed the merger agreement", "the company")
    b = side("b", "The two companies are exploring a merger agreement", "analysts")
    kind, reason = judge_pair(a, b, 0.7)
    assert kind is ConflictKind.certainty
    assert reason == "the company describes it as done; analysts as still tentative"


def test_talks_before_a_past_point_are_history_not_doubt() -> None:
    done = side("a", "the agreement was finalized in late February", "three U.S. officials")
    history = side("b", "the two sides had been negotiating since August", "The Capital Ledger")
    ongoing = side("c", "the two sides have been negotiating since August", "Meridian News")
    assert judge_pair(done, history, 0.7) is None
    kind, _ = judge_pair(done, ongoing, 0.7)
    assert kind is ConflictKind.certainty


def test_explicit_negation_of_a_very_similar_statement() -> None:
    a = side("a", "The minister attended the summit in Geneva")
    b = side("b", "The minister did not attend the summit in Geneva")
    assert judge_pair(a, b, 0.85)[0] is ConflictKind.negation
    assert judge_pair(a, b, 0.6) is None  # not similar enough to be the same statement


def test_end_to_end_denial_makes_the_claim_contested(encoder) -> None:
    w = article("w", "The Washington Post", "Three U.S. officials said Ostravan troops crossed the border on Tuesday.")
    c = article("c", "Reuters", "Ostrava's foreign ministry denied that Ostravan troops crossed the border.")
    f = Attributions()
    atts = [
        f.make(w, "Three U.S. officials", "Ostravan troops crossed the border on Tuesday"),
        f.make(c, "Ostrava's foreign ministry", "that Ostravan troops crossed the border", stance=Stance.denies),
    ]
    arts, settings = [w, c], Settings()
    ents = resolve_entities(arts, atts, settings)
    claims = group_claims(arts, [analysis(x, atts) for x in arts], ents, settings)
    conflicts = assess(arts, atts, ents, claims, settings)
    assert len(conflicts) == 1
    x = conflicts[0]
    assert x.kind is ConflictKind.denial and {x.a, x.b} == {"w:a1", "c:a1"}
    assert x.reason == "Ostrava's foreign ministry denies what Three U.S. officials assert"
    for ref, art in ((x.a_span, w), (x.b_span, c)) if x.a == "w:a1" else ((x.b_span, w), (x.a_span, c)):
        assert art.text[ref.start : ref.end] == ref.text and ref.article_id == art.id
    contested = [cl for cl in claims if set(cl.attribution_ids) & {"w:a1", "c:a1"}]
    assert contested and all(cl.status is ClaimStatus.contested for cl in contested)


class FakeCrossEncoder:
    """Stands in for a CrossEncoder: logits with 'contradiction' in column 2."""

    def __init__(self) -> None:
        self.config = SimpleNamespace(id2label={0: "entailment", 1: "neutral", 2: "contradiction"})
        self.calls: list[list[tuple[str, str]]] = []

    def predict(self, pairs, batch_size=32):
        self.calls.append(list(pairs))
        return np.array([[0.0, 0.0, 5.0] if "rejected" in b else [5.0, 0.0, 0.0] for _, b in pairs])


def test_cross_encoder_adapter_reads_the_contradiction_label() -> None:
    judge = CrossEncoderJudge(FakeCrossEncoder())
    assert judge.column == 2
    scores = judge.contradiction_scores([("the plan was approved", "the plan was rejected"), ("x", "y")])
    assert scores[0] > 0.95 and scores[1] < 0.05
    assert judge.contradiction_scores([]) == []


def test_nli_judge_adds_contradictions_the_rules_miss(encoder) -> None:
    a = side("a", "The city council approved the new harbour budget", "the mayor")
    b = side("b", "The city council rejected the new harbour budget", "the opposition")
    assert judge_pair(a, b, 0.95) is None  # no rule fires: no negation, no numbers
    fake = FakeCrossEncoder()
    conflicts = find_conflicts([a, b], CrossEncoderJudge(fake))
    assert [c.kind for c in conflicts] == [ConflictKind.contradiction]
    assert fake.calls  # the judge was asked
    assert find_conflicts([a, b]) == []  # without a judge, nothing


def test_rule_judge_scores_negation_and_certainty() -> None:
    scores = RuleJudge().contradiction_scores(
        [("they met", "they never met"), ("deal signed", "deal being considered"), ("it rained", "it rained")]
    )
    assert scores == [1.0, 1.0, 0.0]


@pytest.mark.parametrize(("text", "expected"), [
    ("the agreement was finalized in late February", "final"),
    ("the deal was signed on Friday", "final"),
    ('the United States believed the deal was "days away" from being signed', None),
    ("the deal is close to being finalized", None),
    ("the lease is expected to be signed next week", None),
    ("Washington asked for the terms before it is signed", None),
    ("the two governments are only exploring a commercial partnership", "tentative"),
])
def test_certainty_of_a_deal(text: str, expected: str | None) -> None:
    from sourcetrace.text.polarity import certainty

    assert certainty(text) == expected


def test_adapter_accepts_probabilities_and_defaults_to_column_zero() -> None:
    class Probs:
        def predict(self, pairs, batch_size=32):
            return np.array([[0.7, 0.2, 0.1]] * len(pairs))

    judge = CrossEncoderJudge(Probs())
    assert judge.column == 0  # no id2label: the usual MNLI order
    assert judge.contradiction_scores([("a", "b")]) == [pytest.approx(0.7)]


def test_missing_nli_model_directory_is_a_model_error(tmp_path) -> None:
    from sourcetrace.assessment.nli import load_judge
    from sourcetrace.errors import ModelError

    assert load_judge(None) is None
    with pytest.raises(ModelError, match="E030"):
        load_judge(tmp_path / "absent")


def test_background_statements_need_near_paraphrases_and_one_body_does_not_conflict() -> None:
    a = side("a", "The minister attended the summit in Geneva")
    b = side("b", "The minister did not attend the summit in Geneva")
    b.background = True
    assert judge_pair(a, b, 0.7) is None
    assert judge_pair(a, b, 0.8)[0] is ConflictKind.negation
    c = side("c", "Valdoria denied that troops crossed the border", "Valdorian officials", Stance.denies)
    d = side("d", "Valdorian troops crossed the border", "the Valdorian army")
    c.key = d.key = "ent:valdoria-government"
    assert judge_pair(c, d, 0.9) is None


def test_an_uncued_content_is_background_in_the_outlet_voice_not_an_unnamed_source() -> None:
    from sourcetrace.assessment.conflicts import build_sides
    from sourcetrace.dossier.models import Attribution, AttributionKind, Entity, EntityKind, Span

    text = "the cabinet will publish the terms of the Selka proposal"
    span = Span(start=0, end=len(text), text=text)
    uncued = Attribution(id="x:a1", article_id="x", content=span, sentence=span, kind=AttributionKind.uncued,
                         chain=["ent:harbor-insider"], chain_names=["Harbor Insider"])
    outlet = Entity(id="ent:harbor-insider", name="Harbor Insider", kind=EntityKind.outlet)
    [s] = build_sides([uncued], [], {outlet.id: outlet})
    assert (s.who, s.background, s.stance) == ("Harbor Insider", True, Stance.hedges)
    denial = side("d", "Ostrava denied the cabinet will publish the terms of the Selka proposal",
                  "Ostrava's foreign ministry", Stance.denies)
    assert judge_pair(denial, s, 0.7) is None  # no one's assertion to deny


def test_a_denial_that_names_what_it_denies_needs_that_thing_on_the_other_side() -> None:
    denial = side("a", "that any agreement had been reached with Valdoria over the port", "Ostrava's foreign ministry",
                  Stance.denies)
    ferry = side("b", "A new passenger ferry line between Selka and the island port of Orlen will open in May",
                 "the operator", Stance.announces)
    deal = side("c", "Valdoria has finalized a $1.2 billion deal with Ostrava for the port", "The Capital Ledger",
                Stance.reports)
    assert judge_pair(denial, ferry, 0.7) is None  # similar, but no agreement or deal in it
    kind, _ = judge_pair(denial, deal, 0.7)  # "deal" is what "no agreement" denies
    assert kind is ConflictKind.denial


def test_a_withheld_comment_is_no_side_and_no_claim() -> None:
    text = "Ostrava's foreign ministry declined to comment on the agreement with Valdoria on Friday."
    art = article("a", "Insider", text)
    att = Attributions().make(art, "Ostrava's foreign ministry", "to comment on the agreement with Valdoria",
                              stance=Stance.withholds)
    assert build_sides([att], [], {}) == []
    assert collect_statements([analysis(art, [att])]) == []
    # the same sentence as an assertion is a side and a statement
    said = att.model_copy(update={"stance": Stance.asserts})
    assert len(build_sides([said], [], {})) == 1
    assert len(collect_statements([analysis(art, [said])])) == 1


def test_a_topic_is_no_side_but_a_denied_one_is() -> None:
    text = "Valdoria's parliament must approve any foreign lease of a state port."
    art = article("a", "Insider", text)
    att = Attributions().make(art, "Valdoria's parliament", "any foreign lease of a state port")
    att.proposition = False
    assert build_sides([att], [], {}) == []
    # "denied the report": a denial states nothing of its own, yet it is one side of a conflict
    denial = att.model_copy(update={"stance": Stance.denies})
    assert len(build_sides([denial], [], {})) == 1
    assert len(build_sides([att.model_copy(update={"proposition": True})], [], {})) == 1


def test_a_denial_reaches_a_done_deal_beyond_everyone_s_nearest_neighbours(encoder) -> None:
    denial = side("d", "it had reached any agreement to run the port at Selka", "Ostrava's foreign ministry",
                  Stance.denies)
    deal = side("f", "Valdoria has finalized a $1.2 billion deal with Ostrava for the port and shipyard",
                "three U.S. officials", Stance.reports)
    # statements nearer to each of them than they are to each other, none in conflict
    others = [side(f"o{n}", t, f"speaker {n}") for n, t in enumerate([
        "the port at Selka handles grain and timber", "Selka is a deep-water port on the southern coast",
        "the shipyard at Selka has been idle for two years", "Valdoria's port authority runs the harbour at Selka",
        "Ostrava is a trading partner of Valdoria", "the port and shipyard employ about 400 people",
    ])]
    found = find_conflicts([denial, *others, deal], k=2)
    assert [(c.a, c.b, c.kind) for c in found] == [("d", "f", ConflictKind.denial)]


def test_a_done_deal_meets_talks_about_an_agreement_at_low_similarity() -> None:
    done = side("a", "the agreement was finalized in late February", "three U.S. officials")
    talks = side("b", "the two governments are exploring a commercial partnership at the port", "Ilse Varga",
                 Stance.hedges)
    kind, _ = judge_pair(done, talks, 0.37)
    assert kind is ConflictKind.certainty
    # a lease is not the agreement a denial denies: "rules for foreign port leases" answers nothing
    denial = side("e", "that any agreement had been reached with Valdoria over the port", "the ministry",
                  Stance.denies)
    rules = side("f", "Valdoria's parliament will debate rules for foreign port leases next month", "the speaker")
    assert judge_pair(denial, rules, 0.6) is None
    # something else tentative is no answer to the deal
    ferry = side("c", "the ministry may review its ferry timetable", "the ministry", Stance.hedges)
    assert ferry.certainty == "tentative"
    assert judge_pair(done, ferry, 0.37) is None


def test_denying_a_done_deal_does_not_answer_an_imminent_one() -> None:
    denial = side("a", "reports in the United States that a deal was done", "Ostrava's foreign ministry",
                  Stance.denies)
    imminent = side("b", 'the United States believed the deal was "days away" from being signed',
                    "a senior administration official")
    done = side("c", "The text is essentially done. What remains is the signing ceremony", "senior US officials")
    assert judge_pair(denial, imminent, 0.7) is None
    kind, _ = judge_pair(denial, done, 0.7)
    assert kind is ConflictKind.denial


def test_a_denial_meets_a_done_deal_at_low_similarity_only_over_the_deal() -> None:
    denial = side("a", "reports of a finished deal were speculation", "Ilse Varga", Stance.denies)
    deal = side("b", "Valdoria has finalized a $1.2 billion deal with Ostrava", "three U.S. officials")
    assert judge_pair(denial, deal, 0.21) is not None
    # a shared "president" is no common subject
    other = side("c", "no candidate for president has done more to secure the border", "the sheriff", Stance.denies)
    passed = side("d", "Congress will pass the deal President Obama struck with Republicans", "Larry Summers")
    assert judge_pair(other, passed, 0.24) is None


def test_two_denials_of_one_thing_agree() -> None:
    # "denied that he had signed the contract" and "I never signed that contract": both deny it
    a = side("a", "that he had signed a contract with the port authority", "the councilman", Stance.denies)
    b = side("b", "I never signed that contract with the port authority", "Tom Vale")
    assert judge_pair(a, b, 0.8) is None


def test_unchanged_and_not_changed_say_the_same() -> None:
    a = side("a", "its position on the levy remains unchanged", "the trust")
    b = side("b", "our position on the levy has not changed", "a trust spokeswoman")
    assert judge_pair(a, b, 0.9) is None
    c = side("c", "its position on the levy has changed", "the mayor")
    assert judge_pair(a, c, 0.9) is not None
