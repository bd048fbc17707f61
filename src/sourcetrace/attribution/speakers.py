"""Who a source span means: its kind, and coreference of pronouns, roles and surnames.

No coreference weights exist offline, so this works on the spaCy parse and entities with
rules. A heavier model can be plugged in through :class:`CorefResolver`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sourcetrace.dossier.models import EntityKind, Speaker
from sourcetrace.nlp import doc_ent_at, doc_ents, doc_ents_by_text, doc_text
from sourcetrace.text import lexicon
from sourcetrace.text.lexicon import OUTLET_WORDS

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
# documents that speak for whoever wrote them
_DOCUMENT_NOUN = re.compile(r"report|memo|memorandum|letter|review|analysis|findings")
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


@dataclass
class SpeakerResolver:
    """Rule-based resolution over one article, in reading order."""

    doc: Doc
    publisher: str | None
    mentions: list[Mention] = field(default_factory=list)
    plugin: CorefResolver | None = None

    def __post_init__(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                context = doc_text(self.doc)[max(0, ent.start_char - 80) : ent.end_char + 80]
                self.mentions.append(Mention(ent.text, EntityKind.person, ent.end_char, context))
            elif ent.label_ in {"ORG", "NORP", "GPE"} and OUTLET_WORDS.search(ent.text):
                self.mentions.append(Mention(_strip_the(ent.text), EntityKind.outlet, ent.end_char))
        seen = {m.end_char for m in self.mentions}
        for chunk in self.doc.noun_chunks:
            # outlets the tagger missed: "The Daily Sentinel interviewed ..."
            words = [t for t in chunk if t.pos_ == "PROPN"]
            if chunk.end_char not in seen and words and OUTLET_WORDS.search(" ".join(t.text for t in words)):
                name = _strip_the(doc_text(self.doc)[words[0].idx if chunk[0].lower_ != "the" else chunk.start_char : chunk.end_char])
                self.mentions.append(Mention(name, EntityKind.outlet, chunk.end_char))
        self.mentions.extend(_authors(self.doc))
        self.mentions.sort(key=lambda m: m.end_char)

    def remember(self, speaker: Speaker, end_char: int) -> None:
        """Record a resolved speaker so later pronouns and roles can refer to it."""
        # kept in order by insertion, not a sort per speaker: a long article has thousands
        bisect.insort(self.mentions, Mention(speaker.name, speaker.kind, end_char), key=_end)

    def _before(self, pos: int) -> list[Mention]:
        return self.mentions[: bisect.bisect_right(self.mentions, pos, key=_end)][::-1]

    def resolve(self, span: SpacySpan) -> Speaker:
        """The speaker a source span means; remembered for later pronouns and roles."""
        speaker = self._resolve(span)
        self.remember(speaker, span.end_char)
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
        for step in (self._pronoun, self._group, self._it, self._outlet_role, self._person_role, self._definite):
            found = step(low, before)
            if found is not None:
                return found
        return self._named(span, text, before)

    def _author(self, span: SpacySpan) -> Speaker | None:
        """A document speaks as its author: "the report, by White House Counsel Robert Bauer," is
        Bauer, and so is "the report" or "the White House report" after it."""
        root = span.root
        if not _DOCUMENT_NOUN.fullmatch(root.lower_) or root.pos_ not in {"NOUN", "PROPN"}:
            return None
        # "by" hangs off the noun or, set off by commas, off the verb: either way inside the source span;
        # "a report in the Daily Sentinel" is the Sentinel's
        by = next((t for t in span if t.dep_ == "prep" and t.i > root.i and (
            t.lower_ == "by" or (t.lower_ in {"in", "from"} and t.head is root))), None)
        obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if obj is not None:
            author = self._resolve(span.doc[obj.left_edge.i : obj.right_edge.i + 1])
            bisect.insort(self.mentions, Mention(author.name, author.kind, span.end_char, wrote=root.lemma_), key=_end)
            return author
        if any(t.dep_ == "poss" for t in root.children) or any(
            t.dep_ == "det" and t.lower_ in {"a", "an", "another"} for t in root.children
        ):
            return None  # "Bauer's report" names its owner; "a report" is another document
        for m in self._before(span.start_char):
            if m.wrote == root.lemma_:
                return Speaker(name=m.name, kind=m.kind)
        return None

    @staticmethod
    def _pronoun(low: str, before: list[Mention]) -> Speaker | None:
        """'he', 'she': the latest earlier person with a full name."""
        if low in MALE | FEMALE:
            # a one-word PERSON that never had a full name is often a mislabelled place
            for m in before:
                if m.kind == EntityKind.person and len(m.name.split()) > 1:
                    return Speaker(name=m.name, kind=EntityKind.person)
        return None

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
                if m.kind in (EntityKind.anonymous, EntityKind.government, EntityKind.organization):
                    return Speaker(name=m.name, kind=m.kind)
        return None

    @staticmethod
    def _it(low: str, before: list[Mention]) -> Speaker | None:
        """'it': the latest earlier outlet or body."""
        if low == "it":
            for m in before:
                if m.kind in (EntityKind.outlet, EntityKind.government, EntityKind.organization):
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
        k = doc_ent_at(span.doc)[root]
        persons = [e for e in doc_ents(span.doc)[k : k + 1] if k >= 0
                   and e[2] == "PERSON" and span.start <= e[0] <= root < e[1] <= span.end]
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


def _referring_form(span: SpacySpan, low: str) -> str:
    """The words a source span refers back with: 'one of the officials' → 'the officials', 'its
    report' → 'it', 'The official, who asked ...' → 'the official'."""
    core = _core_name(span).lower()
    owner = POSSESSIVE_DOCUMENT.match(low) or POSSESSIVE_DOCUMENT.match(core)
    member = re.match(r"^(?:one|two|some|several|another|many|most)\s+of\s+(?:the|those|these)\s+(\w+)$", core)
    if member:
        low = f"the {member.group(1)}"  # "one of the officials" speaks for the officials
    elif GROUP_ROLE.match(core) and not GROUP_ROLE.match(low):
        low = core  # "The official, who asked not to be named, ..."
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
        if noun is not None and _DOCUMENT_NOUN.fullmatch(noun.lower_):
            kind = EntityKind.person if label == "PERSON" else EntityKind.organization
            out.append(Mention(_drop_title(text), kind, doc[end - 1].idx + len(doc[end - 1]), wrote=noun.lemma_))
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
        if (name := person_at(appos.i)) is not None:
            return Speaker(name=_drop_title(name), kind=EntityKind.person)
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
