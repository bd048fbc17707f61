"""The parse rules: one small function per construction that attributes, on the spaCy dependency parse.

Per token of a sentence, the first rule of ``TOKEN_RULES`` that applies reads it: "reportedly"
and "is said to" (no source); "according to X" and "per X"; a verb of saying
(``cues.SAY_VERBS``) with its subject as source and its clausal complement or the adjacent
quotation as content, with its relays ("citing X": the citing outlet passes on X; "told
<outlet>"). Per document, ``DOC_RULES`` read the quotes signed outside a sentence: headline
lines ``Name: "…"`` and byline pull quotes ``"…" ― Name``. Sources are resolved by
:class:`~sourcetrace.attribution.speakers.SpeakerResolver`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sourcetrace.attribution.meaning import denies, future, negated_stance, quote_kind
from sourcetrace.attribution.raw import Raw, after_dateline, subtree, token_span, trimmed
from sourcetrace.attribution.speakers import OUTLET_ROLE, SpeakerResolver, kind_of
from sourcetrace.dossier.models import AttributionKind, EntityKind, Speaker, Stance
from sourcetrace.nlp import doc_text
from sourcetrace.text.cues import BROAD_VERBS, NOMINAL_CUES, REPORTEDLY, stance_for
from sourcetrace.text.lexicon import ELSEWHEN, OBTAINING_LEMMAS, is_document_noun
from sourcetrace.text.polarity import HEDGE_WORDS
from sourcetrace.text.spans import CharSpan, overlaps

QUOTE = re.compile(r"“[^”]{2,}”|\"[^\"\n]{2,}\"")
HEADLINE = re.compile(r"^(?P<src>[A-Z][\w.’' -]{1,60})(?P<cue>:)\s*(?P<q>[“\"].+[”\"])\s*$", re.M)
# a pull quote signed after a dash: “We were never told.” ― Dana Ortiz
BYLINE = re.compile(r"^[ \t\u00a0]*(?P<q>[“”\"][^\n]+[”\"])[ \t\u00a0]*(?P<cue>[―—])[ \t\u00a0]*"
                    r"(?P<src>[A-Z][\w.’' -]{1,60}?)[ \t\u00a0.]*$", re.M)
# Cues whose direct object is what is said: "denied the reports", "confirmed the details"
OBJECT_CUES = frozenset({"deny", "confirm", "reject", "dismiss", "announce", "report", "warn", "admit", "acknowledge"})
CITED_NOUNS = frozenset({"interview", "interviews", "document", "documents", "source", "sources", "report", "reports"})
DASHES = frozenset({"—", "–", "--"})
# the verb's own clause ends a sentence: "…, the officials said"
MAIN_DEPS = frozenset({"ROOT", "parataxis"})


@dataclass(frozen=True)
class Context:
    """What every rule reads besides its sentence: the document's quotations and the speaker resolver."""

    quotes: list[CharSpan]
    resolver: SpeakerResolver


class TokenRule(NamedTuple):
    """A construction: whether a token opens it, and the attribution it reads there (None: nothing)."""

    applies: Callable[[Token], bool]
    read: Callable[[SpacySpan, Token, Context], Raw | None]


def find_quotes(doc: Doc) -> list[CharSpan]:
    """The document's quotations, in text order."""
    return [(m.start(), m.end()) for m in QUOTE.finditer(doc_text(doc))]


def rule_attributions(doc: Doc, ctx: Context) -> list[Raw]:
    """Every attribution the rules find: sentence by sentence, then the signed quotes."""
    raws: list[Raw] = []
    for sent in doc.sents:
        raws.extend(sentence_attributions(sent, ctx))
    for rule in DOC_RULES:
        raws.extend(rule(doc, ctx.resolver))
    return raws


def sentence_attributions(sent: SpacySpan, ctx: Context) -> list[Raw]:
    """Each token read by the first rule that applies to it."""
    out: list[Raw] = []
    for tok in sent:
        rule = next((r for r in TOKEN_RULES if r.applies(tok)), None)
        raw = None if rule is None else rule.read(sent, tok, ctx)
        if raw is not None:
            out.append(raw)
    return out


def _sentence_range(sent: SpacySpan) -> CharSpan:
    return sent.start_char, sent.end_char


def _pobj(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "pobj"), None)


# --- "reportedly" -------------------------------------------------------------------------


def _is_reportedly(tok: Token) -> bool:
    return tok.lower_ in REPORTEDLY


def _reportedly(sent: SpacySpan, tok: Token, ctx: Context) -> Raw:
    """ "X reportedly …": the sentence is the content, with no source."""
    return Raw((tok.idx, tok.idx + len(tok)), None, trimmed(sent.doc, *_sentence_range(sent)), _sentence_range(sent),
               AttributionKind.reportedly, Stance.hedges)


# --- "according to X", "per X" ------------------------------------------------------------


def _is_according_to(tok: Token) -> bool:
    doc = tok.doc
    return tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"


def _according_to(sent: SpacySpan, tok: Token, ctx: Context) -> Raw | None:
    to = sent.doc[tok.i + 1]
    obj = _pobj(to)
    if obj is None or _outlet_citing(tok, ctx.resolver) is not None:
        return None  # the outlet's report holds it as its relay (``_add_relays``)
    return _prep_attribution(sent, tok, to, obj, ctx.resolver)


def _outlet_citing(according: Token, resolver: SpeakerResolver) -> Token | None:
    """The outlet's verb of saying that "according to X" names the sources of, if it does: "The Herald
    now reports that Smith was charged, according to people familiar with the case" (hung on the verb
    or inside what it reports) names the Herald's sources, as "citing" would (Sentinel ← Herald ←
    people), not someone who relays the Herald."""
    verb = according.head
    if verb.dep_ == "ccomp" and stance_for(verb.lemma_) is None:
        verb = verb.head
    subj = _subject(verb)
    if subj is None or stance_for(verb.lemma_) is None or _complement(verb) is None:
        return None
    speaker = resolver.resolve(verb.doc[slice(*subtree(subj))])
    return verb if speaker is not None and speaker.kind == EntityKind.outlet else None


def is_rate(per: Token) -> bool:
    """Whether "per" makes a rate ("5 per cent", "40 cents per ride", "per capita"), not a relay
    ("per the statistics office", "per NBC News", "per officials"): a rate's noun is a bare singular
    common noun, with no article or owner."""
    nxt = per.doc[per.i + 1] if per.i + 1 < len(per.doc) else None
    if nxt is not None and nxt.lower_ in {"cent", "capita", "annum", "diem", "se"}:
        return True
    obj = _pobj(per)
    return obj is not None and obj.tag_ == "NN" and not any(c.dep_ in {"det", "poss"} for c in obj.children)


def _is_per(tok: Token) -> bool:
    return tok.lower_ == "per" and tok.pos_ == "ADP" and not is_rate(tok)


def _per(sent: SpacySpan, tok: Token, ctx: Context) -> Raw | None:
    obj = _pobj(tok)
    return None if obj is None else _prep_attribution(sent, tok, tok, obj, ctx.resolver)


def _prep_attribution(sent: SpacySpan, first: Token, last: Token, obj: Token, resolver: SpeakerResolver) -> Raw:
    """ "…, according to X" / "…, per X": the rest of the sentence is the content."""
    doc = sent.doc
    # "senior US officials, per NBC News": the per-relay is its own attribution, not part of the source
    cut = min((t.i for t in obj.subtree if t.i > obj.i and t.lower_ == "per"), default=obj.right_edge.i + 1)
    src = token_span(doc, obj.left_edge.i, cut)
    left = token_span(doc, sent.start, first.i)
    right = token_span(doc, cut, sent.end)
    content = left if (left and (not right or left[1] - left[0] >= right[1] - right[0])) else right
    speaker = resolver.resolve(doc[obj.left_edge.i : cut])
    stance = Stance.hedges if any(t.lemma_ in HEDGE_WORDS for t in sent) else Stance.asserts
    return Raw((first.idx, last.idx + len(last)), src, content, _sentence_range(sent),
               AttributionKind.according_to, stance, speaker)


# --- a verb of saying ---------------------------------------------------------------------


def _is_saying(tok: Token) -> bool:
    if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ in {"amod", "compound"}:
        return False
    return stance_for(tok.lemma_) is not None and tok.lemma_ != "citing"


@dataclass(frozen=True)
class _Verb:
    """A verb of saying and the parse's pieces around it."""

    sent: SpacySpan
    verb: Token
    subj: Token | None
    agent: Token | None
    comp: Token | None
    dobj: Token | None

    @property
    def doc(self) -> Doc:
        return self.sent.doc


def _nearest_before(subjects: list[Token], verb: Token, default: Token | None) -> Token | None:
    return max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=default)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the one it shares with the verb it hangs from."""
    # two subjects happen after a dateline ("VELGRAD — the ministry denied"): the nearer one speaks
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    subj = _nearest_before(subjects, verb, subjects[0] if subjects else None)
    head = verb
    while not subjects and head.head is not head and (
        head.dep_ == "conj" or (head.dep_ in {"advcl", "xcomp"} and head.tag_ == "VBG")
    ):
        # "..., saying that ..." too: the participle speaks for the main verb's subject
        # "Marsh declined to discuss X but said ...": the second verb shares the first one's subject
        head = head.head
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
    return subj or _nearest_before(subjects, verb, None)


def _complement(verb: Token) -> Token | None:
    """The clause said: a ccomp (whatever its head was tagged: "respected" can come out ADJ), a verbal
    xcomp, or a that-clause on the noun of a prepositional phrase or on the object."""
    comp = next(
        (c for c in verb.children if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"})), None
    )
    if comp is not None:
        return comp
    # "said in a statement that ...", and "reassured labor groups that ...", which the parse hangs
    # on the object as a relative clause: a "that" marking it (not its subject) makes it a complement
    nouns = [n for c in verb.children if c.dep_ == "prep" for n in c.children if n.dep_ == "pobj"]
    nouns += [c for c in verb.children if c.dep_ == "dobj"]
    return next(
        (
            g for n in nouns for g in n.children
            if g.dep_ in {"acl", "ccomp", "relcl"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)
        ),
        None,
    )


def _verb_pieces(sent: SpacySpan, verb: Token) -> _Verb:
    return _Verb(
        sent, verb, _subject(verb),
        next((c for c in verb.children if c.dep_ == "agent"), None),
        _complement(verb),
        next((c for c in verb.children if c.dep_ in {"dobj", "dative"}), None),
    )


def _passive_unsourced(v: _Verb) -> bool:
    """ "is said to", "were confirmed": a passive subject and no agent, so no one is named."""
    return v.subj is not None and v.subj.dep_ == "nsubjpass" and v.agent is None


def _subordinate_event(v: _Verb) -> bool:
    """ "as more details are confirmed", "questions he was being asked": an event in a
    subordinate clause, not a report (on PolNeAR dev 4 in 27 of these were a cue)."""
    return v.verb.dep_ != "ROOT" and not any(c.dep_ == "xcomp" for c in v.verb.children)


def _it_is_reported(v: _Verb) -> bool:
    """ "it was reported that", "it is said that"."""
    return v.subj is not None and v.subj.lower_ == "it" and v.verb.lemma_ in {"report", "say"} and any(
        c.dep_ == "auxpass" for c in v.verb.children
    )


def _sentence_report(v: _Verb) -> Raw:
    return Raw((v.verb.idx, v.verb.idx + len(v.verb)), None, token_span(v.doc, v.sent.start, v.sent.end),
               _sentence_range(v.sent), AttributionKind.reportedly, Stance.hedges)


def _source_tokens(v: _Verb, subj: Token) -> tuple[int, int]:
    """The subject's tokens, without a dateline before it: "VELGRAD — Ostrava's foreign ministry denied"."""
    doc, verb = v.doc, v.verb
    src_tok = subtree(subj)
    dash = [t.i for t in doc[src_tok[0] : src_tok[1]] if t.text in DASHES]
    if dash and dash[-1] + 1 < src_tok[1]:
        return dash[-1] + 1, src_tok[1]
    if src_tok[1] < verb.i and doc[src_tok[1]].text in DASHES:
        chunk = next((c for c in v.sent.noun_chunks if c.start == src_tok[1] + 1 and c.end <= verb.i), None)
        if chunk is not None:
            return chunk.start, chunk.end
    return src_tok


def _clausal_content(v: _Verb, subj: Token, src_tok: tuple[int, int]) -> CharSpan | None:
    """The complement clause; before a source that follows it, all that comes before the source."""
    comp, verb = v.comp, v.verb
    if comp is None:
        return None
    content = token_span(v.doc, *subtree(comp))
    if comp.i < verb.i and subj.i < verb.i and verb.dep_ in MAIN_DEPS:
        # "A, but B, the officials said": all that comes before the source is said, not the
        # clause the parse hung under the verb; a dateline ("WASHINGTON —") is not
        content = after_dateline(v.doc, token_span(v.doc, v.sent.start, src_tok[0])) or content
    return content


def _quote_near(quotes: list[CharSpan], sent: SpacySpan, cue: Token) -> CharSpan | None:
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


def _own_quote(v: _Verb, quotes: list[CharSpan]) -> CharSpan | None:
    """The quotation the verb introduces; none when the verb stands inside it (part of what is said)."""
    quote = _quote_near(quotes, v.sent, v.verb)
    return None if quote is not None and quote[0] <= v.verb.idx < quote[1] else quote


def _quoted_content(v: _Verb, content: CharSpan | None, quote: CharSpan | None) -> CharSpan | None:
    """The content once the verb's quotation is weighed against the clause."""
    comp, verb, dobj, doc = v.comp, v.verb, v.dobj, v.doc
    if quote is None:
        return content
    quote_wins = content is None or comp is None or (comp.i > verb.i and quote[0] < verb.idx)
    if (content is None or not overlaps(content, quote)) and quote_wins:
        if comp is None and dobj is not None and dobj.i > verb.i and dobj.left_edge.idx < quote[0] < verb.right_edge.idx:
            # "called half of his supporters “deplorables”": the object and its quoted label
            return token_span(doc, dobj.left_edge.i, min(verb.right_edge.i + 1, v.sent.end))
        return trimmed(doc, *quote)
    if content is not None and quote[0] <= content[0] and content[1] <= quote[1]:
        # the parse saw one sentence of a quotation that runs over several: the quotation is the content
        return trimmed(doc, *quote)
    return content


def _broad_without_clause(v: _Verb, content: CharSpan | None, quote: CharSpan | None) -> bool:
    """A broad verb ("added", "noted") attributes only a clause or its quotation."""
    if v.verb.lemma_ not in BROAD_VERBS:
        return False
    clause = v.comp is not None and v.comp.dep_ in {"ccomp", "acl"}
    return not (clause or (quote is not None and content == trimmed(v.doc, *quote)))


def _fallback_content(v: _Verb, subj: Token, src_tok: tuple[int, int]) -> CharSpan | None:
    """With no clause or quotation: the object of a cue like "denied the reports", or "…, the officials said"."""
    verb = v.verb
    content = None
    if v.dobj is not None and verb.lemma_ in OBJECT_CUES:
        content = token_span(v.doc, *subtree(v.dobj))
    if content is None and verb.dep_ in MAIN_DEPS and subj.i < verb.i:
        content = token_span(v.doc, v.sent.start, src_tok[0])  # the content is the rest of the sentence
    return content


def _whole_sentence(doc: Doc, quote: CharSpan) -> bool:
    """Whether a quotation stands alone as its sentence(s), with no cue of its own."""
    text, end = doc_text(doc), quote[1]
    while end < len(text) and text[end] in ".,;":
        end += 1
    span = doc.char_span(quote[0], end, alignment_mode="expand")
    return span is not None and all(t.sent.start_char >= quote[0] - 1 for t in span) and (
        span.end >= len(doc) or doc[span.end].is_sent_start or doc[span.end].is_space
    )


def _kind_and_content(v: _Verb, content: CharSpan, quotes: list[CharSpan]) -> tuple[AttributionKind, CharSpan]:
    """The kind (direct, mixed, indirect, statement), and the content with a quotation's continuation."""
    doc, verb = v.doc, v.verb
    kind = quote_kind(content, quotes)
    if content[1] <= verb.idx and kind == AttributionKind.direct:
        # “A,” he said. “B.” — the quotation carries on right after the cue's sentence
        follow = [q for q in quotes if 0 <= q[0] - v.sent.end_char <= 2 and _whole_sentence(doc, q)]
        if follow:
            content = (content[0], trimmed(doc, *follow[0])[1])  # type: ignore[index]
    if verb.lemma_ == "say" and any(
        c.dep_ == "prep" and any(g.lower_ == "statement" for g in c.subtree) for c in verb.children
    ):
        kind = AttributionKind.statement
    return kind, content


def _verb_stance(v: _Verb, stance: Stance, kind: AttributionKind, content: CharSpan) -> Stance:
    """The cue's stance as the verb's negation, the clause's hedges, and what is said make it."""
    doc, comp = v.doc, v.comp
    if any(c.dep_ == "neg" for c in v.verb.children):
        stance = negated_stance(stance)
    elif comp is not None and stance == Stance.asserts and any(
        t.lemma_ in HEDGE_WORDS for t in doc[comp.left_edge.i : comp.right_edge.i + 1]
    ):
        stance = Stance.hedges
    if stance is Stance.asserts and denies(doc, content):
        return Stance.denies
    if stance is Stance.asserts and kind is AttributionKind.statement and future(doc, content):
        return Stance.announces  # "will begin sailing in May, the operator said in a statement"
    return stance


def _cited(citing: Token) -> Token | None:
    """Who "citing" names: its object, or the party of "citing interviews with X"."""
    obj = next((c for c in citing.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    if obj.lower_ in CITED_NOUNS:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in {"with", "from", "by"}:
                inner = _pobj(prep)
                if inner is not None:
                    return inner
    return obj


def _add_relays(v: _Verb, raw: Raw, speaker: Speaker, resolver: SpeakerResolver) -> None:
    """Relays: "X, citing Y, reported" and "X reported ..., according to Y" (X relays, Y speaks); "X told the newspaper/NBC News", "X said on
    CNN" (the outlet carried X's words)."""
    doc = v.doc
    for c in [*v.verb.children, *(v.comp.children if v.comp is not None else ())]:
        cited = _cited(c) if c.lower_ == "citing" else None
        if cited is None and _is_according_to(c) and _outlet_citing(c, resolver) == v.verb:
            cited = _pobj(doc[c.i + 1])
        if cited is not None:
            raw.relays.append(speaker.name)
            raw.speaker = resolver.resolve(doc[cited.left_edge.i : cited.right_edge.i + 1])
    venue = _venue(v)
    if venue is None and v.verb.lemma_ == "tell" and v.dobj is not None:
        told = doc[v.dobj.left_edge.i : v.dobj.right_edge.i + 1]
        venue = told if OUTLET_ROLE.match(told.text.lower()) else None  # "told the newspaper"
    if venue is None and _names_occasion(v):
        raw.venue = ""  # "In a televised debate, X stated ...": another occasion, no outlet's
    if venue is not None:
        # the publisher's own show or paper ("said on 'Fox News Sunday'" in Fox News, "told the Times" in
        # The New York Times) adds no hop
        own = resolver.publisher is not None and _same_outlet(resolver.publisher, venue.text)
        name = resolver.publisher if own else resolver.resolve(venue).name
        if not own:
            raw.relays.append(name)
        # a document passed on ("in a letter released by X") is no interview the next quotes come from
        raw.venue = "" if venue.root.head.dep_ == "agent" else name
        for host in _hosts(venue):
            resolver.hosts[host] = name
    elif v.verb.lemma_ == "tell" and v.dobj is not None and v.dobj.ent_type_ == "PERSON" and (
        (show := resolver.hosts.get(v.dobj.text)) is not None
    ):
        # '"…," she told Mr. Rose' after "said in an interview on the PBS program 'Charlie Rose'": the
        # host's show carried it
        raw.venue = show
        if resolver.publisher is None or show != resolver.publisher:
            raw.relays.append(show)


def _hosts(venue: SpacySpan) -> list[str]:
    """The surnames of the people a venue's phrase names as its hosts: "Charlie Rose" of "the PBS
    program 'Charlie Rose'", "Luke Russert" of "MSNBC's Luke Russert"."""
    head = venue.root
    while head.dep_ in {"compound", "appos", "nmod", "poss", "case"} and head.head.i != head.i:
        head = head.head
    return [e[-1].text for e in venue.doc.ents
            if e.label_ == "PERSON" and head.left_edge.i <= e.start and e.end <= head.right_edge.i + 1]


# "said in an interview with Fox News", "said during an appearance on CNN"
_APPEARANCES = frozenset({"interview", "interviews", "appearance", "broadcast", "show", "program", "programme"})
# verbs whose "to" names whom the words were said to: "denied to the Herald", "confirmed to CNN"
_SAID_TO = frozenset({"say", "deny", "confirm", "explain", "admit", "acknowledge", "insist", "complain",
                      "write", "speak", "talk", "describe", "reveal", "disclose", "concede"})
# participles that frame the verb of saying with its venue: "Speaking on CNN, X said ..."
_APPEARING = frozenset({"speak", "appear", "talk"})


def _obtainer(tok: Token) -> tuple[Token, Token, Token] | None:
    """(the document, its "obtained" verb, who obtained it) when ``tok`` is a document, or the one who
    obtained it, of "DOCUMENT obtained/released by X"."""
    for acl in (c for c in tok.children if c.dep_ == "acl"):
        # "slides … intended for analysts and obtained by the Post": the verb may be the acl's conjunct
        for verb in (acl, *(c for c in acl.children if c.dep_ == "conj")):
            by = next((c for c in verb.children if c.dep_ == "agent"), None) if verb.lemma_ in OBTAINING_LEMMAS else None
            who = _pobj(by) if by is not None else None
            if who is not None:
                return tok, acl, who  # the acl, where the document's own words end
    by = tok.head if tok.dep_ == "pobj" else None
    if by is not None and by.dep_ == "agent" and by.head.dep_ == "acl" and by.head.lemma_ in OBTAINING_LEMMAS:
        return by.head.head, by.head, tok
    return None


def obtained_by(doc: Doc, raws: list[Raw], resolver: SpeakerResolver) -> None:
    """'Talking points obtained by ABC News depicted ...', 'according to slides obtained by the Post':
    the document speaks, and the one who obtained or released it is a hop of its chain (in place).
    The source span stays as found; a later "the slides" is the same document, through the same hop."""
    obtained: dict[str, str] = {}  # the document's noun → who obtained it
    for raw in sorted(raws, key=lambda r: r.cue or (0, 0)):
        if raw.source is None or raw.relays:
            continue
        span = doc.char_span(*raw.source, alignment_mode="expand")
        if span is None:
            continue
        # the document's noun, or a noun of the source phrase (slides from a presentation obtained by ...)
        found = next((f for t in span if t.pos_ in {"NOUN", "PROPN"} and (f := _obtainer(t))), None)
        if found is None:
            root = span.root
            if root.lemma_ in obtained and any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"}
                                               for c in root.children):
                raw.relays.append(obtained[root.lemma_])  # "According to the slides, ..."
            continue
        document, acl, who = found
        head = span.root if span.root.i < document.i and span.root.pos_ == "NOUN" else document
        raw.speaker = resolver.resolve(doc[head.left_edge.i : acl.i])
        raw.relays.append(resolver.resolve(doc[who.left_edge.i : who.right_edge.i + 1]).name)
        obtained[head.lemma_] = raw.relays[-1]


# what a station or site is called before its name: "radio station WVOM", "the website HarborLeaks"
_BROADCAST_NOUNS = frozenset({"station", "radio", "channel", "network", "website", "site", "blog"})


def _outlet_phrase(tok: Token) -> SpacySpan | None:
    """The outlet a word names or belongs to: "CNN"; "MSNBC" of "MSNBC's Luke Russert"; "PBS" of
    "PBS's Charlie Rose show"."""
    doc = tok.doc
    phrase = doc[tok.left_edge.i : tok.right_edge.i + 1]
    if kind_of(phrase.text, doc) == EntityKind.outlet and not any(t.ent_type_ == "PERSON" for t in phrase):
        return phrase
    for poss in (c for c in tok.children if c.dep_ == "poss"):
        end = poss.right_edge.i + 1 - (doc[poss.right_edge.i].dep_ == "case")
        owner = doc[poss.left_edge.i : end]
        if len(owner) and kind_of(owner.text, doc) == EntityKind.outlet:
            return owner
    # "the PBS television program 'Charlie Rose'" (PBS, not the host), "the news Web site the Daily
    # Caller, which is run by ..." (the name beside the description, not its relative clause)
    for c in (c for c in tok.children if c.dep_ in {"compound", "appos", "nmod"} and c.pos_ == "PROPN"):
        named = doc[c.left_edge.i : c.i + 1]
        if c.ent_type_ != "PERSON" and kind_of(named.text, doc) == EntityKind.outlet:
            return named
    # "on talk radio station WVOM": a name that a broadcast noun describes is a station's
    if tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON" and any(
        c.dep_ == "compound" and c.lower_ in _BROADCAST_NOUNS for c in tok.children
    ):
        return doc[tok.i : tok.i + 1]
    return None


def _same_outlet(publisher: str, venue: str) -> bool:
    """Whether a venue's words name the publisher: one holds the other, word for word."""
    a, b = (f" {re.sub(r'[^a-z0-9]+', ' ', x.lower()).strip().removeprefix('the ')} " for x in (publisher, venue))
    return a.strip() != "" and b.strip() != "" and (a in b or b in a)


# what a verb of saying names as the occasion of its words, outlet or not: "in a televised debate"
_OCCASIONS = _APPEARANCES | frozenset({
    "debate", "speech", "rally", "hearing", "statement", "letter", "event", "conference", "briefing",
    "ceremony", "testimony", "remarks", "meeting", "forum", "address", "post", "tweet", "op-ed", "column",
})


def _names_occasion(v: _Verb) -> bool:
    """Whether the verb's own phrase names the occasion: "in a debate", "at a rally", "during the hearing",
    or moves to another time ("Earlier, the governor had refused ...")."""
    return any(
        (c.dep_ == "prep" and c.lower_ in {"in", "at", "during"} and (o := _pobj(c)) is not None
         and o.lemma_ in _OCCASIONS) or (c.dep_ == "advmod" and c.lower_ in ELSEWHEN)
        for c in v.verb.children
    )


def _venue(v: _Verb) -> SpacySpan | None:
    """The outlet that carried what was said: "said on CNN", "told MSNBC's Luke Russert", "said in an
    interview with Fox News". A hop of the chain, like "told the newspaper"."""
    if v.verb.lemma_ == "tell" and v.dobj is not None:
        return _outlet_phrase(v.dobj)
    # "Speaking on ABC's 'This Week,' X said ...": the participle's own phrase names the venue
    heads = [v.verb, *(c for c in v.verb.children if c.dep_ == "advcl" and c.lemma_ in _APPEARING)]
    if v.subj is not None and v.subj.i > v.verb.i:
        heads.append(v.subj)  # '"…," said Ann Pike, the head of the union, to the Post': "to" may hang on the name
    for prep in (c for h in heads for c in h.children if c.dep_ == "prep"):
        obj = _pobj(prep)
        if obj is None:
            continue
        found = None
        # "said on CNN", "denied to the Portland Herald" ("on Monday" names no outlet: look on); "to"
        # only after a verb that says something to someone, and to a name ("responded to a Gold Star
        # mother", "agreed to an interview for the Post's project" are no venues)
        named = obj.pos_ == "PROPN" or any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in obj.children)
        sayer = v.verb if prep.head == v.subj else prep.head
        if prep.lower_ == "on" or (prep.lower_ == "to" and sayer.lemma_ in _SAID_TO and named):
            found = _outlet_phrase(obj)
        elif prep.lower_ == "in" and is_document_noun(obj.lemma_) and (obtained := _obtainer(obj)) is not None:
            who = obtained[2]  # "In a letter released by Mr. Durbin's office, X said": the office passed it on
            found = obj.doc[who.left_edge.i : who.right_edge.i + 1]
        elif prep.lower_ in {"in", "during"} and obj.lemma_ in _APPEARANCES:
            inner = (_pobj(p) for p in obj.children if p.dep_ == "prep" and p.lower_ in {"with", "on", "to"})
            found = next((f for o in inner if o is not None and (f := _outlet_phrase(o))), None)
        if found is not None:
            return found
    return None


def _parenthetical_speaker(v: _Verb, subj: Token) -> Token | None:
    """'Her comments, said Josh Earnest, the press secretary, are "consistent …"': a verb of saying set
    off by commas between a subject and its verb; the name right after it speaks (the parser takes
    that name for the subject of the clause said)."""
    verb, comp = v.verb, v.comp
    if comp is None or not (subj.i < verb.i < comp.i) or v.doc[verb.i - 1].text != ",":
        return None
    inner = next((c for c in comp.children if c.dep_ == "nsubj" and c.left_edge.i == verb.i + 1), None)
    if inner is None or inner.ent_type_ != "PERSON" or inner.right_edge.i + 1 >= len(v.doc):
        return None
    # the aside closes with a comma ("said Dana Reed, the mayor's aide, are ..."), unlike the clause's own
    # subject ("DeMint, who ..., said Steele needs ...")
    return inner if "," in (inner.right_edge.text, v.doc[inner.right_edge.i + 1].text) else None


def _saying(sent: SpacySpan, verb: Token, ctx: Context) -> Raw | None:
    """A verb of saying: its subject (or the agent of a passive) speaks; the clause or quotation is said."""
    v = _verb_pieces(sent, verb)
    if _passive_unsourced(v) and _subordinate_event(v):
        return None
    if _passive_unsourced(v) or _it_is_reported(v):
        return _sentence_report(v)  # a report with no source: the sentence is its content
    subj = v.subj if v.agent is None else next((c for c in v.agent.children if c.dep_ == "pobj"), v.subj)
    if subj is None:
        return None  # a first-person subject still counts: PolNeAR annotates "I said", "we said"
    inner = _parenthetical_speaker(v, subj)
    if inner is not None:
        subj = inner
    src_tok = _source_tokens(v, subj)
    source = token_span(v.doc, *src_tok)
    quote = _own_quote(v, ctx.quotes)
    clause = _clausal_content(v, subj, src_tok)
    if inner is not None and v.comp is not None:
        # what follows the speaker's name and its aside is the clause said ("… are consistent …")
        start = next((t.i for t in v.doc[src_tok[1] : v.comp.right_edge.i + 1] if not t.is_punct), src_tok[1])
        clause = token_span(v.doc, start, v.comp.right_edge.i + 1)
    content = _quoted_content(v, clause, quote)
    if _broad_without_clause(v, content, quote):
        return None
    if content is None:
        content = _fallback_content(v, subj, src_tok)
    if content is None or source is None:
        return None
    kind, content = _kind_and_content(v, content, ctx.quotes)
    stance = _verb_stance(v, stance_for(verb.lemma_), kind, content)  # type: ignore[arg-type]
    speaker = ctx.resolver.resolve(v.doc[src_tok[0] : src_tok[1]])
    raw = Raw((verb.idx, verb.idx + len(verb)), source, content, _sentence_range(sent), kind, stance, speaker)
    _add_relays(v, raw, speaker, ctx.resolver)
    return raw


# --- "his claim that ...", "the White House's insistence that ..." ---------------------------


def _that_clause(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ in {"acl", "ccomp"}
                 and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)


def _is_nominal_cue(tok: Token) -> bool:
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in NOMINAL_CUES:
        return False
    owned = tok.tag_ == "NN" and any(c.dep_ == "poss" for c in tok.children) and _that_clause(tok) is not None
    return owned or _by_owner(tok) is not None


# "statements made by the White House that ...": the participle between the noun and its "by"
_MADE = frozenset({"make", "issue", "give", "offer", "release", "publish"})
# what an owner named after "by"/"from" may hold ("Democrats and Republicans in Congress")
_OWNER_POS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "ADP", "NUM", "CCONJ", "PART"})


class _ByOwner(NamedTuple):
    cue_end: int  # token index after "by"/"from"
    owner: tuple[int, int]  # token range
    that: int  # the complementiser's index


def _by_owner(noun: Token) -> _ByOwner | None:
    """"the claim by X that ...", "claims from X that ...": read on the tokens, not the parse.

    The small model hangs "by X" and the that-clause on the sentence's verb as often as on the
    noun, so the construction is found by its words: the noun, an optional "made", "by" or
    "from", a short noun phrase, and a complementiser "that".
    """
    doc, end = noun.doc, noun.sent.end
    i = noun.i + 1
    if i < end and doc[i].tag_ == "VBN" and doc[i].lemma_ in _MADE:
        i += 1
    if i >= end or doc[i].lower_ not in {"by", "from"}:
        return None
    start = j = i + 1
    # a date ends the owner ("statements by the senator last week that ...")
    while (j < end and j - start < 10 and doc[j].lower_ != "that" and doc[j].pos_ in _OWNER_POS
           and doc[j].ent_type_ not in {"DATE", "TIME"}):
        j += 1
    owner_end = j
    while j < end and doc[j].ent_type_ in {"DATE", "TIME"}:
        j += 1
    if owner_end == start or j >= end or doc[j].lower_ != "that" or doc[j].dep_ != "mark":
        return None
    return _ByOwner(i + 1, (start, owner_end), j)


def _nominal(sent: SpacySpan, noun: Token, ctx: Context) -> Raw | None:
    """A noun of saying owned by someone, with its that-clause: the owner said the clause."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    clause = _that_clause(noun)
    if owner is None or clause is None:
        return _nominal_by(sent, noun, ctx)
    doc = sent.doc
    # "the White House's": the owner without its "'s"
    end = max((t.i for t in owner.subtree if t.dep_ != "case"), default=owner.i) + 1
    source = token_span(doc, owner.left_edge.i, end)
    content = token_span(doc, clause.left_edge.i, clause.right_edge.i + 1)  # type: ignore[union-attr]
    if source is None or content is None:
        return None
    first = min((c for c in noun.children if c.dep_ in {"amod", "compound"} and c.i < noun.i), key=lambda c: c.i,
                default=noun)
    stance = stance_for(NOMINAL_CUES[noun.lemma_.lower()]) or Stance.asserts
    speaker = ctx.resolver.resolve(doc[owner.left_edge.i : end])
    return Raw((first.idx, noun.idx + len(noun)), source, content, _sentence_range(sent), AttributionKind.indirect,
               stance, speaker, untagged=True)


def _nominal_by(sent: SpacySpan, noun: Token, ctx: Context) -> Raw | None:
    """"the claim by X that ...": X said the clause; the cue runs from the noun to "by"."""
    found = _by_owner(noun)
    if found is None:
        return None
    doc = sent.doc
    that = doc[found.that]
    # the clause: what the complementiser's verb governs after it, without a trailing comma or "and"
    last = max((t.i for t in that.head.subtree if t.i >= that.i), default=that.i)
    last = min(last, sent.end - 1)
    while last > that.i and (doc[last].is_punct or doc[last].pos_ == "CCONJ"):
        last -= 1
    source = token_span(doc, *found.owner)
    content = token_span(doc, that.i, last + 1)
    if source is None or content is None or last == that.i:
        return None
    stance = stance_for(NOMINAL_CUES[noun.lemma_.lower()]) or Stance.asserts
    speaker = ctx.resolver.resolve(doc[found.owner[0] : found.owner[1]])
    by = doc[found.cue_end - 1]
    return Raw((noun.idx, by.idx + len(by)), source, content, _sentence_range(sent), AttributionKind.indirect,
               stance, speaker, untagged=True)


TOKEN_RULES: tuple[TokenRule, ...] = (
    TokenRule(_is_reportedly, _reportedly),
    TokenRule(_is_according_to, _according_to),
    TokenRule(_is_per, _per),
    TokenRule(_is_saying, _saying),
    TokenRule(_is_nominal_cue, _nominal),
)


# --- quotes signed outside a sentence -----------------------------------------------------


def _signed(doc: Doc, pattern: re.Pattern[str], resolver: SpeakerResolver) -> list[Raw]:
    out = []
    for m in pattern.finditer(doc_text(doc)):
        src = (m.start("src"), m.end("src"))
        span = doc.char_span(*src, alignment_mode="expand")
        speaker = resolver.resolve(span) if span is not None else Speaker(name=m.group("src"), kind=EntityKind.other)
        out.append(Raw((m.start("cue"), m.end("cue")), src, trimmed(doc, m.start("q"), m.end("q")), (m.start(), m.end()),
                       AttributionKind.statement, Stance.asserts, speaker))
    return out


def headline_quotes(doc: Doc, resolver: SpeakerResolver) -> list[Raw]:
    """Headline lines ``Kirby: "…"``."""
    return _signed(doc, HEADLINE, resolver)


def byline_quotes(doc: Doc, resolver: SpeakerResolver) -> list[Raw]:
    """Pull quotes signed after a dash: ``"…" ― Dana Ortiz``."""
    return _signed(doc, BYLINE, resolver)


# --- points listed under a cue ------------------------------------------------------------

# "A set of response points were circulated by the campaign:" then "-Here are the facts: ...": a
# line ending in a colon, then paragraphs opening with a bullet mark
_LEAD = re.compile(r"(?m)^[^\n]*\S:[ \t]*\n(?:[ \t]*\n)*(?=[ \t]*[-•*·–][ \t]*\S)")
_BULLET = re.compile(r"[ \t]*[-•*·–][ \t]*(?P<text>\S[^\n]*)(?:\n[ \t]*)*")
# verbs that hand out a list rather than say it ("circulated", "released", "e-mailed")
_LISTING = frozenset({"circulate", "release", "issue", "send", "distribute", "list", "post", "publish",
                      "outline", "email", "e-mail", "provide", "offer", "share"})
# a point's sentence shorter than this is a heading ("Here are the facts:"), not a statement
_POINT_WORDS = 4


def _lister(sent: SpacySpan) -> tuple[Token, Token] | None:
    """The cue and the source of a lead sentence that hands out a list: the agent of a passive
    ("were circulated by X") or the subject of a verb of saying or listing ("X said:")."""
    for verb in sent:
        if verb.pos_ not in {"VERB", "AUX"} or not (verb.lemma_.lower() in _LISTING or _is_saying(verb)):
            continue
        for child in verb.children:
            if child.dep_ == "agent":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return verb, obj
            if child.dep_ == "nsubj" and child.pos_ in {"PROPN", "NOUN", "PRON"}:
                return verb, child
    return None


def listed_points(doc: Doc, resolver: SpeakerResolver) -> list[Raw]:
    """Each sentence of the points listed under a cue (GUIDELINES: a list of points under one cue
    is one attribution per point; a point of several sentences states each), said by the lead's
    source. The tagger never sees such lists, so they are kept when it does not confirm them."""
    text = doc_text(doc)
    out: list[Raw] = []
    for lead in _LEAD.finditer(text):
        colon = text.rindex(":", lead.start(), lead.end())
        span = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if span is None:
            continue
        found = _lister(span[0].sent)
        if found is None:
            continue
        verb, subj = found
        first, last = subtree(subj)
        source = token_span(doc, first, last)
        if source is None:
            continue
        speaker = resolver.resolve(doc[first:last])
        cue = (verb.idx, verb.idx + len(verb))
        stance = stance_for(verb.lemma_) or Stance.asserts
        pos = lead.end()
        while (m := _BULLET.match(text, pos)) and m.end() > pos:
            pos = m.end()
            point = doc.char_span(m.start("text"), m.end("text"), alignment_mode="expand")
            for sent in point.sents if point is not None else []:
                bounds = (max(sent.start_char, m.start("text")), min(sent.end_char, m.end("text")))
                content = trimmed(doc, *bounds)
                if content is not None and len(text[content[0] : content[1]].split()) >= _POINT_WORDS:
                    out.append(Raw(cue, source, content, bounds, AttributionKind.indirect, stance, speaker,
                                   untagged=True, listed=True))
    return out


DOC_RULES: tuple[Callable[[Doc, SpeakerResolver], list[Raw]], ...] = (headline_quotes, byline_quotes, listed_points)
