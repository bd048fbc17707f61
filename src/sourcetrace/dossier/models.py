"""The dossier as typed models: the one thing every stage reads and writes.

Offsets are character offsets into ``Article.text`` (Python string indices),
end exclusive. The JSON Schema in ``schema/dossier-2.schema.json`` is generated
from these models (``python -m sourcetrace.dossier.schema``) and checked in a test.

Versions: ``sourcetrace.dossier/2`` added ``stories`` and the ``story`` of every claim, conflict
and timeline entry. :func:`load_dossier` reads version 1 too (:func:`migrate`: the whole pile is one
story, as version 1 assumed).
"""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "sourcetrace.dossier/2"
SCHEMA_V1 = "sourcetrace.dossier/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Span(_Model):
    """A stretch of one article's text: ``text == article.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class SpanRef(Span):
    """A span together with the article it is in."""

    article_id: str


class Article(_Model):
    """One news article as ingested; every offset in the dossier points into ``text``."""

    id: str = Field(description="Stable id: given id when unique, else derived from the content hash.")
    file: str = Field(description="Input path as given ('-' for standard input).")
    record: int | None = Field(None, description="1-based record number in a container file (JSONL, CSV, WARC, feed).")
    format: str = Field(description="txt, md, html, jsonl, json, csv, warc, feed")
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or date-time.")
    url: str | None = None
    author: str | None = None
    language: str | None = None
    text: str
    content_hash: str = Field(description="sha256 of the text.")
    reprint_of: str | None = Field(None, description="Id of the earliest article this one copies (wire reprint).")
    warnings: list[str] = Field(default_factory=list)


class Skipped(_Model):
    """An input (or part of one) that could not be used, and why."""

    input: str = Field(description="Path, with ':line N' or ':record N' for a part of a container file.")
    reason: str


class EntityKind(str, Enum):
    outlet = "outlet"
    person = "person"
    government = "government"
    military = "military"
    organization = "organization"
    anonymous = "anonymous"
    document = "document"
    other = "other"


class AttributionKind(str, Enum):
    direct = "direct"  # the content is a quotation
    indirect = "indirect"  # reported speech
    mixed = "mixed"  # partly quoted
    according_to = "according-to"  # "according to X", "per X"
    reportedly = "reportedly"  # no source: "reportedly", "is said to"
    statement = "statement"  # "in a statement", headline "X: ..."
    uncued = "uncued"  # reported content whose cue (and so source) was not found


class SpeechAct(str, Enum):
    """What kind of act the cue reports: a quote tracker counts speech and writing only."""

    speech = "speech"  # said, told, added, according to
    writing = "writing"  # wrote, tweeted, in a statement, in a letter
    belief = "belief"  # believes, thinks, fears, expects
    perception = "perception"  # saw, heard, noticed
    intention = "intention"  # wants, plans, hopes
    finding = "finding"  # a study shows, the report found
    question = "question"  # asked what, asked whether
    other = "other"  # an action or an event read as a cue: voted against, has been commended for
    unknown = "unknown"  # no cue: an uncued content


class Stance(str, Enum):
    asserts = "asserts"
    denies = "denies"
    admits = "admits"
    confirms = "confirms"
    hedges = "hedges"
    warns = "warns"
    accuses = "accuses"
    announces = "announces"
    reports = "reports"
    # no claim: "declined to comment", "did not respond", "spoke on condition of anonymity to discuss …"
    withholds = "withholds"


class Speaker(_Model):
    """Who the source span means, after coreference."""

    name: str
    kind: EntityKind = EntityKind.other


class Attribution(_Model):
    """Who (source) says (cue) what (content), with the chain of relays."""

    id: str = Field(description="'{article_id}:a{n}'")
    article_id: str
    source: Span | None = None
    cue: Span | None = None
    content: Span | None = None
    sentence: Span = Field(description="The sentence(s) the attribution is in.")
    speaker: Speaker | None = Field(None, description="The resolved source.")
    speaker_entity: str | None = Field(None, description="Entity id of the speaker.")
    chain_names: list[str] = Field(
        default_factory=list, description="Publishing outlet first, original source last, as names."
    )
    chain: list[str] = Field(default_factory=list, description="The chain as entity ids.")
    kind: AttributionKind = AttributionKind.indirect
    stance: Stance = Stance.asserts
    act: SpeechAct = Field(
        SpeechAct.speech,
        description="What kind of act the cue reports: speech, writing, belief, perception, intention, finding, "
        "question, other (an action or event), unknown (an uncued content); what someone said or wrote is a quote, what they believe or saw is not.",
    )
    proposition: bool = Field(
        True,
        description="Whether the content states something that can be true or false (a clause, or a quotation); "
        "false for a topic or a request ('has not confirmed the details', 'urged journalists to wait'), "
        "which is attributed but makes no claim.",
    )
    parent_id: str | None = Field(None, description="Attribution this one is nested in, if any.")


class Entity(_Model):
    """A source across all articles: one person or body is one entity."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: EntityKind = EntityKind.other
    affiliation: str | None = Field(None, description="Entity id of the body it speaks for.")
    mentions: int = 0


class ClaimStatus(str, Enum):
    corroborated = "corroborated"
    single_source = "single-source"
    contested = "contested"
    unattributed = "unattributed"


class Claim(_Model):
    """One proposition, as stated across articles, with how independent its sourcing is."""

    id: str
    text: str = Field(description="A representative wording.")
    denied: bool = Field(
        False,
        description="Every account of it denies it: ``text`` is what is denied ('any agreement had been "
        "reached'), and renderers show it as 'Denied: …'.",
    )
    attribution_ids: list[str] = Field(default_factory=list)
    spans: list[SpanRef] = Field(default_factory=list, description="Where it is stated.")
    article_ids: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    root_sources: list[str] = Field(default_factory=list, description="Entity ids ending the chains.")
    independent_roots: list[str] = Field(
        default_factory=list, description="Roots after merging shared affiliations and reprints."
    )
    status: ClaimStatus = ClaimStatus.unattributed
    sourcing: str = Field("", description="The sourcing in words: '1 independent source via 3 outlets'.")
    story: str | None = Field(None, description="Id of the story the claim belongs to (claims never span two).")


class ConflictKind(str, Enum):
    denial = "denial"
    number = "number"
    date = "date"
    certainty = "certainty"
    negation = "negation"
    contradiction = "contradiction"  # from a user-supplied NLI model


class Conflict(_Model):
    id: str
    kind: ConflictKind
    reason: str
    a: str = Field(description="Attribution or claim id of one side.")
    b: str = Field(description="Attribution or claim id of the other side.")
    a_span: SpanRef | None = None
    b_span: SpanRef | None = None
    story: str | None = Field(None, description="Id of the story both sides belong to.")


class TimelineEntry(_Model):
    article_id: str
    start: int
    end: int
    text: str
    value: str | None = Field(None, description="ISO 8601 at its own precision, TimeML duration/set, or None.")
    type: str = Field("DATE", description="DATE, TIME, DURATION or SET (TimeML).")
    sort_key: str | None = Field(None, description="First day the value covers, for ordering.")
    attribution_id: str | None = None
    sentence: Span | None = None
    story: str | None = Field(None, description="Id of the story of the entry's article.")


class Story(_Model):
    """Articles about one event or developing story; claims, independence and conflicts are found within it."""

    id: str = Field(description="'story-' and a hash of its earliest article's id: stable across reruns.")
    title: str = Field(description="The title of its earliest titled article (else the start of its text).")
    article_ids: list[str] = Field(default_factory=list, description="Earliest first.")
    first_published: str | None = None
    last_published: str | None = None
    attributions: int = 0
    claims: int = 0
    contested: int = Field(0, description="Contested claims.")
    conflicts: int = 0


class Generator(_Model):
    name: str = "sourcetrace"
    version: str


class Dossier(_Model):
    """A sourced dossier of a pile of articles: one story or several (``stories``)."""

    schema_: str = Field(SCHEMA_ID, alias="schema")
    generator: Generator
    created: str
    articles: list[Article] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list, description="Earliest first.")

    def to_json(self, indent: int | None = 2) -> str:
        """Serialise with the field names of the schema."""
        return self.model_dump_json(by_alias=True, indent=indent)


def story_id(earliest_article_id: str) -> str:
    """A story's id, from the id of its earliest article: stable across reruns, safe as a file name."""
    return "story-" + hashlib.sha256(earliest_article_id.encode("utf-8")).hexdigest()[:10]


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """A dossier's JSON data brought up to this version (in place; version 1: the pile is one story)."""
    if data.get("schema") == SCHEMA_V1:
        articles = data.get("articles") or []
        dated = sorted(articles, key=lambda a: (a.get("published") is None, a.get("published") or "", a.get("id")))
        ids = [a.get("id") for a in dated]
        sid = story_id(ids[0] if ids else "")
        for key in ("claims", "conflicts", "timeline"):
            for item in data.get(key) or []:
                item.setdefault("story", sid)
        days = [a["published"] for a in dated if a.get("published")]
        claims = data.get("claims") or []
        data["stories"] = [{
            "id": sid, "title": next((a["title"] for a in dated if a.get("title")), ""), "article_ids": ids,
            "first_published": min(days) if days else None, "last_published": max(days) if days else None,
            "attributions": len(data.get("attributions") or []), "claims": len(claims),
            "contested": sum(c.get("status") == "contested" for c in claims),
            "conflicts": len(data.get("conflicts") or []),
        }] if articles else []
        data["schema"] = SCHEMA_ID
    return data


def load_dossier(path: str | Path) -> Dossier:
    """Read a dossier JSON file written by ``sourcetrace analyze`` (this version or an older one)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("a dossier is a JSON object")
    return Dossier.model_validate(migrate(data))


class ArticleAnalysis(_Model):
    """What the per-article stages found in one article; cached in the store by content hash."""

    article_id: str
    content_hash: str
    sentences: list[Span] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
