"""Ingest benchmark: synthetic articles (text, Markdown, HTML, some wire reprints) in a temp dir.

Prints articles per second for reading (load_inputs) and for reprint detection
(mark_reprints), total seconds, peak memory, how many planted reprints were found,
and the time to store the articles in DuckDB.

    .venv/bin/python benchmarks/ingest.py            # 10,000 articles
    .venv/bin/python benchmarks/ingest.py --n 2000
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from sourcetrace.ingest import load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.settings import Settings
from sourcetrace.store.database import Store

SUBJECTS = ["The ministry", "A spokesman", "Local officials", "The mayor", "Witnesses", "The company",
            "Two diplomats", "The union", "Police", "The governor", "Engineers", "Residents"]
CUES = ["said", "told reporters", "confirmed", "denied", "warned", "announced", "claimed", "added"]
NOUNS = ["the bridge", "the talks", "the budget", "the strike", "the ceasefire", "the harbour", "the election",
         "the factory", "the convoy", "the inquiry", "the floods", "the tariffs", "the vaccine", "the port"]
VERBS = ["would reopen", "had collapsed", "was delayed", "would cost more", "had been approved",
         "was under review", "would resume", "had failed", "was suspended", "would be extended"]
TIMES = ["on Monday", "on Tuesday", "last week", "next month", "in March", "by the end of the year",
         "within days", "after the vote", "before the summit", "in the morning"]
OUTLETS = ["nbcnews.com", "bbc.co.uk", "reuters.com", "lemonde.fr", "abc.net.au", "theguardian.com"]


def sentence(rng: random.Random) -> str:
    """One attributed sentence of made-up news prose."""
    n = rng.randint(0, 999)
    return (f"{rng.choice(SUBJECTS)} {rng.choice(CUES)} that {rng.choice(NOUNS)} {rng.choice(VERBS)} "
            f"{rng.choice(TIMES)}, and that {rng.choice(NOUNS)} affected {n} people in district {rng.randint(1, 99)}.")


def article_text(rng: random.Random) -> str:
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(4, 8))]
    return "\n\n".join(paragraphs)


def html_page(title: str, text: str, url: str, date: str) -> str:
    paras = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><title>{title}</title>"
            f'<meta property="og:url" content="{url}">'
            f'<meta property="article:published_time" content="{date}"></head>'
            f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>\n{paras}</article><footer>Copyright</footer></body></html>")


def generate(folder: Path, n: int, html_share: float, reprint_share: float, seed: int = 1) -> dict[str, str]:
    """Write ``n`` article files; returns the planted reprints as {copy file stem: original stem}."""
    rng = random.Random(seed)
    originals: list[tuple[str, str]] = []
    planted: dict[str, str] = {}
    for i in range(n):
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        outlet = rng.choice(OUTLETS)
        if originals and rng.random() < reprint_share:
            stem, base = rng.choice(originals)
            text = f"CITY, {day} (Wire) - {base}\n\n{sentence(rng)}"  # dateline and an extra sentence
            planted[f"{i:05d}"] = stem
            day = "2026-01-01"  # reprints run after their originals
        else:
            text = article_text(rng)
            originals.append((f"{i:05d}", text))
        title = f"Story {i}"
        sub = folder / f"{i % 100:02d}"
        sub.mkdir(exist_ok=True)
        if rng.random() < html_share:
            (sub / f"{i:05d}.html").write_text(html_page(title, text, f"https://www.{outlet}/news/{i}", day), "utf-8")
        elif i % 2:
            meta = f"---\ntitle: {title}\npublished: {day}\nurl: https://www.{outlet}/news/{i}\n---\n"
            (sub / f"{i:05d}.md").write_text(meta + text + "\n", "utf-8")
        else:
            (sub / f"{i:05d}.txt").write_text(text + "\n", "utf-8")
    return planted


def pair_scores(articles: list, planted: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of the reprint groups against the planted ones.

    Groups, not single links, are compared: an undated original sorts after its
    dated copies, so the copy becomes the group's root, which is still right.
    """
    stem_of = {a.id: Path(a.file).stem for a in articles}
    cells: Counter[tuple[str, str]] = Counter()
    for a in articles:
        stem = stem_of[a.id]
        cells[(a.reprint_of or a.id, planted.get(stem, stem))] += 1

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(cells)
    predicted = pairs(Counter(p for p, _ in cells.elements()))
    true = pairs(Counter(t for _, t in cells.elements()))
    return both / max(predicted, 1), both / max(true, 1)


def rerun(n: int, html_share: float) -> None:
    """Time a first and a second ``analyze`` with the same store: the second skips unchanged articles."""
    from sourcetrace.nlp import load_nlp
    from sourcetrace.pipeline import analyze

    load_nlp()  # model loading is not what is measured
    with tempfile.TemporaryDirectory(prefix="sourcetrace-rerun-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        generate(corpus, n, html_share, 0.1, seed=5)
        settings = Settings(db=Path(tmp) / "rerun.db", progress=False)
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            dossier = analyze([corpus], settings)
            times.append(time.perf_counter() - t0)
        print(f"analyze {len(dossier.articles)} articles with --db: first run {times[0]:.2f} s, "
              f"second run {times[1]:.2f} s, speed-up {times[0] / times[1]:.1f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="Articles to generate.")
    parser.add_argument("--html-share", type=float, default=0.3, help="Share of HTML pages.")
    parser.add_argument("--reprint-share", type=float, default=0.1, help="Share of near-duplicate reprints.")
    parser.add_argument("--trace", action="store_true", help="Also measure peak allocations with tracemalloc (slow).")
    parser.add_argument("--rerun", type=int, default=0, metavar="N",
                        help="Also time 'analyze' twice with one --db on N articles (the second run reuses analyses).")
    args = parser.parse_args(argv)
    settings = Settings(progress=False)
    with tempfile.TemporaryDirectory(prefix="sourcetrace-bench-") as tmp:
        root = Path(tmp)
        warm, corpus = root / "warm", root / "corpus"
        warm.mkdir()
        corpus.mkdir()
        generate(warm, 50, args.html_share, args.reprint_share, seed=99)
        t0 = time.perf_counter()
        planted = generate(corpus, args.n, args.html_share, args.reprint_share)
        print(f"generated {args.n} files ({len(planted)} planted reprints) in {time.perf_counter() - t0:.1f} s")

        # Warm-up: imports, trafilatura and tldextract set-up, out of the timed run.
        mark_reprints(load_inputs([warm], settings).articles, settings)

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t1 = time.perf_counter()
        result = load_inputs([corpus], settings)
        t2 = time.perf_counter()
        mark_reprints(result.articles, settings)
        t3 = time.perf_counter()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        marked = sum(a.reprint_of is not None for a in result.articles)
        precision, recall = pair_scores(result.articles, planted)
        read_s, reprint_s, total = t2 - t1, t3 - t2, t3 - t1
        n_art = len(result.articles)
        print(f"articles read: {n_art}, skipped: {len(result.skipped)}")
        print(f"load_inputs:   {read_s:7.2f} s  {n_art / read_s:8.0f} articles/s")
        print(f"mark_reprints: {reprint_s:7.2f} s  {n_art / reprint_s:8.0f} articles/s")
        print(f"total ingest:  {total:7.2f} s  {n_art / total:8.0f} articles/s")
        print(f"reprints: planted {len(planted)}, marked {marked}; same-story pairs precision {precision:.3f}, "
              f"recall {recall:.3f}")
        by_format: dict[str, int] = {}
        for a in result.articles:
            by_format[a.format] = by_format.get(a.format, 0) + 1
        print("by format: " + ", ".join(f"{k} {v}" for k, v in sorted(by_format.items())))
        print(f"peak RSS before ingest {rss_before / 1024:.0f} MiB, after {rss_after / 1024:.0f} MiB (ru_maxrss)")
        if args.trace:
            # tracemalloc slows Python code several times over, so it gets its own pass.
            del result
            tracemalloc.start()
            traced = load_inputs([corpus], settings)
            mark_reprints(traced.articles, settings)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"peak traced Python allocations during ingest: {peak / 2**20:.0f} MiB (tracemalloc pass)")
            result = traced

        t4 = time.perf_counter()
        with Store(root / "bench.db") as store:
            store.put_articles(result.articles)
        print(f"store.put_articles: {time.perf_counter() - t4:.2f} s")
    if args.rerun:
        rerun(args.rerun, args.html_share)
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS of the whole run (ru_maxrss): {maxrss_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
