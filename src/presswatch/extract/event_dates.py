"""Dates of event mentions: the date expressions of a sentence (full dates, a month and day
resolved against the publication date, today/yesterday/tomorrow, weekdays), the tense of
the trigger's verb, and the rule that picks the date of one mention (see
:mod:`presswatch.extract.events`, "Date")."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from presswatch import lang
from presswatch.clean.dates import find_date

if TYPE_CHECKING:
    from presswatch.extract.event_context import _Ctx
    from presswatch.nlp.tokens import Tok

# --- dates ---------------------------------------------------------------------------

_REL_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "сегодня": 0, "вчера": -1,
            "завтра": 1, "позавчера": -2}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3,
    "пятницу": 4, "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6,
}
_REL_RE = re.compile(
    r"(?i)(?<![\w-])(" + "|".join(list(_REL_DAY) + list(_WEEKDAYS)) + r")(?![\w-])")
_VAGUE_DATE = re.compile(
    r"(?i)(?<![\d.\-/])(?:19[5-9]\d|20\d\d)(?![\d.\-/])|\blast (?:year|month|week)\b"
    r"|\bnext (?:year|month|week)\b|\b(?:прошлом|следующем|этом|текущем) (?:году|месяце)"
    r"|\b(?:прошлой|следующей|этой) неделе")
_FUTURE_EN = frozenset({"will", "shall", "'ll"})


def _iso_day(value: str | None) -> dt.date | None:
    if value and re.match(r"\d{4}-\d\d-\d\d", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _resolve_md(month: int, day: int, anchor: dt.date, tense: str) -> str | None:
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        return None
    if tense == "past":
        past = [d for d in options if d <= anchor]
        return max(past).isoformat() if past else None
    if tense == "fut":
        future = [d for d in options if d >= anchor]
        return min(future).isoformat() if future else None
    return min(options, key=lambda d: abs((d - anchor).days)).isoformat()


def _weekday(target: int, anchor: dt.date, tense: str) -> dt.date:
    back = (anchor.weekday() - target) % 7
    if tense == "fut":
        return anchor + dt.timedelta(days=(target - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=back)


def _dates_in(sentence: str) -> list[tuple[int, int, Any]]:
    """Date expressions of a sentence: (start, end, DateParts or relative word)."""
    out: list[tuple[int, int, Any]] = []
    pos = 0
    while pos < len(sentence):
        found = find_date(sentence[pos:])
        if found is None:
            break
        parts, s, e = found
        out.append((pos + s, pos + e, parts))
        pos += max(e, s + 1)
    taken = [(s, e) for s, e, _ in out]
    for m in _REL_RE.finditer(sentence):
        if not any(s <= m.start() < e for s, e in taken):
            out.append((m.start(), m.end(), m.group(1).lower()))
    return out


_YEAR = re.compile(r"(?<![\d.\-/])(1[6-9]\d\d|20\d\d)(?![\d.\-/])")
_WORD = re.compile(r"\w+")


def partial_date(sentence: str, code: str, near: int = 0) -> str | None:
    """A date the sentence states only in part, the one nearest ``near``: a month and a
    year ("в апреле 2012 года", "in April 2012") as ``YYYY-MM``, a year alone ("в 1988
    году", "in 1988") as ``YYYY``; None without a year (a period, "last year")."""
    months = lang.table_rows(code, "months")
    best: tuple[int, str] | None = None
    for m in _YEAR.finditer(sentence):
        year = m.group(1)
        value = year
        before = [w for w in _WORD.finditer(sentence[max(0, m.start() - 14) : m.start()])]
        if before:
            word = before[-1].group().lower().replace("ё", "е")
            for stem, number in ((r[0], r[1]) for r in months if len(r) > 1):
                if (word.startswith(stem) if code == "ru" else word == stem):
                    value = f"{year}-{int(number):02d}"
                    break
        dist = abs(m.start() - near)
        if best is None or dist < best[0]:
            best = (dist, value)
    return best[1] if best else None


def _tense(ctx: _Ctx, verb: Tok | None) -> str:
    if verb is None:
        return ""
    if ctx.ru:
        for c in [verb, *ctx.kids(verb, "aux", "aux:pass", "cop")]:
            if c.tense:
                return c.tense
        # "будет подписан", "планируется провести"
        if any(c.lower.startswith("буд") for c in ctx.kids(verb)):
            return "fut"
        return ""
    auxes = ctx.kids(verb, "aux", "auxpass")
    if any(a.lower in _FUTURE_EN for a in auxes):
        return "fut"
    if any(a.lemma == "have" or a.lower in ("was", "were", "did") for a in auxes):
        return "past"
    if verb.tense == "past" and not auxes:
        return "past"
    if verb.dep == "xcomp" and verb.head != verb.i:
        return _tense(ctx, ctx.toks[verb.head])
    return verb.tense if verb.tense == "pres" else ""


_SAME_DAY = re.compile(
    r"(?i)\b(?:later (?:in|that) (?:the )?day|(?:on )?the same day|that same day|earlier"
    r" (?:in|that) (?:the )?day|that (?:evening|afternoon|morning))\b"
    r"|(?<![\w-])(?:в тот же день|в этот же день|в тот день|тем же днем|тем же днём"
    r"|вечером|позднее в тот же день|днем ранее)(?![\w-])")


def _date(ctx: _Ctx, trig: Tok, verb: Tok | None, planned: bool = False) -> str | None:
    sent = trig.sent
    found = ctx.dates(sent)
    tense = _tense(ctx, verb)
    if planned and tense != "past":
        tense = "fut"
    if found:
        _s0, _e0, value = min(found, key=lambda d: abs(d[0] - trig.start))
        if isinstance(value, str):
            if ctx.anchor is None:
                return None
            if value in _REL_DAY:
                return (ctx.anchor + dt.timedelta(days=_REL_DAY[value])).isoformat()
            return _weekday(_WEEKDAYS[value], ctx.anchor, tense).isoformat()
        if value.year is not None:
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        if ctx.anchor is None:
            return None
        return _resolve_md(value.month, value.day, ctx.anchor, tense)
    s, e = ctx.sents[sent]
    sentence = ctx.text[s:e]
    if _SAME_DAY.search(sentence) and ctx.prev_date:
        return ctx.prev_date  # "Later in the day ...", "В тот же день ..."
    partial = partial_date(sentence, "ru" if ctx.ru else "en", trig.start - s)
    if partial is not None:
        return partial  # "в апреле 2012 года" -> "2012-04", "in 1988" -> "1988"
    if planned or _VAGUE_DATE.search(sentence):
        # An announced event did not happen on the dateline's day.
        return None
    return ctx.dateline_date
