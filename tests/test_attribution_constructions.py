"""Each construction the attribution issue lists, on sentences written for the tests."""

from __future__ import annotations

import pytest

from sourcetrace.attribution import extract_attributions
from sourcetrace.dossier.models import Article, AttributionKind, EntityKind, Stance
from sourcetrace.nlp import load_nlp
from sourcetrace.settings import Settings
from test_attribution_rules import by_cue, run


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        # quote before, after and split around the cue
        ('"The bridge will reopen in May," the mayor said.', "said", "the mayor", "The bridge will reopen in May"),
        ('The mayor said: "The bridge will reopen in May."', "said", "The mayor", "The bridge will reopen in May"),
        ("The council confirmed that the vote was delayed.", "confirmed", "The council", "that the vote was delayed"),
        ("Councillor Ana Brill denied taking any payment.", "denied", "Ana Brill", "taking any payment"),
        ("The union warned that the strike would spread.", "warned", "The union", "that the strike would spread"),
        ("Critics claimed the figures were wrong.", "claimed", "Critics", "the figures were wrong"),
        ("The minister admitted that mistakes were made.", "admitted", "The minister", "that mistakes were made"),
        ("The agency announced that fares would rise.", "announced", "The agency", "that fares would rise"),
        ("The auditor wrote that the accounts were incomplete.", "wrote", "The auditor", "that the accounts were incomplete"),
        ("The company insisted its products were safe.", "insisted", "The company", "its products were safe"),
    ],
)
def test_verbs_of_saying(text: str, cue: str, speaker: str, content: str, models: None) -> None:
    a = by_cue(run(text), cue)
    assert a.speaker is not None and a.speaker.name.lower().removeprefix("the ") == speaker.lower().removeprefix("the ")
    assert a.content is not None and a.content.text == content


def test_split_quote_carries_on_across_the_cue(models: None) -> None:
    text = '"We are ready," she said. "The first ships arrive on Monday."'
    a = by_cue(run("Port director Lena Ward spoke to reporters. " + text), "said")
    assert a.kind is AttributionKind.direct
    assert a.content is not None and a.content.text.endswith("The first ships arrive on Monday")
    assert a.speaker is not None and a.speaker.name == "Lena Ward"


def test_said_in_a_statement_and_in_an_interview(models: None) -> None:
    a = by_cue(run("The ministry said in a statement that the talks would resume."), "said")
    assert a.kind is AttributionKind.statement
    assert a.content is not None and a.content.text == "that the talks would resume"
    b = by_cue(run("Ana Brill said in an interview with the Daily Sentinel that she would run again."), "said")
    assert b.speaker is not None and b.speaker.name == "Ana Brill"
    assert b.content is not None and "she would run again" in b.content.text


def test_x_told_an_outlet_adds_the_outlet_as_relay(models: None) -> None:
    a = by_cue(run("Two diplomats told the Daily Sentinel that the summit was off.", outlet="Harbor Insider"), "told")
    assert a.chain_names == ["Harbor Insider", "Daily Sentinel", "Two diplomats"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The minister is said to be furious about the leak.", "said"),
        ("It was reported that the border had been closed.", "reported"),
        ("The minister reportedly resigned on Tuesday.", "reportedly"),
    ],
)
def test_sourceless_attributions(text: str, cue: str, models: None) -> None:
    a = by_cue(run(text), cue)
    assert a.source is None
    assert a.stance is Stance.hedges
    assert a.chain_names == ["Insider"]


def test_headline_form(models: None) -> None:
    atts = run('Kirby: "We will respond"\n\nThe White House promised a response on Monday.')
    a = by_cue(atts, ":")
    assert a.speaker is not None and a.speaker.name == "Kirby"
    assert a.content is not None and a.content.text == "We will respond"



def test_pull_quotes_signed_after_a_dash(models: None) -> None:
    text = (
        "Readers wrote in about the ferry closure.\n\n"
        "“We were never told. The notice came a day late.” ― Dana Ortiz\n"
        "“It cost me a week of wages.”\u00a0— Tomas Reyes.\n"
        # the opening mark the wrong way round, as pasted pull quotes often have it
        "”Nobody answered the phone.” ― Ines Park\n"
    )
    atts = run(text)
    ortiz, reyes = by_cue(atts, "―"), by_cue(atts, "—")
    park = next(a for a in atts if a.speaker is not None and a.speaker.name == "Ines Park")
    assert park.content is not None and park.content.text == "Nobody answered the phone"
    assert ortiz.speaker is not None and ortiz.speaker.name == "Dana Ortiz"
    assert ortiz.content is not None and ortiz.content.text.startswith("We were never told")
    assert ortiz.kind is AttributionKind.statement
    assert reyes.source is not None and reyes.source.text == "Tomas Reyes"
    assert reyes.content is not None and "a week of wages" in reyes.content.text

def test_several_attributions_in_one_sentence(models: None) -> None:
    atts = run("The mayor said the bridge was safe, but engineers said it needed repairs.")
    speakers = {a.speaker.name.lower() for a in atts if a.speaker}
    assert {"the mayor", "engineers"} <= speakers


def test_it_and_they_resolve(models: None) -> None:
    text = (
        "The Daily Sentinel obtained the memo. It reported that the plan was dropped. "
        "Three aides to the governor confirmed the account. They said the decision was final."
    )
    atts = run(text, outlet="Harbor Insider")
    assert by_cue(atts, "reported").speaker.name == "The Daily Sentinel"  # type: ignore[union-attr]
    they = by_cue(atts, "said")
    assert they.speaker is not None and they.speaker.name == "Three aides"


@pytest.mark.parametrize(
    ("role", "first", "expected"),
    [
        ("the paper", "The Daily Sentinel reported the leak first.", "The Daily Sentinel"),
        ("the outlet", "The Daily Sentinel reported the leak first.", "The Daily Sentinel"),
        ("the agency", "The Port Agency opened an inquiry.", "The Port Agency"),
        ("the spokesperson", "Mara Quist, a spokesperson for the council, spoke on Monday.", "Mara Quist"),
        ("the minister", "Finance Minister Oskar Lind spoke on Monday.", "Oskar Lind"),
    ],
)
def test_role_phrases_resolve(role: str, first: str, expected: str, models: None) -> None:
    a = by_cue(run(f"{first} {role.capitalize()} said the budget was balanced."), "said")
    assert a.speaker is not None and a.speaker.name == expected
    assert a.source is not None and a.source.text.lower() == role


def test_relayed_person_through_the_outlet(models: None) -> None:
    text = (
        "The Daily Sentinel interviewed port director Lena Ward on Sunday. "
        '"We are ready," she said, per the media outlet.'
    )
    a = by_cue(run(text, outlet="Harbor Insider"), "said")
    assert a.chain_names == ["Harbor Insider", "The Daily Sentinel", "Lena Ward"]


def test_anonymous_and_document_kinds(models: None) -> None:
    atts = run("A senior official said the talks failed. A leaked memo said the plan was costly.")
    kinds = {a.speaker.name: a.speaker.kind for a in atts if a.speaker}
    assert kinds["A senior official"] is EntityKind.anonymous
    assert kinds["A leaked memo"] is EntityKind.document


def test_quotation_over_several_paragraphs(models: None) -> None:
    # news style: each quoted paragraph opens with a quotation mark, only the last one closes
    text = "Port director Lena Ward spoke on Monday.\n\n“We have waited ten years for this.\n\n“The first ships arrive in May,” she said."
    a = by_cue(run(text), "said")
    assert a.content is not None
    assert a.content.text.startswith("We have waited ten years") and a.content.text.endswith("arrive in May")
    assert a.kind is AttributionKind.direct


def test_runs_into_relay_only_for_a_longer_source_ending_in_a_relay() -> None:
    from sourcetrace.attribution.merge import runs_into_relay

    text = "senior US officials, per NBC News, said"
    assert runs_into_relay(text, (0, 19), (0, 33))
    assert not runs_into_relay(text, (0, 19), (0, 19))
    assert not runs_into_relay(text, None, (0, 33))
    assert not runs_into_relay("the mayor of Velgrad said", (0, 9), (0, 20))


def test_a_name_before_an_aside_is_the_source_the_parse_lost(models: None) -> None:
    # the parse reads the name as an apposition of the place before it, and the tagger finds no source
    text = ('At that May 3 meeting, which can be watched here on Harbour TV, Whitfield, speaking for the dock '
            'workers, clearly says, "We have waited years since the days that I worked these piers... whatever '
            'the board decides, we owe the crews our support.')
    article = Article(id="t", file="t.txt", format="txt", text=text, outlet="Insider", content_hash="t")
    a = by_cue(extract_attributions(article, load_nlp()(text), Settings()), "clearly says")  # with the tagger
    assert a.source is not None and a.source.text == "Whitfield"
    assert a.speaker is not None and a.speaker.name == "Whitfield"


def test_a_noun_of_saying_with_its_owner_and_that_clause(models: None) -> None:
    atts = run("The emails belied the port authority's insistence that it had changed only one word in the notes.")
    a = by_cue(atts, "insistence")
    assert a.source is not None and a.source.text == "the port authority"
    assert a.content is not None and a.content.text == "that it had changed only one word in the notes"
    assert a.stance is Stance.asserts
    b = by_cue(run("Senators asked Dale Morrow to explain his claim that the harbour plan would fail."), "claim")
    assert b.speaker is not None and b.speaker.name == "Dale Morrow" and b.stance is Stance.hedges


@pytest.mark.parametrize("tagger", [False, True])
def test_a_noun_of_saying_with_its_owner_after_by_or_from(tagger: bool, models: None) -> None:
    # "claims from X that ...": X speaks, not the sentence's subject the tagger would pair the noun with
    text = ("The ministry rejected claims from harbour pilots that the levy was a ploy. "
            "Officials cited statements made by the port board last week that the quay would close.")
    article = Article(id="t", file="t.txt", format="txt", text=text, outlet="Insider", content_hash="t")
    atts = extract_attributions(article, load_nlp()(text), Settings(use_tagger=tagger))
    claims = by_cue(atts, "claims from")
    assert claims.source is not None and claims.source.text == "harbour pilots"
    assert claims.content is not None and claims.content.text == "that the levy was a ploy"
    made = next(a for a in atts if a.cue is not None and a.cue.text.startswith("statements"))
    assert made.source is not None and made.source.text == "the port board"  # "last week" is not the owner
    assert made.content is not None and made.content.text == "that the quay would close"


def test_it_is_never_a_group_named_in_the_plural(models: None) -> None:
    # the parser labels "Pirate Partiers" a body; "it" still cannot mean them
    text = ("The Harbor League adopted a motion on Monday, despite claims from Pirate Partiers that the measure is "
            "just a political ploy. It said the dispute could become more dangerous.")
    article = Article(id="t", file="t.txt", format="txt", text=text, outlet="Insider", content_hash="t")
    atts = extract_attributions(article, load_nlp()(text), Settings())
    assert by_cue(atts, "claims").source.text == "Pirate Partiers"  # type: ignore[union-attr]
    it = by_cue(atts, "said")
    assert it.speaker is not None and it.speaker.name != "Pirate Partiers"


def test_according_to_between_subject_and_verb_relays_the_subject(models: None) -> None:
    # the tagger reads "according to" as the cue and "said he had ..." as its content, with the
    # subject as its source: the relay keeps its own object, and the verb of saying stays
    text = "The D.A., according to the Herald, said he had misspoken at a 2019 event in Varn in which he said he had run the port."
    article = Article(id="t", file="t.txt", format="txt", text=text, outlet="Insider", content_hash="t")
    atts = extract_attributions(article, load_nlp()(text), Settings())
    relay = by_cue(atts, "according to")
    assert relay.source is not None and relay.source.text == "the Herald"
    said = next(a for a in atts if a.cue is not None and a.cue.text == "said" and a.source is not None
                and a.source.text.startswith("The D.A"))
    assert said.chain_names == ["Insider", "Herald", "The D.A."]


def test_a_named_body_is_itself_not_a_description_of_a_person(models: None) -> None:
    # "the White House" is a name: it does not describe the congressman introduced as "a House member"
    text = ("Joe Varga, a House member from Ohio, met the mayor. The chief of staff asked Mr. Clinton to explore "
            "options with Mr. Varga, the White House said in a statement.")
    article = Article(id="t", file="t.txt", format="txt", text=text, outlet="Insider", content_hash="t")
    said = by_cue(extract_attributions(article, load_nlp()(text), Settings()), "said in a statement")
    assert said.speaker is not None and said.speaker.name.lower() == "the white house"
    # while a description still means the person it was given for
    text = "Senator John Marlow, an Arizona Republican, toured the base. The Arizona Republican said the war was not lost."
    article = Article(id="u", file="u.txt", format="txt", text=text, outlet="Insider", content_hash="u")
    said = by_cue(extract_attributions(article, load_nlp()(text), Settings()), "said")
    assert said.speaker is not None and said.speaker.name == "John Marlow"


def test_a_named_body_with_a_body_word_is_not_the_body_named_before(models: None) -> None:
    # "The Harbour Ethics Committee" ends in a body word but is a name; "That committee" refers back to it
    text = ("The inquiry follows a long police investigation into Varga's firm. The Harbour Ethics Committee "
            "announced in May that Varga was under review. That committee said it would wait for the police.")
    atts = run(text)
    assert by_cue(atts, "announced").speaker.name == "The Harbour Ethics Committee"  # type: ignore[union-attr]
    assert by_cue(atts, "said").speaker.name == "The Harbour Ethics Committee"  # type: ignore[union-attr]


def test_the_site_is_the_site_named_by_its_address(models: None) -> None:
    text = ("Reed appeared on Harbor News on Monday. The memo was first posted Saturday by HarborLeaks.com, a website "
            "run by the blogger Dana Reed. The site said the memo came from the mayor's office.")
    said = by_cue(run(text), "said")
    assert said.speaker is not None and said.speaker.name == "HarborLeaks.com"
    assert said.speaker.kind is EntityKind.outlet


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    # a role with words before it is the person named next as "the official, NAME,"
    ("The Harbor Revenue Service official who first disclosed the audits said on Wednesday that she had never "
     "misled the council.\n\nAs the official, Lena Ward, appeared before the committee, the room fell silent.",
     "said", "Lena Ward"),
    # an unnamed role given with "a" is the person named next with it
    ("In a written statement, a spokesman for her said the mayor was ready to testify. “It is their choice,” said "
     "the spokesman, Tom Vale.", "said", "Tom Vale"),
    # "her office" is the office of the person "she" means
    ("Senator Lena Ward said the plan was fair. Ward's plan raises no taxes. Her office claims the bill would cut "
     "the deficit by half.", "claims", "Lena Ward's office"),
    # the owner given by a title with words before it, as introduced beside the name
    ("Gov. Lena Ward toured the harbor on Monday. The bridge closed on Friday. The Democratic governor's campaign "
     "said it had hired a law firm.", "said", "Lena Ward's campaign"),
    # "it" is the document that spoke last
    ('The Harbor League passed a resolution on Tuesday. The final wording will not be released until October. '
     'But the original called for the league to "educate its members about the port." It said the dispute could '
     'grow "and become more dangerous for the town."', "said", "the original"),
    # and a body that spoke last is still found as before
    ("The Daily Sentinel obtained the memo. It reported that the plan was dropped.", "reported", "The Daily Sentinel"),
])
def test_a_description_or_pronoun_means_whom_it_refers_to(text: str, cue: str, speaker: str, models: None) -> None:
    found = by_cue(run(text), cue)
    assert found.speaker is not None and found.speaker.name == speaker


def test_a_verb_of_saying_set_off_between_subject_and_verb(models: None) -> None:
    # "X, said NAME, the aide, is ...": the name speaks, not the subject before the aside
    text = ("Her remarks, said Tom Vale, the harbor board's spokesman, are “entirely in line with what the mayor "
            "has said.” Reed, who said the port was safe, said Vale needs to apologize.")
    atts = run(text)
    aside = next(a for a in atts if a.content is not None and "entirely in line" in a.content.text)
    assert aside.speaker is not None and aside.speaker.name == "Tom Vale"
    # the clause's own subject right after "said" is no aside
    last = max(atts, key=lambda a: a.cue.start if a.cue else -1)
    assert last.speaker is not None and last.speaker.name == "Reed"


def test_the_name_after_a_role_for_someone_is_the_speaker(models: None) -> None:
    # the parser hangs "William Osei" on "Mr. Varga"; one person's name is no apposition to another's
    a = by_cue(run("A lawyer for Mr. Varga, William Osei, said the charges were political."), "said")
    assert a.speaker is not None and a.speaker.name == "William Osei"
    b = by_cue(run("A spokesman for Dana Reed, the mayor, said the budget was late."), "said")
    assert b.speaker is not None and b.speaker.name != "Dana Reed"  # "the mayor" is no one else's name


def test_a_possessed_role_means_the_person_named_next_with_it(models: None) -> None:
    # "Varga's lawyer said ..." first, the name a sentence later with the same owner and title
    text = ("Rep. Dana Varga is expected to be charged, Varga's lawyer said Friday. The Courier first reported the "
            "news. Varga's lawyer, William Osei, said in a statement that the office had disclosed its plans.")
    article = Article(id="t", file="t.txt", format="txt", text=text, outlet="Insider", content_hash="t")
    first = by_cue(extract_attributions(article, load_nlp()(text), Settings()), "said")
    assert first.speaker is not None and first.speaker.name == "William Osei"
    # another owner's lawyer is someone else
    text = ("Rep. Dana Varga is expected to be charged, Varga's lawyer said Friday. The Courier first reported the "
            "news. Mayor Reed's lawyer, William Osei, said in a statement that the office had disclosed its plans.")
    article = Article(id="u", file="u.txt", format="txt", text=text, outlet="Insider", content_hash="u")
    first = by_cue(extract_attributions(article, load_nlp()(text), Settings()), "said")
    assert first.speaker is not None and first.speaker.name != "William Osei"


def test_points_listed_under_a_cue_are_each_the_lead_sources(models: None) -> None:
    text = ("The port board met on Monday.\n\nOn Tuesday, a list of talking points was circulated by aides to "
            "Mayor Dana Reed:\n\n-The harbour dredging contract was awarded in an open tender. No firm was favoured.\n\n"
            "- Reed has never met the contractor's owners in private.\n\nThe board will meet again in June.")
    points = [a for a in run(text) if a.cue is not None and a.cue.text == "circulated"]
    assert [a.content.text for a in points if a.content] == [
        "The harbour dredging contract was awarded in an open tender", "No firm was favoured",
        "Reed has never met the contractor's owners in private",
    ]
    assert all(a.source is not None and a.source.text == "aides to Mayor Dana Reed" for a in points)
    # after the list, narration is the publisher's again
    assert not any(a.content is not None and "June" in a.content.text for a in points)


def test_a_heading_with_a_colon_is_no_lead(models: None) -> None:
    text = "Here are the facts:\n\n- The harbour dredging contract was awarded in an open tender last spring."
    # "Here are the facts" hands out nothing: the point stays the publisher's narration
    assert not [a for a in run(text) if a.source is not None and a.content is not None and "dredging" in a.content.text]
