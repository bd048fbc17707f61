"""Recognition of time expressions in raw text, with TimeML extents.

Rules are regular expressions over the article text (compiled once), so offsets
are exact character offsets. Extents follow TimeML: leading prepositions ("on",
"since", "in") are left out; determiners and modifiers that change the value
("last", "next", "this", "the past", "early", "mid-") are kept. Where a rule
needs a preceding word only as evidence (bare "May" after "in"), the regex has a
group ``x`` marking the extent.

Every rule names a resolver in :mod:`sourcetrace.timeline.normalise`; this module
decides only *where* expressions are, never what they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcetrace.text.quantities import ONES, TEENS, TENS

_MONTH_FULL = r"january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_ABBR = r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
MONTH = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?(?![a-z]))"
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
PART = r"(?:morning|afternoon|evening|night)"
_ONES, _TEENS, _TENS = ("|".join(words) for words in (ONES, TEENS, TENS))
NUMWORD = rf"(?:(?:{_TENS})(?:[\s-](?:{_ONES}))?|{_TEENS}|{_ONES}|(?:a\s+)?hundred|a\s+dozen|dozen)"
COUNT = rf"(?:\d+(?:\.\d+)?|{NUMWORD}|a\s+couple\s+of|a\s+few|few|several|many|some|a|an)"
UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))"
# modifiers that TimeML keeps inside the extent (they become a MOD, the value stays)
MOD = r"(?:(?:early|late|mid|earlier|later|the\s+(?:beginning|start|end|middle|close|turn|rest|remainder)\s+of|the\s+(?:first|second)\s+half\s+of)(?:\s+|-))"
REL = r"(?:last|next|this|past|previous|coming|following|current)"
TIME_OF_DAY = (
    r"(?:(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)|noon|midnight)(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET)\b)?)"
)


@dataclass
class Mention:
    """A recognised expression: extent, the rule that found it, its regex groups."""

    start: int
    end: int
    text: str
    rule: str
    groups: dict[str, str | None] = field(default_factory=dict)
    parts: list[Mention] = field(default_factory=list)
    context: str = ""  # the word before the extent, lower case ("since", "in", ...)


# (name, pattern). Order breaks ties between equally long matches.
_RULES: list[tuple[str, str]] = [
    ("iso", rf"(?<![\d-])(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?:[T\s](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])"),
    ("slash", r"(?<![\d/])(?P<a>[01]?\d|2\d|3[01])[/.](?P<b>[0-3]?\d)[/.](?P<y>\d{4}|\d{2})(?![\d/])"),
    ("mdy", rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?:{MOD})?(?P<mon>{MONTH})\s+(?P<d>{DAYNUM})\b(?:,?\s+(?P<y>{YEAR})\b)?"),
    ("dmy", rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR})\b)?"),
    ("month_year", rf"\b(?:{MOD})?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR})\b"),
    ("month", rf"\b(?:{MOD})?(?:(?P<rel>last|next|this|past|coming|early|late)\s+)?(?P<mon>{_MONTH_FULL}|sept\.)(?!\s*\d)\b"),
    ("season", rf"\b(?:{MOD})?(?:(?P<rel>last|next|this|past|coming|the)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<y>{YEAR}))?\b"),
    ("year", rf"(?<![\d$£€.,/-])(?:{MOD}|(?P<fiscal>fiscal\s+(?:year\s+)?|the\s+year\s+|FY\s?))?(?P<y>{YEAR})(?!\d|%|,\d|\.\d|-\d|\s*(?:%|percent|per\s+cent))\b"),
    ("decade", r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<c>1[6-9]|20)(?P<dec>\d)0s|['’](?P<short>\d)0s)\b"),
    ("quarter", rf"\b(?:(?:the|this|last|next|that)\s+)?(?:(?P<rel>latest|current|previous|past|recent|year-earlier|year-ago|same|coming|most\s+recent)\s+)?(?:(?P<y1>{YEAR})\s+|(?P<fy>fiscal)\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)(?:[\s-](?:fiscal\s+)?|\s+))?(?P<q>quarter)(?:\s+of\s+(?:fiscal\s+)?(?P<y2>{YEAR}))?\b"),
    ("quarter_q", rf"\b(?:the\s+)?Q(?P<ord>[1-4])(?:\s+(?:of\s+)?(?:FY\s?)?(?P<y2>{YEAR}|'\d\d))?\b"),
    ("half", rf"\b(?:the\s+)?(?:(?P<rel>latest|current|previous|past|recent|year-earlier)\s+)?(?P<ord>first|second)[\s-]half(?:\s+of\s+(?:fiscal\s+)?(?P<y2>{YEAR}))?\b"),
    ("rel_unit", rf"\b(?:{MOD})?(?:(?P<the>the)\s+)?(?P<rel>{REL})\s+(?P<unit>week|weekend|month|year|quarter|decade|century|fiscal\s+year)\b"),
    ("the_unit", r"\b(?:(?:early|late|mid)[\s-]+|the\s+(?:beginning|start|end|middle|rest|remainder)\s+of\s+)?the\s+(?:(?P<full>full|fiscal|calendar)\s+)?(?P<unit>year|weekend)\b(?!\s*-)"),
    ("year_earlier", r"\b(?:the\s+)?(?P<kind>year|month)[\s-](?P<dir>earlier|ago|before)(?:\s+(?P<what>quarter|period|month|year|level))?\b"),
    ("deictic", rf"\b(?:{MOD})?(?P<w>today|tonight|yesterday|tomorrow|overnight)(?:\s+(?P<part>{PART}))?\b"),
    ("this_part", rf"\b(?:(?P<mod>later|earlier)\s+)?(?P<w>this|last|tomorrow|yesterday|the)\s+(?P<part>{PART})\b"),
    ("weekday", rf"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{WEEKDAY})(?P<plural>s)?(?:\s+(?P<part>{PART})s?)?\b"),
    ("ago", rf"\b(?P<n>{COUNT})[\s-]+(?P<unit>{UNIT})\s+(?P<dir>ago|earlier|later|from\s+now|hence|before|after)\b"),
    ("duration", rf"\b(?:(?:the|a|an)\s+)?(?:(?P<rel>past|last|next|first|previous|coming|following|final|recent|latest|initial|remaining|few|other)\s+)?(?P<n>{COUNT})(?:\s+or\s+(?:so|more)|\s+(?:more|additional|full))?[\s-]+(?P<unit>{UNIT})(?:[\s-](?:long|old))?\b"),
    ("recent_units", r"\b(?P<w>recent|coming|past|next|last|previous|the\s+(?:past|last|next|coming)\s+few)\s+(?P<unit>days|weeks|months|years|decades)\b"),
    ("set_every", rf"\b(?P<q>every|each)\s+(?:(?P<other>other)\s+)?(?P<what>second|minute|hour|day|night|week|weekend|month|quarter|year|{WEEKDAY}|{_MONTH_FULL}|morning|afternoon|evening|summer|winter|spring|autumn)\b"),
    ("set_adverb", r"\b(?P<w>hourly|daily|nightly|weekly|monthly|quarterly|annually|yearly)\b"),
    ("set_per", r"\b(?:once|twice|\d+\s+times|(?:three|four|five|six|several|many)\s+times)\s+(?P<x>(?:a|an|per|each)\s+(?P<unit>second|minute|hour|day|week|month|quarter|year))\b"),
    ("ref", r"\b(?P<w>now|currently|nowadays|presently|at\s+present|recently|lately|previously|formerly|soon|shortly|the\s+(?:near\s+|distant\s+|recent\s+|immediate\s+)?(?:future|past)|once\s+again)\b"),
    ("time", rf"(?P<t>{TIME_OF_DAY})"),
    # bare "May" and "March" only after a word that makes them months
    ("may_march", r"\b(?:in|since|until|till|through|during|before|after|between)\s+(?P<x>(?P<mon>May|March))\b(?!\s*\d)"),
    ("fiscal", r"\b(?:fiscal|FY)\s?(?P<yy>'?\d\d)\b(?!\d)"),
    ("words_year", rf"\b(?P<w>(?:nineteen|twenty)[\s-](?:{_TENS})(?:[\s-](?:{_ONES}))?|(?:nineteen|twenty)[\s-](?:{_TEENS})|two\s+thousand(?:\s+and)?(?:\s+(?:{_ONES}|{_TEENS}))?|the\s+year\s+two\s+thousand(?:\s+and)?(?:\s+(?:{_ONES}|{_TEENS}))?)\b"),
]

RULES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(p, re.IGNORECASE)) for name, p in _RULES]
_PRIORITY = {name: i for i, (name, _) in enumerate(_RULES)}

# Bare month and weekday names must be capitalised: "may", "march on", "sun" stay words.
_CAPITALISED = {"month", "may_march", "weekday"}
_DAY_PRECISION = {"iso", "slash", "mdy", "dmy", "deictic", "weekday"}
_MERGE_GAP = re.compile(r"^(?:,?\s+(?:on|at|of)\s+|,\s*|\s+)$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s-]*$")
# "the past" as a bare reference, not "the past three months" (that is a duration rule)
_NOT_PAST_REF_AFTER = re.compile(r"^\s+(?:few|several|\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|year|month|week|day|decade|quarter)", re.IGNORECASE)


_CAPITAL_PART_END = re.compile(r"\b(?:Morning|Afternoon|Evening|Night)$")
# a capitalised word next that is not a sentence's first: the name goes on ("June Smith", "The Morning Courier")
_NAME_GOES_ON = re.compile(r"^\s+(?!(?:The|And|But|When|As|In|On|At)\b)[A-Z][a-z]")


def _valid(rule: str, m: re.Match[str], text: str) -> bool:
    """Reject matches that only look like dates."""
    groups = m.groupdict()
    if rule in _CAPITALISED:
        key = "wd" if rule == "weekday" else "mon"
        word = groups.get(key) or ""
        if not word[:1].isupper():
            return False
        if rule == "month" and word.lower() in ("may", "march") and m.group(0) == word:
            return False  # only with a cue ("last May", rule may_march) or a day/year
        if rule == "month":
            after = text[m.end() : m.end() + 30]
            # "June Smith", "August Wilson": a name, not a month
            if _NAME_GOES_ON.match(after):
                return False
    if _CAPITAL_PART_END.search(m.group(0)) and _NAME_GOES_ON.match(text[m.end() : m.end() + 30]):
        return False  # "The Morning Courier", "Friday Night Lights": a name, not a time of day
    if rule == "mdy" and (groups.get("mon") or "").lower().startswith("may") and not groups["mon"][:1].isupper():
        return False
    if rule in ("mdy", "dmy", "month_year") and not (groups.get("mon") or "")[:1].isupper():
        return False
    if rule == "season" and not groups.get("rel") and not groups.get("y"):
        return False  # "fall" and "spring" are verbs; a bare season says little anyway
    if rule == "season" and (groups.get("rel") or "").lower() == "the" and not groups.get("y"):
        # "the fall of the regime" is no season
        after = text[m.end() : m.end() + 4]
        if after.startswith(" of") or groups["season"].lower() in ("fall", "spring"):
            return False
    if rule == "slash":
        a, b = int(groups["a"]), int(groups["b"])
        if a == 0 or b == 0 or (a > 12 and b > 12) or a > 31 or b > 31:
            return False
    if rule == "ref" and groups["w"].lower() == "the past" and _NOT_PAST_REF_AFTER.match(text[m.end() :]):
        return False
    if rule == "ref" and groups["w"].lower() == "once again":
        return False
    if rule == "time" and re.fullmatch(r"\d{1,2}:\d\d", m.group(0)):
        # "3:1" odds or scores are not times; a bare hh:mm needs a time-like neighbour
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:at|by|from|until|till|before|after|around|about|since)\s+$", before):
            return False
    if rule == "duration":
        n = (groups.get("n") or "").lower()
        unit = (groups.get("unit") or "").lower()
        if n in ("some", "many", "a", "an") and unit.endswith("s"):
            return False  # "some days", "many years" are vague; "a years" is not English
        if n in ("a", "an") and unit in ("second", "minute"):
            return False  # "a second time", "a minute ago" idioms are rarely timexes worth having
        if re.fullmatch(r"\d+(\.\d+)?", n) and float(n) > 10000:
            return False
    if rule == "year":
        # "2000 workers", "flight 1850": a bare number before a plural noun is a count
        after = text[m.end() : m.end() + 20]
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if not groups.get("fiscal") and re.match(r"^\s+[a-z]+s\b", after) and not re.match(
            r"^\s+(?:was|has|is|as|levels?|his|its|this|towards|pass|rules|talks|results)\b", after
        ):
            return False
        if re.search(r"(?:no\.|number|flight|route|room|page|code|model|pp?\.)\s*$", before):
            return False
    return True


def _context_word(text: str, start: int) -> str:
    m = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def find_mentions(text: str) -> list[Mention]:
    """All time expressions in ``text``, non-overlapping, in text order.

    Overlaps are settled by length (the longest wins), then by rule order; a
    time of day next to a day ("2 p.m. Friday", "Friday at 2 p.m.") becomes one TIME.
    """
    candidates: list[Mention] = []
    for name, rx in RULES:
        for m in rx.finditer(text):
            if not _valid(name, m, text):
                continue
            start, end = m.span("x") if "x" in rx.groupindex and m.group("x") else m.span()
            if end <= start:
                continue
            candidates.append(Mention(start, end, text[start:end], name, m.groupdict()))
    candidates.sort(key=lambda c: (-(c.end - c.start), _PRIORITY[c.rule], c.start))
    taken: list[Mention] = []
    occupied: list[tuple[int, int]] = []
    for c in candidates:
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        taken.append(c)
        occupied.append((c.start, c.end))
    taken.sort(key=lambda c: c.start)
    merged = _merge_times(taken, text)
    for mention in merged:
        mention.context = _context_word(text, mention.start)
    return merged


def _merge_times(mentions: list[Mention], text: str) -> list[Mention]:
    """Join a time of day with a neighbouring day into one TIME expression."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        cur = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and _MERGE_GAP.match(text[cur.end : nxt.start] or " "):
            pair = {cur.rule, nxt.rule}
            if "time" in pair and pair & _DAY_PRECISION:
                start, end = cur.start, nxt.end
                out.append(Mention(start, end, text[start:end], "datetime", {}, [cur, nxt]))
                i += 2
                continue
        out.append(cur)
        i += 1
    return out
