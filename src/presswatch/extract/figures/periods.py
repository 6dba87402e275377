"""Figures: the period a figure refers to ("in 2022", "last year", "за девять месяцев"),
resolved against the publication date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from presswatch.extract.numbers import word_value

_MONTHS_EN = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
              r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")

_MONTHS_RU = r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\w*|июн\w*|июл\w*|август\w*|" \
             r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"

_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12, "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
        "перв": 1, "втор": 2, "трет": 3, "четв": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}

_REL_YEAR = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1,
             "прошл": -1, "прошедш": -1, "эт": 0, "текущ": 0, "нынешн": 0, "следующ": 1,
             "будущ": 1}

_YEAR_REF = (r"(?:(?P<rel>this|last|next|current|previous|past|прошл\w+|прошедш\w+|эт\w+|"
             r"текущ\w+|нынешн\w+|следующ\w+|будущ\w+)\s+(?:year|года)|(?P<yr>\d{4})(?:\s+г(?:ода|\.))?)")

_PERIOD_RES: list[tuple[str, re.Pattern[str]]] = [
    ("quarter", re.compile(
        r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd|4th|перв\w*|втор\w*|трет\w*|четв\w*|"
        r"I{1,3}V?|IV)\s+(?:quarter|квартал\w*)(?:\s+(?:of\s+)?" + _YEAR_REF + r")?"
        r"|\bQ(?P<q>[1-4])\s*(?P<qy>\d{4})?", re.IGNORECASE)),
    ("half", re.compile(
        r"\b(?P<n>first|second|перв\w*|втор\w*)\s+(?:half|полугоди\w*)(?:\s+(?:of\s+)?"
        + _YEAR_REF + r")?|\bH(?P<q>[12])\s*(?P<qy>\d{4})?", re.IGNORECASE)),
    ("months", re.compile(
        r"(?:(?:\bза|over\s+the|in\s+the|for\s+the|the)\s+)?(?:first\s+|перв\w+\s+)?"
        r"\b(?P<n>\w+)\s+(?:months|месяц\w*)\s+(?:of\s+)?" + _YEAR_REF
        + r"|(?:\bза|over\s+the|in\s+the|for\s+the|the\s+first)\s+(?:first\s+|перв\w+\s+)?"
        r"(?P<n2>\w+)\s+(?:months|месяц\w*)", re.IGNORECASE)),
    ("monthrange", re.compile(
        rf"\b(?P<m1>{_MONTHS_EN}|{_MONTHS_RU})\s*[-–—]\s*(?P<m2>{_MONTHS_EN}|{_MONTHS_RU})"
        r"(?:\s+(?:of\s+)?" + _YEAR_REF + r")?", re.IGNORECASE)),
    ("relyear", re.compile(
        r"\b(?P<rel>this|last|next|current|previous|past)\s+year\b|"
        r"\b(?P<rel2>прошл\w+|прошедш\w+|эт\w+|текущ\w+|нынешн\w+|следующ\w+|будущ\w+)\s+"
        r"(?:год\w*)", re.IGNORECASE)),
    ("years", re.compile(
        r"(?<![\d.,])(?P<y1>(?:19|20)\d{2})\s*[-–—/]\s*(?P<y2>(?:19|20)\d{2})(?![\d%]|[.,]\d)")),
    ("month", re.compile(
        rf"\b(?:in|during|for|в|за)\s+(?P<m1>{_MONTHS_EN}|{_MONTHS_RU})(?:\s+(?P<yr>\d{{4}}))?\b",
        re.IGNORECASE)),
    ("year", re.compile(
        r"(?<![\d.,$€£%])\b(?P<yr>(?:19|20)\d{2})\b(?![\d%]|[.,]\d|\s*(?:%|percent|проц))")),
]


# cheap substring tests before each period pattern runs on a sentence
_PERIOD_KEYS: dict[str, tuple[str, ...]] = {
    "quarter": ("quarter", "квартал", "q"), "half": ("half", "полугод", "h1", "h2"),
    "months": ("month", "месяц"), "monthrange": ("-", "–", "—"),
    "relyear": ("year", "год"),
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
              "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
}


@dataclass(slots=True)
class _Period:
    start: int
    end: int
    value: str


def _month_of(word: str) -> int | None:
    w = word.lower()
    for key in sorted(_MONTH_NUM, key=len, reverse=True):
        if w.startswith(key):
            if key == "ма" and not re.match(r"ма[йяе]", w):
                continue
            if key == "mar" and w.startswith("мар"):
                return 3
            return _MONTH_NUM[key]
    return None


def _year_of(m: re.Match[str], base: int | None) -> int | None:
    d = m.groupdict()
    if d.get("yr"):
        return int(d["yr"])
    if d.get("qy"):
        return int(d["qy"])
    rel = d.get("rel")
    if rel and base is not None:
        r = rel.lower()
        for k, off in _REL_YEAR.items():
            if r.startswith(k):
                return base + off
    return base


def resolve_periods(text: str, published: str | None,
                    spans: Sequence[tuple[int, int]] | None = None) -> list[_Period]:
    """The period expressions of a text (or of ``spans`` of it), resolved against the
    publication year."""
    base = int(published[:4]) if published and published[:4].isdigit() else None
    out: list[_Period] = []
    taken: list[tuple[int, int]] = []
    ranges = list(spans) if spans is not None else [(0, len(text))]
    lows = [text[a:b].lower() for a, b in ranges]
    for kind, rx in _PERIOD_RES:
        keys = _PERIOD_KEYS.get(kind)
        todo = [r for r, low in zip(ranges, lows, strict=True)
                if keys is None or any(k in low for k in keys)]
        for m in (m for a, b in todo for m in rx.finditer(text, a, b)):
            if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                continue
            value = _period_value(kind, m, base)
            if value is None:
                continue
            out.append(_Period(m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    out.sort(key=lambda p: p.start)
    return out


def _period_value(kind: str, m: re.Match[str], base: int | None) -> str | None:
    if kind in ("quarter", "half"):
        if m.group("q"):
            n = int(m.group("q"))
        else:
            w = m.group("n").lower()
            n = next((v for k, v in _ORD.items() if w.startswith(k) and (len(k) > 2 or w == k)),
                     0)
        y = _year_of(m, base)
        if not n or y is None:
            return None
        size = 3 if kind == "quarter" else 6
        if n * size > 12:
            return None
        return f"{y}-{(n - 1) * size + 1:02d}..{y}-{n * size:02d}"
    if kind == "months":
        w = (m.group("n") or m.group("n2") or "").lower()
        months = word_value(w) if not w.isdigit() else float(w)
        y = _year_of(m, base)
        if not months or y is None or not 1 <= months <= 12:
            return None
        return f"{y}-01..{y}-{int(months):02d}"
    if kind == "monthrange":
        a, b = _month_of(m.group("m1")), _month_of(m.group("m2"))
        y = _year_of(m, base)
        if not a or not b or y is None:
            return None
        return f"{y}-{a:02d}..{y}-{b:02d}"
    if kind == "relyear":
        rel = (m.group("rel") or m.group("rel2")).lower()
        if base is None:
            return None
        for k, off in _REL_YEAR.items():
            if rel.startswith(k):
                return str(base + off)
        return None
    if kind == "years":
        return f"{m.group('y1')}..{m.group('y2')}"
    if kind == "month":
        mo = _month_of(m.group("m1"))
        y = int(m.group("yr")) if m.group("yr") else base
        if not mo or y is None:
            return None
        return f"{y}-{mo:02d}"
    return m.group("yr")
