"""Conflicts between accounts: denial, number, date, certainty, negation, contradiction.

Sides are attributions (their content; their sentence when the content is under
five words, as in "denied the report") and claims without attributions. Pairs
come from embedding neighbours (each side's top k; a denial's or tentative side's top 200); each rule then
needs its own similarity floor:

- denial: one side's cue denies, the other asserts/admits/confirms/... (>= 0.55), and
  speaks of what is denied when the denial names it ("no agreement" needs an agreement or a deal),
  and is itself a done deal when the denial denies one ("that a deal was done");
- number: both give a number of the same unit, with no value in common (>= 0.6);
- date: both give a day of the same form (weekday, month-day), none in common (>= 0.65);
- certainty: a done deal against exploratory wording (>= 0.55, or both of an agreement in any of its words);
- negation: one is negated and the other not, spans of similar length (>= 0.75);
- contradiction: the optional NLI judge says so (>= 0.5 similarity, score >= 0.5).

Below those floors, a denial still meets a done deal that names the same agreement
(in any of its words) or the same done-deal word, and two
numbers of one unit still conflict when the words before them agree ("worth about").
Unattributed claims (background) only take part from a similarity of 0.75. Two
voices of one body (same top affiliation) do not conflict, except on numbers and
dates; a speaker who denies something in the story is not the target of denials.
One conflict per pair, the first rule that fires in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcetrace.assessment.nli import ContradictionJudge
from sourcetrace.attribution.relays import relayed_wholly
from sourcetrace.dossier.models import (
    Attribution,
    AttributionKind,
    Claim,
    Conflict,
    ConflictKind,
    Entity,
    SpanRef,
    Stance,
)
from sourcetrace.sources.roots import top_affiliation
from sourcetrace.text.embed import encode, neighbour_pairs
from sourcetrace.text.polarity import (
    AGREEMENT_NOUNS,
    AGREEMENT_WORDS,
    DENIED_OBJECT,
    FINAL,
    certainty,
    has_negation,
)
from sourcetrace.text.quantities import Quantity, parse_dates, parse_quantities
from sourcetrace.text.spans import bare

FLOORS = {"denial": 0.55, "number": 0.6, "date": 0.65, "certainty": 0.55, "negation": 0.75, "nli": 0.5}
# Below the floors, a pair can still conflict on shared words: a denial of an agreement against
# "the agreement was finalized"; "$900 million" against "$1.2 billion" both after "worth".
LEXICAL_FLOOR = 0.2
BACKGROUND_FLOOR = 0.75
_STOP = set(
    ["that", "this", "with", "from", "have", "has", "had", "been", "were", "was", "will", "would", "could", "should", "their", "there", "they", "them", "which", "what", "when", "where", "while", "about", "after", "before", "into", "over", "under", "than", "then", "also", "said", "says", "told", "according", "officials", "official", "people", "other", "some", "more", "most", "such", "only", "just", "very", "being", "does"]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


def content_words(text: str) -> set[str]:
    """Lower-case words of four letters or more, without the commonest function words."""
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP}


def number_context(text: str, q: Quantity) -> set[str]:
    """Content words in the few words before a number ("worth about", "create roughly")."""
    before = text[max(0, q.start - 40) : q.start]
    return content_words(" ".join(before.split()[-4:]))


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _stem(word: str) -> str:
    word = _singular(word)
    return "agreement" if word in AGREEMENT_WORDS else word[:5]


def _both_of_an_agreement(a: Side, b: Side) -> bool:
    """Both name an agreement, in any of its nouns ("the agreement was finalized" and "are exploring
    a commercial partnership"): a done deal and talks meet at low similarity."""
    return all(any(_singular(w) in AGREEMENT_NOUNS or w in AGREEMENT_NOUNS for w in side.words) for side in (a, b))


def _shares_the_deal(a: Side, b: Side) -> bool:
    """Both name the agreement (in any of its words) or the same done-deal word ("a deal was done" and
    "the text is essentially done"): a shared "president" or "port" alone is no common subject."""
    if "agreement" in {_stem(w) for w in a.words} & {_stem(w) for w in b.words}:
        return True
    return any(FINAL.fullmatch(w) for w in a.words & b.words)


def denied_things(text: str) -> set[str]:
    """Stems of what a denial says does not exist or did not happen ("no agreement" → {"agreement"})."""
    return {_stem(w) for m in DENIED_OBJECT.finditer(text) for w in content_words(m.group(1))}


_AFFIRM = {Stance.asserts, Stance.admits, Stance.confirms, Stance.announces, Stance.reports, Stance.accuses, Stance.warns}


@dataclass
class Side:
    """One side of a possible conflict."""

    id: str
    text: str
    span: SpanRef
    who: str
    stance: Stance = Stance.asserts
    speaker: str | None = None
    parent: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    dates: set[tuple[str, str]] = field(default_factory=set)
    negated: bool = False
    certainty: str | None = None
    words: set[str] = field(default_factory=set)
    key: str | None = None  # top affiliation of the speaker: one body is one side
    denier: bool = False  # this speaker denies something in the story
    background: bool = False  # an unattributed claim, not anyone's account

    def __post_init__(self) -> None:
        self.quantities = parse_quantities(self.text)
        self.dates = set(parse_dates(self.text))
        self.negated = has_negation(self.text)
        self.certainty = certainty(self.text)
        if self.certainty == "final" and (self.negated or self.stance is Stance.denies):
            self.certainty = None  # "denied it had reached any agreement" is no done deal
        self.words = content_words(self.text)


def _who(att: Attribution, entities: dict[str, Entity]) -> str:
    """The original source by name: the entity, else the speaker, else the source words."""
    ent = entities.get(att.speaker_entity or "")
    if ent is not None:
        return ent.name
    if att.speaker is not None:
        return att.speaker.name
    if att.source is not None and att.source.text.strip():
        return " ".join(att.source.text.split())
    return "an unnamed source"


def build_sides(attributions: list[Attribution], claims: list[Claim], entities: dict[str, Entity]) -> list[Side]:
    """Attributions and unattributed claims as comparable sides."""
    sides = []
    deniers = {a.speaker_entity for a in attributions if a.stance is Stance.denies and a.speaker_entity}
    relays = relayed_wholly(attributions)
    for att in attributions:
        if att.stance is Stance.withholds:
            continue  # "declined to discuss the timing" is no side of anything
        if not att.proposition and att.stance is not Stance.denies:
            continue  # "must approve any foreign lease" states nothing; "denied the report" still denies
        if att.id in relays:
            # "X denied ..., Meridian News reported": the relay carries X's word, not its own;
            # its nested attribution takes part instead.
            continue
        # A short content is compared through its sentence, except a denial's: "insisted that no
        # agreement existed" denies its clause, not the rest of the sentence it shares.
        short = att.content is None or (len(att.content.text.split()) < 5 and att.stance is not Stance.denies)
        span = att.sentence if short else att.content
        if not span.text.strip():
            continue
        ref = SpanRef(start=span.start, end=span.end, text=span.text, article_id=att.article_id)
        text = span.text if short else bare(span.text)  # a content's inner quotation marks are no words
        root = att.chain[-1] if att.chain else att.speaker_entity
        if att.kind is AttributionKind.uncued:
            # reported, but by no one the text names: background in the outlet's voice, like an unattributed claim
            outlet = entities.get(root or "")
            sides.append(Side(att.id, text, ref, outlet.name if outlet else "the report", Stance.hedges,
                              background=True))
            continue
        side = Side(att.id, text, ref, _who(att, entities), att.stance, att.speaker_entity, att.parent_id)
        side.key = top_affiliation(root, entities) if root else None
        side.denier = att.speaker_entity in deniers
        sides.append(side)
    for c in claims:
        if not c.attribution_ids and c.spans:
            outlets = " and ".join(c.outlets) or "the reports"
            # Unattributed background is no one's assertion: it takes part in number, date
            # and negation checks, not in denials.
            sides.append(Side(c.id, c.text, c.spans[0], outlets, Stance.hedges, background=True))
    return sides


def _plural(who: str) -> bool:
    last = who.split()[-1].lower() if who.split() else ""
    return last.endswith("s") and not last.endswith("ss") and last not in {"news", "times", "press"}


def _verb(stance: Stance, who: str) -> str:
    base = {"asserts": "assert", "admits": "admit", "confirms": "confirm", "announces": "announce",
            "reports": "report", "accuses": "allege", "warns": "warn", "denies": "deny", "hedges": "suggest"}
    v = base.get(stance.value, "say")
    if _plural(who):
        return v
    return v + ("es" if v.endswith(("sh", "ch", "s", "x")) else "s") if not v.endswith("y") else v[:-1] + "ies"


def _fmt(text: str, q: Quantity) -> str:
    """The number as written, with its noun when the unit is one ("400 jobs")."""
    if q.unit in ("USD", "EUR", "GBP", "JPY", "RUB", "%", ""):
        return q.text
    m = re.match(r"\s+[A-Za-z-]+", text[q.end :])
    return q.text + (m.group(0) if m else "")


def judge_pair(a: Side, b: Side, sim: float) -> tuple[ConflictKind, str] | None:
    """The first rule that makes ``a`` and ``b`` conflict, with its reason."""
    if (a.background or b.background) and sim < BACKGROUND_FLOOR:
        return None  # background statements are compared with near-paraphrases only
    one_side = a.key is not None and a.key == b.key
    if not one_side:
        for x, y in ((a, b), (b, a)):
            if x.stance is not Stance.denies or y.stance not in _AFFIRM or y.denier or y.negated:
                # an account in negated words ("I didn't send that picture") denies as well
                continue
            denied = denied_things(x.text)
            if denied and not denied & {_stem(w) for w in y.words}:
                continue  # "no agreement was reached" denies an agreement, not whatever else is similar
            if FINAL.search(x.text) and y.certainty != "final":
                continue  # denying "that a deal was done" answers a done deal, not "days away from being signed"
            # A denial meets the statement it denies: similar, or a done deal sharing its words.
            if sim >= FLOORS["denial"] or (sim >= LEXICAL_FLOOR and y.certainty == "final" and _shares_the_deal(x, y)):
                return ConflictKind.denial, f"{x.who} {_verb(Stance.denies, x.who)} what {y.who} {_verb(y.stance, y.who)}"
    if sim >= LEXICAL_FLOOR:
        units_a = {q.unit for q in a.quantities if q.unit}
        for unit in sorted(units_a & {q.unit for q in b.quantities}):
            va = [q for q in a.quantities if q.unit == unit]
            vb = [q for q in b.quantities if q.unit == unit]
            if any(abs(x.value - y.value) <= 0.02 * max(abs(x.value), abs(y.value)) for x in va for y in vb):
                continue
            same_context = any(
                number_context(a.text, x) & number_context(b.text, y) for x in va for y in vb
            ) or unit not in ("USD", "EUR", "GBP", "JPY", "RUB", "%")
            if sim >= FLOORS["number"] or (same_context and sim >= 2 * LEXICAL_FLOOR and not a.background and not b.background):
                return ConflictKind.number, f"{a.who}: {_fmt(a.text, va[0])} vs {b.who}: {_fmt(b.text, vb[0])}"
    if sim >= FLOORS["date"]:
        for form in ("md", "wd"):
            da = {v for f, v in a.dates if f == form}
            db = {v for f, v in b.dates if f == form}
            if da and db and not da & db:
                return ConflictKind.date, f"different days for the same event: {', '.join(sorted(da))} vs {', '.join(sorted(db))}"
    if one_side:
        return None
    if a.certainty and b.certainty and a.certainty != b.certainty and (
        sim >= FLOORS["certainty"] or (sim >= LEXICAL_FLOOR and _both_of_an_agreement(a, b))
    ):
        fin, ten = (a, b) if a.certainty == "final" else (b, a)
        return ConflictKind.certainty, f"{fin.who} describes it as done; {ten.who} as still tentative"
    if Stance.denies in (a.stance, b.stance):
        return None  # a denial meets what it denies by the rule above, or not at all
    ratio = len(a.text) / max(1, len(b.text))
    # Spans of very different length differ in more than a negation (a quote vs its whole sentence).
    if sim >= FLOORS["negation"] and a.negated != b.negated and 0.6 <= ratio <= 1.6:
        neg, pos = (a, b) if a.negated else (b, a)
        return ConflictKind.negation, f"{neg.who} negates what {pos.who} states"
    return None


# A denial or talks meet a done deal through shared words at low similarity ("denied it had reached
# any agreement" against "has finalized a $1.2 billion deal": cosine 0.32; "are exploring a
# commercial partnership" against "the agreement was finalized": 0.37), so their candidates reach
# further than everyone's top k; they are few, so this stays cheap.
FAR_NEIGHBOURS = 200


def find_conflicts(
    sides: list[Side], judge: ContradictionJudge | None = None, k: int = 20
) -> list[Conflict]:
    """Conflicts among the sides, in order of the sides they involve."""
    if len(sides) < 2:
        return []
    emb = encode([s.text for s in sides])
    reaching = [i for i, s in enumerate(sides) if s.stance is Stance.denies or s.certainty == "tentative"]
    far = neighbour_pairs(emb, LEXICAL_FLOOR, k=FAR_NEIGHBOURS, rows=reaching) if reaching else []
    candidates = {(i, j): sim for i, j, sim in (*neighbour_pairs(emb, LEXICAL_FLOOR, k=k), *far)}
    pairs = sorted((i, j, sim) for (i, j), sim in candidates.items())
    found: list[tuple[int, int, ConflictKind, str]] = []
    undecided: list[tuple[int, int]] = []
    for i, j, sim in pairs:
        a, b = sides[i], sides[j]
        if a.id == b.parent or b.id == a.parent:
            continue  # a nested attribution repeats its parent, it does not contradict it
        if a.speaker is not None and a.speaker == b.speaker and a.stance == b.stance:
            continue
        hit = judge_pair(a, b, sim)
        if hit is not None:
            found.append((i, j, *hit))
        elif judge is not None and sim >= FLOORS["nli"]:
            undecided.append((i, j))
    if judge is not None and undecided:
        scores = judge.contradiction_scores([(sides[i].text, sides[j].text) for i, j in undecided])
        for (i, j), score in zip(undecided, scores, strict=True):
            if score >= 0.5:
                found.append((i, j, ConflictKind.contradiction, f"{sides[i].who} and {sides[j].who} contradict each other (NLI {score:.2f})"))
    found.sort(key=lambda t: (t[0], t[1]))
    return [
        Conflict(
            id=f"x{n}", kind=kind, reason=reason, a=sides[i].id, b=sides[j].id,
            a_span=sides[i].span, b_span=sides[j].span,
        )
        for n, (i, j, kind, reason) in enumerate(found, 1)
    ]
