"""Figures: the quantities in a text (values, qualifiers, changes, ranges, fractions,
multipliers, vague amounts) and what is not a figure (dates, labels, scores, ages...)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from typing import Any

from presswatch.extract.figures.exclusions import (
    _INDEX_NAMES,
    _age_at,
    _index_level,
    _not_a_count,
    _score_at,
)
from presswatch.extract.figures.periods import (
    _MONTHS_EN,
    _MONTHS_RU,
)
from presswatch.extract.figures.spans import (
    _Q,
    _sentence_bounds,
    _sentence_start,
)
from presswatch.extract.figures.special import _special
from presswatch.extract.figures.syntax import (
    _ANCHOR,
    _Syntax,
    _Tok,
    _tokenise,
)
from presswatch.extract.figures.units import (
    _ISO_SET,
    _per_unit,
    _prefix_currency,
    _unit_after,
)
from presswatch.extract.numbers import (
    combine_words,
    multiplier,
    parse_digits,
    word_value,
)

# spans that are never figures: dates, times, phone numbers, ordinals, list numbering
_NOT_FIGURE = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|\b\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
    r"|\b\d+\s*(?:mins?|minutes?|hours?|hrs?|мин\w*|час\w*)\.?\s*(?:read|ago|чтения|назад)\b"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}-\d{1,2}\s+(?:on\s+aggregate|draw|win|loss)"
    r"|\+\d{1,3}[\s(-]+\d{2,4}[\s)-]+\d{2,3}[\s-]?\d{2}[\s-]?\d{2}\b"
    r"|\(\d{3}\)\s*\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b|\b\d{2,3}-\d{2}-\d{2}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS_EN})\b\.?"
    rf"|\b(?:{_MONTHS_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\b\d{{1,2}}\s+(?:{_MONTHS_RU})"
    r"|\b\d+(?:st|nd|rd|th)\b|\b\d+-?(?:й|го|я|е|м|х|му|ми|ом|ой|ых|ым|ее)\b"
    r"|^[ \t]*\d{1,2}[.)](?=\s)"
    r"|(?:№|#|\bNo\.?|\bnumber|\bномер\w*)\s*\d+|\b24/7\b|\b9/11\b",
    re.IGNORECASE | re.MULTILINE,
)

_QUALIFIERS: list[tuple[str, str]] = [
    (r"just\s+(?:over|above)|more\s+than|over|above|in\s+excess\s+of|exceeding|at\s+least|"
     r"upwards\s+of|no\s+(?:fewer|less)\s+than|more\s+then|"
     r"более\s+чем|более|больше|свыше|не\s+менее|не\s+меньше|превышающ\w+|от\s+(?=\S+\s+и\s+выше)",
     ">"),
    (r"just\s+(?:under|below)|less\s+than|fewer\s+than|under|below|up\s+to|no\s+more\s+than|sub-|"
     r"at\s+most|as\s+high\s+as|"
     r"менее|меньше|не\s+более|не\s+больше|до|вплоть\s+до|максимум", "<"),
    (r"about|around|approximately|approx\.|roughly|some|~|nearly|almost|close\s+to|circa|"
     r"an\s+estimated|estimated|около|примерно|приблизительно|порядка|почти|где-то|"
     r"ориентировочно|более\s+или\s+менее|около\s+того", "~"),
]

_QUAL_RES = [(re.compile(rf"(?:^|(?<=[\s(\"«“]))(?:{p})\s*$", re.IGNORECASE), c)
             for p, c in _QUALIFIERS]

_UP = (r"up|rose|rise[sn]?|rising|increas\w*|grew|grow(?:s|n|ing)?|gain\w*|climb\w*|jump\w*|"
       r"add(?:ed|s|ing)|soar\w*|surg\w*|higher|boost\w*|rais\w*|up\s+by|advanc\w*|rall\w*|"
       r"spik\w*|rebound\w*|подскочил\w*|укрепил\w*|взлетел\w*|"
       r"вырос\w*|выраст\w*|увеличил\w*|увеличит\w*|увеличени\w*|рост\w*|прибавил\w*|"
       r"подорожал\w*|повысил\w*|повышени\w*|прирост\w*")

_DOWN = (r"down|fell|fall(?:s|en|ing)?|dropp?\w*|declin\w*|decreas\w*|los[te]s?|losing|"
         r"slid\w*|slipp?\w*|shed\w*|cut|cuts|plung\w*|tumbl\w*|sank|sunk|lower|shrank|shrunk|"
         r"plummet\w*|slump\w*|dipp?(?:ed|s)?|dived?|sink(?:s|ing)?|"
         r"обвалил\w*|просел\w*|опустил\w*|ослаб\w*|подешевел\w*|"
         r"снизил\w*|снизит\w*|снижени\w*|сократил\w*|сократит\w*|сокращени\w*|упал\w*|"
         r"падени\w*|уменьшил\w*|уменьшени\w*|подешевел\w*|потерял\w*")

_CHANGE_RE = re.compile(
    rf"(?:^|[\s(])(?P<up>{_UP})|(?:^|[\s(])(?P<down>{_DOWN})", re.IGNORECASE)

_CHANGE_OR_TO = re.compile(rf"(?:{_UP}|{_DOWN}|довести|довест\w*|опус\w*|подн\w*|"
                           r"достиг\w*|снизят|вырасти)[^.;]*$", re.IGNORECASE)

_SIGN_RE = re.compile(r"(?:(?P<minus>minus-?|минус|−|–|-)|(?P<plus>plus|плюс|\+))\s?$",
                      re.IGNORECASE)

_TEMP_CUE = re.compile(
    r"winter|summer|temperat|frost|heat|cold|climate|weather|warm|degree|"
    r"зим|летом|температур|мороз|жар|тепл|холод|климат|погод|градус", re.IGNORECASE)


# a number word before a fraction's denominator is its numerator, not a count
# ("two-thirds", "three quarters of")
_DEN_AFTER = re.compile(r"(?:\s+|-)(?:thirds|quarters|fifths|tenths|трети|четверти)\b",
                        re.IGNORECASE)

_VAGUE_WORDS = {"dozens", "hundreds", "thousands", "millions", "billions", "десятки",
                "сотни", "тысячи", "миллионы", "десятков", "сотен", "тысяч"}

_YEAR_PREP = {"in", "since", "by", "of", "from", "until", "till", "to", "through", "for",
              "during", "before", "after", "в", "с", "до", "к", "от", "по", "на", "за", "and"}

_LABEL_OK = {"the", "a", "an", "to", "in", "by", "of", "on", "at", "for", "with", "from",
             "and", "or", "than", "about", "over", "under", "some", "nearly", "almost"}


def _read_number(toks: list[_Tok], i: int, language: str) -> tuple[float, int, bool] | None:
    """(value, next token index, made of words) for the number starting at token ``i``."""
    t = toks[i]
    if t.is_num:
        v = parse_digits(t.text, language)
        if v is None:
            return None
        return v, i + 1, False
    vals: list[float] = []
    j = i
    if t.low in ("a", "an") and i + 1 < len(toks):
        nxt = toks[i + 1].low
        if nxt in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
            vals.append(1.0)
            j = i + 1
        else:
            return None
    while j < len(toks):
        w = toks[j]
        v = word_value(w.low)
        sc = multiplier(w.low) if vals and w.low in (
            "thousand", "million", "billion", "trillion") else None
        if v is not None:
            vals.append(v)
        elif sc is not None:
            vals.append(sc)
        elif vals and w.low in ("and", "-") and j + 1 < len(toks) \
                and word_value(toks[j + 1].low) is not None and toks[j + 1].low != "hundred":
            j += 1
            continue
        else:
            break
        j += 1
    if not vals:
        return None
    if [x.low for x in toks[j:j + 3]] == ["and", "a", "half"]:
        vals.append(0.5)
        j += 3
    value = combine_words(vals)
    if value is None:
        return None
    return value, j, True


def find_quantities(text: str, language: str, syntax: Any = None) -> list[_Q]:
    """Every quantity in ``text`` (no claim fields): value, unit, qualifier, change, range."""
    syn = syntax if isinstance(syntax, _Syntax) else None
    out: list[_Q] = []
    low = text.lower()
    windows: list[list[int]] = []
    for m in _ANCHOR.finditer(low):
        a = max(0, m.start() - 40)
        sp = text.rfind(" ", 0, a + 1)
        nl = text.rfind("\n", 0, m.start())
        a = max(sp + 1 if sp >= 0 else 0, nl + 1)
        b = m.end() + 80
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    for a, b in windows:
        nl = text.find("\n", b)
        sp = text.find(" ", b)
        b = min(x for x in (nl, sp, len(text)) if x >= 0)
        found = _scan(text, language, syn, a, b)
        out.extend(q for q in found if not out or q.start >= out[-1].end)
    out.extend(_special(text, language, out, syn))
    out.sort(key=lambda q: q.start)
    for prev, q in itertools.pairwise(out):
        if q.change == "=" and prev.change != "=" and _RESTATED.fullmatch(text, prev.end, q.start):
            # a conversion or restatement shares the claim: "more than 100 kilometers (60
            # miles)", "lost 190 points, or 0.6%"
            q.change = prev.change
            if prev.change in ("~", "<", ">"):
                q.qualifier = prev.qualifier
    counted: _Q | None = None
    measured: _Q | None = None
    # "435 homes by open sale and 187 by tender": 187 homes; "3.9 million headsets, up from
    # 2.4 million": 2.4 million headsets; "the highest forecast is 84.75 cents, while the
    # lowest is 74.07": 74.07 cents (a unit other than a count: never across "from", which
    # moves from one kind of figure to another: "rose 5% from 1,200")
    for q in out:
        if q.unit != "count":
            measured = q
        elif q.noun is None and q.upper is None and measured is not None \
                and not q.word_number and q.start - measured.end < 80 \
                and _ELLIPSIS_UNIT.fullmatch(text, measured.end, q.start) \
                and not re.match(r"\s*(?:%|per\b|a\s+(?:year|day|week|month)\b)", text[q.end:]) \
                and (counted is None or counted.end < measured.end):
            q.unit = measured.unit
            continue
        if q.unit == "count" and q.noun:
            counted = q
        elif q.unit == "count" and q.noun is None and q.upper is None and counted is not None \
                and not q.word_number and q.start - counted.end < 80 \
                and _ELLIPSIS.fullmatch(text, counted.end, q.start) \
                and not re.match(r"\s*(?:%|[^\W\d_]+\s+[^\W\d_]+\b(?<!by)\s+of\b)", text[q.end:]):
            q.noun = counted.noun
    return out


# what may stand between a counted figure and a bare number that shares its noun
_ELLIPSIS = re.compile(r"[^.;:!?()\d]*\b(?:and|while|but|whereas|from|including|versus|vs|"
                       r"compared\s+"
                       r"(?:with|to)|и|а|но|против|по\s+сравнению\s+с)\b[^.;:!?()\d]*",
                       re.IGNORECASE)

_ELLIPSIS_UNIT = re.compile(r"[^.;:!?()\d]*\b(?:and|while|but|whereas|versus|vs|compared\s+"
                            r"(?:with|to)|и|а|но|против|по\s+сравнению\s+с)\b[^.;:!?()\d]*",
                            re.IGNORECASE)

_RESTATED = re.compile(r"\s*(?:\(|/|,?\s*(?:or|или)\b|,?\s*(?:that\s+is|i\.e\.|то\s+есть))\s*",
                       re.IGNORECASE)


def _scan(text: str, language: str, syn: _Syntax | None, pos: int, end: int) -> list[_Q]:
    toks = _tokenise(text, language, pos, end)
    blocked: list[tuple[int, int]] = []
    bstarts: list[int] = []
    ready = False

    def is_blocked(s: int, e: int) -> bool:
        nonlocal ready
        if not ready:  # dates, times, ordinals: found once per window, on the first digit
            blocked.extend((m.start(), m.end()) for m in _NOT_FIGURE.finditer(text, pos, end))
            bstarts.extend(b[0] for b in blocked)
            ready = True
        k = bisect.bisect_right(bstarts, s) - 1
        return k >= 0 and blocked[k][1] > s

    out: list[_Q] = []
    i = 0
    n = len(toks)
    while i < n:
        q = _quantity_at(text, toks, i, language, syn, is_blocked)
        if q is None:
            i += 1
            continue
        out.append(q)
        i = max(q.tok_end, i + 1)
    return out


_SCI = re.compile(r"\s?[×x*]\s?10\s?(?:\^|\*\*)?\s?(?P<exp>[−⁻-]?\s?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?!\d)")

_FRACTION_OF_UNIT = re.compile(r"\s+of\s+an?\s+(?:US\s+|U\.S\.\s+|imperial\s+|metric\s+)?",
                               re.IGNORECASE)

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _slash_fraction(text: str, toks: list[_Tok], i: int) -> tuple[float, int] | None:
    """(value, next token) of a written fraction "1/2", "1⁄32" that measures something:
    followed by a unit ("1/2 pound") or by "of" ("1/16 of a US pint", "1/3 of the vote");
    not dates, scores, "24/7" or "9/11"."""
    if i + 2 >= len(toks):
        return None
    sl, den = toks[i + 1], toks[i + 2]
    if sl.text not in ("/", "⁄") or sl.start != toks[i].end or den.start != sl.end \
            or not den.is_num or not toks[i].text.isdigit() or not den.text.isdigit():
        return None
    n, d = int(toks[i].text), int(den.text)
    if not 0 < n < d <= 1000 or (i and toks[i - 1].text in ("/", "⁄")) \
            or text[den.end:den.end + 1] in ("/", "⁄", "-"):
        return None
    after = text[den.end:den.end + 40]
    if not re.match(r"\s*(?:of\b|[^\W\d_])", after):
        return None
    if not re.match(r"\s*of\b", after) and _unit_after(text, den.end, "en", False) is None:
        return None
    return n / d, i + 3


# words a hyphen may glue to a number that is still a figure ("the then-18-year-old")
_GLUED_OK = {"then", "now", "some", "about", "around", "over", "under", "nearly", "almost",
             "more", "less", "up", "down", "plus", "minus", "approx", "ca", "sub"}


def _quantity_at(text: str, toks: list[_Tok], i: int, language: str, syn: _Syntax | None,
                 is_blocked: Callable[[int, int], bool]) -> _Q | None:
    t = toks[i]
    if not (t.is_num or word_value(t.low) is not None or t.low in ("a", "an")):
        return None
    if t.is_num and is_blocked(t.start, t.end):
        return None
    prev = toks[i - 1] if i else None
    if t.is_num and prev is not None and prev.end == t.start and (
            prev.text[0].isalpha() or (prev.text in "-/" and i >= 2
                                       and toks[i - 2].end == prev.start
                                       and toks[i - 2].text[0].isalpha()
                                       and toks[i - 2].low not in _GLUED_OK)) \
            and not (prev.text[0].isalpha() and _prefix_currency(text, t.start)):
        return None  # "G7", "COVID-19", "Су-35" (not "$US55,931,000", "RM120,000")
    if t.is_num and prev is not None and prev.text == "-" and prev.end == t.start and i >= 2 \
            and toks[i - 2].text.isupper() and len(toks[i - 2].text) > 1 \
            and prev.start - toks[i - 2].end == 1 and t.text.isdigit() \
            and toks[i - 2].low not in _INDEX_NAMES and not text.startswith("%", t.end):
        return None  # "COVID -19" written with a stray space (not "FTSE -0.6%")
    if not t.is_num and _DEN_AFTER.match(text, t.end):
        return None  # "two-thirds": a fraction, read by _special
    read = _read_number(toks, i, language)
    if read is None:
        return None
    value, j, words = read
    if words:
        first = toks[i].low
        if first == "one" and _pronoun_one(toks, i, syn):
            return None
        if first in ("одна", "одно", "одну", "один", "одной", "одного", "одном", "одним") \
                and j - i == 1:
            return None  # Russian "один/одна" is mostly a pronoun ("одна из", "один раз")
    frac = frac_of = None
    if not words:
        if _score_at(text, t.start, t.end):
            return None
        frac = _slash_fraction(text, toks, i)
        if frac is not None:
            value, j = frac
            frac_of = _FRACTION_OF_UNIT.match(text, toks[j - 1].end)
        else:
            sci = _SCI.match(text, toks[j - 1].end)
            if sci:  # "2.998×10−8"
                exp = int(sci.group("exp").translate(_SUPERSCRIPT).replace("−", "-")
                          .replace("⁻", "-"))
                value *= 10.0 ** exp
                j = _tok_index(toks, sci.end())
    start, end = toks[i].start, toks[j - 1].end
    # scale words: "38.5 billion", "105 млрд", "25k", "тыс."
    has_scale = False
    while j < len(toks):
        sc = multiplier(toks[j].low)
        if sc is None and not words and toks[j].low in ("hundred", "сотни", "сотен") \
                and not has_scale:
            sc = 100.0  # "4 hundred people", "4 hundred million"
        if sc is None or (toks[j].low == "b" and toks[j].start != end and not (
                toks[j].text == "B" and j + 1 < len(toks) and toks[j + 1].text.islower())):
            break
        if toks[j].low in ("m", "k") and toks[j].start != end:
            break
        if toks[j].low == "m" and not _prefix_currency(text, start) \
                and not _m_is_million(text, toks, j):
            break
        if toks[j].low in ("thousand", "million", "billion", "trillion") and words:
            break
        value *= sc
        has_scale = True
        end = toks[j].end
        if j + 1 < len(toks) and toks[j + 1].text == "." and toks[j + 1].start == end \
                and toks[j].low in ("тыс", "млн", "млрд", "трлн", "mln", "bln", "bn", "mn"):
            end = toks[j + 1].end
            j += 1
        j += 1
    unit = "count"
    noun: str | None = None
    ccy = _prefix_currency(text, start)
    if ccy:
        if text.startswith("PS", ccy[1]) and not has_scale and value <= 5:
            return None  # "PS5": a console, not £5
        unit, start = ccy[0], ccy[1]
        after = _unit_after(text, end, language, has_scale)
        if (after and after[0] in ("USD", "EUR", "RUB", "BYN", "GBP")) or (
                after and after[0] == ccy[0]):
            end = after[1]
            unit = ccy[0] if after[0] == "USD" and ccy[0] != "USD" else after[0]
    else:
        neg = text[start - 1:start] in ("-", "−") and _prefix_currency(text, start - 1)
        if neg:  # "$-50.8bn"
            unit, start = neg
            value = -value
        else:
            after = _unit_after(text, end, language, has_scale)
            if after:
                unit, end, noun = after
    if frac is not None and unit == "count":
        of_unit = _unit_after(text, frac_of.end(), language, False) if frac_of else None
        if of_unit is not None:  # "1/16 of a US pint"
            unit, end = of_unit[0], of_unit[1]
        else:
            unit = "fraction"  # "1/3 of the vote"
    if unit != "count":  # "$52 a barrel", "5 percent a year", "points per game"
        per = _per_unit(text, end)
        if per is not None:
            unit, end = f"{unit} per {per[0]}", per[1]
    # a sign glued to the number: "Nasdaq +0.8%", "Stoxx 50 -1.3%", "-5 yards"
    glued = text[start - 1:start] if start else ""
    if glued in ("+", "-", "−") and unit not in ("count", "year", "year of age") \
            and (start == 1 or text[start - 2] in " \t(\n") and value > 0:
        start -= 1
        if glued != "+":
            value = -value
        if unit.split(" per ")[0] in _CHANGE_UNITS or unit in _ISO_SET:
            glued_change = "up" if glued == "+" else "down"
        else:
            glued_change = None
    else:
        glued_change = None
    # sign and temperature
    sign = _SIGN_RE.search(text, max(0, start - 7), start)
    if sign and unit not in ("count", "celsius", "degree", "fahrenheit") \
            and sign.group().strip(" -").lower() in ("minus", "минус") and value > 0:
        value, start = -value, sign.start()  # "minus-5 yards"
    elif sign and unit in ("count", "celsius", "degree", "fahrenheit"):
        adjacent_dash = sign.group("minus") in ("-", "–") and (
            sign.start() == 0 or text[sign.start() - 1].isspace()) and sign.end() == start
        wordy = sign.group("minus") not in (None, "-", "–") or sign.group("plus")
        if wordy or adjacent_dash:
            s_start, e_sent = _sentence_bounds(text, start)
            if unit != "count" or _TEMP_CUE.search(text, s_start, e_sent):
                if sign.group("minus"):
                    value = -value
                start = sign.start()
                if unit == "count":
                    unit = "celsius"
    if unit == "degree":
        s_start, e_sent = _sentence_bounds(text, start)
        if _TEMP_CUE.search(text, s_start, e_sent) and re.search(
                r"temperat|температур|weather|погод|frost|мороз|winter|зим|summer|летом|heat|жар",
                text[s_start:e_sent], re.IGNORECASE):
            unit = "celsius"
    # years, labels, vague quantities
    raw0 = toks[i].text
    if unit == "year" and raw0.isdigit() and len(raw0) == 4 and 1800 <= value <= 2100:
        return None  # "2024 года", "in 2021 years"
    if words and value < 10 and prev is not None and prev.low in (
            "the", "these", "those", "both", "our", "their", "its", "all"):
        return None  # "the two countries": a reference, not a figure
    if unit in ("count", "year") and not has_scale and value.is_integer() and 0 < value <= 120:
        age_end = _age_at(text, start, end, value, unit, language)
        if age_end is not None:
            unit, end = "year of age", age_end
    if unit == "count" and not words:
        raw = toks[i].text
        if _not_a_count(text, toks, i, j, prev):
            return None
        if raw.isdigit() and len(raw) == 4 and not has_scale and (
                1800 <= value <= 2100
                or (2100 < value <= 2300 and prev is not None and prev.low in _YEAR_PREP)
                or (1000 <= value < 1800 and prev is not None
                    and prev.low in _YEAR_PREP | {"between"})):
            return None
        if prev is not None and prev.text[:1].isupper() and prev.low not in _LABEL_OK \
                and not _sentence_start(text, prev.start) and word_value(prev.low) is None \
                and prev.low not in ("minus", "plus", "минус", "плюс"):
            return None  # "Section 427", "Fortune 100", "Boeing 737"
    if words and t.low in _VAGUE_WORDS:
        return None
    alt = _or_alternative(text, toks, j, language, syn, is_blocked) if unit == "count" \
        else None
    if alt is not None:  # "eight or nine euros": each takes the unit written once
        unit, noun = alt.unit, alt.noun
    elif unit == "count":
        noun = _counted_noun(text, toks, j, syn, start, end)
        if noun is not None and any(c.isdigit() for c in noun):
            noun = None  # "5–7%": a range, read below
        lone_word = noun is None and words and value < 10 and not has_scale
        if lone_word and not re.match(r"\s?(?:[-–—]|to|до)\s?\w", text[end:end + 6]):
            return None  # a bare number word is rarely a figure ("the two", "one by one")
        if noun is not None:
            k = text.find(noun, end)
            if 0 <= k - end <= 2:
                end = k + len(noun)
            head_unit = _unit_after(text, end - len(noun.split()[-1]), language, False) \
                if " " in noun else None
            if head_unit is not None and head_unit[1] == end and head_unit[0] not in _ISO_SET:
                unit = head_unit[0]  # "517 rushing yards", "10 more minutes"
            elif value > 1 and language == "en" and syn is not None:
                noun, unit = _compound_count(text, noun, k, syn, language, unit)
        elif not words and (value >= 100 or not value.is_integer()) and _index_level(text, start):
            unit = "point"  # "the TA-125 climbed 0.1% to 1,333.18"
    q = _Q(start, end, value, unit, noun=noun, word_number=words, tok_end=_tok_index(toks, end))
    _qualify(text, q)
    if glued_change and q.change == "=":
        q.change = glued_change
    _extend_range(text, toks, q, language, syn, is_blocked)
    if unit == "count" and noun is None and words and value < 10 and not has_scale \
            and q.upper is None:
        return None  # "one to" that is no range ("from one to the other")
    return q


_SYMBOLS = {"$", "€", "£", "¥", "₽", "₹", "₩", "₪", "₴"}


def _or_alternative(text: str, toks: list[_Tok], j: int, language: str, syn: _Syntax | None,
                    is_blocked: Callable[[int, int], bool]) -> _Q | None:
    """The quantity after "or"/"или" when it names the unit both share ("eight or nine
    euros", "3 or 4 per cent", "пять или шесть процентов", "a 7- or 8-inch screen",
    "8 or $9"), else None."""
    if j + 2 < len(toks) and toks[j].text in ("-", "‑") and toks[j].start == toks[j - 1].end \
            and toks[j + 1].low in ("or", "или"):
        j += 1  # a suspended hyphen: "7- or 8-inch"
    if j + 1 >= len(toks) or toks[j].low not in ("or", "или") \
            or toks[j].start - toks[j - 1].end > 1:
        return None
    k = j + 1
    nxt = toks[k]
    if nxt.text in _SYMBOLS and k + 1 < len(toks) and toks[k + 1].is_num \
            and toks[k + 1].start == nxt.end:
        k += 1  # "8 or $9": the currency sign written once, before the second
        nxt = toks[k]
    if not (nxt.is_num or word_value(nxt.low) is not None):
        return None
    alt = _quantity_at(text, toks, k, language, syn, is_blocked)
    if alt is None or (alt.unit == "count" and not alt.noun) or alt.upper is not None:
        return None
    return alt


_METRE_CONTEXT = {"tall", "high", "long", "wide", "deep", "away", "above", "below", "from",
                  "under", "in", "of", "per", "sprint", "race", "hurdles", "freestyle",
                  "backstroke", "breaststroke", "butterfly", "relay", "dash", "run", "high-"}


def _m_is_million(text: str, toks: list[_Tok], j: int) -> bool:
    """A glued "m"/"M" after a number is "million" when a noun follows ("1.2m tons",
    "35m devices", "4.3M digital sales"); else metres ("a 100m sprint", "300m tall")."""
    if toks[j].start != toks[j - 1].end:
        return False
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is None or not nxt.text[0].isalpha() or nxt.low in _METRE_CONTEXT:
        return False
    return toks[j].text == "M" or nxt.start - toks[j].end == 1


_CHANGE_UNITS = {"percent", "percentage point", "basis point", "point", "cent"}


def _tok_index(toks: list[_Tok], end: int) -> int:
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].start < end:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _pronoun_one(toks: list[_Tok], i: int, syn: _Syntax | None) -> bool:
    prev = toks[i - 1].low if i else ""
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if prev in ("no", "the", "every", "any", "someone", "each", "this", "that") or nxt in (
            "another", "'s", "day", "way", "time"):
        return True
    if nxt in ("to", "or", "-", "–") and i + 2 < len(toks) and (
            toks[i + 2].is_num or word_value(toks[i + 2].low) is not None):
        return False  # "for one to two years", "one or two"
    if syn is not None:
        idx = syn.at(toks[i].start, toks[i].end)
        if idx and syn.toks[idx[0]].pos not in ("NUM",):
            return True
    return False


def _counted_noun(text: str, toks: list[_Tok], j: int, syn: _Syntax | None, start: int,
                  end: int) -> str | None:
    """The noun a bare number counts ("8,000 companies", "500 делегатов"), as written."""
    if syn is not None:
        idx = syn.at(start, end)
        if idx:
            for k in reversed(idx):
                t = syn.toks[k]
                if t.dep in ("nummod", "nummod:gov", "nummod:entity", "compound", "quantmod") \
                        and t.head > k and syn.toks[t.head].pos in ("NOUN", "PROPN") \
                        and syn.toks[t.head].start - end < 40 \
                        and syn.toks[t.head].start >= end:
                    h = syn.toks[t.head]
                    return text[end:h.end].strip(" -")
            # natasha: the number governs its noun ("пять компаний": nummod:gov)
            nxt = syn.at(end, end + 30)
            if nxt:
                h = syn.toks[nxt[0]]
                if (h.pos == "NOUN" and h.head == idx[-1]) or (
                        h.pos == "NOUN" and syn.toks[idx[-1]].head == nxt[0]):
                    return text[end:h.end].strip(" -")
        return None
    if j < len(toks) and toks[j].text[0].isalpha() and toks[j].low not in _YEAR_PREP \
            and toks[j].low not in ("up", "down"):
        return toks[j].text
    return None


def _compound_count(text: str, noun: str, at: int, syn: _Syntax, language: str,
                    unit: str) -> tuple[str, str]:
    """A singular noun right after a plural number, before a singular head, is what the
    number counts; the head is what has them ("a 12 page document": 12 pages; "a 3 cylinder
    engine"; "a 5 day event": 5 days; but "30 police officers" counts officers). English
    only: its plural is marked on the noun."""
    first = noun.split()[0]
    if " " not in noun or "-" in first or at < 0:
        return noun, unit
    idx = syn.at(at, at + len(first))
    if len(idx) != 1:
        return noun, unit
    t = syn.toks[idx[0]]
    if t.pos != "NOUN" or t.lemma != t.text.lower() or t.dep != "compound":
        return noun, unit
    head = syn.toks[t.head]
    if head.pos != "NOUN" or head.lemma != head.text.lower():
        return noun, unit  # "30 police officers", "68 league games": the plural head counts
    word_unit = _unit_after(text, at, language, False)
    if word_unit is not None and word_unit[1] == at + len(first) \
            and word_unit[0] not in _ISO_SET:
        return first, word_unit[0]
    return first, unit


def _qualify(text: str, q: _Q) -> None:
    window = text[max(0, q.start - 30):q.start]
    for rx, change in _QUAL_RES:
        m = rx.search(window)
        if m and m.group().strip().lower() == "до" and _CHANGE_OR_TO.search(
                text, max(0, q.start - 60), q.start - len(window) + m.start()):
            continue  # "вырос до 5 млрд": the new level, not "up to"
        if m and re.match(r"up\s+to$", m.group().strip(), re.IGNORECASE) and re.search(
                r"\b(?:lead|leading|run|running|build|building)[\s-]+$", window[:m.start()],
                re.IGNORECASE):
            continue  # "the lead-up to 3G", "the run-up to 2020": no bound
        if m:
            q.qualifier = re.sub(r"\s+", " ", m.group().strip())
            q.change = change
            q.start -= len(window) - m.start() - (len(m.group()) - len(m.group().lstrip()))
            break
    # a change verb just before ("rose 0.3%", "up 19 cents", "вырос на 7 процентов")
    back = text[max(0, q.start - 28):q.start]
    if re.search(r"\d", back):
        back = back[re.search(r"\d(?!.*\d)", back, re.S).end():]  # type: ignore[union-attr]
    found = list(_CHANGE_RE.finditer(back))
    cm = found[-1] if found else None
    if cm is not None and cm.group().strip().lower() not in ("up", "down") \
            and re.search(r"\d[.,]\d+\s*$",
                          text[max(0, q.start - len(back) + cm.start() - 12):
                               q.start - len(back) + cm.start()]):
        # after a decimal it is what is counted: "3.7 rebounds" (not "S&P 500 rose", nor
        # "16,369.03 up 58.06 points")
        cm = None
    if cm is not None and q.change in ("=", "~", "<", ">") and not (
            cm.group("up") and cm.group("up").lower() == "up" and _PHRASAL_UP.search(
                back, 0, cm.start("up"))):
        tail = back[cm.end():]
        if q.qualifier:  # the qualifier is part of the figure: "rose under 4%"
            tail = tail[:len(tail) - len(q.qualifier)] if tail.endswith(q.qualifier) else tail
        if len(tail.split()) <= 3 and not re.search(r"[.;:!?]", tail) and not re.search(
                r"\b(?:to|до|at|from|с|in|of|over|since|during|for|в|за|с)"
                r"(?:\s+(?:just|only|some|лишь|всего))?\s*$", tail, re.IGNORECASE):
            # a direction says more than an approximation: "up nearly 57%" -> up
            q.change = "up" if cm.group("up") else "down"
    if q.change == "=" and _reached(text, q.start):
        q.change = "reached"


# A level reached: the figure after a movement's "to" / "at" ("rose 6.5% to 164p", "fell to
# $2,315", "closed up 0.6% at 5,884", "вырос до 5 млрд") or after "reached" / "hit"
# ("reached $40 billion"). NewsQuant's "=" and the contract's "=".
_REACHED_TO = re.compile(
    r"(?:^|\s)(?:to|at|до)(?:\s+(?:end|close|finish|settle)\w*\s+at)?\s+$", re.IGNORECASE)

_REACHED_VERB = re.compile(
    r"(?:^|\s)(?:reach(?:ed|es|ing)?|hit|hits|hitting|top(?:ped|s)|достиг(?:ла|ло|ли|нет|нут)?|"
    r"достигает|достигают)(?:\s+(?:a|an|the)?\s*(?:record|new|all-time|high|low)*\s*"
    r"(?:high|low|level|mark)?\s*(?:of)?)?\s+$", re.IGNORECASE)


def _reached(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    if _REACHED_VERB.search(before):
        return True
    m = _REACHED_TO.search(before)
    if m is None:
        return False
    clause = text[max(0, start - 80):start - len(before) + m.start()]
    return bool(_MOVED_BEFORE.search(clause))


# a movement earlier in the clause (decimal points are no clause end: "fell 0.4 per cent")
_MOVED_BEFORE = re.compile(
    rf"(?:^|[\s(])(?:{_UP}|{_DOWN}|went|moved?|cut|narrow\w*|widen\w*|eas\w*|lower\w*|"
    r"rais\w*|довести|довест\w*|опус\w*|подн\w*)\b(?:[^.;!?]|\.(?=\d))*$", re.IGNORECASE)


# "up" that is a particle, not a rise: "gave up 517 yards", "set up", "picked up"
_PHRASAL_UP = re.compile(r"\b(?:gave|give[sn]?|giving|set|sets|setting|pick(?:ed|s)?|"
                         r"took|take[sn]?|made|make[s]?|end(?:ed|s)?|summ?(?:ed|s)?|"
                         r"show(?:ed|s)?|sign(?:ed|s)?|put|puts|turn(?:ed|s)?)\s*$",
                         re.IGNORECASE)


def _extend_range(text: str, toks: list[_Tok], q: _Q, language: str, syn: _Syntax | None,
                  is_blocked: Callable[[int, int], bool]) -> None:
    m = re.compile(r"\s?(?:[-–—]|to|до|and|и)\s?").match(text, q.end)
    if not m:
        return
    joiner = m.group().strip().lower()
    before = text[max(0, q.start - 12):q.start].lower()
    if joiner in ("and", "и") and not re.search(r"(?:between|между|от)\s+$", before):
        return
    if joiner == "до" and not re.search(r"\bот\s+$", before):
        return
    if joiner == "to" and re.search(r"\bfrom\s+$", before) and _CHANGE_VERB_BEFORE.search(
            text, max(0, q.start - 60), q.start):
        return  # "rose from X to Y": a change, two figures ("from 5 to 7 per cent of": a range)
    by = joiner == "to" and re.search(r"\bby\s+$", before)
    if by and q.unit != "count":
        return  # "increased by $43.6 billion to $419.2 billion": the change, then the level
    k = _tok_index(toks, m.end())
    if k < len(toks) and toks[k].text in ("$", "€", "£", "¥", "₽") and k + 1 < len(toks):
        k += 1  # "between $62 and $68", "$3 billion to $5 billion"
    if k >= len(toks) or toks[k].start - m.end() > 2:
        return
    second = _quantity_at(text, toks, k, language, syn, is_blocked)
    if second is None or (by and (second.unit == "count" or q.noun)):
        return  # ("dropped by 1 to 1.5 degrees": a range)
    if second.unit != q.unit and q.unit != "count" \
            and not second.unit.startswith(q.unit + " per "):  # "$62 and $68 per share"
        return
    lo = q.value
    first_num = parse_digits(toks[k].text, language) if toks[k].is_num else word_value(
        toks[k].low)
    scale = second.value / (first_num or second.value or 1)
    if scale >= 1000 and first_num is not None and lo * scale <= second.value \
            and lo < first_num:  # "1 to 2 thousand"
        lo *= scale
    if lo >= second.value:
        return
    if second.unit != q.unit:
        q.unit = second.unit
    if q.unit == "count" or second.noun:
        q.noun = second.noun
    q.value, q.upper, q.end, q.tok_end = lo, second.value, second.end, second.tok_end


_CHANGE_VERB_BEFORE = re.compile(
    rf"(?:^|[\s(])(?:{_UP}|{_DOWN}|went|go(?:es|ing)?|moved?|chang\w*|cut|narrow\w*|"
    r"widen\w*|eas\w*|slow\w*|revis\w*|lower\w*|rais\w*|jump\w*)\b[^.;]*$",
    re.IGNORECASE)


