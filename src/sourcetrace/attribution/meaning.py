"""What a content means: whether it states something, denies, plans, or withholds, and how
much of it is quoted."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sourcetrace.attribution.raw import Raw
from sourcetrace.dossier.models import AttributionKind, Stance
from sourcetrace.text.polarity import DISMISSIVE, NEGATABLE, REPORT_NOUNS, withholds
from sourcetrace.text.spans import CharSpan, overlaps

# finite verbs and modals: what makes a content a statement rather than a topic
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_FIGURE_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
# the kinds read from how much of the content is quoted
QUOTE_KINDS = frozenset({AttributionKind.direct, AttributionKind.mixed, AttributionKind.indirect})


def negated_stance(stance: Stance) -> Stance:
    """The stance of a negated cue: "did not confirm" reports no confirmation (hedges); "does not
    deny" reports no denial and says nothing of its own, like "declined to comment" (withholds).
    Other stances keep their reading."""
    if stance is Stance.denies:
        return Stance.withholds
    return Stance.hedges if stance.value in NEGATABLE else stance


def cue_negated(cue: SpacySpan) -> bool:
    """Whether a cue span is negated: a negation in it ("does not deny") or on its verb."""
    return any(t.dep_ == "neg" or t.lower_ in {"not", "n't", "n’t", "never"} for t in cue) or any(
        c.dep_ == "neg" for t in cue if t.pos_ in {"VERB", "AUX"} for c in t.children
    )


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


def mark_withheld(text: str, raws: list[Raw]) -> None:
    """Refusals and anonymity conditions ("declined to comment", "did not respond to") say nothing: no claim."""
    for raw in raws:
        # the words just before the cue hold its negation ("did not" + "respond")
        before = " ".join(text[raw.sentence[0] : raw.cue[0]].split()[-3:])
        if withholds(text[raw.cue[0] : raw.cue[1]], before, text[raw.cue[1] : raw.cue[1] + 80]):
            raw.stance = Stance.withholds


def _past_or_perfect(verb: Token) -> bool:
    return verb.tag_ in {"VBD", "VBN"} or any(
        a.lemma_ == "have" for a in verb.children if a.dep_ == "aux"
    ) or verb.lemma_ == "exist"


def _denying_subject(t: Token) -> bool:
    """Whether subject ``t`` makes its clause a denial: "No agreement has been reached", "reports ... were speculation"."""
    verb = t.head
    if any(a.tag_ == "MD" for a in verb.children):
        return False  # "Nothing will be decided abroad" is a promise, not a denial
    if _past_or_perfect(verb) and (
        any(d.lower_ == "no" for d in t.children if d.dep_ == "det") or t.lower_ in {"none", "nothing"}
    ):
        return True
    return t.lower_ in REPORT_NOUNS and any(w.lower_ in DISMISSIVE for w in verb.subtree)


def denies(doc: Doc, content: CharSpan) -> bool:
    """Whether what is said is itself a denial: "No agreement has been reached";
    "reports of a deal were speculation"."""
    toks = doc.char_span(*content, alignment_mode="expand") or []
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"} and _denying_subject(t) for t in toks)


def future(doc: Doc, content: CharSpan) -> bool:
    """Whether what is said is a plan: its main verb takes "will"."""
    span = doc.char_span(*content, alignment_mode="expand")
    return span is not None and any(t.lower_ in {"will", "'ll"} and t.dep_ == "aux" for t in span)


def quote_kind(content: CharSpan, quotes: list[CharSpan]) -> AttributionKind:
    """Direct when quotations cover four fifths of the content, mixed when less, else indirect."""
    inside = [q for q in quotes if overlaps(q, content)]
    if not inside:
        return AttributionKind.indirect
    covered = sum(min(q[1], content[1]) - max(q[0], content[0]) for q in inside)
    return AttributionKind.direct if covered >= 0.8 * (content[1] - content[0]) else AttributionKind.mixed
