"""DuckDB store: articles, per-article analyses (cached by content hash) and the last dossier."""

from __future__ import annotations

from pathlib import Path

import duckdb

from sourcetrace import __version__
from sourcetrace.dossier.models import Article, ArticleAnalysis, Dossier

SCHEMA_VERSION = 1

_DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY, file VARCHAR, record INTEGER, format VARCHAR, title VARCHAR,
        outlet VARCHAR, published VARCHAR, url VARCHAR, author VARCHAR, language VARCHAR,
        text VARCHAR, content_hash VARCHAR, reprint_of VARCHAR)""",
    # Keyed by content hash and sourcetrace version: a new version re-analyses.
    """CREATE TABLE IF NOT EXISTS analyses (
        content_hash VARCHAR, version VARCHAR, article_id VARCHAR, analysis JSON,
        PRIMARY KEY (content_hash, version))""",
    "CREATE TABLE IF NOT EXISTS dossiers (created VARCHAR, dossier JSON)",
]


class Store:
    """The database behind ``--db``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))
        for ddl in _DDL:
            self.con.execute(ddl)
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    def put_articles(self, articles: list[Article]) -> None:
        """Insert or update articles."""
        rows = [
            (a.id, a.file, a.record, a.format, a.title, a.outlet, a.published, a.url, a.author,
             a.language, a.text, a.content_hash, a.reprint_of)
            for a in articles
        ]
        if rows:
            self.con.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )

    def cached_analyses(self, articles: list[Article]) -> dict[str, ArticleAnalysis]:
        """Analyses of articles whose text is unchanged, by article id."""
        if not articles:
            return {}
        by_hash = {a.content_hash: a for a in articles}
        rows = self.con.execute(
            "SELECT content_hash, analysis FROM analyses WHERE version = ? AND content_hash IN "
            "(SELECT unnest(?::VARCHAR[]))",
            [__version__, list(by_hash)],
        ).fetchall()
        out: dict[str, ArticleAnalysis] = {}
        for content_hash, analysis in rows:
            article = by_hash[content_hash]
            an = ArticleAnalysis.model_validate_json(analysis)
            if an.article_id != article.id:
                continue  # same text under another id: offsets hold but ids differ
            out[article.id] = an
        return out

    def put_analyses(self, analyses: list[ArticleAnalysis]) -> None:
        rows = [(an.content_hash, __version__, an.article_id, an.model_dump_json()) for an in analyses]
        if rows:
            self.con.executemany("INSERT OR REPLACE INTO analyses VALUES (?,?,?,?)", rows)

    def put_dossier(self, dossier: Dossier) -> None:
        self.con.execute("INSERT INTO dossiers VALUES (?, ?)", [dossier.created, dossier.to_json(None)])

    def close(self) -> None:
        self.con.close()
