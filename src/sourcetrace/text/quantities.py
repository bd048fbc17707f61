"""Numbers, figures and dates in text: the one number-word table and its parsers.

"$1.2 billion", "1.2bn dollars", "900 million", "three", "3,000", "12%": each
becomes a :class:`Quantity` with a float value and a unit (the currency, "%",
or the noun after the number, singular). :func:`parse_count` reads the counts of
time expressions ("twenty-four", "a couple of", "half a").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# the number words both readers share: one to ninety-nine by their parts, a hundred, a dozen
NUMBER_WORDS: dict[str, float] = {
    **{w: n for n, w in enumerate(ONES, 1)},
    **{w: n for n, w in enumerate(TEENS, 10)},
    **{w: 10 * n for n, w in enumerate(TENS, 2)},
    "hundred": 100,
    "dozen": 12,
}
# figures in statements: "zero" is a figure, "dozens" a rough one
_WORDS = {"zero": 0, **NUMBER_WORDS, "dozens": 24}
# counts in time expressions: "a week", "a couple of days", "half a year" (no "zero": no time span is zero long)
_COUNT_WORDS = {
    "a": 1, "an": 1, **NUMBER_WORDS, "a couple of": 2, "couple of": 2, "a dozen": 12, "half a": 0.5, "a half": 0.5,
}  # fmt: skip
# counts too vague for a value ("a few days", "several years")
VAGUE = frozenset({"a few", "few", "several", "many", "some", "the", "a number of", "numerous"})


def words_value(words: Iterable[str], table: dict[str, float] = _WORDS) -> float | None:
    """Value of number words in order ("twenty", "four" → 24; "two", "hundred" → 200); None for a word
    not in ``table``."""
    total = 0.0
    for word in words:
        if word not in table:
            return None
        v = table[word]
        total = total * v if v == 100 and total else total + v
    return total


def parse_count(text: str) -> float | None:
    """A count written as digits or words ('24', 'twenty-four', 'a'); None when vague."""
    t = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    if t in VAGUE or not t:
        return None
    t = t.replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    if t in _COUNT_WORDS:
        return _COUNT_WORDS[t]
    return words_value((w for w in t.split(" ") if w != "and"), _COUNT_WORDS) or None


_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "yen": "JPY", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB",
}
_SKIP_UNIT = {
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "than",
    "more", "percent", "per", "cent", "were", "was", "are", "is", "have", "had", "has", "said", "who",
    "that", "which", "other", "new", "additional", "years", "year",
}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD_NUM = r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?:[- ](?:" + "|".join(ONES) + r"))?"
_SCALE = r"(?:thousand|million|billion|trillion|bn|mn|mln|tn|trn|k|m|b)"
_QTY = re.compile(
    rf"(?P<cur>[$€£¥])?\s?(?P<num>{_NUM}|\b{_WORD_NUM}\b)"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?(?P<pct>\s?(?:%|per\s?cent|percent))?"
    rf"(?:\s+(?P<unit>[A-Za-z][A-Za-z\-]+))?",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A number found in text, normalised."""

    value: float
    unit: str
    start: int
    end: int
    text: str


def parse_number(text: str) -> float | None:
    """Value of one written number: '3,000' -> 3000, '1.2bn' -> 1.2e9, 'three' -> 3; else None."""
    qs = parse_quantities(text)
    return qs[0].value if len(qs) == 1 else None


def parse_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its unit; years (1900-2100 alone) are left to the date parser."""
    out: list[Quantity] = []
    dated = [(d.start(), d.end()) for d in _DATE.finditer(text)]
    for m in _QTY.finditer(text):
        raw = m.group("num")
        if any(a <= m.start("num") < b for a, b in dated):
            continue  # the day of "March 3" is a date, not a count
        if raw[0].isdigit():
            value = float(raw.replace(",", ""))
        else:
            wv = words_value(re.split(r"[- ]", raw.lower()))
            if wv is None:
                continue
            value = wv
        scale = m.group("scale")
        unit_word = (m.group("unit") or "").lower()
        # "5 m" could be metres; take single-letter scales only right after a digit with a currency.
        if (
            scale
            and scale.lower() in ("m", "b", "k")
            and not m.group("cur")
            and unit_word not in _CURRENCY_WORDS
            and (not raw[0].isdigit() or text[m.start("scale") - 1] == " ")
        ):
            scale = None
        if scale:
            value *= _SCALES[scale.lower()]
        if m.group("cur"):
            unit = _CURRENCY[m.group("cur")]
        elif m.group("pct"):
            unit = "%"
        elif unit_word in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[unit_word]
        elif unit_word and unit_word not in _SKIP_UNIT:
            unit = unit_word[:-1] if unit_word.endswith("s") and len(unit_word) > 3 else unit_word
        else:
            unit = ""
        if not m.group("cur") and not scale and not m.group("pct") and re.fullmatch(r"(19|20)\d\d", raw):
            continue
        start = m.start("cur") if m.group("cur") else m.start("num")
        # The span is the number itself (currency, scale, percent sign), not the unit noun.
        end = max(m.end("num"), m.end("scale") if scale else 0, m.end("pct") if m.group("pct") else 0)
        out.append(Quantity(value=value, unit=unit, start=start, end=end, text=text[start:end]))
    return out


_MONTHS = (
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
)
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d\d-\d\d)\b|\b(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MON})\b"
    r"|\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)


def parse_dates(text: str) -> list[tuple[str, str]]:
    """Day mentions as (kind, value): ('md', '03-14') for month-day, ('wd', 'monday'), ('iso', ...)."""
    out = []
    for m in _DATE.finditer(text):
        if m.group("iso"):
            out.append(("md", m.group("iso")[5:]))
        elif m.group("wd"):
            out.append(("wd", m.group("wd").lower()))
        else:
            mon = (m.group("mon") or m.group("mon2")).lower().rstrip(".")
            day = int(m.group("day") or m.group("day2"))
            month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(mon[:3]))
            if 1 <= day <= 31:
                out.append(("md", f"{month:02d}-{day:02d}"))
    return out
