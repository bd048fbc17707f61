"""PolNeAR attribution scoring: exact and overlap span P/R/F1 per role, and relation P/R/F1.

Definitions (so figures compare with published ones):

- spans are trimmed of blanks, quotation marks and punctuation at both ends;
- a discontinuous gold span (``start end;start end``) is taken as its hull;
- exact = same trimmed boundaries; overlap = character Jaccard >= 0.5;
- matching is one-to-one; identical spans count once per role;
- a relation matches when the cues overlap, the contents have Jaccard >= 0.5 and the
  sources overlap (or both are absent);
- for an article with several annotation files, the alphabetically first is gold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sourcetrace.attribution import extract_attributions
from sourcetrace.attribution.tagger import load_tagger
from sourcetrace.dossier.models import Article
from sourcetrace.errors import Errors, UsageError
from sourcetrace.nlp import parse
from sourcetrace.settings import Settings
from sourcetrace.text import spans as char_spans
from sourcetrace.text.spans import jaccard

ROLES = ("source", "cue", "content")
_ROLE_OF_LABEL = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}
_TRIM = " \t\r\n\"'“”‘’«»`.,;:!?()[]{}—–-…*"
_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?")

Span = tuple[int, int]


@dataclass
class Relation:
    """One attribution: cue, with source and content when present (character offsets)."""

    cue: Span
    source: Span | None = None
    content: Span | None = None


@dataclass
class Annotated:
    """One article's text and its gold attributions."""

    name: str
    text: str
    spans: dict[str, set[Span]] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)


def trim(text: str, span: Span) -> Span | None:
    """The span without blanks, quotation marks and punctuation at either end; None if nothing is left."""
    start, end = span
    while start < end and (text[start] in _TRIM or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1].isspace()):
        end -= 1
    return (start, end) if start < end else None


def parse_ann(ann: str, text: str) -> tuple[dict[str, set[Span]], list[Relation]]:
    """Role spans and relations from one brat standoff file (hulls of discontinuous spans, trimmed)."""
    bounds = _text_bounds(ann, text)
    spans: dict[str, set[Span]] = {r: set() for r in ROLES}
    for label, hull in bounds.values():
        role = _ROLE_OF_LABEL.get(label)
        trimmed = trim(text, hull) if role else None
        if role and trimmed:
            spans[role].add(trimmed)
    relations = [r for line in ann.splitlines() if line.startswith("E") and (r := _relation(line, bounds, text))]
    return spans, relations


def _text_bounds(ann: str, text: str) -> dict[str, tuple[str, Span]]:
    """Each text-bound annotation's id: its label and the hull of its pieces."""
    bounds: dict[str, tuple[str, Span]] = {}
    for line in ann.splitlines():
        m = _TEXTBOUND.match(line)
        if not m:
            continue
        pieces = [tuple(map(int, p.split())) for p in m.group(3).split(";")]
        hull = (min(p[0] for p in pieces), max(p[1] for p in pieces))
        if hull[1] > len(text) or hull[0] > hull[1]:
            continue  # an offset past the text: the annotation is unusable, not the article
        bounds[m.group(1)] = (m.group(2), hull)
    return bounds


def _relation(line: str, bounds: dict[str, tuple[str, Span]], text: str) -> Relation | None:
    """The relation of one event line, None when it has no cue."""
    parts = line.split("\t")
    if len(parts) < 2:
        return None
    args: dict[str, list[Span]] = {}
    for arg in parts[1].split():
        role_label, _, ref = arg.partition(":")
        role = _ROLE_OF_LABEL.get(role_label)
        if role and ref in bounds:
            trimmed = trim(text, bounds[ref][1])
            if trimmed:
                args.setdefault(role, []).append(trimmed)
    if "cue" not in args:
        return None
    content = args.get("content")
    hull = (min(s[0] for s in content), max(s[1] for s in content)) if content else None
    return Relation(cue=args["cue"][0], source=(args.get("source") or [None])[0], content=hull)


def load_split(split_dir: str | Path, limit: int | None = None) -> list[Annotated]:
    """The articles of one PolNeAR split (``text/`` and ``attributions/``), sorted by name."""
    root = Path(split_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise UsageError(Errors.E041.format(path=root, detail="expected text/ and attributions/ inside"))
    anns = {base: files[0] for base, files in _annotation_files(ann_dir).items()}
    out = []
    for t in sorted(text_dir.glob("*.txt")):
        ann = anns.get(t.stem)
        if ann is None:
            continue
        text = _read_text(t)
        spans, relations = parse_ann(ann.read_text(encoding="utf-8"), text)
        out.append(Annotated(t.stem, text, spans, relations))
        if limit is not None and len(out) >= limit:
            break
    return out


def _annotation_files(ann_dir: Path) -> dict[str, list[Path]]:
    """Each article's annotation files, alphabetically (the first is gold; the suffix names the annotator)."""
    files: dict[str, list[Path]] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        files.setdefault(re.sub(r"_[0-9a-f]{4}$", "", p.stem), []).append(p)
    return files


def _read_text(path: Path) -> str:
    # newline="" keeps "\r\n" as two characters, as brat's offsets count them
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def overlaps(a: Span | None, b: Span | None) -> bool:
    """True when two spans share a character (or both are absent)."""
    if a is None or b is None:
        return a is None and b is None
    return char_spans.overlaps(a, b)


def match_count(gold: Iterable[Span], pred: Iterable[Span], same: Callable[[Span, Span], float]) -> int:
    """One-to-one matches, best-scoring pairs first; ``same`` gives a score > 0 for a match."""
    pairs = sorted(
        ((s, i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if (s := same(g, p)) > 0),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def _relation_score(g: Relation, p: Relation) -> float:
    if not overlaps(g.cue, p.cue) or not overlaps(g.source, p.source):
        return 0.0
    if g.content is None or p.content is None:
        return 1.0 if g.content is None and p.content is None else 0.0
    j = jaccard(g.content, p.content)
    return j if j >= 0.5 else 0.0


def prf(correct: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 in percent, rounded to one decimal."""
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}


@dataclass
class Tally:
    """Running counts over a split."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: str, correct: int, n_pred: int, n_gold: int) -> None:
        c = self.counts.setdefault(key, [0, 0, 0])
        c[0] += correct
        c[1] += n_pred
        c[2] += n_gold

    def figures(self) -> dict[str, dict[str, float]]:
        return {k: prf(*v) for k, v in self.counts.items()}


def score_article(gold: Annotated, pred_spans: dict[str, set[Span]], pred_rel: list[Relation], tally: Tally) -> None:
    """Add one article's matches to ``tally`` (predicted spans already trimmed)."""
    for role in ROLES:
        g, p = sorted(gold.spans.get(role, ())), sorted(pred_spans.get(role, ()))
        tally.add(f"{role}_exact", match_count(g, p, lambda a, b: 1.0 if a == b else 0.0), len(p), len(g))
        tally.add(f"{role}_overlap", match_count(g, p, lambda a, b: j if (j := jaccard(a, b)) >= 0.5 else 0.0), len(p), len(g))
    tally.add("relation", match_count(gold.relations, pred_rel, _relation_score), len(pred_rel), len(gold.relations))


def predict(
    articles: list[Annotated], model: Path | None = None, use_tagger: bool = True
) -> list[tuple[dict[str, set[Span]], list[Relation]]]:
    """sourcetrace's attributions for each article, as trimmed role spans and relations."""
    settings = Settings(progress=False, attribution_model=model, use_tagger=use_tagger)
    out = []
    for a, doc in parse(articles):
        article = Article(id=a.name, file=a.name, format="txt", text=a.text, content_hash="")
        spans: dict[str, set[Span]] = {r: set() for r in ROLES}
        rels = []
        for att in extract_attributions(article, doc, settings):
            roles: dict[str, Span | None] = {}
            for role in ROLES:
                s = getattr(att, role)
                roles[role] = trim(a.text, (s.start, s.end)) if s is not None else None
                if roles[role] is not None:
                    spans[role].add(roles[role])  # type: ignore[arg-type]
            if roles["cue"] is not None:
                rels.append(Relation(cue=roles["cue"], source=roles["source"], content=roles["content"]))
        out.append((spans, rels))
    return out


def evaluate_polnear(
    split_dir: str | Path, limit: int | None = None, model: Path | None = None, use_tagger: bool = True
) -> dict:
    """Score sourcetrace's extraction on one PolNeAR split; the figures as one JSON-ready dict."""
    articles = load_split(split_dir, limit=limit)
    if not articles:
        raise UsageError(Errors.E041.format(path=split_dir, detail="no article has both a text and an annotation file"))
    tally = Tally()
    for gold, (spans, rels) in zip(articles, predict(articles, model, use_tagger), strict=True):
        score_article(gold, spans, rels, tally)
    tagged = use_tagger and load_tagger(model) is not None
    figures: dict = {"split": str(split_dir), "articles": len(articles), "method": "rules+tagger" if tagged else "rules"}
    figures |= _role_figures(tally)
    figures["gold"] = {role: tally.counts[f"{role}_exact"][2] for role in ROLES} | {
        "relations": tally.counts["relation"][2]
    }
    return figures


def annotator_agreement(split_dir: str | Path) -> dict:
    """How far annotators agree under the same definitions: every other annotation file of an
    article scored as a prediction against its gold (alphabetically first) file."""
    root = Path(split_dir)
    tally = Tally()
    articles = pairs = 0
    for base, files in _annotation_files(root / "attributions").items():
        text_path = root / "text" / f"{base}.txt"
        if len(files) < 2 or not text_path.is_file():
            continue
        text = _read_text(text_path)
        gold = Annotated(base, text, *parse_ann(files[0].read_text(encoding="utf-8"), text))
        articles += 1
        for other in files[1:]:
            spans, relations = parse_ann(other.read_text(encoding="utf-8"), text)
            score_article(gold, spans, relations, tally)
            pairs += 1
    if not pairs:
        raise UsageError(Errors.E041.format(path=split_dir, detail="no article has two annotation files"))
    return {"split": str(split_dir), "articles": articles, "pairs": pairs, "method": "annotators"} | _role_figures(tally)


def _role_figures(tally: Tally) -> dict:
    """Exact and overlap P/R/F1 per role and relation P/R/F1, as the eval command prints them."""
    figs = tally.figures()
    out: dict = {role: {"exact": figs[f"{role}_exact"], "overlap": figs[f"{role}_overlap"]} for role in ROLES}
    out["relation"] = figs["relation"]
    return out
