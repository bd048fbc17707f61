"""Per-article time and peak memory for one very long article: the per-article budget.

    .venv/bin/python benchmarks/budget.py [BASIL_ARTICLES_DIR] [--size 1000000] [--timeout 300]

Two cases, each one article analysed alone in a fresh process (``analyze`` with the default
settings, models loaded first and not timed): ``prose``, BASIL article bodies joined at run time
(repeated until ``--size`` characters; never stored in the repository; invented sentences when
the folder is absent), and ``word``, one word repeated to the same size. Prints the analysis
time, the process's peak memory (models included), what was found and whether the article was
skipped under ``--timeout``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "basil" / "articles"
INVENTED = (
    "The harbour board of Tellmark said on Tuesday that the new quay would open in May. "
    "\"We are on schedule,\" a spokeswoman for the board told reporters.\n\n"
    "Opponents, who say the dredging harms the estuary, plan to appeal, according to a letter seen by the council.\n\n"
)


def prose(root: Path, size: int) -> str:
    """``size`` characters of article prose: BASIL bodies (paragraphs joined by blank lines), else invented."""
    parts: list[str] = []
    total = 0
    for path in sorted(root.rglob("*.json")) if root.is_dir() else []:
        paras = json.loads(path.read_text(encoding="utf-8")).get("body-paragraphs") or []
        body = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        if body.strip():
            parts.append(body)
            total += len(body) + 2
        if total >= size:
            break
    text = "\n\n".join(parts) or INVENTED
    while len(text) < size:
        text += "\n\n" + text
    return text[:size]


def child(path: str, timeout: float) -> None:
    """Analyse one file after loading the models; print the figures as one JSON line."""
    from sourcetrace.attribution.tagger import load_tagger
    from sourcetrace.nlp import load_nlp
    from sourcetrace.pipeline import analyze
    from sourcetrace.settings import Settings

    load_nlp()
    load_tagger()
    start = time.perf_counter()
    dossier = analyze([path], Settings(progress=False, article_timeout=timeout))
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": round(seconds, 1), "attributions": len(dossier.attributions), "claims": len(dossier.claims),
        "skipped": [s.reason for s in dossier.skipped],
    }))


def run(name: str, text: str, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="sourcetrace-budget-") as tmp:
        path = Path(tmp) / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(path), "--timeout", str(timeout)],
            stdout=subprocess.PIPE, text=True,
        )
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    figures = json.loads(out.strip().splitlines()[-1]) if proc.returncode == 0 and out.strip() else {}
    print(f"{name}: {len(text):,} chars, analysis {figures.get('seconds', '?')} s, peak {peak:,.0f} MiB, "
          f"{figures.get('attributions', '?')} attributions, {figures.get('claims', '?')} claims, "
          f"skipped {figures.get('skipped', '?')}, exit {proc.returncode}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("basil", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--cases", default="prose,word")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.timeout)
        return
    cases = {"prose": lambda: prose(args.basil, args.size), "word": lambda: ("officials " * (args.size // 10 + 1))[: args.size]}
    for name in args.cases.split(","):
        run(name, cases[name](), args.timeout)


if __name__ == "__main__":
    main()
