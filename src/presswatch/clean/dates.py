"""Dates: parsing date expressions (English and Russian), the publication date of one
article with its evidence and doubts, and a corpus-level placeholder-date check.

Parsing is regex first: numeric dates (``2019-12-13``, ``28.06.2023 12:14:00``) and
month-name dates in English and Russian (``December 19``, ``19 декабря 2022``) are read
by patterns; ``dateparser`` is only asked about short header strings the patterns do not
read, and it is imported lazily, because it is slow to load and slow to run.

Publication date, in priority order:

1. ``raw.meta["published"]`` (a structured format already knows it);
2. a header line at the top of the text (`` date 2019-12-13 ...``,
   ``Posted: 28.06.2023 12:14:00``, ``Опубликовано: ...``, a bare full date line);
3. the dateline, when it carries a year or a year is known from elsewhere;
4. a full date (with a year) in the first lines of the body.

Relative times ("26 mins ago", "вчера") are never a publication date: they describe the
moment of the crawl, not of publication.

Placeholder dates (:func:`placeholder_warnings`). A CMS that fails to fill in a date
often writes the same fallback date on many unrelated pages. A placeholder is one value
written by one mechanism, so a *pile* is the documents with different texts (``text_hash``:
a text counts once) that carry the same stated value (same day, and the same time of day
when one is given: two different times are two real stamps) from the same kind of
evidence ("header line", "JSON-LD datePublished", ...) and the same outlet (one site's
CMS writes the fallback; documents of unknown outlet form one bucket). A date read from a
document's own URL is never a pile member: an address belongs to one page. News is
bursty: a topic collection holds 29 stories from many outlets on the day of the event, and
no count test tells that from a placeholder; the outlet does.

The pile is judged against the group's daily rate. If the dates were spread at random
over the group's span, the number of documents on one day would follow a Poisson law with
rate ``λ``, taken over the **dense part** of the dates: the documents dated between the
lower and the upper quartile over the days between them. A quarter of the dates can be
stray (one 2008 page in a 2020 crawl, a batch of fallback dates) without moving the rate;
over the whole span, the stray page stretched it to twelve years and made every shared day
of the crawl look implausible. With ``span_days`` the group's whole span (the days a pile
could have happened on), a pile of ``k >= 2`` is flagged when

    (span_days + 1) * P(X >= k) < 0.01

``P(X >= k)`` alone is the chance for one given day; but a pile-up could have happened
on any day of the span, so the chance is multiplied by the number of days (a Bonferroni
correction: the "birthday problem"). Without it, a sparse group (22 stories over six
years) flags any two unrelated stories that happen to share a day. With it, two
unrelated texts sharing a day among five documents over three and a half years (the
seeds: 2019-12-13 twice, expectation 0.006) are still flagged, and three sharing a day
among twenty over six years are flagged with a wide margin. A one-day crawl, where every
document honestly carries the same day, has ``λ = n`` and is never flagged. Four pages of
a 200-page crawl of one year sharing a day (λ about 0.5) are ordinary. The model assumes
dates spread evenly over the span; real news output is bursty, so a big archive can still
flag a genuinely busy day: the warning is a doubt, not a correction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from presswatch.clean.vocab import alternation

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "january jan январь января янв",
        "february feb февраль февраля фев февр",
        "march mar март марта мар",
        "april apr апрель апреля апр",
        "may май мая",
        "june jun июнь июня июн",
        "july jul июль июля июл",
        "august aug август августа авг",
        "september sep sept сентябрь сентября сен сент",
        "october oct октябрь октября окт",
        "november nov ноябрь ноября ноя нояб",
        "december dec декабрь декабря дек",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _num

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?![\w])"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR_SUFFIX = r"(?:\s*(?:г\.|г(?![\w])|года(?![\w])|year))?"

# Date shapes, each with its own named groups; ``_plain`` turns them into non-capturing
# patterns for the combined "is this line only a date/time" test.
_ISO = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
_NUM = r"(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)"
_MD = (
    r"(?P<mon>" + _MONTH + r")\s+(?P<d>\d{1,2})" + _ORD + r"(?!\d)"
    r"(?:,?\s+(?P<y>\d{4})(?!\d)" + _YEAR_SUFFIX + r")?"
)
_DM = (
    r"(?<!\d)(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?(?P<mon>" + _MONTH + r")"
    r"(?:,?\s+(?P<y>\d{4})(?!\d)" + _YEAR_SUFFIX + r")?"
)
_TIME = r"(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?!\d)"

_FLAGS = re.IGNORECASE
_DATE_PATTERNS = [re.compile(p, _FLAGS) for p in (_ISO, _NUM, _MD, _DM)]
_TIME_RE = re.compile(_TIME)


def _plain(pattern: str) -> str:
    pattern = re.sub(r"\?P<\w+>", "?:", pattern)
    return pattern.replace("(?P=sep)", "[./]")


_ANY_DATE = "(?:" + "|".join(_plain(p) for p in (_ISO, _NUM, _MD, _DM)) + ")"
_TIME_PLAIN = _plain(_TIME) + r"(?:\s*(?:am|pm|a\.m\.|p\.m\.|msk|мск|gmt|utc))?"
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|понедельник|вторник"
    r"|среда|четверг|пятница|суббота|воскресенье)\.?,?\s*"
)
# A line that is only a date, a time, or a date and a time ("15:39", "December 16, 11:47",
# "16 декабря, 11:47", "12.12.2022 10:00", "Tuesday, 5 May 2020").
STAMP_LINE = re.compile(
    r"^\s*(?:" + _WEEKDAY + r")?(?:"
    + _ANY_DATE + r"(?:[,\s]*(?:at|в|,|\||-|–|—)?\s*" + _TIME_PLAIN + r")?"
    + r"|" + _TIME_PLAIN + r"(?:[,\s]+" + _ANY_DATE + r")?"
    + r")\s*[.,|]?\s*$",
    _FLAGS,
)
# A date and time glued to the following words ("December 8, 15:36Parliamentary Assembly").
GLUED_STAMP = re.compile(
    r"^\s*(?i:" + _ANY_DATE + r"[,\s]*)?" + _plain(_TIME) + r"(?=[A-ZА-ЯЁ«\"“])"
)

RELATIVE_TIME = re.compile(
    r"(?:\b\d+\s*(?:mins?|minutes?|hours?|hrs?|days?|weeks?|months?|years?|secs?|seconds?"
    r"|мин(?:ут[уы]?)?\.?|час(?:а|ов)?|дн(?:я|ей)|день|недел[июь]|месяц(?:а|ев)?|секунд[уы]?)"
    r"\s+(?:ago|назад)|\b(?:just now|yesterday|только что|вчера|позавчера))\s*$",
    _FLAGS,
)

_HEADER_CUE = re.compile(
    r"^\s*(?P<cue>posted|published|updated|dated?|публикация|опубликовано|дата публикации"
    r"|дата|обновлено|размещено)(?:\s+on)?\s*[:\-–—]?\s*(?P<rest>.+?)\s*$",
    _FLAGS,
)
_DATE_PREFIX = re.compile(
    r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)(?=\s|$)"
    r"\s*(?P<rest>.*)$",
    _FLAGS,
)
_META_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?\s*$"
)
_YEAR_MENTION = re.compile(r"(?<![\d.\-/])(19[5-9]\d|20\d\d)(?![\d\-/]|\.\d)")
# A forward-looking cue (lang/*/future_cues.txt) a few words before a year: the year is
# planned ("from 1 January 2025", "will be held on 3 May 2026", "с 1 января 2025 года").
_FUTURE_CUE = re.compile(
    r"(?<!\w)" + alternation("future_cues") + r"(?!\w)\W{0,3}(?:\w+\W{1,3}){0,4}$", _FLAGS
)


# Every placeholder warning starts with this, so that a later corpus check can find and
# replace the warnings an earlier one wrote.
PLACEHOLDER_PREFIX = "placeholder date: "
# Evidence that belongs to one document and is never a shared fallback: a date in the
# document's own address.
_OWN_EVIDENCE = frozenset({"url"})


@dataclass(frozen=True, slots=True)
class DateParts:
    year: int | None
    month: int
    day: int
    time: str | None = None  # HH:MM:SS

    def iso(self, year: int | None = None) -> str:
        """``YYYY-MM-DD`` (``THH:MM:SS`` appended when known), or ``--MM-DD`` without a year."""
        y = self.year if self.year is not None else year
        if y is None:
            return f"--{self.month:02d}-{self.day:02d}"
        out = f"{y:04d}-{self.month:02d}-{self.day:02d}"
        return f"{out}T{self.time}" if self.time else out


@dataclass(frozen=True, slots=True)
class Header:
    """A header line at the top of a document that states the publication date."""

    index: int  # index of the line in the list given to :func:`find_header`
    published: str
    evidence: str
    remainder: str | None  # what the line still holds after the header part (or None)


def _valid(y: int | None, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    if y is None:
        return not (m == 2 and d > 29) and not (m in (4, 6, 9, 11) and d > 30)
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _from_match(match: re.Match[str]) -> DateParts | None:
    groups = match.groupdict()
    month = MONTHS[groups["mon"].lower().rstrip(".")] if groups.get("mon") else int(groups["m"])
    day = int(groups["d"])
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("sep") == "/" and month > 12 >= day:  # US month/day/year
        month, day = day, month
    if year is not None and year < 100:
        year += 2000 if year < 70 else 1900
    if year is not None and not 1900 <= year <= 2100:
        return None
    return DateParts(year, month, day) if _valid(year, month, day) else None


def find_date(text: str) -> tuple[DateParts, int, int] | None:
    """The first date expression in ``text`` (with a time right after it, if any) and its
    span. Meant for short strings: lines, headers, datelines."""
    best: tuple[DateParts, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            parts = _from_match(match)
            if parts is not None:
                best = (parts, match.start(), match.end())
                break
    if best is None:
        return None
    parts, start, end = best
    tail = text[end:]
    stripped = re.match(r"[\s,]*(?:at\s+|в\s+)?", tail, _FLAGS)
    time = _TIME_RE.match(tail, stripped.end() if stripped else 0)
    if time:
        seconds = time.group("S") or "00"
        parts = DateParts(
            parts.year, parts.month, parts.day,
            f"{int(time.group('H')):02d}:{time.group('M')}:{seconds}",
        )
        end += time.end()
    return parts, start, end


def parse_date(text: str) -> DateParts | None:
    found = find_date(text)
    return found[0] if found else None


def is_stamp(line: str) -> bool:
    """True for a line that is only a date and/or a time."""
    return len(line) <= 60 and bool(STAMP_LINE.match(line))


def glued_stamp(line: str) -> int:
    """Length of a date+time glued to the words after it, 0 when there is none."""
    match = GLUED_STAMP.match(line)
    return match.end() if match else 0


def is_relative_time(line: str) -> bool:
    return bool(RELATIVE_TIME.search(line))


def _dateparser(text: str) -> DateParts | None:
    """Last resort for short header strings the patterns cannot read."""
    if len(text) > 60 or not re.search(r"\d", text):
        return None
    import dateparser  # slow to import: only when a header needs it

    when = dateparser.parse(
        text,
        languages=["en", "ru"],
        settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if when is None:
        return None
    has_time = bool(_TIME_RE.search(text))
    return DateParts(
        when.year, when.month, when.day, when.strftime("%H:%M:%S") if has_time else None
    )


def parse_meta_date(value: str) -> str | None:
    """Normalise a structured date (ISO 8601 or a readable date) to the contract's shape."""
    match = _META_ISO.match(value)
    if match:
        y, m, d, hh, mm, ss, tz = match.groups()
        if not _valid(int(y), int(m), int(d)):
            return None
        if hh is None:
            return f"{y}-{m}-{d}"
        return f"{y}-{m}-{d}T{hh}:{mm}:{ss or '00'}" + (tz or "")
    parts = parse_date(value) or _dateparser(value.strip())
    return parts.iso() if parts and parts.year is not None else None


def find_header(lines: Sequence[str], look: int = 3) -> Header | None:
    """A publication-date header among the first ``look`` non-empty lines."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > look:
            break
        match = _DATE_PREFIX.match(line)
        if match:
            parts = parse_date(match.group("date"))
            if parts is not None:
                label = f"date {match.group('date')}"
                return Header(
                    index, parts.iso(), f"header line: {label}", match.group("rest").strip() or None
                )
        match = _HEADER_CUE.match(line)
        if match and len(match.group("rest")) <= 60:
            rest = match.group("rest")
            found = find_date(rest)
            parts = found[0] if found else _dateparser(rest)
            if parts is not None and parts.year is not None:
                remainder = rest[found[2]:].strip(" |,.-–—") if found else ""
                if not remainder or is_stamp(remainder) or len(remainder.split()) <= 1:
                    return Header(index, parts.iso(), f"header line: {line.strip()}", None)
        if is_stamp(line):
            parts = parse_date(line)
            if parts is not None and parts.year is not None:
                return Header(index, parts.iso(), f"header line: {line.strip()}", None)
    return None


_LEAD_DATE = re.compile(
    r"^\s*(?:" + _WEEKDAY + r")?(?P<date>(?i:" + _ANY_DATE + r"))(?:[,\s]*(?:at\s+|в\s+)?"
    + _TIME_PLAIN + r")?\s*[,.|/—–-]?\s*(?=[A-ZА-ЯЁ«\"“])"
)


def lead_date(paragraph: str) -> tuple[DateParts, int] | None:
    """A full date (with a year) printed before, or glued to, the lead paragraph or its
    dateline ("12 March 2023 LONDON — ...", "12.03.2023MOSCOW, ..."): the date and the
    length of the prefix to cut."""
    match = _LEAD_DATE.match(paragraph[:120])
    if not match:
        return None
    parts = parse_date(match.group(0))
    if parts is None or parts.year is None:
        return None
    return parts, match.end()


def first_lines_date(lines: Iterable[str], look: int = 4) -> tuple[str, str] | None:
    """A full date (with a year) in the first short lines of the body: (iso, evidence).
    Only lines that are mostly a date count, so that dates of events in the lead
    paragraph are not taken for the publication date."""
    for seen, line in enumerate(lines):
        if seen >= look:
            break
        if len(line) > 80 or is_relative_time(line):
            continue
        found = find_date(line)
        if found and found[0].year is not None:
            return found[0].iso(), f"first lines: {line.strip()}"
    return None


def resolve_year(parts: DateParts, anchor: str | None, max_gap: int = 7) -> str:
    """ISO date of a dateline; a missing year is taken from ``anchor`` (the publication
    date) when that puts the dateline at most ``max_gap`` days before the anchor (or one
    day after it), stepping back a year over New Year (a December 31 dateline in a
    January 2 article). A dateline far from the anchor keeps its year unknown
    (``--MM-DD``): the anchor is then no evidence for its year."""
    partial = f"--{parts.month:02d}-{parts.day:02d}"
    if parts.year is not None:
        return DateParts(parts.year, parts.month, parts.day).iso()
    if anchor is None or not re.match(r"\d{4}-\d\d-\d\d", anchor):
        return partial
    ref = dt.date.fromisoformat(anchor[:10])
    for year in (ref.year, ref.year - 1):
        try:
            guess = dt.date(year, parts.month, parts.day)
        except ValueError:
            continue
        if -1 <= (ref - guess).days <= max_gap:
            return guess.isoformat()
    return partial


def content_year_warning(published: str, text: str) -> str | None:
    """A warning when the body mentions, as past or present, a year after the stated
    publication year ("in 2023" in an article dated 2019). Years after forward-looking
    cues ("by 2030", "until 2025", "до 2030 года", "plans for 2024") do not count."""
    match = re.match(r"(\d{4})-\d\d-\d\d", published)
    if not match:
        return None
    year = int(match.group(1))
    later: list[int] = []
    for mention in _YEAR_MENTION.finditer(text):
        value = int(mention.group(1))
        if value <= year:
            continue
        before = text[max(0, mention.start() - 48): mention.start()]
        if _FUTURE_CUE.search(before):
            continue
        later.append(value)
    if not later:
        return None
    return (
        f"content mentions {max(later)}, after the stated publication date {published}: "
        "the content contradicts the date"
    )


def disagreement_warning(header: str, dateline: str) -> str | None:
    """A warning when the header date and the dateline date are not the same day."""
    if dateline.startswith("--"):
        if header[4:10] != dateline[1:7]:
            return f"dateline date {dateline} disagrees with the stated date {header[:10]}"
        return None
    if header[:10] != dateline[:10]:
        return f"dateline date {dateline[:10]} disagrees with the stated date {header[:10]}"
    return None


def _poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam)."""
    term = math.exp(-lam)
    below = 0.0
    for i in range(k):
        below += term
        term *= lam / (i + 1)
    return max(0.0, 1.0 - below)


def evidence_kind(evidence: str | None) -> str:
    """The kind of a date's evidence: its source name, without the quoted value
    ("header line", "JSON-LD datePublished", "meta article", "URL", "byline")."""
    head = re.split(r"[:(]", evidence or "", maxsplit=1)[0]
    return " ".join(head.casefold().split())[:40]


def _daily_rate(days: list[dt.date]) -> float:
    """Documents a day in the dense part of a group's dates: the dates between the lower
    and upper quartile over the days they span. A quarter of the dates can be stray (an
    old page, a batch of fallback dates) without moving the rate."""
    days = sorted(days)
    first, last = days[int(0.25 * (len(days) - 1))], days[math.ceil(0.75 * (len(days) - 1))]
    inside = sum(1 for day in days if first <= day <= last)
    return inside / max(1, (last - first).days)


def placeholder_warnings(
    docs: Sequence[tuple[str | None, ...]],
    alpha: float = 0.01,
) -> dict[str, str]:
    """Flag dates that look like placeholders within one group.

    ``docs`` holds ``(doc_id, published, text_hash[, evidence[, outlet]])`` for every
    document of the group. Returns ``doc_id -> warning`` for each document whose date is
    shared by an implausible number of different texts (see the module docstring for the
    rule)."""
    dated: dict[str, dt.date] = {}  # text hash -> day (a text counts once)
    piles: dict[tuple[str, str, str, str], dict[str, list[str]]] = defaultdict(dict)
    for doc in docs:
        doc_id, published, text_hash = str(doc[0]), doc[1], str(doc[2])
        evidence = doc[3] if len(doc) > 3 else None
        outlet = " ".join((doc[4] or "").casefold().split()) if len(doc) > 4 else ""
        if not published or not re.match(r"\d{4}-\d\d-\d\d", published):
            continue
        try:
            day = dt.date.fromisoformat(published[:10])
        except ValueError:
            continue
        dated.setdefault(text_hash, day)
        kind = evidence_kind(evidence)
        if kind in _OWN_EVIDENCE:
            continue
        # One placeholder is one value written by one mechanism: the same stated value
        # (two different times of day are two real stamps), from the same kind of
        # evidence, by the same outlet (one site's CMS; an unknown outlet is one bucket).
        key = (published[:10], published[10:], kind, outlet)
        piles[key].setdefault(text_hash, []).append(doc_id)
    if not piles:
        return {}
    lam = _daily_rate(list(dated.values()))
    span = max(1, (max(dated.values()) - min(dated.values())).days)
    out: dict[str, str] = {}
    for (day_text, _, _, _), members in piles.items():
        k = len(members)
        if k < 2:
            continue
        expected = (span + 1) * _poisson_tail(k, lam)
        if expected < alpha:
            note = (
                f"{PLACEHOLDER_PREFIX}{day_text} is shared by {k} different documents "
                "of this group, "
                f"implausible at {lam:.3g} documents a day over {span} days "
                f"(expected {expected:.2g} such days); it looks like a placeholder"
            )
            for ids in members.values():
                for doc_id in ids:
                    out[doc_id] = note
    return out
