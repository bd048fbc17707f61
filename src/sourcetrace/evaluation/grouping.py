"""``eval grouping``: the story grouping scored against BASIL's same-event triplets.

All BASIL articles are read as one pile (title, outlet, date and body as the shared stories
write them) and grouped; each triplet (one event told by three outlets) is a gold story.
B-cubed precision and recall are averaged over articles (for each article, the share of its
predicted story that is in its gold story, and the share of its gold story that is in its
predicted one); pairwise figures count article pairs put together.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sourcetrace.dossier.models import Article
from sourcetrace.errors import Errors, InputError
from sourcetrace.evaluation.story_gold import OUTLETS, basil_body
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.settings import Settings
from sourcetrace.stories import group_stories

BASIL_ROOT = Path("../shared/data/basil")


def load_basil_pile(root: Path) -> tuple[list[Article], dict[str, str]]:
    """Every BASIL article under ``root`` (the folder or its ``articles/``) and its triplet id."""
    folder = root / "articles" if (root / "articles").is_dir() else root
    paths = sorted(folder.rglob("*.json")) if folder.is_dir() else []
    if not paths:
        raise InputError(Errors.E040.format(path=root))
    articles, gold = [], {}
    for path in paths:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            triplet = record["triplet-uuid"]
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(Errors.E043.format(path=path, detail=str(exc))) from exc
        text = basil_body(record)
        if not text.strip():
            continue
        source = str(record.get("source") or "")
        outlet = OUTLETS.get(source.lower(), (None, source or None))[1]
        articles.append(Article(
            id=path.stem, file=str(path), format="json", title=record.get("title"), outlet=outlet,
            published=record.get("date"), text=text, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        ))
        gold[path.stem] = triplet
    return articles, gold


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_grouping(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    """B-cubed and pairwise P/R/F1 of a grouping (article id -> cluster) against gold (same keys)."""
    ids = sorted(gold)
    pred_members: dict[str, set[str]] = {}
    gold_members: dict[str, set[str]] = {}
    for a in ids:
        pred_members.setdefault(predicted[a], set()).add(a)
        gold_members.setdefault(gold[a], set()).add(a)
    bp = br = 0.0
    for a in ids:
        mine, truth = pred_members[predicted[a]], gold_members[gold[a]]
        both = len(mine & truth)
        bp += both / len(mine)
        br += both / len(truth)
    bp, br = bp / len(ids), br / len(ids)

    def pairs(groups: dict[str, set[str]]) -> int:
        return sum(len(g) * (len(g) - 1) // 2 for g in groups.values())

    together = sum(len(m & t) * (len(m & t) - 1) // 2 for m in pred_members.values() for t in gold_members.values())
    pp = together / pairs(pred_members) if pairs(pred_members) else 1.0
    pr = together / pairs(gold_members) if pairs(gold_members) else 1.0
    wrongly_joined = pairs(pred_members) - together
    return {
        "articles": len(ids), "stories": len(pred_members), "gold_stories": len(gold_members),
        "bcubed": {"p": round(bp, 4), "r": round(br, 4), "f1": round(_f1(bp, br), 4)},
        "pairwise": {"p": round(pp, 4), "r": round(pr, 4), "f1": round(_f1(pp, pr), 4)},
        "wrongly_joined_pairs": wrongly_joined,
        "wrongly_split_pairs": pairs(gold_members) - together,
    }


def evaluate_grouping(root: Path = BASIL_ROOT, settings: Settings | None = None) -> dict[str, Any]:
    """Group every BASIL article as one pile and score the stories against the triplets."""
    settings = settings or Settings()
    pile, gold = load_basil_pile(root)
    mark_reprints(pile, settings)
    groups = group_stories(pile, settings)
    return score_grouping(groups.of_article, gold)
