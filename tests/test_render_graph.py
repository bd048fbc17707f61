"""The provenance graph at a real story's size: less cited sources folded into their affiliation,
a seeded networkx layout, and labels that never overlap (the others show on hover)."""

from __future__ import annotations

from itertools import combinations

from sourcetrace.render.graph import GRAPH_MAX_NODES, group_label_box, label_box, place_labels
from sourcetrace.render.html import build_graph


def _corpus(n_sources: int = 300, n_bodies: int = 6) -> tuple[list[dict], list[dict]]:
    """Entity rows (outlets 0-9, bodies 10.., then sources in the bodies or in none) and chains."""
    ents = [{"n": f"Outlet {i}", "k": "outlet", "g": -1} for i in range(10)]
    ents += [{"n": f"Ministry of Example Affairs {i}", "k": "government", "g": -1} for i in range(n_bodies)]
    for s in range(n_sources):
        body = 10 + s % n_bodies if s % 5 else -1
        ents.append({"n": f"Spokesperson Number {s} of somewhere", "k": "person", "g": body})
    atts = []
    for s in range(n_sources):
        src = 10 + n_bodies + s
        for r in range(1 + (n_sources - s) // 20):  # the first sources are cited most
            atts.append({"ch": [r % 10, src]})
    return ents, atts


def _source_nodes(graph: dict) -> list[dict]:
    return [n for n in graph["nodes"] if not n.get("group")]


def test_a_big_story_is_folded_and_every_shown_label_stands_alone() -> None:
    ents, atts = _corpus()
    graph = build_graph(ents, atts)
    sources = _source_nodes(graph)
    assert len([n for n in sources if n["kind"] != "folded"]) == GRAPH_MAX_NODES
    folded = [n for n in sources if n["kind"] == "folded"]
    assert folded and all(n["label"].split()[0].isdigit() and " more of " in n["label"] for n in folded)
    # every source is drawn, folded into its affiliation, or (with none) counted
    assert GRAPH_MAX_NODES + graph["folded"] + graph["hidden"] == len(ents) - 6  # the 6 bodies cite no one
    shown = [n for n in sources if n["shown"]]
    assert len(shown) >= 10
    boxes = [label_box(n["x"], n["y"], n["size"], n["label"], n["side"]) for n in shown]
    for a, b in combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # the same dossier gets the same picture
    assert build_graph(ents, atts) == graph


def test_place_labels_keeps_the_busiest_of_two_colliding_labels() -> None:
    items = [("a", 0.0, 0.0, 20.0, "Alpha", 1), ("b", 5.0, 2.0, 20.0, "Bravo", 9), ("c", 500.0, 0.0, 20.0, "Charlie", 1)]
    # b (busier) takes the place under the pair; a's label moves above
    assert place_labels(items) == {"b": "b", "a": "t", "c": "b"}
    # an affiliation's label placed first wins its place: c's label moves above its node
    box = label_box(500.0, 0.0, 20.0, "Charlie")
    assert place_labels(items, [("g1", box)]) == {"g1": "g", "b": "b", "a": "t", "c": "t"}
    # a node boxed in on every side shows no label
    crowd = [("m", 0.0, 0.0, 20.0, "Middle", 1)] + [
        (f"n{i}", x, y, 40.0, "N", 5) for i, (x, y) in enumerate([(0, 40), (0, -40), (60, 0), (-60, 0)])]
    assert "m" not in place_labels(crowd)
    top = group_label_box([(0.0, 0.0, 20.0), (100.0, 50.0, 20.0)], "Body")
    assert top[3] < -10 and top[0] < 50 < top[2]


def test_a_small_story_draws_every_source_with_its_label() -> None:
    ents, atts = _corpus(n_sources=8, n_bodies=2)
    graph = build_graph(ents, atts)
    sources = _source_nodes(graph)
    assert graph["folded"] == graph["hidden"] == 0
    assert all(n["shown"] for n in sources if n["kind"] == "person")
