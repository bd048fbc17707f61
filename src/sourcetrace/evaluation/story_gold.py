"""Story gold kept in the repository as offsets into BASIL texts, with no article text.

The shared story gold (``../shared/data/stories/<story>/``) holds the articles as ``.md`` files
and a ``gold.json`` whose spans are substrings. The repository may not hold news text, so gold
written for the project is stored as ``eval/stories/<story>.json``: each article named by its
BASIL file, each span as ``[start, end]`` into that article's body (BASIL's body paragraphs,
sentences joined by a space, paragraphs by a blank line, a final newline). :func:`materialise`
turns it back into the shared form, so one scorer reads both.

    python -m sourcetrace.evaluation.story_gold to-offsets STORY_DIR OUT.json [--basil DIR]
    python -m sourcetrace.evaluation.story_gold materialise GOLD.json OUT_DIR [--basil DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sourcetrace.errors import Errors, InputError

SCHEMA = "sourcetrace.gold-offsets/1"
STORY_SCHEMA = "sourcetrace.gold-story/1"
BASIL = Path("../shared/data/basil/articles")
# BASIL's "source" field → the file name and outlet name the shared stories use
OUTLETS = {"fox": ("fox-news.md", "Fox News"), "nyt": ("new-york-times.md", "The New York Times"),
           "hpo": ("huffpost.md", "HuffPost")}
SPAN_FIELDS = ("source", "cue", "content_has")


def basil_body(record: dict[str, Any]) -> str:
    """An article's body as the shared stories write it."""
    paras = record.get("body-paragraphs") or []
    return "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras) + "\n"


def article_markdown(record: dict[str, Any]) -> str:
    """The ``.md`` file of one BASIL article: front matter, then the body."""
    _, outlet = OUTLETS[record["source"]]
    return (f"---\ntitle: {json.dumps(record.get('title') or '', ensure_ascii=False)}\noutlet: {json.dumps(outlet)}\n"
            f"published: {record.get('date')}\nurl: {json.dumps(record.get('url') or '')}\n---\n"
            + basil_body(record))


def body_of(md_text: str) -> str:
    """The body of a story article: what follows its front matter."""
    if md_text.startswith("---\n"):
        end = md_text.find("\n---\n", 4)
        if end >= 0:
            return md_text[end + 5 :]
    return md_text


def _occurrences(body: str, needle: str, words: bool = False) -> list[int]:
    """Where ``needle`` occurs; with ``words``, only where it is not part of a longer word (the
    source "he" is not the "he" of "the")."""
    out, pos = [], body.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        inside = (pos > 0 and body[pos - 1].isalnum() and needle[:1].isalnum()) or (
            end < len(body) and body[end].isalnum() and needle[-1:].isalnum())
        if not (words and inside):
            out.append(pos)
        pos = body.find(needle, pos + 1)
    return out


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


def _nearest(body: str, needle: str, near: tuple[int, int], words: bool = False) -> tuple[int, int] | None:
    """The occurrence of ``needle`` in ``body`` closest to the span ``near``."""
    spans = [(p, p + len(needle)) for p in _occurrences(body, needle, words) or _occurrences(body, needle)]
    return min(spans, key=lambda s: (_gap(s, near), s[0]), default=None)


def locate(body: str, item: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Offsets of an attribution's source, cue and content_has: the content first (its first
    occurrence), then the cue and source that sit closest to it together. A cue may come before
    the content or after it ('"...," said Dana Reed'), and the nearest "said" alone is often
    another attribution's: the source beside the cue tells them apart."""
    out: dict[str, tuple[int, int]] = {}
    content = _nearest(body, item["content_has"], (0, 0))
    if content is None:
        return out
    out["content_has"] = content
    best = None
    for p in _occurrences(body, item["cue"]):
        cue = (p, p + len(item["cue"]))
        source = _nearest(body, item["source"], cue, words=True)
        cost = _gap(cue, content) + (_gap(source, cue) if source is not None else len(body))
        if best is None or cost < best[0]:
            best = (cost, cue, source)
    if best is not None:
        out["cue"] = best[1]
        if best[2] is not None:
            out["source"] = best[2]
    return out


def to_offsets(story_dir: Path, basil: Path = BASIL) -> dict[str, Any]:
    """Offset gold from a story folder in the shared form (articles + substring ``gold.json``)."""
    gold = json.loads((story_dir / "gold.json").read_text(encoding="utf-8"))
    sources = _basil_files(story_dir, basil)
    bodies = {name: body_of((story_dir / name).read_text(encoding="utf-8")) for name in sources}
    atts = []
    for item in gold["attributions"]:
        body = bodies[item["article"]]
        spans = locate(body, item)
        missing = [f for f in SPAN_FIELDS if f not in spans]
        if missing:
            raise InputError.coded(Errors.E042, path=story_dir, detail=f"{item['id']}: {', '.join(missing)} not in the body")
        atts.append({**item, **{f: list(spans[f]) for f in SPAN_FIELDS}})
    rest = {k: v for k, v in gold.items() if k not in {"schema", "attributions"}}
    return {"schema": SCHEMA, "articles": sources, **rest, "attributions": atts}


def _basil_files(story_dir: Path, basil: Path) -> dict[str, str]:
    """Article file → its BASIL file (relative to ``basil``), matched by URL."""
    by_url = {}
    for path in basil.rglob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        by_url[record.get("url")] = path.relative_to(basil).as_posix()
    out = {}
    for md in sorted(story_dir.glob("*.md")):
        head = md.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        url = next((json.loads(line.split(":", 1)[1]) for line in head.splitlines() if line.startswith("url:")), None)
        if url not in by_url:
            raise InputError.coded(Errors.E042, path=md, detail="its url is no BASIL article's")
        out[md.name] = by_url[url]
    return out


def materialise(gold_path: Path, out_dir: Path, basil: Path = BASIL) -> Path:
    """Write the story folder (articles as ``.md`` and a substring ``gold.json``) of offset gold."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if gold.get("schema") != SCHEMA:
        raise InputError.coded(Errors.E042, path=gold_path, detail=f"schema is not {SCHEMA}")
    out_dir.mkdir(parents=True, exist_ok=True)
    bodies = {}
    for name, rel in gold["articles"].items():
        record_path = basil / rel
        if not record_path.is_file():
            raise InputError.coded(Errors.E040, path=record_path)
        record = json.loads(record_path.read_text(encoding="utf-8"))
        (out_dir / name).write_text(article_markdown(record), encoding="utf-8")
        bodies[name] = basil_body(record)
    atts = []
    for item in gold["attributions"]:
        body = bodies[item["article"]]
        atts.append({**item, **{f: body[item[f][0] : item[f][1]] for f in SPAN_FIELDS}})
    rest = {k: v for k, v in gold.items() if k not in {"schema", "articles", "attributions"}}
    story = {"schema": STORY_SCHEMA, **rest, "attributions": atts}
    (out_dir / "gold.json").write_text(json.dumps(story, indent=1, ensure_ascii=False), encoding="utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("to-offsets")
    t.add_argument("story_dir", type=Path)
    t.add_argument("out", type=Path)
    m = sub.add_parser("materialise")
    m.add_argument("gold", type=Path)
    m.add_argument("out_dir", type=Path)
    for p in (t, m):
        p.add_argument("--basil", type=Path, default=BASIL)
    args = parser.parse_args(argv)
    if args.command == "to-offsets":
        gold = to_offsets(args.story_dir, args.basil)
        args.out.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        materialise(args.gold, args.out_dir, args.basil)
    return 0


if __name__ == "__main__":
    sys.exit(main())
