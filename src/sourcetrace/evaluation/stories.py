"""``sourcetrace eval stories``: the dossier scored against hand-made gold on real stories.

Each story folder (articles as ``.md`` and a ``gold.json``, see ``../shared/data/stories/FORMAT.md``)
is analysed alone and scored with the definitions of FORMAT.md:

- a gold attribution is *found* by a predicted one in the same article whose content holds
  ``content_has``, whose cue overlaps the gold cue, and whose source text or speaker name
  matches the gold source or speaker (each predicted attribution matches one gold one);
- speaker right, chain right (same length, hop by hop) and root right, over found ones;
- claim alignment: pairwise P/R/F1 over pairs of found mentions of gold claims;
- roots right: gold claims whose predicted claim (the one holding most of its found mentions)
  has as many independent roots as the gold claim;
- false corroboration: predicted corroborated claims all of whose matched mentions belong to
  gold claims with one root; and, beyond FORMAT.md, the error it trades against: gold claims of
  two or more roots whose predicted claim is corroborated (``corroboration_found``);
- conflicts: recall of gold pairs (a claim side stands for all its attributions), precision over
  predicted conflicts whose two sides both hold gold attributions.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from sourcetrace.dossier.models import Attribution, ClaimStatus, Dossier
from sourcetrace.errors import Errors, InputError
from sourcetrace.evaluation.story_gold import BASIL, locate, materialise
from sourcetrace.pipeline import analyze
from sourcetrace.settings import Settings
from sourcetrace.sources.roots import root_of, top_affiliation
from sourcetrace.text.spans import holds, overlaps

DEFAULT = Path("../shared/data/stories")
# gold written for the project: offsets into BASIL, no article text (evaluation/story_gold.py)
REPO_GOLD = Path(__file__).resolve().parents[3] / "eval" / "stories"
# words that say nothing about who a name means
_GENERIC = frozenset({
    "the", "a", "an", "news", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "of",
    "and", "inc", "co", "corp", "network", "newspaper", "times", "post", "daily", "magazine",
    "show", "office", "group", "press", "secretary", "spokesman", "spokeswoman", "spokesperson",
    # titles: "the mayor" names no one in particular
    "mayor", "senator", "governor", "congressman", "congresswoman", "minister", "chairman",
    "director", "chief", "executive", "official", "officials", "general", "attorney", "lawyer",
    "campaign", "committee", "department", "state", "federal", "former",
})
_PUNCT = re.compile(r"[\"“”‘’'`´\-–—.,:;()]+")


def _words(name: str) -> list[str]:
    return [w for w in _PUNCT.sub(" ", name.lower()).split() if w]


def same_name(a: str | None, b: str | None) -> bool:
    """FORMAT.md's name match: case-, quote- and dash-insensitive; one contains the other, or
    they share a distinctive word once "the", "news", "mr" and the like are left out."""
    if not a or not b:
        return False
    wa, wb = _words(a), _words(b)
    ja, jb = " ".join(wa), " ".join(wb)
    if ja and jb and (f" {ja} " in f" {jb} " or f" {jb} " in f" {ja} "):
        return True
    return bool({w for w in wa if w not in _GENERIC and len(w) > 1} & {w for w in wb if w not in _GENERIC and len(w) > 1})


@dataclass
class StoryScore:
    """Counts for one story; figures are computed over the sum of several."""

    name: str
    gold: int = 0
    found: int = 0
    speaker: int = 0
    chain: int = 0
    root: int = 0
    pairs_tp: int = 0
    pairs_pred: int = 0
    pairs_gold: int = 0
    claims: int = 0
    roots_right: int = 0
    corroborated: int = 0
    false_corroborated: int = 0
    # the other error: gold claims of two or more roots, and those whose predicted claim says so
    multi_root: int = 0
    multi_root_corroborated: int = 0
    conflicts_gold: int = 0
    conflicts_found: int = 0
    conflicts_listed: int = 0
    conflicts_judged: int = 0
    conflicts_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: StoryScore) -> None:
        for key, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, key, getattr(self, key) + value)


def _ratio(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


def figures(s: StoryScore) -> dict[str, Any]:
    """The figures of FORMAT.md (percentages) from summed counts."""
    p = _ratio(s.pairs_tp, s.pairs_pred)
    r = _ratio(s.pairs_tp, s.pairs_gold)
    f1 = round(2 * p * r / (p + r), 1) if p and r else 0.0
    return {
        "attributions_found": _ratio(s.found, s.gold),
        "speaker_right": _ratio(s.speaker, s.found),
        "chain_right": _ratio(s.chain, s.found),
        "root_right": _ratio(s.root, s.found),
        "claim_pairs": {"p": p, "r": r, "f1": f1},
        "roots_right": _ratio(s.roots_right, s.claims),
        "false_corroboration": {"claims": s.false_corroborated, "of_corroborated": s.corroborated},
        # not in FORMAT.md: the error false corroboration trades against (tuning must see both)
        "corroboration_found": {"claims": s.multi_root_corroborated, "of_gold": s.multi_root},
        "conflicts": {"recall": _ratio(s.conflicts_found, s.conflicts_gold),
                      "precision": _ratio(s.conflicts_right, s.conflicts_judged), "listed": s.conflicts_listed},
        "counts": {"gold_attributions": s.gold, "found": s.found, "gold_claims": s.claims,
                   "gold_conflicts": s.conflicts_gold},
    }


def match_attributions(gold: list[dict], dossier: Dossier) -> dict[str, Attribution]:
    """Gold id → the predicted attribution that finds it (one predicted attribution per gold one)."""
    by_file = {Path(a.file).name: a for a in dossier.articles}
    used: set[str] = set()
    out: dict[str, Attribution] = {}
    for item in gold:
        article = by_file.get(item["article"])
        if article is None:
            continue
        spans = locate(article.text, item)
        if "content_has" not in spans or "cue" not in spans:
            continue
        for att in dossier.attributions:
            if att.article_id != article.id or att.id in used or att.content is None or att.cue is None:
                continue
            if not holds((att.content.start, att.content.end), spans["content_has"]):
                continue
            if not overlaps((att.cue.start, att.cue.end), spans["cue"]):
                continue
            source = att.source.text if att.source else None
            speaker = att.speaker.name if att.speaker else None
            if same_name(source, item["source"]) or same_name(speaker, item["speaker"]) or same_name(
                speaker, item["source"]
            ):
                out[item["id"]] = att
                used.add(att.id)
                break
    return out


def score_story(name: str, gold: dict, dossier: Dossier) -> StoryScore:
    """Every count of one story's dossier against its gold."""
    s = StoryScore(name)
    found = match_attributions(gold["attributions"], dossier)
    s.gold, s.found = len(gold["attributions"]), len(found)
    ents = {e.id: e for e in dossier.entities}
    arts = {a.id: a for a in dossier.articles}
    for item in gold["attributions"]:
        att = found.get(item["id"])
        if att is None:
            s.misses.append(item["id"])
            continue
        s.speaker += same_name(att.speaker.name if att.speaker else None, item["speaker"])
        chain = att.chain_names
        s.chain += len(chain) == len(item["chain"]) and all(same_name(a, b) for a, b in zip(chain, item["chain"], strict=True))
        root = root_of(att, arts)
        top = ents.get(top_affiliation(root, ents)) if root else None
        s.root += top is not None and (same_name(top.name, item["root"]) or any(same_name(x, item["root"]) for x in top.aliases))
    _score_claims(s, gold, dossier, found)
    _score_conflicts(s, gold, dossier, found)
    return s


def _score_claims(s: StoryScore, gold: dict, dossier: Dossier, found: dict[str, Attribution]) -> None:
    claim_of = {aid: c.id for c in dossier.claims for aid in c.attribution_ids}
    gold_claim = {m: k["id"] for k in gold.get("claims", []) for m in k["mentions"]}
    mentions = [g for g in gold_claim if g in found]
    for a, b in combinations(mentions, 2):
        same_gold = gold_claim[a] == gold_claim[b]
        ca, cb = claim_of.get(found[a].id), claim_of.get(found[b].id)
        same_pred = ca is not None and ca == cb
        s.pairs_gold += same_gold
        s.pairs_pred += same_pred
        s.pairs_tp += same_gold and same_pred
    claims = {c.id: c for c in dossier.claims}
    for k in gold.get("claims", []):
        s.claims += 1
        held = Counter(claim_of[found[m].id] for m in k["mentions"] if m in found and found[m].id in claim_of)
        s.multi_root += len(k["independent_roots"]) > 1
        if held:
            best = claims[held.most_common(1)[0][0]]
            s.roots_right += len(best.independent_roots) == len(k["independent_roots"])
            s.multi_root_corroborated += len(k["independent_roots"]) > 1 and best.status is ClaimStatus.corroborated
    one_root = {k["id"] for k in gold.get("claims", []) if len(k["independent_roots"]) == 1}
    gold_of_pred = {att.id: gold_claim[g] for g, att in found.items() if g in gold_claim}
    for c in dossier.claims:
        matched = [gold_of_pred[a] for a in c.attribution_ids if a in gold_of_pred]
        if c.status is ClaimStatus.corroborated and matched:
            s.corroborated += 1
            s.false_corroborated += all(g in one_root for g in matched)


def _side(ref: str, claims: dict[str, list[str]]) -> set[str]:
    return set(claims.get(ref, [ref]))


def _score_conflicts(s: StoryScore, gold: dict, dossier: Dossier, found: dict[str, Attribution]) -> None:
    claims = {c.id: c.attribution_ids for c in dossier.claims}
    gold_of = {att.id: g for g, att in found.items()}
    pairs = {frozenset((c["a"], c["b"])) for c in gold.get("conflicts", [])}
    sides = [(_gold_ids(_side(c.a, claims), gold_of), _gold_ids(_side(c.b, claims), gold_of)) for c in dossier.conflicts]
    s.conflicts_gold = len(pairs)
    s.conflicts_listed = len(dossier.conflicts)
    for pair in pairs:
        a, b = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        s.conflicts_found += any((a in x and b in y) or (b in x and a in y) for x, y in sides)
    for x, y in sides:
        if x and y:
            s.conflicts_judged += 1
            s.conflicts_right += any(frozenset((g, h)) in pairs for g in x for h in y if g != h)


def _gold_ids(pred_ids: Iterable[str], gold_of: dict[str, str]) -> set[str]:
    return {gold_of[p] for p in pred_ids if p in gold_of}


def story_dirs(root: Path, repo_gold: Path | None, basil: Path, tmp: Path) -> list[Path]:
    """The story folders of ``root`` and, materialised into ``tmp``, those of ``repo_gold``."""
    dirs = sorted(p for p in root.iterdir() if (p / "gold.json").is_file()) if root.is_dir() else []
    if repo_gold is not None and repo_gold.is_dir() and basil.is_dir():
        dirs += [materialise(g, tmp / g.stem, basil) for g in sorted(repo_gold.glob("*.json"))]
    return dirs


def evaluate_stories(
    root: Path = DEFAULT,
    repo_gold: Path | None = REPO_GOLD,
    basil: Path = BASIL,
    settings: Settings | None = None,
    per_story: bool = False,
) -> dict[str, Any]:
    """The figures over every story (and per story with ``per_story``), one JSON-ready dict.

    ``parts`` gives the figures of the shared stories and of the project's own apart: rules are
    tuned on the shared ones, and the project's, annotated later, check what generalises.
    """
    settings = settings or Settings(progress=False)
    total = StoryScore("all")
    parts = {"shared": StoryScore("shared"), "project": StoryScore("project")}
    stories: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        dirs = story_dirs(root, repo_gold, basil, Path(tmp))
        if not dirs:
            raise InputError.coded(Errors.E040, path=root)
        for story in dirs:
            gold = json.loads((story / "gold.json").read_text(encoding="utf-8"))
            dossier = analyze(sorted(story.glob("*.md")), settings)
            score = score_story(story.name, gold, dossier)
            total.add(score)
            parts["project" if story.is_relative_to(tmp) else "shared"].add(score)
            if per_story:
                stories[story.name] = figures(score) | {"missed": score.misses}
    out = {"stories": len(dirs), **figures(total)}
    if parts["shared"].gold and parts["project"].gold:
        out["parts"] = {name: figures(part) for name, part in parts.items()}
    if per_story:
        out["per_story"] = stories
    return out
