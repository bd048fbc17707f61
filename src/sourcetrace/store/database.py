"""DuckDB store: articles, per-article analyses (cached by content hash), the stories articles are
in (kept across runs: new articles join them), each story's findings (cached by what they are
computed from) and the dossier as tables.

The dossier's attributions, entities, claims, conflicts and timeline are kept as
real tables (spans flattened to start/end/text columns) so they can be queried
with SQL; each ``analyze`` run replaces them. Analyses are kept across runs,
keyed by content hash and sourcetrace version, so a rerun skips unchanged articles.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np

from sourcetrace.dossier.models import (
    Article,
    ArticleAnalysis,
    Attribution,
    Claim,
    Conflict,
    Dossier,
    Entity,
    Span,
    SpanRef,
    TimelineEntry,
    migrate,
)
from sourcetrace.errors import UsageError
from sourcetrace.settings import Settings
from sourcetrace.version import __version__

SCHEMA_VERSION = 4

# Column name -> DuckDB type, per table; the order is the column order.
TABLES: dict[str, dict[str, str]] = {
    "articles": {
        "id": "VARCHAR PRIMARY KEY", "file": "VARCHAR", "record": "INTEGER", "format": "VARCHAR",
        "title": "VARCHAR", "outlet": "VARCHAR", "published": "VARCHAR", "url": "VARCHAR",
        "author": "VARCHAR", "language": "VARCHAR", "text": "VARCHAR", "content_hash": "VARCHAR",
        "reprint_of": "VARCHAR", "warnings": "VARCHAR[]",
    },
    "analyses": {
        "content_hash": "VARCHAR", "version": "VARCHAR", "article_id": "VARCHAR", "analysis": "JSON",
    },
    "skipped": {"input": "VARCHAR", "reason": "VARCHAR"},
    "attributions": {
        "id": "VARCHAR", "article_id": "VARCHAR",
        "source_start": "INTEGER", "source_end": "INTEGER", "source_text": "VARCHAR",
        "cue_start": "INTEGER", "cue_end": "INTEGER", "cue_text": "VARCHAR",
        "content_start": "INTEGER", "content_end": "INTEGER", "content_text": "VARCHAR",
        "sentence_start": "INTEGER", "sentence_end": "INTEGER",
        "speaker_name": "VARCHAR", "speaker_kind": "VARCHAR", "speaker_entity": "VARCHAR",
        "chain_names": "VARCHAR[]", "chain": "VARCHAR[]", "kind": "VARCHAR", "stance": "VARCHAR",
        "parent_id": "VARCHAR",
    },
    "entities": {
        "id": "VARCHAR", "name": "VARCHAR", "aliases": "VARCHAR[]", "kind": "VARCHAR",
        "affiliation": "VARCHAR", "mentions": "INTEGER",
    },
    "claims": {
        "id": "VARCHAR", "text": "VARCHAR", "status": "VARCHAR", "sourcing": "VARCHAR",
        "attribution_ids": "VARCHAR[]", "article_ids": "VARCHAR[]", "outlets": "VARCHAR[]",
        "root_sources": "VARCHAR[]", "independent_roots": "VARCHAR[]", "spans": "JSON", "story": "VARCHAR",
    },
    "conflicts": {
        "id": "VARCHAR", "kind": "VARCHAR", "reason": "VARCHAR", "a": "VARCHAR", "b": "VARCHAR",
        "a_article_id": "VARCHAR", "a_start": "INTEGER", "a_end": "INTEGER", "a_text": "VARCHAR",
        "b_article_id": "VARCHAR", "b_start": "INTEGER", "b_end": "INTEGER", "b_text": "VARCHAR",
        "story": "VARCHAR",
    },
    "timeline": {
        "article_id": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "text": "VARCHAR",
        "value": "VARCHAR", "type": "VARCHAR", "sort_key": "VARCHAR", "attribution_id": "VARCHAR",
        "sentence_start": "INTEGER", "sentence_end": "INTEGER", "story": "VARCHAR",
    },
    "stories": {
        "id": "VARCHAR", "title": "VARCHAR", "article_ids": "VARCHAR[]", "first_published": "VARCHAR",
        "last_published": "VARCHAR", "attributions": "INTEGER", "claims": "INTEGER", "contested": "INTEGER",
        "conflicts": "INTEGER",
    },
    # Which story each article is in: kept across runs, so reruns keep the ids and new articles join.
    "story_members": {"article_id": "VARCHAR PRIMARY KEY", "story_id": "VARCHAR"},
    "dossiers": {"created": "VARCHAR", "dossier": "JSON"},
    # Each story's claims and conflicts (ids local to the story), keyed by findings_key: a rerun
    # reuses them for a story whose articles, analyses, entities and settings did not change.
    "story_findings": {"key": "VARCHAR PRIMARY KEY", "story_id": "VARCHAR", "claims": "JSON", "conflicts": "JSON"},
    # The story grouping's title-and-lead embeddings, keyed by version and the text's sha256.
    "embeddings": {"key": "VARCHAR PRIMARY KEY", "vector": "FLOAT[]"},
}
# Keyed by article id too: the same wire text under two ids has two analyses (ids inside differ).
_EXTRA_DDL = {"analyses": ", PRIMARY KEY (content_hash, version, article_id)"}
# Tables that hold the last run's dossier; replaced as a whole by put_dossier.
DOSSIER_TABLES = ("skipped", "attributions", "entities", "claims", "conflicts", "timeline", "stories", "dossiers")

# Steps that bring a database of version N up to N + 1.
MIGRATIONS: dict[int, list[str]] = {
    # Version 1 (the first sketch) had no warnings column and kept the dossier as JSON only;
    # the new tables are created by CREATE TABLE IF NOT EXISTS afterwards.
    1: [
        "ALTER TABLE articles ADD COLUMN IF NOT EXISTS warnings VARCHAR[]",
        # The primary key gains article_id: rebuild the table and copy the rows.
        "ALTER TABLE analyses RENAME TO analyses_v1",
        "CREATE TABLE analyses (content_hash VARCHAR, version VARCHAR, article_id VARCHAR, analysis JSON, "
        "PRIMARY KEY (content_hash, version, article_id))",
        "INSERT INTO analyses SELECT content_hash, version, article_id, analysis FROM analyses_v1",
        "DROP TABLE analyses_v1",
    ],
    # Version 3 groups articles into stories: the findings' tables gain their story column
    # (the stories and story_members tables are new, created afterwards).
    2: [f"ALTER TABLE IF EXISTS {t} ADD COLUMN IF NOT EXISTS story VARCHAR" for t in ("claims", "conflicts", "timeline")],
    # Version 4 caches each story's findings and the grouping's embeddings: the story_findings and
    # embeddings tables are new (created afterwards, empty: the first run after the upgrade fills them).
    3: [],
}


def _ddl(table: str) -> str:
    cols = ", ".join(f'"{name}" {kind}' for name, kind in TABLES[table].items())
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols}{_EXTRA_DDL.get(table, '')})"


def _plain_type(kind: str) -> str:
    return kind.replace(" PRIMARY KEY", "")


# Settings that steer reading, output or the cross-article stages only (reprints, claim
# grouping, NLI confirmation of conflicts); any other may change what a per-article analysis finds.
_NOT_ANALYSIS = {
    "db", "progress", "max_bytes", "max_article_chars", "article_timeout", "field_map", "near_duplicate_threshold", "claim_similarity",
    "story_similarity", "nli_model",
    "contradiction_judge",
}
# Plug-in settings left out of the key while unset, so keys made before they existed stay valid.
_NEW_WHEN_SET = ("speaker_resolver",)


def _recipe_fingerprint(model: Path | None) -> str | None:
    """sha256 hex of the tagger recipe in ``model`` (default: the shipped weights), or None."""
    # lazy: `sourcetrace ingest` opens the store and should not pay for loading torch and spaCy
    from sourcetrace.attribution.tagger import recipe_fingerprint

    return recipe_fingerprint(model)


def analysis_key(settings: Settings | None) -> str:
    """The cache key part besides the content hash: sourcetrace version and analysis settings."""
    if settings is None:
        return __version__
    relevant = settings.model_dump(mode="json", exclude=_NOT_ANALYSIS)
    for name in _NEW_WHEN_SET:
        if relevant[name] is None:
            del relevant[name]
    if settings.use_tagger:
        # retrained weights at the same path (a new release, `sourcetrace train --out`) change the analysis
        relevant["tagger_recipe"] = _recipe_fingerprint(settings.attribution_model)
    digest = hashlib.sha256(json.dumps(relevant, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    return f"{__version__}+{digest}"


# Settings that reach a story's findings only through its articles, their analyses or its members
# (all in findings_key themselves), or not at all.
_NOT_FINDINGS = {
    "db", "progress", "max_bytes", "max_article_chars", "article_timeout", "field_map", "follow_symlinks",
    "near_duplicate_threshold", "story_similarity",
}


@lru_cache(maxsize=8)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    """A file's SHA-256, read once per version of it (every story's key needs the outlets file's)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def findings_key(articles: Sequence[Article], analyses: Sequence[ArticleAnalysis],
                 entities: Sequence[Entity], settings: Settings) -> str:
    """A digest of all that one story's claims and conflicts are computed from: its articles (in
    order, with their reprint marks) and their analyses after entity resolution (chains, speakers),
    ``entities``, the ones its findings read (:func:`~sourcetrace.sources.roots.entities_used`:
    resolved over the whole corpus, so a new article elsewhere can change them; mentions and aliases
    are left out, the findings never read them), the settings that act on findings directly (the
    outlets file by its content; an NLI model and a judge plug-in by their names only: replacing one
    in place needs another --db) and the sourcetrace version."""
    h = hashlib.sha256()

    def feed(obj: object) -> None:
        h.update(json.dumps(obj, sort_keys=True, ensure_ascii=True).encode("ascii"))
        h.update(b"\0")

    relevant = settings.model_dump(mode="json", exclude=_NOT_FINDINGS)
    if settings.outlets_file is not None and settings.outlets_file.is_file():
        st = settings.outlets_file.stat()
        relevant["outlets_digest"] = _file_digest(settings.outlets_file.resolve(), st.st_mtime_ns, st.st_size)
    feed([__version__, relevant])
    for a in articles:
        feed(a.model_dump(mode="json", exclude={"file", "record", "format", "warnings"}))
    for an in analyses:
        h.update(an.model_dump_json().encode("utf-8"))
        h.update(b"\0")
    feed([[e.id, e.name, e.kind.value, e.affiliation] for e in entities])
    return h.hexdigest()


class Store:
    """The database behind ``--db``.

    Pass the run's ``settings`` so that cached analyses are reused only under
    the same analysis settings (tagger on or off, models, thresholds).
    """

    def __init__(self, path: str | Path, settings: Settings | None = None) -> None:
        self.path = Path(path)
        self.key = analysis_key(settings)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(self.path))
        except (OSError, duckdb.Error) as exc:
            raise UsageError(f"{self.path}: cannot open the database ({exc})") from exc
        try:
            self._migrate()
        except BaseException:
            self.con.close()
            raise

    # --- schema -----------------------------------------------------------------

    def schema_version(self) -> int | None:
        """The schema version recorded in the database, None for a new one."""
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def _migrate(self) -> None:
        version = self.schema_version()
        if version is not None and version > SCHEMA_VERSION:
            raise UsageError(
                f"{self.path}: database schema version {version} is newer than this sourcetrace "
                f"({__version__}) supports ({SCHEMA_VERSION}); use a newer sourcetrace or another --db"
            )
        if version is not None:
            for step in range(version, SCHEMA_VERSION):
                for sql in MIGRATIONS.get(step, []):
                    self.con.execute(sql)
        for table in TABLES:
            self.con.execute(_ddl(table))
        self.con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('sourcetrace_version', ?)",
            [str(SCHEMA_VERSION), __version__],
        )

    # --- bulk insert ---------------------------------------------------------------

    def _insert(self, table: str, rows: Iterable[dict[str, object]], replace: bool = False) -> int:
        """Insert rows through a temporary NDJSON file: executemany is ~150x slower in DuckDB."""
        columns = TABLES[table]
        fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="sourcetrace-")
        count = 0
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=True))
                    fh.write("\n")
                    count += 1
            if count:
                spec = ", ".join(f"'{name}': '{_plain_type(kind)}'" for name, kind in columns.items())
                names = ", ".join(f'"{name}"' for name in columns)
                verb = "INSERT OR REPLACE" if replace else "INSERT"
                self.con.execute(
                    f"{verb} INTO {table} ({names}) SELECT {names} FROM "
                    f"read_json(?, columns={{{spec}}}, format='newline_delimited', maximum_object_size=1073741824)",
                    [tmp],
                )
        finally:
            os.unlink(tmp)
        return count

    # --- articles and analyses -----------------------------------------------------

    def put_articles(self, articles: Sequence[Article]) -> None:
        """Insert or update articles (by id)."""
        self._insert(
            "articles",
            (a.model_dump(include=set(TABLES["articles"])) for a in articles),
            replace=True,
        )

    def articles(self) -> list[Article]:
        """Every stored article, in id order."""
        names = list(TABLES["articles"])
        cols = ", ".join(f'"{n}"' for n in names)
        rows = self.con.execute(f"SELECT {cols} FROM articles ORDER BY id").fetchall()
        out = []
        for row in rows:
            data = dict(zip(names, row, strict=True))
            data["warnings"] = data["warnings"] or []
            out.append(Article(**data))
        return out

    def cached_analyses(self, articles: Sequence[Article]) -> dict[str, ArticleAnalysis]:
        """Analyses of articles whose text is unchanged, by article id."""
        if not articles:
            return {}
        by_hash: dict[str, list[Article]] = {}
        for a in articles:
            by_hash.setdefault(a.content_hash, []).append(a)
        rows = self.con.execute(
            "SELECT content_hash, analysis FROM analyses WHERE version = ? AND content_hash IN "
            "(SELECT unnest(?::VARCHAR[]))",
            [self.key, list(by_hash)],
        ).fetchall()
        out: dict[str, ArticleAnalysis] = {}
        for content_hash, analysis in rows:
            an = ArticleAnalysis.model_validate_json(analysis)
            for article in by_hash[content_hash]:
                # Same text under another id: offsets hold but the ids inside differ.
                if an.article_id == article.id:
                    out[article.id] = an
        return out

    def put_analyses(self, analyses: Sequence[ArticleAnalysis]) -> None:
        """Cache analyses by content hash, article id, sourcetrace version and analysis settings."""
        self._insert(
            "analyses",
            (
                {"content_hash": an.content_hash, "version": self.key, "article_id": an.article_id,
                 "analysis": an.model_dump(mode="json")}
                for an in analyses
            ),
            replace=True,
        )

    # --- the dossier ----------------------------------------------------------------

    def put_dossier(self, dossier: Dossier) -> None:
        """Store the dossier's findings as tables, replacing the previous run's."""
        with self._transaction():
            for table in DOSSIER_TABLES:
                self.con.execute(f"DELETE FROM {table}")
            self.put_articles(dossier.articles)
            self._insert("skipped", (s.model_dump() for s in dossier.skipped))
            self._insert("attributions", (_attribution_row(a) for a in dossier.attributions))
            self._insert("entities", (e.model_dump(mode="json") for e in dossier.entities))
            self._insert("claims", (_claim_row(c) for c in dossier.claims))
            self._insert("conflicts", (_conflict_row(c) for c in dossier.conflicts))
            self._insert("timeline", (_timeline_row(t) for t in dossier.timeline))
            self._insert("stories", (st.model_dump(mode="json") for st in dossier.stories))
            self._insert("dossiers", [{"created": dossier.created, "dossier": dossier.model_dump(mode="json", by_alias=True)}])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: all of the block's writes or none (an interrupt rolls it back)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def cached_findings(self, keys: Sequence[str]) -> dict[str, tuple[list[Claim], list[Conflict]]]:
        """Stored claims and conflicts (ids local to their story) of the stories with these keys."""
        if not keys:
            return {}
        rows = self.con.execute(
            "SELECT key, claims, conflicts FROM story_findings WHERE key IN (SELECT unnest(?::VARCHAR[]))",
            [list(keys)],
        ).fetchall()
        return {
            key: ([Claim.model_validate(c) for c in json.loads(claims)],
                  [Conflict.model_validate(x) for x in json.loads(conflicts)])
            for key, claims, conflicts in rows
        }

    def put_findings(self, found: dict[str, tuple[str, list[Claim], list[Conflict]]], keep: Iterable[str]) -> None:
        """Store stories' findings by key ({key: (story id, claims, conflicts)}) and drop those of
        keys not in ``keep`` (stories that changed or are gone), in one transaction."""
        keep = list(keep)
        with self._transaction():
            self.con.execute("DELETE FROM story_findings WHERE key NOT IN (SELECT unnest(?::VARCHAR[]))", [keep])
            self._insert("story_findings", (
                {"key": key, "story_id": sid, "claims": [c.model_dump(mode="json") for c in claims],
                 "conflicts": [x.model_dump(mode="json") for x in conflicts]}
                for key, (sid, claims, conflicts) in found.items()
            ), replace=True)

    def cached_embeddings(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """Stored embeddings of these texts (unit rows, float32), by text."""
        by_key = {_text_key(t): t for t in texts}
        if not by_key:
            return {}
        rows = self.con.execute(
            "SELECT key, vector FROM embeddings WHERE key IN (SELECT unnest(?::VARCHAR[]))", [list(by_key)]
        ).fetchall()
        return {by_key[key]: np.asarray(vector, dtype=np.float32) for key, vector in rows}

    def put_embeddings(self, new: dict[str, np.ndarray], keep: Iterable[str]) -> None:
        """Store embeddings by text and drop those of texts not in ``keep``, in one transaction."""
        keep_keys = [_text_key(t) for t in keep]
        with self._transaction():
            self.con.execute("DELETE FROM embeddings WHERE key NOT IN (SELECT unnest(?::VARCHAR[]))", [keep_keys])
            self._insert("embeddings", ({"key": _text_key(t), "vector": v.tolist()} for t, v in new.items()), replace=True)

    def story_members(self) -> dict[str, str]:
        """The story of every article that has one, by article id."""
        return dict(self.con.execute("SELECT article_id, story_id FROM story_members").fetchall())

    def put_story_members(self, of_article: dict[str, str]) -> None:
        """Record (or move) articles' stories."""
        self._insert("story_members", ({"article_id": a, "story_id": s} for a, s in of_article.items()), replace=True)

    def last_dossier(self) -> Dossier | None:
        """The dossier of the last run, or None."""
        row = self.con.execute("SELECT dossier FROM dossiers ORDER BY created DESC LIMIT 1").fetchone()
        return Dossier.model_validate(migrate(json.loads(row[0]))) if row else None

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in TABLES:
            raise ValueError(f"no table {table!r}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close the connection (DuckDB writes on close)."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text_key(text: str) -> str:
    # a new release may embed differently: its vectors are its own
    return f"{__version__}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def _span(prefix: str, span: Span | None) -> dict[str, object]:
    if span is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


def _attribution_row(a: Attribution) -> dict[str, object]:
    row: dict[str, object] = {"id": a.id, "article_id": a.article_id}
    for prefix in ("source", "cue", "content"):
        row.update(_span(prefix, getattr(a, prefix)))
    row["sentence_start"], row["sentence_end"] = a.sentence.start, a.sentence.end
    row["speaker_name"] = a.speaker.name if a.speaker else None
    row["speaker_kind"] = a.speaker.kind.value if a.speaker else None
    row.update(speaker_entity=a.speaker_entity, chain_names=a.chain_names, chain=a.chain,
               kind=a.kind.value, stance=a.stance.value, parent_id=a.parent_id)
    return row


def _claim_row(c: Claim) -> dict[str, object]:
    return c.model_dump(mode="json")


def _span_ref(prefix: str, span: SpanRef | None) -> dict[str, object]:
    row = _span(prefix, span)
    row[f"{prefix}_article_id"] = span.article_id if span else None
    return row


def _conflict_row(c: Conflict) -> dict[str, object]:
    row: dict[str, object] = {"id": c.id, "kind": c.kind.value, "reason": c.reason, "a": c.a, "b": c.b,
                              "story": c.story}
    row.update(_span_ref("a", c.a_span))
    row.update(_span_ref("b", c.b_span))
    return row


def _timeline_row(t: TimelineEntry) -> dict[str, object]:
    row = t.model_dump(mode="json", exclude={"sentence"})
    row["sentence_start"] = t.sentence.start if t.sentence else None
    row["sentence_end"] = t.sentence.end if t.sentence else None
    return row
