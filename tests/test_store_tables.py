"""The DuckDB store: articles, the dossier as tables, schema version and migration."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sourcetrace import __version__
from sourcetrace.dossier.models import (
    Article,
    ArticleAnalysis,
    Attribution,
    Claim,
    Conflict,
    Dossier,
    Entity,
    Generator,
    Skipped,
    Span,
    SpanRef,
    Speaker,
    TimelineEntry,
)
from sourcetrace.errors import UsageError
from sourcetrace.store.database import SCHEMA_VERSION, Store

TEXT = "Officials said the bridge would close on May 3, the mayor's office confirmed."


def _article(i: int = 1, text: str = TEXT) -> Article:
    return Article(id=f"art{i}", file=f"{i}.txt", format="txt", text=text, content_hash=f"h{i}",
                   published="2025-05-01", warnings=["[W002] x"] if i == 2 else [])


def _dossier(n_attr: int = 2) -> Dossier:
    article = _article()
    sentence = Span(start=0, end=len(TEXT), text=TEXT)
    attributions = [
        Attribution(
            id=f"art1:a{k}", article_id="art1", sentence=sentence,
            source=Span(start=0, end=9, text="Officials"), cue=Span(start=10, end=14, text="said"),
            content=Span(start=15, end=46, text=TEXT[15:46]), speaker=Speaker(name="officials", kind="government"),
            chain_names=["Example Times", "officials"], chain=["e0", "e1"], kind="indirect",
        )
        for k in range(n_attr)
    ]
    return Dossier(
        generator=Generator(version="test"),
        created="2025-05-02T00:00:00+00:00",
        articles=[article],
        skipped=[Skipped(input="bad.png", reason="[E011] bad.png: unsupported file type '.png'")],
        attributions=attributions,
        entities=[Entity(id="e1", name="officials", aliases=["Officials"], kind="government", mentions=2)],
        claims=[Claim(id="c1", text="the bridge would close", attribution_ids=["art1:a0"],
                      spans=[SpanRef(article_id="art1", start=15, end=46, text=TEXT[15:46])],
                      article_ids=["art1"], outlets=["Example Times"], status="single-source")],
        conflicts=[Conflict(id="k1", kind="date", reason="May 3 vs May 4", a="art1:a0", b="art1:a1",
                            a_span=SpanRef(article_id="art1", start=41, end=46, text=TEXT[41:46]))],
        timeline=[TimelineEntry(article_id="art1", start=41, end=46, text=TEXT[41:46], value="2025-05-03",
                                sort_key="2025-05-03", sentence=sentence)],
    )


def test_articles_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put_articles([_article(1), _article(2, "Another text, with ünïcode and \"quotes\".")])
        store.put_articles([_article(1)])  # upsert, not a duplicate
        assert store.count("articles") == 2
        assert store.articles() == [_article(1), _article(2, "Another text, with ünïcode and \"quotes\".")]


def test_dossier_is_flattened_into_tables(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put_dossier(_dossier())
        con = store.con
        assert store.count("attributions") == 2
        row = con.execute(
            "SELECT source_text, cue_start, cue_end, content_text, speaker_kind, chain_names "
            "FROM attributions WHERE id = 'art1:a0'"
        ).fetchone()
        assert row == ("Officials", 10, 14, TEXT[15:46], "government", ["Example Times", "officials"])
        assert con.execute("SELECT name, aliases, mentions FROM entities").fetchall() == [("officials", ["Officials"], 2)]
        assert con.execute("SELECT status, outlets FROM claims").fetchone() == ("single-source", ["Example Times"])
        assert con.execute("SELECT a_text, b_start FROM conflicts").fetchone() == ("May 3", None)
        assert con.execute("SELECT value, sentence_end FROM timeline").fetchone() == ("2025-05-03", len(TEXT))
        assert con.execute("SELECT input FROM skipped").fetchall() == [("bad.png",)]
        # Offsets in the tables point into the stored article text.
        joined = con.execute(
            "SELECT substr(a.text, t.cue_start + 1, t.cue_end - t.cue_start), t.cue_text "
            "FROM attributions t JOIN articles a ON a.id = t.article_id"
        ).fetchall()
        assert all(got == want for got, want in joined)
        assert store.last_dossier() == _dossier()


def test_each_run_replaces_the_dossier_tables(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put_dossier(_dossier(3))
        store.put_dossier(_dossier(1))
        assert store.count("attributions") == 1
        assert store.count("dossiers") == 1
        assert store.count("claims") == 1


def test_analyses_are_cached_by_content_hash_and_id(tmp_path: Path) -> None:
    article = _article()
    analysis = ArticleAnalysis(article_id="art1", content_hash="h1", sentences=[Span(start=0, end=4, text="Offi")])
    with Store(tmp_path / "s.db") as store:
        store.put_analyses([analysis])
        assert store.cached_analyses([article]) == {"art1": analysis}
        renamed = article.model_copy(update={"id": "other"})
        assert store.cached_analyses([renamed]) == {}
        changed = article.model_copy(update={"content_hash": "h9"})
        assert store.cached_analyses([changed]) == {}
    with Store(tmp_path / "s.db") as store:  # kept across connections
        assert store.cached_analyses([article]) == {"art1": analysis}


def test_same_text_under_two_ids_keeps_two_analyses(tmp_path: Path) -> None:
    a, b = _article(1), _article(2)
    b = b.model_copy(update={"content_hash": a.content_hash})
    analyses = [ArticleAnalysis(article_id=x.id, content_hash=x.content_hash) for x in (a, b)]
    with Store(tmp_path / "s.db") as store:
        store.put_analyses(analyses)
        assert set(store.cached_analyses([a, b])) == {"art1", "art2"}


def test_schema_version_is_recorded(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_version_1_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute(
        "CREATE TABLE articles (id VARCHAR PRIMARY KEY, file VARCHAR, record INTEGER, format VARCHAR, "
        "title VARCHAR, outlet VARCHAR, published VARCHAR, url VARCHAR, author VARCHAR, language VARCHAR, "
        "text VARCHAR, content_hash VARCHAR, reprint_of VARCHAR)"
    )
    con.execute("INSERT INTO articles VALUES ('old', 'o.txt', NULL, 'txt', NULL, NULL, NULL, NULL, NULL, NULL, 'Old text.', 'h0', NULL)")
    con.execute("CREATE TABLE dossiers (created VARCHAR, dossier JSON)")
    con.execute(
        "CREATE TABLE analyses (content_hash VARCHAR, version VARCHAR, article_id VARCHAR, analysis JSON, "
        "PRIMARY KEY (content_hash, version))"
    )
    analysis = ArticleAnalysis(article_id="old", content_hash="h0")
    con.execute("INSERT INTO analyses VALUES ('h0', ?, 'old', ?)", [__version__, analysis.model_dump_json()])
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        (old,) = store.articles()
        assert old.text == "Old text." and old.warnings == []
        assert store.cached_analyses([old]) == {"old": analysis}
        store.put_dossier(_dossier())
        assert store.count("attributions") == 2


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(UsageError, match="newer"):
        Store(path)


def test_a_file_that_is_not_a_database_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes, not a database\n" * 100)
    with pytest.raises(UsageError):
        Store(path)


def test_db_under_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(UsageError, match="cannot open"):
        Store(tmp_path / "plain" / "s.db")
