"""Date evidence of an HTML page beyond its structured metadata.

Helpers of :mod:`presswatch.clean.html`, all working on the lxml tree it parsed once
(no second parse, no slow general date parser):

* :func:`byline_date`: the date the page prints next to its headline (the byline or
  dateline: "Katrina Smith 21 Jan 2020", "2020年07月12日", "13 Oct 2020 18:29"). A date
  printed above the headline is usually the day's date in the site header, and a date
  far below it belongs to the body or to teasers: only the short text nodes right after
  the headline count.
* :func:`publisher_zone`: the publisher's time zone as the page tells it: an explicit
  offset of another timestamp on the page, the country of the host's country-code
  domain, the region of the page's locale (``en_US``, ``fr-CA``).
* :func:`local_day`: the publisher's calendar day of a UTC timestamp in that zone.
* :func:`status_time`: the creation time a Twitter/X status permalink encodes in its id.
* :func:`is_revision_view`, :func:`is_home_page` and :func:`is_index_page`: pages whose
  date is not an article's publication (a wiki diff is dated by its revision; a home
  page and a tag or category listing have none).
* :func:`is_year_only_guess`: htmldate answers ``YYYY-01-01`` when it only found a year
  (a copyright line); that is not a day.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import parse_qs, urlsplit

from presswatch.clean.dates import find_date

# -- dates printed in the page ----------------------------------------------------------

# Year-first numeric dates the plain-text patterns do not read: 2020年7月12日, 2020/07/12,
# 2020.07.12 (East Asian and ISO-like orders; year first is never ambiguous).
_YEAR_FIRST = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([/.])(\d{1,2})\4(\d{1,2}))"
    r"(?!\d)"
)
# An all-numeric day/month/year with slashes where both of the first two numbers are at
# most 12 is ambiguous (03/04/2020: March 4th in the US, April 3rd elsewhere).
_AMBIGUOUS_SLASH = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?!\d)")
# Words before a date that make it another date than the publication: an update, a
# forum member's registration, a birth date.
_OTHER_DATE = re.compile(
    r"updated|modified|edited|обновлено|изменено|last edit|mis à jour|aktualisiert|"
    r"actualizado|joined|member since|registered|зарегистрирован|регистрация|born|birth|"
    r"родил|revision as of",
    re.IGNORECASE,
)
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "button", "select", "option",
    "h1", "h2", "h3", "h4", "h5", "h6",  # other headings: a title's date is not a byline
})


def text_date(text: str) -> tuple[str, int] | None:
    """The first full date (with a year) in a short text and where it starts:
    ``(YYYY-MM-DD, start)``. English and Russian month names, ISO and dotted numeric
    dates (from the plain-text cleaner), and year-first numeric dates (``2020年7月12日``,
    ``2020/07/12``). Ambiguous all-numeric slashed dates are not read."""
    best: tuple[str, int] | None = None
    found = find_date(text)
    if found is not None and found[0].year is not None:
        ambiguous = _AMBIGUOUS_SLASH.match(text, found[1])
        if not (ambiguous and int(ambiguous.group(1)) <= 12 and int(ambiguous.group(2)) <= 12
                and ambiguous.group(1) != ambiguous.group(2)):
            parts = found[0]
            best = (f"{parts.year:04d}-{parts.month:02d}-{parts.day:02d}", found[1])
    match = _YEAR_FIRST.search(text)
    if match and (best is None or match.start() < best[1]):
        y = int(match.group(1))
        m = int(match.group(2) or match.group(5))
        d = int(match.group(3) or match.group(6))
        with contextlib.suppress(ValueError):  # 2020/02/31: not a date
            best = (date(y, m, d).isoformat(), match.start())
    return best


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.casefold()) if len(t) > 1 or not t.isascii()}


# A heading that is the site's name, not the article's headline.
_MASTHEAD = re.compile(r"logo|masthead|brand|site[-_]?(?:title|name)", re.IGNORECASE)


def find_headline(tree: Any, title: str | None) -> Any | None:
    """The element holding the article's headline: among the first ``<h1>``, ``<h2>``
    and ``<h3>`` elements, those whose words are mostly words of the page title
    (``og:title`` or ``<title>``, which often add the site's name), the one covering
    most of the title (a site-name ``<h1>`` covers only its tail). Headings classed as
    the site's logo or masthead are not headlines."""
    if not title:
        return None
    wanted = _tokens(title)
    if not wanted:
        return None
    best, best_cover = None, 0
    for level in ("h1", "h2", "h3"):
        for seen, el in enumerate(tree.iter(level)):
            if seen >= 8:
                break
            if _MASTHEAD.search(" ".join(filter(None, (el.get("class"), el.get("id"))))):
                continue
            words = _tokens(el.text_content())
            common = len(words & wanted)
            if len(words) >= 2 and common >= 0.7 * len(words) and common > best_cover:
                best, best_cover = el, common
        if best is not None and best_cover >= 0.6 * len(wanted):
            break
    return best


def _text_after(el: Any) -> Iterator[str]:
    """Text nodes after ``el`` in document order (its tail, then what follows its
    ancestors), skipping scripts, styles, comments, form controls and headings."""
    if el.tail:
        yield el.tail
    node = el
    while node is not None:
        for sib in node.itersiblings():
            yield from _texts(sib)
            if sib.tail:
                yield sib.tail
        node = node.getparent()


def _texts(el: Any) -> Iterator[str]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag and tag.lower() not in _SKIP_TAGS and el.text:
        yield el.text
    if tag.lower() in _SKIP_TAGS:
        return
    for child in el:
        yield from _texts(child)
        if child.tail:
            yield child.tail


def byline_date(
    tree: Any, title: str | None, *, budget: int = 400, longest: int = 120,
) -> tuple[str, str] | None:
    """The first date printed right after the headline: ``(YYYY-MM-DD, evidence)``.

    Only short text nodes (at most ``longest`` characters: a byline, a dateline, a date
    element) within the first ``budget`` characters after the headline are read; a date
    introduced as another kind of date ("Updated ...", "Joined ...") is passed over.
    Dates inside prose are dates of events, not of publication, and the search stops at
    the first long paragraph."""
    headline = find_headline(tree, title)
    if headline is None:
        return None
    seen = 0
    before = ""  # the short text node before this one (a label: "Joined", "Updated")
    for raw in _text_after(headline):
        text = " ".join(raw.split())
        if not text:
            continue
        if len(text) > longest:
            # A standfirst may sit between headline and byline; real prose ends the search.
            if len(text) > 3 * longest:
                return None
            seen += len(text)
            if seen > budget + 2 * longest:
                return None
            continue
        found = text_date(text)
        if found is not None and not _OTHER_DATE.search(before[-30:] + " " + text[: found[1]]):
            return found[0], f"byline: {text}"
        before = "" if found is not None else text  # a label only counts for the next date
        seen += len(text)
        if seen > budget:
            return None
    return None


# -- the publisher's time zone ----------------------------------------------------------

# Country code -> the zone of most of its newsrooms (the capital's, or the largest
# city's for countries spanning several zones). Country-code domains that are sold as
# generic names (.co, .io, .tv, .me, .fm, .ly, .ai...) are left out.
COUNTRY_ZONES: dict[str, str] = {
    "us": "America/New_York", "ca": "America/Toronto", "mx": "America/Mexico_City",
    "br": "America/Sao_Paulo", "ar": "America/Argentina/Buenos_Aires",
    "cl": "America/Santiago", "pe": "America/Lima", "ve": "America/Caracas",
    "ec": "America/Guayaquil", "bo": "America/La_Paz", "py": "America/Asuncion",
    "uy": "America/Montevideo", "cu": "America/Havana", "do": "America/Santo_Domingo",
    "gt": "America/Guatemala", "hn": "America/Tegucigalpa", "sv": "America/El_Salvador",
    "ni": "America/Managua", "cr": "America/Costa_Rica", "pa": "America/Panama",
    "pr": "America/Puerto_Rico", "jm": "America/Jamaica",
    "uk": "Europe/London", "gb": "Europe/London", "ie": "Europe/Dublin",
    "pt": "Europe/Lisbon", "es": "Europe/Madrid", "fr": "Europe/Paris",
    "be": "Europe/Brussels", "nl": "Europe/Amsterdam", "lu": "Europe/Luxembourg",
    "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich",
    "it": "Europe/Rome", "mt": "Europe/Malta", "dk": "Europe/Copenhagen",
    "no": "Europe/Oslo", "se": "Europe/Stockholm", "fi": "Europe/Helsinki",
    "is": "Atlantic/Reykjavik", "pl": "Europe/Warsaw", "cz": "Europe/Prague",
    "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "si": "Europe/Ljubljana",
    "hr": "Europe/Zagreb", "ba": "Europe/Sarajevo", "rs": "Europe/Belgrade",
    "mk": "Europe/Skopje", "al": "Europe/Tirane", "gr": "Europe/Athens",
    "bg": "Europe/Sofia", "ro": "Europe/Bucharest", "md": "Europe/Chisinau",
    "ua": "Europe/Kiev", "by": "Europe/Minsk", "ru": "Europe/Moscow",
    "lt": "Europe/Vilnius", "lv": "Europe/Riga", "ee": "Europe/Tallinn",
    "tr": "Europe/Istanbul", "cy": "Asia/Nicosia", "ge": "Asia/Tbilisi",
    "am": "Asia/Yerevan", "az": "Asia/Baku", "kz": "Asia/Almaty", "uz": "Asia/Tashkent",
    "kg": "Asia/Bishkek", "il": "Asia/Jerusalem", "lb": "Asia/Beirut",
    "jo": "Asia/Amman", "sy": "Asia/Damascus", "iq": "Asia/Baghdad", "ir": "Asia/Tehran",
    "sa": "Asia/Riyadh", "ae": "Asia/Dubai", "qa": "Asia/Qatar", "kw": "Asia/Kuwait",
    "bh": "Asia/Bahrain", "om": "Asia/Muscat", "ye": "Asia/Aden", "eg": "Africa/Cairo",
    "ly": "Africa/Tripoli", "tn": "Africa/Tunis", "dz": "Africa/Algiers",
    "ma": "Africa/Casablanca", "ng": "Africa/Lagos", "gh": "Africa/Accra",
    "ke": "Africa/Nairobi", "et": "Africa/Addis_Ababa", "tz": "Africa/Dar_es_Salaam",
    "ug": "Africa/Kampala", "za": "Africa/Johannesburg", "zw": "Africa/Harare",
    "zm": "Africa/Lusaka", "sn": "Africa/Dakar", "ci": "Africa/Abidjan",
    "cm": "Africa/Douala", "gn": "Africa/Conakry", "tg": "Africa/Lome",
    "pk": "Asia/Karachi", "in": "Asia/Kolkata", "bd": "Asia/Dhaka", "lk": "Asia/Colombo",
    "np": "Asia/Kathmandu", "af": "Asia/Kabul", "cn": "Asia/Shanghai",
    "hk": "Asia/Hong_Kong", "tw": "Asia/Taipei", "jp": "Asia/Tokyo", "kr": "Asia/Seoul",
    "mn": "Asia/Ulaanbaatar", "vn": "Asia/Ho_Chi_Minh", "th": "Asia/Bangkok",
    "kh": "Asia/Phnom_Penh", "mm": "Asia/Yangon", "my": "Asia/Kuala_Lumpur",
    "sg": "Asia/Singapore", "id": "Asia/Jakarta", "ph": "Asia/Manila",
    "au": "Australia/Sydney", "nz": "Pacific/Auckland", "fj": "Pacific/Fiji",
}
# og:locale values that name no country: Facebook's code for Arabic is ``ar_AR``.
_BOGUS_LOCALES = frozenset({"ar_ar"})
_OFFSET = re.compile(r"T\d{2}:\d{2}:\d{2}([+-])(\d{2}):(\d{2})$")


def _zone(name: str) -> tzinfo | None:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no time-zone database on this system: no zone rule
        return None


def stated_offset(values: Iterable[str]) -> tzinfo | None:
    """The first non-zero UTC offset written in one of the page's timestamps."""
    for value in values:
        match = _OFFSET.search(value)
        if match and (match.group(2), match.group(3)) != ("00", "00"):
            sign = 1 if match.group(1) == "+" else -1
            minutes = int(match.group(2)) * 60 + int(match.group(3))
            return timezone(sign * timedelta(minutes=minutes))
    return None


def publisher_zone(
    url: str | None, locale: str | None, stamps: Iterable[str] = (),
) -> tuple[tzinfo, str] | None:
    """The publisher's time zone and how it was found: an explicit offset in another
    timestamp of the page, else the country of the host's country-code domain, else
    the region of the page's locale (``en_US``, ``pt-BR``)."""
    offset = stated_offset(stamps)
    if offset is not None:
        return offset, "offset stated on the page"
    host = (urlsplit(url).hostname or "") if url else ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if tld in COUNTRY_ZONES:
        zone = _zone(COUNTRY_ZONES[tld])
        if zone is not None:
            return zone, f"country domain .{tld}"
    if locale:
        loc = locale.strip().replace("-", "_").lower()
        parts = loc.split("_")
        if len(parts) >= 2 and loc not in _BOGUS_LOCALES and parts[-1] in COUNTRY_ZONES:
            zone = _zone(COUNTRY_ZONES[parts[-1]])
            if zone is not None:
                return zone, f"locale {locale.strip()}"
    return None


def local_day(value: str, zone: tzinfo) -> str | None:
    """The calendar day in ``zone`` of a timestamp written with an offset."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.astimezone(zone).date().isoformat()


# -- page kinds -------------------------------------------------------------------------


# A status permalink of Twitter/X carries its creation instant: the status id is a
# "snowflake", milliseconds since 2010-11-04T01:42:54.657Z shifted left by 22 bits.
_STATUS_PATH = re.compile(r"^/(?:[A-Za-z0-9_]{1,30}|i(?:/web)?)/status(?:es)?/(\d{15,20})(?:/|$)")
_STATUS_HOSTS = frozenset({"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com",
                           "www.x.com"})
_SNOWFLAKE_EPOCH_MS = 1288834974657


def status_time(url: str | None) -> str | None:
    """The creation time (UTC, ISO) of a Twitter/X status from its permalink, else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in _STATUS_HOSTS:
        return None
    m = _STATUS_PATH.match(parts.path)
    if m is None:
        return None
    ms = (int(m.group(1)) >> 22) + _SNOWFLAKE_EPOCH_MS
    when = datetime.fromtimestamp(ms / 1000, tz=UTC).replace(microsecond=0)
    return when.isoformat()


def is_revision_view(url: str | None) -> bool:
    """A wiki diff or old revision (``?diff=``, ``?oldid=``): the page shows a revision,
    dated by that revision, not by the article's creation."""
    if not url:
        return False
    query = parse_qs(urlsplit(url).query)
    return "diff" in query or "oldid" in query


_REVISION_MARKUP = (
    '//*[@id="mw-revision-info" or @id="mw-diff-ntitle1"'
    ' or contains(concat(" ", normalize-space(@class), " "), " diff-ntitle ")][1]'
)


def shows_revision(tree: Any) -> bool:
    """A page laid out as a wiki diff or old revision (MediaWiki's revision header), for
    pages saved without their address."""
    try:
        return bool(tree.xpath(_REVISION_MARKUP))
    except Exception:  # a tree without XPath (a parse fallback) shows nothing
        return False


def is_home_page(url: str | None) -> bool:
    """A site's front page (no path, no query): a list of stories, no publication."""
    if not url:
        return False
    parts = urlsplit(url)
    return bool(parts.hostname) and parts.path in ("", "/") and not parts.query


_INDEX_SEGMENTS = frozenset({
    "tag", "tags", "category", "categories", "topic", "topics", "author", "authors",
    "search", "archive", "archives", "label", "rubric", "rubrika", "tema", "teg",
})


def is_index_page(url: str | None) -> bool:
    """A tag, category, topic, author or search listing by URL shape: ``/tag/covid/``,
    ``/category/politics/page/2/``, ``/search?q=``, a blog's ``/search/label/x``. A
    segment with a long number (an article id) or a date makes it an article's URL."""
    if not url:
        return False
    parts = urlsplit(url)
    segments = [seg.lower() for seg in parts.path.split("/") if seg]
    if not segments or re.search(r"\d{5,}|(?:19|20)\d\d[/_.-]?[01]\d", parts.path):
        return False
    if segments[-1].endswith((".html", ".htm", ".php", ".shtml", ".aspx")):
        return False
    return any(seg in _INDEX_SEGMENTS for seg in segments[:2]) and len(segments) <= 4


def is_year_only_guess(value: str) -> bool:
    """htmldate's answer for a page where it only found a year (``YYYY-01-01``)."""
    return value[4:10] == "-01-01"


__all__ = [
    "COUNTRY_ZONES",
    "byline_date",
    "find_headline",
    "is_home_page",
    "is_index_page",
    "is_revision_view",
    "is_year_only_guess",
    "local_day",
    "publisher_zone",
    "shows_revision",
    "stated_offset",
    "text_date",
]
