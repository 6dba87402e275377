"""Units and currencies after (or before) a number: "$38.5 billion", "105 млрд рублей",
"12 km/h", "USD per barrel".

The unit words are language data: ``lang/<code>/units.tsv`` (unit name, regular expression),
``currencies.tsv`` (ISO 4217 code, regular expression for the currency noun) and
``currency_adjectives.tsv`` (regular expression for an adjective, the code it makes of a
dollar or a rouble: "Australian dollars" AUD, "белорусских рублей" BYN). Every language's
rows are merged: a text in one language often writes another's units ("5 km" in Russian),
so a row adds its alternatives to the first row of the same name in the first language
(``en``), and a name no earlier language has is appended (first match wins, so file order
is priority order). Symbols and ISO codes ($, €, ₽, USD) are notation, kept here.
"""

from __future__ import annotations

import re

from presswatch import lang


def _merged_rows(name: str) -> list[tuple[str, str]]:
    """(pattern, value) rows of ``lang/*/<name>.tsv`` in priority order. The first language's
    rows are kept as they are (a value may have several: "mph" before "metre", "m.p.h."
    after it); another language's row joins the first row of its value, or is appended."""
    rows: list[list[str]] = []
    first: dict[str, int] = {}
    for code in lang.languages():
        for row in lang.table_rows(code, name):
            if len(row) < 2:
                continue
            key, pattern = row[0], row[1]
            if code == lang.languages()[0] or key not in first:
                if key not in first:
                    first[key] = len(rows)
                rows.append([key, pattern])
            else:
                rows[first[key]][1] += "|" + pattern
    return [(p, k) for k, p in rows]

_UNIT_RES = [(re.compile(p, re.IGNORECASE), u) for p, u in _merged_rows("units")]
_CCY_RES = [(re.compile(p, re.IGNORECASE), c) for p, c in _merged_rows("currencies")]
_CCY_ADJ_ROWS = [(re.compile(rf"(?:{p})", re.IGNORECASE), c)
                 for p, c in _merged_rows("currency_adjectives")]
_CCY_ADJ_RE = re.compile(
    r"(?P<adj>" + "|".join(rx.pattern for rx, _ in _CCY_ADJ_ROWS) + r")\s+", re.IGNORECASE)


def _adjective_code(adj: str) -> str | None:
    """The currency code an adjective names ("australian" AUD, "белорусских" BYN)."""
    for rx, code in _CCY_ADJ_ROWS:
        if rx.fullmatch(adj):
            return code
    return None


_ISO = ("USD|EUR|RUB|BYN|BYR|CNY|GBP|JPY|KZT|UAH|CHF|INR|AUD|CAD|HKD|SGD|PLN|TRY|KRW|ILS|"
        "MYR|NZD|SEK|NOK|DKK|CZK|BRL")

_PREFIX_CCY = re.compile(
    r"(?:(?P<sym>\$US|\$A|Y=|US\s?\$|U\.S\.\s?\$|\bC\s?\$|\bA\s?\$|\bAU\s?\$|\bHK\s?\$|\bS\s?\$|\bNZ\s?\$|\$|€|£|¥|₽|₹|₩|₪|₴)"
    rf"|(?P<iso>\b(?:{_ISO}))|(?P<rs>\bRs\.?|\bRM)|(?P<ps>\bPS(?=$)))\s?$"
)

_SYM_ISO = {"$": "USD", "us$": "USD", "u.s.$": "USD", "c$": "CAD", "a$": "AUD", "au$": "AUD",
            "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "€": "EUR", "£": "GBP", "¥": "JPY",
            "₽": "RUB", "₹": "INR", "₩": "KRW", "₪": "ILS", "₴": "UAH", "rs": "INR", "rs.": "INR",
            "rm": "MYR", "$us": "USD", "$a": "AUD", "y=": "JPY"}

_ISO_AFTER = re.compile(rf"(?:{_ISO})\b")


def _unit_after(text: str, pos: int, language: str, has_scale: bool) -> tuple[str, int, str] | None:
    """(unit, end, as written) for the unit words right after ``pos``."""
    m = re.compile(r"[ \t\u00a0\u202f-]?").match(text, pos)
    p = m.end() if m else pos
    adj = _CCY_ADJ_RE.match(text, p)
    q = adj.end() if adj else p
    for rx, code in _CCY_RES:
        cm = rx.match(text, q)
        if cm and (cm.end() == len(text) or not text[cm.end()].isalpha()
                   or cm.group().endswith(".")):
            if adj and code in ("USD", "RUB"):
                code = _adjective_code(adj.group("adj")) or code
            return code, cm.end(), text[p:cm.end()]
    im = _ISO_AFTER.match(text, p)
    if im:
        return im.group(), im.end(), im.group()
    for rx, unit in _UNIT_RES:
        um = rx.match(text, p)
        if um and um.end() > p:
            e = um.end()
            if e < len(text) and text[e - 1].isalpha() and text[e].isalpha():
                continue
            if unit == "metre" and um.group().lower() in ("m", "м") and has_scale:
                continue
            return unit, e, text[p:e]
    return None


def _prefix_currency(text: str, start: int) -> tuple[str, int] | None:
    m = _PREFIX_CCY.search(text, max(0, start - 8), start)
    if not m:
        return None
    if m.group("sym"):
        key = re.sub(r"\s", "", m.group("sym")).lower()
        return _SYM_ISO.get(key, "USD"), m.start()
    if m.group("iso"):
        return m.group("iso"), m.start()
    if m.group("ps"):  # "PS8.1bn": a pound sign lost to an ASCII transliteration
        return ("GBP", m.start()) if m.end() == start else None
    return _SYM_ISO.get(m.group("rs").lower(), "INR"), m.start()

_ISO_SET = set(_ISO.split("|")) | set(_SYM_ISO.values())


# "per X" / "a X" / "/X" after a unit: the denominator of a rate
_PER = re.compile(
    r"(?:\s+(?:per|an?|each)\s+|\s?/\s?|-an?-)(?P<den>(?:square|sq\.?|cubic|metric|fluid)\s+\w+|"
    r"[^\W\d_]+\d?)", re.IGNORECASE)

_PER_ANY = {"per", "/"}  # after "a"/"an", only these denominators:


_PER_A = {"year", "month", "week", "day", "hour", "minute", "second", "night", "barrel",
          "share", "gallon", "litre", "liter", "head", "person", "game", "season", "pound",
          "kilogram", "kilo", "tonne", "ton", "ounce", "unit", "mile", "kilometre", "kilometer"}

_PER_ABBR = {"h": "hour", "hr": "hour", "yr": "year", "mo": "month", "wk": "week", "d": "day",
             "s": "second", "sec": "second", "min": "minute", "kg": "kilogram",
             "oz": "ounce", "bbl": "barrel", "cm": "centimetre", "cm2": "square centimetre",
             "m2": "square metre", "sq ft": "square foot", "sq. ft": "square foot",
             "feet": "foot", "people": "person", "capita": "capita", "mmbtu":
             "mega british thermal unit", "kwh": "kilowatt hour", "mwh": "megawatt hour",
             "lb": "pound", "lbs": "pound", "g": "gram", "l": "litre", "liter": "litre",
             "metre": "metre", "meter": "metre", "kilometer": "kilometre", "km": "kilometre",
             "children": "child", "men": "man", "women": "woman"}


def _per_unit(text: str, pos: int) -> tuple[str, int] | None:
    """(denominator, end) of a rate written after a unit: "per barrel", "a year", "/gram"."""
    m = _PER.match(text, pos)
    if m is None:
        return None
    den = m.group("den")
    low = re.sub(r"\s+", " ", den.lower())
    joiner = m.group()[: m.start("den") - m.start()].strip(" -").lower()
    if joiner in ("a", "an", "each"):
        if low not in _PER_A and low.rstrip("s") not in _PER_A:
            return None
        if re.match(r"\s+(?:ago|earlier|before|later|after|on|from)\b", text[m.end():]):
            return None  # "5% a year ago": a period, not a rate
    if low in _PER_ABBR:
        low = _PER_ABBR[low]
    elif len(low) > 3 and low.endswith("ies"):
        low = low[:-3] + "y"
    elif len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
        low = low[:-1]
    return low, m.end()
