"""Numbers as news writes them, in English and Russian: digits and number words.

Written here because no maintained library covers both languages with Russian case forms
and multipliers (``number-parser`` returns nothing for "a hundred million" or decimals,
``word2number``/``text2num`` are English/French only; pymorphy2, which could inflect the
Russian words, does not import on Python 3.11). The tables below are small and closed.

- :func:`parse_digits` reads one digit group: "8,000", "38.5", "38,5" (Russian decimal
  comma), "1 200 000" (space-grouped thousands).
- :func:`word_value` gives the value of one number word (any case form in Russian),
  :func:`multiplier` the factor of a scale word ("billion", "млрд", "bn", "тыс.").
- :func:`combine_words` folds a run of number words ("one hundred and five",
  "двадцати пяти", "a hundred million") into a value.
"""

from __future__ import annotations

import re

__all__ = ["combine_words", "multiplier", "parse_digits", "word_value"]

EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

EN_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
    "m": 1e6,  # only after a currency: "€2m" (else metres); the caller decides
    "mil": 1e6,  # "S$1mil", "RM3.06mil"
}


def _ru_forms() -> dict[str, float]:
    forms: dict[str, float] = {}

    def add(value: float, *words: str) -> None:
        for w in words:
            forms[w] = value
            if "ё" in w:
                forms[w.replace("ё", "е")] = value

    add(0, "ноль", "нуль", "ноля", "нуля")
    add(1, "один", "одна", "одно", "одного", "одному", "одним", "одной", "одну", "одном")
    add(2, "два", "две", "двух", "двум", "двумя")
    add(3, "три", "трёх", "трём", "тремя")
    add(4, "четыре", "четырёх", "четырём", "четырьмя")
    # the soft-sign numerals: -ь, -и, -ью
    for value, stem in (
        (5, "пят"), (6, "шест"), (7, "сем"), (9, "девят"), (10, "десят"),
        (11, "одиннадцат"), (12, "двенадцат"), (13, "тринадцат"), (14, "четырнадцат"),
        (15, "пятнадцат"), (16, "шестнадцат"), (17, "семнадцат"), (18, "восемнадцат"),
        (19, "девятнадцат"), (20, "двадцат"), (30, "тридцат"),
    ):
        add(value, stem + "ь", stem + "и", stem + "ью")
    add(8, "восемь", "восьми", "восемью", "восьмью")
    add(40, "сорок", "сорока")
    for value, a, b in ((50, "пятьдесят", "пяти"), (60, "шестьдесят", "шести"),
                        (70, "семьдесят", "семи"), (80, "восемьдесят", "восьми")):
        add(value, a, b + "десяти", b[:-1] + "ьюдесятью")
    add(90, "девяносто", "девяноста")
    add(100, "сто", "ста", "сотня", "сотни", "сотню", "сотен")
    add(200, "двести", "двухсот", "двумстам", "двумястами", "двухстах")
    add(300, "триста", "трёхсот", "трёмстам", "тремястами", "трёхстах")
    add(400, "четыреста", "четырёхсот", "четырёмстам", "четырьмястами", "четырёхстах")
    for value, stem in ((500, "пят"), (600, "шест"), (700, "сем"), (900, "девят")):
        add(value, stem + "ьсот", stem + "исот", stem + "истам", stem + "ьюстами", stem + "истах")
    add(800, "восемьсот", "восьмисот", "восьмистам", "восьмьюстами", "восемьюстами", "восьмистах")
    add(1.5, "полтора", "полторы", "полутора")
    add(150, "полтораста", "полутораста")
    return forms


RU_UNITS = _ru_forms()

_RU_SCALE_STEMS = (("тысяч", 1e3), ("тыс", 1e3), ("миллион", 1e6), ("млн", 1e6),
                   ("миллиард", 1e9), ("млрд", 1e9), ("триллион", 1e12), ("трлн", 1e12))


def word_value(word: str) -> float | None:
    """The value of one number word ("five", "пятью", "сорока"), else None."""
    w = word.lower().replace("ё", "е")
    if w in EN_UNITS:
        return float(EN_UNITS[w])
    v = RU_UNITS.get(w)
    return None if v is None else float(v)


def multiplier(word: str) -> float | None:
    """The factor of a scale word: "billion" 1e9, "млрд" 1e9, "тысячами" 1e3, "bn" 1e9."""
    w = word.lower().rstrip(".")
    if w in EN_SCALES:
        return EN_SCALES[w]
    if w.endswith("s") and w[:-1] in ("thousand", "million", "billion", "trillion"):
        return EN_SCALES[w[:-1]]
    for stem, factor in _RU_SCALE_STEMS:
        if w.startswith(stem):
            return factor
    return None


_SPACE_GROUP = re.compile(r"[\s\u00a0\u202f\u2009]")


def parse_digits(raw: str, language: str) -> float | None:
    """The value of one digit group as written ("8,000", "38,5", "1 200", "2.4")."""
    s = _SPACE_GROUP.sub("", raw)
    if not s:
        return None
    commas, dots = s.count(","), s.count(".")
    try:
        if commas and dots:  # "1,234.5" or "1.234,5": the last separator is the decimal one
            if s.rfind(",") > s.rfind("."):
                return float(s.replace(".", "").replace(",", "."))
            return float(s.replace(",", ""))
        if commas:
            parts = s.split(",")
            thousands = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
            if commas > 1 or (thousands and language != "ru"):
                return float(s.replace(",", ""))
            return float(s.replace(",", "."))
        if dots > 1:  # "1.200.000"
            return float(s.replace(".", ""))
        return float(s)
    except ValueError:
        return None


def combine_words(values: list[float]) -> float | None:
    """Fold the values of consecutive number words: [100, 5] -> 105, [3, 100, 1e6] -> 3e8.

    Scales (>= 1000) close a group; "hundred" multiplies what precedes it.
    """
    if not values:
        return None
    total = 0.0
    current = 0.0
    for v in values:
        if v >= 1000:
            total += (current or 1) * v
            current = 0.0
        elif v == 100 and current and current < 100:
            current *= 100
        else:
            current += v
    return total + current
