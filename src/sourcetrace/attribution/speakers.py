"""Who a source span means: its kind, and coreference of pronouns, roles and surnames.

No coreference weights exist offline, so this works on the spaCy parse and entities with
rules. A heavier model can be plugged in through :class:`CorefResolver`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sourcetrace.dossier.models import EntityKind, Speaker
from sourcetrace.nlp import doc_ent_at, doc_ents, doc_ents_by_text, doc_text
from sourcetrace.text import lexicon
from sourcetrace.text.lexicon import OBTAINING_LEMMAS, OUTLET_WORDS, is_document_noun

OUTLET_ROLE = re.compile(
    r"^(the\s+)?(newspaper|paper|outlet|media outlet|news outlet|broadcaster|network|publication|"
    r"news agency|wire service|site|magazine)$",
    re.I,
)
PERSON_ROLE = re.compile(
    r"^(the\s+)?(spokesperson|spokeswoman|spokesman|minister|president|secretary|ambassador|"
    r"chief|director|official|senator|governor|mayor|prime minister|chairman|chairwoman|chair|"
    r"congressman|congresswoman|lawmaker|lawyer|attorney|attorney general|commissioner|councilman|"
    r"councilwoman|candidate|a\.g\.)$",
    re.I,
)
# how a title is written beside a name: "Rep. Dana Ortiz" is the congresswoman, "Sen. X" the senator
ROLE_CUES = {
    "congressman": ("congressman", "congresswoman", "rep.", "representative"),
    "congresswoman": ("congressman", "congresswoman", "rep.", "representative"),
    "lawmaker": ("congressman", "congresswoman", "rep.", "representative", "sen.", "senator", "lawmaker"),
    "lawyer": ("lawyer", "attorney for", "counsel"),
    "attorney": ("lawyer", "attorney for", "counsel"),
    "senator": ("senator", "sen."),
    "governor": ("governor", "gov."),
    "a.g.": ("attorney general",),
}
# heads of a description of a person ("the retired teacher", "the 41-year-old", "the Republican")
PERSON_NOUN = re.compile(r"(?:[^aeiou]er|or|ist|ian|ant|ent|eer|man|woman|person|wing|republican|democrat|"
                         r"liberal|conservative|veteran|chief|captain|coach|goalie|sergeant(?:-at-arms)?)$")
NOT_PERSON_NOUNS = frozenset({"paper", "center", "centre", "order", "letter", "number", "matter", "sector", "error",
                              "report", "government", "statement", "department", "agreement", "document",
                              "water", "power", "tower", "border", "quarter", "chapter", "parliament", "event",
                              "content", "percent", "element", "moment", "amount", "plant", "grant"})
GROUP_NOUNS = frozenset({"officials", "sources", "people", "aides", "diplomats", "report", "statement", "government"})
GROUP_ROLE = re.compile(r"^(the\s+)(officials?|sources?|people|aides?|diplomats?)$", re.I)
TITLE_WORDS = re.compile(
    r"^(?:(?:U\.?S\.?|US|[A-Z][a-z]+n?)\s+)?(?:[A-Za-z.]+\s+){0,5}?"
    r"(spokesperson|spokeswoman|spokesman|minister|president|secretary|ambassador|chief|director|"
    r"senator|governor|mayor|chairman|chairwoman|adviser|advisor)\s+",
    re.I,
)
POSSESSIVE_DOCUMENT = re.compile(
    r"^(its|their|his|her)\s+(?:own\s+|latest\s+|new\s+)?(report|reporting|statement|article|story|"
    r"account|analysis|broadcast|investigation)$"
)
# a body referred to by what it is: "the company", "the security firm", "the agency"
BODY_ROLE = re.compile(
    r"^(?:the|that|this)\s+(?:[\w-]+\s+){0,2}?(company|firm|corporation|retailer|airline|automaker|carmaker|insurer|bank|"
    r"agency|department|office|commission|committee|council|board|service|regulator|watchdog|"
    r"group|organization|organisation|union|association|coalition|charity|party|team|club|league|"
    r"university|college|hospital|network|utility|developer|giant|startup|maker|manufacturer)$",
    re.I,
)
_PUBLIC_BODY = frozenset({"agency", "department", "office", "commission", "committee", "council", "board", "service",
                          "regulator", "watchdog"})
# How far ahead a role given before its name ("the lawyer for the board … The lawyer, Dana Reed,") may be named.
AHEAD_CHARS = 1000
# "grimm's lawyer", "her attorney": a role someone holds for its owner
_POSSESSED_ROLE = re.compile(r"^(?:(?:his|her|their|its)|(?P<owner>[\w.’' -]+?)[’']s)\s+(?P<role>[\w. ]+)$")
# a person's own office or campaign, named by a pronoun or a title: "her office", "the governor's campaign"
_OWNED_BODY = re.compile(
    r"^(?:(?P<pronoun>his|her)|the\s+[\w .-]+?['’]s)\s+(?:own\s+)?(?P<body>office|campaign|staff|team)$"
)
MALE = frozenset({"he", "him", "his"})
FEMALE = frozenset({"she", "her", "hers"})
PLURAL = frozenset({"they", "them", "their"})


class CorefResolver(Protocol):
    """Plug-in point for a heavier coreference model: return the name a mention means, or None."""

    def resolve(self, doc: Doc, start: int, end: int, text: str) -> str | None: ...


def _end(m: Mention) -> int:
    return m.end_char


@dataclass
class Mention:
    """An earlier mention that later pronouns and roles can point back to."""

    name: str
    kind: EntityKind
    end_char: int
    context: str = ""  # title or apposition text around the first mention
    wrote: str | None = None  # the document noun this person or body was named as the author of
    gender: str | None = None  # "he" or "she", as the article refers to this person
    aliases: frozenset[str] = frozenset()  # words of the title before the name or the apposition after it
    subject: bool = True  # the subject of its clause, or a speaker: what a later "he" or "she" most likely means
    clause_subject: bool = True  # the subject of any clause, also of one reported ("said Reed had left")
    start_char: int = -1  # where a name the parser found starts (-1 for a remembered speaker)
    spoke: bool = False  # a resolved speaker, not a name the parser found
    plural: bool = False  # a speaker named by a plural noun ("Tea Partiers"): never a later "it"


@dataclass
class SpeakerResolver:
    """Rule-based resolution over one article, in reading order."""

    doc: Doc
    publisher: str | None
    mentions: list[Mention] = field(default_factory=list)
    plugin: CorefResolver | None = None

    bodies: list[Mention] = field(default_factory=list)  # organisations named, for "the company"
    genders: dict[str, str] = field(default_factory=dict)  # full name → "he" / "she"
    quotes: list[tuple[int, int]] = field(default_factory=list)  # the article's quotations, in text order
    hosts: dict[str, str] = field(default_factory=dict)  # a host's surname → the show's outlet ("Rose" → PBS)

    def __post_init__(self) -> None:
        text = doc_text(self.doc)
        # the parser often labels a surname alone as a place or a body ("Reed said", Reed an ORG):
        # one that ends a person named in full is that person
        surnames = {e.text.split()[-1] for e in self.doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1}
        for ent in self.doc.ents:
            if ent.label_ in {"ORG", "GPE", "NORP"} and len(ent) == 1 and ent.text in surnames:
                self.mentions.append(Mention(ent.text, EntityKind.person, ent.end_char,
                                             subject=_is_subject(ent, main=True), clause_subject=_is_subject(ent)))
            elif ent.label_ == "PERSON":
                if _credit(text, ent.start_char, ent.end_char):
                    continue
                context = text[max(0, ent.start_char - 80) : ent.end_char + 80]
                self.mentions.append(Mention(ent.text, EntityKind.person, ent.end_char, context,
                                             aliases=_alias_words(text, ent.start_char, ent.end_char),
                                             subject=_is_subject(ent, main=True), clause_subject=_is_subject(ent),
                                             start_char=ent.start_char))
            elif ent.label_ in {"ORG", "NORP", "GPE"} and OUTLET_WORDS.search(ent.text):
                self.mentions.append(Mention(_strip_the(ent.text), EntityKind.outlet, ent.end_char))
            elif ent.label_ == "ORG":
                kind = kind_of(ent.text)
                self.bodies.append(Mention(_strip_the(ent.text), EntityKind.organization if kind is EntityKind.other
                                           else kind, ent.end_char))
        self.genders = _genders(self.doc)
        full: list[Mention] = []
        for m in self.mentions:
            if m.kind is EntityKind.person and len(m.name.split()) > 1:
                full.append(m)
            elif m.kind is EntityKind.person:
                # a surname alone is the person named in full before: "he" after "Brill said" means her
                owner = next((f for f in reversed(full) if f.name.split()[-1] == m.name), None)
                if owner is not None:
                    m.name = owner.name
        seen = {m.end_char for m in self.mentions}
        for chunk in self.doc.noun_chunks:
            # outlets the tagger missed: "The Daily Sentinel interviewed ..."
            words = [t for t in chunk if t.pos_ == "PROPN"]
            if chunk.end_char not in seen and words and OUTLET_WORDS.search(" ".join(t.text for t in words)):
                name = _strip_the(doc_text(self.doc)[words[0].idx if chunk[0].lower_ != "the" else chunk.start_char : chunk.end_char])
                self.mentions.append(Mention(name, EntityKind.outlet, chunk.end_char))
        # a site named by its address ("reported by BigGovernment.com"), which the parser tags X, in no chunk
        self.mentions.extend(Mention(t.text, EntityKind.outlet, t.idx + len(t)) for t in self.doc
                             if t.like_url and t.idx + len(t) not in seen and OUTLET_WORDS.fullmatch(t.text))
        self.mentions.extend(_authors(self.doc))
        self.mentions.sort(key=lambda m: m.end_char)

    def remember(self, speaker: Speaker, end_char: int, plural: bool = False) -> None:
        """Record a resolved speaker so later pronouns and roles can refer to it."""
        # kept in order by insertion, not a sort per speaker: a long article has thousands
        bisect.insort(self.mentions, Mention(speaker.name, speaker.kind, end_char, gender=self.gender_of(speaker.name),
                                             spoke=True, plural=plural), key=_end)

    def _before(self, pos: int) -> list[Mention]:
        return self.mentions[: bisect.bisect_right(self.mentions, pos, key=_end)][::-1]

    def resolve(self, span: SpacySpan) -> Speaker:
        """The speaker a source span means; remembered for later pronouns and roles."""
        speaker = self._resolve(span)
        self.remember(speaker, span.end_char, plural=len(span) > 0 and span.root.tag_ in {"NNS", "NNPS"})
        return speaker

    def _resolve(self, span: SpacySpan) -> Speaker:
        text = _strip_the_keep(span.text.strip(" ,"))
        if self.plugin is not None:
            name = self.plugin.resolve(self.doc, span.start_char, span.end_char, span.text)
            if name:
                return Speaker(name=name, kind=kind_of(name, self.doc))
        antecedent = _antecedent(span)
        if antecedent is not None:
            return self._resolve(antecedent)
        named = _apposition(span)
        if named is not None:
            return named
        author = self._author(span)
        if author is not None:
            return author
        low, before = _referring_form(span, text.lower()), self._before(span.start_char)
        near = self._pronoun_near(span, low, before)
        if near is not None:
            return near
        for step in (self._pronoun, self._group, self._it, self._outlet_role, self._person_role, self._definite):
            found = step(low, before)
            if found is not None:
                return found
        owned = self._owned_body(span, low, before)
        if owned is not None:
            return owned
        ahead = self._role_ahead(span)
        if ahead is not None:
            return ahead
        body = self._body_role(span, low)
        if body is not None:
            return body
        described = self._described(span, low, before)
        if described is not None:
            return described
        return self._named(span, text, before)

    def _owned_body(self, span: SpacySpan, low: str, before: list[Mention]) -> Speaker | None:
        """'Her office claims ...', 'according to his campaign': the office of the person the pronoun
        means, named so ("Kay Hutchison's office") that it speaks for that person."""
        found = _OWNED_BODY.match(low)
        if found is None:
            return None
        if found.group("pronoun"):
            pronoun = {"his": "he", "her": "she"}[found.group("pronoun")]
            first = span.doc[span.start : span.start + 1]
            owner = self._pronoun_near(first, pronoun, before) or self._pronoun(pronoun, before)
        else:
            # "the Republican governor's campaign": the person introduced with that title ("Gov. Chris
            # Christie"), whatever words stand before it
            title = re.match(r"^the\s+(?:[\w.-]+\s+){0,2}?([\w.]+)['’]s\s", low)
            owner = self._person_role(f"the {title.group(1)}", before) if title is not None else None
        if owner is None:
            return None
        name = re.sub(r"['’]s$", "", owner.name)  # the parser may take a possessive into the name
        return Speaker(name=f"{name}'s {found.group('body')}", kind=EntityKind.organization)

    def _role_ahead(self, span: SpacySpan) -> Speaker | None:
        """'the lawyer for the board' with no one named before as a lawyer: the person named next
        with that title set beside the name ("The lawyer, Dana Reed, added …"), within the next
        few sentences: news often gives the role first and the name a line later."""
        # "a spokesman for her said …", then "said the spokesman, Nick Merrill": news names an
        # unnamed role a line later as well
        core = re.sub(r"^an?\s+", "the ", _core_name(span).lower())
        owner = ""
        if (own := _POSSESSED_ROLE.match(core)) is not None:
            # "Grimm's lawyer said …", then "Grimm's lawyer, William McGinley, said …": the owner's name
            # must stand with the title ("his lawyer" has no name to check)
            names = (own.group("owner") or "").split()
            core, owner = "the " + own.group("role"), names[-1] if names else ""
        role = core.removeprefix("the ").strip()
        head = role.split()[-1] if role else ""
        # "The Internal Revenue Service official who ..." is named later as "the official, Lois Lerner,"
        if not core.startswith("the ") or not (PERSON_ROLE.match(core) or PERSON_ROLE.match(head)):
            return None
        text = doc_text(self.doc)
        owned = re.escape(owner) + r"['’]s\s+" if owner else ""
        titled = re.compile(rf"\b{owned}(?:{re.escape(role)}|the\s+{re.escape(head)})s?,?\s*$", re.I)
        k = bisect.bisect_right(self.mentions, span.end_char, key=_end)
        for m in self.mentions[k:]:
            if m.end_char > span.end_char + AHEAD_CHARS:
                break
            if m.kind is EntityKind.person and m.start_char > span.end_char and len(m.name.split()) > 1 and (
                titled.search(text[max(0, m.start_char - 60) : m.start_char])
                or (not owner and role.split()[-1] in m.aliases)
            ):
                return Speaker(name=_drop_title(m.name), kind=EntityKind.person)
        return None

    def _body_role(self, span: SpacySpan, low: str) -> Speaker | None:
        """'the company', 'the security firm', 'that committee': the latest organisation named before
        (for a public body's head, a government body too)."""
        role = BODY_ROLE.match(low)
        if role is None or _proper_name(span.text):
            return None  # "The House Ethics Committee" is a name, not a description of one named before
        pos = span.start_char
        kinds = {EntityKind.organization} | ({EntityKind.government} if role.group(1).lower() in _PUBLIC_BODY else set())
        bodies = sorted((m for m in self.mentions + self.bodies if m.end_char <= pos and m.kind in kinds),
                        key=lambda m: -m.end_char)
        head = role.group(1).lower()
        named = [m for m in bodies if not m.name.lower().startswith("the ") or _proper_name(m.name)]
        # "the commission" after "the Harbour Rights Commission", else the latest body named
        found = next((m for m in named if head in m.name.lower().split()), None) or next(iter(named), None)
        return Speaker(name=found.name, kind=found.kind) if found is not None else None

    def _described(self, span: SpacySpan, low: str, before: list[Mention]) -> Speaker | None:
        """'the lanky professor', 'the 41-year-old', 'the Harbour Trust chair': a description of a
        person named before with it ("Lena Ward, a professor at ...", "Ward, 41,"): its head noun or
        its age beside that name makes it an alias."""
        root = span.root
        if not low.startswith("the ") or root.tag_ not in {"NN", "NNP", "JJ"} or root.lower_ in GROUP_NOUNS:
            return None
        if root.ent_type_ in {"ORG", "GPE", "FAC"}:  # not NORP: "the Arizona Republican" describes
            return None  # a name ("The New Haven Register on July 20, 2006"), not a description
        # an age beside the name ("Ward, 41,"), not a date's numbers
        words = {root.lower_} | {t.lower_.split("-")[0] for t in span
                                 if (t.like_num and t.ent_type_ not in {"DATE", "TIME"}) or t.lower_.endswith("-year-old")}
        people = [m for m in before if m.kind == EntityKind.person and len(m.name.split()) > 1]
        for m in people:
            if words & m.aliases:
                return Speaker(name=_drop_title(m.name), kind=EntityKind.person)
        # "the 32-year-old labourer", "the former sergeant-at-arms": a person described, not named,
        # is the one the story is following: the latest subject or speaker named in full
        modified = [t for t in span if t.i < root.i and t.dep_ in {"amod", "nummod", "compound", "nmod"}]
        human = root.lower_.endswith("-year-old") or PERSON_NOUN.search(root.lower_) is not None
        if modified and human and root.lower_ not in NOT_PERSON_NOUNS:
            # or, in the description's own sentence, the one person named in full ("reactions to
            # Michael Steele, after the RNC chairman was caught ...")
            sent = span.sent
            here = {m.name for m in people if m.start_char >= sent.start_char}
            found = next((m for m in people if m.subject), None)
            if len(here) == 1 and (found is None or found.name not in here):
                return Speaker(name=_drop_title(here.pop()), kind=EntityKind.person)
            if found is not None:
                return Speaker(name=_drop_title(found.name), kind=EntityKind.person)
        return None

    def _author(self, span: SpacySpan) -> Speaker | None:
        """A document speaks as its author: "the report, by White House Counsel Robert Bauer," is
        Bauer, and so is "the report" or "the White House report" after it."""
        root = span.root
        if not is_document_noun(root.lower_) or root.pos_ not in {"NOUN", "PROPN"}:
            return None
        # "by" hangs off the noun or, set off by commas, off the verb, or is the agent of "issued by":
        # either way inside the source span; "a report in the Daily Sentinel" is the Sentinel's; who
        # obtained or released a document passed it on and did not write it (rules.obtained_by)
        by = next((t for t in span if t.dep_ in {"prep", "agent"} and t.i > root.i and (
            (t.lower_ == "by" and t.head.lemma_ not in OBTAINING_LEMMAS)
            or (t.lower_ in {"in", "from"} and t.head == root))), None)
        obj = _object_of(by, span) if by is not None else None
        if obj is not None:
            author = self._resolve(obj)
            bisect.insort(self.mentions, Mention(author.name, author.kind, span.end_char, wrote=root.lemma_), key=_end)
            return author
        owner = next((t for t in root.children if t.dep_ == "poss"), None)
        if owner is not None and owner.pos_ != "PRON":
            # "An inspector general's report found ...": the owner wrote it (not "his report": the
            # pronoun's owner is a guess too far)
            end = owner.right_edge.i + 1 - (span.doc[owner.right_edge.i].dep_ == "case")
            return self._resolve(span.doc[owner.left_edge.i : end])
        if owner is not None or any(t.dep_ == "det" and t.lower_ in {"a", "an", "another"} for t in root.children):
            return None  # "his report" is left as it is; "a report" is another document
        for m in self._before(span.start_char):
            if m.wrote == root.lemma_:
                return Speaker(name=m.name, kind=m.kind)
        return None

    def gender_of(self, name: str) -> str | None:
        """"he" or "she" as the article refers to a person (by full name, else by surname)."""
        if name in self.genders:
            return self.genders[name]
        last = name.split()[-1] if name.split() else ""
        found = {g for n, g in self.genders.items() if n.split()[-1] == last}
        return found.pop() if len(found) == 1 else None

    def _may_be(self, m: Mention, other: str) -> bool:
        """Whether a mention is a person a pronoun can mean: not one the article calls ``other``."""
        return m.kind == EntityKind.person and (m.gender or self.gender_of(m.name)) != other

    def _quoted(self, sent: SpacySpan) -> bool:
        """Whether a sentence lies mostly inside a quotation (a quoted sentence names no one the
        narrative introduces)."""
        k = bisect.bisect_right(self.quotes, (sent.end_char, sent.end_char)) - 1
        inside = 0
        while k >= 0 and self.quotes[k][1] > sent.start_char:
            inside += min(self.quotes[k][1], sent.end_char) - max(self.quotes[k][0], sent.start_char)
            k -= 1
        return inside * 2 > sent.end_char - sent.start_char

    def _narrative_before(self, sent: SpacySpan) -> SpacySpan | None:
        """The narrative sentence before ``sent``, past the quoted sentences between them (at most
        four): the stretch a writer expects "he said" to reach back to."""
        doc = sent.doc
        for _ in range(4):
            if sent.start == 0:
                return None
            sent = doc[sent.start - 1].sent
            if not self._quoted(sent):
                return sent
        return None

    def _pronoun_near(self, span: SpacySpan, low: str, before: list[Mention], depth: int = 0) -> Speaker | None:
        """'he', 'she' with a person of that gender named in the pronoun's sentence or one of the two
        narrative sentences before it: the nearest such person (a subject or speaker first), even
        when a subject named further back spoke last ("… told the paper …" parsed as an object, then
        '"…," he said'). A sentence that names no one but has "he" as a subject passes the question on
        to that pronoun."""
        if low not in MALE | FEMALE or span.start == 0:
            return None
        other = "she" if low in MALE else "he"
        same = _HE if low in MALE else _SHE
        end, sent = span.start_char, span.sent
        for _ in range(2):
            found = self._narrative_before(sent)
            start = found.start_char if found is not None else sent.start_char
            people = [m for m in before if start < m.end_char <= end and self._may_be(m, other)
                      and (len(m.name.split()) > 1 or m.spoke or m.subject)]
            # the main clause's subject or a speaker, else the subject of a clause it reports, else the latest
            pick = (next((m for m in people if m.subject), None) or next((m for m in people if m.clause_subject), None)
                    or next(iter(people), None))
            if pick is not None:
                return Speaker(name=_drop_title(pick.name), kind=EntityKind.person)
            if found is None:
                return None
            subject = next((t for t in found if t.lower_ in same and t.dep_ in {"nsubj", "nsubjpass"}
                            and t.idx < end), None)
            if subject is not None:
                if depth >= 3:
                    return None
                return self._pronoun_near(span.doc[subject.i : subject.i + 1], subject.lower_,
                                          self._before(subject.idx), depth + 1)
            end, sent = start, found
        return None

    def _pronoun(self, low: str, before: list[Mention]) -> Speaker | None:
        """'he', 'she': the latest earlier person named in full who was the subject of a clause or a
        speaker, else the latest person named in full; never one the article calls by the other pronoun."""
        if low not in MALE | FEMALE:
            return None
        other = "she" if low in MALE else "he"
        # a one-word PERSON that never had a full name is often a mislabelled place, unless it spoke
        people = [m for m in before if self._may_be(m, other) and (len(m.name.split()) > 1 or m.spoke)]
        found = next((m for m in people if m.subject), None) or next(iter(people), None)
        return Speaker(name=_drop_title(found.name), kind=EntityKind.person) if found is not None else None

    @staticmethod
    def _group(low: str, before: list[Mention]) -> Speaker | None:
        """'they', 'the officials': the latest earlier unnamed group of that head, else (for 'they') body."""
        if not (low in PLURAL or GROUP_ROLE.match(low)):
            return None
        stem = low.split()[-1].rstrip("s")
        for m in before:
            referring = m.name.lower().startswith(("the ", "one of", "they"))
            if not referring and m.kind == EntityKind.anonymous and m.name.lower().split()[-1].rstrip("s") in (
                stem, "people"
            ):
                return Speaker(name=m.name, kind=m.kind)
        if low in PLURAL:
            for m in before:
                # a speaker named in the plural ("Republicans said ... They also said ...") as well as a body
                if m.kind in (EntityKind.anonymous, EntityKind.government, EntityKind.organization) or (
                    m.plural and m.kind is not EntityKind.person
                ):
                    return Speaker(name=m.name, kind=m.kind)
        return None

    @staticmethod
    def _it(low: str, before: list[Mention]) -> Speaker | None:
        """'it': the latest earlier outlet or body; or the document that spoke last ("But the original
        called for …. It said …")."""
        if low == "it":
            last = next((m for m in before if m.spoke), None)
            if last is not None and last.kind in (EntityKind.document, EntityKind.other) and not last.plural and (
                last.name.lower() not in {"it", "they", "he", "she", "this", "that"}
            ):
                return Speaker(name=last.name, kind=last.kind)
            for m in before:
                if m.kind in (EntityKind.outlet, EntityKind.government, EntityKind.organization) and not m.plural:
                    return Speaker(name=m.name, kind=m.kind)
        return None

    def _outlet_role(self, low: str, before: list[Mention]) -> Speaker | None:
        """'the newspaper': the latest earlier outlet other than the publisher, else the publisher."""
        if not OUTLET_ROLE.match(low):
            return None
        for m in before:
            if m.kind == EntityKind.outlet and m.name != self.publisher:
                return Speaker(name=m.name, kind=EntityKind.outlet)
        return Speaker(name=self.publisher, kind=EntityKind.outlet) if self.publisher else None

    @staticmethod
    def _person_role(low: str, before: list[Mention]) -> Speaker | None:
        """'the spokesperson', 'the congressman': the latest earlier person introduced with that title
        (as it is written beside a name: 'Rep. Dana Ortiz')."""
        if PERSON_ROLE.match(low):
            role = low.removeprefix("the ").strip()
            cues = ROLE_CUES.get(role, (role,))
            # the title written right beside the name ("Mayor Dana Reed", "Reed, the mayor,") first; with the
            # title there, a name of one word is a person too ("President Varga", never named in full)
            for m in before:
                if m.kind == EntityKind.person and role.split()[-1] in m.aliases:
                    return Speaker(name=m.name, kind=EntityKind.person)
            for m in before:
                if m.kind == EntityKind.person and len(m.name.split()) > 1 and any(
                    c in m.context.lower() for c in cues
                ):
                    return Speaker(name=m.name, kind=EntityKind.person)
        return None

    @staticmethod
    def _definite(low: str, before: list[Mention]) -> Speaker | None:
        """'the ministry', 'the agency': the latest earlier source with that head noun."""
        definite = re.match(r"^the\s+([a-z]+)$", low)
        if definite:
            for m in before:
                if m.name.lower().split()[-1] == definite.group(1) and m.name.lower() != low:
                    return Speaker(name=m.name, kind=m.kind)
        return None

    def _named(self, span: SpacySpan, text: str, before: list[Mention]) -> Speaker:
        """A name: the person the span's head is (a surname: its full earlier mention), else its core."""
        # "Ostrava's foreign ministry": a name that only modifies the head is not the speaker
        root = span.root.i
        # entities do not overlap: only the one holding the head can qualify (looked up, not scanned)
        at = doc_ent_at(span.doc)
        k = at[root]
        persons = [e for e in doc_ents(span.doc)[k : k + 1] if k >= 0
                   and e[2] == "PERSON" and span.start <= e[0] <= root < e[1] <= span.end]
        if not persons and span.end > span.start:
            # "Toronto city councillor and tenants advocate Dana Reed": a name after its titles, no "for X"
            k = at[span.end - 1]
            persons = [e for e in doc_ents(span.doc)[k : k + 1] if k >= 0
                       and e[2] == "PERSON" and e[1] == span.end and e[0] > span.start
                       and (not any(t.pos_ == "ADP" or t.lower_ in {"'s", "’s"} for t in span.doc[span.start : e[0]])
                            # "The National Organization for Women President Terry O'Neill": the
                            # title stands next to the name, and no "for" right before it ("a
                            # lawyer for Dana Reed", "a lawyer for Mrs. Reed" speak for her)
                            or (span.doc[e[0] - 1].lower_.rstrip(".") in HONORIFICS
                                and e[0] - 2 >= span.start and span.doc[e[0] - 2].pos_ != "ADP"))]
        if persons:
            name = _drop_title(persons[0][3])
            if len(name.split()) == 1:  # a surname: the full earlier mention
                return _full_name(name, before) or Speaker(name=name, kind=EntityKind.person)
            return Speaker(name=name, kind=EntityKind.person)
        if len(text.split()) == 1 and text[:1].isupper():
            found = _full_name(text, before)
            if found is not None:
                return found
        name = _core_name(span)
        return Speaker(name=name, kind=kind_of(name, self.doc))


def _full_name(surname: str, before: list[Mention]) -> Speaker | None:
    """The latest earlier person with a full name ending in ``surname``."""
    for m in before:
        if m.kind == EntityKind.person and m.name.split()[-1] == surname and len(m.name.split()) > 1:
            return Speaker(name=m.name, kind=EntityKind.person)
    return None


def _proper_name(text: str) -> bool:
    """'The House Ethics Committee', not 'the committee' or 'That committee': a capital after the
    determiner (which takes one at a sentence's start) makes a name."""
    words = text.strip(" ,").split()
    return any(w[:1].isupper() for w in words[1:])


def _referring_form(span: SpacySpan, low: str) -> str:
    """The words a source span refers back with: 'one of the officials' → 'the officials', 'its
    report' → 'it', 'The official, who asked ...' → 'the official'."""
    core = _core_name(span).lower()
    owner = POSSESSIVE_DOCUMENT.match(low) or POSSESSIVE_DOCUMENT.match(core)
    member = re.match(r"^(?:one|two|some|several|another|many|most)\s+of\s+(?:the|those|these)\s+(\w+)$", core)
    if member:
        low = f"the {member.group(1)}"  # "one of the officials" speaks for the officials
    elif (GROUP_ROLE.match(core) and not GROUP_ROLE.match(low)) or (PERSON_ROLE.match(core) and not PERSON_ROLE.match(low)):
        low = core  # "The official, who asked not to be named, ...", "The congressman, who described ..."
    if owner:
        # "Its report said ..." speaks for whoever "it" is: the report is their word.
        low = {"its": "it", "their": "they", "his": "he", "her": "she"}[owner.group(1)]
    return low


def _authors(doc: Doc) -> list[Mention]:
    """Documents named with their author ("the report, by White House Counsel Robert Bauer,"), found
    once in reading order, so that a later "the report" speaks as the author whatever order the
    sources are resolved in."""
    out = []
    for start, end, label, text in doc_ents(doc):
        if label not in {"PERSON", "ORG"} or start < 2:
            continue
        by = doc[start - 1] if doc[start - 1].lower_ == "by" else None
        if by is None:
            # "by White House Counsel Robert Bauer": the title words before the name
            by = next((t for t in doc[max(0, start - 6) : start] if t.lower_ == "by"), None)
        if by is None or any(t.is_punct or t.pos_ == "VERB" for t in doc[by.i + 1 : start]):
            continue
        noun = next((t for t in reversed(doc[max(0, by.i - 3) : by.i]) if not t.is_punct), None)
        if noun is not None and is_document_noun(noun.lower_):
            out.append(_author_mention(doc, text, label, end - 1, noun))
    out += _said_in_documents(doc)
    return out


def _author_mention(doc: Doc, name: str, label: str, last: int, document: Token) -> Mention:
    """The author, named by a PERSON or ORG entity, of ``document``, remembered up to token ``last``."""
    kind = EntityKind.person if label == "PERSON" else EntityKind.organization
    return Mention(_drop_title(name), kind, doc[last].idx + len(doc[last]), wrote=document.lemma_)


def _said_in_documents(doc: Doc) -> list[Mention]:
    """Who spoke in a document: "Rand said in a statement, …", "In letters sent on Monday, Ronald
    Weich told …": a later "The statement", "The letter" is theirs."""
    out = []
    ents, ent_at = doc_ents(doc), doc_ent_at(doc)
    for prep in (t for t in doc if t.dep_ == "prep" and t.lower_ == "in" and t.head.pos_ == "VERB"):
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        subj = next((c for c in prep.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if noun is None or subj is None or not is_document_noun(noun.lower_):
            continue
        k = ent_at[subj.i]
        if k < 0 or ents[k][2] not in {"PERSON", "ORG"}:
            continue
        _, end, label, text = ents[k]
        out.append(_author_mention(doc, text, label, max(end - 1, noun.i), noun))
    return out


def _apposition(span: SpacySpan) -> Speaker | None:
    """The person a description names in apposition: "the group's chief executive, Helen Ward," and
    "a city hall spokesman, Mark Evans" speak as Helen Ward and Mark Evans."""
    root, ents, ent_at = span.root, doc_ents(span.doc), doc_ent_at(span.doc)

    def person_at(i: int) -> str | None:
        k = ent_at[i]
        return ents[k][3] if k >= 0 and ents[k][2] == "PERSON" else None

    if person_at(root.i) is not None:
        return None  # "Helen Ward, the group's chief executive": the name is the head already
    for appos in (c for c in root.children if c.dep_ == "appos" and c.i > root.i):
        if (name := person_at(appos.i) or _role_name(root, appos)) is not None:
            return Speaker(name=_drop_title(name), kind=EntityKind.person)
    # "A group called the St. Louis Tea Party": the name it is called by
    for acl in (c for c in root.children if c.dep_ == "acl" and c.lemma_ in {"call", "name"}):
        called = next((c for c in acl.children if c.dep_ in {"oprd", "attr", "dobj"} and c.pos_ == "PROPN"), None)
        if called is not None and called.right_edge.i < span.end:
            name = _strip_the(span.doc[called.left_edge.i : called.right_edge.i + 1].text)
            return Speaker(name=name, kind=kind_of(name, span.doc))
    # "a lawyer for Mr. Grimm, William McGinley,", "a spokesman for the Trust, Brad Okonkwo,": the
    # parser hangs the name on whom the role is for, but one person's name is no apposition to another's
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in {"for", "of", "to", "with"}):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            owner = person_at(obj.i)
            for appos in (c for c in obj.children if c.dep_ == "appos" and c.i > obj.i):
                name = person_at(appos.i) or _role_name(root, appos)
                if name is not None and name != owner and appos.i < span.end:
                    return Speaker(name=_drop_title(name), kind=EntityKind.person)
    return None


def _role_name(role: Token, appos: Token) -> str | None:
    """A person's name set beside a person's role that the entity recogniser took for a body: "a
    spokesman for the committee, Brad Woodhouse," (two or three capitalised words, no body's word)."""
    if not PERSON_ROLE.match(role.lower_):
        return None
    words = role.doc[appos.left_edge.i : appos.right_edge.i + 1]
    if not 2 <= len(words) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words):
        return None
    return words.text if kind_of(words.text) is EntityKind.other else None


def _object_of(prep: Token, span: SpacySpan) -> SpacySpan | None:
    """What a preposition of the source span governs: its object, or, where the parser lost it ("The
    letter from Taylor states ...", read as a noun compound), the name that follows it."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is not None:
        return span.doc[obj.left_edge.i : obj.right_edge.i + 1]
    nxt = span.doc[prep.i + 1] if prep.i + 1 < len(span.doc) else None
    if nxt is not None and nxt.ent_type_ in {"PERSON", "ORG"} and nxt.ent_iob_ == "B":
        ent = next((e for e in span.doc.ents if e.start == nxt.i), None)
        return ent if ent is not None and ent.end <= span.end else None
    return None


def _antecedent(span: SpacySpan) -> SpacySpan | None:
    """The noun phrase a relative pronoun stands for: "an official, who asked not to be named" → "an official"."""
    if len(span) != 1 or span[0].lower_ not in {"who", "whom", "which", "that"}:
        return None
    clause = span[0].head
    if clause.dep_ not in {"relcl", "acl"} or clause.head.i >= span[0].i:
        return None
    noun = clause.head
    end = min(clause.left_edge.i, span[0].i)
    while end > noun.left_edge.i and span.doc[end - 1].is_punct:
        end -= 1  # the comma before "who"
    return span.doc[noun.left_edge.i : end] if end > noun.left_edge.i else None


def kind_of(name: str, doc: Doc | None = None) -> EntityKind:
    """The kind of source a name denotes, by its words (and, with ``doc``, its entity label)."""
    # only the entities of that very text can decide: looked up, not scanned, per name
    return lexicon.kind_of(name, doc_ents_by_text(doc).get(name, ()) if doc is not None else ())


HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "councillor", "councilor",
     "councilman", "councilwoman", "sen", "senator", "rep", "representative", "gov", "governor", "mayor",
     "president", "minister", "secretary", "judge", "justice", "general", "gen", "colonel", "col",
     "captain", "capt", "lt", "sgt", "chancellor", "ambassador", "spokesperson", "spokesman", "spokeswoman",
     "counsel", "auditor"}
)


def _drop_title(name: str) -> str:
    """'Councillor Ana Brill' -> 'Ana Brill': a title is not part of the name."""
    words = name.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _strip_the(text: str) -> str:
    # "the BBC" → "BBC", but "The Washington Post" keeps its capitalised article
    return re.sub(r"^the\s+(?=[A-Z])", "", text.strip())


def _strip_the_keep(text: str) -> str:
    return text.strip()


def _core_name(span: SpacySpan) -> str:
    """The source's name without trailing clauses: 'three U.S. officials familiar with …' → 'three U.S. officials'."""
    root = span.root
    left = min((t.i for t in root.lefts if t.dep_ not in {"punct", "cc"}), default=root.i)
    left = max(left, span.start)
    keep_end = root.i + 1
    # keep "of X" in "the foreign ministry of Ostrava"; drop relative clauses and participles
    for t in root.rights:
        if t.dep_ == "prep" and t.text.lower() == "of" and t.i < span.end:
            keep_end = max(keep_end, min(t.right_edge.i + 1, span.end))
        else:
            break
    text = span.doc[left:keep_end].text
    text = re.sub(r"^(?:the|a|an)\s+(?=[a-z])", lambda m: m.group(0), text)
    return _strip_the(text) if OUTLET_WORDS.search(text) else text


_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_HONORIFIC_GENDER = {"mr": "he", "mr.": "he", "ms": "she", "ms.": "she", "mrs": "she", "mrs.": "she", "miss": "she"}


def _credit(text: str, start: int, end: int) -> bool:
    """A photo or byline credit ("Dana Reed/Continental Wire"): a name, not a mention of a person in the story."""
    return "/" in text[start:end] or "/" in text[max(0, start - 2) : start] or "/" in text[end : end + 2]


def _alias_words(text: str, start: int, end: int) -> frozenset[str]:
    """Words that describe a person where the name is given, in lower case: the last word of a
    title before it ("Harbour Trust chair Lena Ward": chair) and the apposition after it up to a
    preposition ("Lena Ward, 41, a retired professor at ...": 41, retired, professor)."""
    title = re.split(r"[.,;:!?()\"“”\n]", text[max(0, start - 60) : start])[-1].split()
    after = text[end : end + 90]
    appos = ""
    if after.startswith(","):
        appos = ",".join(after[1:].split(",")[:2]) if re.match(r",\s*\d+\s*,", after) else after[1:].split(",")[0]
        appos = re.split(r"[.;:!?()\"“”\n]|\s(?:at|of|for|with|in|from|on|who|which|and)\s", appos)[0]
    words = set(re.findall(r"[\w'’-]+", f"{title[-1] if title else ''} {appos}".lower()))
    return frozenset(words | {w.split("-")[0] for w in words if w.endswith("-year-old")})


def _is_subject(ent: SpacySpan, main: bool = False) -> bool:
    """Whether a name is the subject of its clause ("Brill said", "said councillor Ana Brill"), with
    ``main`` of its sentence's main clause (not of what someone is reported to have said)."""
    root = ent.root
    if root.dep_ in {"appos", "compound"}:
        root = root.head
    return root.dep_ in {"nsubj", "nsubjpass"} and (not main or root.head.dep_ == "ROOT")


def _genders(doc: Doc) -> dict[str, str]:
    """How the article refers to each person: "he" or "she", from a title before a name ("Ms.") or
    the pronoun that is the next subject after a name that is a subject, in its sentence or the
    next, before another person is named; a surname counts for the full name it ends. A name gets
    the pronoun three in four of its votes give it."""
    ents = [e for e in doc.ents if e.label_ == "PERSON"]
    full = {_drop_title(e.text) for e in ents if len(e.text.split()) > 1}
    votes: dict[str, list[str]] = {}
    for n, ent in enumerate(ents):
        name = _drop_title(ent.text)
        if len(name.split()) == 1:
            owners = [f for f in full if f.split()[-1] == name]
            if len(owners) > 1:
                continue
            name = owners[0] if owners else name
        gender = _HONORIFIC_GENDER.get(doc[ent.start - 1].lower_) if ent.start > 0 else None
        if gender is None and _is_subject(ent):
            stop = ents[n + 1].start if n + 1 < len(ents) else len(doc)
            sent = ent.sent
            nxt = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
            # any pronoun of the rest of its sentence ("Brill said her team ..."), a subject in the next
            pronoun = next((t for t in doc[ent.end : min(stop, nxt)] if (t.lower_ in _HE | _SHE) and (
                t.i < sent.end or t.dep_ in {"nsubj", "nsubjpass"})), None)
            gender = None if pronoun is None else "he" if pronoun.lower_ in _HE else "she"
        if gender is not None:
            votes.setdefault(name, []).append(gender)
    out = {}
    for name, said in votes.items():
        top = max(set(said), key=said.count)
        if said.count(top) >= 0.75 * len(said):
            out[name] = top
    return out
