"""Figures: fractions ("by a third", "two-thirds", "две трети"), multiplier words ("doubled",
"вдвое") and vague plurals as ranges ("dozens of", "тысячи")."""

from __future__ import annotations

import re

from presswatch.extract.figures.spans import _Q
from presswatch.extract.figures.syntax import _Syntax
from presswatch.extract.figures.units import _unit_after
from presswatch.extract.numbers import word_value

_FRACTIONS = re.compile(
    r"\b(?P<den>half|halves|thirds?|quarters?|fifths?|tenths?|половин[уаы]|трет[ьи]|"
    r"четверт[ьи]|пят(?:ую|ая)\s+част[ьи])\b",
    re.IGNORECASE,
)

_FRACTION_NUM = re.compile(r"\b(?P<num>a|an|one|two|three|four|seven|nine|одн[уа]|две|три)"
                           r"(?:\s+|-)$", re.IGNORECASE)

_DEN = {"hal": 2, "thi": 3, "qua": 4, "fif": 5, "ten": 10, "пол": 2, "тре": 3, "чет": 4,
        "пят": 5}

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
