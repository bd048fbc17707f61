"""Resolution of recognised time expressions to TimeML values.

Values follow TimeML (TIMEX3) at the precision the text gives: ``2022-12-09``,
``2022-12``, ``2022``, ``2022-W49``, ``2022-Q3``, ``2022-H1``, ``2022-SU``, ``199``
(a decade), ``2022-12-09T14:00``, ``2022-12-09TMO``; durations ``P3Y``/``PT2H``/``PXM``;
sets ``P1W``/``XXXX-WXX-5``; and ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.

Relative expressions are resolved against the anchor (the article's publication
date). ``Tense`` says which way an expression with no direction of its own
("Friday", "in March") points: the news default is the past.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from sourcetrace.text.quantities import parse_count


class Tense(str, Enum):
    past = "past"
    present = "present"
    future = "future"


@dataclass(frozen=True)
class Normalised:
    """A resolved value (None when it cannot be known) and its TimeML type."""

    value: str | None
    type: str = "DATE"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# First month of each season (meteorological, northern hemisphere); winter Y starts in December Y.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

UNIT_CODES = {
    "second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"),
    "night": ("", "D"), "week": ("", "W"), "weekend": ("", "WE"), "fortnight": ("", "W"),
    "month": ("", "M"), "quarter": ("", "Q"), "year": ("", "Y"), "decade": ("", "Y"),
    "century": ("", "Y"),
}  # fmt: skip
_UNIT_FACTOR = {"decade": 10, "century": 100, "fortnight": 2}

_VALUE = re.compile(
    r"""^(?:
        \d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2}(?:-WE)?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?
        (?:T(?:[01]\d|2[0-4])(?::[0-5]\d)?|T(?:MO|AF|EV|NI))?
      | \d{2,3}
      | P(?:\d+(?:\.\d+)?|X)(?:Y|M|W|WE|D|Q)
      | PT(?:\d+(?:\.\d+)?|X)(?:H|M|S)
      | XXXX(?:-WXX-[1-7](?:T(?:MO|AF|EV|NI))?|-\d{2}|-Q[1-4]|-(?:SP|SU|FA|WI))?
      | (?:PRESENT|PAST|FUTURE)_REF
    )$""",
    re.VERBOSE,
)


def is_valid_value(value: str) -> bool:
    """True when ``value`` is a well-formed value of the kinds this module produces."""
    if not _VALUE.match(value):
        return False
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if m and value[5:6] not in ("W", "Q", "H", "S", "F"):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return False
        if m.group(3) is not None:
            day = int(m.group(3))
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return False
    w = re.match(r"^(\d{4})-W(\d{2})", value)
    return not (w and not 1 <= int(w.group(2)) <= date(int(w.group(1)), 12, 28).isocalendar()[1])


# --- formatting -------------------------------------------------------------


def fmt_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) shifted by ``n`` months."""
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def shift_days_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clipped to the month's length."""
    year, month = add_months(d.year, d.month, months)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def sort_key(value: str | None) -> str | None:
    """First day a DATE/TIME value covers, as YYYY-MM-DD; None for anything else."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|T)", value)
    if m:
        return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"
    m = re.match(r"^(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        first = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 6 if m.group(3) else 1)
        return fmt_day(first)
    m = re.match(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$", value)
    if m:
        part = m.group(2)
        month = {"Q": lambda n: 3 * n - 2, "H": lambda n: 6 * n - 5}[part[0]](int(part[1])) if part[
            0
        ] in "QH" else SEASON_START[part]
        return f"{m.group(1)}-{month:02d}-01"
    if re.match(r"^\d{3}$", value):
        return f"{value}0-01-01"
    if re.match(r"^\d{2}$", value):
        return f"{value}00-01-01"
    return None


# --- numbers ----------------------------------------------------------------


def _num_str(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration(n: float | None, unit: str) -> str:
    """TimeML duration: 3 years → P3Y, 2 hours → PT2H, vague → PXY."""
    unit = unit.lower().rstrip("s") if unit.lower() != "hours" else "hour"
    unit = "century" if unit.startswith("centur") else unit
    time_part, code = UNIT_CODES[unit]
    if n is None:
        return f"P{time_part}X{code}"
    n = n * _UNIT_FACTOR.get(unit, 1)
    return f"P{time_part}{_num_str(n)}{code}"


# --- direction --------------------------------------------------------------


def direction(modifier: str | None, tense: Tense | None, default: str = "past") -> str:
    """'past', 'future' or 'near' from an explicit modifier, else from the tense."""
    mod = (modifier or "").lower()
    if mod in ("last", "past", "previous", "since"):
        return "before"
    if mod in ("next", "coming", "following"):
        return "after"
    if tense is Tense.future:
        return "future"
    if tense is Tense.past:
        return "past"
    return default


def resolve_weekday(anchor: date, weekday: int, way: str) -> date:
    """The weekday (0 = Monday) nearest the anchor in the given direction.

    'past': on or before; 'before': strictly before; 'future'/'after': strictly after;
    'near': whichever of the two is closer (ties to the past).
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7 or 7
    if way == "past":
        return anchor - timedelta(days=back)
    if way == "before":
        return anchor - timedelta(days=back or 7)
    if way in ("future", "after"):
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back) if back <= ahead else anchor + timedelta(days=ahead)


def resolve_month(anchor: date, month: int, way: str) -> int:
    """Year of the named month: the latest not after the anchor's month ('past'),
    strictly before ('before'), the coming one ('future', same month counts),
    strictly after ('after'), or the closest ('near')."""
    y = anchor.year
    if way == "past":
        return y if month <= anchor.month else y - 1
    if way == "before":
        return y if month < anchor.month else y - 1
    if way == "future":
        return y if month >= anchor.month else y + 1
    if way == "after":
        return y if month > anchor.month else y + 1
    diff = month - anchor.month
    if diff > 6:
        return y - 1
    if diff < -6:
        return y + 1
    return y


def resolve_month_day(anchor: date, month: int, day: int, way: str) -> date | None:
    """Year of a month and day given without one; None when the day never exists."""
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if way in ("past", "before"):
        before = [c for c in candidates if c <= anchor]
        return max(before) if before else min(candidates)
    if way in ("future", "after"):
        after = [c for c in candidates if c >= anchor]
        return min(after) if after else max(candidates)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def resolve_period(anchor: date, index: int, per_year: int, way: str) -> int:
    """Year of the quarter/half ``index`` (1-based, ``per_year`` in a year) with no year.

    'past': the latest one that has started by the anchor; 'future': the current or a coming one.
    """
    current = (anchor.month - 1) * per_year // 12 + 1
    if way in ("future", "after"):
        return anchor.year if index >= current else anchor.year + 1
    return anchor.year if index <= current else anchor.year - 1


def resolve_season(anchor: date, season: str, way: str) -> int:
    """Year of a season named without one ('last summer', 'this winter')."""
    start_month = SEASON_START[season]
    # Seasons run three months; the season is over when the anchor is past its end.
    y = anchor.year
    start = y * 12 + start_month - 1
    now = anchor.year * 12 + anchor.month - 1
    if way == "before":
        # the latest season that has ended
        while start + 3 > now:
            start -= 12
        return start // 12
    if way in ("future", "after"):
        while start + 3 <= now if way == "future" else start <= now:
            start += 12
        return start // 12
    while start > now:
        start -= 12
    return start // 12


# --- resolution of recognised mentions ---------------------------------------

_REF_WORDS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "presently": "PRESENT_REF", "at present": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
}  # fmt: skip
_SET_ADVERBS = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
    "quarterly": "P1Q", "annually": "P1Y", "yearly": "P1Y",
}  # fmt: skip
_PART_WORD = re.compile(r"\b(morning|afternoon|evening|night)s?\b", re.IGNORECASE)


def _g(groups: dict[str, str | None], key: str) -> str:
    return (groups.get(key) or "").lower().strip()


def _mod_word(text: str) -> str:
    m = re.match(r"^(early|late|mid|earlier|later)\b", text, re.IGNORECASE)
    return m.group(1).lower() if m else ""


def _year_of(text: str) -> int:
    """A 4-digit or apostrophe year ('98 → 1998, '21 → 2021)."""
    t = text.strip().lstrip("'’")
    if len(t) == 4:
        return int(t)
    n = int(t)
    return 2000 + n if n < 50 else 1900 + n


def resolve(mention, anchor: date | None, tense: Tense | None = None) -> Normalised:
    """The TimeML value and type of a recognised mention (``expressions.Mention``)."""
    handler = _HANDLERS.get(mention.rule)
    if handler is None:
        return Normalised(None)
    try:
        return handler(mention, mention.groups, anchor, tense)
    except (ValueError, OverflowError, KeyError):
        # impossible dates ("Feb. 30") keep their extent without a value
        return Normalised(None)


def _iso(m, g, anchor, tense) -> Normalised:
    d = date(int(g["y"]), int(g["m"]), int(g["d"]))
    if g.get("hh"):
        return Normalised(f"{fmt_day(d)}T{g['hh']}:{g['mm']}", "TIME")
    return Normalised(fmt_day(d))


def _slash(m, g, anchor, tense) -> Normalised:
    a, b = int(g["a"]), int(g["b"])
    month, day = (a, b) if a <= 12 else (b, a)  # US order unless the first cannot be a month
    y = g["y"]
    year = int(y) if len(y) == 4 else _year_of(y)
    return Normalised(fmt_day(date(year, month, day)))


def _month_day(m, g, anchor, tense) -> Normalised:
    month = MONTHS[_g(g, "mon").rstrip(".")]
    day = int(re.match(r"\d+", g["d"]).group(0))  # type: ignore[union-attr]
    if g.get("y"):
        return Normalised(fmt_day(date(int(g["y"]), month, day)))
    if anchor is None:
        return Normalised(None)
    if g.get("wd"):
        # "Friday, Dec. 9": choose the year in which that day is that weekday
        wd = WEEKDAYS.index(_g(g, "wd"))
        for y in (anchor.year, anchor.year - 1, anchor.year + 1):
            try:
                if date(y, month, day).weekday() == wd:
                    return Normalised(fmt_day(date(y, month, day)))
            except ValueError:
                continue
    way = direction(None, tense, default="near")
    d = resolve_month_day(anchor, month, day, way)
    return Normalised(fmt_day(d) if d else None)


def _month_year(m, g, anchor, tense) -> Normalised:
    return Normalised(fmt_month(int(g["y"]), MONTHS[_g(g, "mon").rstrip(".")]))


def _month(m, g, anchor, tense) -> Normalised:
    if anchor is None:
        return Normalised(None)
    month = MONTHS[_g(g, "mon").rstrip(".")]
    rel = _g(g, "rel")
    if rel == "this":
        return Normalised(fmt_month(anchor.year, month))
    if m.context == "since":
        way = "past"
    else:
        way = direction(rel if rel not in ("early", "late") else None, tense, default="near")
    return Normalised(fmt_month(resolve_month(anchor, month, way), month))


def _season(m, g, anchor, tense) -> Normalised:
    code = SEASONS[_g(g, "season")]
    if g.get("y"):
        return Normalised(f"{int(g['y']):04d}-{code}")
    if anchor is None:
        return Normalised(None)
    rel = _g(g, "rel")
    if rel == "this":
        way = "future" if tense is Tense.future else "past"
        # "this summer" in spring is the coming one, in autumn the one just gone
        if anchor.month < SEASON_START[code] and code != "WI":
            return Normalised(f"{anchor.year:04d}-{code}")
    else:
        way = direction(rel if rel != "the" else None, tense)
    return Normalised(f"{resolve_season(anchor, code, way):04d}-{code}")


def _year(m, g, anchor, tense) -> Normalised:
    return Normalised(f"{int(g['y']):04d}")


def _fiscal(m, g, anchor, tense) -> Normalised:
    return Normalised(f"{_year_of(g['yy']):04d}")


def _words_year(m, g, anchor, tense) -> Normalised:
    words = re.sub(r"^the\s+year\s+", "", _g(g, "w"))
    words = re.sub(r"\s+and\b", "", words)
    if words.startswith("two thousand"):
        rest = words[len("two thousand") :].strip()
        return Normalised(f"{2000 + int(parse_count(rest) or 0):04d}")
    century, _, rest = words.replace("-", " ").partition(" ")
    c = 19 if century == "nineteen" else 20
    n = parse_count(rest)
    return Normalised(f"{c * 100 + int(n):04d}" if n is not None and n < 100 else None)


def _decade(m, g, anchor, tense) -> Normalised:
    if g.get("c"):
        return Normalised(f"{g['c']}{g['dec']}")
    short = int(g["short"])
    if anchor is None:
        century = 19 if short >= 3 else 20
    else:
        # "the '90s" is the latest such decade that has begun
        century = anchor.year // 100
        if century * 100 + short * 10 > anchor.year:
            century -= 1
    return Normalised(f"{century}{short}")


def _quarter(m, g, anchor, tense) -> Normalised:
    ordinal = ORDINALS.get(_g(g, "ord"))
    year_text = g.get("y1") or g.get("y2")
    year = _year_of(year_text) if year_text else None
    rel = _g(g, "rel")
    text = m.text.lower()
    if re.search(r"\b(?:quarters)\b", text):
        return Normalised(None)
    if ordinal and year:
        return Normalised(f"{year:04d}-Q{ordinal}")
    if anchor is None:
        return Normalised(None)
    current = quarter_of(anchor)
    if ordinal:
        way = direction(None, tense)
        y = resolve_period(anchor, ordinal, 4, way)
        if rel in ("year-earlier", "year-ago"):
            y -= 1
        if text.startswith("last"):
            y = anchor.year - 1 if ordinal >= current else anchor.year
        if text.startswith("next"):
            y = anchor.year + 1 if ordinal <= current else anchor.year
        return Normalised(f"{y:04d}-Q{ordinal}")
    if text.startswith(("this", "the current")) or rel == "current":
        shift = 0
    elif text.startswith(("next", "the next", "the coming")) or rel == "coming":
        shift = 1
    else:
        # "the quarter", "the latest quarter", "last quarter": in news, the one last reported
        shift = -1
    if rel in ("year-earlier", "year-ago"):
        shift -= 4
    y, q = divmod(anchor.year * 4 + current - 1 + shift, 4)
    return Normalised(f"{y:04d}-Q{q + 1}")


def _quarter_q(m, g, anchor, tense) -> Normalised:
    ordinal = int(g["ord"])
    if g.get("y2"):
        return Normalised(f"{_year_of(g['y2']):04d}-Q{ordinal}")
    if anchor is None:
        return Normalised(None)
    return Normalised(f"{resolve_period(anchor, ordinal, 4, direction(None, tense)):04d}-Q{ordinal}")


def _half(m, g, anchor, tense) -> Normalised:
    ordinal = ORDINALS[_g(g, "ord")]
    if g.get("y2"):
        return Normalised(f"{int(g['y2']):04d}-H{ordinal}")
    if anchor is None:
        return Normalised(None)
    y = resolve_period(anchor, ordinal, 2, direction(None, tense))
    if _g(g, "rel") == "year-earlier":
        y -= 1
    return Normalised(f"{y:04d}-H{ordinal}")


def _shifted(anchor: date, unit: str, n: int) -> str:
    """The calendar unit containing the anchor, moved by ``n`` units."""
    if unit == "week":
        return fmt_week(anchor + timedelta(weeks=n))
    if unit == "weekend":
        return fmt_week(anchor + timedelta(weeks=n)) + "-WE"
    if unit == "month":
        return fmt_month(*add_months(anchor.year, anchor.month, n))
    if unit == "quarter":
        y, q = divmod(anchor.year * 4 + quarter_of(anchor) - 1 + n, 4)
        return f"{y:04d}-Q{q + 1}"
    if unit == "decade":
        return f"{anchor.year // 10 + n:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + n:02d}"
    return f"{anchor.year + n:04d}"


def _rel_unit(m, g, anchor, tense) -> Normalised:
    unit = _g(g, "unit").replace("fiscal ", "")
    rel = _g(g, "rel")
    if g.get("the") and rel in ("past", "last", "next", "coming", "previous", "following"):
        # "the past year", "the next month": a stretch of time, not a calendar unit
        return Normalised(duration(1, unit), "DURATION")
    if rel == "past" and unit != "weekend":
        return Normalised(duration(1, unit), "DURATION")
    if anchor is None:
        return Normalised(None)
    shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit == "weekend" and rel in ("this",):
        shift = 0 if anchor.weekday() >= 5 or tense is not Tense.past else -1
    return Normalised(_shifted(anchor, unit, shift))


def _the_unit(m, g, anchor, tense) -> Normalised:
    unit = _g(g, "unit")
    if anchor is None:
        return Normalised(None)
    if unit == "weekend":
        shift = 0 if tense is Tense.future or anchor.weekday() >= 5 else -1
        return Normalised(_shifted(anchor, "weekend", shift))
    return Normalised(f"{anchor.year:04d}")


def _year_earlier(m, g, anchor, tense) -> Normalised:
    if anchor is None:
        return Normalised(None)
    what = _g(g, "what")
    if _g(g, "kind") == "month":
        return Normalised(fmt_month(*add_months(anchor.year, anchor.month, -1)))
    if what in ("quarter", "period"):
        y, q = divmod(anchor.year * 4 + quarter_of(anchor) - 1 - 1 - 4, 4)
        return Normalised(f"{y:04d}-Q{q + 1}")
    return Normalised(f"{anchor.year - 1:04d}")


def _day_with_part(d: date, part: str | None) -> Normalised:
    if part:
        return Normalised(f"{fmt_day(d)}T{PARTS[part]}", "TIME")
    return Normalised(fmt_day(d))


def _deictic(m, g, anchor, tense) -> Normalised:
    if anchor is None:
        return Normalised(None, "TIME" if g.get("part") or _g(g, "w") in ("tonight", "overnight") else "DATE")
    w = _g(g, "w")
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": 0}[w]
    d = anchor + timedelta(days=offset)
    if w == "tonight":
        return _day_with_part(d, "night")
    if w == "overnight":
        return _day_with_part(d, "night")
    return _day_with_part(d, _g(g, "part") or None)


def _this_part(m, g, anchor, tense) -> Normalised:
    if anchor is None:
        return Normalised(None, "TIME")
    w, part = _g(g, "w"), _g(g, "part")
    offset = {"this": 0, "the": 0, "tomorrow": 1, "yesterday": -1, "last": -1 if part == "night" else 0}[w]
    return _day_with_part(anchor + timedelta(days=offset), part)


def _weekday(m, g, anchor, tense) -> Normalised:
    wd = WEEKDAYS.index(_g(g, "wd"))
    part = _g(g, "part") or None
    if g.get("plural") or (part and m.text.lower().rstrip().endswith("s") and not g.get("rel")):
        value = f"XXXX-WXX-{wd + 1}" + (f"T{PARTS[part]}" if part else "")
        return Normalised(value, "SET")
    if anchor is None:
        return Normalised(None, "TIME" if part else "DATE")
    rel = _g(g, "rel")
    if rel == "this":
        rel = ""
    d = resolve_weekday(anchor, wd, direction(rel or None, tense))
    return _day_with_part(d, part)


def _ago(m, g, anchor, tense) -> Normalised:
    n = parse_count(_g(g, "n"))
    unit = _g(g, "unit")
    unit = "century" if unit.startswith("centur") else unit.rstrip("s")
    sign = -1 if _g(g, "dir") in ("ago", "earlier", "before") else 1
    if _g(g, "dir") in ("before", "after"):
        # "two days before the vote": anchored on an event, not on the article's date
        return Normalised(duration(n, unit), "DURATION")
    if n is None:
        return Normalised("PAST_REF" if sign < 0 else "FUTURE_REF")
    if anchor is None:
        return Normalised(None)
    if not float(n).is_integer() or unit in ("second", "minute", "hour"):
        return Normalised(fmt_day(anchor))
    k = int(n) * sign
    if unit in ("day", "night"):
        return Normalised(fmt_day(anchor + timedelta(days=k)))
    if unit in ("week", "fortnight"):
        return Normalised(fmt_week(anchor + timedelta(weeks=k * (2 if unit == "fortnight" else 1))))
    if unit == "weekend":
        return Normalised(fmt_week(anchor + timedelta(weeks=k)) + "-WE")
    if unit == "month":
        return Normalised(fmt_month(*add_months(anchor.year, anchor.month, k)))
    if unit == "quarter":
        return Normalised(_shifted(anchor, "quarter", k))
    if unit == "decade":
        return Normalised(f"{anchor.year + 10 * k:04d}"[:3])
    if unit == "century":
        return Normalised(f"{anchor.year + 100 * k:04d}"[:2])
    return Normalised(f"{anchor.year + k:04d}")


def _duration(m, g, anchor, tense) -> Normalised:
    n_text = _g(g, "n")
    n = parse_count(n_text)
    if n_text in ("a", "an") and _g(g, "rel") in ("few",):
        n = None
    return Normalised(duration(n, _g(g, "unit")), "DURATION")


def _recent_units(m, g, anchor, tense) -> Normalised:
    w = _g(g, "w")
    unit = _g(g, "unit")
    if w == "recent":
        return Normalised("PAST_REF")
    return Normalised(duration(None, unit), "DURATION")


def _set_every(m, g, anchor, tense) -> Normalised:
    what = _g(g, "what")
    step = 2 if g.get("other") else 1
    if what in WEEKDAYS:
        return Normalised(f"XXXX-WXX-{WEEKDAYS.index(what) + 1}", "SET")
    if what in MONTHS:
        return Normalised(f"XXXX-{MONTHS[what]:02d}", "SET")
    if what in SEASONS:
        return Normalised(f"XXXX-{SEASONS[what]}", "SET")
    if what in ("morning", "afternoon", "evening"):
        return Normalised("P1D", "SET")
    return Normalised(duration(step, what), "SET")


def _set_adverb(m, g, anchor, tense) -> Normalised:
    return Normalised(_SET_ADVERBS[_g(g, "w")], "SET")


def _set_per(m, g, anchor, tense) -> Normalised:
    return Normalised(duration(1, _g(g, "unit")), "SET")


def _ref(m, g, anchor, tense) -> Normalised:
    w = re.sub(r"\s+", " ", _g(g, "w"))
    if w.endswith("future"):
        return Normalised("FUTURE_REF")
    if w.endswith("past"):
        return Normalised("PAST_REF")
    return Normalised(_REF_WORDS[w])


def _time_of_day(text: str) -> str | None:
    t = text.lower()
    if t.startswith("noon"):
        return "12:00"
    if t.startswith("midnight"):
        return "24:00"
    mt = re.match(r"(\d{1,2})(?::(\d\d))?\s*([ap])?", t)
    if not mt:
        return None
    hh, mm = int(mt.group(1)), int(mt.group(2) or 0)
    if mt.group(3) == "p" and hh < 12:
        hh += 12
    if mt.group(3) == "a" and hh == 12:
        hh = 0
    return f"{hh:02d}:{mm:02d}"


def _time(m, g, anchor, tense) -> Normalised:
    clock = _time_of_day(m.text)
    if anchor is None or clock is None:
        return Normalised(None, "TIME")
    # a time with no day named is, by TimeML convention, on the article's day
    return Normalised(f"{fmt_day(anchor)}T{clock}", "TIME")


def _datetime(m, g, anchor, tense) -> Normalised:
    clock_part = next(p for p in m.parts if p.rule == "time")
    day_part = next(p for p in m.parts if p.rule != "time")
    day = resolve(day_part, anchor, tense)
    clock = _time_of_day(clock_part.text)
    if not day.value or clock is None or not re.match(r"^\d{4}-\d{2}-\d{2}", day.value):
        return Normalised(None, "TIME")
    return Normalised(f"{day.value[:10]}T{clock}", "TIME")


def _may_march(m, g, anchor, tense) -> Normalised:
    return _month(m, {"mon": g["mon"], "rel": m.context if m.context in ("last", "next", "this") else None}, anchor, tense)


_HANDLERS = {
    "iso": _iso, "slash": _slash, "mdy": _month_day, "dmy": _month_day, "month_year": _month_year,
    "month": _month, "season": _season, "year": _year, "fiscal": _fiscal, "words_year": _words_year,
    "decade": _decade, "quarter": _quarter, "quarter_q": _quarter_q, "half": _half,
    "rel_unit": _rel_unit, "the_unit": _the_unit, "year_earlier": _year_earlier,
    "deictic": _deictic, "this_part": _this_part, "weekday": _weekday, "ago": _ago,
    "duration": _duration, "recent_units": _recent_units, "set_every": _set_every,
    "set_adverb": _set_adverb, "set_per": _set_per, "ref": _ref, "time": _time,
    "datetime": _datetime, "may_march": _may_march,
}  # fmt: skip
