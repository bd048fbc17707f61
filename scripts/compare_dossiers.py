"""Check that a change left the findings alone: dossiers before and after, compared field by field.

    .venv/bin/python scripts/compare_dossiers.py make OUT_DIR [--basil DIR] [--n 60]
    .venv/bin/python scripts/compare_dossiers.py diff OLD_DIR NEW_DIR

``make`` writes ``example.json`` (the example story) and ``basil.json`` (the first N BASIL
articles, sorted by path, as one pile) into OUT_DIR with the code as it stands. ``diff``
compares two such folders, ignoring only the run's creation time, and exits 1 on any
difference, printing the first ones with their JSON path (an article's ``file`` is compared by
its name: the two runs may read the inputs from different folders). Run ``make`` before a refactor
and again after it, then ``diff``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "story"
BASIL = ROOT.parent / "shared" / "data" / "basil" / "articles"
IGNORED = {"created"}


def example_paths() -> list[Path]:
    """The articles of the example story (its README and EXPECTED.md are not articles)."""
    return sorted(p for p in EXAMPLE.iterdir() if p.is_file() and p.name not in {"README.md", "EXPECTED.md"})


def basil_jsonl(root: Path, n: int, out: Path) -> Path:
    """The first ``n`` BASIL articles as one JSONL file (body paragraphs joined by blank lines)."""
    lines = []
    for path in sorted(root.rglob("*.json"))[:n]:
        d = json.loads(path.read_text(encoding="utf-8"))
        text = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in d.get("body-paragraphs") or [])
        record = {"id": path.stem, "title": d.get("title"), "outlet": d.get("source"),
                  "published": d.get("date"), "url": d.get("url"), "text": text}
        lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def make(out_dir: Path, basil: Path, n: int) -> None:
    """Write the two dossiers of the current code into ``out_dir``."""
    from sourcetrace.pipeline import analyze
    from sourcetrace.settings import Settings

    out_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(progress=False)
    (out_dir / "example.json").write_text(analyze(example_paths(), settings).to_json(), encoding="utf-8")
    if basil.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            pile = basil_jsonl(basil, n, Path(tmp) / "basil.jsonl")
            (out_dir / "basil.json").write_text(analyze([pile], settings).to_json(), encoding="utf-8")
    else:
        print(f"no BASIL articles at {basil}: only the example story written", file=sys.stderr)


def differences(a: object, b: object, path: str = "$") -> list[str]:
    """Every place where ``a`` and ``b`` differ, as JSON paths with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key in IGNORED and path == "$":
                continue
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'new' if key in b else 'old'}")
            elif key == "file" and isinstance(a[key], str) and isinstance(b[key], str):
                # the two runs read the same inputs from different folders (a worktree, a temp dir)
                if Path(a[key]).name != Path(b[key]).name:
                    out.append(f"{path}.file: {a[key]!r} → {b[key]!r}")
            else:
                out += differences(a[key], b[key], f"{path}.{key}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = [f"{path}: {len(a)} items → {len(b)}"] if len(a) != len(b) else []
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} → {b!r}"]


def diff(old: Path, new: Path) -> int:
    """Print the differences between two ``make`` folders; 1 if there are any."""
    found = 0
    for name in ("example.json", "basil.json"):
        if not (old / name).exists() and not (new / name).exists():
            continue
        a = json.loads((old / name).read_text(encoding="utf-8"))
        b = json.loads((new / name).read_text(encoding="utf-8"))
        diffs = differences(a, b)
        found += len(diffs)
        print(f"{name}: {len(diffs)} differences")
        for line in diffs[:30]:
            print("  " + line[:300])
    return 1 if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("out", type=Path)
    m.add_argument("--basil", type=Path, default=BASIL)
    m.add_argument("--n", type=int, default=60)
    d = sub.add_parser("diff")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "make":
        make(args.out, args.basil, args.n)
        return 0
    return diff(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
