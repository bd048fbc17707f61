"""write_reports: one registry of renderers, only the requested outputs written."""

from __future__ import annotations

from pathlib import Path

from dossier_factory import make_dossier
from sourcetrace.dossier.models import load_dossier
from sourcetrace.render import RENDERERS, write_reports


def test_registry_has_one_renderer_per_format() -> None:
    assert set(RENDERERS) == {"json", "html", "markdown", "csv"}


def test_writes_only_what_is_asked(tmp_path: Path) -> None:
    d = make_dossier()
    assert write_reports(d) == []
    written = write_reports(d, md_path=tmp_path / "b.md")
    assert written == [tmp_path / "b.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md"]


def test_all_outputs_and_json_round_trip(tmp_path: Path) -> None:
    d = make_dossier()
    written = write_reports(
        d, json_path=tmp_path / "d.json", html_path=tmp_path / "sub" / "r.html", md_path=tmp_path / "b.md", csv_dir=tmp_path / "csv"
    )
    assert tmp_path / "sub" / "r.html" in written and len(written) == 3 + 7
    assert load_dossier(tmp_path / "d.json") == d
    html = (tmp_path / "sub" / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "cytoscape" in html


def test_empty_dossier_renders(tmp_path: Path) -> None:
    d = make_dossier().model_copy(update={"articles": [], "attributions": [], "entities": [], "claims": [], "conflicts": [], "timeline": []})
    written = write_reports(d, html_path=tmp_path / "r.html", md_path=tmp_path / "b.md", csv_dir=tmp_path / "csv")
    assert len(written) == 9  # json, html, md and seven CSVs (stories.csv among them)
    assert "No claims found." in (tmp_path / "b.md").read_text(encoding="utf-8")
