"""Time and peak memory of the cross-article stages: resolve_entities + group_claims + assess.

    .venv/bin/python benchmarks/dossier.py [BASIL_ARTICLES_DIR] [--sizes 50,200,500] [--sweep]

Articles are BASIL JSON files (body-paragraphs joined with blank lines; ../shared/data/basil/articles
by default); when that folder is absent, synthetic articles are used. Sizes above the corpus size
reuse articles under new ids, each sentence given one extra word so that the encoder sees new
texts (as a second, lightly edited crawl of the same stories would). Sentences come from a
regex splitter and attributions from a small "X said" pattern, so the figures measure these stages,
not the spaCy pipeline or the attribution extractor.

``--sweep`` also prints, per claim_similarity, how cross-article claims fall within one BASIL
triplet (same event, three outlets) or across triplets: the figure used to tune the threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import tracemalloc
from pathlib import Path

from sourcetrace.assessment import assess
from sourcetrace.claims import group_claims
from sourcetrace.dossier.models import Article, ArticleAnalysis, Attribution, Span, Speaker
from sourcetrace.settings import Settings
from sourcetrace.sources import resolve_entities
from sourcetrace.text.embed import _CACHE, encode, load_encoder

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "basil" / "articles"
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)")
_SAID = re.compile(
    r"^(?P<content>[\"“]?[A-Za-z].{15,}?)[,\"”]+\s+(?P<source>(?:[A-Z][\w.'’-]*\s?){1,4}|(?:an?|the|two|three|several)\s[\w .'’-]{3,40}?)\s+(?:said|says|told)\b"
)


def load_basil(root: Path) -> list[tuple[Article, str]]:
    """(article, triplet id) for every BASIL JSON file under ``root``."""
    out = []
    for path in sorted(root.rglob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        paras = d.get("body-paragraphs") or []
        text = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        if not text.strip():
            continue
        out.append((_article(path.stem, d.get("source"), text, d.get("date")), d.get("triplet-uuid", path.stem)))
    return out


def _article(aid: str, outlet: str | None, text: str, date: str | None = None) -> Article:
    return Article(
        id=aid, file=aid, format="json", outlet=outlet, published=date, text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def synthetic(n: int) -> list[tuple[Article, str]]:
    """Stories of three articles each, written from templates."""
    out = []
    outlets = ["Reuters", "BBC", "NBC News"]
    for i in range(n):
        story, k = divmod(i, 3)
        town = f"Town{story}"
        text = (
            f"Officials in {town} said {100 + story} homes were flooded on Monday. "
            f"The mayor of {town}, Ana Vell{story}, said repairs would cost ${story + 1}.5 million. "
            f"Residents described the night as frightening, {outlets[k]} reported. "
            f"The national weather service said more rain was expected in the region around {town}."
        )
        out.append((_article(f"s{i}", outlets[k], text), f"t{story}"))
    return out


def analyse(article: Article) -> ArticleAnalysis:
    """Sentences by regex, attributions by an "X said" pattern (benchmark inputs only)."""
    sents, atts = [], []
    for m in _SENT.finditer(article.text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if not text:
            continue
        start = m.start() + lead
        sent = Span(start=start, end=start + len(text), text=text)
        sents.append(sent)
        s = _SAID.match(text)
        if s is None:
            continue
        c0, c1 = start + s.start("content"), start + s.end("content")
        s0, s1 = start + s.start("source"), start + s.end("source")
        src = article.text[s0:s1]
        atts.append(
            Attribution(
                id=f"{article.id}:a{len(atts) + 1}", article_id=article.id,
                source=Span(start=s0, end=s1, text=src),
                content=Span(start=c0, end=c1, text=article.text[c0:c1]),
                sentence=sent, speaker=Speaker(name=src),
                chain_names=[article.outlet or article.id, src],
            )
        )
    return ArticleAnalysis(article_id=article.id, content_hash=article.content_hash, sentences=sents, attributions=atts)


_REWORD = ["again", "anew", "still", "too"]


def sized(pool: list[tuple[Article, str]], n: int) -> list[tuple[Article, str]]:
    """``n`` articles from ``pool``, reusing it under new ids when it is smaller."""
    out = []
    for i in range(n):
        art, trip = pool[i % len(pool)]
        rep = i // len(pool)
        if rep:
            # A reused article gets one extra word per sentence, so its sentences are new
            # texts to the encoder (no cache hits that a real corpus would not have).
            word = _REWORD[(rep - 1) % len(_REWORD)]
            text = re.sub(r"(?<=\w)([.!?])(?=\s|$)", rf" {word}\1", art.text)
            art = art.model_copy(
                update={"id": f"{art.id}~{rep}", "text": text, "content_hash": hashlib.sha256(text.encode()).hexdigest()}
            )
            trip = f"{trip}~{rep}"
        out.append((art, trip))
    return out


def run_stages(items: list[tuple[Article, str]], settings: Settings) -> tuple[dict[str, float], int, tuple]:
    """Time each stage once; returns seconds per stage, peak bytes and the outputs."""
    articles = [a for a, _ in items]
    analyses = [analyse(a) for a in articles]
    atts = [x for an in analyses for x in an.attributions]
    times = {}
    tracemalloc.start()
    t = time.perf_counter()
    ents = resolve_entities(articles, atts, settings)
    times["entities"] = time.perf_counter() - t
    t = time.perf_counter()
    claims = group_claims(articles, analyses, ents, settings)
    times["claims"] = time.perf_counter() - t
    t = time.perf_counter()
    conflicts = assess(articles, atts, ents, claims, settings)
    times["assess"] = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return times, peak, (analyses, atts, ents, claims, conflicts)


def sweep(items: list[tuple[Article, str]], thresholds: list[float]) -> None:
    """Cross-article claims within one triplet vs across triplets, per threshold."""
    triplet = {a.id: t for a, t in items}
    articles = [a for a, _ in items]
    analyses = [analyse(a) for a in articles]
    print("\nclaim_similarity  cross-article claims  within one triplet  across triplets  triplets covered")
    for th in thresholds:
        settings = Settings(claim_similarity=th, progress=False)
        claims = group_claims(articles, analyses, [], settings)
        multi = [c for c in claims if len(c.article_ids) > 1]
        within = sum(1 for c in multi if len({triplet[a] for a in c.article_ids}) == 1)
        covered = {triplet[c.article_ids[0]] for c in multi if len({triplet[a] for a in c.article_ids}) == 1}
        n_trip = len(set(triplet.values()))
        print(
            f"{th:16.2f}  {len(multi):20d}  {within:10d} ({within / max(1, len(multi)):5.1%})"
            f"  {len(multi) - within:15d}  {len(covered):6d}/{n_trip}"
        )


def time_pipeline(items: list[tuple[Article, str]]) -> tuple[float, int]:
    """Seconds and peak traced bytes of ``sourcetrace.analyze`` on the articles written as JSONL."""
    import tempfile

    from sourcetrace import analyze

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a, _ in items:
                fh.write(json.dumps({"id": a.id, "outlet": a.outlet, "published": a.published, "text": a.text}) + "\n")
        tracemalloc.start()
        t = time.perf_counter()
        analyze([path], Settings(progress=False))
        seconds = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return seconds, peak


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--sizes", default="50,200,500")
    ap.add_argument("--sweep", action="store_true", help="threshold sweep on the corpus (tuning figure)")
    ap.add_argument("--thresholds", default="0.55,0.6,0.62,0.65,0.7,0.75")
    ap.add_argument("--pipeline", default="", help="sizes for which to time the whole sourcetrace.analyze, e.g. 50")
    args = ap.parse_args(argv)
    pool = load_basil(args.path) if args.path.exists() else []
    source = f"BASIL ({len(pool)} articles at {args.path})" if pool else "synthetic articles"
    if not pool:
        pool = synthetic(max(int(s) for s in args.sizes.split(",")))
    settings = Settings(progress=False)
    t = time.perf_counter()
    load_encoder()
    encode(["warm-up sentence"])
    print(f"{source}; encoder load {time.perf_counter() - t:.1f}s (not in the figures below)")
    print("articles   sentences  attributions  entities  claims  conflicts  entities_s  claims_s  assess_s  total_s  peak_MB")
    for n in (int(s) for s in args.sizes.split(",")):
        _CACHE.clear()  # every size pays for its own embeddings
        times, peak, (analyses, atts, ents, claims, conflicts) = run_stages(sized(pool, n), settings)
        n_sent = sum(len(an.sentences) for an in analyses)
        print(
            f"{n:8d}  {n_sent:10d}  {len(atts):12d}  {len(ents):8d}  {len(claims):6d}  {len(conflicts):9d}"
            f"  {times['entities']:10.2f}  {times['claims']:8.2f}  {times['assess']:8.2f}"
            f"  {sum(times.values()):7.2f}  {peak / 1e6:7.1f}"
        )
    if args.pipeline:
        from sourcetrace.nlp import load_nlp

        load_nlp()
        print("\nwhole pipeline (sourcetrace.analyze: ingest, spaCy, extractor, all stages)")
        print("articles  seconds  peak_MB")
        for n in (int(s) for s in args.pipeline.split(",")):
            _CACHE.clear()
            seconds, peak = time_pipeline(sized(pool, n))
            print(f"{n:8d}  {seconds:7.1f}  {peak / 1e6:7.1f}")
    if args.sweep:
        sweep(pool, [float(x) for x in args.thresholds.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
