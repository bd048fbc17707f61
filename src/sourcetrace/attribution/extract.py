"""Rule-based attribution extraction on the spaCy dependency parse, with relay chains.

For each sentence: verbs of saying (``cues.SAY_VERBS``) with their subject as source and
their clausal complement or the adjacent quotation as content; "according to X" and
"per X"; "citing X" (a relay: the citing outlet passes on X); "told <outlet>";
"reportedly" and "is said to" (no source); headline lines ``Name: "…"``.
Sources are resolved by :class:`~sourcetrace.attribution.speakers.SpeakerResolver`.
A chain runs publisher → relays → original source; an attribution whose cue lies in
another's content is nested in it and extends its chain. With the trained tagger, a
content it finds with no cue to pair stays as an ``uncued`` attribution (no source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sourcetrace.attribution.speakers import OUTLET_ROLE, SpeakerResolver, kind_of
from sourcetrace.attribution.tagger import TaggedRelation, load_tagger
from sourcetrace.dossier.models import (
    Article,
    Attribution,
    AttributionKind,
    EntityKind,
    Span,
    Speaker,
    Stance,
)
from sourcetrace.nlp import doc_text
from sourcetrace.settings import Settings
from sourcetrace.text.cues import BROAD_VERBS, REPORTEDLY, phrase_stance, stance_for
from sourcetrace.text.polarity import HEDGE_WORDS, withholds

QUOTE = re.compile(r"“[^”]{2,}”|\"[^\"\n]{2,}\"")
HEADLINE = re.compile(r"^(?P<src>[A-Z][\w.’' -]{1,60})(?P<cue>:)\s*(?P<q>[“\"].+[”\"])\s*$", re.M)
# a pull quote signed after a dash: “We were never told.” ― Dana Ortiz
BYLINE = re.compile(r"^[ \t\u00a0]*(?P<q>[“”\"][^\n]+[”\"])[ \t\u00a0]*(?P<cue>[―—])[ \t\u00a0]*"
                    r"(?P<src>[A-Z][\w.’' -]{1,60}?)[ \t\u00a0.]*$", re.M)
TRIM = " \t\n,.;:—–-“”\"'‘’"
# Cues whose direct object is what is said: "denied the reports", "confirmed the details"
OBJECT_CUES = frozenset({"deny", "confirm", "reject", "dismiss", "announce", "report", "warn", "admit", "acknowledge"})
CITED_NOUNS = frozenset({"interview", "interviews", "document", "documents", "source", "sources", "report", "reports"})


@dataclass
class _Raw:
    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    sentence: tuple[int, int]
    kind: AttributionKind
    stance: Stance
    speaker: Speaker | None = None
    relays: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Uncued:
    """A content the tagger found that no cue of its own took: reported, but it cannot say by whom."""

    content: tuple[int, int]
    sentence: tuple[int, int]


def extract(article: Article, doc: Doc, settings: Settings) -> list[Attribution]:
    """Every attribution in one parsed article."""
    publisher = article.outlet or "unknown outlet"
    resolver = SpeakerResolver(doc, article.outlet)
    quotes = [(m.start(), m.end()) for m in QUOTE.finditer(doc_text(doc))]
    raws: list[_Raw] = []
    for sent in doc.sents:
        raws.extend(_sentence_attributions(sent, quotes, resolver))
    raws.extend(_headlines(doc, resolver))
    tagger = load_tagger(settings.attribution_model) if settings.use_tagger else None
    uncued: list[_Uncued] = []
    if tagger is not None:
        raws, uncued = _with_tagger(doc, raws, tagger.predict(doc, _role_spans(raws)), resolver, quotes)
    _mark_withheld(doc_text(doc), raws)
    # "WASHINGTON — Valdoria has agreed ..., officials said": the dateline is where, not what is said
    for raw in raws:
        raw.content = _after_dateline(doc, raw.content)
    uncued = [_Uncued(c, u.sentence) for u in uncued if (c := _after_dateline(doc, u.content)) is not None]
    atts = _finish(article, publisher, raws, uncued)
    for att in atts:
        content = None if att.content is None else doc.char_span(att.content.start, att.content.end, "expand")
        if content is not None:
            att.proposition = states_something(content, att.kind)
            att.sentence = _with_content(doc, att.sentence, content)
    return atts


def _with_content(doc: Doc, sentence: Span, content: SpacySpan) -> Span:
    """The cue's sentence widened to the whole sentences the content runs over (“The text is
    essentially done. What remains is the signing ceremony,” one of the officials told ...)."""
    if (sentence.start <= content.start_char and content.end_char <= sentence.end) or not len(content):
        return sentence
    start = min(sentence.start, content[0].sent.start_char)
    end = max(sentence.end, content[-1].sent.end_char)
    return Span(start=start, end=end, text=doc_text(doc)[start:end])


# finite verbs and modals: what makes a content a statement rather than a topic
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_FIGURE_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})


def _has_subject(tok: Token) -> bool:
    """A verb with a subject of its own and no "to": a clause even when the tagger reads its verb
    as a participle ("that the Founders never intended ...", "intended" tagged VBN)."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    kids = list(tok.children)
    return any(c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in kids) and not any(c.tag_ == "TO" for c in kids)


def states_something(span: SpacySpan, kind: AttributionKind) -> bool:
    """Whether a content can be true or false: a clause with a finite verb, a figure, or a quotation
    of four words or more. "the details" (of "has not confirmed the details") is a topic and "journalists to
    wait" (of "urged journalists to wait") a request: attributed, but no claim."""
    if any(t.tag_ in _FINITE_TAGS or _has_subject(t) for t in span):
        return True
    if any(t.ent_type_ in _FIGURE_ENTS for t in span):
        return True  # "estimated it as costing more than $1 million": a figure can be checked
    return kind is AttributionKind.direct and sum(1 for t in span if t.is_alpha) >= 4


def _mark_withheld(text: str, raws: list[_Raw]) -> None:
    """Refusals and anonymity conditions ("declined to comment", "did not respond to") say nothing: no claim."""
    for raw in raws:
        # the words just before the cue hold its negation ("did not" + "respond")
        before = " ".join(text[raw.sentence[0] : raw.cue[0]].split()[-3:])
        if withholds(text[raw.cue[0] : raw.cue[1]], before, text[raw.cue[1] : raw.cue[1] + 80]):
            raw.stance = Stance.withholds


def _span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    text = doc_text(doc)
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end) if end > start else None


def _tokens(doc: Doc, start_i: int, end_i: int) -> tuple[int, int] | None:
    if end_i <= start_i:
        return None
    return _span(doc, doc[start_i].idx, doc[end_i - 1].idx + len(doc[end_i - 1]))


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _quote_near(quotes: list[tuple[int, int]], sent: SpacySpan, cue: Token) -> tuple[int, int] | None:
    """The quotation in the cue's sentence, nearest to the cue, with a split quote's continuation."""
    inside = [q for q in quotes if q[0] < sent.end_char and q[1] > sent.start_char]
    if not inside:
        return None
    before = [q for q in inside if q[1] <= cue.idx]
    after = [q for q in inside if q[0] >= cue.idx]
    q = before[-1] if before else after[0] if after else inside[0]
    # “A,” he said. “B.” — the continuation right after the cue's sentence belongs to it
    follow = [n for n in quotes if 0 <= n[0] - sent.end_char <= 2 and "\n\n" not in doc_text(sent.doc)[q[1] : n[0]]]
    if before and follow:
        return q[0], follow[0][1]
    return q


def _sentence_attributions(sent: SpacySpan, quotes: list[tuple[int, int]], resolver: SpeakerResolver) -> list[_Raw]:
    doc = sent.doc
    out: list[_Raw] = []
    s_range = (sent.start_char, sent.end_char)
    for tok in sent:
        low = tok.lower_
        if low in REPORTEDLY:
            out.append(_Raw((tok.idx, tok.idx + len(tok)), None, _span(doc, *s_range), s_range,
                            AttributionKind.reportedly, Stance.hedges))
            continue
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                out.append(_prep_attribution(sent, tok, doc[tok.i + 1], obj, resolver))
            continue
        if low == "per" and tok.pos_ == "ADP":
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None:
                out.append(_prep_attribution(sent, tok, tok, obj, resolver))
            continue
        if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ in {"amod", "compound"}:
            continue
        stance = stance_for(tok.lemma_)
        if stance is None or tok.lemma_ == "citing":
            continue
        raw = _verb_attribution(sent, tok, stance, quotes, resolver)
        if raw is not None:
            out.append(raw)
    return out


def _prep_attribution(
    sent: SpacySpan, first: Token, last: Token, obj: Token, resolver: SpeakerResolver
) -> _Raw:
    """ "…, according to X" / "…, per X": the rest of the sentence is the content."""
    doc = sent.doc
    # "senior US officials, per NBC News": the per-relay is its own attribution, not part of the source
    cut = min((t.i for t in obj.subtree if t.i > obj.i and t.lower_ == "per"), default=obj.right_edge.i + 1)
    src = _tokens(doc, obj.left_edge.i, cut)
    phrase_start, phrase_end = first.i, cut
    left = _tokens(doc, sent.start, phrase_start)
    right = _tokens(doc, phrase_end, sent.end)
    content = left if (left and (not right or left[1] - left[0] >= right[1] - right[0])) else right
    speaker = resolver.resolve(doc[obj.left_edge.i : cut])
    stance = Stance.hedges if any(t.lemma_ in HEDGE_WORDS for t in sent) else Stance.asserts
    return _Raw((first.idx, last.idx + len(last)), src, content, (sent.start_char, sent.end_char),
                AttributionKind.according_to, stance, speaker)


def _verb_attribution(
    sent: SpacySpan, verb: Token, stance: Stance, quotes: list[tuple[int, int]], resolver: SpeakerResolver
) -> _Raw | None:
    doc = sent.doc
    # two subjects happen after a dateline ("VELGRAD — the ministry denied"): the nearer one speaks
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    subj = max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=subjects[0] if subjects else None)
    head = verb
    while not subjects and head.head is not head and (
        head.dep_ == "conj" or (head.dep_ in {"advcl", "xcomp"} and head.tag_ == "VBG")
    ):
        # "..., saying that ..." too: the participle speaks for the main verb's subject
        # "Marsh declined to discuss X but said ...": the second verb shares the first one's subject
        head = head.head
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
    subj = subj or max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    # a ccomp is a clause whatever its head was tagged ("respected" can come out ADJ)
    comp = next(
        (c for c in verb.children if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"})), None
    )
    if comp is None:
        # "said in a statement that ...": the clause hangs off the noun, not the verb
        comp = next(
            (
                g for c in verb.children if c.dep_ == "prep" for n in c.children if n.dep_ == "pobj"
                for g in n.children
                if g.dep_ in {"acl", "ccomp"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)
            ),
            None,
        )
    dobj = next((c for c in verb.children if c.dep_ in {"dobj", "dative"}), None)
    s_range = (sent.start_char, sent.end_char)
    cue = (verb.idx, verb.idx + len(verb))
    # "is said to" / "it was reported that": no source
    if subj is not None and subj.dep_ == "nsubjpass" and agent is None:
        if verb.dep_ != "ROOT" and not any(c.dep_ == "xcomp" for c in verb.children):
            # "as more details are confirmed", "questions he was being asked": an event in a
            # subordinate clause, not a report (on PolNeAR dev 4 in 27 of these were a cue)
            return None
        content = _tokens(doc, sent.start, sent.end)
        return _Raw(cue, None, content, s_range, AttributionKind.reportedly, Stance.hedges)
    if subj is not None and subj.lower_ == "it" and verb.lemma_ in {"report", "say"} and any(
        c.dep_ == "auxpass" for c in verb.children
    ):
        return _Raw(cue, None, _tokens(doc, sent.start, sent.end), s_range, AttributionKind.reportedly, Stance.hedges)
    if agent is not None:
        subj = next((c for c in agent.children if c.dep_ == "pobj"), subj)
    if subj is None:
        return None
    if subj.pos_ == "PRON" and subj.lower_ in {"i", "we", "you"}:
        pass  # first-person speakers are still attributions (PolNeAR counts them)
    src_tok = _subtree(subj)
    # a dateline before the subject: "VELGRAD — Ostrava's foreign ministry denied"
    dash = [t.i for t in doc[src_tok[0] : src_tok[1]] if t.text in {"—", "–", "--"}]
    if dash and dash[-1] + 1 < src_tok[1]:
        src_tok = (dash[-1] + 1, src_tok[1])
    elif src_tok[1] < verb.i and doc[src_tok[1]].text in {"—", "–", "--"}:
        chunk = next((c for c in sent.noun_chunks if c.start == src_tok[1] + 1 and c.end <= verb.i), None)
        if chunk is not None:
            src_tok = (chunk.start, chunk.end)
    source = _tokens(doc, *src_tok)
    content: tuple[int, int] | None = None
    if comp is not None:
        content = _tokens(doc, *_subtree(comp))
        if comp.i < verb.i and subj.i < verb.i and verb.dep_ in {"ROOT", "parataxis"}:
            # "A, but B, the officials said": all that comes before the source is said, not the
            # clause the parse hung under the verb; a dateline ("WASHINGTON —") is not
            content = _after_dateline(doc, _tokens(doc, sent.start, src_tok[0])) or content
    quote = _quote_near(quotes, sent, verb)
    if quote is not None and quote[0] <= verb.idx < quote[1]:
        quote = None  # a verb inside a quotation is part of what is said, not a cue for it
    quote_wins = content is None or comp is None or (comp.i > verb.i and quote is not None and quote[0] < verb.idx)
    if quote is not None and (content is None or not _overlaps(content, quote)) and quote_wins:
        content = _span(doc, *quote)
        if comp is None and dobj is not None and dobj.i > verb.i and dobj.left_edge.idx < quote[0] < verb.right_edge.idx:
            # "called half of his supporters “deplorables”": the object and its quoted label
            content = _tokens(doc, dobj.left_edge.i, min(verb.right_edge.i + 1, sent.end))
    elif quote is not None and content is not None and quote[0] <= content[0] and content[1] <= quote[1]:
        # the parse saw one sentence of a quotation that runs over several: the quotation is the content
        content = _span(doc, *quote)
    if verb.lemma_ in BROAD_VERBS and not (
        (comp is not None and comp.dep_ in {"ccomp", "acl"}) or (quote is not None and content == _span(doc, *quote))
    ):
        return None
    if content is None and dobj is not None and verb.lemma_ in OBJECT_CUES:
        content = _tokens(doc, *_subtree(dobj))
    if content is None and verb.dep_ in {"ROOT", "parataxis"} and subj.i < verb.i:
        # "…, the officials said." — the content is the rest of the sentence
        content = _tokens(doc, sent.start, src_tok[0])
    if content is None or source is None:
        return None
    kind = _quote_kind(doc_text(doc), content, quotes)
    if content[1] <= verb.idx:
        # “A,” he said. “B.” — the quotation carries on right after the cue's sentence
        follow = [q for q in quotes if 0 <= q[0] - sent.end_char <= 2 and _whole_sentence(doc, q)]
        if follow and kind == AttributionKind.direct:
            content = (content[0], _span(doc, *follow[0])[1])  # type: ignore[index]
    if verb.lemma_ == "say" and any(
        c.dep_ == "prep" and any(g.lower_ == "statement" for g in c.subtree) for c in verb.children
    ):
        kind = AttributionKind.statement
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated and stance in {Stance.confirms, Stance.asserts, Stance.admits}:
        stance = Stance.hedges  # "did not confirm" reports no confirmation: tentative, not a denial
    elif stance == Stance.asserts and any(t.lemma_ in HEDGE_WORDS for t in doc[comp.left_edge.i : comp.right_edge.i + 1]) if comp is not None else False:
        stance = Stance.hedges
    if stance is Stance.asserts and _denies(doc, content):
        stance = Stance.denies
    elif stance is Stance.asserts and kind is AttributionKind.statement and _future(doc, content):
        stance = Stance.announces  # "will begin sailing in May, the operator said in a statement"
    speaker = resolver.resolve(doc[src_tok[0] : src_tok[1]])
    raw = _Raw(cue, source, content, s_range, kind, stance, speaker)
    # relays: "X, citing Y, reported"; "X told the newspaper/NBC News"
    for c in verb.children:
        if c.lower_ == "citing" or (c.dep_ == "advcl" and c.lower_ == "citing"):
            cited = _cited(c)
            if cited is not None:
                raw.relays.append(speaker.name)
                raw.speaker = resolver.resolve(doc[cited.left_edge.i : cited.right_edge.i + 1])
    if verb.lemma_ == "tell" and dobj is not None:
        told = doc[dobj.left_edge.i : dobj.right_edge.i + 1]
        told_kind = kind_of(told.text, doc)
        if told_kind == EntityKind.outlet or OUTLET_ROLE.match(told.text.lower()):
            outlet = resolver.resolve(told)
            raw.relays.append(outlet.name)
    return raw


DISMISSIVE = frozenset(
    {"speculation", "false", "untrue", "baseless", "unfounded", "fabricated", "fabrication", "nonsense",
     "rumour", "rumor", "rumours", "rumors", "fake", "incorrect", "inaccurate", "wrong", "misleading", "lies"}
)
REPORT_NOUNS = frozenset({"report", "reports", "claim", "claims", "allegation", "allegations", "story", "stories", "account"})


def _denies(doc: Doc, content: tuple[int, int]) -> bool:
    """Whether what is said is itself a denial: "No agreement has been reached";
    "reports of a deal were speculation"."""
    toks = [t for t in doc.char_span(*content, alignment_mode="expand") or []]
    if not toks:
        return False
    for t in toks:
        if t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"}:
            verb = t.head
            if any(a.tag_ == "MD" for a in verb.children):
                continue  # "Nothing will be decided abroad" is a promise, not a denial
            past_or_perfect = verb.tag_ in {"VBD", "VBN"} or any(
                a.lemma_ == "have" for a in verb.children if a.dep_ == "aux"
            ) or verb.lemma_ == "exist"
            if past_or_perfect and (
                any(d.lower_ == "no" for d in t.children if d.dep_ == "det") or t.lower_ in {"none", "nothing"}
            ):
                return True
            if t.lower_ in REPORT_NOUNS and any(w.lower_ in DISMISSIVE for w in verb.subtree):
                return True
    return False


# "WASHINGTON —", "SELKA, Valdoria, March 9 (Continental Wire) —": a capitalised place, then
# title-case places or a date, an agency in brackets, a dash, and a sentence
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ ]*[A-Z.](?:,\s*[A-Z][\w.'’ ]*?)*\s*(?:\([^)]{1,40}\))?\s*(?:[―—–]+|\s-{1,2}\s)\s*(?=[A-Z“\"‘'])"
)


def _after_dateline(doc: Doc, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """``span`` without a leading dateline ("WASHINGTON —", "SELKA, Valdoria (Wire) —")."""
    if span is None:
        return None
    m = DATELINE.match(doc_text(doc)[span[0] : span[1]])
    return _span(doc, span[0] + m.end(), span[1]) if m else span


def _future(doc: Doc, content: tuple[int, int]) -> bool:
    """Whether what is said is a plan: its main verb takes "will"."""
    span = doc.char_span(*content, alignment_mode="expand")
    return span is not None and any(t.lower_ in {"will", "'ll"} and t.dep_ == "aux" for t in span)


def _whole_sentence(doc: Doc, quote: tuple[int, int]) -> bool:
    """Whether a quotation stands alone as its sentence(s), with no cue of its own."""
    text, end = doc_text(doc), quote[1]
    while end < len(text) and text[end] in ".,;":
        end += 1
    span = doc.char_span(quote[0], end, alignment_mode="expand")
    return span is not None and all(t.sent.start_char >= quote[0] - 1 for t in span) and (
        span.end >= len(doc) or doc[span.end].is_sent_start or doc[span.end].is_space
    )


def _cited(citing: Token) -> Token | None:
    obj = next((c for c in citing.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    if obj.lower_ in CITED_NOUNS:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in {"with", "from", "by"}:
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return inner
    return obj


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Character Jaccard of two spans."""
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / union if union else 0.0


def _holds(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


_QUOTE_KINDS = frozenset({AttributionKind.direct, AttributionKind.mixed, AttributionKind.indirect})


def _quote_kind(text: str, content: tuple[int, int], quotes: list[tuple[int, int]]) -> AttributionKind:
    inside = [q for q in quotes if _overlaps(q, content)]
    if not inside:
        return AttributionKind.indirect
    covered = sum(min(q[1], content[1]) - max(q[0], content[0]) for q in inside)
    return AttributionKind.direct if covered >= 0.8 * (content[1] - content[0]) else AttributionKind.mixed


def _headlines(doc: Doc, resolver: SpeakerResolver) -> list[_Raw]:
    """Quotes signed outside a sentence: ``Kirby: "…"`` and ``"…" ― Dana Ortiz``."""
    out, text = [], doc_text(doc)
    for m in (*HEADLINE.finditer(text), *BYLINE.finditer(text)):
        src = (m.start("src"), m.end("src"))
        span = doc.char_span(*src, alignment_mode="expand")
        speaker = resolver.resolve(span) if span is not None else Speaker(name=m.group("src"), kind=EntityKind.other)
        content = _span(doc, m.start("q"), m.end("q"))
        out.append(_Raw((m.start("cue"), m.end("cue")), src, content, (m.start(), m.end()),
                        AttributionKind.statement, Stance.asserts, speaker))
    return out


def _finish(article: Article, publisher: str, raws: list[_Raw], uncued: list[_Uncued]) -> list[Attribution]:
    """The attributions in text order (by cue, or by content where there is no cue), nested and chained."""
    text = article.text

    def span(r: tuple[int, int] | None) -> Span | None:
        return None if r is None else Span(start=r[0], end=r[1], text=text[r[0] : r[1]])

    result: list[Attribution] = []
    seen: set[tuple[int, int]] = set()
    found: list[tuple[tuple[int, int], _Raw | _Uncued]] = [(r.cue, r) for r in raws] + [(u.content, u) for u in uncued]
    for _, raw in sorted(found, key=lambda f: f[0]):
        if isinstance(raw, _Uncued):
            result.append(Attribution(
                id=f"{article.id}:a{len(result) + 1}", article_id=article.id, content=span(raw.content),
                sentence=span(raw.sentence) or Span(start=0, end=0, text=""), kind=AttributionKind.uncued,
            ))
            continue
        if raw.cue in seen:
            continue
        seen.add(raw.cue)
        att = Attribution(
            id=f"{article.id}:a{len(result) + 1}",
            article_id=article.id,
            source=span(raw.source),
            cue=span(raw.cue),
            content=span(raw.content),
            sentence=span(raw.sentence) or Span(start=0, end=0, text=""),
            speaker=raw.speaker,
            kind=raw.kind,
            stance=raw.stance,
        )
        result.append(att)
    _nest_and_chain(result, raws, publisher)
    return result


def _nest_and_chain(atts: list[Attribution], raws: list[_Raw], publisher: str) -> None:
    """Parent = the attribution whose content holds this one's cue; chains extend the parent's."""
    by_cue = {(r.cue[0], r.cue[1]): r for r in raws}
    by_id = {a.id: a for a in atts}
    by_sentence: dict[int, list[Attribution]] = {}
    for att in atts:
        by_sentence.setdefault(att.sentence.start, []).append(att)
    for att in atts:
        parents = [
            p for p in by_sentence[att.sentence.start]
            # an uncued content is no one's word: it holds no attribution
            if p is not att and p.cue is not None and p.content is not None and att.cue is not None
            and p.content.start <= att.cue.start and att.cue.end <= p.content.end
            # two attributions whose contents hold each other's cues: the wider one is the parent
            and not (att.content is not None and p.cue is not None
                     and att.content.start <= p.cue.start and p.cue.end <= att.content.end
                     and (att.content.end - att.content.start) >= (p.content.end - p.content.start))
        ]
        parent = min(parents, key=lambda p: p.content.end - p.content.start) if parents else None  # type: ignore[union-attr]
        if parent is not None:
            att.parent_id = parent.id
    for att in atts:
        chain = [publisher]
        stack: list[Attribution] = []
        p: Attribution | None = att
        while p is not None and p not in stack:  # a parent cycle must not hang the run
            stack.append(p)
            p = by_id.get(p.parent_id) if p.parent_id else None
        for a in reversed(stack):
            raw = by_cue.get((a.cue.start, a.cue.end)) if a.cue else None
            if raw is not None:
                chain.extend(raw.relays)
            if a.speaker is not None:
                chain.append(a.speaker.name)
        # "…, according to officials, per NBC News": the per-outlet is the relay of the according-to source
        att.chain_names = _dedupe(chain)
    _merge_per_relays(atts)


def _merge_per_relays(atts: list[Attribution]) -> None:
    """Join "according to X, per Y" in one sentence into one attribution with chain […, Y, X]."""
    drop: set[str] = set()
    for per in atts:
        if per.cue is None or per.cue.text.lower() != "per" or per.speaker is None:
            continue
        for acc in atts:
            # "…, according to officials, per NBC News" and "…, he said, per the outlet"
            if acc is per or acc.sentence.start != per.sentence.start:
                continue
            if acc.cue is None or acc.cue.text.lower() == "per" or acc.speaker is None:
                continue
            if acc.kind not in {AttributionKind.according_to, AttributionKind.direct, AttributionKind.indirect,
                                AttributionKind.mixed, AttributionKind.statement}:
                continue
            acc.chain_names = _dedupe([*acc.chain_names[:-1], per.speaker.name, acc.speaker.name])
            drop.add(per.id)
    if drop:
        parent_of = {a.id: a.parent_id for a in atts}
        keep = [a for a in atts if a.id not in drop]
        for a in keep:
            # the "per" relay's content held the attribution it relays: that one takes its parent
            while a.parent_id in drop:
                a.parent_id = parent_of[a.parent_id]
        _renumber(keep)
        atts[:] = keep


def _renumber(atts: list[Attribution]) -> None:
    """Ids 'a1', 'a2', … again in order, with no gap where a relay was folded, parents following."""
    new_ids = {a.id: f"{a.id.rsplit(':a', 1)[0]}:a{n}" for n, a in enumerate(atts, 1)}
    for a in atts:
        a.id = new_ids[a.id]
        if a.parent_id is not None:
            a.parent_id = new_ids.get(a.parent_id)


def _dedupe(chain: list[str]) -> list[str]:
    out: list[str] = []
    for name in chain:
        if not out or out[-1].lower().removeprefix("the ") != name.lower().removeprefix("the "):
            out.append(name)
    return out


# A tagger source that is a relative pronoun ("officials, who said") is worse than the rules' antecedent.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Relay cues the rules fold into the chain of their sentence's attribution.
RELAY_CUES = frozenset({"citing", "per", "according to"})
UNTAGGED_KINDS = frozenset({AttributionKind.according_to, AttributionKind.statement})


def _role_spans(raws: list[_Raw]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {"source": [], "cue": [], "content": []}
    for r in raws:
        spans["cue"].append(r.cue)
        if r.source is not None:
            spans["source"].append(r.source)
        if r.content is not None:
            spans["content"].append(r.content)
    return spans


RELAY_WORD = re.compile(r"\b(?:" + "|".join(sorted(RELAY_CUES)) + r")\b", re.I)
RELAY_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(RELAY_CUES)) + r")\s+$", re.I)


def _relay_object(text: str, span: tuple[int, int] | None) -> bool:
    """True when ``span`` is what a relay word names ("citing three U.S. officials"), not what was said."""
    return span is not None and RELAY_BEFORE.search(text[max(0, span[0] - 20) : span[0]]) is not None


def _runs_into_relay(text: str, rule: tuple[int, int] | None, tagged: tuple[int, int]) -> bool:
    """True when the tagger's source is the rules' one run on into a relay ("officials, per NBC News")."""
    return (
        rule is not None
        and tagged[0] <= rule[0]
        and rule[1] < tagged[1]
        and RELAY_WORD.search(text[rule[1] : tagged[1]]) is not None
    )


def _resolve(doc: Doc, resolver: SpeakerResolver, source: tuple[int, int]) -> Speaker | None:
    """The speaker a tagged source means; None when its characters fall outside any token."""
    span = doc.char_span(*source, alignment_mode="expand")
    return resolver.resolve(span) if span is not None and len(span) else None


def _holds_nested(rule: _Raw, rel: TaggedRelation, raws: list[_Raw], rels: list[TaggedRelation]) -> bool:
    """The rules' content holds another attribution, missed by the tagger, whose content it gave to this cue.

    "X denied that Y, Meridian News reported": one BIO layer holds only one of two nested
    contents; when the tagger misses "denied" it hands "that Y" to "reported". The rules
    keep both (where the tagger finds both cues, its own contents measure better).
    """
    outer, inner = rule.content, rel.content
    if outer is None or inner is None or outer == inner or not (outer[0] <= inner[0] and inner[1] <= outer[1]):
        return False
    # the missed cue stands between the outer content's start and the inner one's ("X denied | that Y");
    # a cue after the tagger's content means the rules' content merely ran on too far
    return any(
        r is not rule and outer[0] <= r.cue[0] and r.cue[1] <= inner[0] and not any(_overlaps(r.cue, t.cue) for t in rels)
        for r in raws
    )


def _with_tagger(
    doc: Doc, raws: list[_Raw], rels: list[TaggedRelation], resolver: SpeakerResolver, quotes: list[tuple[int, int]]
) -> tuple[list[_Raw], list[_Uncued]]:
    """The tagger's relations, given the rules' speaker, chain, kind and stance where they agree.

    The tagger's cue, source and content win wherever it finds a cue (it measures better than
    the rules on PolNeAR dev, see the README); a relation with a cue the rules missed gets its
    source resolved by the same coreference rules. Of the rules' attributions the tagger does
    not confirm, only those it sees too rarely to learn stay: relay chains, "according to"
    and "per", headlines, and the speech an outlet's report opens with ("X denied ...,
    Meridian News reported"); and any whose content the tagger found without a cue of its
    own (relations with ``cue`` None), which then take the tagger's boundaries. The cue-less
    contents that confirm nothing come back apart, as uncued attributions: on PolNeAR dev two
    in five of them are exactly a gold content whose cue the tagger missed.
    """
    out: list[_Raw] = []
    confirmed: set[int] = set()
    loose = [rel.content for rel in rels if rel.cue is None and rel.content is not None]
    rels = [rel for rel in rels if rel.cue is not None]
    for rel in rels:
        same = next((r for r in raws if _overlaps(r.cue, rel.cue) and id(r) not in confirmed), None)
        if same is not None:
            confirmed.add(id(same))
            same.cue = rel.cue
            # the tagger may pair "reported" with the party a relay names, or find no content: the rules' content stays
            relay_named = same.content is not None and _relay_object(doc_text(doc), rel.content)
            if rel.content is not None and not relay_named and not _holds_nested(same, rel, raws, rels):
                same.content = rel.content
                if same.kind in _QUOTE_KINDS and not _holds(same.content, same.cue):
                    # the rules' kind was read on their content ("said ... "speculation"" and urged
                    # journalists to wait): read it again on the one that stays, unless it is a
                    # split quotation, whose hull holds the unquoted "said Daniel Marsh, ..."
                    same.kind = _quote_kind(doc_text(doc), same.content, quotes)
            if (
                rel.source is not None
                and doc_text(doc)[rel.source[0] : rel.source[1]].lower() not in RELATIVE_PRONOUNS
                and not _runs_into_relay(doc_text(doc), same.source, rel.source)
            ):
                if same.source is None or not _overlaps(same.source, rel.source):
                    # another mention speaks: resolve it rather than keep the rules' speaker
                    same.speaker = _resolve(doc, resolver, rel.source) or same.speaker
                same.source = rel.source
            out.append(same)
            continue
        cue_span = doc.char_span(*rel.cue, alignment_mode="expand")
        if cue_span is None or any(_overlaps(rel.cue, r.cue) for r in out):
            continue
        if rel.source is None and rel.content is None and not any(t.lower_ in REPORTEDLY for t in cue_span):
            # a cue alone, no one saying nothing ("as more details are confirmed"): on PolNeAR dev
            # dropping these gives cue precision 77.7 → 78.2 for recall 73.9 → 73.6
            continue
        if cue_span.text.lower() in RELAY_CUES and any(r.sentence[0] <= rel.cue[0] < r.sentence[1] for r in raws):
            continue  # relays: the rules fold them into the chain of the sentence's attribution
        if rel.source is not None and rel.content is not None and any(
            (r.relays or r.kind in UNTAGGED_KINDS) and r.source is not None and _overlaps(r.source, rel.source)
            and r.content is not None and _overlaps(r.content, rel.content) for r in raws
        ):
            # "X, citing Y, reported ...": the rules hold this one with its relay, and keep it below
            # (one the rules hold but do not keep must not be lost to both)
            continue
        sent = cue_span[0].sent
        stance = phrase_stance(cue_span.text) or next(
            (st for t in cue_span if (st := stance_for(t.lemma_)) is not None), Stance.asserts
        )
        speaker = None if rel.source is None else _resolve(doc, resolver, rel.source)
        kind = (
            AttributionKind.reportedly if rel.source is None
            else AttributionKind.indirect if rel.content is None
            else _quote_kind(doc_text(doc), rel.content, quotes)
        )
        out.append(_Raw(rel.cue, rel.source, rel.content, (sent.start_char, sent.end_char), kind, stance, speaker))
    # "X denied ..., Meridian News reported": the speech an outlet's report opens with
    opens = {
        k.content[0] for k in out
        if k.content is not None and k.speaker is not None and k.speaker.kind == EntityKind.outlet
    }
    for r in raws:
        if id(r) in confirmed or any(_overlaps(r.cue, k.cue) for k in out):
            continue
        # a content the tagger found but paired with no cue of its own confirms the rules' attribution
        # and gives it the tagger's boundaries (they measure better)
        found = _same_content(r.content, loose)
        if r.relays or r.kind in UNTAGGED_KINDS or (r.source is not None and r.source[0] in opens) or found:
            r.content = found or r.content
            out.append(r)
    # what is left of the tagger's cue-less contents still reads as reported: keep it, without a source
    uncued = []
    for c in loose:
        span = doc.char_span(*c, alignment_mode="expand")
        if span is None or not len(span) or any(k.content is not None and _overlaps(k.content, c) for k in out):
            continue
        uncued.append(_Uncued(c, (span[0].sent.start_char, span[-1].sent.end_char)))
    return out, uncued


def _same_content(content: tuple[int, int] | None, found: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of ``found`` most like ``content`` (character Jaccard at least 0.5), if any."""
    if content is None:
        return None
    best = max(found, key=lambda f: _jaccard(content, f), default=None)
    return best if best is not None and _jaccard(content, best) >= 0.5 else None
