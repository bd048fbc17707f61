"""A small gazetteer: countries, their demonyms, capitals and seat-of-government metonyms.

Story-specific (or fictional) countries are added at run time by
:func:`derive_countries`, from names the story itself uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# (name, other names, demonyms, capitals and seats of government used as actors)
_COUNTRIES: list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    ("US", ("U.S.", "United States", "America", "USA", "U.S.A.", "Washington"), ("American", "US", "U.S."),
     ("White House", "Pentagon", "State Department", "Treasury Department", "Justice Department", "Capitol Hill")),
    ("UK", ("U.K.", "United Kingdom", "Britain", "Great Britain", "London"), ("British", "UK", "U.K."),
     ("Downing Street", "Whitehall", "Foreign Office")),
    ("Russia", ("Russian Federation", "Moscow"), ("Russian",), ("Kremlin",)),
    ("Ukraine", ("Kyiv", "Kiev"), ("Ukrainian",), ()),
    ("China", ("People's Republic of China", "PRC", "Beijing"), ("Chinese",), ("Zhongnanhai",)),
    ("France", ("Paris",), ("French",), ("Elysee", "Élysée", "Quai d'Orsay")),
    ("Germany", ("Berlin",), ("German",), ("Chancellery",)),
    ("Israel", ("Jerusalem",), ("Israeli",), ("Knesset",)),
    ("Iran", ("Tehran",), ("Iranian",), ()),
    ("Iraq", ("Baghdad",), ("Iraqi",), ()),
    ("Syria", ("Damascus",), ("Syrian",), ()),
    ("Turkey", ("Türkiye", "Ankara"), ("Turkish",), ()),
    ("Saudi Arabia", ("Riyadh",), ("Saudi",), ()),
    ("Egypt", ("Cairo",), ("Egyptian",), ()),
    ("India", ("New Delhi",), ("Indian",), ()),
    ("Pakistan", ("Islamabad",), ("Pakistani",), ()),
    ("Japan", ("Tokyo",), ("Japanese",), ()),
    ("South Korea", ("Seoul",), ("South Korean",), ("Blue House",)),
    ("North Korea", ("Pyongyang", "DPRK"), ("North Korean",), ()),
    ("Taiwan", ("Taipei",), ("Taiwanese",), ()),
    ("Canada", ("Ottawa",), ("Canadian",), ()),
    ("Mexico", ("Mexico City",), ("Mexican",), ()),
    ("Brazil", ("Brasilia", "Brasília"), ("Brazilian",), ()),
    ("Italy", ("Rome",), ("Italian",), ()),
    ("Spain", ("Madrid",), ("Spanish",), ("Moncloa",)),
    ("Poland", ("Warsaw",), ("Polish",), ()),
    ("Belarus", ("Minsk",), ("Belarusian",), ()),
    ("Australia", ("Canberra",), ("Australian",), ()),
    ("Qatar", ("Doha",), ("Qatari",), ()),
    ("Afghanistan", ("Kabul",), ("Afghan",), ()),
    ("Venezuela", ("Caracas",), ("Venezuelan",), ("Miraflores",)),
    ("Cuba", ("Havana",), ("Cuban",), ()),
    ("Greece", ("Athens",), ("Greek",), ()),
    ("Hungary", ("Budapest",), ("Hungarian",), ()),
    ("Netherlands", ("The Hague", "Holland"), ("Dutch",), ()),
    ("Sweden", ("Stockholm",), ("Swedish",), ()),
    ("Norway", ("Oslo",), ("Norwegian",), ()),
    ("Finland", ("Helsinki",), ("Finnish",), ()),
    ("Nigeria", ("Abuja",), ("Nigerian",), ()),
    ("South Africa", ("Pretoria",), ("South African",), ()),
    ("Kenya", ("Nairobi",), ("Kenyan",), ()),
    ("Ethiopia", ("Addis Ababa",), ("Ethiopian",), ()),
    ("Lebanon", ("Beirut",), ("Lebanese",), ()),
    ("Jordan", ("Amman",), ("Jordanian",), ()),
    ("Yemen", ("Sanaa",), ("Yemeni",), ()),
    ("Libya", ("Tripoli",), ("Libyan",), ()),
    ("Sudan", ("Khartoum",), ("Sudanese",), ()),
    ("Georgia", ("Tbilisi",), ("Georgian",), ()),
    ("Armenia", ("Yerevan",), ("Armenian",), ()),
    ("Azerbaijan", ("Baku",), ("Azerbaijani",), ()),
    ("Serbia", ("Belgrade",), ("Serbian",), ()),
    ("Palestinian Authority", ("Ramallah",), ("Palestinian",), ()),
]

@dataclass
class Country:
    """A country and the words that name it or stand for its government."""

    name: str
    names: set[str] = field(default_factory=set)  # as written: name, other names, capitals
    demonyms: set[str] = field(default_factory=set)
    seats: set[str] = field(default_factory=set)

    @property
    def slug(self) -> str:
        return slugify(self.name)


def slugify(text: str) -> str:
    """'NBC News' -> 'nbc-news'; 'U.S.' -> 'us'."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"(?<=\w\w)\.(?=\w\w)", "-", text)  # domains: "nbc.example" -> "nbc-example"
    text = re.sub(r"(?:'s|’s)\b", "", text.lower()).replace(".", "").replace("'", "").replace("’", "")
    return re.sub(r"[^0-9a-z]+", "-", text).strip("-") or "x"


def entity_id(name: str) -> str:
    """The id of the entity called ``name``: 'NBC News' -> 'ent:nbc-news' (a slug is its own slug)."""
    return f"ent:{slugify(name)}"


def builtin_countries() -> list[Country]:
    """The built-in gazetteer as fresh objects (callers add story countries to their copy)."""
    out = []
    for name, others, demonyms, seats in _COUNTRIES:
        out.append(
            Country(
                name=name,
                names={name, *others},
                demonyms=set(demonyms),
                seats=set(seats),
            )
        )
    return out


_CAP_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
# Only bodies a nation has: a state, a city or a president can have a "government".
_POSSESSIVE_BODY = re.compile(
    r"\b([A-Z][a-z]{3,})(?:'s|’s)\s+(?:(?:foreign|defen[cs]e|interior)\s+ministry|armed forces|embassy)\b",
)
_TITLED = re.compile(r"\b(?:President|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Governor|Senator|Secretary|Minister)\.?\s+([A-Z][a-z]{3,})")


# Adjectives shaped like demonyms that name no country.
_NOT_DEMONYMS = {
    "Republican", "Republicans", "European", "African", "Asian", "Christian", "Korean", "Arabian",
    "Caribbean", "Balkan", "Nordic", "Latin", "Hispanic", "Indonesian", "Veteran", "Human", "Urban",
    "Median", "Guardian", "Canadian", "Vatican", "Lutheran", "Presbyterian", "Mexican", "Libertarian",
}

_DEMONYM_BEFORE = re.compile(
    r"\b([A-Z][a-z]{3,}(?:an|ese))\s+(?:senior\s+|top\s+|military\s+|government\s+)?"
    r"(?:officials?|government|authorities|diplomats?|ministers?|minister|ministry|military|army|"
    r"forces|troops|spokes(?:person|man|woman)|president|leaders?)\b"
)


def demonym_stems(word: str) -> list[str]:
    """Country names a demonym may come from: 'Valdorian' -> 'Valdoria', 'Ostravan' -> 'Ostrava'."""
    w = word
    cands = []
    if w.endswith("ian"):
        cands += [w[:-1], w[:-3], w[:-3] + "y", w[:-3] + "a"]
    if w.endswith("an"):
        cands += [w[:-1], w[:-2], w[:-2] + "a", w[:-2] + "o"]
    if w.endswith("ese"):
        cands += [w[:-3], w[:-3] + "a"]
    if w.endswith("i"):
        cands += [w[:-1]]
    return [c for c in dict.fromkeys(cands) if len(c) >= 3]


def derive_countries(texts: list[str], countries: list[Country]) -> list[Country]:
    """Countries the gazetteer lacks, derived from the story's own words.

    A capitalised word X that appears both alone and as a demonym-like form
    (X+"n", X+"an", X+"ese", ...) is taken as a country, as is X in
    "X's foreign ministry" (and the like). Returns the new countries only.
    """
    known = {n.lower() for c in countries for n in (*c.names, *c.demonyms)}
    words: set[str] = set()
    possessive: set[str] = set()
    people: set[str] = set()
    for t in texts:
        words.update(_CAP_WORD.findall(t))
        possessive.update(m.group(1) for m in _POSSESSIVE_BODY.finditer(t))
        people.update(m.group(1) for m in _TITLED.finditer(t))
    known |= {p.lower() for p in people}  # "President Obama": a person, not a country
    found: dict[str, Country] = {}
    for w in sorted(words):
        if w.lower() in known or w in _NOT_DEMONYMS:
            continue
        for stem in demonym_stems(w):
            if stem in words and stem.lower() not in known:
                c = found.setdefault(stem, Country(name=stem, names={stem}))
                c.demonyms.add(w)
                break
    # A demonym-like word before an official noun names a country even when the
    # country itself is not written out: "Valdorian officials" -> Valdoria.
    for t in texts:
        for m in _DEMONYM_BEFORE.finditer(t):
            w = m.group(1)
            if w in _NOT_DEMONYMS or w.lower() in known or any(w in c.demonyms for c in found.values()):
                continue
            stem = demonym_stems(w)[0]
            if stem.lower() not in known:
                found.setdefault(stem, Country(name=stem, names={stem})).demonyms.add(w)
    for p in sorted(possessive):
        if p.lower() not in known and p not in found:
            found[p] = Country(name=p, names={p})
    return list(found.values())
