"""A rerun with --db reuses the findings of stories whose inputs did not change.

Two made-up stories (a ferry strike in Orlemund and a fire at the Vessa town library), then a
third ferry article added: the library story's claims and conflicts come from the store, the
ferry story's are computed again, and the dossier equals a fresh run's over the same articles.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import sourcetrace.pipeline as pipeline
from sourcetrace.dossier.models import (
    Article,
    ArticleAnalysis,
    Claim,
    Conflict,
    ConflictKind,
    Dossier,
)
from sourcetrace.settings import Settings
from sourcetrace.store.database import SCHEMA_VERSION, Store

FERRY = {
    "ferry-gazette.md": (
        "Orlemund ferry crews walk out over night shifts", "Orlemund Gazette", "2025-06-02",
        "Ferry crews in Orlemund stopped work on Monday in a dispute over night shifts, the crews' union said.\n\n"
        "Pavel Dorin, the union's secretary, said 14 crossings had been cancelled. The ferry company denied "
        "that any crossing had been cancelled and said the timetable was unchanged.\n",
    ),
    "ferry-courier.md": (
        "Orlemund ferry strike cancels crossings, union says", "Harbour Courier", "2025-06-03",
        "The ferry strike in Orlemund cancelled 12 crossings on Monday, the crews' union said on Tuesday.\n\n"
        "Pavel Dorin, the union's secretary, said the crews would stay out until the night shifts were shortened.\n",
    ),
}
LIBRARY = {
    "library-bulletin.md": (
        "Fire closes Vessa town library", "Vessa Bulletin", "2025-06-02",
        "A fire closed the Vessa town library on Monday, the fire brigade said.\n\n"
        "Greta Hollin, the librarian, said 300 books had been lost and the reading room would reopen in August.\n",
    ),
    "library-weekly.md": (
        "Vessa library fire destroyed rare maps, librarian says", "Vessa Weekly", "2025-06-04",
        "The fire at the Vessa town library destroyed a collection of rare maps, the librarian said on Wednesday.\n\n"
        "Greta Hollin said the reading room would reopen in September, not in August.\n",
    ),
}
FERRY_LATE = (
    "Orlemund ferry company and union agree on shorter night shifts", "Orlemund Gazette", "2025-06-05",
    "The Orlemund ferry strike ended on Thursday after the company agreed to shorten the night shifts, "
    "the crews' union said.\n\nPavel Dorin, the union's secretary, said all crossings would run on Friday.\n",
)


def _write(folder: Path, files: dict[str, tuple[str, str, str, str]]) -> None:
    folder.mkdir(exist_ok=True)
    for name, (title, outlet, published, body) in files.items():
        front = f"title: {json.dumps(title)}\noutlet: {json.dumps(outlet)}\npublished: {published}"
        (folder / name).write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")


def _plain(dossier: Dossier) -> dict:
    """The dossier as JSON data without its creation time and with file names only (runs read other folders)."""
    data = json.loads(dossier.to_json())
    del data["created"]
    for a in data["articles"]:
        a["file"] = Path(a["file"]).name
    return data


@pytest.fixture
def story_calls(monkeypatch: pytest.MonkeyPatch, models: None) -> list[list[str]]:
    """Each call of the per-story stages, as the ids of the story's articles."""
    seen: list[list[str]] = []
    real = pipeline.story_findings

    def counting(work: pipeline.StoryWork) -> tuple:
        seen.append([a.id for a in work[0]])
        return real(work)

    monkeypatch.setattr(pipeline, "story_findings", counting)
    return seen


@pytest.fixture
def grouping_encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles and leads the story grouping had encoded (those not found in the store)."""
    seen: list[str] = []
    real = pipeline.encode

    def counting(texts: list[str]) -> object:
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(pipeline, "encode", counting)
    return seen


def test_an_unchanged_story_reuses_its_findings_and_a_grown_one_is_recomputed(
    tmp_path: Path, story_calls: list[list[str]], grouping_encoded: list[str]
) -> None:
    pile, db = tmp_path / "pile", tmp_path / "st.duckdb"
    _write(pile, {**FERRY, **LIBRARY})
    settings = Settings(db=db, progress=False, use_tagger=False)
    first = pipeline.analyze([pile], settings)
    assert len(first.stories) == 2 and len(story_calls) == 2 and len(grouping_encoded) == 4

    # nothing new: every story's findings come from the store, and the dossier is the same
    again = pipeline.analyze([pile], settings)
    assert len(story_calls) == 2, "an unchanged story's findings were computed again"
    assert len(grouping_encoded) == 4, "the grouping encoded known titles and leads again"
    assert _plain(again) == _plain(first)

    _write(pile, {"ferry-gazette-late.md": FERRY_LATE})
    incremental = pipeline.analyze([pile], settings)
    ferry = next(st for st in incremental.stories if len(st.article_ids) == 3)
    assert story_calls[2:] == [ferry.article_ids], "only the story that gained an article is recomputed"
    assert len(grouping_encoded) == 5 and grouping_encoded[4].startswith(FERRY_LATE[0])
    library = next(st for st in incremental.stories if st.id != ferry.id)
    assert library.claims > 0 and any(c.story == library.id for c in incremental.claims)

    fresh_pile = tmp_path / "fresh"
    _write(fresh_pile, {**FERRY, **LIBRARY, "ferry-gazette-late.md": FERRY_LATE})
    fresh = pipeline.analyze([fresh_pile], Settings(progress=False, use_tagger=False))
    assert _plain(incremental) == _plain(fresh)
    with Store(db) as store:
        assert store.count("story_findings") == 2  # the ferry story's old findings are dropped
        assert store.count("embeddings") == 5


def test_a_findings_setting_recomputes_every_story(tmp_path: Path, story_calls: list[list[str]]) -> None:
    pile, db = tmp_path / "pile", tmp_path / "st.duckdb"
    _write(pile, {**FERRY, **LIBRARY})
    pipeline.analyze([pile], Settings(db=db, progress=False, use_tagger=False))
    pipeline.analyze([pile], Settings(db=db, progress=False, use_tagger=False, claim_similarity=0.8))
    assert len(story_calls) == 4
    # a setting that reaches the findings only through the articles (a larger byte limit) keeps them
    pipeline.analyze([pile], Settings(db=db, progress=False, use_tagger=False, claim_similarity=0.8, max_bytes=10**7))
    assert len(story_calls) == 4


def test_a_version_3_store_gains_the_caches_and_keeps_its_analyses(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    with Store(path) as store:
        store.put_analyses([ArticleAnalysis(article_id="a1", content_hash="h1")])
        store.con.execute("DROP TABLE story_findings")
        store.con.execute("DROP TABLE embeddings")
        store.con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 4
        article = Article(id="a1", file="a1.txt", format="txt", text="x", content_hash="h1")
        assert set(store.cached_analyses([article])) == {"a1"}
        claim = Claim(id="c1", text="The ferry ran late.", article_ids=["a1"])
        conflict = Conflict(id="x1", kind=ConflictKind.number, reason="12 or 14 crossings", a="c1", b="c2")
        store.put_findings({"k1": ("story-1", [claim], [conflict])}, keep=["k1"])
        assert store.cached_findings(["k1", "k2"]) == {"k1": ([claim], [conflict])}
        vector = np.arange(4, dtype=np.float32) / 7
        store.put_embeddings({"A title. A lead.": vector}, keep=["A title. A lead."])
        assert np.array_equal(store.cached_embeddings(["A title. A lead.", "other"])["A title. A lead."], vector)
        store.put_findings({}, keep=[])
        store.put_embeddings({}, keep=[])
        assert store.count("story_findings") == store.count("embeddings") == 0
