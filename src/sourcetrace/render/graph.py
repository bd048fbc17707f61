"""The report's provenance graph: which sources are drawn, where, and which labels show.

One node per source, one edge per (citer, cited) pair, each source inside a box of its top
affiliation. A real story has hundreds of sources; drawn all at once the labels pile up into one
blot. So: the most cited sources are drawn, the less cited ones of an affiliation are folded into
one node of it ("12 more of US government"), the rest are counted; the layout is networkx's
spring layout (seeded: the same dossier always gets the same picture), with each affiliation's
members pulled together; and a label is shown only where its box overlaps no label already
placed (busiest sources first; under its node, else above, right or left) - the others appear on hover. Positions are in the page's pixels
at zoom 1, and labels scale with the zoom, so labels that do not overlap at one zoom never do.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import networkx as nx

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# Past this many sources a picture stops being readable: the rest are folded or counted.
GRAPH_MAX_NODES = 80
GRAPH_MAX_EDGES = 240
# The label box: 11 px system-ui (an average glyph is under 7 px wide), cut with an ellipsis at 120 px.
CHAR_W = 7.0
LABEL_H = 15.0
LABEL_MAX_W = 120.0
# Room per drawn node in the layout's square, in pixels.
ROOM = 60.0
MIN_SIDE = 400.0


def node_size(weight: int, max_weight: int) -> float:
    """Diameter of a source's node: grows with the square root of how often it is cited."""
    return 16 + 22 * math.sqrt(max(weight, 1) / max(max_weight, 1))


# Where a label may go, in order of preference: under its node, above, right, left.
SIDES = ("b", "t", "r", "l")


def label_box(x: float, y: float, size: float, label: str, side: str = "b") -> Box:
    """The box (x0, y0, x1, y1) a label takes on one side of a node of this size."""
    w = min(LABEL_MAX_W, CHAR_W * len(label)) + 4
    r = size / 2 + 3
    if side == "b":
        return (x - w / 2, y + r, x + w / 2, y + r + LABEL_H)
    if side == "t":
        return (x - w / 2, y - r - LABEL_H, x + w / 2, y - r)
    if side == "r":
        return (x + r, y - LABEL_H / 2, x + r + w, y + LABEL_H / 2)
    return (x - r - w, y - LABEL_H / 2, x - r, y + LABEL_H / 2)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# The compound box of an affiliation: its members' extent plus this padding; its label sits above.
GROUP_PAD = 14.0


def group_label_box(members: list[tuple[float, float, float]], label: str) -> Box:
    """Where an affiliation box's label goes: centred above its members (x, y, size) and padding."""
    x0 = min(x - s / 2 for x, _, s in members) - GROUP_PAD
    x1 = max(x + s / 2 for x, _, s in members) + GROUP_PAD
    y0 = min(y - s / 2 for _, y, s in members) - GROUP_PAD
    w = min(LABEL_MAX_W, CHAR_W * len(label)) + 4
    mid = (x0 + x1) / 2
    return (mid - w / 2, y0 - 4 - LABEL_H, mid + w / 2, y0 - 4)


def place_labels(items: list[tuple[str, float, float, float, str, int]],
                 fixed: Sequence[tuple[str, Box]] = ()) -> dict[str, str]:
    """Which labels show, and on which side of their node: {id: side} ("g" for a ``fixed`` one).

    ``fixed`` (id, box) are tried first (affiliation labels), then ``items`` (id, x, y, size,
    label, weight), heaviest first, each on the first of SIDES where its box overlaps no label
    already placed and no node's disc; a label with no free side is not shown."""
    kept: list[Box] = []
    discs = [(x - s / 2, y - s / 2, x + s / 2, y + s / 2) for _, x, y, s, _, _ in items]
    shown: dict[str, str] = {}

    def free(box: Box) -> bool:
        return not any(_overlaps(box, k) for k in kept) and not any(_overlaps(box, d) for d in discs)

    for nid, box in fixed:
        if free(box):
            kept.append(box)
            shown[nid] = "g"
    for nid, x, y, size, label, _ in sorted(items, key=lambda t: (-t[5], t[0])):
        for side in SIDES:
            box = label_box(x, y, size, label, side)
            if free(box):
                kept.append(box)
                shown[nid] = side
                break
    return shown


def _layout(nodes: list[str], edges: list[tuple[str, str, int]], group_of: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Spring layout of the drawn sources, members of one affiliation tied to a hidden hub."""
    if not nodes:
        return {}
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for x, y, n in edges:
        g.add_edge(x, y, weight=1.0 + math.log(n))
    for member, group in group_of.items():
        g.add_edge(member, "hub:" + group, weight=3.0)
    # a small graph still fills the panel (about 560 x 420 px) at zoom 1
    # Separate components would drift to the edges and shrink the rest: tie each to one centre.
    for comp in sorted(nx.connected_components(g), key=lambda c: min(map(str, c))):
        g.add_edge("hub:centre", max(sorted(comp, key=str), key=g.degree), weight=0.5)
    side = max(ROOM * math.sqrt(max(len(nodes), 1)), MIN_SIDE)
    # k: the spring's natural length in the unit square; 1/sqrt(n) is networkx's own default.
    pos = nx.spring_layout(g, k=1.6 / math.sqrt(max(g.number_of_nodes(), 1)), seed=7, iterations=200)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        n: (round((pos[n][0] - min(xs)) / span_x * side * 1.4, 1), round((pos[n][1] - min(ys)) / span_y * side, 1))
        for n in nodes
    }


def spread(pos: dict[str, tuple[float, float]], size: dict[str, float], gap: float = 8.0,
           rounds: int = 60) -> dict[str, tuple[float, float]]:
    """Push overlapping nodes apart (a spring layout can stack them), a little at a time, until
    none overlaps or the rounds run out; deterministic (pairs in id order)."""
    ids = sorted(pos)
    xy = {n: list(pos[n]) for n in ids}
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                dx, dy = xy[b][0] - xy[a][0], xy[b][1] - xy[a][1]
                need = (size[a] + size[b]) / 2 + gap
                dist = math.hypot(dx, dy)
                if dist >= need:
                    continue
                if dist < 1e-6:  # on top of each other: part them sideways
                    dx, dy, dist = 1.0, 0.0, 1.0
                push = (need - dist) / 2
                ux, uy = dx / dist * push, dy / dist * push
                xy[a][0] -= ux
                xy[a][1] -= uy
                xy[b][0] += ux
                xy[b][1] += uy
                moved = True
        if not moved:
            break
    return {n: (round(xy[n][0], 1), round(xy[n][1], 1)) for n in ids}


def build_graph(ents: list[dict[str, Any]], atts: list[dict[str, Any]]) -> dict[str, Any]:
    """Aggregated provenance graph, laid out, from the report's entity and attribution rows.

    Edges point from the citing party to the one it cites: an outlet *relays* another outlet,
    anyone *quotes* a non-outlet source.
    """
    weight: Counter[int] = Counter()
    pair_count: Counter[tuple[int, int]] = Counter()
    for a in atts:
        chain = a["ch"]
        for e in set(chain):
            weight[e] += 1
        for x, y in pairwise(chain):
            if x != y:
                pair_count[(x, y)] += 1
    ranked = [e for e, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    kept = set(ranked[:GRAPH_MAX_NODES])
    # The less cited: folded into one node per affiliation, or (no affiliation) only counted.
    folded: dict[int, list[int]] = {}
    for e in ranked[GRAPH_MAX_NODES:]:
        if ents[e]["g"] >= 0:
            folded.setdefault(ents[e]["g"], []).append(e)
    node_of: dict[int, str] = {e: f"e{e}" for e in kept}
    for g, members in folded.items():
        for e in members:
            node_of[e] = f"f{g}"
    edges: Counter[tuple[str, str]] = Counter()
    kinds: dict[tuple[str, str], str] = {}
    for (x, y), n in pair_count.items():
        a, b = node_of.get(x), node_of.get(y)
        if a and b and a != b:
            edges[(a, b)] += n
            kinds[(a, b)] = "relays" if ents[y]["k"] == "outlet" else "quotes"
    # Edges: the heaviest first, but every drawn source keeps its strongest link.
    inside = sorted(((n, a, b) for (a, b), n in edges.items()), key=lambda t: (-t[0], t[1], t[2]))
    chosen: list[tuple[int, str, str]] = []
    linked: set[str] = set()
    for n, a, b in inside:
        if len(chosen) < GRAPH_MAX_EDGES or a not in linked or b not in linked:
            chosen.append((n, a, b))
            linked.update((a, b))

    groups: Counter[int] = Counter(ents[e]["g"] for e in kept if ents[e]["g"] >= 0)
    groups.update({g: 1 for g in folded})
    sources: list[dict[str, Any]] = []
    for e in sorted(kept, key=lambda e: (-weight[e], e)):
        g = ents[e]["g"]
        if g < 0 and e in groups:
            g = e  # the head of a group sits inside its own box
        sources.append({"id": f"e{e}", "label": ents[e]["n"], "kind": ents[e]["k"], "w": weight[e], "e": e,
                        **({"parent": f"g{g}"} if g >= 0 else {})})
    for g, members in sorted(folded.items()):
        sources.append({"id": f"f{g}", "label": f"{len(members)} more of {ents[g]['n']}", "kind": "folded",
                        "w": sum(weight[e] for e in members), "e": g, "folded": len(members), "parent": f"g{g}"})
    max_w = max((s["w"] for s in sources), default=1)
    pos = _layout([s["id"] for s in sources], [(a, b, n) for n, a, b in chosen],
                  {s["id"]: s["parent"] for s in sources if "parent" in s})
    for s in sources:
        s["size"] = round(node_size(s["w"], max_w), 1)
    pos = spread(pos, {s["id"]: s["size"] for s in sources})
    for s in sources:
        s["x"], s["y"] = pos[s["id"]]
    members: dict[str, list[tuple[float, float, float]]] = {}
    for s in sources:
        if "parent" in s:
            members.setdefault(s["parent"], []).append((s["x"], s["y"], s["size"]))
    boxes = [{"id": f"g{g}", "label": ents[g]["n"], "group": True, "e": g} for g in sorted(groups)]
    shown = place_labels(
        [(s["id"], s["x"], s["y"], s["size"], s["label"], s["w"]) for s in sources],
        [(b["id"], group_label_box(members[b["id"]], b["label"])) for b in boxes if b["id"] in members],
    )
    for row in boxes + sources:
        row["shown"] = row["id"] in shown
        if row["id"] in shown and not row.get("group"):
            row["side"] = shown[row["id"]]
    nodes = boxes + sources
    return {
        "nodes": nodes,
        "edges": [{"id": f"x{a}_{b}", "source": a, "target": b, "rel": kinds[(a, b)], "w": n} for n, a, b in chosen],
        "hidden": sum(1 for e in ranked[GRAPH_MAX_NODES:] if ents[e]["g"] < 0),
        "folded": sum(len(m) for m in folded.values()),
        "hiddenEdges": len(inside) - len(chosen),
    }
