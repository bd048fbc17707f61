"""Claim grouping: paraphrases across articles are one claim, unrelated statements are not."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.claims import group_claims
from sourcetrace.claims.group import NEW_SOURCE_ALIGNMENT, cluster
from sourcetrace.claims.statements import Statement, is_factual, proposition
from sourcetrace.dossier.models import SpanRef, Stance
from sourcetrace.render.view import claim_wording
from sourcetrace.settings import Settings
from sourcetrace.sources import resolve_entities
from sourcetrace.text.embed import encode, load_encoder
from sourcing_factory import Attributions, analysis, article, span


@pytest.fixture(scope="module")
def encoder(models: None):
    return load_encoder()


def test_paraphrases_group_and_unrelated_statements_do_not(encoder) -> None:
    a = article("a", "Reuters", "Port officials said the harbour will close for three weeks from Monday. "
                "The festival drew a record crowd of 40,000 visitors on Saturday.")
    b = article("b", "AP", "The harbour is to be shut for three weeks starting Monday, officials at the port said.")
    c = article("c", "BBC", "Farmers said the drought had ruined half of this year's wheat harvest.")
    f = Attributions()
    atts = [
        f.make(a, "Port officials", "the harbour will close for three weeks from Monday"),
        f.make(b, "officials at the port", "The harbour is to be shut for three weeks starting Monday"),
        f.make(c, "Farmers", "the drought had ruined half of this year's wheat harvest"),
    ]
    settings = Settings()
    ents = resolve_entities([a, b, c], atts, settings)
    claims = group_claims([a, b, c], [analysis(x, atts) for x in (a, b, c)], ents, settings)
    by_att = {aid: cl for cl in claims for aid in cl.attribution_ids}
    assert by_att["a:a1"] is by_att["b:a1"]
    assert by_att["c:a1"] is not by_att["a:a1"]
    harbour = by_att["a:a1"]
    assert harbour.id == "c1"  # most widely carried first
    assert harbour.article_ids == ["a", "b"]
    assert harbour.outlets == ["Reuters", "Associated Press"]
    assert {s.article_id for s in harbour.spans} == {"a", "b"}
    for s in harbour.spans:
        assert {"a": a, "b": b}[s.article_id].text[s.start : s.end] == s.text
    # The unattributed festival sentence is said once: background, not a claim.
    assert not any("festival" in cl.text for cl in claims)


def test_unattributed_sentences_in_two_articles_become_one_claim(encoder) -> None:
    a = article("a", "CNN", "The storm killed 12 people in Marlow on Tuesday.")
    b = article("b", "CBS", "Twelve people were killed when the storm hit Marlow on Tuesday.")
    claims = group_claims([a, b], [analysis(a, []), analysis(b, [])], [], Settings())
    assert len(claims) == 1
    assert claims[0].attribution_ids == [] and claims[0].article_ids == ["a", "b"]


def test_two_things_said_of_one_place_are_two_claims(encoder) -> None:
    a = article("a", "Reuters", "\u201cSelka belongs to Valdoria, and it will stay that way,\u201d Reyne said.")
    b = article("b", "AP", "Selka handles much of southern Valdoria's grain and timber exports.")
    c = article("c", "BBC", "Selka handles much of southern Valdoria's grain and timber exports.")
    att = Attributions().make(a, "Reyne", "Selka belongs to Valdoria, and it will stay that way")
    claims = group_claims([a, b, c], [analysis(x, [att]) for x in (a, b, c)], [], Settings())
    # the same place and country, nothing else in common (cosine 0.66): not one proposition
    assert sorted(cl.article_ids for cl in claims) == [["a"], ["b", "c"]]


def test_encoder_vectors_are_unit_length_and_cached(encoder) -> None:
    v = encode(["A short sentence.", "A short sentence."])
    assert v.shape == (2, 384)
    assert abs(float(v[0] @ v[0]) - 1.0) < 1e-4


def test_factual_sentence_filter() -> None:
    assert is_factual("The storm killed 12 people in the north of the country.")
    assert is_factual("The minister met his counterpart from Valdoria yesterday morning.")
    assert not is_factual("it was a long day and everyone was tired of waiting.")
    assert not is_factual("Who knew what, and when did they know it?")


def test_a_denial_is_never_grouped_with_what_it_denies(encoder) -> None:
    a = article("a", "Reuters", "Officials said the two countries had signed the port agreement.")
    b = article("b", "AP", "The ministry denied the two countries had signed the port agreement.")
    f = Attributions()
    atts = [
        f.make(a, "Officials", "the two countries had signed the port agreement"),
        f.make(b, "The ministry", "the two countries had signed the port agreement", stance=Stance.denies),
    ]
    settings = Settings()
    ents = resolve_entities([a, b], atts, settings)
    claims = group_claims([a, b], [analysis(x, atts) for x in (a, b)], ents, settings)
    by_att = {aid: cl for cl in claims for aid in cl.attribution_ids}
    assert by_att["a:a1"] is not by_att["b:a1"]


@pytest.mark.parametrize(
    ("content", "claim"),
    [
        ("that no agreement existed", "no agreement existed"),
        ("Whether the deal was signed", "the deal was signed"),
        ("thatcher's plan worked", "thatcher's plan worked"),
        ("that", "that"),
    ],
)
def test_a_claim_reads_without_its_complementizer(content: str, claim: str) -> None:
    assert proposition(content) == claim


def test_a_split_quotation_reads_without_its_interjected_speaker() -> None:
    from sourcetrace.claims.statements import collect_statements

    text = ('"We have raised this at every level," said Daniel Marsh, the spokesperson for the council. '
            '"Any arrangement should be open to scrutiny," he added.')
    a = article("a", "Reuters", text)
    att = Attributions().make(a, "Daniel Marsh, the spokesperson for the council",
                              'We have raised this at every level," said Daniel Marsh, the spokesperson for the '
                              'council. "Any arrangement should be open to scrutiny')
    att.cue = span(text, "said")
    (st,) = [s for s in collect_statements([analysis(a, [att])]) if s.attribution is not None]
    assert st.text == "We have raised this at every level … Any arrangement should be open to scrutiny"
    assert (st.span.start, st.span.end) == (att.content.start, att.content.end)  # the span stays the hull
    # the same content with its cue outside reads as it stands
    att.cue = span(text, "added")
    (st,) = [s for s in collect_statements([analysis(a, [att])]) if s.attribution is not None]
    assert st.text == att.content.text


def test_a_content_that_states_nothing_makes_no_claim() -> None:
    from sourcetrace.claims.statements import collect_statements

    a = article("a", "Reuters", "The parliament must approve any foreign lease of a state port. "
                "Marsh said the lease was signed.")
    f = Attributions()
    topic = f.make(a, "The parliament", "any foreign lease of a state port")
    topic.proposition = False
    claim = f.make(a, "Marsh", "the lease was signed")
    keys = [s.key for s in collect_statements([analysis(a, [topic, claim])])]
    assert keys == [claim.id]


def test_a_relay_that_only_carries_a_nested_attribution_is_no_statement_of_its_own() -> None:
    from sourcetrace.claims.statements import collect_statements

    text = ("Ostrava's foreign ministry has denied that any agreement was reached, Meridian News reported. "
            "Officials said the deal was signed and Ostrava's ministry denied it, Meridian News reported.")
    a = article("a", "Reuters", text)
    f = Attributions()
    relay = f.make(a, "Meridian News", "Ostrava's foreign ministry has denied that any agreement was reached")
    denial = f.make(a, "Ostrava's foreign ministry", "that any agreement was reached", stance=Stance.denies)
    denial.cue, denial.parent_id = span(text, "denied"), relay.id
    # a relay whose content says more than the attribution it holds stays a statement
    wider = f.make(a, "Meridian News", "Officials said the deal was signed and Ostrava's ministry denied it")
    inner = f.make(a, "Officials", "the deal was signed")
    inner.cue, inner.parent_id = span(text, "said"), wider.id
    keys = [s.key for s in collect_statements([analysis(a, [relay, denial, wider, inner])])]
    assert keys == [denial.id, wider.id, inner.id]


@pytest.mark.parametrize(("sentence", "content", "cue", "denied"), [
    ("The ministry denied that any agreement had been reached.", "that any agreement had been reached", "denied", True),
    ("The ministry insisted that no agreement existed.", "that no agreement existed", "insisted", False),
    ('Varga said reports of a deal were "speculation".', 'reports of a deal were "speculation', "said", False),
])
def test_a_claim_says_when_its_text_is_what_is_denied(encoder, sentence, content, cue, denied) -> None:
    a = article("a", "Reuters", sentence)
    att = Attributions().make(a, sentence.split(" said")[0].split(" denied")[0].split(" insisted")[0], content,
                              stance=Stance.denies)
    att.cue = span(sentence, cue)
    (claim,) = group_claims([a], [analysis(a, [att])], [], Settings())
    assert claim.denied is denied
    assert claim_wording(claim).startswith("Denied: ") is denied


def test_one_sources_words_paraphrased_by_two_outlets_are_one_claim(encoder) -> None:
    # far apart for the encoder, but the same speaker and the same content words
    said = "the Harbour Trust has not changed its position on the levy"
    quoted = "Hold your horses -- our position has not changed on the levy"
    a = article("a", "Gazette", f"Ana Reyes said {said}.")
    b = article("b", "Courier", f"\u201c{quoted},\u201d Ana Reyes said.")
    c = article("c", "Herald", f"Ben Oduya said {said}.")
    settings = Settings()
    cos = float(encode([said])[0] @ encode([quoted])[0])
    assert cos < 0.6  # far apart for the sentence encoder: the words that carry the claim join them

    def claim_of(arts: list, speakers: list[str], contents: list[str]) -> dict:
        f = Attributions()
        atts = [f.make(x, who, what) for x, who, what in zip(arts, speakers, contents, strict=True)]
        ents = resolve_entities(arts, atts, settings)
        claims = group_claims(arts, [analysis(x, atts) for x in arts], ents, settings)
        return {aid: cl.id for cl in claims for aid in cl.attribution_ids}

    same = claim_of([a, b], ["Ana Reyes", "Ana Reyes"], [said, quoted])
    assert same["a:a1"] == same["b:a1"]
    # another source's like words need more to join: they would make the claim read corroborated
    other = claim_of([b, c], ["Ana Reyes", "Ben Oduya"], [quoted, said])
    assert other["b:a1"] != other["c:a1"]


def test_a_merge_that_brings_in_a_new_source_needs_stronger_alignment() -> None:
    # two statements the aligner scores 0.4: enough for one claim of one source (threshold 0.3),
    # not for one claim of two sources, which would read "corroborated"
    emb = np.array([[1.0, 0.0], [0.9, (1 - 0.81) ** 0.5]], dtype=np.float32)
    sts = [Statement(i, f"art{i}", SpanRef(start=0, end=4, text="text", article_id=f"art{i}"), None, f"text {i}")
           for i in range(2)]

    def aligner(i: int, j: int) -> float:
        return 0.4

    assert 0.3 < 0.4 < NEW_SOURCE_ALIGNMENT
    assert len(cluster(sts, emb, 0.3, aligner, ["ent:trust", "ent:trust"])) == 1
    assert len(cluster(sts, emb, 0.3, aligner, ["ent:trust", "ent:guild"])) == 2
    assert len(cluster(sts, emb, 0.3, aligner, [None, "ent:guild"])) == 1  # background brings no source
    assert len(cluster(sts, emb, 0.5, aligner, ["ent:trust", "ent:trust"])) == 2  # below the threshold
