"""HTML pages -> :class:`~presswatch.model.Article`: body, title, dates, outlet, author, language.

The page is parsed once (lxml). The structured metadata is read first, from the untouched
tree: ``<meta>`` tags (Open Graph, ``article:*``, Dublin Core, ``itemprop``...), JSON-LD
objects (``datePublished`` is the original date, ``dateModified`` the update), ``<time>``
elements, ``<html lang>`` and the canonical URL. Then trafilatura extracts the body and
its own metadata (its date comes from htmldate, extensive search, original date) from the
same tree.

Body: trafilatura's text gets a second, line-level pass with the plain-text cleaner's
rules (:mod:`presswatch.clean.body`) over its *tail* only: a section marker ("Related
stories", "Читайте также") followed by less prose than came before it ends the article,
and lone boilerplate lines (share bars, photo credits, reading times, subscription calls,
timestamped teasers) go. The head of trafilatura's output is trusted as it is.

Publication date: candidates are gathered with where each came from, and the best
supported one wins (see :data:`RANKS` and :func:`choose_date`): an explicit "published"
field of the structured metadata, then the date printed right after the headline (the
byline, :mod:`presswatch.clean.html_dates`), htmldate's guess (never a bare year), the
URL's date and ``<time>`` elements, and the first lines of the text. A UTC timestamp is
read as the publisher's calendar day (the zone the page states or implies). A revision
view (a wiki diff) is dated by its revision; a home page or a tag/category listing gets
no date. ``published_evidence`` names the winner.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from lxml.etree import ParserError

from presswatch.clean.body import (
    glued_stamp,
    is_prose,
    is_section_marker,
    is_stamp,
    junk_reason,
)
from presswatch.clean.dates import (
    content_year_warning,
    find_date,
    first_lines_date,
)
from presswatch.clean.html_dates import (
    byline_date,
    is_home_page,
    is_index_page,
    is_revision_view,
    is_year_only_guess,
    local_day,
    publisher_zone,
    shows_revision,
    status_time,
)
from presswatch.clean.language import detect_language
from presswatch.config import DEFAULT, Settings
from presswatch.model import Article, RawItem

NO_DATE = "no publication date found"

# Meta tags that state the original publication date, strongest first.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "article.published", "published_time", "publish_date", "publish-date",
    "publishdate", "pubdate", "sailthru.date", "parsely-pub-date", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "article:published",
    "cxenseparse:recs:publishtime", "originalpublicationdate", "publication_date",
    "og:pubdate", "pub_date",
)
# Generic names: often a page date, a copyright date or a crawl date rather than the
# article's; they only count below htmldate.
WEAK_PUBLISHED_META = (
    "date", "dc.date", "dcterms.date", "release_date", "citation_publication_date",
    "citation_date", "datecreated", "created",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dc.date.modified", "dcterms.modified", "last_updated_date", "article:updated_time",
)
TITLE_META = ("og:title", "twitter:title", "dc.title", "headline")
SITE_META = ("og:site_name", "application-name", "dc.publisher", "publisher", "twitter:site")
AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
_ARTICLE_TYPES = re.compile(
    r"(?:News)?Article|BlogPosting|Report|ReportageNews|AnalysisNewsArticle|"
    r"OpinionNewsArticle|LiveBlogPosting|Posting|WebPage|VideoObject|Review",
)
# A date in a URL path: /2020/07/08/, /2020-07-08/, /20200708/ (year 1995-2039).
_URL_DATE = re.compile(
    r"(?<!\d)((?:199[5-9]|20[0-3]\d))[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEP = re.compile(
    r"/((?:199[5-9]|20[0-3]\d))/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)"
)
_ISO_DT = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{1,2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_DATE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:date|time|pubdate|published|publish|posted|timestamp|byline|dateline|"
    r"meta|article-info|post-meta|entry-meta|data)(?:$|[\s_-])|date|time",
    re.IGNORECASE,
)
_UPDATED_WORDS = re.compile(
    r"updated|modified|обновлено|изменено|last edit|mis à jour|aktualisiert", re.IGNORECASE
)


# Strength of each kind of date evidence (smaller is stronger). A revision view is dated
# by its revision; an explicit "published" field of the structured metadata comes next;
# the date printed right after the headline (the byline) beats htmldate's guess, which
# beats the URL's date, ``<time>`` elements and ``dateCreated``; generic meta names and
# dates in the first lines of the text come last.
RANKS: dict[str, float] = {
    "revision": -1, "published": 0, "byline": 0.5, "htmldate": 1, "time": 2, "url": 2,
    "created": 2, "weak meta": 3, "updated time": 5, "first lines": 5,
}


@dataclass(slots=True)
class DateCandidate:
    value: str  # YYYY-MM-DD[THH:MM:SS[+HH:MM]]
    source: str  # where it was found (for published_evidence)
    rank: float  # smaller is stronger (see RANKS)

    @property
    def day(self) -> str:
        return self.value[:10]


@dataclass(slots=True)
class HtmlPage:
    """What one HTML page yields before corpus-level cleaning."""

    text: str
    title: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    modified: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    url: str | None = None
    candidates: list[DateCandidate] = field(default_factory=list)


# -- parsing ----------------------------------------------------------------------------


def parse_html(html: str | bytes) -> Any | None:
    """An lxml tree of the page, or None when it is not HTML."""
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except (ParserError, ValueError, TypeError):
        return None


def _norm_key(key: str) -> str:
    return key.strip().lower()


def read_meta(tree: Any) -> dict[str, str]:
    """``<meta>`` name/property/itemprop/http-equiv -> content (first one wins)."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = el.get("content") or el.get("value") or el.get("datetime")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                found.setdefault(_norm_key(key), content.strip())
    return found


def _walk_json(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        yield obj
        for value in obj.values():
            if isinstance(value, (dict, list)):
                yield from _walk_json(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk_json(value)


def read_json_ld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page that looks like an article (or a page), in order."""
    out: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            # Control characters and trailing commas are common: one lenient retry.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        for obj in _walk_json(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and _ARTICLE_TYPES.fullmatch(k) for k in kinds) or (
                "datePublished" in obj and "@type" in obj
            ):
                out.append(obj)
    return out


def _json_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _json_text(value.get("name"))
    if isinstance(value, list) and value:
        names = [n for n in (_json_text(v) for v in value) if n]
        return ", ".join(names) or None
    return None


# -- dates ------------------------------------------------------------------------------


def normalise_date(value: str) -> str | None:
    """A structured date string -> ``YYYY-MM-DD`` (with ``THH:MM:SS`` and the offset as
    written when given). The calendar day is the one the publisher wrote: a timestamp is
    never moved to another time zone."""
    value = value.strip()
    if not value or not re.search(r"\d", value):
        return None
    match = _ISO_DT.match(value)
    if match:
        y, m, d, hh, mm, ss, tz = match.groups()
        try:
            date(int(y), int(m), int(d))
        except ValueError:
            return None
        day = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
        if hh is None:
            return day
        out = f"{day}T{int(hh):02d}:{mm}:{int(ss or 0):02d}"
        if tz:
            out += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        return out
    if re.fullmatch(r"\d{10}(?:\d{3})?", value):  # a Unix timestamp
        seconds = int(value[:10])
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    # Readable dates ("Tue, Sep 15 2020 10:01:41 EDT", "5 мая 2021"): the fast patterns
    # of the plain-text cleaner (English and Russian month names), then RFC 2822. The
    # slow general parser (dateparser) is left to reader metadata.
    found = find_date(value)
    if found is not None and found[0].year is not None:
        return found[0].iso()
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%S") if when else None


def _plausible(value: str, today: date) -> bool:
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return False
    return date(1995, 1, 1) <= day <= today + timedelta(days=1)


def url_date(url: str | None) -> str | None:
    """A full date in a URL's path (``/2020/07/08/``, ``/2020-07-08-``, ``/20200708/``)."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern in (_URL_DATE_SEP, _URL_DATE):
        match = pattern.search(path)
        if match:
            y, m, d = (int(g) for g in match.groups())
            try:
                return date(y, m, d).isoformat()
            except ValueError:
                continue
    return None


def _time_elements(tree: Any) -> Iterator[tuple[str, str, bool]]:
    """(datetime value, description, says updated) of ``<time>`` and date-classed
    elements in document order."""
    for el in tree.iter("time"):
        value = el.get("datetime") or ""
        if not value.strip():
            continue
        context = " ".join(
            filter(None, (el.get("class"), el.get("itemprop"), el.text, _parent_class(el)))
        )
        is_pub = el.get("pubdate") is not None or "published" in context.lower() or (
            (el.get("itemprop") or "").lower() == "datepublished"
        )
        updated = bool(_UPDATED_WORDS.search(context)) and not is_pub
        yield value, "<time datetime>", updated
    for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]'):
        value = el.get("datetime") or el.get("content") or el.text_content()
        if value and value.strip():
            yield value.strip(), 'itemprop="datePublished"', False


def _parent_class(el: Any) -> str | None:
    parent = el.getparent()
    return parent.get("class") if parent is not None else None


def date_candidates(
    tree: Any, meta: dict[str, str], json_ld: list[dict[str, Any]], url: str | None,
    today: date, *, byline: bool = True,
) -> tuple[list[DateCandidate], str | None]:
    """Publication date candidates from the structured parts of a page and from its
    byline, and the modification date (kept apart: an update is not the original
    publication, except on a revision view, which is dated by its revision)."""
    out: list[DateCandidate] = []

    def add(raw: str | None, source: str, rank: float) -> None:
        if not raw:
            return
        value = normalise_date(raw)
        if value and _plausible(value, today):
            out.append(DateCandidate(value, source, rank))

    for obj in json_ld:
        add(_json_text(obj.get("datePublished")), "JSON-LD datePublished", RANKS["published"])
    for key in PUBLISHED_META:
        if key in meta:
            add(meta[key], f"meta {key}", RANKS["published"])
    for key in WEAK_PUBLISHED_META:
        if key in meta:
            add(meta[key], f"meta {key}", RANKS["weak meta"])
    for obj in json_ld:
        add(_json_text(obj.get("dateCreated")), "JSON-LD dateCreated", RANKS["created"])
    for value, source, updated in _time_elements(tree):
        add(value, source, RANKS["updated time"] if updated else RANKS["time"])
    found_url = url_date(url)
    if found_url:
        out.append(DateCandidate(found_url, "URL", RANKS["url"]))
    posted = status_time(url)
    if posted:  # the status's own creation instant, as exact as a "published" field
        add(posted, "status id in the URL", RANKS["published"])
    if byline:
        printed = byline_date(tree, _first(meta, TITLE_META) or _page_title(tree))
        if printed is not None and _plausible(printed[0], today):
            out.append(DateCandidate(printed[0], printed[1], RANKS["byline"]))
    modified: str | None = None
    for obj in json_ld:
        modified = modified or normalise_date(_json_text(obj.get("dateModified")) or "")
    for key in MODIFIED_META:
        if modified is None and key in meta:
            modified = normalise_date(meta[key])
    revision = is_revision_view(url) or shows_revision(tree)
    if modified and revision and _plausible(modified, today):
        out.append(DateCandidate(modified, "modified (revision view)", RANKS["revision"]))
    return out, modified


def _page_title(tree: Any) -> str | None:
    for el in tree.iter("title"):
        return el.text_content().strip() or None
    return None


def choose_date(
    candidates: list[DateCandidate],
    modified: str | None = None,
    *,
    zone: tuple[Any, str] | None = None,
) -> DateCandidate | None:
    """The best supported publication date.

    The strongest rank wins; among equals the earliest date (a page that states several
    "published" dates lists the original first or later: the original is the earliest).
    Weak candidates (rank >= 3) agreeing with each other reinforce: a day stated by two
    independent sources beats one stated by a single source of the next rank.

    A UTC timestamp names an instant, not the publisher's calendar day: when the page's
    URL states the day of that timestamp or the adjacent one, the URL's day stands;
    otherwise, when ``zone`` (the publisher's zone, :func:`publisher_zone`) is known, the
    timestamp's day in that zone is the publication day (``2020-05-02T02:54Z`` on a New
    York site is May 1st).
    """
    if not candidates:
        return None
    best_rank = min(c.rank for c in candidates)
    top = [c for c in candidates if c.rank == best_rank]
    if best_rank >= RANKS["weak meta"]:
        days: dict[str, int] = {}
        for c in candidates:
            days[c.day] = days.get(c.day, 0) + 1
        agreed = [c for c in candidates if days[c.day] >= 2 and c.rank <= best_rank + 2]
        if agreed and not any(days[c.day] >= 2 for c in top):
            top = [min(agreed, key=lambda c: c.rank)]
    # The earliest day; on the same day a timestamp beats a bare date (it says more).
    chosen = min(top, key=lambda c: (c.day, len(c.value) == 10, c.value[:19]))
    return _local_day_for_utc(chosen, candidates, zone) or chosen


_UTC = re.compile(r"T(\d{2}):\d{2}:\d{2}\+00:00$")


def _local_day_for_utc(
    top: DateCandidate, candidates: list[DateCandidate], zone: tuple[Any, str] | None,
) -> DateCandidate | None:
    """The publisher's day for a UTC timestamp near midnight (see :func:`choose_date`):
    a dateless statement of the same or the adjacent day (the URL first), else the day
    in the publisher's zone."""
    match = _UTC.search(top.value)
    if not match:
        return None
    hour = int(match.group(1))
    if 4 <= hour < 20 and zone is None:
        return None
    day = date.fromisoformat(top.day)
    near = {(day + timedelta(days=k)).isoformat() for k in (-1, 0, 1)}
    stated = sorted(
        (c for c in candidates if len(c.value) == 10 and c.day in near and c.source == "URL"),
        key=lambda c: c.day != top.day,
    )
    if stated:
        if stated[0].day == top.day:
            return None
        return DateCandidate(
            stated[0].value, f"{stated[0].source} (local day of {top.source})", top.rank
        )
    if zone is not None:
        local = local_day(top.value, zone[0])
        if local and local != top.day:
            when = datetime.fromisoformat(top.value).astimezone(zone[0])
            return DateCandidate(
                when.isoformat(), f"{top.source} (publisher's day, {zone[1]})", top.rank
            )
        return None
    if 4 <= hour < 20:
        return None
    shift = 1 if hour < 4 else -1
    adjacent = (day - timedelta(days=shift)).isoformat()
    for c in candidates:
        if c.day == adjacent and len(c.value) == 10:
            return DateCandidate(c.value, f"{c.source} (local day of {top.source})", c.rank)
    return None


# -- body -------------------------------------------------------------------------------


_TOKEN = re.compile(r"\w+")
_BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_TEASER_TAG = re.compile(r"\w.*\s\[(?:[A-Z]+(?: [A-Z]+)*)\]\W*$")
_MARKER_HEAD = re.compile(r"^[^:—–]{2,30}[:—–]\s*\S")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _shouting(line: str) -> bool:
    """A line of eight or more words with every cased letter upper case: a link to another
    story (shorter capitalised lines are usually subheadings)."""
    if len(line.split()) < 8:
        return False
    letters = [ch for ch in line if ch.isalpha() and ch.lower() != ch.upper()]
    return len(letters) >= 12 and all(ch.isupper() for ch in letters)


def tail_pass(text: str, title: str | None = None) -> str:
    """Second pass over an extractor's output, on its lines (paragraphs).

    * the headline repeated as the first line goes (``title`` keeps it);
    * after the first prose paragraph: a bare section marker ("Related stories", "Читайте
      также") goes with the short lines listed under it, and ends the article when less
      than a sixth of the prose is left after it; a marker with a headline glued to it
      ("Read more: ...") is one teaser line and goes alone;
    * a lone timestamp goes with the headline lines after it (a teaser); so do lines in
      capitals only (links to other stories), a bare URL, and lines that are boilerplate
      on their own by the plain-text rules (share bars, photo credits, reading times,
      calls to subscribe). Table rows (``| a | b |``) and prose are never judged.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    if title and len(lines) > 1 and _tokens(lines[0]) == _tokens(title):
        lines = lines[1:]
    prose = [len(line) if is_prose(line) else 0 for line in lines]
    total = sum(prose)
    # A lone URL or two is a leftover link; a list of them is content (a shopping list).
    urls_are_junk = sum(1 for line in lines if _BARE_URL.match(line)) <= 2
    first = next((i for i, n in enumerate(prose) if n), len(lines))
    keep = [True] * len(lines)
    seen = sum(prose[: first + 1])
    i = first + 1
    while i < len(lines):
        line = lines[i]
        if line.startswith("|") or (prose[i] and not _shouting(line)):
            seen += prose[i]
            i += 1
            continue
        if is_section_marker(line):
            keep[i] = False
            if not _MARKER_HEAD.match(line):  # a bare marker: a list follows
                if (total - seen) * 5 < total:
                    for j in range(i, len(lines)):
                        keep[j] = False
                    break
                j = i + 1
                while j < len(lines) and j <= i + 6 and not prose[j]:
                    keep[j] = False
                    j += 1
                i = j
                continue
        elif is_stamp(line) or glued_stamp(line):
            keep[i] = False
            j = i + 1
            while j < len(lines) and j <= i + 2 and not prose[j]:
                keep[j] = False
                j += 1
            i = j
            continue
        elif (
            _shouting(line)
            or (urls_are_junk and _BARE_URL.match(line))
            or _TEASER_TAG.search(line)
        ) or junk_reason(line, line) not in (None, "no words", "URL line"):
            keep[i] = False
        seen += prose[i]
        i += 1
    return "\n".join(line for line, k in zip(lines, keep, strict=True) if k)


# -- the whole page ---------------------------------------------------------------------


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value and value.strip():
            return value.strip()
    return None


def _outlet(meta: dict[str, str], json_ld: list[dict[str, Any]], url: str | None) -> str | None:
    site = _first(meta, SITE_META)
    if site and site.startswith("@"):
        site = site[1:]
    if not site:
        for obj in json_ld:
            site = _json_text(obj.get("publisher"))
            if site:
                break
    if not site and url:
        host = urlsplit(url).hostname or ""
        site = host.removeprefix("www.") or None
    return site


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    today: date | None = None,
    second_pass: bool = True,
) -> HtmlPage | None:
    """Extract one page; None when it is not parseable HTML."""
    import trafilatura

    tree = parse_html(html)
    if tree is None:
        return None
    today = today or date.today()
    meta = read_meta(tree)
    json_ld = read_json_ld(tree)
    url = url or meta.get("og:url") or _canonical(tree)
    candidates, modified = date_candidates(tree, meta, json_ld, url, today)
    lang = (tree.get("lang") or tree.get("xml:lang") or meta.get("og:locale") or "").strip()

    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        with_metadata=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": True,
            "max_date": today.isoformat(),
        },
    )
    # as_dict is off: a Document or None (the annotation also allows the dict form)
    assert not isinstance(doc, dict)
    text = ""
    title = _first(meta, TITLE_META)
    author = _first(meta, AUTHOR_META)
    if doc is not None:
        text = doc.text or ""
        title = doc.title or title
        author = doc.author or author
    guessed = doc.date if doc is not None else None
    if not guessed:
        guessed = _htmldate(html, url, today)
    if guessed:
        value = normalise_date(guessed)
        # htmldate answers January 1st when it only found a year (a copyright line):
        # that is no day, unless some other evidence states that very day.
        if value and _plausible(value, today) and (
            not is_year_only_guess(value) or any(c.day == value[:10] for c in candidates)
        ):
            candidates.append(DateCandidate(value, "htmldate", RANKS["htmldate"]))
    if second_pass and text:
        text = tail_pass(text, title)
    early = first_lines_date(text.split("\n")) if text else None
    if early is not None:
        value = normalise_date(early[0])
        if value and _plausible(value, today):
            candidates.append(DateCandidate(value, early[1], RANKS["first lines"]))
    locales = (meta.get("og:locale"), tree.get("lang"))
    zone = publisher_zone(
        url,
        next((x for x in locales if x and "_" in x.replace("-", "_")), None),
        [c.value for c in candidates] + ([modified] if modified else []),
    )
    # A site's front page, and a tag or category listing without an article's
    # "published" field, list stories: they have no publication date of their own.
    listing = is_home_page(url) or (
        is_index_page(url) and not any(c.rank <= RANKS["published"] for c in candidates)
    )
    chosen = None if listing else choose_date(candidates, modified, zone=zone)
    if author is None:
        for obj in json_ld:
            author = _json_text(obj.get("author"))
            if author:
                break
    return HtmlPage(
        text=text,
        title=title,
        published=chosen.value if chosen else None,
        published_evidence=f"{chosen.source}: {chosen.value}" if chosen else None,
        modified=modified,
        outlet=_outlet(meta, json_ld, url),
        author=author,
        language=lang.replace("_", "-").split("-")[0].lower() or None,
        url=url,
        candidates=candidates,
    )


def _htmldate(html: str | bytes, url: str | None, today: date) -> str | None:
    """htmldate on the page as given (trafilatura found no date, or no text)."""
    from htmldate import find_date as htmldate_find

    try:
        return htmldate_find(
            html, url=url, original_date=True, extensive_search=True,
            max_date=today.isoformat(),
        )
    except Exception:  # htmldate on a hostile page must not stop a batch
        return None


def _canonical(tree: Any) -> str | None:
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return el.get("href")
    return None


def clean_html(
    raw: RawItem,
    *,
    repeated: Container[str] = frozenset(),
    settings: Settings = DEFAULT,
) -> Article:
    """Clean one HTML item (``raw.meta["format"] == "html"``). Reader metadata (a feed's
    title and date, a CSV's columns) wins over what the page says."""
    meta = raw.meta or {}
    page = extract(raw.text, meta.get("url") or None)
    if page is None:
        page = HtmlPage(text="")
    lines = [
        line for line in page.text.split("\n")
        if line.strip() and not (line in repeated and not is_prose(line))
    ]
    text = "\n\n".join(lines)
    warnings: list[str] = []
    published, evidence = page.published, page.published_evidence
    stated = (meta.get("published") or "").strip()
    if stated:
        value = normalise_date(stated)
        if value is None:
            warnings.append(f"unreadable publication date in metadata: {stated!r}")
        else:
            published, evidence = value, "metadata: published"
    if published is None:
        warnings.append(NO_DATE)
    else:
        doubt = content_year_warning(published, text)
        if doubt:
            warnings.append(doubt)
    if meta.get("warning"):
        warnings.append(meta["warning"])
    title = (meta.get("title") or "").strip() or page.title
    outlet = (meta.get("outlet") or "").strip() or page.outlet
    language = detect_language(text or (title or ""), settings)
    return Article(
        source=raw.source,
        text=text,
        title=title,
        outlet=outlet,
        dateline=None,
        published=published,
        published_evidence=evidence,
        language=language,
        warnings=warnings,
        group=raw.group,
    )


__all__ = [
    "DateCandidate",
    "HtmlPage",
    "choose_date",
    "clean_html",
    "extract",
    "find_date",
    "normalise_date",
    "parse_html",
    "tail_pass",
    "url_date",
]
