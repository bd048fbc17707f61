"""CSV exports: one UTF-8 table per file with a header row, safe from formula injection."""

from __future__ import annotations

import csv
from pathlib import Path

from dossier_factory import make_dossier
from sourcetrace.render.csv import safe_cell, write_csv


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_writes_every_table_with_a_header(tmp_path: Path) -> None:
    written = write_csv(make_dossier(), tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == ["articles.csv", "attributions.csv", "claims.csv", "conflicts.csv", "entities.csv", "stories.csv",
                     "timeline.csv"]
    d = make_dossier()
    assert len(_read(tmp_path / "out" / "attributions.csv")) == len(d.attributions)
    assert len(_read(tmp_path / "out" / "entities.csv")) == len(d.entities)
    assert len(_read(tmp_path / "out" / "timeline.csv")) == len(d.timeline)


def test_rows_hold_the_findings(tmp_path: Path) -> None:
    write_csv(make_dossier(), tmp_path)
    claims = _read(tmp_path / "claims.csv")
    assert claims[0]["status"] == "contested" and claims[0]["rank"] == "1"
    c1 = next(c for c in claims if c["id"] == "c1")
    assert c1["n_outlets"] == "4" and c1["independent_roots"] == "Norland government"
    atts = {a["id"]: a for a in _read(tmp_path / "attributions.csv")}
    a = atts["courier:a1"]
    assert a["chain"] == "Daily Courier ← Wire Service Nord ← senior Norland officials"
    assert a["source"] == "Wire Service Nord" and a["cue"] == "reported"
    text = make_dossier().articles[1].text
    assert text[int(a["content_start"]) : int(a["content_end"])] == a["content"]
    ents = {e["id"]: e for e in _read(tmp_path / "entities.csv")}
    assert ents["p:kessel"]["top_affiliation"] == "Norland government"
    assert ents["p:kessel"]["affiliation_name"] == "Ministry of Transport"
    # UTF-8 survives (the emoji opening the Coastal Times article)
    coastal = next(r for r in _read(tmp_path / "timeline.csv") if r["article_id"] == "coastal" and r["sort_key"])
    assert coastal["sentence"].startswith("Maria Kessel said on Tuesday")


def test_formula_injection_guard(tmp_path: Path) -> None:
    d = make_dossier()
    d.claims[0].text = "=HYPERLINK(\"http://evil.invalid\",\"click\")"
    d.entities[0].name = "@SUM(A1)"
    d.entities[1].name = "+1-2"
    d.entities[2].name = "-cmd"
    d.conflicts[0].reason = "\t=1+1"
    write_csv(d, tmp_path)
    claims = {c["id"]: c for c in _read(tmp_path / "claims.csv")}
    assert claims[d.claims[0].id]["text"] == "'=HYPERLINK(\"http://evil.invalid\",\"click\")"
    names = [e["name"] for e in _read(tmp_path / "entities.csv")]
    assert names[:3] == ["'@SUM(A1)", "'+1-2", "'-cmd"]
    assert _read(tmp_path / "conflicts.csv")[0]["reason"] == "'\t=1+1"
    # chains built from those names are guarded too, wherever a cell starts with them
    assert all(not v.startswith(("=", "+", "-", "@")) for row in _read(tmp_path / "attributions.csv") for v in row.values())


def test_safe_cell_leaves_numbers_and_plain_text() -> None:
    assert safe_cell(-3) == -3
    assert safe_cell(2.5) == 2.5
    assert safe_cell(None) is None
    assert safe_cell("Kessel said") == "Kessel said"
    assert safe_cell("a=b") == "a=b"
