"""Dossiers from a pipeline still being filled in: names without entity ids, offsets out of range."""

from __future__ import annotations

from pathlib import Path

from dossier_factory import make_dossier
from sourcetrace.dossier.models import Span
from sourcetrace.render import write_reports
from sourcetrace.render.html import build_data


def test_chain_names_without_entity_ids_still_make_a_graph() -> None:
    d = make_dossier(hostile=False)
    for a in d.attributions:
        a.chain = []
    data = build_data(d)
    labels = {n["label"] for n in data["graph"]["nodes"]}
    assert {"Daily Courier", "Wire Service Nord", "senior Norland officials"} <= labels
    rels = {(e["source"], e["target"]) for e in data["graph"]["edges"]}
    assert rels  # name-only members are linked by the order of the chain


def test_out_of_range_offsets_and_unknown_ids_are_clamped_not_fatal(tmp_path: Path) -> None:
    d = make_dossier(hostile=False)
    text_len = len(d.articles[0].text)
    d.attributions[0].content = Span(start=text_len - 3, end=text_len + 50, text="beyond")
    d.attributions[1].article_id = "no-such-article"
    d.claims[0].attribution_ids.append("no-such-attribution")
    d.timeline[0].attribution_id = "no-such-attribution"
    data = build_data(d)
    assert data["attributions"][0]["co"] == [text_len - 3, text_len]
    assert data["attributions"][1]["ar"] == -1 and data["attributions"][1]["st"]
    written = write_reports(d, html_path=tmp_path / "r.html", md_path=tmp_path / "b.md", csv_dir=tmp_path / "csv")
    assert len(written) == 9  # json, html, md and seven CSVs (stories.csv among them)
