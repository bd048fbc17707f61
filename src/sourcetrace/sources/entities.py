"""Entity resolution: names in attributions → one entity per person or body, with kind and affiliation.

Rules, in order, for one name in one article:

1. An outlet of the outlet list (name, alias, domain; short aliases such as
   "the Post" only where the article names the outlet in full) is an outlet.
2. A country, capital or seat of government used as an actor ("Moscow",
   "the Kremlin", "Valdoria") is that country's government.
3. A name that mentions a country (name, demonym, "X's ...") is a military body
   (military words), an anonymous source (an unnamed head such as "officials"),
   or a government body, affiliated to that country's military or government.
4. An anonymous official without a country ("a senior official") belongs to the
   government most mentioned in its source span ("... in Washington"), else its
   sentence, else its article (ties: first mentioned); officials of a named body ("port
   officials") only take a country their own source span names. Other unaffiliated anonymous sources are kept apart per outlet:
   "people familiar with the matter" in two outlets are not known to be the same.
5. A person's affiliation comes from the title next to the first mention of the
   name in the article ("US national security council spokesperson John Kirby").
6. Across articles, names are normalised (case, titles, possessives, "the");
   near-identical names of one kind merge (rapidfuzz), and a lone surname merges
   with the one full name in the story that ends with it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from sourcetrace.dossier.models import Article, Attribution, Entity, EntityKind
from sourcetrace.sources.gazetteer import Country, builtin_countries, derive_countries, entity_id
from sourcetrace.sources.outlets import OutletIndex
from sourcetrace.text.lexicon import ENTITY_ANONYMOUS_HEADS as ANON_HEADS
from sourcetrace.text.lexicon import GOVERNMENT_WORDS, MILITARY_WORDS, OFFICIAL_HEADS

_TITLES = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|sen|rep|gen|col|lt|sgt|gov|prof|rev|sir|president|vice president|"
    r"prime minister|minister|secretary|senator|governor|general|chancellor|ambassador|"
    r"spokesperson|spokesman|spokeswoman|chief|director|judge|attorney)\.?\s+)+",
    re.I,
)
_TITLE_WORDS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gen", "gov", "president", "minister", "secretary",
    "senator", "governor", "general", "chancellor", "ambassador", "spokesperson", "spokesman",
    "spokeswoman", "chief", "director", "judge", "justice", "leader", "chairman", "chairwoman", "mayor",
}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSS = re.compile(r"(?:'s|’s|'|’)$")
_QUANT = {
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "several", "some", "many", "multiple", "senior", "other", "two-dozen", "dozens", "numerous",
    "unnamed", "anonymous", "current", "former", "top", "high-ranking", "administration", "military",
}
_CUT = re.compile(r"\s+(?:with|familiar|who|that|close|briefed|speaking|on condition)\b.*$", re.I)
# what a country's military or government is called as a whole
_GENERIC_MILITARY = frozenset({"military", "army", "armed forces", "forces", "troops"})
_GENERIC_GOVERNMENT = frozenset({"government", "authorities", "administration", "regime", ""})
_NAME_TOKEN = re.compile(r"^[A-Z][a-zA-Z'’\-]+$")
# the people and offices that speak for a person: "Morgan's office", "Ortiz's lawyer"
_OWNED = re.compile(
    r"^(?P<owner>(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w'’-]+)(?:'s|’s)\s+(?:own\s+)?(?:office|spokesman|spokeswoman|"
    r"spokesperson|press secretary|lawyers?|attorneys?|campaign|aides?|staff|staffers?|representatives?|team|"
    r"chief of staff)$"
)
# the same first name: "Mike Porter" is "Michael Porter"
_NICKNAMES = {
    "mike": "michael", "bill": "william", "will": "william", "bob": "robert", "rob": "robert", "jim": "james",
    "jimmy": "james", "joe": "joseph", "tom": "thomas", "dick": "richard", "rick": "richard", "chris": "christopher",
    "dan": "daniel", "dave": "david", "steve": "steven", "tony": "anthony", "ted": "edward", "ed": "edward",
    "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine", "pat": "patrick", "nick": "nicholas",
    "ben": "benjamin", "sam": "samuel", "alex": "alexander", "andy": "andrew", "greg": "gregory", "jeff": "jeffrey",
}
_LOWER_WORD = re.compile(r"^[a-z]")


def normalise_name(name: str) -> str:
    """Comparable form of a name: no leading article, title or possessive, single spaces, lower case."""
    n = " ".join(name.replace("\n", " ").split()).strip(" ,.;:\"'“”")
    n = _LEADING.sub("", n)
    n = _POSS.sub("", n)
    return n.lower()


def person_core(name: str) -> str:
    """The personal name in a titled mention: 'US ... spokesperson John Kirby' -> 'John Kirby'."""
    toks = " ".join(name.split()).strip(" ,.;:").split(" ")
    run: list[str] = []
    for t in reversed(toks):
        t2 = _POSS.sub("", t)
        if run and t2.lower().rstrip(".,") in _TITLE_WORDS:
            break  # "NAACP President Ben Jealous": the name ends at the title
        if _NAME_TOKEN.match(t2) or (run and re.match(r"^[A-Z]\.$", t2)):
            run.append(t2)
        else:
            break
    run.reverse()
    core = " ".join(run)
    core = _TITLES.sub("", core)
    return core or _TITLES.sub("", " ".join(toks))


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    low = f" {text.lower()} "
    return any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)


@dataclass
class _Rec:
    id: str
    name: str
    kind: EntityKind
    affiliation: str | None = None
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0


class Resolver:
    """Resolves names, article by article, into a growing set of entities."""

    def __init__(self, articles: list[Article], outlets: OutletIndex) -> None:
        self.outlets = outlets
        self.articles = {a.id: a for a in articles}
        countries = builtin_countries()
        countries += derive_countries([a.text for a in articles], countries)
        self.countries = countries
        terms: dict[str, Country] = {}
        for c in countries:
            for t in (*c.names, *c.demonyms, *c.seats):
                terms.setdefault(t, c)
        self._terms = terms
        alt = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        # Case-sensitive: "US" is a country, "us" is not.
        self._country_re = re.compile(rf"(?<![\w.])(?:{alt})(?:'s|’s)?(?![\w])")
        self._exact = {t.lower(): c for t, c in terms.items()}
        self.recs: dict[str, _Rec] = {}
        self._article_country: dict[str, Country | None] = {}
        self.official_country: dict[str, Country] = {}

    # --- entity records -----------------------------------------------------

    def _rec(self, eid: str, name: str, kind: EntityKind, affiliation: str | None = None) -> str:
        rec = self.recs.get(eid)
        if rec is None:
            rec = self.recs[eid] = _Rec(eid, name, kind, affiliation)
        else:
            if rec.affiliation is None and affiliation and affiliation != eid:
                rec.affiliation = affiliation
        if name != rec.name:
            rec.aliases.add(name)
        return eid

    def government(self, c: Country) -> str:
        """Entity id of country ``c``'s government."""
        return self._rec(entity_id(f"{c.slug}-government"), f"{c.name} government", EntityKind.government)

    def military(self, c: Country) -> str:
        """Entity id of country ``c``'s military (affiliated to its government)."""
        return self._rec(entity_id(f"{c.slug}-military"), f"{c.name} military", EntityKind.military, self.government(c))

    def outlet(self, name: str) -> str:
        """Entity id of the outlet called ``name`` (a known outlet's name, or ``name`` itself)."""
        hit = self.outlets.lookup(name)
        display = hit.name if hit else name.strip()
        eid = self._rec(entity_id(display), display, EntityKind.outlet)
        self.recs[eid].kind = EntityKind.outlet
        if name.strip() != display:
            self.recs[eid].aliases.add(name.strip())
        return eid

    # --- countries in text ----------------------------------------------------

    def countries_in(self, text: str) -> list[Country]:
        """Countries named in ``text``, in order, with repeats."""
        out = []
        for m in self._country_re.finditer(text):
            t = _POSS.sub("", m.group(0))
            c = self._terms.get(t)
            if c is not None:
                out.append(c)
        return out

    def _main_country(self, texts: list[str]) -> Country | None:
        for text in texts:
            found = self.countries_in(text)
            if found:
                counts = Counter(c.name for c in found)
                top = max(counts.values())
                return next(c for c in found if counts[c.name] == top)
        return None

    def article_country(self, article_id: str) -> Country | None:
        """The country most mentioned in an article."""
        if article_id not in self._article_country:
            art = self.articles.get(article_id)
            self._article_country[article_id] = self._main_country([art.text]) if art else None
        return self._article_country[article_id]

    # --- one name ---------------------------------------------------------------

    def resolve(
        self,
        name: str,
        article_id: str,
        sentence: str = "",
        source_text: str = "",
        hint: EntityKind | None = None,
    ) -> str | None:
        """Entity id for ``name`` as used in one article (see the module docstring for the rules)."""
        raw = " ".join(name.split()).strip(" ,.;:\"'“”")
        if not raw:
            return None
        article = self.articles.get(article_id)
        hit = self.outlets.lookup(raw, context=article.text if article else "")
        if hit is not None:
            return self.outlet(hit.name)
        norm = normalise_name(raw)
        known = self.recs.get(entity_id(norm))
        if hint is EntityKind.outlet or (known is not None and known.kind is EntityKind.outlet):
            # A story's own publishers ("The Capital Ledger") are outlets wherever they are named.
            return self.outlet(raw)
        bare = _LEADING.sub("", _POSS.sub("", raw))
        exact = self._exact_country(bare, hint)
        if exact is not None:
            return self._country_actor(exact, bare)
        words = _CUT.sub("", norm).split()
        head = words[-1] if words else ""
        in_name = self.countries_in(raw)
        country = in_name[0] if in_name else None
        proper = self._proper_words(bare)
        if hint is EntityKind.anonymous or (
            head in ANON_HEADS
            and (not proper or all(p.lower() in GOVERNMENT_WORDS + MILITARY_WORDS for p in proper))
        ):
            return self._anonymous(raw, norm, words, country, bool(in_name), article_id, sentence, source_text)
        owned = _OWNED.match(raw)
        if owned is not None and hint is not EntityKind.person:
            owner = self.resolve(owned.group("owner"), article_id, sentence, "", EntityKind.person)
            if owner is not None and self.recs[owner].kind is EntityKind.person:
                # "Morgan's office", "Morgan's spokesman" speak for Morgan
                return self._rec(entity_id(norm), raw, hint or EntityKind.organization, owner)
        if self._is_person(raw, proper, hint):
            return self._person(raw, article_id, source_text)
        if country is not None:
            return self._body_of(country, raw, norm, hint)
        return self._unplaced_body(raw, norm, proper, sentence, hint)

    def _exact_country(self, bare: str, hint: EntityKind | None) -> Country | None:
        """The country ``bare`` names outright (name, capital, seat), if it is not a person's name."""
        exact = self._exact.get(bare.lower())
        if exact is not None and hint is EntityKind.person and (" " in bare or bare not in exact.names):
            # The tagger calls many small countries people ("Ostrava said"); a lone country
            # name is still the country, but "Jordan Peterson" or a demonym is not.
            return None
        return exact

    def _country_actor(self, country: Country, bare: str) -> str:
        """A country, capital or seat used as an actor speaks for its government ..."""
        if bare.lower() in {s.lower() for s in country.seats} and _has_word(bare, ("department", "office")):
            return self._rec(entity_id(bare), bare, EntityKind.government, self.government(country))
        if bare.lower() == "pentagon":
            return self._rec(entity_id("Pentagon"), "Pentagon", EntityKind.military, self.military(country))
        return self.government(country)

    def _proper_words(self, bare: str) -> list[str]:
        """Capitalised words of a name that may be a person's or a body's own name."""
        # Country words ("White House", "U.S.") are not personal names.
        return [
            w for w in _CUT.sub("", self._country_re.sub(" ", bare)).split()
            if _NAME_TOKEN.match(w) and not self.countries_in(w)
            and w.lower() not in _QUANT and w.lower() not in ANON_HEADS and w.lower() != "the"
        ]

    def _anonymous(
        self,
        raw: str,
        norm: str,
        words: list[str],
        country: Country | None,
        in_name: bool,
        article_id: str,
        sentence: str,
        source_text: str,
    ) -> str:
        """An unnamed source: affiliated to a government or military when it has a country, else kept
        apart per outlet."""
        head = words[-1] if words else ""
        gov_like = head in OFFICIAL_HEADS or _has_word(raw, GOVERNMENT_WORDS + MILITARY_WORDS)
        if country is None and gov_like:
            country = self._official_country(words, article_id, sentence, source_text)
        if country is not None and (gov_like or in_name):
            affil = self.military(country) if _has_word(raw, MILITARY_WORDS) else self.government(country)
            return self._rec(entity_id(norm), raw, EntityKind.anonymous, affil)
        article = self.articles.get(article_id)
        outlet = article.outlet if article and article.outlet else article_id
        scoped = f"{norm} ({self.outlets.outlet_name(outlet)})"
        return self._rec(entity_id(scoped), raw, EntityKind.anonymous)

    def _official_country(self, words: list[str], article_id: str, sentence: str, source_text: str) -> Country | None:
        """The country an official with no country of its own speaks for."""
        # "port officials", "hospital officials": a body of their own, not whichever
        # government the article's other officials speak for
        local = any(
            _LOWER_WORD.match(w) and w not in _QUANT and not _has_word(w, GOVERNMENT_WORDS + MILITARY_WORDS)
            for w in words[:-1]
        )
        if local:
            return self._main_country([source_text])
        # The source span ("... official in Washington") before its sentence and article.
        # then the country the article's other named-country officials speak for ("Officials
        # say ..." in a headline over a story sourced to US officials), then the sentence's.
        return (
            self._main_country([source_text])
            or self.official_country.get(article_id)
            or self._main_country([sentence])
            or self.article_country(article_id)
        )

    def _is_person(self, raw: str, proper: list[str], hint: EntityKind | None) -> bool:
        """A titled name ("NAACP President Ben Jealous") or a short run of proper names."""
        tail = person_core(raw)
        prefix = raw[: len(raw) - len(tail)].strip() if raw.endswith(tail) else ""
        titled = bool(prefix) and prefix.split()[-1].lower().rstrip(".,") in _TITLE_WORDS
        if titled and tail and not self.countries_in(tail) and hint in (None, EntityKind.person, EntityKind.other):
            return True
        return hint is EntityKind.person or bool(
            proper and len(proper) <= 4 and not _has_word(raw, GOVERNMENT_WORDS + MILITARY_WORDS)
            and hint in (None, EntityKind.person, EntityKind.other)
            and _NAME_TOKEN.match(raw.split()[-1] or "")
        )

    def _body_of(self, country: Country, raw: str, norm: str, hint: EntityKind | None) -> str:
        """A body a name places in a country: its military, its government, or one of their parts."""
        if _has_word(raw, MILITARY_WORDS):
            kind, whole, generic_names = EntityKind.military, self.military(country), _GENERIC_MILITARY
        elif _has_word(raw, GOVERNMENT_WORDS) or hint is EntityKind.government:
            kind, whole, generic_names = EntityKind.government, self.government(country), _GENERIC_GOVERNMENT
        else:
            kind = hint if hint not in (None, EntityKind.other) else EntityKind.organization
            return self._rec(entity_id(norm), raw, kind, self.government(country))
        own = re.sub(r"(?:'s|’s)", "", raw)
        if normalise_name(own.replace(_first_term(own, self), "")).strip() in generic_names:
            return whole  # "Valdoria's armed forces" is the military itself
        return self._rec(entity_id(norm), raw, kind, whole)

    def _unplaced_body(self, raw: str, norm: str, proper: list[str], sentence: str, hint: EntityKind | None) -> str:
        """A name with no country of its own: military and government bodies take their sentence's."""
        if _has_word(raw, MILITARY_WORDS):
            ctx = self._main_country([sentence])
            return self._rec(entity_id(norm), raw, EntityKind.military, self.military(ctx) if ctx else None)
        if _has_word(raw, GOVERNMENT_WORDS) and not proper:
            ctx = self._main_country([sentence])
            return self._rec(entity_id(norm), raw, EntityKind.government, self.government(ctx) if ctx else None)
        kind = hint if hint is not None else (EntityKind.organization if proper else EntityKind.other)
        return self._rec(entity_id(norm), raw, kind)

    def _person(self, raw: str, article_id: str, source_text: str) -> str:
        core = person_core(raw)
        eid = self._rec(entity_id(core), core, EntityKind.person)
        self.recs[eid].kind = EntityKind.person
        if raw != core:
            self.recs[eid].aliases.add(raw)
        if self.recs[eid].affiliation is None:
            affil = self._title_affiliation(core, raw, article_id, source_text)
            if affil:
                self.recs[eid].affiliation = affil
        return eid

    def _title_affiliation(self, core: str, raw: str, article_id: str, source_text: str) -> str | None:
        """Affiliation from the words before the first mention of the name in the article."""
        article = self.articles.get(article_id)
        windows = [raw, source_text]
        if article is not None:
            i = article.text.find(core)
            if i < 0 and " " in core:
                i = article.text.find(core.split()[-1])
            if i >= 0:
                start = max(0, i - 100)
                # Stay in the sentence: the title sits right before the name.
                pre = re.split(r"[.!?]\s", article.text[start:i])[-1]
                # after the name, only an apposition ("John Kirby, the US ... spokesperson,"): the rest
                # of the sentence says what the person did, not whom they speak for
                rest = article.text[i + len(core) : i + len(core) + 100]
                after = rest[1:].split(",")[0] if rest.startswith(",") else ""
                windows += [pre, after]
        for w in windows:
            if not w:
                continue
            cs = self.countries_in(w)
            if cs and _has_word(w, GOVERNMENT_WORDS + MILITARY_WORDS):
                if _has_word(w, MILITARY_WORDS) and not _has_word(w, ("ministry", "minister", "secretary")):
                    return self.military(cs[0])
                return self.government(cs[0])
        before = raw[: raw.rfind(core)] if core in raw else ""
        for w in (before, *windows[2:]):
            org = _titled_by(w)
            if org and not self.countries_in(org) and self.outlets.lookup(org) is None:
                # "Harbour Trust CEO Helen Ward", "Helen Ward, the Trust's chief executive": she speaks for it
                return self.resolve(org, article_id, hint=EntityKind.organization)
        return None

    # --- merging ------------------------------------------------------------------

    def merge_map(self) -> dict[str, str]:
        """Entity id -> the id it merges into (surnames, near-identical names)."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        persons = [r for r in self.recs.values() if r.kind is EntityKind.person]
        by_surname: dict[str, list[_Rec]] = {}
        for r in persons:
            toks = r.name.split()
            if len(toks) > 1:
                by_surname.setdefault(toks[-1].lower(), []).append(r)
        for r in persons:
            toks = r.name.split()
            if len(toks) == 1:
                full = by_surname.get(toks[0].lower(), [])
                if len({f.id for f in full}) == 1:
                    parent[r.id] = full[0].id
        for same in _same_person_groups(persons):
            target = min(same, key=lambda r: (len(r.name), r.id))  # the short form: "Daniel Morgan"
            for r in same:
                if r is not target and find(r.id) != find(target.id):
                    parent[find(r.id)] = find(target.id)
        by_kind: dict[EntityKind, list[_Rec]] = {}
        for r in self.recs.values():
            by_kind.setdefault(r.kind, []).append(r)
        for kind, recs in by_kind.items():
            if kind in (EntityKind.government, EntityKind.anonymous) or len(recs) > 3000:
                continue  # generated ids, and "two officials" vs "three officials" are not one source
            names = [normalise_name(r.name) for r in recs]
            for i in range(len(recs)):
                for j in range(i + 1, len(recs)):
                    if abs(len(names[i]) - len(names[j])) > 4 or names[i][:1] != names[j][:1]:
                        continue
                    if fuzz.ratio(names[i], names[j]) >= 92:
                        a, b = find(recs[i].id), find(recs[j].id)
                        if a != b:
                            parent[b] = a
        return {k: find(k) for k in self.recs}

    def entities(self, mapping: dict[str, str]) -> list[Entity]:
        """The merged entities."""
        merged: dict[str, _Rec] = {}
        for eid, rec in self.recs.items():
            target = mapping.get(eid, eid)
            m = merged.get(target)
            if m is None:
                base = self.recs[target]
                m = merged[target] = _Rec(target, base.name, base.kind, base.affiliation)
            if rec.name != m.name:
                m.aliases.add(rec.name)
            m.aliases |= rec.aliases
            m.mentions += rec.mentions
            if m.affiliation is None and rec.affiliation:
                m.affiliation = rec.affiliation
        out = []
        for m in merged.values():
            affil = mapping.get(m.affiliation, m.affiliation) if m.affiliation else None
            out.append(
                Entity(
                    id=m.id,
                    name=m.name,
                    aliases=sorted(a for a in m.aliases if a != m.name),
                    kind=m.kind,
                    affiliation=affil if affil != m.id else None,
                    mentions=m.mentions,
                )
            )
        return sorted(out, key=lambda e: e.id)


# titles of people who speak for a body: "Harbour Trust CEO", "Union President", "Dock Guild spokeswoman"
_BODY_TITLES = frozenset({
    "ceo", "president", "director", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chair",
    "chief", "executive", "head", "founder", "counsel", "official", "officer", "secretary", "leader",
})
_TITLE_MODIFIERS = frozenset({"legislative", "policy", "senior", "deputy", "executive", "vice", "general", "national",
                              "press", "communications", "political", "top", "co-founder", "former"})
# capitalised words that name no body of their own: "House Majority Leader", "Democratic Sen."
_NO_BODY = frozenset({"house", "senate", "majority", "minority", "democratic", "republican", "democrat", "gop",
                      "party", "congressional", "white", "u.s.", "us", "the", "former", "state"})
# capitalised words that start a sentence or name a day: "On Friday President Obama ..."
_NOT_A_BODY = frozenset({
    "on", "in", "at", "as", "after", "before", "when", "while", "but", "and", "or", "if", "then",
    "meanwhile", "later", "earlier", "also", "since", "for", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
})


def _titled_by(window: str) -> str | None:
    """The body a title names just before a person's name ("Harbour Trust policy director" → Harbour Trust)
    or in an apposition after it ("the Trust's chief executive" → Trust)."""
    words = window.strip(" ,").split()
    if words and words[0].endswith(("'s", "’s")):
        owner, rest = words[0][:-2], words[1:]  # "Acme's chief executive"
        org_words = [owner]
    else:
        rest: list[str] = []
        while words and words[-1].lower().strip(",") in _BODY_TITLES | _TITLE_MODIFIERS and len(rest) < 4:
            rest.insert(0, words.pop())
        org_words = []
        while words and words[-1][:1].isupper() and words[-1].lower() not in _NOT_A_BODY and len(org_words) < 4:
            org_words.insert(0, words.pop())
    if not any(w.lower().strip(",") in _BODY_TITLES for w in rest):
        return None
    org = " ".join(org_words).strip(" ,")
    if not org or all(w.lower().strip(",.") in _NO_BODY for w in org.split()):
        return None
    return org


def _same_person_groups(persons: list[_Rec]) -> list[list[_Rec]]:
    """Persons whose names differ only by a middle name or initial, or a nickname ("Daniel K. Morgan",
    "Daniel Morgan"; "Mike Porter", "Michael Porter"). Where two different middle names share
    first and last name ("George W. Bush", "George H. W. Bush"), none of that name is merged."""
    groups: dict[tuple[str, str], list[_Rec]] = {}
    for r in persons:
        toks = [t.strip(",") for t in r.name.split()]
        if len(toks) < 2 or not toks[0][:1].isupper():
            continue
        first = toks[0].lower()
        groups.setdefault((_NICKNAMES.get(first, first), toks[-1].lower()), []).append(r)
    out = []
    for members in groups.values():
        middles = {" ".join(m.name.split()[1:-1]).lower() for m in members} - {""}
        if len(members) > 1 and len(middles) <= 1:
            out.append(members)
    return out


def _one_hop_each(names: list[str], ids: list[str | None]) -> tuple[list[str], list[str]]:
    """A chain's names and entity ids without a hop that names the entity before it again: in
    HuffPost, "told The Huffington Post" is the outlet's own interview, no relay."""
    out_names: list[str] = []
    out_ids: list[str] = []
    for name, eid in zip(names, ids, strict=True):
        if eid is not None and out_ids and eid == out_ids[-1]:
            continue
        out_names.append(name)
        if eid is not None:
            out_ids.append(eid)
    return out_names, out_ids


def _first_term(text: str, resolver: Resolver) -> str:
    m = resolver._country_re.search(text)
    return m.group(0) if m else ""


def resolve_all(articles: list[Article], attributions: list[Attribution], outlets: OutletIndex) -> list[Entity]:
    """Resolve every attribution's speaker and chain; fills ``speaker_entity`` and ``chain`` in place."""
    res = Resolver(articles, outlets)
    by_article = {a.id: a for a in articles}
    for art in articles:
        if art.outlet:
            res.outlet(art.outlet)
    named: dict[str, Counter] = {}
    for att in attributions:
        if att.speaker is not None and att.speaker.kind is EntityKind.anonymous and att.source is not None:
            for c in res.countries_in(att.source.text):
                named.setdefault(att.article_id, Counter())[c.name] += 1
    for aid, counts in named.items():
        top = counts.most_common(1)[0][0]
        res.official_country[aid] = next(c for c in res.countries if c.name == top)
    used: list[tuple[Attribution, str | None, list[str | None]]] = []
    for att in attributions:
        art = by_article.get(att.article_id)
        sentence = att.sentence.text
        source_text = att.source.text if att.source else ""
        chain: list[str | None] = []
        for i, name in enumerate(att.chain_names):
            if i == 0:
                chain.append(res.outlet(name))
            else:
                hint = att.speaker.kind if (att.speaker and i == len(att.chain_names) - 1) else None
                chain.append(res.resolve(name, att.article_id, sentence, source_text, hint))
        speaker: str | None = None
        if att.speaker is not None:
            speaker = res.resolve(att.speaker.name, att.article_id, sentence, source_text, att.speaker.kind)
        elif len(chain) > 1:
            speaker = chain[-1]
        elif art is not None and art.outlet and att.kind.value == "reportedly":
            speaker = None
        used.append((att, speaker, chain))
    mapping = res.merge_map()
    for att, speaker, chain in used:
        att.speaker_entity = mapping.get(speaker, speaker) if speaker else None
        att.chain_names, att.chain = _one_hop_each(att.chain_names, [mapping.get(c, c) if c else None for c in chain])
        for eid in {att.speaker_entity, *att.chain} - {None}:
            res.recs[eid].mentions += 1  # type: ignore[index]
    return res.entities(mapping)
