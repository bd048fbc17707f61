"""Attributions from raw ones: text order and ids, nesting, chains, "per" relays folded, and
what each content states."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sourcetrace.attribution.meaning import states_something
from sourcetrace.attribution.raw import Raw, Uncued
from sourcetrace.dossier.models import Article, Attribution, AttributionKind, Span
from sourcetrace.nlp import doc_text
from sourcetrace.text.spans import CharSpan, holds

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
    seen: set[CharSpan] = set()
    found: list[tuple[CharSpan, Raw | Uncued]] = [(r.cue, r) for r in raws] + [(u.content, u) for u in uncued]
    for _, raw in sorted(found, key=lambda f: f[0]):
        att_id = f"{article.id}:a{len(result) + 1}"
        if isinstance(raw, Uncued):
            result.append(Attribution(
                id=att_id, article_id=article.id, content=span(raw.content),
                sentence=span(raw.sentence) or _NO_SPAN, kind=AttributionKind.uncued,
            ))
        elif raw.cue not in seen:
            seen.add(raw.cue)
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


def nest_and_chain(atts: list[Attribution], raws: list[Raw], publisher: str) -> None:
    """Parent = the attribution whose content holds this one's cue; chains extend the parent's."""
    nest(atts)
    chain(atts, raws, publisher)
    # "…, according to officials, per NBC News": the per-outlet is the relay of the according-to source
    merge_per_relays(atts)


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
    if drop:
        parent_of = {a.id: a.parent_id for a in atts}
        keep = [a for a in atts if a.id not in drop]
        for a in keep:
            # the "per" relay's content held the attribution it relays: that one takes its parent
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
    """Each content's proposition (whether it states something), and its sentence widened to hold it."""
    for att in atts:
        content = None if att.content is None else doc.char_span(att.content.start, att.content.end, "expand")
        if content is not None:
            att.proposition = states_something(content, att.kind)
            att.sentence = _with_content(doc, att.sentence, content)
