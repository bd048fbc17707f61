"""TempEval-3 style scoring of time expressions on TimeML files (e.g. TimeBank 1.2).

For each ``.tml`` file: the document creation time is the value of the TIMEX3 in
``<DCT>``; the text is the content of ``<TEXT>`` with every tag removed (character
entities decoded), and each ``<TIMEX3>`` inside it is a gold expression at the
offsets its content takes in that text.

Figures, for sourcetrace and for ``dateparser.search.search_dates`` on the same texts:

* extent P/R/F1, relaxed: a prediction matches a gold expression when their
  character ranges overlap; matching is one-to-one (gold in text order, each
  taking the first unmatched overlapping prediction).
* calendar dates: gold TIMEX3 of type DATE whose value matches
  ``^\\d{4}(-\\d{2}(-\\d{2})?|-W\\d{2}|-Q\\d)?$`` (a year, month, day, ISO week or
  quarter; not PRESENT_REF, not 1989-WXX, not seasons, not times).
  ``value_accuracy``: of the matched pairs whose gold is a calendar date, the share
  with equal values. Value P/R/F1: a pair counts correct when its gold is a calendar
  date and the values are equal; precision is over the predictions whose value is
  calendar-shaped (same pattern), recall over the gold calendar dates.

dateparser gets ``RELATIVE_BASE`` = the DCT at midnight. Its matched substrings
are the extents; the value is the returned datetime at day precision, except:
month precision when the matched text names a month (or the word "month") but
holds no day number or weekday/day word; year precision when it holds only a
4-digit year or the word "year" and neither a month nor a day.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sourcetrace.dossier.models import Article
from sourcetrace.errors import Errors, InputError
from sourcetrace.nlp import parse
from sourcetrace.settings import Settings
from sourcetrace.text.spans import overlaps
from sourcetrace.timeline import extract_timeline

CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2}|-Q\d)?$")
_TOKEN = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[^<&]+|&")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.DOTALL)
_TEXT = re.compile(r"<TEXT>(.*)</TEXT>", re.DOTALL)


@dataclass(frozen=True)
class Timex:
    """One gold or predicted expression: offsets into the stripped text, value, type."""

    start: int
    end: int
    value: str | None
    type: str = "DATE"


@dataclass
class TimeMLDoc:
    name: str
    dct: str
    text: str
    gold: list[Timex]


def parse_tml(path: Path) -> TimeMLDoc:
    """Text without tags, gold TIMEX3 offsets and the creation date of one TimeML file."""
    raw = path.read_text(encoding="utf-8")
    dct_match = _DCT.search(raw)
    dct = dict(_ATTR.findall(dct_match.group(1))).get("value", "") if dct_match else ""
    body = _TEXT.search(raw)
    content = body.group(1) if body else ""
    parts: list[str] = []
    pos = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for tok in _TOKEN.finditer(content):
        t = tok.group(0)
        if t.startswith("<"):
            if t.startswith("<TIMEX3"):
                open_timex = (pos, dict(_ATTR.findall(t)))
            elif t.startswith("</TIMEX3") and open_timex is not None:
                start, attrs = open_timex
                gold.append(Timex(start, pos, attrs.get("value"), attrs.get("type", "DATE")))
                open_timex = None
            continue
        piece = html.unescape(t) if t.startswith("&") else t
        parts.append(piece)
        pos += len(piece)
    return TimeMLDoc(path.stem, dct[:10], "".join(parts), gold)


def _match(gold: list[Timex], pred: list[Timex]) -> list[tuple[Timex, Timex]]:
    pairs = []
    used: set[int] = set()
    ordered = sorted(range(len(pred)), key=lambda i: (pred[i].start, pred[i].end))
    for g in sorted(gold, key=lambda g: (g.start, g.end)):
        for i in ordered:
            if i not in used and overlaps((pred[i].start, pred[i].end), (g.start, g.end)):
                used.add(i)
                pairs.append((g, pred[i]))
                break
    return pairs


def _prf(correct: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


class _Score:
    def __init__(self) -> None:
        self.n_gold = self.n_pred = self.matched = 0
        self.cal_gold = self.cal_pred = self.cal_matched = self.cal_correct = 0

    def add(self, gold: list[Timex], pred: list[Timex]) -> None:
        pairs = _match(gold, pred)
        self.n_gold += len(gold)
        self.n_pred += len(pred)
        self.matched += len(pairs)
        self.cal_gold += sum(_is_calendar(g) for g in gold)
        self.cal_pred += sum(bool(p.value and CALENDAR.match(p.value)) for p in pred)
        for g, p in pairs:
            if _is_calendar(g):
                self.cal_matched += 1
                self.cal_correct += p.value == g.value

    def figures(self) -> dict[str, object]:
        return {
            "extent": _prf(self.matched, self.n_pred, self.n_gold),
            "calendar_value": _prf(self.cal_correct, self.cal_pred, self.cal_gold),
            "value_accuracy": round(self.cal_correct / self.cal_matched, 4) if self.cal_matched else 0.0,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "n_gold_calendar": self.cal_gold,
            "n_pred_calendar": self.cal_pred,
        }


def _is_calendar(g: Timex) -> bool:
    return g.type == "DATE" and bool(g.value and CALENDAR.match(g.value))


def sourcetrace_predictions(docs: list[TimeMLDoc]) -> list[list[Timex]]:
    """Run the timeline extractor on each text with its DCT as the publication date."""
    settings = Settings(progress=False, use_tagger=False)
    out = []
    for d, doc in parse(docs):
        article = Article(id=d.name, file=d.name, format="txt", published=d.dct or None, text=d.text, content_hash="")
        entries = extract_timeline(article, doc, [], settings)
        out.append([Timex(e.start, e.end, e.value, e.type) for e in entries])
    return out


_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_WORD = re.compile(rf"\b{_MONTH_NAME}|\bmonths?\b", re.IGNORECASE)
_DAY_WORD = re.compile(
    rf"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|tonight|yesterday|tomorrow|days?|weeks?|now|hours?|minutes?)\b"
    rf"|\b{_MONTH_NAME}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}|\d[/.-]\d",
    re.IGNORECASE,
)
_YEAR_WORD = re.compile(r"\b\d{4}\b|\byears?\b", re.IGNORECASE)


def dateparser_value(matched: str, when: datetime) -> str:
    """The value dateparser's match stands for, at the precision its text gives."""
    if _DAY_WORD.search(matched):
        return when.strftime("%Y-%m-%d")
    if _MONTH_WORD.search(matched):
        return when.strftime("%Y-%m")
    if _YEAR_WORD.search(matched):
        return when.strftime("%Y")
    return when.strftime("%Y-%m-%d")


def dateparser_predictions(docs: list[TimeMLDoc]) -> list[list[Timex]]:
    """``search_dates`` on each text with RELATIVE_BASE = the DCT."""
    # lazy: dateparser is measured alongside, and slow to import
    from dateparser.search import search_dates

    out = []
    for d in docs:
        base = datetime.fromisoformat(d.dct) if d.dct else datetime(2000, 1, 1)
        try:
            found = search_dates(d.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        except Exception:  # dateparser raises on some inputs; count that file as no predictions
            found = []
        preds = []
        pos = 0
        for matched, when in found:
            i = d.text.find(matched, pos)
            if i < 0:
                i = d.text.find(matched)
                if i < 0:
                    continue
            else:
                pos = i + len(matched)
            preds.append(Timex(i, i + len(matched), dateparser_value(matched, when)))
        out.append(preds)
    return out


def evaluate_timeml(directory: str | Path, limit: int | None = None) -> dict:
    """Extent and calendar-date value scores for sourcetrace and dateparser (one dict)."""
    directory = Path(directory)
    files = sorted(directory.glob("*.tml")) if directory.is_dir() else []
    if not files:
        raise InputError(Errors.E040.format(path=directory))
    if limit is not None:
        files = files[:limit]
    docs = [parse_tml(f) for f in files]
    result: dict = {}
    for name, predict in (("sourcetrace", sourcetrace_predictions), ("dateparser", dateparser_predictions)):
        t0 = time.perf_counter()
        preds = predict(docs)
        score = _Score()
        for d, p in zip(docs, preds, strict=True):
            score.add(d.gold, p)
        result[name] = {**score.figures(), "seconds": round(time.perf_counter() - t0, 2)}
    result["n_files"] = len(docs)
    return result
