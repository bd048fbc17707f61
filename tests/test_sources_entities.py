"""Entity resolution: kinds, affiliations, merging across articles, outlets."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.dossier.models import EntityKind, Stance
from sourcetrace.settings import Settings
from sourcetrace.sources import resolve_entities
from sourcetrace.sources.gazetteer import builtin_countries, demonym_stems, derive_countries
from sourcetrace.sources.outlets import load_outlets
from sourcetrace.sources.roots import top_affiliation
from sourcing_factory import Attributions, article


def _resolve(arts, atts, **kw):
    ents = resolve_entities(arts, atts, Settings(**kw))
    return {e.id: e for e in ents}


def test_us_officials_spokesperson_and_treasury_belong_to_us_government() -> None:
    w = article("w", "washingtonpost.com", "Three U.S. officials said the ceasefire talks had stalled.")
    b = article("b", "BBC", "US national security council spokesperson John Kirby said the talks stalled. "
                "Kirby added that more talks were planned. The U.S. Treasury Department said sanctions would follow.")
    f = Attributions()
    atts = [
        f.make(w, "Three U.S. officials", "the ceasefire talks had stalled"),
        f.make(b, "John Kirby", "the talks stalled", kind=EntityKind.person,
               chain=["BBC", "US national security council spokesperson John Kirby"]),
        f.make(b, "Kirby", "more talks were planned", kind=EntityKind.person),
        f.make(b, "The U.S. Treasury Department", "sanctions would follow"),
    ]
    ents = _resolve([w, b], atts)
    assert ents["ent:three-us-officials"].kind is EntityKind.anonymous
    assert ents["ent:three-us-officials"].affiliation == "ent:us-government"
    assert ents["ent:us-government"].kind is EntityKind.government
    kirby = ents["ent:john-kirby"]
    assert kirby.kind is EntityKind.person and kirby.affiliation == "ent:us-government"
    assert "Kirby" in kirby.aliases
    assert atts[1].speaker_entity == atts[2].speaker_entity == "ent:john-kirby"
    treasury = next(e for e in ents.values() if "treasury" in e.id)
    assert treasury.affiliation == "ent:us-government"
    assert atts[0].chain == ["ent:washington-post", "ent:three-us-officials"]
    assert ents["ent:washington-post"].kind is EntityKind.outlet
    assert ents["ent:bbc"].kind is EntityKind.outlet


def test_kremlin_and_moscow_as_actors_are_russias_government() -> None:
    a = article("a", "Reuters", "Moscow said the convoy was humanitarian. The Kremlin said it would respond.")
    f = Attributions()
    atts = [f.make(a, "Moscow", "the convoy was humanitarian"), f.make(a, "The Kremlin", "it would respond")]
    _resolve([a], atts)
    assert atts[0].speaker_entity == atts[1].speaker_entity == "ent:russia-government"


def test_southern_command_is_military_affiliated_to_government() -> None:
    a = article("a", "AP", "Ukraine's southern command said two boats were destroyed.")
    f = Attributions()
    atts = [f.make(a, "Ukraine's southern command", "two boats were destroyed")]
    ents = _resolve([a], atts)
    cmd = ents[atts[0].speaker_entity]
    assert cmd.kind is EntityKind.military
    assert cmd.affiliation == "ent:ukraine-military"
    assert ents["ent:ukraine-military"].affiliation == "ent:ukraine-government"


def test_fictional_countries_from_demonyms_and_possessives() -> None:
    a = article("a", "Daily Courier", "Ostrava's foreign ministry denied the report. "
                "Valdorian officials said the border was open. Ostravan officials said it was closed.")
    f = Attributions()
    atts = [
        f.make(a, "Ostrava's foreign ministry", "the report", stance=Stance.denies),
        f.make(a, "Valdorian officials", "the border was open"),
        f.make(a, "Ostravan officials", "it was closed"),
    ]
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].affiliation == "ent:ostrava-government"
    assert ents[atts[1].speaker_entity].affiliation == "ent:valdoria-government"
    assert ents[atts[2].speaker_entity].affiliation == "ent:ostrava-government"
    assert ents["ent:valdoria-government"].kind is EntityKind.government


def test_demonym_stems_cover_common_shapes() -> None:
    assert "Valdoria" in demonym_stems("Valdorian")
    assert "Ostrava" in demonym_stems("Ostravan")
    assert "China" in demonym_stems("Chinese")
    assert "Brazil" in demonym_stems("Brazilian")
    new = derive_countries(["The Republican officials met in Valdoria. Valdorian troops left."], builtin_countries())
    assert [c.name for c in new] == ["Valdoria"]


def test_senior_official_without_country_takes_the_sentence_government() -> None:
    a = article("a", "NBC", "A senior official said the Ostravan government had agreed.")
    f = Attributions()
    atts = [f.make(a, "A senior official", "the Ostravan government had agreed")]
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].kind is EntityKind.anonymous
    assert ents[atts[0].speaker_entity].affiliation == "ent:ostrava-government"


def test_unaffiliated_anonymous_sources_stay_apart_per_outlet() -> None:
    a = article("a", "Reuters", "People familiar with the matter said the deal was near.")
    b = article("b", "Bloomberg", "People familiar with the matter said the deal was near.")
    f = Attributions()
    atts = [f.make(a, "People familiar with the matter", "the deal was near"),
            f.make(b, "People familiar with the matter", "the deal was near")]
    _resolve([a, b], atts)
    assert atts[0].speaker_entity != atts[1].speaker_entity


def test_same_person_across_articles_is_one_entity() -> None:
    a = article("a", "CNN", "President Maria Kessel said the port would reopen.")
    b = article("b", "CBS", "Maria Kessel's office said the port would reopen soon.")
    c = article("c", "ABC", "Kessel said the port would reopen.")
    f = Attributions()
    atts = [f.make(a, "President Maria Kessel", "the port would reopen", kind=EntityKind.person),
            f.make(b, "Maria Kessel's", "the port would reopen soon", kind=EntityKind.person),
            f.make(c, "Kessel", "the port would reopen", kind=EntityKind.person)]
    ents = _resolve([a, b, c], atts)
    assert {x.speaker_entity for x in atts} == {"ent:maria-kessel"}
    assert ents["ent:maria-kessel"].mentions == 3


def test_outlet_names_aliases_domains_and_short_alias_in_context() -> None:
    idx = load_outlets()
    assert idx.outlet_name("nbcnews.com") == "NBC News"
    assert idx.outlet_name("NBC") == "NBC News"
    assert idx.outlet_name("unknown-news.example") == "unknown-news.example"
    assert idx.lookup("the Post") is None
    hit = idx.lookup("the Post", context="As The Washington Post first reported, the Post said...")
    assert hit is not None and hit.name == "The Washington Post"


def test_every_publishing_outlet_is_an_outlet_entity_even_unknown_domains() -> None:
    a = article("a", "localpaper.example", "The mayor said the bridge was safe.")
    f = Attributions()
    atts = [f.make(a, "The mayor", "the bridge was safe", chain=["localpaper.example", "The mayor"])]
    ents = _resolve([a], atts)
    assert ents["ent:localpaper-example"].kind is EntityKind.outlet
    assert atts[0].chain[0] == "ent:localpaper-example"


def test_outlets_yaml_extends_the_builtin_list(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.yaml"
    extra.write_text("- {name: Harbour Ledger, aliases: [The Ledger], domains: [harbourledger.example]}\n")
    idx = load_outlets(extra)
    assert idx.outlet_name("harbourledger.example") == "Harbour Ledger"
    assert idx.lookup("The Ledger").name == "Harbour Ledger"
    assert idx.outlet_name("nytimes.com") == "The New York Times"  # built-ins kept
    a = article("a", "harbourledger.example", "The Ledger said, citing port officials, that ships waited.")
    f = Attributions()
    atts = [f.make(a, "port officials", "ships waited", chain=["harbourledger.example", "The Ledger", "port officials"])]
    _resolve([a], atts, outlets_file=extra)
    # "The Ledger" is the publisher itself by the file's alias: its own reporting, no second hop
    assert atts[0].chain[0] == "ent:harbour-ledger" and len(atts[0].chain) == 2
    assert atts[0].chain_names == ["harbourledger.example", "port officials"]


def test_short_alias_in_a_chain_resolves_where_the_outlet_is_named() -> None:
    a = article("a", "Insider", "The Washington Post reported the plan. The Post said, citing two aides, that it was ready.")
    b = article("b", "Insider", "The Post said, citing two aides, that the plan was ready.")
    f = Attributions()
    atts = [f.make(a, "two aides", "it was ready", chain=["Insider", "The Post", "two aides"]),
            f.make(b, "two aides", "the plan was ready", chain=["Insider", "The Post", "two aides"])]
    ents = _resolve([a, b], atts)
    assert atts[0].chain[1] == "ent:washington-post"
    # Without the full name in the article, "The Post" is not assumed to be the Washington Post.
    assert atts[1].chain[1] != "ent:washington-post"
    assert ents["ent:insider"].kind is EntityKind.outlet


def test_titled_people_are_people_and_presidents_are_not_countries() -> None:
    a = article("a", "CNN", "NAACP President Ben Jealous said the vote mattered. "
                "President Obama's government said nothing. Obama said the vote mattered too.")
    f = Attributions()
    atts = [f.make(a, "NAACP President Ben Jealous", "the vote mattered"),
            f.make(a, "Obama", "the vote mattered too", kind=EntityKind.person)]
    ents = _resolve([a], atts)
    assert atts[0].speaker_entity == "ent:ben-jealous"
    assert ents["ent:ben-jealous"].kind is EntityKind.person
    assert atts[1].speaker_entity == "ent:obama"
    assert "ent:obama-government" not in ents


@pytest.mark.parametrize(
    ("other", "folded"),
    [
        ("Officials say Ostrava deal is close", True),  # a headline over a story sourced to US officials
        ("Port officials say the harbor will stay open", False),  # officials of a body of their own
    ],
)
def test_bare_officials_take_the_country_of_the_articles_named_officials(other: str, folded: bool) -> None:
    a = article("a", "NBC", f"{other}\n\nSenior US officials said the Ostravan government had agreed to the terms.")
    f = Attributions()
    who, says = other.split(" say ")
    atts = [
        f.make(a, who, says, kind=EntityKind.anonymous),
        f.make(a, "Senior US officials", "the Ostravan government had agreed to the terms", kind=EntityKind.anonymous),
    ]
    ents = _resolve([a], atts)
    assert ents[atts[1].speaker_entity].affiliation == "ent:us-government"
    assert ents[atts[0].speaker_entity].kind is EntityKind.anonymous
    assert (ents[atts[0].speaker_entity].affiliation == "ent:us-government") is folded


def test_an_outlets_own_interview_is_no_hop_of_its_chain() -> None:
    # "told The Huffington Post" in HuffPost: the outlet's own interview, not a relay
    h = article("h", "HuffPost", "A state official told The Huffington Post the review was finished.")
    f = Attributions()
    atts = [f.make(h, "A state official", "the review was finished",
                   chain=["HuffPost", "The Huffington Post", "A state official"])]
    _resolve([h], atts)
    assert atts[0].chain_names == ["HuffPost", "A state official"]
    assert atts[0].chain[0] == "ent:huffpost" and len(atts[0].chain) == 2


def test_a_middle_initial_or_a_nickname_is_the_same_person() -> None:
    a = article("a", "Gazette", "Daniel K. Morgan said he was hacked. Mike Porter said the vote was close.")
    b = article("b", "Courier", "Daniel Morgan said it was a joke. Michael Porter said the vote would wait.")
    f = Attributions()
    atts = [f.make(a, "Daniel K. Morgan", "he was hacked", kind=EntityKind.person),
            f.make(a, "Mike Porter", "the vote was close", kind=EntityKind.person),
            f.make(b, "Daniel Morgan", "it was a joke", kind=EntityKind.person),
            f.make(b, "Michael Porter", "the vote would wait", kind=EntityKind.person)]
    _resolve([a, b], atts)
    assert atts[0].speaker_entity == atts[2].speaker_entity == "ent:daniel-morgan"
    assert atts[1].speaker_entity == atts[3].speaker_entity


def test_two_different_middle_names_keep_two_people() -> None:
    a = article("a", "Gazette", "George W. Bush said the plan worked. George H. W. Bush said it did not.")
    f = Attributions()
    atts = [f.make(a, "George W. Bush", "the plan worked", kind=EntityKind.person),
            f.make(a, "George H. W. Bush", "it did not", kind=EntityKind.person)]
    _resolve([a], atts)
    assert atts[0].speaker_entity != atts[1].speaker_entity


def test_a_persons_office_and_spokesman_speak_for_the_person() -> None:
    a = article("a", "Gazette", "Morgan's office said the account was hacked. Morgan's spokesman said it was a joke. "
                "Daniel Morgan said so too.")
    f = Attributions()
    atts = [f.make(a, "Daniel Morgan", "said so too", kind=EntityKind.person),
            f.make(a, "Morgan's office", "the account was hacked"),
            f.make(a, "Morgan's spokesman", "it was a joke")]
    ents = _resolve([a], atts)
    for att in atts[1:]:
        assert ents[att.speaker_entity].affiliation == atts[0].speaker_entity


def test_people_close_to_a_named_campaign_speak_for_its_candidate() -> None:
    a = article("a", "Gazette", "Dana Reed said she would run. Aides close to Reed's campaign said the poll was wrong. "
                "People close to the negotiations said a deal was near.")
    f = Attributions()
    atts = [f.make(a, "Dana Reed", "she would run", kind=EntityKind.person),
            f.make(a, "Aides close to Reed's campaign", "the poll was wrong"),
            f.make(a, "People close to the negotiations", "a deal was near")]
    ents = _resolve([a], atts)
    campaign = ents[atts[1].speaker_entity].affiliation
    assert campaign is not None and ents[campaign].affiliation == atts[0].speaker_entity
    # close to no one named: no one's voice
    assert ents[atts[2].speaker_entity].affiliation is None


def test_a_speaker_cut_to_its_head_keeps_whom_its_source_is_close_to() -> None:
    a = article("a", "Gazette", "Dana Reed said she would run. Aides close to Reed's campaign said the poll was wrong. "
                "Aides said the hall was full.")
    f = Attributions()
    atts = [f.make(a, "Dana Reed", "she would run", kind=EntityKind.person),
            f.make(a, "Aides close to Reed's campaign", "the poll was wrong", speaker="Aides", chain=["Gazette", "Aides"]),
            f.make(a, "Aides", "the hall was full")]
    ents = _resolve([a], atts)
    assert top_affiliation(atts[1].chain[-1], ents) == atts[0].speaker_entity
    # other "aides" are no one's in particular
    assert top_affiliation(atts[2].chain[-1], ents) != atts[0].speaker_entity


def test_what_a_person_says_of_a_government_does_not_make_them_its_official() -> None:
    a = article("a", "Gazette", "National security adviser Susan Rice said the Israeli government had damaged ties.")
    f = Attributions()
    atts = [f.make(a, "Susan Rice", "the Israeli government had damaged ties", kind=EntityKind.person)]
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].affiliation is None


@pytest.mark.parametrize(("text", "name", "body"), [
    ("Harbour Trust CEO Helen Ward said the position had not changed.", "Helen Ward", "ent:harbour-trust"),
    ("Harbour Trust legislative policy director Paul Grant said cuts were possible.", "Paul Grant", "ent:harbour-trust"),
    ("Helen Ward, the Harbour Trust's chief executive, said it had not changed.", "Helen Ward", "ent:harbour-trust"),
    ("On Friday President Dana Ortiz said the plan was ready.", "Dana Ortiz", None),
])
def test_a_title_names_the_body_a_person_speaks_for(text: str, name: str, body: str | None) -> None:
    a = article("a", "Gazette", text)
    f = Attributions()
    content = text.split(" said ")[1].rstrip(".")
    atts = [f.make(a, name, content, kind=EntityKind.person, chain=["Gazette", name])]
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].affiliation == body


@pytest.mark.parametrize(("text", "name", "owner"), [
    # a lawyer named with whose lawyer he is, before or after the name
    ("Morgan's lawyer, Alan Pryce, said the charges were political. Daniel Morgan said nothing.",
     "Alan Pryce", "ent:daniel-morgan"),
    ("A lawyer for Mr. Morgan, Alan Pryce of Pryce Hale, said the charges were political. Daniel Morgan said nothing.",
     "Alan Pryce", "ent:daniel-morgan"),
    # an apposition that goes on with a verb is not a title: it says what he did
    ("Alan Pryce, said in a statement that the U.S. attorney's office had leaked it.", "Alan Pryce", None),
    # the body comes before the capital it sits in
    ("Ruth Kell, executive director of the Committee to Protect Rivers and Lakes, a group in Washington, "
     "said the rule would fail.", "Ruth Kell", "ent:committee-to-protect-rivers-and-lakes"),
    # two bodies at once, or a chamber's majority, are no one voice
    ("Ruth Kell, president of the Rivers Council and Lakewatch, said the rule would fail.", "Ruth Kell", None),
    ("Ruth Kell, the leader of the Republican-controlled chamber, said the rule would fail.", "Ruth Kell", None),
    # a paragraph break ends the title's window: an earlier line's capital is not his
    ("Staffers on Capitol Hill are ready.\n\nUPDATE:\n\nParty spokesman Ned Alder said it was staged.",
     "Ned Alder", None),
])
def test_whom_a_lawyer_or_an_official_speaks_for(text: str, name: str, owner: str | None) -> None:
    a = article("a", "Gazette", text)
    f = Attributions()
    content = text.split(" said ")[1].split(".")[0]
    atts = [f.make(a, name, content, kind=EntityKind.person, chain=["Gazette", name])]
    if "Daniel Morgan" in text:
        atts.append(f.make(a, "Daniel Morgan", "nothing", kind=EntityKind.person))
    ents = _resolve([a], atts)
    root = top_affiliation(atts[0].speaker_entity, ents)
    assert (root if root != atts[0].speaker_entity else None) == owner


def test_unnamed_voices_of_a_body_speak_for_it() -> None:
    a = article("a", "Gazette", "However, Harbour Trust said cuts were off the table. A Harbour Trust spokeswoman "
                "said cuts were never planned. The statement from Morgan's lawyer said he was innocent. "
                "A spokesman for the Harbour Trust said the board agreed. Daniel Morgan said little.")
    f = Attributions()
    atts = [f.make(a, "However, Harbour Trust", "cuts were off the table"),
            f.make(a, "A Harbour Trust spokeswoman", "cuts were never planned"),
            f.make(a, "The statement from Morgan's lawyer", "he was innocent", speaker="The statement"),
            f.make(a, "A spokesman for the Harbour Trust", "the board agreed", speaker="A spokesman"),
            f.make(a, "Daniel Morgan", "little", kind=EntityKind.person)]
    ents = _resolve([a], atts)
    trust = atts[0].speaker_entity
    assert trust == "ent:harbour-trust"  # the sentence's "However," is not part of the name
    assert ents[atts[1].speaker_entity].affiliation == trust
    assert ents[atts[3].speaker_entity].affiliation == trust
    lawyer = ents[atts[2].speaker_entity].affiliation
    assert lawyer is not None and ents[lawyer].affiliation == atts[4].speaker_entity == "ent:daniel-morgan"


def test_a_lone_surname_is_the_one_person_of_that_name_once_middle_initials_merge() -> None:
    a = article("a", "Gazette", "Daniel Morgan said it was fine. Daniel K. Morgan said so again. Morgan said no more.")
    f = Attributions()
    atts = [f.make(a, "Daniel Morgan", "it was fine", kind=EntityKind.person),
            f.make(a, "Daniel K. Morgan", "so again", kind=EntityKind.person),
            f.make(a, "Morgan", "no more", kind=EntityKind.government)]  # the tagger's kind may be wrong
    _resolve([a], atts)
    assert atts[0].speaker_entity == atts[1].speaker_entity == atts[2].speaker_entity


def test_the_story_subject_speaks_for_himself_not_for_the_body_he_leads() -> None:
    text = ("Omar Reyes, chairman of the Harbour Trust, said he regretted the remark. " +
            " ".join(f"Reyes said point {i} stood." for i in range(6)) +
            " Ines Vale, chairman of the Dock Guild, said the remark hurt.")
    a = article("a", "Gazette", text)
    f = Attributions()
    atts = [f.make(a, "Omar Reyes", "he regretted the remark", kind=EntityKind.person)]
    atts += [f.make(a, "Reyes", f"point {i} stood", kind=EntityKind.person) for i in range(6)]
    atts.append(f.make(a, "Ines Vale", "the remark hurt", kind=EntityKind.person))
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].affiliation is None
    assert ents[atts[-1].speaker_entity].affiliation == "ent:dock-guild"


def test_a_body_leader_quoted_often_on_someone_elses_story_still_speaks_for_the_body() -> None:
    text = ("Omar Reyes, chairman of the Harbour Trust, said the mayor erred. " +
            " ".join(f"Reyes said point {i} stood." for i in range(6)))
    a = article("a", "Gazette", text).model_copy(update={"title": "Mayor Ines Vale under fire"})
    f = Attributions()
    atts = [f.make(a, "Omar Reyes", "the mayor erred", kind=EntityKind.person)]
    atts += [f.make(a, "Reyes", f"point {i} stood", kind=EntityKind.person) for i in range(6)]
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].affiliation == "ent:harbour-trust"
    # named in the headline, he is the story's subject and speaks for himself
    b = article("a", "Gazette", text).model_copy(update={"title": "Reyes regrets remark"})
    atts = [f.make(b, "Omar Reyes", "the mayor erred", kind=EntityKind.person)]
    atts += [f.make(b, "Reyes", f"point {i} stood", kind=EntityKind.person) for i in range(6)]
    assert _resolve([b], atts)[atts[0].speaker_entity].affiliation is None


def test_an_administration_and_a_seat_are_the_government_under_the_names_the_story_uses() -> None:
    a = article("a", "Gazette", "The Ortiz administration said the Valdorian port would reopen. "
                "The Valdorian government said so too. Valdoria's presidential palace said it agreed.")
    f = Attributions()
    atts = [f.make(a, "The Ortiz administration", "the Valdorian port would reopen"),
            f.make(a, "The Valdorian government", "so too")]
    ents = _resolve([a], atts)
    gov = atts[1].speaker_entity
    assert atts[0].speaker_entity == gov
    assert "Ortiz administration" in ents[gov].aliases



def test_a_comma_parts_a_leaders_title_from_the_name_before_it() -> None:
    a = article("a", "Gazette", "Susan Vale, President Omar Reyes's adviser, said the port would reopen. "
                "Omar Reyes said so too.")
    f = Attributions()
    atts = [f.make(a, "Omar Reyes", "so too", kind=EntityKind.person),
            f.make(a, "Susan Vale", "the port would reopen", kind=EntityKind.person)]
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].affiliation is None  # not "led" by Susan Vale


def test_what_the_clause_before_a_name_did_is_not_the_persons_title() -> None:
    a = article("a", "Gazette", "Officials at the White House offered Rep. Ana Ruiz a post, Ruiz said.")
    f = Attributions()
    atts = [f.make(a, "Ruiz", "Officials at the White House offered Rep. Ana Ruiz a post", kind=EntityKind.person,
                   speaker="Ana Ruiz")]
    ents = _resolve([a], atts)
    assert ents[atts[0].speaker_entity].affiliation is None  # a member of Congress, not a White House official


def test_a_document_named_after_its_authors_speaks_for_them() -> None:
    a = article("a", "Harbor Insider", "The latest annual wardens report said the fund would run dry in 2041.")
    b = article("b", "Valley Post", "Wardens of the Varn Harbour Fund said the fund would last until 2041.")
    f = Attributions()
    atts = [
        f.make(a, "The latest annual wardens report", "the fund would run dry in 2041", kind=EntityKind.document),
        f.make(b, "Wardens of the Varn Harbour Fund", "the fund would last until 2041", kind=EntityKind.organization),
    ]
    ents = _resolve([a, b], atts)
    report = ents[atts[0].speaker_entity]
    assert report.affiliation == atts[1].speaker_entity
    assert top_affiliation(report.id, ents) == top_affiliation(atts[1].speaker_entity, ents)


def test_another_outlets_insiders_are_one_party_known_through_it() -> None:
    # "someone familiar with the case" and "people with knowledge of the case" in one paper's report are
    # one unnamed party, scoped to the paper that relayed them and rooted in it
    h = article("h", "HuffPost", "The Washington Post reported the charges will include fraud, citing someone "
                "familiar with the case. People with knowledge of the case told the Washington Post the charges "
                "will include fraud.")
    f = Attributions()
    atts = [
        f.make(h, "The Washington Post", "the charges will include fraud", kind=EntityKind.anonymous,
               chain=["HuffPost", "The Washington Post", "someone"], speaker="someone"),
        f.make(h, "People with knowledge of the case", "the charges will include fraud.",
               kind=EntityKind.anonymous, chain=["HuffPost", "The Washington Post", "People with knowledge of the case"]),
    ]
    ents = _resolve([h], atts)
    insiders = "ent:people-familiar-with-the-matter-the-washington-post"
    assert atts[0].speaker_entity == atts[1].speaker_entity == insiders
    assert top_affiliation(insiders, ents) == "ent:washington-post"
