"""The HTML report: one self-contained file (inlined CSS and JavaScript) that works from file://.

Safety model: every article-derived string is hostile. It reaches the page only
(1) through Jinja2 with autoescape on, or (2) as JSON inside a
``<script type="application/json">`` block with ``<``, ``>``, ``&`` and U+2028/9
escaped, which the page's script reads and turns into DOM nodes with
``textContent``. A strict Content-Security-Policy allows only the two inline
scripts, by hash, and no network at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
from bisect import bisect_right
from collections import defaultdict
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

from sourcetrace.dossier.models import Dossier, Span
from sourcetrace.dossier.select import story_dossier
from sourcetrace.render.base import register
from sourcetrace.render.graph import build_graph
from sourcetrace.render.outputs import write_atomic
from sourcetrace.render.view import STATUS_LABEL, DossierView, claim_wording, plural, sourcing_words
from sourcetrace.version import __version__

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no '</script>', no '<!--', no JS line breaks."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(str.maketrans(_JSON_ESCAPES))  # type: ignore[arg-type]


def csp_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def _static(name: str) -> str:
    return files("sourcetrace.render").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sourcetrace.render", "templates"),
        autoescape=True,  # every template here is HTML, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class _Utf16:
    """Python offsets count code points; JavaScript strings count UTF-16 units. Converts one article's."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # positions of astral characters (two UTF-16 units each); empty for almost every article
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []

    def __call__(self, offset: int) -> int:
        offset = max(0, min(offset, self.length))
        return offset + bisect_right(self.astral, offset - 1) if self.astral else offset


def _span(conv: _Utf16 | None, span: Span | None) -> list[int] | None:
    if span is None or conv is None or span.end < span.start:
        return None
    return [conv(span.start), conv(span.end)]


def build_data(dossier: Dossier) -> dict[str, Any]:
    """The compact, index-based data the report's script reads (lists, not id-keyed objects)."""
    v = DossierView(dossier)
    art_index = {a.id: i for i, a in enumerate(dossier.articles)}
    convs = [_Utf16(a.text) for a in dossier.articles]

    # entities: real ones first, then name-only chain members (dossiers that lack chain ids)
    ents: list[dict[str, Any]] = []
    ent_index: dict[str, int] = {}

    def ent(key: str, name: str | None = None) -> int:
        if key not in ent_index:
            e = v.entities.get(key)
            ent_index[key] = len(ents)
            ents.append(
                {"n": e.name if e else (name or key), "k": e.kind.value if e else "other", "id": key if e else ""}
            )
        return ent_index[key]

    for e in dossier.entities:
        ent(e.id)
    for row in ents:
        if row["id"]:
            top = v.top_affiliation(row["id"])
            row["g"] = ent(top) if top != row["id"] else -1
            aff = v.entities[row["id"]].affiliation
            row["af"] = ent(aff) if aff else -1

    def chain_of(att: Any) -> list[int]:
        if att.chain:
            return [ent(i) for i in att.chain]
        return [ent("name:" + n, n) for n in v.chain_names(att)]

    atts: list[dict[str, Any]] = []
    att_index: dict[str, int] = {}
    for a in dossier.attributions:
        ai = art_index.get(a.article_id)
        conv = convs[ai] if ai is not None else None
        att_index[a.id] = len(atts)
        atts.append({
            "id": a.id,
            "ar": -1 if ai is None else ai,
            "so": _span(conv, a.source),
            "cu": _span(conv, a.cue),
            "co": _span(conv, a.content),
            "se": _span(conv, a.sentence) or [0, 0],
            "st": a.sentence.text if ai is None else None,
            "ch": chain_of(a),
            "k": a.kind.value,
            "sn": a.stance.value,
        })
    for row in ents:
        row.setdefault("g", -1)
        row.setdefault("af", -1)

    claims: list[dict[str, Any]] = []
    claim_index: dict[str, int] = {}
    att_claims: dict[int, list[int]] = defaultdict(list)
    spans_by_article: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for c in v.claims_sorted:
        ci = len(claims)
        claim_index[c.id] = ci
        a_idx = [att_index[i] for i in c.attribution_ids if i in att_index]
        for i in a_idx:
            att_claims[i].append(ci)
        sp = []
        for s in c.spans:
            ai = art_index.get(s.article_id)
            if ai is not None and s.end >= s.start:
                sp.append([ai, convs[ai](s.start), convs[ai](s.end)])
                spans_by_article[ai].append((s.start, s.end, ci))
        claims.append({
            "id": c.id,
            "t": claim_wording(c),
            "s": c.status.value,
            "w": sourcing_words(c),
            "a": a_idx,
            "o": list(dict.fromkeys(c.outlets)),
            "n": len(set(c.article_ids)) or len({atts[i]["ar"] for i in a_idx}),
            "sp": sp,
        })

    timeline: list[dict[str, Any]] = []
    dated = sorted(
        (t for t in dossier.timeline if t.sort_key and t.article_id in art_index),
        key=lambda t: (t.sort_key, art_index[t.article_id], t.start),
    )
    for t in dated:
        ai = art_index[t.article_id]
        at = att_index.get(t.attribution_id, -1) if t.attribution_id else -1
        linked = set(att_claims.get(at, [])) if at >= 0 else set()
        lo, hi = (t.sentence.start, t.sentence.end) if t.sentence else (t.start, t.end)
        linked.update(ci for s, e, ci in spans_by_article.get(ai, ()) if s < hi and e > lo)
        timeline.append({
            "k": t.sort_key,
            "v": t.value,
            "ty": t.type,
            "x": t.text,
            "ar": ai,
            "sp": [convs[ai](t.start), convs[ai](t.end)],
            "se": _span(convs[ai], t.sentence),
            "at": at,
            "c": sorted(linked),
        })

    conflicts: list[dict[str, Any]] = []
    for c in dossier.conflicts:
        sides = []
        for ref, sp in ((c.a, c.a_span), (c.b, c.b_span)):
            at = att_index.get(ref, -1)
            ci = claim_index.get(ref, -1)
            ai = art_index.get(sp.article_id, -1) if sp else (atts[at]["ar"] if at >= 0 else -1)
            span = _span(convs[ai], sp) if sp and ai >= 0 else (atts[at]["se"] if at >= 0 else None)
            sides.append({"ref": ref, "at": at, "c": ci, "ar": ai, "sp": span, "x": sp.text if sp else ""})
        conflicts.append({"id": c.id, "k": c.kind.value, "r": c.reason, "sides": sides})

    articles = [
        {
            "id": a.id,
            "t": a.title or "",
            "o": a.outlet or "",
            "p": (a.published or "")[:10],
            "u": a.url or "",
            "f": a.file,
            "x": a.text,
            "rp": a.reprint_of or "",
        }
        for a in dossier.articles
    ]
    return {
        "articles": articles,
        "entities": ents,
        "attributions": atts,
        "claims": claims,
        "timeline": timeline,
        "conflicts": conflicts,
        "graph": build_graph(ents, atts),
        "statusLabels": {s.value: label for s, label in STATUS_LABEL.items()},
    }


def _header(dossier: Dossier, v: DossierView) -> dict[str, Any]:
    span = v.date_range
    return {
        "n_articles": len(dossier.articles),
        "outlets": v.outlets,
        "date_from": span[0] if span else None,
        "date_to": span[1] if span else None,
        "n_attributions": len(dossier.attributions),
        "n_entities": len(dossier.entities),
        "n_claims": len(dossier.claims),
        "n_conflicts": len(dossier.conflicts),
        "n_timeline": sum(1 for t in dossier.timeline if t.sort_key),
        "n_skipped": len(dossier.skipped),
        "status_counts": [(s.value, STATUS_LABEL[s], n) for s, n in v.status_counts.items()],
        "articles_words": plural(len(dossier.articles), "article"),
        "outlets_words": plural(len(v.outlets), "outlet"),
    }


def render_html(dossier: Dossier) -> str:
    """The report as one HTML string."""
    v = DossierView(dossier)
    scripts = [_static("cytoscape.min.js"), _static("report.js")]
    csp = _csp(scripts)
    template = _environment().get_template("report.html")
    return template.render(
        csp=csp,
        css=_static("report.css"),
        scripts=scripts,
        data=script_json(build_data(dossier)),
        h=_header(dossier, v),
        generator=dossier.generator,
        created=dossier.created,
        version=__version__,
    )


def _csp(scripts: list[str]) -> str:
    return (
        "default-src 'none'; "
        f"script-src {' '.join(csp_hash(s) for s in scripts)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def render_index(dossier: Dossier, hrefs: dict[str, str]) -> str:
    """The index of a corpus's stories (sortable by size, date, most contested), linking to ``hrefs``."""
    scripts = [_static("index.js")]
    outlets_of = {a.id: a.outlet for a in dossier.articles}
    rows = [
        {
            "title": s.title or s.id, "href": hrefs[s.id], "size": len(s.article_ids),
            "outlets": len({o for a in s.article_ids if (o := outlets_of.get(a))}),
            "first": (s.first_published or "")[:10], "last": (s.last_published or "")[:10],
            "claims": s.claims, "contested": s.contested, "conflicts": s.conflicts,
        }
        for s in dossier.stories
    ]
    return _environment().get_template("index.html").render(
        csp=_csp(scripts), css=_static("report.css"), scripts=scripts, stories=rows,
        n_articles=len(dossier.articles), n_skipped=len(dossier.skipped),
        generator=dossier.generator, created=dossier.created,
    )


def _page_name(story: str) -> str:
    """A story's file name: its id ('story-' and hex), or a hash of an id that is no safe name."""
    safe = story.replace("-", "").replace("_", "").isalnum() and story.isascii() and len(story) <= 80
    return f"{story if safe else 'story-' + hashlib.sha256(story.encode()).hexdigest()[:16]}.html"


def story_folder(path: Path) -> Path:
    """Where the per-story reports of a corpus go: a folder beside the index, named after it."""
    return path.parent / f"{path.stem}-stories"


@register("html")
def write_html(dossier: Dossier, path: Path) -> list[Path]:
    """Write the self-contained HTML report; for several stories, an index at ``path`` and one
    report per story in :func:`story_folder` (``<story id>.html``, linked from the index)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(dossier.stories) <= 1:
        write_atomic(path, render_html(dossier))
        return [path]
    folder = story_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    written, hrefs = [], {}
    for st in dossier.stories:
        page = folder / _page_name(st.id)
        write_atomic(page, render_html(story_dossier(dossier, st.id)))
        hrefs[st.id] = f"{folder.name}/{page.name}"
        written.append(page)
    write_atomic(path, render_index(dossier, hrefs))
    return [path, *written]
