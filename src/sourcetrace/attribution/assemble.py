"""Attributions from raw ones: text order and ids, nesting, chains, relays folded into the chain
of the speaker they relay ("according to X", "X reported", "per X"), and what each content states."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sourcetrace.attribution.meaning import states_something
from sourcetrace.attribution.raw import Raw, Uncued
from sourcetrace.attribution.relays import carries, hull
from sourcetrace.dossier.models import (
    Article,
    Attribution,
    AttributionKind,
    EntityKind,
    Span,
    SpeechAct,
    Stance,
)
from sourcetrace.nlp import doc_text
from sourcetrace.text.cues import act_of
from sourcetrace.text.lexicon import ELSEWHEN
from sourcetrace.text.spans import CharSpan, holds, jaccard

# the kinds whose chain a "per" relay in their sentence extends
PER_RELAYED = frozenset({AttributionKind.according_to, AttributionKind.direct, AttributionKind.indirect,
                         AttributionKind.mixed, AttributionKind.statement})
_NO_SPAN = Span(start=0, end=0, text="")


def finish(article: Article, publisher: str, raws: list[Raw], uncued: list[Uncued]) -> list[Attribution]:
    """The attributions in text order (by cue, or by content where there is no cue), nested and chained."""
    text = article.text

    def span(r: CharSpan | None) -> Span | None:
        return None if r is None else Span(start=r[0], end=r[1], text=text[r[0] : r[1]])

    result: list[Attribution] = []
    # one attribution per cue, except the points listed under one cue (each is its own statement)
    seen: set[tuple[CharSpan, CharSpan | None]] = set()
    found: list[tuple[CharSpan, Raw | Uncued]] = [(r.cue, r) for r in raws] + [(u.content, u) for u in uncued]
    for _, raw in sorted(found, key=lambda f: f[0]):
        att_id = f"{article.id}:a{len(result) + 1}"
        if isinstance(raw, Uncued):
            result.append(Attribution(
                id=att_id, article_id=article.id, content=span(raw.content),
                sentence=span(raw.sentence) or _NO_SPAN, kind=AttributionKind.uncued, act=SpeechAct.unknown,
            ))
        elif (key := (raw.cue, raw.content if raw.listed else None)) not in seen:
            seen.add(key)
            result.append(Attribution(
                id=att_id, article_id=article.id, source=span(raw.source), cue=span(raw.cue),
                content=span(raw.content), sentence=span(raw.sentence) or _NO_SPAN, speaker=raw.speaker,
                kind=raw.kind, stance=raw.stance,
            ))
    nest_and_chain(result, raws, publisher)
    return result


def _chars(span: Span) -> CharSpan:
    return span.start, span.end


def _width(span: Span) -> int:
    return span.end - span.start


def _may_hold(p: Attribution, att: Attribution) -> bool:
    """Whether ``p``'s content holds ``att``'s cue, and ``att``'s content does not hold ``p`` more widely."""
    # an uncued content is no one's word: it holds no attribution
    if p is att or p.cue is None or p.content is None or att.cue is None:
        return False
    if not holds(_chars(p.content), _chars(att.cue)):
        return False
    # two attributions whose contents hold each other's cues: the wider one is the parent
    return not (att.content is not None and holds(_chars(att.content), _chars(p.cue))
                and _width(att.content) >= _width(p.content))


def nest(atts: list[Attribution]) -> None:
    """Parent = the attribution of the same sentence with the narrowest content holding this one's cue."""
    by_sentence: dict[int, list[Attribution]] = {}
    for att in atts:
        by_sentence.setdefault(att.sentence.start, []).append(att)
    for att in atts:
        parents = [p for p in by_sentence[att.sentence.start] if _may_hold(p, att)]
        parent = min(parents, key=lambda p: _width(p.content)) if parents else None  # type: ignore[arg-type]
        if parent is not None:
            att.parent_id = parent.id


def chain(atts: list[Attribution], raws: list[Raw], publisher: str) -> None:
    """Each chain: the publisher, then from the outermost parent in, each one's relays and speaker."""
    by_cue = {(r.cue[0], r.cue[1]): r for r in raws}
    by_id = {a.id: a for a in atts}
    for att in atts:
        names = [publisher]
        stack: list[Attribution] = []
        p: Attribution | None = att
        while p is not None and p not in stack:  # a parent cycle must not hang the run
            stack.append(p)
            p = by_id.get(p.parent_id) if p.parent_id else None
        for a in reversed(stack):
            raw = by_cue.get((a.cue.start, a.cue.end)) if a.cue else None
            if raw is not None:
                names.extend(raw.relays)
            if a.speaker is not None:
                names.append(a.speaker.name)
        att.chain_names = dedupe(names)
    carry_venues(atts, by_cue)


# how far after the last quote of an interview the next one may start and still come from it: about
# two sentences of narration
VENUE_REACH = 400


def carry_venues(atts: list[Attribution], by_cue: dict[CharSpan, Raw]) -> None:
    """The next quotes of the same speaker carry the venue of the interview they come from: 'X said on
    CNN ... "It was a prank," X added.' A top-level attribution of someone else, or a gap of more than
    :data:`VENUE_REACH` characters, ends the interview."""
    venue: str | None = None
    speaker: str | None = None
    said: tuple[int, int] | None = None  # the content the venue was named for
    last_end = 0
    for att in atts:
        if att.parent_id is not None or att.cue is None:
            continue
        raw = by_cue.get((att.cue.start, att.cue.end))
        name = att.speaker.name if att.speaker is not None else None
        content = (att.content.start, att.content.end) if att.content is not None else None
        if venue is not None and content is not None and content == said:
            continue  # '"…," X said to the Caller and her group confirmed to us': one interview still
        if raw is not None and raw.venue is not None:
            said = content
            # an occasion that names no outlet ("in a debate") ends the interview all the same
            venue, speaker, last_end = raw.venue or None, name, att.sentence.end
            continue
        opening = att.sentence.text.lstrip(" \n\"“").split(" ", 1)[0].strip(",").lower()
        if (venue is None or name is None or name != speaker or att.sentence.start - last_end > VENUE_REACH
                or opening in ELSEWHEN):  # "Earlier, the governor had refused ...": another occasion
            venue = None
            continue
        if raw is not None and not raw.relays and len(att.chain_names) == 2:
            att.chain_names = dedupe([att.chain_names[0], venue, *att.chain_names[1:]])
        last_end = att.sentence.end


def nest_and_chain(atts: list[Attribution], raws: list[Raw], publisher: str) -> None:
    """Parent = the attribution whose content holds this one's cue; chains extend the parent's."""
    nest(atts)
    chain(atts, raws, publisher)
    # '"…," said one official, according to the network': the network relays the official's words
    fold_relays(atts)
    # "…, according to officials, per NBC News": the per-outlet is the relay of the according-to source
    merge_per_relays(atts)


def _relays(att: Attribution) -> bool:
    """An attribution that passes on what someone else said: "according to X", "X reported" (not
    "according to his campaign", which names the speaker's own side again)."""
    own_side = att.source is not None and att.source.text.lower().startswith(("his ", "her ", "their ", "its "))
    return att.speaker is not None and not own_side and (
        att.kind is AttributionKind.according_to or att.stance is Stance.reports
    )


def _hops(relay: Attribution) -> list[str]:
    """The hops a relay adds: its chain after the publisher, less a document it names ("according to
    the excerpts" passes on the speaker's own words; the outlet that obtained them stays a hop)."""
    hops = relay.chain_names[1:]
    if relay.speaker is not None and relay.speaker.kind is EntityKind.document and hops:
        hops = hops[:-1]
    return hops


def _passes_on(relay: Attribution, speech: Attribution) -> bool:
    """Whether ``relay``'s content is ``speech``'s words: half their characters shared, or the
    speech whole (its source, cue and content) filling four fifths of what the relay says."""
    if relay.content is None or speech.content is None or relay.sentence.start != speech.sentence.start:
        return False
    passed = _chars(relay.content)
    if jaccard(_chars(speech.content), passed) >= 0.5:
        return True
    return holds(passed, hull(speech)) and carries(relay.content, speech)


def fold_relays(atts: list[Attribution]) -> None:
    """A relay of what a speaker of its sentence said holds that speaker's attribution:
    '"…," said one senior official, according to the network', '"…," the senator continued,
    according to the agency', 'She added that …, the newspaper reported'. The relay stays an
    attribution (the network did report it), the speech is nested in it with the chain [publisher,
    relay, speaker], and claims read through a relay that carries nothing else
    (:func:`~sourcetrace.attribution.relays.relayed_wholly`): one source, not two."""
    taken: set[str] = set()
    for relay in atts:
        if not _relays(relay) or _is_per(relay):
            continue
        speech = next((s for s in atts if s is not relay and s.id not in taken and s.speaker is not None
                       and s.speaker.kind is not EntityKind.outlet and s.cue is not None and not _relays(s)
                       and s.parent_id in (None, relay.id, relay.parent_id) and _passes_on(relay, s)), None)
        if speech is not None:
            speech.parent_id = relay.id
            speech.chain_names = dedupe([relay.chain_names[0], *_hops(relay), speech.speaker.name])  # type: ignore[union-attr]
            taken.add(speech.id)
            continue
        report = next((s for s in atts if s is not relay and s.id not in taken and s.speaker is not None
                       and s.speaker.kind is EntityKind.outlet and s.content is not None
                       and s.parent_id in (None, relay.id, relay.parent_id) and _passes_on(relay, s)), None)
        if report is not None and relay.kind is AttributionKind.according_to:
            # "The Post reports that …, according to people familiar with the case": the people are
            # the Post's sources, as in "the Post reported, citing people familiar with the case";
            # what they say is what the Post reports
            if report.parent_id == relay.id:
                report.parent_id = relay.parent_id  # the relay held the report: it no longer does
            relay.parent_id = report.id
            report.chain_names = dedupe([*relay.chain_names[:-1], report.speaker.name])  # type: ignore[union-attr]
            relay.chain_names = dedupe([*report.chain_names, relay.speaker.name])  # type: ignore[union-attr]
            relay.content = report.content
            taken.update((report.id, relay.id))


def _is_per(att: Attribution) -> bool:
    return att.cue is not None and att.cue.text.lower() == "per"


def _relayed_by(acc: Attribution, per: Attribution) -> bool:
    """Whether ``per`` relays ``acc``: "…, according to officials, per NBC News", "…, he said, per the outlet"."""
    return (
        acc is not per and acc.sentence.start == per.sentence.start
        and acc.cue is not None and not _is_per(acc) and acc.speaker is not None
        and acc.kind in PER_RELAYED
    )


def merge_per_relays(atts: list[Attribution]) -> None:
    """Join "according to X, per Y" in one sentence into one attribution with chain […, Y, X]."""
    drop: set[str] = set()
    for per in atts:
        if not _is_per(per) or per.speaker is None:
            continue
        for acc in atts:
            if _relayed_by(acc, per):
                acc.chain_names = dedupe([*acc.chain_names[:-1], per.speaker.name, acc.speaker.name])  # type: ignore[union-attr]
                drop.add(per.id)
    _drop(atts, drop)


def _drop(atts: list[Attribution], drop: set[str]) -> None:
    """``atts`` without the folded relays, renumbered; one that a relay held takes the relay's parent."""
    if drop:
        parent_of = {a.id: a.parent_id for a in atts}
        keep = [a for a in atts if a.id not in drop]
        for a in keep:
            # the relay's content held the attribution it relays: that one takes its parent
            while a.parent_id in drop:
                a.parent_id = parent_of[a.parent_id]
        renumber(keep)
        atts[:] = keep


def renumber(atts: list[Attribution]) -> None:
    """Ids 'a1', 'a2', … again in order, with no gap where a relay was folded, parents following."""
    new_ids = {a.id: f"{a.id.rsplit(':a', 1)[0]}:a{n}" for n, a in enumerate(atts, 1)}
    for a in atts:
        a.id = new_ids[a.id]
        if a.parent_id is not None:
            a.parent_id = new_ids.get(a.parent_id)


def dedupe(chain: list[str]) -> list[str]:
    """The chain without a name repeated next to itself ("the" aside)."""
    out: list[str] = []
    for name in chain:
        if not out or out[-1].lower().removeprefix("the ") != name.lower().removeprefix("the "):
            out.append(name)
    return out


def _with_content(doc: Doc, sentence: Span, content: SpacySpan) -> Span:
    """The cue's sentence widened to the whole sentences the content runs over (“The text is
    essentially done. What remains is the signing ceremony,” one of the officials told ...)."""
    if (sentence.start <= content.start_char and content.end_char <= sentence.end) or not len(content):
        return sentence
    start = min(sentence.start, content[0].sent.start_char)
    end = max(sentence.end, content[-1].sent.end_char)
    return Span(start=start, end=end, text=doc_text(doc)[start:end])


def read_contents(doc: Doc, atts: list[Attribution]) -> None:
    """Each content's proposition (whether it states something), its sentence widened to hold it, and
    what kind of act its cue reports (said, wrote, believes, saw ...)."""
    for att in atts:
        cue = None if att.cue is None else doc.char_span(att.cue.start, att.cue.end, "expand")
        if cue is not None:
            att.act = act_of([t.lemma_ for t in cue])
        content = None if att.content is None else doc.char_span(att.content.start, att.content.end, "expand")
        if content is not None:
            att.proposition = states_something(content, att.kind)
            att.sentence = _with_content(doc, att.sentence, content)
