"""Speaker-kind lexicon: the words that make a source an outlet, a government, a military, a
document or an unnamed source, and the decision :func:`kind_of` on a source's name.

Attribution names a speaker's kind from its words (:func:`kind_of`); entity resolution reads
the same families of words in lower case to place a name in a country. The unnamed-source
heads are one core with two named extensions, because each reader takes a few more heads as
unnamed than the other (an adviser is unnamed to attribution; an analyst or a spokesperson
without a name is unnamed to entity resolution, while attribution gives a spokesperson its
body's kind).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sourcetrace.dossier.models import EntityKind

# Heads of an unnamed source: "three U.S. officials", "people familiar with the matter".
ANONYMOUS_HEADS = frozenset(
    {"official", "officials", "source", "sources", "people", "person", "aide", "aides", "diplomat",
     "diplomats", "insider", "insiders", "staffer", "staffers", "someone"}
)
ADVISER_HEADS = frozenset({"adviser", "advisers", "advisor", "advisors"})
ROLE_HEADS = frozenset({"spokesperson", "spokesman", "spokeswoman", "minister", "ministers"})
CROWD_HEADS = frozenset({"analyst", "analysts", "observers", "figure", "figures", "employee", "employees", "members"})
# what attribution and entity resolution each take as an unnamed source's head
SPEAKER_ANONYMOUS_HEADS = ANONYMOUS_HEADS | ADVISER_HEADS
ENTITY_ANONYMOUS_HEADS = ANONYMOUS_HEADS | CROWD_HEADS | ROLE_HEADS
# unnamed sources who speak for a government
OFFICIAL_HEADS = frozenset({"official", "officials", "diplomat", "diplomats", "aide", "aides", "staffer", "staffers"}) | ROLE_HEADS

# Names, as written (capitals matter: "Post" is an outlet, "post" a verb).
OUTLET_WORDS = re.compile(
    r"\b(News|Post|Times|Journal|Ledger|Courier|Insider|Broadcasting|Wire|Gazette|Press|Daily|Herald|"
    r"Tribune|Telegraph|Guardian|Chronicle|Review|Reuters|Bloomberg|Politico|Axios|CNN|BBC|NBC|CBS|ABC|"
    r"NPR|AP|AFP|Fox|Agency|Radio|Television|TV|Magazine|Economist|Observer|Independent|Monitor|"
    r"Sentinel|Standard|Star|Mail|Mirror|Globe|Express|Examiner|Bulletin|Dispatch|Inquirer|Register|"
    r"Gazette|Leader|Enquirer|Argus|Courant|Herald|Recorder|MSNBC|PBS|C-SPAN|CNBC|"
    # a site named by its address: "BigGovernment.com"
    r"[A-Z][\w-]*\.(?:com|org|net))\b"
)
GOVERNMENT_NAME = re.compile(
    r"\b(ministry|government|White House|Kremlin|Pentagon|Department|department|administration|"
    r"Downing Street|cabinet|parliament|Congress|Senate|embassy|council|Council|authority|Authority|"
    r"presidency|Élysée|Elysee)\b"
)
MILITARY_NAME = re.compile(r"\b(army|navy|military|command|forces|Army|Navy|Command|Forces|air force)\b")
# Nouns that name a document. The one home of the list: a mention so named is a document, and a
# document speaks for its author ("the report, by Dana Reed", "a statement from the board", "the
# trustees report"; attribution.speakers, sources.entities).
DOCUMENT_NOUNS = frozenset({
    "statement", "report", "filing", "document", "schedule", "memo", "memorandum", "letter", "release",
    "excerpt", "email", "e-mail", "cable", "slide", "transcript", "record", "review", "analysis", "finding",
    "study", "survey", "projection", "estimate", "forecast",
    "number",  # "the numbers" speak for whoever compiled them
})
# the nouns as a regex alternation, each with its plural
DOCUMENT_WORDS = "(?:" + "|".join(sorted((re.escape(w) for w in DOCUMENT_NOUNS), key=len, reverse=True)) + ")s?"
DOCUMENT_NAME = re.compile(rf"\b{DOCUMENT_WORDS}\b", re.I)


# verbs of passing a document on: "talking points obtained by ABC News", "records released by the
# committee" (who obtained it relays the document; it is not the author)
# adverbs that move the narrative to another time, so to another occasion than an interview's
ELSEWHEN = frozenset({"earlier", "previously", "later", "formerly"})
OBTAINING_LEMMAS = frozenset({"obtain", "leak", "release", "provide", "see", "review", "acquire", "get"})


def is_document_noun(word: str) -> bool:
    """Whether one word (any case, singular or plural) is a document's noun."""
    low = word.lower()
    return low in DOCUMENT_NOUNS or (low.endswith("s") and low[:-1] in DOCUMENT_NOUNS)


# Words, in lower case, that make a mention a government body, a military body or an official.
GOVERNMENT_WORDS = (
    "government", "ministry", "minister", "department", "administration", "cabinet",
    "presidency", "president", "prime minister", "chancellor", "embassy", "ambassador",
    "spokesperson", "spokesman", "spokeswoman", "secretary", "council", "office",
    "treasury", "parliament", "foreign ministry", "state department", "official", "officials",
    "diplomat", "diplomats", "envoy", "regime", "authorities", "agency", "senator", "governor",
)
MILITARY_WORDS = (
    "military", "army", "navy", "air force", "armed forces", "defence forces", "defense forces",
    "command", "general staff", "troops", "forces", "marines", "brigade", "commander",
    "defence ministry", "defense ministry", "pentagon", "joint chiefs",
)

_LABEL_KIND = {"PERSON": EntityKind.person, "ORG": EntityKind.organization, "GPE": EntityKind.government}


def kind_of(name: str, entities: Iterable[tuple[str, str]] = ()) -> EntityKind:
    """The kind of source a name denotes, by its words, else by the first of ``entities`` (label, text)
    with its text that is a person, an organisation or a place."""
    words = name.lower().split()
    head = words[-1] if words else ""
    if OUTLET_WORDS.search(name) and not GOVERNMENT_NAME.search(name):
        return EntityKind.outlet
    if head in SPEAKER_ANONYMOUS_HEADS or any(w in SPEAKER_ANONYMOUS_HEADS for w in words[-2:]):
        return EntityKind.anonymous
    if DOCUMENT_NAME.fullmatch(head):
        return EntityKind.document
    if MILITARY_NAME.search(name):
        return EntityKind.military
    if GOVERNMENT_NAME.search(name):
        return EntityKind.government
    if DOCUMENT_NAME.search(name):
        return EntityKind.document
    for label, text in entities:
        if text == name and label in _LABEL_KIND:
            return _LABEL_KIND[label]
    return EntityKind.other
