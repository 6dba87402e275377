"""Figures: the quantities an article claims, with what they measure, when, and who said so.

:func:`extract_figures` finds every quantity in a text (money, percent, percentage points,
fractions, multipliers, counts, physical and time units, temperatures, ranges) and fills
``metric`` (from the dependency tree of the annotation's native doc), ``period`` (resolved
against the publication date), ``claimant`` and ``kind``. It returns
:class:`FigureDetail` objects: plain :class:`~presswatch.model.Figure` s (same
``to_contract``) that also carry what the contract has no field for: the ``qualifier``
words ("more than", "около"), the ``change`` they imply (``= ~ > < up down``), the
``upper`` bound of a range and the counted ``noun``.

Decisions (see docs/quality.md, "Figures"):

- ``value`` is exact and in base units; qualifiers never change it. A range ("5–7%",
  "from 1 to 1.5 degrees", "от 5 до 7 процентов") has ``value`` = lower bound, ``upper``
  = upper bound and ``text`` spanning the whole range; "from X to Y" is a range unless a
  change verb governs it ("rose from X to Y": two figures, the old and the new level), and
  "by X to Y" is never a range.
- units: ISO 4217 for money; ``percent``; ``percentage point``; ``basis point``;
  ``fraction`` (0..1, "by a third"); ``times`` ("doubled", "в полтора раза");
  ``count`` (counted things and bare numbers); unit words for the rest (``kilometre``,
  ``tonne``, ``ton``, ``celsius``, ``year``, ``year of age``...); a rate is
  ``"<unit> per <denominator>"`` ("USD per barrel", "percent per year", "point per game").
- claimant: ``claimant_at`` (the quote's speaker) first; else the subject of a reporting
  verb or the name after "according to" / "по словам", as the canonical entity name when
  ``people`` (identity resolution) is given, None when it resolves to nothing.
- not figures: years and dates, clock times, ordinals, list numbering, phone numbers,
  numbers inside names ("COVID-19", "Section 427", "S&P 500", "iPhone 11 Pro"), street
  addresses, sports scores ("beat Charlton 2-1"), vague amounts without a value ("several
  times", "в несколько раз"), and the durations that name a period ("over the ten months
  of this year", "за девять месяцев").
- vague plurals are ranges of one order of magnitude ("dozens of people" 12-120, "tens of
  thousands of dollars", "тысячи рублей"), the vague words kept as the qualifier.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from presswatch.extract.numbers import (
    EN_UNITS,
    RU_UNITS,
    combine_words,
    multiplier,
    parse_digits,
    word_value,
)
from presswatch.extract.quotes import EntityLookup
from presswatch.model import Annotation, Figure, FigureDetail, Span

__all__ = ["FigureDetail", "extract_figures", "find_quantities", "resolve_periods"]

ClaimantAt = Callable[[int, int], str | None]


# ----------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"(?<![\w.,])\.\d+|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\S")
_GROUP_SEP = {"\u00a0", "\u202f", "\u2009"}


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation shaped as a trie (Python's re does not factor prefixes itself)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        end = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


# anchors of quantities: digits and number words (matched on the lower-cased text)
_ANCHOR = re.compile(r"\d|\b" + _trie_pattern(sorted({*EN_UNITS, *RU_UNITS})) + r"\b")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    is_num: bool


def _tokenise(text: str, language: str, pos: int = 0, endpos: int | None = None) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text, pos, len(text) if endpos is None else endpos):
        s = m.group()
        is_num = s[0].isdigit() or (s[0] == "." and len(s) > 1)
        prev = toks[-1] if toks else None
        # space-grouped thousands: "1 200 000", "12 500" (plain spaces in Russian only)
        if (is_num and prev is not None and prev.is_num and len(s) == 3 and s.isdigit()
                and m.start() - prev.end == 1
                and (text[prev.end] in _GROUP_SEP or (language == "ru" and text[prev.end] == " "))
                and (len(prev.text) <= 3 or not prev.text[-4:].isdigit())):
            prev.end = m.end()
            prev.text = text[prev.start:m.end()]
            prev.low = prev.text
            continue
        toks.append(_Tok(m.start(), m.end(), s, s.lower(), is_num))
    return toks


# ----------------------------------------------------------------------------- tables

_MONTHS_EN = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
              r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTHS_RU = r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\w*|июн\w*|июл\w*|август\w*|" \
             r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"
_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12, "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}

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

_CCY_ADJ = {
    "us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
    "hong kong": "HKD", "singapore": "SGD", "new zealand": "NZD", "taiwan": "TWD",
    "russian": "RUB", "belarusian": "BYN", "belarussian": "BYN", "belorussian": "BYN",
    "российских": "RUB", "российского": "RUB", "российские": "RUB", "российский": "RUB",
    "российскими": "RUB", "белорусских": "BYN", "белорусского": "BYN", "белорусские": "BYN",
    "белорусский": "BYN", "белорусскими": "BYN", "американских": "USD", "американского": "USD",
    "американские": "USD", "американский": "USD", "бел.": "BYN", "рос.": "RUB",
}
_CCY_NOUN: list[tuple[str, str]] = [
    (r"danish\s+(?:crowns?|kron(?:e|er))|датск\w+\s+крон\w*", "DKK"),
    (r"swedish\s+(?:crowns?|kron(?:a|or))|шведск\w+\s+крон\w*", "SEK"),
    (r"norwegian\s+(?:crowns?|kron(?:e|er))|норвежск\w+\s+крон\w*", "NOK"),
    (r"czech\s+(?:crowns?|korun[ay]?)|чешск\w+\s+крон\w*", "CZK"),
    (r"dollars?|долл(?:ар\w*|\.)?", "USD"), (r"euros?|евро", "EUR"),
    (r"(?:pounds?\s+sterling|фунт\w*\s+стерлинг\w*)", "GBP"),
    (r"ro?ubles?|рубл\w*|руб\.?", "RUB"), (r"yuan|renminbi|юан\w*", "CNY"),
    (r"yen|иен\w*|йен\w*", "JPY"), (r"rupees?|рупи\w*", "INR"), (r"won", "KRW"),
    (r"shekels?", "ILS"), (r"ringgit", "MYR"), (r"swiss\s+francs?|francs?|франк\w*", "CHF"),
    (r"hryvnias?|hryvnia|гривн\w*|гривен", "UAH"), (r"tenge|тенге", "KZT"),
    (r"lira|лир\w*", "TRY"), (r"złoty|zloty|злот\w*", "PLN"), (r"sen", "MYR_SEN"),
    (r"cents?", "cent"), (r"копе\w*", "kopeck"),
]
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

# units after a number; first match wins, so longer forms come first
_UNITS: list[tuple[str, str]] = [
    (r"percentage\s+points?|п\.\s?п\.|процентн\w+\s+пункт\w*|pp\b", "percentage point"),
    (r"basis\s+points?|bps?\b|б\.\s?п\.|базисн\w+\s+пункт\w*", "basis point"),
    (r"%|per\s?cent\b|percent\b|pct\b|pc\b|процент\w*|проц\.", "percent"),
    (r"pence\b|(?-i:p)\b(?!\.?\s*\d|\.\s?m\.)", "pence"),
    (r"-?years?[- ]olds?\b|-?лет(?:ний|няя|него|нему|ним|нюю|ние|них)\b", "year of age"),
    (r"-?months?[- ]olds?\b|-?месячн(?:ый|ая|ого|ому|ым|ом|ой|ую|ые|ых|ыми)\b", "month of age"),
    (r"-?weeks?[- ]olds?\b|-?недельн(?:ый|ая|ого|ому|ым|ом|ой|ую|ые|ых|ыми)\b", "week of age"),
    (r"-?days?[- ]olds?\b", "day of age"),
    (r"times\b|-?fold\b|раза?\b", "times"),
    (r"°\s?[CС]\b|degrees?\s+celsius|градус\w*\s+по\s+цельсию|degrees?\s+c\b|celsius",
     "celsius"),
    (r"°\s?F\b|degrees?\s+fahrenheit|fahrenheit", "fahrenheit"),
    (r"degrees?|градус\w*|°", "degree"),
    (r"km/h|kph|kilomet(?:er|re)s?\s+(?:per|an)\s+hour|км/ч", "kilometre per hour"),
    (r"mph|miles?\s+(?:per|an)\s+hour", "mile per hour"),
    (r"barrels?\s+(?:per|a)\s+day|bpd|баррел\w*\s+в\s+сутки", "barrel per day"),
    (r"square\s+(?:kilomet(?:er|re)s?|km)|sq\.?\s?km|km2|km²|кв\.\s?км|квадратн\w+\s+километр\w*",
     "square kilometre"),
    (r"square\s+(?:met(?:er|re)s?|m)|sq\.?\s?m\b|m2\b|m²|кв\.\s?м\b|квадратн\w+\s+метр\w*",
     "square metre"),
    (r"square\s+(?:feet|foot)|sq\.?\s?ft\b|sq\.?\s?feet", "square foot"),
    (r"square\s+miles?|sq\.?\s?mi\b", "square mile"),
    (r"cubic\s+(?:feet|foot)|cu\.?\s?ft\b", "cubic foot"),
    (r"cubic\s+met(?:er|re)s?|m3\b|m³|куб\.\s?м\b|кубометр\w*|кубическ\w+\s+метр\w*",
     "cubic metre"),
    (r"kilomet(?:er|re)s?|km\b|км\b|километр\w*", "kilometre"),
    (r"centimet(?:er|re)s?|cm\b|см\b|сантиметр\w*", "centimetre"),
    (r"millimet(?:er|re)s?|mm\b|мм\b|миллиметр\w*", "millimetre"),
    (r"nanomet(?:er|re)s?|(?-i:nm)\b|нм\b|нанометр\w*", "nanometre"),
    (r"micromet(?:er|re)s?|microns?|µm", "micrometre"),
    (r"met(?:er|re)s?\s+per\s+second|m/s\b|м/с\b", "metre per second"),
    (r"m\.p\.h\.?", "mile per hour"),
    (r"met(?:er|re)s?|m\b|м\b|метр(?:а|ов|ы|ах)?\b", "metre"),
    (r"miles?\s+per\s+gallon|mpg", "mile per gallon"),
    (r"miles?|мил[ьяи]\w*", "mile"), (r"yards?|yd\b", "yard"), (r"feet|foot|ft\b", "foot"),
    (r"inch(?:es)?|in\.", "inch"),
    (r"metric\s+tons?|tonnes?|тонн\w*|т\b", "tonne"), (r"tons?\b", "ton"),
    (r"kilograms?|kilos?\b|kg\b|кг\b|килограмм\w*", "kilogram"),
    (r"milligrams?|(?-i:mg)\b|мг\b|миллиграмм\w*", "milligram"),
    (r"micrograms?|µg\b|мкг\b", "microgram"),
    (r"grams?\b|(?-i:g)\b|граммов|грамма?\b", "gram"),
    (r"gigatonnes?|gigatons?|(?-i:Gt)\b|гигатонн\w*", "gigaton"),
    (r"pound-f(?:ee|oo)t|lb-ft", "pound-foot"), (r"pounds?|lbs?\b", "pound-mass"),
    (r"(?:fluid\s+)?ounces?|(?:fl\.?\s?)?oz\b", "ounce"), (r"pints?\b", "pint"),
    (r"quarts?\b", "quart"), (r"gallons?\b", "gallon"), (r"cups?\b", "cup"),
    (r"hectares?|ha\b|гектар\w*|га\b", "hectare"), (r"acres?", "acre"),
    (r"litres?|liters?|l\b|литр\w*|л\b", "litre"),
    (r"millilitres?|milliliters?|ml\b", "millilitre"),
    (r"barrels?|баррел\w*", "barrel"),
    (r"kWh|kilowatt[- ]hours?|кВт\W?ч", "kilowatt hour"),
    (r"MWh|megawatt[- ]hours?|МВт\W?ч", "megawatt hour"),
    (r"GWh|gigawatt[- ]hours?|ГВт\W?ч", "gigawatt hour"), (r"TWh", "terawatt hour"),
    (r"kW\b|kilowatts?|кВт\b|киловатт\w*", "kilowatt"), (r"MW\b|megawatts?|МВт\b|мегаватт\w*",
                                                         "megawatt"),
    (r"GW\b|gigawatts?|ГВт\b|гигаватт\w*", "gigawatt"), (r"watts?\b|W\b|Вт\b|ватт\w*", "watt"),
    (r"bhp\b|brake\s+horsepower", "brake horsepower"),
    (r"horsepower|hp\b|л\.\s?с\.", "horsepower"), (r"(?-i:PS)\b", "metric horsepower"),
    (r"(?-i:Nm)\b|newton[- ]met(?:er|re)s?|Н\W?м\b", "newton metre"),
    (r"ksi\b", "kilopound per square inch"), (r"psi\b", "pound per square inch"),
    (r"(?-i:GPa)\b|gigapascals?|ГПа\b", "gigapascal"),
    (r"(?-i:MPa)\b|megapascals?|МПа\b", "megapascal"),
    (r"(?-i:kPa)\b|kilopascals?|кПа\b", "kilopascal"),
    (r"ppb\b|parts?[- ]per[- ]billion", "part per billion"),
    (r"ppm\b|parts?[- ]per[- ]million", "part per million"),
    (r"(?:kilo)?calories|kcal\b|ккал\b|калори\w*", "calorie"),
    (r"(?-i:kHz)|kilohertz|кГц", "kilohertz"),
    (r"(?-i:[MG]bps)\b|(?:mega|giga)bits?\s+per\s+second", "megabit per second"),
    (r"(?-i:kV)\b|kilovolts?|кВ\b", "kilovolt"),
    (r"ppg\b", "point per game"),
    (r"rpm\b", "revolutions per minute"),
    (r"GB\b|gigabytes?", "gigabyte"), (r"TB\b|terabytes?", "terabyte"),
    (r"MB\b|megabytes?", "megabyte"), (r"GHz|gigahertz", "gigahertz"),
    (r"MHz|megahertz", "megahertz"), (r"Hz\b|hertz", "hertz"),
    (r"mAh", "milliampere-hour"),
    (r"decades?|десятилети\w*", "decade"), (r"years?|лет\b|года?\b|годов\b", "year"),
    (r"months?|месяц\w*", "month"), (r"weeks?|недел\w*", "week"),
    (r"days?|дн(?:я|ей|ям|ями)\b|день|сут(?:ок|ки)", "day"), (r"hours?|hrs?\b|час\w*", "hour"),
    (r"minutes?|mins?\b|минут\w*", "minute"), (r"seconds?|secs?\b|секунд\w*", "second"),
    (r"points?\b|пункт\w*|очк\w*", "point"),
]
_UNIT_RES = [(re.compile(p, re.IGNORECASE), u) for p, u in _UNITS]
_CCY_RES = [(re.compile(p, re.IGNORECASE), c) for p, c in _CCY_NOUN]
_CCY_ADJ_RE = re.compile(
    r"(?P<adj>u\.s\.|us|american|australian|canadian|hong\s+kong|singapore|new\s+zealand|"
    r"taiwan|russian|belarusian|belarussian|belorussian|российск\w+|белорусск\w+|"
    r"американск\w+|бел\.|рос\.)\s+",
    re.IGNORECASE,
)
_ISO_AFTER = re.compile(rf"(?:{_ISO})\b")

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

_FRACTIONS = re.compile(
    r"\b(?P<den>half|halves|thirds?|quarters?|fifths?|tenths?|половин[уаы]|трет[ьи]|"
    r"четверт[ьи]|пят(?:ую|ая)\s+част[ьи])\b",
    re.IGNORECASE,
)
_FRACTION_NUM = re.compile(r"\b(?P<num>a|an|one|two|three|four|seven|nine|одн[уа]|две|три)"
                           r"(?:\s+|-)$", re.IGNORECASE)
_DEN = {"hal": 2, "thi": 3, "qua": 4, "fif": 5, "ten": 10, "пол": 2, "тре": 3, "чет": 4,
        "пят": 5}
# a number word before a fraction's denominator is its numerator, not a count
# ("two-thirds", "three quarters of")
_DEN_AFTER = re.compile(r"(?:\s+|-)(?:thirds|quarters|fifths|tenths|трети|четверти)\b",
                        re.IGNORECASE)
_MULT_WORDS = re.compile(
    r"\b(?P<w>doubled|doubling|doubles|double|tripled|tripling|triples|quadrupled|"
    r"twofold|threefold|fourfold|fivefold|tenfold|"
    r"вдвое|втрое|вчетверо|впятеро|вдесятеро|удвоил\w*|удвоит\w*|утроил\w*|"
    r"в\s+полтора\s+раза|в\s+полторы\s+раза)\b",
    re.IGNORECASE,
)
_MULT_VALUE = {"dou": 2.0, "tri": 3.0, "qua": 4.0, "two": 2.0, "thr": 3.0, "fou": 4.0,
               "fiv": 5.0, "ten": 10.0, "вдв": 2.0, "втр": 3.0, "вче": 4.0, "впя": 5.0,
               "вде": 10.0, "удв": 2.0, "утр": 3.0, "в п": 1.5}

_VAGUE_WORDS = {"dozens", "hundreds", "thousands", "millions", "billions", "десятки",
                "сотни", "тысячи", "миллионы", "десятков", "сотен", "тысяч"}
_YEAR_PREP = {"in", "since", "by", "of", "from", "until", "till", "to", "through", "for",
              "during", "before", "after", "в", "с", "до", "к", "от", "по", "на", "за", "and"}
_LABEL_OK = {"the", "a", "an", "to", "in", "by", "of", "on", "at", "for", "with", "from",
             "and", "or", "than", "about", "over", "under", "some", "nearly", "almost"}


# ----------------------------------------------------------------------------- syntax view

@dataclass(slots=True)
class _NTok:
    start: int
    end: int
    text: str
    pos: str
    dep: str
    head: int
    lemma: str
    fut: bool = False


class _Toks:
    """The native doc's tokens as :class:`_NTok`, built on first access (most never are)."""

    __slots__ = ("cache", "heads", "make", "n")

    def __init__(self, n: int, heads: list[int], make: Callable[[int], _NTok]) -> None:
        self.n = n
        self.heads = heads
        self.make = make
        self.cache: dict[int, _NTok] = {}

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> _NTok:
        t = self.cache.get(i)
        if t is None:
            t = self.cache[i] = self.make(i)
        return t


class _Syntax:
    __slots__ = ("_children", "starts", "toks")

    def __init__(self, toks: _Toks, starts: list[int]) -> None:
        self.toks = toks
        self.starts = starts
        self._children: list[list[int]] | None = None

    @property
    def children(self) -> list[list[int]]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in range(len(self.toks))]
            for i, h in enumerate(self.toks.heads):
                if h != i:
                    kids[h].append(i)
            self._children = kids
        return self._children

    def at(self, start: int, end: int) -> list[int]:
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        out = []
        n = len(self.toks)
        starts = self.starts
        while i < n and starts[i] < end:
            # a token overlaps when the next one starts after ``start`` (gaps are spaces)
            if i + 1 == n or starts[i + 1] > start:
                out.append(i)
            i += 1
        return out


def _syntax(native: Any) -> _Syntax | None:
    if native is None:
        return None
    if hasattr(native, "vocab"):  # spaCy Doc
        if not native.has_annotation("DEP") or len(native) == 0:
            return None
        arr = native.to_array(["IDX", "HEAD"]).astype("int64").tolist()
        starts = [a for a, _ in arr]
        heads = [i + h for i, (_, h) in enumerate(arr)]

        def make_spacy(i: int) -> _NTok:
            t = native[i]
            return _NTok(t.idx, t.idx + len(t.text), t.text, t.pos_, t.dep_.lower(), heads[i],
                         t.lemma_.lower(), t.tag_ == "MD" and t.lower_ in (
                             "will", "'ll", "shall", "would"))

        return _Syntax(_Toks(len(starts), heads, make_spacy), starts)
    if hasattr(native, "tokens") and hasattr(native, "sents"):  # natasha Doc
        tokens = native.tokens
        if not tokens:
            return None
        index = {t.id: i for i, t in enumerate(tokens)}
        heads = [index.get(t.head_id, i) if t.head_id else i for i, t in enumerate(tokens)]
        starts = [t.start for t in tokens]

        def make_natasha(i: int) -> _NTok:
            t = tokens[i]
            feats = t.feats or {}
            return _NTok(t.start, t.stop, t.text, t.pos or "", (t.rel or "").lower(), heads[i],
                         t.text.lower(), feats.get("Tense") == "Fut")

        return _Syntax(_Toks(len(starts), heads, make_natasha), starts)
    return None


# ----------------------------------------------------------------------------- quantities

@dataclass(slots=True)
class _Q:
    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None = None
    change: str = "="
    upper: float | None = None
    noun: str | None = None
    word_number: bool = False
    tok_end: int = 0


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
            if code == "RUB" and adj and "бел" in adj.group("adj").lower():
                code = "BYN"
            elif adj:
                code = _CCY_ADJ.get(re.sub(r"\s+", " ", adj.group("adj").lower()), code) \
                    if code in ("USD", "RUB") else code
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
    for q in out:  # "435 homes by open sale and 187 by tender": 187 homes
        if q.unit == "count" and q.noun:
            counted = q
        elif q.unit == "count" and q.noun is None and q.upper is None and counted is not None \
                and not q.word_number and q.start - counted.end < 80 \
                and _ELLIPSIS.fullmatch(text, counted.end, q.start) \
                and not re.match(r"\s*(?:%|[^\W\d_]+\s+[^\W\d_]+\b(?<!by)\s+of\b)", text[q.end:]):
            q.noun = counted.noun
    return out


# what may stand between a counted figure and a bare number that shares its noun
_ELLIPSIS = re.compile(r"[^.;:!?()\d]*\b(?:and|while|but|whereas|и|а|но)\b[^.;:!?()\d]*",
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
# sports scores: "beat Charlton 2-1", "tied at 89-89", "a 9-2 lead", "счёт 2:1"
_SCORE = re.compile(r"(?<![\d.,:/-])(?P<a>\d{1,3})\s?[-–:]\s?(?P<b>\d{1,3})"
                    r"(?![\d%]|[.,]\d|\s?[-–/]\d)")
_SCORE_CUE = re.compile(
    r"\b(?:beat|beats|won|win|wins|lost|lose|loses|lead|led|leads|trail\w*|tied?|ties|draw|drew|"
    r"ended|score\w*|victory|defeat\w*|down|up|game|match|set|goals?|aggregate|"
    r"обыграл\w*|победил\w*|проиграл\w*|сч[её]т\w*|ничь\w*|матч\w*)\b", re.IGNORECASE)


def _score_at(text: str, s: int, e: int) -> bool:
    """A number that is one side of a sports score ("2-1", "89-89"), not a range."""
    for m in _SCORE.finditer(text, max(0, s - 5), min(len(text), e + 5)):
        if not m.start() <= s < m.end():
            continue
        a, b = int(m.group("a")), int(m.group("b"))
        if m.group().find(":") >= 0 and not _SCORE_CUE.search(
                text, max(0, m.start() - 30), min(len(text), m.end() + 15)):
            return False  # "3:1" alone is a ratio or a time
        if (a >= b and not re.match(r"\s*(?:[^\W\d_]+)", text[m.end():m.end() + 3])) \
                or _SCORE_CUE.search(text[max(0, m.start() - 25):m.start()]) \
                or _SCORE_CUE.match(text[m.end():m.end() + 12].lstrip()):
            return True
    return False


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


# ages: "Maddon, 66, has", "Nick Hague 44 has", "who was 10", "aged 66", "Иванов, 66 лет,"
_AGE_APPOS = re.compile(r"(?-i:[A-ZА-ЯЁ])[\w'’.-]+,\s*$")
_AGE_NAME_BARE = re.compile(r"(?-i:[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+)\s+$")
_AGE_VERB_AFTER = re.compile(r"\s+(?:has|had|is|was|said|says|will|who|and|joined|died)\b")
_AGE_BE = re.compile(
    r"\b(?:he|she|who|i|you|they|we)\s+(?:is|was|were|are|am|will\s+be|would\s+be|turns?|"
    r"turned|turning)\s+$|\b(?:he|she|who)['’]s\s+$|\b(?:aged|ages?\s+of|at\s+age)\s+$|"
    r"\b(?:ему|ей|мне|им|тебе|нам)\s+(?:было\s+|будет\s+|исполнил[оа]сь\s+|исполнится\s+)?$|"
    r"\bв\s+возрасте\s+(?:до\s+|от\s+|около\s+|старше\s+|более\s+)?$",
    re.IGNORECASE)


def _age_at(text: str, start: int, end: int, value: float, unit: str,
            language: str) -> int | None:
    """The end of an age written without "-year-old": "Maddon, 66, has", "Nick Hague 44
    has", "who was 10", "aged 66", "Иванов, 66 лет,", "ему 66 лет" (else None)."""
    before = text[max(0, start - 40):start]
    after = text[end:end + 12]
    if unit == "count":
        if re.match(r"\s*[,)]", after) and _AGE_APPOS.search(before) \
                and not _sentence_start(text, start):
            return end
        if (_AGE_BE.search(before) and not re.match(r"\s*(?:[%$€£]|[^\W\d_])", after)) \
                or (_AGE_BE.search(before) and re.match(r"\s+(?:by|in|on|at|when|next|this|"
                                                        r"and|or|but|until)\b", after)):
            return end
        if 15 <= value <= 110 \
                and _AGE_NAME_BARE.search(before) and _AGE_VERB_AFTER.match(after):
            return end
        return None
    # Russian "66 лет" (unit year) in apposition or after an age cue
    if language == "ru" and ((re.match(r"\s*[,)]", after) and _AGE_APPOS.search(before))
                             or _AGE_BE.search(before)):
        return end
    return None


_INDEX_NAMES = {"sp", "s&p", "ftse", "nikkei", "dax", "cac", "stoxx", "fortune", "russell",
                "nasdaq", "asx", "kospi", "sensex", "nifty", "msci", "ta", "tsx", "dow"}
_LABEL_WORDS = {"category", "level", "stage", "phase", "grade", "type", "class", "tier",
                "chapter", "article", "section", "clause", "paragraph", "version", "episode",
                "round", "gate", "terminal", "platform", "route", "interstate", "flight", "room",
                "model", "generation", "vol", "volume", "part", "act", "item", "game", "week",
                "категории", "категория", "уровня", "уровень", "статья", "статьи", "статье",
                "пункт", "пункта", "часть", "части", "глава", "главы", "раздел", "раздела",
                "рейс", "рейса", "серия", "серии", "этап", "этапа", "тур", "тура", "версии"}
_MODEL_SUFFIX = {"pro", "max", "mini", "plus", "ultra", "lite", "edition", "series", "xl", "se",
                 "gt", "gti", "turbo", "classic"}
_ADDRESS_AFTER = re.compile(
    r"(?:[-–]\d+)?(?:\s+(?-i:[A-Z])[\w'’.-]*){1,3}\s+(?:Street|St|Road|Rd|Avenue|Ave|Way|Lane|Ln|"
    r"Boulevard|Blvd|Drive|Dr|Place|Pl|Court|Ct|Terrace|Highway|Hwy|Parkway|Pkwy|Crescent|"
    r"Close|Square|Sq)\b")
_ERA = re.compile(r"\b(?:A\.?D\.?|B\.?C\.?(?:E\.?)?|C\.?E\.?)\s*$"
                  r"|^\s*(?:A\.?D\b|B\.?C\.?(?:E\.?)?\b)")


def _not_a_count(text: str, toks: list[_Tok], i: int, j: int, prev: _Tok | None) -> bool:
    """A bare number that names or labels something: a model ("iPhone 11 Pro", "the S&P
    500"), a street address ("358 El Brillo Way"), a year of an era ("A.D. 1000"), a rating
    in a list ("Ander Herrera: 4 Started ...")."""
    nxt = toks[j] if j < len(toks) else None
    if (prev is not None and prev.end == toks[i].start - 1) or (prev is not None and \
            prev.end == toks[i].start):
        low = prev.low
        if low in _LABEL_WORDS and not re.match(r"\s?(?:%|[-–]\d|per\b|percent)",
                                                 text[toks[j - 1].end:toks[j - 1].end + 8]):
            return True  # "a category 4 hurricane", "статья 5"
        if low in _INDEX_NAMES or (prev.text[0].islower() and any(c.isupper() for c in prev.text)):
            return True  # "sp 500", "iPhone 11"
    if nxt is not None and nxt.low in _MODEL_SUFFIX and nxt.text[0].isupper() \
            and nxt.start - toks[i].end == 1:
        return True  # "11 Pro Max", "12 Mini"
    e = toks[j - 1].end
    if _ADDRESS_AFTER.match(text, e):
        return True
    if _ERA.search(text, max(0, toks[i].start - 6), toks[i].start) or _ERA.match(text, e):
        return True
    # "Ander Herrera: 4 Started the episode": a rating in a list
    return prev is not None and prev.text == ":" and len(toks[i].text) <= 2 and bool(
        re.search(r"(?-i:[A-Z])\w+:\s*$", text[max(0, toks[i].start - 30):toks[i].start])) \
        and bool(re.match(r"\s+(?-i:[A-Z])[a-z]", text[e:e + 4]))


_INDEX_CUE = re.compile(
    r"\b(?:index|indices|indexes|dow|nasdaq|s&p|ftse|dax|cac|nikkei|hang\s+seng|stoxx|kospi|"
    r"sensex|nifty|composite|asx|tsx|ta-\d+|stock\s+exchange|blue[- ]chips?|"
    r"индекс\w*|ммвб|ртс|мосбирж\w*)", re.IGNORECASE)
_INDEX_LEVEL_BEFORE = re.compile(
    r"(?:\bto|\bat|\bof|\(|\bна|\bдо|\bуровне)\s*$", re.IGNORECASE)


def _index_level(text: str, start: int) -> bool:
    """A bare number that is the level of a stock index: "(16369.03 up 58.06 points)",
    "climbed 0.1% to 1,333.18", "индекс РТС опустился до 1012,5"."""
    if not _INDEX_LEVEL_BEFORE.search(text, max(0, start - 12), start):
        return False
    s0, s1 = _sentence_bounds(text, start)
    return _INDEX_CUE.search(text, s0, s1) is not None


def _or_alternative(text: str, toks: list[_Tok], j: int, language: str, syn: _Syntax | None,
                    is_blocked: Callable[[int, int], bool]) -> _Q | None:
    """The quantity after "or"/"или" when it names the unit both share ("eight or nine
    euros", "3 or 4 per cent", "пять или шесть процентов"), else None."""
    if j + 1 >= len(toks) or toks[j].low not in ("or", "или") \
            or toks[j].start - toks[j - 1].end > 1:
        return None
    nxt = toks[j + 1]
    if not (nxt.is_num or word_value(nxt.low) is not None):
        return None
    alt = _quantity_at(text, toks, j + 1, language, syn, is_blocked)
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


_ISO_SET = set(_ISO.split("|")) | set(_SYM_ISO.values())
_CHANGE_UNITS = {"percent", "percentage point", "basis point", "point", "cent"}
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


def _sentence_start(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t\"'«“(":
        k -= 1
    return k < 0 or text[k] in ".!?\n:;"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos), text.rfind("! ", 0, pos),
            text.rfind("? ", 0, pos))
    e_candidates = [x for x in (text.find(". ", pos), text.find("\n", pos)) if x >= 0]
    return (s + 1 if s >= 0 else 0), (min(e_candidates) if e_candidates else len(text))


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
    if j < len(toks) and toks[j].text[0].isalpha() and toks[j].low not in _YEAR_PREP:
        return toks[j].text
    return None


def _qualify(text: str, q: _Q) -> None:
    window = text[max(0, q.start - 30):q.start]
    for rx, change in _QUAL_RES:
        m = rx.search(window)
        if m and m.group().strip().lower() == "до" and _CHANGE_OR_TO.search(
                text, max(0, q.start - 60), q.start - len(window) + m.start()):
            continue  # "вырос до 5 млрд": the new level, not "up to"
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
    if scale >= 1000 and lo * scale <= second.value and lo < first_num:  # "1 to 2 thousand"
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


# cheap substring tests before the fraction and multiplier patterns run on a document
_FRACTION_KEYS = ("hal", "third", "quarter", "fifth", "tenth", "полови", "трет", "четверт", "пят")
_MULT_KEYS = ("doubl", "tripl", "quadrupl", "fold", "вдвое", "втрое", "вчетверо", "впятеро",
              "вдесятеро", "удвои", "утрои", "полтор")


def _special(text: str, language: str, found: list[_Q],
             syn: _Syntax | None = None) -> list[_Q]:
    """Fractions ("by a third", "две трети") and multiplier words ("doubled", "вдвое")."""
    taken = [(q.start, q.end) for q in found]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    out: list[_Q] = []
    low = text.lower()
    has_fraction = any(k in low for k in _FRACTION_KEYS)
    for m in _FRACTIONS.finditer(text) if has_fraction else ():
        den = m.group("den").lower()
        nm = _FRACTION_NUM.search(text, max(0, m.start() - 8), m.start())
        num_w = nm.group("num").lower() if nm else ""
        before = text[max(0, (nm.start() if nm else m.start()) - 4):
                      nm.start() if nm else m.start()].lower()
        after = text[m.end():m.end() + 4].lower()
        if not num_w and not re.search(r"(?:by|на)\s$", before) and not den.startswith(
                ("пол", "тре", "чет")) and not (den == "half" and after.startswith(" of")):
            continue
        if den.startswith(("thi", "qua", "fif")) and not num_w:
            continue
        if num_w in ("a", "an") and not (after.startswith(" of") or re.search(r"by\s$", before)):
            continue
        count = 1.0 if num_w in ("", "a", "an", "one", "одну", "одна") else (
            word_value(num_w) or 1.0)
        d = _DEN.get(den[:3], 0)
        if not d or not free(m.start(), m.end()):
            continue
        s = nm.start() if nm else m.start()
        out.append(_Q(s, m.end(), round(count / d, 3), "fraction", noun=m.group("den")))
    for m in _MULT_WORDS.finditer(text) if any(k in low for k in _MULT_KEYS) else ():
        w = m.group("w").lower()
        v = _MULT_VALUE.get(w[:3])
        if w in ("double", "triple") and text.startswith("-", m.end()):
            continue  # "double-digit", "a double-degree programme": an adjective
        if v and free(m.start(), m.end()):
            out.append(_Q(m.start(), m.end(), v, "times", change="up", noun=m.group("w")))
    if any(k in low for k in _VAGUE_KEYS):
        out.extend(q for q in _vague(text, language, syn) if free(q.start, q.end))
    return out


# vague plurals: a range of one order of magnitude ("dozens of" 12-120, "tens of thousands
# of" 10,000-100,000, "сотни" 100-1,000, "десятки тысяч" 10,000-100,000)
_VAGUE_KEYS = ("dozens", "hundreds", "thousands", "millions", "billions", "десятк", "сотни",
               "сотен", "сотнями", "тысячи", "тысяч", "миллион", "миллиард")
_VAGUE_EN = re.compile(
    r"\b(?:(?P<pre>tens|dozens|hundreds)\s+of\s+)?(?P<w>dozens|hundreds|thousands|millions|"
    r"billions)\s+of\s+", re.IGNORECASE)
_VAGUE_RU = re.compile(
    r"\b(?:(?P<pre>десятк(?:и|ов|ами|ах)|сотн(?:и|ями|ях)|сотен)\s+)?"
    r"(?P<w>десятк(?:и|ов|ами|ах)|сотн(?:и|ями|ях)|сотен|тысяч(?:и|ами|ах)?|"
    r"миллион(?:ы|ов|ами|ах)|миллиард(?:ы|ов|ами|ах))\s+(?=[^\W\d_])", re.IGNORECASE)
_VAGUE_BASE = {"ten": 10.0, "doz": 12.0, "hun": 100.0, "tho": 1e3, "mil": 1e6, "bil": 1e9,
               "дес": 10.0, "сот": 100.0, "тыс": 1e3, "мил": 1e6}


def _vague(text: str, language: str, syn: _Syntax | None) -> list[_Q]:
    """Vague plurals as ranges: "dozens of people" 12-120 people, "tens of thousands of
    dollars" 10,000-100,000 USD, "тысячи рублей" 1,000-10,000 RUB."""
    out: list[_Q] = []
    rx = _VAGUE_RU if language == "ru" else _VAGUE_EN
    for m in rx.finditer(text):
        w = m.group("w").lower()
        base = 1e9 if language == "ru" and w.startswith("миллиард") else _VAGUE_BASE[w[:3]]
        if w == "тысяч" and not m.group("pre"):
            continue  # "тысяч" alone follows a number ("пять тысяч")
        before = text[max(0, m.start() - 12):m.start()]
        prev_word = re.search(r"(\w+)\s*$", before)
        if re.search(r"(?:\d|\b(?:the|these|those|several|few|a|many|эти|те|нескольк\w*)"
                     r")\s*$", before, re.IGNORECASE) or (
                prev_word and word_value(prev_word.group(1)) is not None):
            continue  # "several thousands", "the hundreds of": not an order of magnitude
        if m.group("pre"):
            base *= _VAGUE_BASE[m.group("pre").lower()[:3]]
        elif language == "ru" and w in ("тысячи", "сотни") and re.search(
                r"\b(?:более|больше|свыше|менее|меньше|около|порядка|до|почти|превысил\w*)\s+$",
                before, re.IGNORECASE):
            continue  # "больше тысячи лет": a thousand (genitive singular), not thousands
        pos = m.end()
        unit, end, noun = "count", pos, None
        after = _unit_after(text, pos, language, True)
        if after is not None and after[0] != "count" and after[1] > pos:
            unit, end = after[0], after[1]
        else:
            noun = _vague_noun(text, pos, syn)
            if noun is None:
                continue
            end = pos + len(noun)
        out.append(_Q(m.start(), end, base, unit, qualifier=m.group().strip(),
                      upper=base * 10, noun=noun))
    return out


def _vague_noun(text: str, pos: int, syn: _Syntax | None) -> str | None:
    """The noun phrase a vague plural counts: up to its head noun ("job cuts", "Kia and
    Hyundai vehicles"), or the next word without a parse."""
    if syn is not None:
        idx = syn.at(pos, pos + 60)
        t = syn.toks
        for n, k in enumerate(idx[:6]):
            tok = t[k]
            if tok.pos in ("NOUN", "PROPN") and k + 2 < len(t) and t[k + 1].pos == "CCONJ" \
                    and t[k + 2].pos in ("NOUN", "PROPN", "ADJ"):
                continue  # "Kia and Hyundai vehicles"
            if tok.pos in ("NOUN", "PROPN") and not (
                    k + 1 < len(t) and t[k + 1].pos in ("NOUN", "PROPN")
                    and t[k + 1].start - tok.end <= 1):
                return text[pos:tok.end]
            if tok.pos in ("VERB", "AUX", "PUNCT", "ADP", "PRON") and n:
                return None
        return None
    m = re.match(r"[^\W\d_]+", text[pos:])
    return m.group() if m else None


# ----------------------------------------------------------------------------- periods

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
        n = word_value(w) if not w.isdigit() else float(w)
        y = _year_of(m, base)
        if not n or y is None or not 1 <= n <= 12:
            return None
        return f"{y}-01..{y}-{int(n):02d}"
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


# ----------------------------------------------------------------------------- claims

_REPORT_EN = {"say", "tell", "note", "state", "stress", "add", "report", "announce",
              "emphasize", "emphasise", "claim", "estimate", "explain", "point", "underline",
              "recall", "inform", "declare", "assure", "mention", "remark", "confirm", "write",
              "predict", "forecast", "expect", "believe"}
_REPORT_RU = re.compile(
    r"^(?:сказал|заявил|отметил|сообщил|подчеркнул|рассказал|добавил|пояснил|уточнил|"
    r"констатировал|напомнил|указал|заверил|объявил|признал|оценил|прогнозир|ожида|"
    r"считает|полагает|привел|привёл)", re.IGNORECASE)
_ACCORDING = re.compile(r"according\s+to|по\s+(?:словам|данным|оценк\w+|информации|мнению)",
                        re.IGNORECASE)
_TARGET_RE = re.compile(
    r"\b(?:goal|aim(?:s|ed)?|target(?:s|ed)?|objective|intends?|plans?\s+to|seeks?\s+to|"
    r"task\s+is|set\s+the\s+task|ambition|want(?:s)?\s+to\s+(?:reach|bring|increase|raise)|"
    r"цел[ьи]|задач[аиу]|намерен\w*|планируем|стремим\w*|довести|поставлен\w*\s+задач\w*|"
    r"ориентир\w*|хотим)", re.IGNORECASE)
_FORECAST_RE = re.compile(
    r"\b(?:will|would|shall|'ll|expect\w*|forecast\w*|project(?:ed|ions?)|predict\w*|"
    r"likely|set\s+to|outlook|estimated\s+to|could\s+reach|may\s+reach|is\s+to\s+reach|"
    r"прогноз\w*|ожида\w*|планиру\w*|предполага\w*|будет|будут|составит|составят|"
    r"вырастет|увеличится|сократится|превысит|достигнет|может\s+(?:достичь|составить|вырасти))",
    re.IGNORECASE)
_OTHER_RE = re.compile(r"\b(?:if|unless|если|бы)\b", re.IGNORECASE)


def _noun_phrase(syn: _Syntax, h: int, text: str, skip: tuple[int, int] = (0, 0)) -> str:
    """A short phrase for a head noun: its modifiers and one genitive/"of" complement,
    without the figure itself (``skip``)."""
    keep = {h}
    t = syn.toks
    for c in syn.children[h]:
        d = t[c].dep
        if c < h and d in ("amod", "compound", "nmod:poss", "poss", "nummod", "flat",
                           "flat:name") and h - c <= 3:
            keep.add(c)
            keep.update(g for g in syn.children[c] if t[g].dep in ("compound", "amod"))
        elif c > h and d in ("nmod", "prep", "flat", "flat:name", "appos") and c - h <= 4:
            if d == "prep" and t[c].lemma not in ("of", "between", "with"):
                continue
            keep.add(c)
            for g in syn.children[c]:
                dep = t[g].dep
                if dep in ("pobj", "amod", "case", "compound") or (g < c and dep == "det"):
                    keep.add(g)
                    keep.update(x for x in syn.children[g]
                                if t[x].dep in ("amod", "compound", "case"))
            break
    lo, hi = min(keep), max(keep)
    for k in range(lo, hi + 1):  # cut the figure's own tokens out, keeping the head's side
        if skip[0] <= t[k].start < skip[1]:
            if k < h:
                lo = k + 1
            elif k > h:
                hi = k - 1
                break
    while lo < h and t[lo].pos in ("ADP", "DET", "CCONJ", "PRON") and t[lo].dep != "amod":
        lo += 1
    while hi > h and t[hi].pos in ("ADP", "DET", "CCONJ", "PUNCT"):
        hi -= 1
    # contiguous only: stop at punctuation
    while lo < h and t[lo].pos == "PUNCT":
        lo += 1
    for k in range(h + 1, hi + 1):
        if t[k].pos == "PUNCT":
            hi = k - 1
            break
    return text[t[lo].start:t[hi].end]


# heads that name no metric: "reach the level of $40 billion in trade turnover"
_GENERIC_HEADS = {"level", "mark", "figure", "amount", "value", "total", "sum", "record",
                  "threshold", "уровень", "уровня", "уровне", "отметка", "отметки", "отметку",
                  "показатель", "показателя", "значение", "значения", "рубеж", "рубежа"}


def _named_in(syn: _Syntax, fig_head: int, generic: int) -> int | None:
    """The noun of an "in X" / "of X" / "по X" complement of the figure or of the generic
    head noun over it ("the level of $40 billion in trade turnover" -> turnover)."""
    t = syn.toks
    for owner in (fig_head, generic):
        for c in syn.children[owner]:
            if t[c].pos == "ADP" and t[c].lemma in ("in", "of", "for", "по"):
                for g in syn.children[c]:
                    if t[g].pos in ("NOUN", "PROPN") and not t[g].start <= t[fig_head].start \
                            < t[g].end and t[g].lemma not in _GENERIC_HEADS:
                        return g
            elif owner == fig_head and t[c].dep in ("nmod", "obl") and t[c].pos == "NOUN" \
                    and t[c].lemma not in _GENERIC_HEADS:
                return c
    return None


_ASIDE = {"–", "—", "-", "(", ")"}


def _interrupted_subject(syn: _Syntax, verb: int, text: str) -> int | None:
    """The noun opening a clause that a dashed or bracketed aside cuts before ``verb``:
    "Our trade turnover – I want to emphasize this – ..., increased" -> turnover. The
    noun must start its clause (after a quote mark, a line break or a sentence end)."""
    t = syn.toks
    k = verb - 1
    marks = []
    while k >= 0 and verb - k < 60:
        tok = t[k]
        if tok.text in (".", "!", "?", ";") or "\n" in tok.text:
            break
        if tok.text in _ASIDE and text[tok.start - 1:tok.start].isspace():
            marks.append(k)
        k -= 1
    if len(marks) < 2:
        return None
    noun = marks[-1] - 1
    if noun < 0 or t[noun].pos not in ("NOUN", "PROPN"):
        return None
    b = noun
    while b > 0 and b > noun - 5 and t[b - 1].pos in ("NOUN", "PROPN", "ADJ", "DET", "PRON"):
        b -= 1
    prev = text[:t[b].start].rstrip(" \t")
    if prev and prev[-1] not in "“\"«\n.!?:":
        return None
    return noun


def _figure_head(syn: _Syntax, start: int, end: int) -> int | None:
    idx = syn.at(start, end)
    if not idx:
        return None
    inside = set(idx)
    for k in idx:
        if syn.toks[k].head not in inside or syn.toks[k].head == k:
            return k
    return idx[-1]


def _metric(syn: _Syntax, q: _Q, text: str) -> str | None:
    head = _figure_head(syn, q.start, q.end)
    if head is None:
        return None
    t = syn.toks
    if q.unit == "count" and q.noun:
        nidx = syn.at(q.end - len(q.noun.split()[-1]), q.end)
        nidx = [x for x in nidx if syn.toks[x].pos in ("NOUN", "PROPN")]
        if nidx:
            return _noun_phrase(syn, nidx[-1], text, (q.start, q.end - len(q.noun)))
    k = head
    for _ in range(6):
        tok = t[k]
        h = tok.head
        if h == k:
            return None
        ht = t[h]
        if tok.dep == "pobj" or (tok.dep in ("obl", "nmod") and ht.pos == "ADP"):
            k = h
            continue
        if ht.pos == "ADP":
            k = h
            continue
        if ht.pos in ("NOUN", "PROPN") and tok.dep in ("prep", "nmod", "appos", "npadvmod",
                                                        "nummod", "nummod:gov", "amod",
                                                        "compound", "attr", "conj"):
            if tok.dep == "conj":
                k = h
                continue
            if ht.lemma in _GENERIC_HEADS:
                named = _named_in(syn, head, h)
                if named is not None:
                    return _noun_phrase(syn, named, text, (q.start, q.end))
            return _noun_phrase(syn, h, text, (q.start, q.end))
        if ht.pos in ("VERB", "AUX", "ADJ") or tok.dep in ("dobj", "obj", "attr", "obl",
                                                            "npadvmod", "advmod", "xcomp"):
            v = h
            for _ in range(4):
                subj = [c for c in syn.children[v]
                        if t[c].dep in ("nsubj", "nsubjpass", "nsubj:pass", "csubj")]
                subj = [c for c in subj if not (q.start <= t[c].start < q.end)]
                if subj:
                    s = subj[0]
                    if t[s].pos == "PRON":
                        break
                    return _noun_phrase(syn, s, text, (q.start, q.end))
                if t[v].dep in ("conj", "xcomp", "ccomp", "advcl", "acl", "relcl") \
                        and t[v].head != v:
                    if t[v].dep in ("acl", "relcl") and t[t[v].head].pos in ("NOUN", "PROPN"):
                        return _noun_phrase(syn, t[v].head, text, (q.start, q.end))
                    v = t[v].head
                    continue
                break
            # a subject cut off by a dashed aside ("Our trade turnover – I want to
            # emphasize this – ... increased by a third and reached $38.5 billion")
            cut = _interrupted_subject(syn, h, text)
            return _noun_phrase(syn, cut, text, (q.start, q.end)) if cut is not None else None
        k = h
    return None


def _kind(syn: _Syntax | None, q: _Q, text: str, sent: tuple[int, int]) -> str:
    s0 = max(sent[0], q.start - 300, text.rfind("\n", 0, q.start) + 1)
    before = text[s0:q.start]
    if _TARGET_RE.search(before):
        return "target"
    fut = False
    if syn is not None:
        head = _figure_head(syn, q.start, q.end)
        k = head
        seen = 0
        while k is not None and seen < 5:
            tok = syn.toks[k]
            if tok.fut or any(syn.toks[c].fut and syn.toks[c].dep.startswith("aux")
                              for c in syn.children[k]):
                fut = True
                break
            if tok.head == k:
                break
            k = tok.head
            seen += 1
    if fut or _FORECAST_RE.search(before):
        return "forecast"
    if _OTHER_RE.search(before):
        return "other"
    return "actual"


def _claimant(syn: _Syntax | None, text: str, sent: tuple[int, int], people: list[Span],
              lookup: EntityLookup | None = None) -> str | None:
    """Who the sentence says claimed its figures: the subject of a reporting verb, or the
    name after "according to" / "по словам". With ``lookup`` (identity resolution) that
    span's canonical entity name, or None when it resolves to none (never a pronoun or a
    bare title); without it, a PERSON/ORG entity of the annotation overlapping the span."""
    s0, s1 = sent
    inside = [e for e in people if s0 <= e.start and e.end <= s1]
    if lookup is None and not inside:
        return None

    def name_at(a: int, b: int) -> str | None:
        if lookup is not None:
            ent = lookup.entity_at(a, b)
            return ent.name if ent is not None and ent.name else None
        for e in inside:
            if e.start < b and a < e.end:
                return e.normal or e.text
        return None

    for m in _ACCORDING.finditer(text, s0, s1):
        if lookup is not None:
            # the name right after the cue: up to the next punctuation, at most 60 chars
            tail = re.match(r"[^,.;:!?()\"«»“”]{1,60}", text[m.end():s1])
            if tail:
                name = name_at(m.end() + 1, m.end() + len(tail.group().rstrip()))
                if name:
                    return name
            continue
        for e in inside:
            if 0 <= e.start - m.end() <= 25:
                return e.normal or e.text
    if syn is not None:
        for k in syn.at(s0, s1):
            tok = syn.toks[k]
            if tok.lemma in _REPORT_EN or _REPORT_RU.match(tok.text):
                for c in syn.children[k]:
                    if syn.toks[c].dep in ("nsubj", "nsubjpass", "nsubj:pass"):
                        a = min(syn.toks[x].start for x in [c, *syn.children[c]])
                        b = max(syn.toks[x].end for x in [c, *syn.children[c]])
                        if lookup is not None:  # the head word first: "the president" ...
                            name = name_at(syn.toks[c].start, syn.toks[c].end) or name_at(a, b)
                        else:
                            name = name_at(a, b)
                        if name:
                            return name
    return None


# ----------------------------------------------------------------------------- API

def extract_figures(text: str, annotation: Annotation | None = None,
                    published: str | None = None,
                    claimant_at: ClaimantAt | None = None,
                    people: EntityLookup | None = None) -> list[Figure]:
    """The figures a text claims, in text order (each a :class:`FigureDetail`).

    ``annotation`` gives the language, sentences, entities and the parsed native doc
    (metric and kind need its syntax; without it they fall back to patterns).
    ``published`` (``YYYY-MM-DD``) resolves relative periods ("last year", "за девять
    месяцев"). ``claimant_at(start, end)`` names who claimed the figure at those offsets
    (quotes/identity layers); when it returns None the subject of a reporting verb in the
    same sentence is used: with ``people`` (the document's identity resolution,
    :class:`~presswatch.extract.quotes.EntityLookup`) the canonical name of the entity
    that span refers to (a name, a description such as "the head of state", a pronoun),
    else None; without ``people``, a PERSON or ORG entity of the annotation.
    """
    language = annotation.language if annotation is not None else "en"
    syn = _syntax(annotation.native) if annotation is not None else None
    quantities = find_quantities(text, language, syn)
    if not quantities:
        return []
    sentences = list(annotation.sentences) if annotation is not None and annotation.sentences \
        else []
    sent_starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> tuple[int, int]:
        if sentences:
            return sentences[max(bisect.bisect_right(sent_starts, pos) - 1, 0)]
        return _sentence_bounds(text, pos)

    spans = sorted({sentence_of(q.start) for q in quantities})
    periods = resolve_periods(text, published, spans)
    # durations and years that name a period are not figures ("за девять месяцев")
    quantities = [q for q in quantities
                  if not any(p.start <= q.start and q.end <= p.end for p in periods)]
    named = [e for e in (annotation.entities if annotation is not None else [])
             if e.label in ("PERSON", "PER", "ORG")]
    out: list[Figure] = []
    claimants: dict[tuple[int, int], str | None] = {}
    for q in quantities:
        sent = sentence_of(q.start)
        period = _nearest_period(periods, q, sent, text)
        metric = _metric(syn, q, text) if syn is not None else None
        claimant = claimant_at(q.start, q.end) if claimant_at is not None else None
        if claimant is None:
            if sent not in claimants:
                claimants[sent] = _claimant(syn, text, sent, named, people)
            claimant = claimants[sent]
        out.append(FigureDetail(
            text=text[q.start:q.end], start=q.start, end=q.end, value=q.value, unit=q.unit,
            metric=metric, period=period, claimant=claimant, kind=_kind(syn, q, text, sent),
            qualifier=q.qualifier, change=q.change, upper=q.upper, noun=q.noun,
        ))
    return out


# a period that is the base of a comparison is not the figure's period: "increased by ten
# percent compared to the base of last year", "рост к уровню прошлого года"
_BASELINE = re.compile(
    r"(?:compared\s+(?:to|with)|than|versus|vs\.?|against|from|(?:base|level)\s+of|"
    r"по\s+сравнению\s+с|против|относительно|к\s+уровню|к\s+аналогичному\s+периоду)"
    r"(?:\s+(?:the|a|an|that|those|its|their))*(?:\s+(?:base|level|period|same\s+period)"
    r"(?:\s+(?:of|in))?)?\s*(?:\w+\s+)?$",
    re.IGNORECASE)


def _nearest_period(periods: Sequence[_Period], q: _Q, sent: tuple[int, int],
                    text: str = "") -> str | None:
    best: tuple[int, str] | None = None
    for p in periods:
        if p.start >= sent[1] or p.end <= sent[0]:
            continue
        if p.start < q.end and q.start < p.end:
            continue
        a, b = (p.end, q.start) if p.end <= q.start else (q.end, p.start)
        if text and ("\n" in text[a:b] or _BASELINE.search(text, max(sent[0], p.start - 40),
                                                           p.start)):
            continue  # another paragraph, or the base of a comparison
        d = b - a
        if best is None or d < best[0]:
            best = (d, p.value)
    return best[1] if best else None
