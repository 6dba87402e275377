"""Figures: numbers that are not figures, or not counts: sports scores, ages ("Maddon, 66,"),
labels and model names ("Section 427", "iPhone 11 Pro"), addresses, eras, index levels."""

from __future__ import annotations

import re

from presswatch.extract.figures.spans import (
    _sentence_bounds,
    _sentence_start,
)
from presswatch.extract.figures.syntax import _Tok

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
    # "under the age of 5 years", "aged 66 years": years written after an age cue
    if re.search(r"\b(?:aged|ages?\s+of|at\s+age)\s+$", before):
        return end
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
