"""Rerun benchmark: a corpus analysed with --db, then again with N % new articles, then again
with nothing new, in one run; the rerun's time as a share of the first run's.

    .venv/bin/python benchmarks/rerun.py [BASIL_DIR] [--n 210] [--new-percent 1]

The corpus is ``benchmarks/corpus.py``'s (BASIL's articles, then edited copies with later dates,
which are near copies of an original and so join its story). Each run is its own process, as a
CLI rerun is (imports and model loading included), on one store in a temp folder. Prints one JSON
line per run (seconds, stories, claims, how many stories' findings were computed), then one with
the ratio of the rerun with new articles to the first run (the target: under 0.10).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import DEFAULT, corpus  # noqa: E402  (the benchmark next to this one builds the corpus)


def run_one(root: Path, n: int, db: Path, out: Path | None) -> dict:
    """analyze --db on the first ``n`` articles of the corpus, in this process."""
    import sourcetrace.pipeline as pipeline
    from sourcetrace.ingest import IngestResult
    from sourcetrace.settings import Settings

    computed = 0
    real = pipeline.story_findings

    def counting(work: pipeline.StoryWork) -> tuple:
        nonlocal computed
        computed += 1
        return real(work)

    pipeline.story_findings = counting  # counts the stories whose findings were not reused
    articles = corpus(root, n)
    t0 = time.perf_counter()
    dossier = pipeline.analyze_ingested(IngestResult(articles=articles), Settings(progress=False, db=db))
    seconds = time.perf_counter() - t0
    if out is not None:
        out.write_text(dossier.to_json(), encoding="utf-8")
    return {"articles": n, "analyse_seconds": round(seconds, 1), "stories": len(dossier.stories),
            "stories_computed": computed, "claims": len(dossier.claims), "conflicts": len(dossier.conflicts)}


def _run(root: Path, n: int, db: Path, label: str, out: Path | None) -> dict:
    cmd = [sys.executable, __file__, str(root), "--n", str(n), "--one", str(db)]
    if out is not None:
        cmd += ["--out", str(out)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    row = {"run": label, "seconds": round(time.perf_counter() - t0, 1)}
    row |= json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--n", type=int, default=210)
    ap.add_argument("--new-percent", type=float, default=1.0)
    ap.add_argument("--keep", type=Path, help="Write the rerun's dossier (new articles added) here as JSON.")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.path, args.n, args.one, args.out)))
        return
    extra = max(1, round(args.n * args.new_percent / 100))
    with tempfile.TemporaryDirectory(prefix="sourcetrace-rerun-") as tmp:
        db = Path(tmp) / "store.duckdb"
        first = _run(args.path, args.n, db, "first", None)
        grown = _run(args.path, args.n + extra, db, f"rerun +{extra} new", args.keep)
        same = _run(args.path, args.n + extra, db, "rerun, nothing new", None)
    print(json.dumps({
        "new_articles": extra, "rerun_over_first": round(grown["seconds"] / first["seconds"], 3),
        "unchanged_rerun_over_first": round(same["seconds"] / first["seconds"], 3),
    }))


if __name__ == "__main__":
    main()
