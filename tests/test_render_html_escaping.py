"""The HTML report treats every article-derived string as hostile, and loads nothing."""

from __future__ import annotations

import json
import re

from dossier_factory import HOSTILE_BREAKOUT, HOSTILE_IMG, HOSTILE_SCRIPT, make_dossier
from sourcetrace.render.html import build_data, csp_hash, render_html, script_json

DATA_RE = re.compile(r'<script type="application/json" id="st-data">(.*?)</script>', re.S)


def _html() -> str:
    return render_html(make_dossier())


def test_hostile_markup_never_appears_raw() -> None:
    html = _html()
    assert "<script>window.__pwned" not in html
    assert "</script><script>window" not in html
    assert "<img src=x" not in html
    # server-side text (outlet chips in the header) is autoescaped
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in html


def test_data_block_round_trips_the_hostile_strings() -> None:
    html = _html()
    blocks = DATA_RE.findall(html)
    assert len(blocks) == 1
    raw = blocks[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["articles"][-1]["t"].startswith(HOSTILE_SCRIPT)
    assert data["articles"][-1]["o"] == HOSTILE_IMG
    assert HOSTILE_BREAKOUT in data["articles"][-1]["x"]


def test_script_json_escapes_breakouts_and_js_line_separators() -> None:
    text = script_json({"x": "</script><!-- a\u2028b\u2029 & c"})
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"x": "</script><!-- a\u2028b\u2029 & c"}


def test_only_the_two_hashed_inline_scripts_and_a_strict_csp() -> None:
    html = _html()
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    assert len(re.findall(r"<script\b", html)) == 3  # plus the JSON data block
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy and "img-src data:" in policy
    for s in scripts:
        assert csp_hash(s) in policy
    assert "unsafe-eval" not in policy


def test_nothing_is_loaded_from_anywhere() -> None:
    html = _html()
    for attr in re.findall(r'\b(?:src|href)\s*=\s*"([^"]*)"', html):
        assert not re.match(r"(?i)(https?:|//|ftp:)", attr), attr
    assert "<link" not in html and "@import" not in html and "url(" not in html.split("</style>")[0]


def test_offsets_become_utf16_for_astral_characters() -> None:
    d = make_dossier()
    data = build_data(d)
    coastal = next(i for i, a in enumerate(data["articles"]) if a["id"] == "coastal")
    text16 = data["articles"][coastal]["x"].encode("utf-16-le")
    att = next(a for a in data["attributions"] if a["ar"] == coastal and a["so"])
    s, e = att["so"]
    # JavaScript slices UTF-16 units: the emoji before the span counts twice
    assert text16[2 * s : 2 * e].decode("utf-16-le") == "the Daily Courier"


def test_graph_groups_sources_by_top_affiliation() -> None:
    data = build_data(make_dossier())
    ents = data["entities"]
    nodes = {n["id"]: n for n in data["graph"]["nodes"]}
    by_name = {n["label"]: n for n in nodes.values()}
    gov = by_name["Norland government"]
    assert gov.get("group") is True
    # the anonymous officials and the ministry's named spokesperson sit in one government box
    assert by_name["senior Norland officials"]["parent"] == gov["id"]
    assert by_name["Maria Kessel"]["parent"] == gov["id"]
    rels = {(nodes[e["source"]]["label"], nodes[e["target"]]["label"]): e["rel"] for e in data["graph"]["edges"]}
    assert rels[("Daily Courier", "Wire Service Nord")] == "relays"
    assert rels[("Wire Service Nord", "senior Norland officials")] == "quotes"
    assert all(ents[n["e"]]["n"] == n["label"] for n in nodes.values())


def test_claims_are_sent_most_important_first() -> None:
    data = build_data(make_dossier())
    statuses = [c["s"] for c in data["claims"]]
    assert statuses[0] == "contested"
    assert data["claims"][1]["id"] == "c1"  # four outlets beats one among the single-source claims
    assert statuses[-1] == "corroborated"
