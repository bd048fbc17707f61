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
from sourcetrace.text.lexicon import (
    DOCUMENT_WORDS,
    GOVERNMENT_WORDS,
    MILITARY_WORDS,
    OFFICIAL_HEADS,
)
from sourcetrace.text.lexicon import ENTITY_ANONYMOUS_HEADS as ANON_HEADS
from sourcetrace.text.lexicon import ROLE_HEADS as ENTITY_ROLE_HEADS

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
# words a source span can start with that belong to the sentence, not the name: "However, AARP",
# "UPDATE: AARP" (a label line glued to the next paragraph)
_DISCOURSE = re.compile(
    r"^(?:(?:however|but|and|still|meanwhile|yet|instead|also|update|updated|correction|editor'?s note)"
    r"\s*[,:]?\s+)+",
    re.I,
)
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
# people named by whom they are close to: "Democrats close to Blumenthal's campaign"
_CLOSE_TO = re.compile(r"^(?P<who>\S.*?)\s+close\s+to\s+(?P<owner>\S.*)$", re.I)
# the same first name: "Mike Porter" is "Michael Porter"
_NICKNAMES = {
    "mike": "michael", "bill": "william", "will": "william", "bob": "robert", "rob": "robert", "jim": "james",
    "jimmy": "james", "joe": "joseph", "tom": "thomas", "dick": "richard", "rick": "richard", "chris": "christopher",
    "dan": "daniel", "dave": "david", "steve": "steven", "tony": "anthony", "ted": "edward", "ed": "edward",
    "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine", "pat": "patrick", "nick": "nicholas",
    "ben": "benjamin", "sam": "samuel", "alex": "alexander", "andy": "andrew", "greg": "gregory", "jeff": "jeffrey",
}
_LOWER_WORD = re.compile(r"^[a-z]")
# where a sentence or paragraph ends: a period (inside a closing quote too) or a line break
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\b[A-Z])[.!?][\"'”’]?\s|\n"
)


def _clean(name: str) -> str:
    """A name as written, on one line, without the punctuation and quotation marks around it."""
    return " ".join(name.split()).strip(" ,.;:\"'“”")


def normalise_name(name: str) -> str:
    """Comparable form of a name: no leading article, title or possessive, single spaces, lower case."""
    n = _clean(name)
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
    # the affiliation comes from a leader's title ("chairman of the Acme Trust"), not a spokesperson's
    led: bool = False


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
        relay: str | None = None,
    ) -> str | None:
        """Entity id for ``name`` as used in one article (see the module docstring for the rules);
        ``relay`` is the outlet that passed the words on, whose unnamed sources they are."""
        raw = _clean(name)
        raw = _DISCOURSE.sub("", raw) or raw
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
        if hint is not EntityKind.person and (close := self._close_to(raw, norm, source_text, article_id, sentence)):
            return close
        if hint is EntityKind.anonymous or (
            head in ANON_HEADS
            and (not proper or all(p.lower() in GOVERNMENT_WORDS + MILITARY_WORDS for p in proper))
        ):
            return self._anonymous(raw, norm, words, country, bool(in_name), article_id, sentence, source_text, relay)
        owned = _OWNED.match(raw)
        if owned is not None and hint is not EntityKind.person:
            owner = self.resolve(owned.group("owner"), article_id, sentence, "", EntityKind.person)
            if owner is not None and self.recs[owner].kind is EntityKind.person:
                # "Morgan's office", "Morgan's spokesman" speak for Morgan
                return self._rec(entity_id(norm), raw, hint or EntityKind.organization, owner)
        body = _body_of_role(bare, head) if country is None and hint is not EntityKind.person else None
        if body is not None:
            # "an Acme spokeswoman", "Acme officials", "Acme's chief executive" speak for Acme
            owner = self.resolve(body, article_id, sentence, "", EntityKind.organization)
            if owner is not None:
                return self._rec(entity_id(norm), raw, EntityKind.anonymous, owner)
        if self._is_person(raw, proper, hint):
            return self._person(raw, article_id, source_text)
        if country is not None:
            return self._body_of(country, raw, norm, hint)
        if _ADMINISTRATION.match(bare) and (home := self.article_country(article_id)) is not None:
            # "the Morgan administration" is the government of the country the article is about
            gov = self.government(home)
            self.recs[gov].aliases.add(bare)
            return gov
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
        gov = self.government(country)
        if bare.lower() != country.name.lower():
            self.recs[gov].aliases.add(bare)  # "the White House" is how the story names the US government
        return gov

    def _close_to(self, raw: str, norm: str, source_text: str, article_id: str, sentence: str) -> str | None:
        """An entity affiliated with whom its people are close to, when that is named ("Democrats close
        to Blumenthal's campaign" speak for the campaign, and so for Blumenthal); None otherwise."""
        close, full = _CLOSE_TO.match(raw), raw
        written = _clean(source_text)
        if close is None and (m := _CLOSE_TO.match(written)) and normalise_name(m.group("who")).endswith(norm):
            # the speaker's name was cut to its head ("Democrats"): the source as written says whose they are
            close, full = m, written
        if close is None or not self._proper_words(close.group("owner")):
            return None
        owner = self.resolve(close.group("owner"), article_id, sentence, "")
        if owner is None or self.recs[owner].kind is EntityKind.outlet:
            return None
        return self._rec(entity_id(normalise_name(full)), full, EntityKind.anonymous, owner)

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
        relay: str | None = None,
    ) -> str:
        """An unnamed source: affiliated to a government or military when it has a country, else kept
        apart per outlet: the one that relayed it ("people familiar with the case (The Washington
        Post)" in HuffPost's "The Post now reports ..., according to people familiar with the case"),
        else the publisher."""
        head = words[-1] if words else ""
        gov_like = head in OFFICIAL_HEADS or _has_word(raw, GOVERNMENT_WORDS + MILITARY_WORDS)
        if country is None and gov_like:
            country = self._official_country(words, article_id, sentence, source_text)
        if country is not None and (gov_like or in_name):
            affil = self.military(country) if _has_word(raw, MILITARY_WORDS) else self.government(country)
            return self._rec(entity_id(norm), raw, EntityKind.anonymous, affil)
        article = self.articles.get(article_id)
        outlet = relay or (article.outlet if article and article.outlet else article_id)
        # one outlet's insiders ("people with knowledge of the case", "someone familiar with the case")
        # are one unnamed party: nothing in the text tells them apart
        scope = self.outlets.outlet_name(outlet)
        insiders = f"people familiar with the matter ({scope})"
        # the name may be the head alone: its sentence describes it ("citing someone familiar with the
        # case"), or it refers back to the insiders named before ("the restaurant the people said ...")
        head_only = re.fullmatch(_INSIDER_HEAD, raw, re.I) is not None
        insider = _INSIDER.match(norm) or (head_only and (
            re.search(rf"\b{re.escape(raw)}\s+{_INSIDE_OF}", sentence, re.I) or entity_id(insiders) in self.recs
        ))
        scoped = insiders if insider else f"{norm} ({scope})"
        # another outlet's unnamed sources are known only through its report: one root with it ("The Post
        # reported …" and "The Post now reports …, according to people familiar …" are one source)
        return self._rec(entity_id(scoped), raw, EntityKind.anonymous, self.outlet(relay) if relay else None)

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
            affil, led = self._title_affiliation(core, raw, article_id, source_text)
            if affil:
                self.recs[eid].affiliation = affil
                self.recs[eid].led = led
        return eid

    def _title_affiliation(self, core: str, raw: str, article_id: str, source_text: str) -> tuple[str | None, bool]:
        """Affiliation from the title next to the first mention of the name in the article, and
        whether the title is a leader's."""
        article = self.articles.get(article_id)
        windows = [raw, source_text]
        before = raw[: raw.rfind(core)] if core in raw else ""
        titles = [before, _apposition(source_text, core)]
        if article is not None:
            i = article.text.find(core)
            if i < 0 and " " in core:
                i = article.text.find(core.split()[-1])
            if i >= 0:
                start = max(0, i - 100)
                # Stay in the sentence (and the paragraph): the title sits right before the name.
                pre = _title_run(_HONORIFIC_TAIL.sub("", _SENTENCE_END.split(article.text[start:i])[-1]))
                after = _apposition(article.text[i : i + len(core) + 100], core)
                windows += [pre, after]
                titles += [pre, after]
        # A body the title names ("executive director of the Harbour Trust") comes first: the
        # apposition may go on to place that body in a capital ("..., a group in Washington").
        for w in titles:
            found = _titled_by(w) if w else None
            if found is None:
                continue
            org, role = found
            if self.countries_in(org) or self.outlets.lookup(org) is not None:
                continue
            # "Grimm's lawyer", "a lawyer for Mr. Grimm" act for a person; "Acme's chief" for a body
            affil = self.resolve(org, article_id, hint=None if role == "agent" else EntityKind.organization)
            if affil is not None and affil != entity_id(core):
                return affil, role == "leader"
        for w in windows:
            if not w:
                continue
            cs = self.countries_in(w)
            if cs and _has_word(w, GOVERNMENT_WORDS + MILITARY_WORDS):
                if _has_word(w, MILITARY_WORDS) and not _has_word(w, ("ministry", "minister", "secretary")):
                    return self.military(cs[0]), False
                return self.government(cs[0]), False
        return None, False

    def own_by_source(self, eid: str, source_text: str, article_id: str) -> None:
        """An unnamed source whose source span says whom it speaks for: "the statement from Morgan's
        lawyer", "a spokeswoman for the Harbour Trust" (the speaker's name kept only the head)."""
        rec = self.recs[eid]
        if rec.affiliation is not None or rec.kind not in (EntityKind.document, EntityKind.other, EntityKind.anonymous):
            return
        owner: str | None = None
        doc = _DOCUMENT_FROM.search(source_text)
        if doc is not None:
            owner = self.resolve(doc.group("who").split(",")[0], article_id)
        else:
            of = _TITLE_OF.search(source_text)
            org = _CONNECTOR_TAIL.sub("", of.group("org")) if of is not None else ""
            if of is not None and org and not all(_no_body(w) for w in org.split()):
                agent = _role({of.group("title").lower()}, owned=True) == "agent"
                owner = self.resolve(org, article_id, hint=None if agent else EntityKind.organization)
        if owner is not None and owner != eid:
            rec.affiliation = owner

    def own_documents_by_author(self) -> None:
        """A document named after its authors ("the latest annual trustees report") speaks for the one
        body of the corpus whose name starts with that word ("Trustees of the Social Security Trust
        Fund"); two such bodies, or none, leave it alone."""
        by_first: dict[str, list[str]] = {}  # first word -> the bodies it starts, built once for the corpus
        for r in self.recs.values():
            if r.kind is not EntityKind.document:
                by_first.setdefault(_first_word(r.name), []).append(r.id)
        for rec in self.recs.values():
            if rec.kind is not EntityKind.document or rec.affiliation is not None:
                continue
            m = _DOCUMENT_OF_AUTHOR.search(rec.name.lower())
            if m is None or m.group("who") in _NOT_AN_AUTHOR:
                continue
            who = m.group("who")
            bodies = {b for w in {who, who.rstrip("s"), who + "s"} for b in by_first.get(w, [])}
            if len(bodies) == 1:
                rec.affiliation = bodies.pop()

    # --- merging ------------------------------------------------------------------

    def merge_map(self) -> dict[str, str]:
        """Entity id -> the id it merges into (surnames, near-identical names)."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        persons = [r for r in self.recs.values() if r.kind is EntityKind.person]
        for same in _same_person_groups(persons):
            target = min(same, key=lambda r: (len(r.name), r.id))  # the short form: "Daniel Morgan"
            for r in same:
                if r is not target and find(r.id) != find(target.id):
                    parent[find(r.id)] = find(target.id)
        # A lone surname is the one person of the story with that surname, once "Daniel K. Morgan"
        # and "Daniel Morgan" are one; the tagger sometimes calls a lone surname a body ("Morgan said").
        by_surname: dict[str, set[str]] = {}
        for r in persons:
            toks = r.name.split()
            if len(toks) > 1:
                by_surname.setdefault(toks[-1].lower(), set()).add(find(r.id))
        for r in self.recs.values():
            toks = r.name.split()
            if len(toks) == 1 and r.kind not in (EntityKind.outlet, EntityKind.anonymous) and _NAME_TOKEN.match(toks[0]):
                full = by_surname.get(toks[0].lower(), set())
                if len(full) == 1 and find(r.id) != next(iter(full)):
                    parent[find(r.id)] = next(iter(full))
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
# "people familiar with the matter", "someone with knowledge of the case", "a person briefed on the talks"
_INSIDE_OF = r"(?:familiar with|with knowledge of|with direct knowledge of|knowledgeable about|briefed on)\b"
_INSIDER_HEAD = r"(?:the\s+|a\s+|one\s+|two\s+|three\s+|several\s+)?(?:people|persons?|someone|sources?|individuals?)"
_INSIDER = re.compile(rf"^{_INSIDER_HEAD}\b.*\b{_INSIDE_OF}", re.I)
_TITLE_MODIFIERS = frozenset({"legislative", "policy", "senior", "deputy", "executive", "vice", "general", "national",
                              "press", "communications", "political", "top", "co-founder", "former"})
# people who act for a person rather than speak for a body: "Morgan's lawyer"
_REP_TITLES = frozenset({"lawyer", "attorney", "aide", "adviser", "advisor", "lawyers", "attorneys"})
# titles of those who speak for a body or person rather than for themselves: "a spokeswoman for the
# Trust" is the Trust's voice, while "chairman of the Trust" may well speak for himself
_SPEAKS_FOR = _REP_TITLES | {"spokesman", "spokeswoman", "spokesperson", "counsel", "official", "officer"}
_TITLE_OF = re.compile(
    r"\b(?P<title>" + "|".join(sorted(_SPEAKS_FOR | _BODY_TITLES)) + r")\s+(?:of|for|at)\s+(?:the\s+)?"
    r"(?P<org>(?:Mr\.|Mrs\.|Ms\.|Dr\.)?\s*[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|to|and|for|the|on))*)"
)
# a head of government's administration, named after him: "Morgan administration"
_ADMINISTRATION = re.compile(r"^(?:[A-Z][\w'’-]+\s+){1,2}administration$")
# words that end the title before a name: a verb or a clause word belongs to what precedes it
_CLAUSE_WORDS = frozenset({"said", "says", "told", "by", "with", "that", "and", "to", "from", "than", "as", "when",
                           "after", "before", "while", "but", "or", "which", "who", "against", "between", "asked"})
# "Mr. " right before a name belongs to the name, not to the title before it
_HONORIFIC_TAIL = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.\s*$")
# a document and its author: "the statement from Morgan's lawyer", "a letter by the Trust"
_DOCUMENT_FROM = re.compile(rf"\b{DOCUMENT_WORDS}\s+(?:from|by|issued by)\s+(?P<who>(?:the\s+)?[A-Z].*)$")
# "the latest annual trustees report": the word before the document's noun names its authors
_DOCUMENT_OF_AUTHOR = re.compile(rf"\b(?P<who>[a-z][\w'’-]+)\s+{DOCUMENT_WORDS}$")
_NOT_AN_AUTHOR = frozenset({"latest", "annual", "new", "final", "internal", "recent", "first", "own", "this", "that",
                            "the", "a", "an", "its", "their", "his", "her", "draft", "written", "joint", "official",
                            "detailed", "leaked", "secret", "classified", "government", "news", "media", "initial"})


def _first_word(name: str) -> str:
    words = re.sub(r"^the\s+", "", name.lower()).split()
    return words[0] if words else ""


_CONNECTOR_TAIL = re.compile(r"(?:\s+(?:of|to|and|for|the|on))+$")
# the first word of a clause that goes on after a name: "Helen Ward, said ...", "..., who added"
_VERB_START = re.compile(r"^(?:said|says|told|tells|added|adds|wrote|writes|who|which|according|in|on|at|\w+ed)$")
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


def _title_run(pre: str) -> str:
    """The words right before a name that can be its title: "the White House offered Rep. " keeps
    "Rep. ", since what the clause's subject did is not the person's title."""
    words = pre.split(" ")
    for k in range(len(words) - 1, -1, -1):
        w = words[k].lower().strip(",;:\"“”")
        if w in _CLAUSE_WORDS or (w.endswith("ed") and w not in _TITLE_MODIFIERS and not words[k][:1].isupper()):
            return " ".join(words[k + 1 :])
    return pre


def _apposition(text: str, core: str) -> str:
    """What follows the name as an apposition ("Helen Ward, the Trust's chief executive,"), or "":
    a clause that goes on with a verb ("Helen Ward, said ...") says what she did, not whom she speaks for."""
    i = text.find(core)
    rest = text[i + len(core) :] if i >= 0 else ""
    if not rest.startswith(","):
        return ""
    after = rest[1:].split(",")[0]
    first = after.split()[0].lower() if after.split() else ""
    return "" if _VERB_START.match(first) else after


def _body_of_role(bare: str, head: str) -> str | None:
    """The body an unnamed role names: "Acme spokeswoman" → Acme, "Acme officials" → Acme."""
    # a leader ("the Acme chairman") is a person the article names elsewhere, not the body's voice
    if head.rstrip("s") not in _SPEAKS_FOR | ENTITY_ROLE_HEADS and head not in ANON_HEADS:
        return None
    words = _CUT.sub("", bare).split()[:-1]
    while words and words[-1].lower().strip(",") in _TITLE_MODIFIERS | _QUANT:
        words.pop()  # "Acme senior policy"
    org: list[str] = []
    while words and words[-1][:1].isupper() and words[-1].lower() not in _NOT_A_BODY:
        org.insert(0, words.pop())
    if words and not all(w.lower() in _QUANT or w.lower() in ("the", "a", "an") for w in words):
        return None  # "critics of Acme", "a man near the Acme gate": the body is not the speaker's own
    name = _POSS.sub("", " ".join(org))
    if not name or all(w.lower().strip(",.") in _NO_BODY | _QUANT for w in name.split()):
        return None
    return name


def _titled_by(window: str) -> tuple[str, str] | None:
    """The body or person a title names next to a person's name, and the role the title gives:
    "agent" (acts for a person), "voice" (speaks for a body) or "leader" (may speak for himself):
    "Harbour Trust policy director" → Harbour Trust; "the Trust's chief executive" → Trust;
    "executive director of the Harbour Trust" → Harbour Trust; "Morgan's lawyer", "a lawyer for
    Ms. Morgan" → Morgan, a person."""
    of = _TITLE_OF.search(window)
    if of is not None:
        org = _POSS.sub("", _CONNECTOR_TAIL.sub("", of.group("org")))
        # "president of the Acme Trust and Harbour Watch" leads two bodies: neither is his one voice
        # (an "and" inside the body's own name, "Committee to Protect Rivers and Lakes", is kept)
        two = re.match(r"^[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*\s+and\s", org) is not None
        if org and not two and not all(_no_body(w) for w in org.split()):
            return org, _role({of.group("title").lower()}, owned=True)
    words = window.strip(" ,").split()
    if words and words[0].endswith(("'s", "’s")):
        rest, org_words = words[1:], [words[0]]  # "Acme's chief executive"
    else:
        rest = []
        while words and words[-1].lower().strip(",") in _BODY_TITLES | _REP_TITLES | _TITLE_MODIFIERS and len(rest) < 4:
            rest.insert(0, words.pop())
        org_words = []
        # "Susan Vale, President Omar Reyes ...": a comma parts a leader's title from the name before it,
        # while "... of the Harbour Trust, spokesman Ned Alder said" is still the Trust's spokesman
        voice = any(w.lower().strip(",") in _SPEAKS_FOR for w in rest)
        while (words and words[-1][:1].isupper() and (voice or not words[-1].endswith(","))
               and words[-1].lower() not in _NOT_A_BODY and len(org_words) < 4):
            org_words.insert(0, words.pop())
    titles = {w.lower().strip(",") for w in rest}
    owned = bool(org_words) and org_words[-1].endswith(("'s", "’s"))
    # a lawyer or aide is someone's only when the title says whose: "Morgan's lawyer", not
    # "National Security adviser"
    if not titles & _BODY_TITLES and not (titles & _REP_TITLES and owned):
        return None
    org = _POSS.sub("", " ".join(org_words).strip(" ,"))
    if not org or all(_no_body(w) for w in org.split()):
        return None
    return org, _role(titles, owned)


def _no_body(word: str) -> bool:
    """A capitalised word that names no body: "House", "Democratic", "Republican-controlled"."""
    w = word.lower().strip(",.")
    return w in _NO_BODY or w.split("-")[0] in _NO_BODY or w.endswith(("-controlled", "-led", "-based"))


def _role(titles: set[str], owned: bool) -> str:
    if owned and titles & _REP_TITLES and not titles & _BODY_TITLES:
        return "agent"
    return "voice" if titles & _SPEAKS_FOR else "leader"


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


def _subject_speaks_for_himself(res: Resolver, mapping: dict[str, str], speakers: list[str]) -> None:
    """The person a story is about speaks for himself, whatever body he leads: the party chairman
    answering for his own remarks is his own source, while another body's chairman quoted on the
    matter speaks for that body. The subject is the person quoted far more than anyone else, and
    named in a headline: a body's president quoted often on someone else's story still speaks for it."""
    counts = Counter(s for s in speakers if res.recs[s].kind is EntityKind.person).most_common(2)
    if not counts or counts[0][1] < 5 or (len(counts) > 1 and counts[0][1] < 2 * counts[1][1]):
        return
    top = counts[0][0]
    surname = res.recs[top].name.split()[-1].lower() if res.recs[top].name.split() else ""
    titles = [a.title.lower() for a in res.articles.values() if a.title]
    if titles and not any(surname in t for t in titles):
        return  # (with no headline at all, the count alone decides)
    recs = [r for r in res.recs.values() if mapping.get(r.id, r.id) == top]
    if any(r.led for r in recs):
        for r in recs:
            r.affiliation = None


def _first_term(text: str, resolver: Resolver) -> str:
    m = resolver._country_re.search(text)
    return m.group(0) if m else ""


def _relay(res: Resolver, chain: list[str | None]) -> str | None:
    """The outlet a chain passed through last, after its publisher: the next unnamed source is its."""
    last = res.recs.get(chain[-1] or "") if len(chain) > 1 else None
    return last.name if last is not None and last.kind is EntityKind.outlet else None


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
                chain.append(res.resolve(name, att.article_id, sentence, source_text, hint, _relay(res, chain)))
        speaker: str | None = None
        if att.speaker is not None:
            relay = _relay(res, chain[:-1])
            speaker = res.resolve(att.speaker.name, att.article_id, sentence, source_text, att.speaker.kind, relay)
            if speaker is not None:
                res.own_by_source(speaker, source_text, att.article_id)
        elif len(chain) > 1:
            speaker = chain[-1]
        elif art is not None and art.outlet and att.kind.value == "reportedly":
            speaker = None
        used.append((att, speaker, chain))
    res.own_documents_by_author()
    mapping = res.merge_map()
    _subject_speaks_for_himself(res, mapping, [mapping.get(s, s) for _, s, _ in used if s])
    for att, speaker, chain in used:
        att.speaker_entity = mapping.get(speaker, speaker) if speaker else None
        att.chain_names, att.chain = _one_hop_each(att.chain_names, [mapping.get(c, c) if c else None for c in chain])
        for eid in {att.speaker_entity, *att.chain} - {None}:
            res.recs[eid].mentions += 1  # type: ignore[index]
    return res.entities(mapping)
