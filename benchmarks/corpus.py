"""Corpus benchmark: articles/s and peak memory per worker, local engine against Ray with 1 and 2
workers, in the same run, on the same articles.

    .venv/bin/python benchmarks/corpus.py [BASIL_DIR] [--n 40]
    .venv/bin/python benchmarks/corpus.py [BASIL_DIR] --n 210 --write-md DIR   # the corpus as .md files, for analyze
    .venv/bin/python benchmarks/corpus.py --n 200 --engines local,ray2 --save DIR  # and compare the dossiers

Articles are BASIL's (../shared/data/basil by default), read as the grouping evaluation reads them;
past its 210, copies with a shifted date and one word changed per paragraph are added (a second,
lightly edited crawl). Each engine runs in its own process (so peak memory is its own), after a
warm-up, on the whole pipeline: the per-article stages, stories, and each story's claims and
conflicts. For Ray, the time includes starting the local cluster and loading the models in each
actor; the per-worker peak memory is each actor's own (``ru_maxrss``). Prints one JSON line per
engine, then the speed-up of 2 Ray workers over 1 and the per-article cost. With ``--save``, each
engine's dossier is written there and every Ray dossier is compared with the local one field by
field (only the run's creation time ignored, as ``scripts/compare_dossiers.py`` compares).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "basil"


def corpus(root: Path, n: int) -> list:
    """``n`` articles: BASIL's, then edited copies of them with later dates."""
    from sourcetrace.dossier.models import Article
    from sourcetrace.evaluation.grouping import load_basil_pile

    pile, _ = load_basil_pile(root)
    out = list(pile[:n])
    copy = 0
    while len(out) < n:
        base = pile[copy % len(pile)]
        round_ = copy // len(pile) + 1
        text = "\n\n".join(p.replace(" the ", " a ", 1) for p in base.text.split("\n\n"))
        day = (date.fromisoformat(base.published[:10]) + timedelta(days=400 * round_)).isoformat() if base.published else None
        out.append(Article(id=f"{base.id}-r{round_}", file=base.file, format=base.format, title=base.title,
                           outlet=base.outlet, published=day, text=text,
                           content_hash=hashlib.sha256(text.encode()).hexdigest()))
        copy += 1
    return out


def run_one(engine: str, workers: int, root: Path, n: int, save: Path | None = None) -> dict:
    """One engine on the corpus, in this process."""
    from sourcetrace.ingest import IngestResult
    from sourcetrace.pipeline import analyze_ingested
    from sourcetrace.settings import Settings

    settings = Settings(progress=False)
    articles = corpus(root, n)
    peaks: dict[int, float] = {}
    t0 = time.perf_counter()
    if engine == "local":
        dossier = analyze_ingested(IngestResult(articles=articles), settings)
    else:
        from sourcetrace.engines.ray_engine import analyze_ray

        dossier = analyze_ray(IngestResult(articles=articles), settings, workers=workers, peaks=peaks)
    seconds = time.perf_counter() - t0
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        (save / f"{engine if engine == 'local' else f'ray-{workers}'}.json").write_text(dossier.to_json(), encoding="utf-8")
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "engine": engine if engine == "local" else f"ray-{workers}", "articles": n, "seconds": round(seconds, 1),
        "articles_per_s": round(n / seconds, 3), "stories": len(dossier.stories), "claims": len(dossier.claims),
        "skipped": len(dossier.skipped), "analysed": len(dossier.articles),
        "peak_mb_per_worker": [round(v) for v in peaks.values()] if peaks else [round(driver)],
        "peak_mb_driver": round(driver),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--engines", default="local,ray1,ray2", help="Which runs, of local, ray1 and ray2.")
    ap.add_argument("--save", type=Path, help="Write each engine's dossier here and compare them with the local one.")
    ap.add_argument("--write-md", type=Path, help="Only write the corpus as Markdown files (front matter + body) here.")
    ap.add_argument("--one", choices=["local", "ray"], help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write_md:
        args.write_md.mkdir(parents=True, exist_ok=True)
        for a in corpus(args.path, args.n):
            front = "\n".join(f"{k}: {json.dumps(v)}" for k, v in
                              (("title", a.title or ""), ("outlet", a.outlet or ""), ("published", a.published)) if v)
            (args.write_md / f"{a.id}.md").write_text(f"---\n{front}\n---\n{a.text}", encoding="utf-8")
        print(f"{args.n} articles written to {args.write_md}")
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.workers, args.path, args.n, args.save)))
        return
    runs = {"local": ("local", 1), "ray1": ("ray", 1), "ray2": ("ray", 2)}
    rows = {}
    for name in args.engines.split(","):
        engine, workers = runs[name.strip()]
        cmd = [sys.executable, __file__, str(args.path), "--n", str(args.n), "--one", engine, "--workers", str(workers)]
        if args.save is not None:
            cmd += ["--save", str(args.save)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows[name.strip()] = row = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(row), flush=True)
    summary: dict[str, object] = {}
    if "ray1" in rows and "ray2" in rows:
        summary["speed_up_ray2_over_ray1"] = round(rows["ray2"]["articles_per_s"] / rows["ray1"]["articles_per_s"], 2)
    if "local" in rows and "ray2" in rows:
        summary["ray2_over_local"] = round(rows["ray2"]["articles_per_s"] / rows["local"]["articles_per_s"], 2)
    if "ray2" in rows:
        summary["seconds_per_article_per_worker_ray2"] = round(rows["ray2"]["seconds"] * 2 / rows["ray2"]["articles"], 2)
    if args.save is not None and "local" in rows:
        summary["differences_from_local"] = compare(args.save, [n for n in rows if n != "local"])
    print(json.dumps(summary))


def compare(save: Path, names: list[str]) -> dict[str, int]:
    """How many fields of each Ray dossier differ from the local engine's (the first few printed)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    # lazy: the comparison lives with the refactoring script, which is not part of the package
    from compare_dossiers import differences

    local = json.loads((save / "local.json").read_text(encoding="utf-8"))
    out = {}
    for name in names:
        other = json.loads((save / f"ray-{name[-1]}.json").read_text(encoding="utf-8"))
        diffs = differences(local, other)
        for line in diffs[:10]:
            print(f"{name}: {line[:300]}", file=sys.stderr)
        out[name] = len(diffs)
    return out


if __name__ == "__main__":
    main()
