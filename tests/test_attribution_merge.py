"""How the tagger's relations and the rules' attributions merge, with a stand-in tagger whose answer is fixed."""

from __future__ import annotations

import hashlib

import pytest
from spacy.tokens import Doc

import sourcetrace.attribution.extract as extract_module
from sourcetrace.attribution.assemble import nest_and_chain
from sourcetrace.attribution.tagger import TaggedRelation
from sourcetrace.dossier.models import Article, Attribution, AttributionKind, Span
from sourcetrace.nlp import load_nlp
from sourcetrace.settings import Settings


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _run(monkeypatch: pytest.MonkeyPatch, text: str, rels: list[TaggedRelation]) -> list[Attribution]:
    class Fixed:
        def predict(self, doc: Doc, rule_spans: dict[str, list[tuple[int, int]]]) -> list[TaggedRelation]:
            return rels

    monkeypatch.setattr(extract_module, "load_tagger", lambda path=None: Fixed())
    article = Article(id="m", file="m.txt", format="txt", text=text, outlet="Tidewater Gazette",
                      content_hash=hashlib.sha256(text.encode()).hexdigest())
    return extract_module.extract(article, load_nlp()(text), Settings(progress=False, use_tagger=True))


def _cue(atts: list[Attribution], cue: str) -> Attribution:
    return next(a for a in atts if a.cue is not None and a.cue.text == cue)


pytestmark = pytest.mark.usefixtures("models")  # every test parses with spaCy


def test_the_party_a_relay_names_is_not_the_content(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Valdoria has finalized a deal with Ostrava, The Capital Ledger reported, citing three U.S. officials."
    rel = TaggedRelation(cue=_span(text, "reported"), source=_span(text, "The Capital Ledger"),
                         content=_span(text, "three U.S. officials"))
    a = _cue(_run(monkeypatch, text, [rel]), "reported")
    assert a.content is not None and a.content.text == "Valdoria has finalized a deal with Ostrava"
    assert a.chain_names == ["Tidewater Gazette", "The Capital Ledger", "three U.S. officials"]


def test_an_outer_content_stays_when_the_tagger_misses_the_attribution_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The ministry has denied that any agreement was reached, Meridian News reported."
    inner = _span(text, "that any agreement was reached")
    missed = _run(monkeypatch, text, [TaggedRelation(_span(text, "reported"), _span(text, "Meridian News"), inner)])
    assert _cue(missed, "reported").content.text.startswith("The ministry has denied")  # type: ignore[union-attr]
    assert _cue(missed, "denied").speaker.name.lower() == "the ministry"  # type: ignore[union-attr]
    # with both cues found, the tagger's own contents lead
    both = _run(monkeypatch, text, [
        TaggedRelation(_span(text, "denied"), _span(text, "The ministry"), inner),
        TaggedRelation(_span(text, "reported"), _span(text, "Meridian News"), inner),
    ])
    assert _cue(both, "reported").content.text == "that any agreement was reached"  # type: ignore[union-attr]


def test_a_cue_the_rules_missed_is_added_with_its_speaker_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Port director Lena Ward met the crews. Ward believes the strike will end soon."
    ward = text.rindex("Ward")
    rel = TaggedRelation(_span(text, "believes"), (ward, ward + 4), _span(text, "the strike will end soon"))
    a = _cue(_run(monkeypatch, text, [rel]), "believes")
    assert a.speaker is not None and a.speaker.name == "Lena Ward"
    assert a.content is not None and a.content.text == "the strike will end soon"


def test_the_tagger_content_stays_when_the_rules_ran_on_past_another_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The mayor said the bridge would reopen in May because the engineer reported that the piers were sound."
    rules = extract_module.extract(
        Article(id="r", file="r.txt", format="txt", text=text, content_hash="r"), load_nlp()(text),
        Settings(progress=False, use_tagger=False),
    )
    said = _cue(rules, "said")
    assert said.content is not None and "reported" in said.content.text  # the rules run on over "reported"
    short = _span(text, "the bridge would reopen in May")
    a = _cue(_run(monkeypatch, text, [TaggedRelation(_span(text, "said"), _span(text, "The mayor"), short)]), "said")
    assert a.content is not None and a.content.text == "the bridge would reopen in May"


def test_an_attribution_the_rules_hold_but_drop_is_not_lost_to_both(monkeypatch: pytest.MonkeyPatch) -> None:
    # the rules pair "insisted" with this source and content; the tagger finds "said" instead
    text = "The mayor said, and then insisted, that the bridge would reopen in May."
    rel = TaggedRelation(_span(text, "said"), _span(text, "The mayor"), _span(text, "that the bridge would reopen in May"))
    atts = _run(monkeypatch, text, [rel])
    assert [(a.cue.text, a.content.text) for a in atts if a.cue and a.content] == [
        ("said", "that the bridge would reopen in May")
    ]


def test_a_content_the_tagger_found_without_a_cue_confirms_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The mayor said the bridge would reopen in May, as the engineer had promised the council."
    found = _span(text, "the bridge would reopen in May, as the engineer had promised")
    # the tagger found neither cue nor content: the rules' plain "said" is not kept
    assert not [a for a in _run(monkeypatch, text, []) if a.cue is not None and a.cue.text == "said"]
    a = _cue(_run(monkeypatch, text, [TaggedRelation(cue=None, source=None, content=found)]), "said")
    assert a.speaker is not None and a.speaker.name.lower() == "the mayor"
    assert a.content is not None and a.content.text == "the bridge would reopen in May, as the engineer had promised"


def test_a_content_the_tagger_found_without_any_cue_is_kept_uncued(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Ferry crews walked out on Monday. The strike could last into the spring."
    found = _span(text, "The strike could last into the spring")
    atts = _run(monkeypatch, text, [TaggedRelation(cue=None, source=None, content=found)])
    [a] = [a for a in atts if a.kind is AttributionKind.uncued]
    assert (a.cue, a.source, a.speaker) == (None, None, None)
    assert a.content is not None and a.content.text == "The strike could last into the spring"
    assert a.sentence.text == "The strike could last into the spring."
    assert a.chain_names == ["Tidewater Gazette"]  # no one's word but the outlet's, as far as the text says


def test_uncued_contents_keep_text_order_and_hold_no_attribution(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The strike could last into the spring. Crews say pay is the issue, the mayor said."
    said = text.rindex("said")
    rels = [
        TaggedRelation(cue=None, source=None, content=_span(text, "The strike could last into the spring")),
        TaggedRelation((said, said + 4), _span(text, "the mayor"), _span(text, "Crews say pay is the issue")),
    ]
    atts = _run(monkeypatch, text, rels)
    assert [(a.id, a.kind is AttributionKind.uncued, a.cue and a.cue.text) for a in atts] == [
        ("m:a1", True, None), ("m:a2", False, "said"),
    ]
    # a cue inside an uncued content is not nested in it: that content is no one's word to relay
    sentence = Span(start=0, end=len(text), text=text)
    outer = Attribution(id="x:a1", article_id="x", content=sentence,
                        sentence=sentence, kind=AttributionKind.uncued)
    inner = Attribution(id="x:a2", article_id="x", cue=Span(start=said, end=said + 4, text="said"), sentence=sentence)
    nest_and_chain([outer, inner], [], "Tidewater Gazette")
    assert inner.parent_id is None


def test_the_rules_content_stays_when_the_tagger_finds_the_cue_but_no_content(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The mayor said the bridge would reopen in May."
    a = _cue(_run(monkeypatch, text, [TaggedRelation(_span(text, "said"), _span(text, "The mayor"), None)]), "said")
    assert a.content is not None and a.content.text == "the bridge would reopen in May"


def test_a_tagger_cue_with_neither_source_nor_content_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The Gazette will update this story as more details are confirmed. Prices rose reportedly."
    atts = _run(monkeypatch, text, [
        TaggedRelation(cue=_span(text, "are confirmed"), source=None, content=None),
        TaggedRelation(cue=_span(text, "reportedly"), source=None, content=None),
    ])
    cues = [a.cue.text for a in atts if a.cue is not None]
    assert "are confirmed" not in cues and "confirmed" not in cues  # neither the tagger's nor the rules'
    assert "reportedly" in cues  # a source-less cue word is an attribution by itself


def test_a_kind_is_read_again_on_the_content_the_tagger_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ('Varga said reports of a finished deal were "speculation built on anonymous sources" '
            "and urged journalists to wait for official announcements.")
    rels = [
        TaggedRelation(_span(text, "said"), _span(text, "Varga"),
                       _span(text, 'reports of a finished deal were "speculation built on anonymous sources"')),
        TaggedRelation(_span(text, "urged"), _span(text, "Varga"),
                       _span(text, "journalists to wait for official announcements")),
    ]
    atts = _run(monkeypatch, text, rels)
    urged = _cue(atts, "urged")
    # no quotation in "journalists to wait ...", and a request states nothing: no claim
    assert urged.kind is AttributionKind.indirect
    assert not urged.proposition
    said = _cue(atts, "said")
    assert said.kind is AttributionKind.mixed and said.proposition


def test_a_phrasal_denial_the_tagger_finds_denies(monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcetrace.dossier.models import Stance

    text = "The ministry denied it on Sunday, pushing back on reports that a deal was done."
    rel = TaggedRelation(_span(text, "pushing back on"), _span(text, "The ministry"),
                         _span(text, "reports that a deal was done"))
    assert _cue(_run(monkeypatch, text, [rel]), "pushing back on").stance is Stance.denies
