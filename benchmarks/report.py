"""Report benchmark: a synthetic dossier of 1,000 articles and 10,000 attributions.

Prints the size of the HTML report, the time to render it in Python (best of
--repeat after a warm-up) and its peak memory, then opens it in Debian's Chromium
(the test suite's launch flags) and prints the time to first paint, to the page
being ready (tables, graph laid out), and to two interactions: a claim search
and opening an article view. Also the Markdown and CSV render times.

    .venv/bin/python benchmarks/report.py
    .venv/bin/python benchmarks/report.py --articles 200 --attributions 2000
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from sourcetrace.dossier.models import (
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    Conflict,
    ConflictKind,
    Dossier,
    Entity,
    EntityKind,
    Generator,
    Span,
    SpanRef,
    TimelineEntry,
)
from sourcetrace.render.csv import write_csv
from sourcetrace.render.html import render_html
from sourcetrace.render.markdown import render_markdown

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
NOUNS = ["the bridge", "the talks", "the budget", "the strike", "the ceasefire", "the harbour", "the election",
         "the factory", "the convoy", "the inquiry", "the floods", "the tariffs", "the port", "the pipeline"]
VERBS = ["would reopen", "had collapsed", "was delayed", "would cost more", "had been approved",
         "was under review", "would resume", "had failed", "was suspended", "would be extended"]
CUES = ["said", "told reporters", "confirmed", "denied", "warned", "announced"]


def synthetic(n_articles: int, n_atts: int, seed: int = 7) -> Dossier:
    """A dossier with the shape of a large story: wire relays, government bodies, many claims."""
    rng = random.Random(seed)
    outlets = [Entity(id=f"o{i}", name=f"Outlet {i} News", kind=EntityKind.outlet) for i in range(80)]
    bodies = [Entity(id=f"g{i}", name=f"Government body {i}", kind=EntityKind.government) for i in range(15)]
    people = []
    for i in range(400):
        kind = EntityKind.anonymous if i % 3 == 0 else EntityKind.person
        aff = bodies[i % len(bodies)].id if i % 4 else None
        people.append(Entity(id=f"p{i}", name=f"{'officials' if kind == EntityKind.anonymous else 'Speaker'} {i}",
                             kind=kind, affiliation=aff))
    ents = outlets + bodies + people
    per_article = max(1, n_atts // n_articles)
    articles: list[Article] = []
    atts: list[Attribution] = []
    timeline: list[TimelineEntry] = []
    for a in range(n_articles):
        outlet = outlets[a % len(outlets)]
        parts: list[str] = []
        pos = 0
        aid = f"art{a}"
        for k in range(per_article):
            src = people[rng.randrange(len(people))]
            noun, verb, cue = rng.choice(NOUNS), rng.choice(VERBS), rng.choice(CUES)
            content = f"{noun} {verb} on March {1 + k % 28}"
            sent = f"{src.name} {cue} that {content}. "
            s0 = pos
            chain = [outlet.id] + ([outlets[rng.randrange(len(outlets))].id] if rng.random() < 0.3 else []) + [src.id]
            atts.append(Attribution(
                id=f"{aid}:a{k + 1}", article_id=aid,
                source=Span(start=s0, end=s0 + len(src.name), text=src.name),
                cue=Span(start=s0 + len(src.name) + 1, end=s0 + len(src.name) + 1 + len(cue), text=cue),
                content=Span(start=s0 + len(sent) - len(content) - 2, end=s0 + len(sent) - 2, text=content),
                sentence=Span(start=s0, end=s0 + len(sent) - 1, text=sent[:-1]),
                chain=chain, speaker_entity=src.id,
            ))
            day = 1 + k % 28
            d0 = s0 + sent.index(f"March {day}")
            timeline.append(TimelineEntry(article_id=aid, start=d0, end=d0 + len(f"March {day}"), text=f"March {day}",
                                          value=f"2026-03-{day:02d}", sort_key=f"2026-03-{day:02d}",
                                          attribution_id=atts[-1].id, sentence=atts[-1].sentence))
            parts.append(sent)
            pos += len(sent)
            filler = "Background paragraph about the story that carries no attribution at all. " * 3 + "\n\n"
            parts.append(filler)
            pos += len(filler)
        text = "".join(parts)
        articles.append(Article(id=aid, file=f"{aid}.txt", format="txt", title=f"Story update {a}", outlet=outlet.name,
                                published=f"2026-03-{1 + a % 28:02d}", text=text,
                                content_hash=hashlib.sha256(text.encode()).hexdigest()))
    claims: list[Claim] = []
    statuses = list(ClaimStatus)
    for c in range(0, len(atts), 5):
        group = atts[c : c + 5]
        claims.append(Claim(
            id=f"c{c // 5}", text=group[0].content.text if group[0].content else "claim",
            attribution_ids=[g.id for g in group], article_ids=sorted({g.article_id for g in group}),
            outlets=sorted({articles[int(g.article_id[3:])].outlet or "" for g in group}),
            root_sources=[g.chain[-1] for g in group], independent_roots=sorted({g.chain[-1] for g in group})[:2],
            status=statuses[(c // 5) % 4],
            spans=[SpanRef(article_id=g.article_id, **g.content.model_dump()) for g in group if g.content],
        ))
    conflicts = [
        Conflict(id=f"x{i}", kind=ConflictKind.number, reason="numbers differ", a=atts[i * 7].id, b=atts[i * 7 + 3].id)
        for i in range(min(300, len(atts) // 10))
    ]
    return Dossier(generator=Generator(version="bench"), created="2026-03-30T00:00:00Z", articles=articles,
                   attributions=atts, entities=ents, claims=claims, conflicts=conflicts, timeline=timeline)


def best_of(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up: templates, imports, static files
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def browser_figures(path: Path) -> dict[str, Any]:
    """Milliseconds to first paint, ready, a search, and an article view, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS,
                                                   viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-ready]", timeout=120_000)
        ready = (time.perf_counter() - t0) * 1000
        page.wait_for_selector("html[data-graph]", timeout=120_000)
        graph = (time.perf_counter() - t0) * 1000
        steps = page.evaluate("window.sourcetrace.timings")
        paint = page.evaluate(
            "() => { const e = performance.getEntriesByName('first-contentful-paint')[0]"
            " || performance.getEntriesByType('paint')[0]; return e ? e.startTime : -1; }"
        )
        nodes = page.evaluate("window.cy ? window.cy.nodes().length : 0")
        # filtering and sorting re-render the claims table synchronously: time them in the page
        filter_ms = page.evaluate(
            "() => { const t = performance.now(); const s = document.getElementById('f-status');"
            " s.value = 'contested'; s.dispatchEvent(new Event('change'));"
            " const o = document.getElementById('f-sort'); o.value = 'text'; o.dispatchEvent(new Event('change'));"
            " return performance.now() - t; }"
        )
        art_ms = page.evaluate(
            "() => { const t = performance.now(); window.sourcetrace.openArticle(0, 0); return performance.now() - t; }"
        )
        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0")
        ctx.close()
    if errors:
        print("page errors:", errors, file=sys.stderr)
    return {"paint": paint, "ready": ready, "graph": graph, "steps": steps, "filter": filter_ms, "article": art_ms, "nodes": nodes, "heap": heap}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--attributions", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    dossier = synthetic(args.articles, args.attributions)
    print(f"dossier: {len(dossier.articles)} articles, {len(dossier.attributions)} attributions, "
          f"{len(dossier.claims)} claims, {len(dossier.entities)} entities, {len(dossier.timeline)} dated events")
    html_s = best_of(lambda: render_html(dossier), args.repeat)
    tracemalloc.start()
    html = render_html(dossier)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    md_s = best_of(lambda: render_markdown(dossier), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        csv_s = best_of(lambda: write_csv(dossier, Path(tmp) / "csv"), args.repeat)
        out = Path(tmp) / "report.html"
        out.write_text(html, encoding="utf-8")
        print(f"html: {len(html.encode()) / 1e6:.2f} MB, render {html_s:.2f} s (best of {args.repeat}), "
              f"peak Python memory during render {peak / 1e6:.0f} MB")
        print(f"markdown: {md_s:.2f} s; csv: {csv_s:.2f} s; "
              f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        if args.no_browser or not Path(CHROMIUM).exists():
            print("chromium: skipped")
            return
        b = browser_figures(out)
    print(f"chromium: first paint {b['paint']:.0f} ms, tables ready {b['steps']['ready']} ms, graph laid out {b['steps']['graphDone']} ms, "
          f"graph nodes {b['nodes']}, filter + sort claims {b['filter']:.0f} ms, article view {b['article']:.0f} ms, "
          f"JS heap {b['heap'] / 1e6:.0f} MB")
    print(f"chromium steps (ms): {b['steps']}")


if __name__ == "__main__":
    main()
