"""Quotes and speakers scored as the Gender Gap Tracker scores them (its ``evaluate_quotes.py``).

The data (``ggt/``): ``text/DOC.txt`` and ``gold.jsonl``, one line per article with ``doc`` and
``quotes[]`` (``quote``, ``speaker``, ``verb`` as ``[start, end]`` or null, ``verb_text``,
``reference``: the person or body the speaker is after resolving pronouns and descriptions).

Definitions kept from the tracker's scorer:

- a prediction is an attribution with a content whose cue reports speech or writing (``act``), quoted
  or stating something (``proposition``), and not a refusal (:func:`counted`);
  its quote is the content, its speaker the source span, its verb the cue's verb; a quotation split
  around its cue is two quotes, as the tracker marks it (:func:`tracker_quotes`);
- a gold quote matches the unmatched prediction covering the largest share of it,
  |gold ∩ pred| / |gold|, at or above a threshold (0.3 and 0.8), one to one, gold in text order;
- precision / recall / F1 over quotes (figures keyed ``t30`` and ``t80`` for the two thresholds);
- speaker accuracy: matched quotes whose speaker spans overlap, or that both have none;
- verb accuracy: matched quotes with the same lower-cased verb (both none counts as the same).

Added here: **resolution**, of the matched quotes whose gold has a ``reference``, the share whose
resolved speaker names it: the resolved name holds the reference's last word, or every word of the
resolved name is a word of the reference; a bare pronoun never counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from sourcetrace.attribution import extract_attributions
from sourcetrace.dossier.models import Article, Attribution, AttributionKind, SpeechAct, Stance
from sourcetrace.errors import Errors, InputError
from sourcetrace.nlp import parse
from sourcetrace.settings import Settings

THRESHOLDS = (0.3, 0.8)
# what the tracker counts as a quote: what someone said or wrote, not what they believe or saw
COUNTED_ACTS = frozenset({SpeechAct.speech, SpeechAct.writing})
_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "we", "i", "you", "his", "its", "their"})
_WORD = re.compile(r"[\w'’-]+")

Span = tuple[int, int]


@dataclass(frozen=True)
class Quote:
    """One quote: its content, speaker span and verb (character offsets), and whom it is resolved to."""

    quote: Span
    speaker: Span | None
    verb: str | None
    name: str = ""  # gold: the annotators' reference; predicted: the resolved speaker


@dataclass
class GoldArticle:
    """One article's text and its gold quotes."""

    name: str
    outlet: str | None
    text: str
    quotes: list[Quote]


def _span(value: object) -> Span | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[0], value[1]
    return None


def load_ggt(directory: str | Path, limit: int | None = None) -> list[GoldArticle]:
    """The articles of ``directory`` (``gold.jsonl`` and ``text/``) with their gold quotes."""
    root = Path(directory)
    gold_file = root / "gold.jsonl"
    if not gold_file.is_file():
        raise InputError(Errors.E040.format(path=root))
    out = []
    for n, line in enumerate(gold_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            name = str(record["doc"])
            text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
            quotes = []
            for q in record["quotes"]:
                span = _span(q["quote"])
                if span is None:
                    raise ValueError(f"quote {q.get('quote')!r} is not [start, end]")
                quotes.append(Quote(span, _span(q.get("speaker")), q.get("verb_text") or None, q.get("reference") or ""))
        except (ValueError, KeyError, TypeError, OSError) as exc:
            raise InputError(Errors.E044.format(path=gold_file, line=n, detail=exc)) from exc
        out.append(GoldArticle(name, record.get("outlet"), text, quotes))
        if limit is not None and len(out) >= limit:
            break
    return out


def counted(att: Attribution) -> bool:
    """Whether an attribution is a quote the tracker would count: a content cued as speech or writing
    that is quoted or states something (not a topic or a request, "called for the fees to go"), from a
    cue that does not withhold ("did not say whether")."""
    return (att.content is not None and att.cue is not None and att.act in COUNTED_ACTS
            and att.stance is not Stance.withholds
            and (att.proposition or att.kind in {AttributionKind.direct, AttributionKind.mixed}))


def cue_verb(doc: Doc, att: Attribution) -> str | None:
    """The one word the tracker marks as the verb: the cue's first full verb ("has said" → "said",
    "said in a statement" → "said"), else its head; none for "according to" (the tracker marks none)."""
    if att.cue is None or att.kind is AttributionKind.according_to:
        return None
    cue = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    if cue is None or not len(cue):
        return att.cue.text
    verb = next((t for t in cue if t.pos_ == "VERB"), None) or cue.root
    return verb.text


def as_quote(doc: Doc, att: Attribution) -> Quote:
    """An attribution with a content as the tracker's scorer reads a predicted quote."""
    assert att.content is not None
    source = (att.source.start, att.source.end) if att.source is not None else None
    name = att.speaker.name if att.speaker is not None else (att.source.text if att.source is not None else "")
    return Quote((att.content.start, att.content.end), source, cue_verb(doc, att), name)


_OPENING = re.compile(r"[“\"]")
_CLOSING = frozenset("”\"")


def tracker_quotes(text: str, att: Attribution, quote: Quote) -> list[Quote]:
    """A quotation split around its cue read as the tracker marks it. sourcetrace keeps one content
    for ``"A," she said. "B."`` (the hull, so that a claim reads whole); the tracker marks the part
    before the cue with its speaker and verb, and the quotation that opens after the cue as a quote
    of its own with no speaker or verb in its sentence (the same person, resolved)."""
    if att.cue is None or att.kind not in {AttributionKind.direct, AttributionKind.mixed}:
        return [quote]
    start, end = quote.quote
    if not start < att.cue.start < att.cue.end < end:
        return [quote]
    opening = _OPENING.search(text, att.cue.end, end)
    if opening is None:
        return [quote]
    before = min(att.cue.start, att.source.start if att.source is not None else att.cue.start)
    cut = next((i + 1 for i in range(before - 1, start, -1) if text[i] in _CLOSING), before)
    return [Quote((start, cut), quote.speaker, quote.verb, quote.name),
            Quote((opening.start(), end), None, None, quote.name)]


def predict(articles: list[GoldArticle], settings: Settings | None = None) -> list[list[tuple[Attribution, Quote]]]:
    """sourcetrace's attributions with a content for each article, each with its quote as the
    scorer reads it (every one; :func:`counted` picks those the tracker would count)."""
    settings = settings or Settings(progress=False)
    out = []
    for a, doc in parse(articles):
        article = Article(id=a.name, file=a.name, format="txt", outlet=a.outlet, text=a.text, content_hash="")
        atts = extract_attributions(article, doc, settings)
        out.append([(att, as_quote(doc, att)) for att in atts if att.content is not None])
    return out


def match(gold: list[Quote], pred: list[Quote], threshold: float) -> list[tuple[Quote, Quote]]:
    """Gold quotes in text order, each with the unmatched prediction covering most of it."""
    pairs = []
    free = list(range(len(pred)))
    for g in sorted(gold, key=lambda q: q.quote):
        size = g.quote[1] - g.quote[0]
        if size <= 0:
            continue
        best, share = None, 0.0
        for i in free:
            s = max(0, min(g.quote[1], pred[i].quote[1]) - max(g.quote[0], pred[i].quote[0])) / size
            if s > share:
                best, share = i, s
        if best is not None and share >= threshold:
            free.remove(best)
            pairs.append((g, pred[best]))
    return pairs


def _words(name: str) -> list[str]:
    return _WORD.findall(name.lower())


def names_reference(resolved: str, reference: str) -> bool:
    """Whether a resolved speaker names the annotators' reference (see the module's definition)."""
    got, ref = _words(resolved), _words(reference)
    if not got or not ref or (len(got) == 1 and got[0] in _PRONOUNS):
        return False
    return ref[-1] in got or all(w in ref for w in got)


def _speaker_right(g: Quote, p: Quote) -> bool:
    if g.speaker is None or p.speaker is None:
        return g.speaker is None and p.speaker is None
    return g.speaker[0] < p.speaker[1] and p.speaker[0] < g.speaker[1]


def _verb(v: str | None) -> str | None:
    return v.strip().lower() if v else None


def _pct(n: int, d: int) -> float:
    return round(100 * n / d, 1) if d else 0.0


def score(gold: Iterable[list[Quote]], pred: Iterable[list[Quote]], threshold: float) -> dict:
    """P/R/F1, speaker, verb and resolution accuracy (percent) at one threshold."""
    n_gold = n_pred = matched = speaker = verb = resolvable = resolved = 0
    for g, p in zip(gold, pred, strict=True):
        n_gold += len(g)
        n_pred += len(p)
        for gq, pq in match(g, p, threshold):
            matched += 1
            speaker += _speaker_right(gq, pq)
            verb += _verb(gq.verb) == _verb(pq.verb)
            if gq.name:
                resolvable += 1
                resolved += names_reference(pq.name, gq.name)
    prec, rec = matched / n_pred if n_pred else 0.0, matched / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "p": round(100 * prec, 1), "r": round(100 * rec, 1), "f1": round(100 * f1, 1),
        "speaker": _pct(speaker, matched), "verb": _pct(verb, matched), "resolution": _pct(resolved, resolvable),
        "matched": matched,
    }


def evaluate_ggt(directory: str | Path, limit: int | None = None, settings: Settings | None = None) -> dict:
    """Score sourcetrace's quotes on a GGT folder; the figures as one JSON-ready dict."""
    articles = load_ggt(directory, limit=limit)
    if not articles:
        raise InputError(Errors.E040.format(path=directory))
    gold = [a.quotes for a in articles]
    pred = [[piece for att, q in found if counted(att) for piece in tracker_quotes(a.text, att, q)]
            for a, found in zip(articles, predict(articles, settings), strict=True)]
    figures: dict = {"dir": str(directory), "articles": len(articles), "quotes": sum(map(len, gold)),
                     "predicted": sum(map(len, pred))}
    for t in THRESHOLDS:
        figures[f"t{round(100 * t)}"] = score(gold, pred, t)  # "t30": threshold 0.3 (a key without a dot)
    return figures
