"""Numbers and dates in statements, normalised so two accounts can be compared.

"$1.2 billion", "1.2bn dollars", "900 million", "three", "3,000", "12%": each
becomes a :class:`Quantity` with a float value and a unit (the currency, "%",
or the noun after the number, singular).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "dozens": 24,
}
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
_WORD_NUM = r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
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


def _word_value(text: str) -> float | None:
    parts = re.split(r"[- ]", text.lower())
    total = 0.0
    for p in parts:
        if p not in _WORDS:
            return None
        v = _WORDS[p]
        total = total * v if v == 100 and total else total + v
    return total


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
            wv = _word_value(raw)
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
