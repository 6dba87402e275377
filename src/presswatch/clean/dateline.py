"""Datelines ("MINSK, December 19 – RIA Novosti.", "LONDON (Reuters) -",
"Минск, 5 мая /БЕЛТА/.") and outlet credits ("Via RIA Novosti", "Source: BelTA").

The dateline stays in the text (it is part of the lead sentence as printed); it is only
recorded. Its place is title-cased when printed in capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from presswatch.clean.dates import _ANY_DATE, DateParts, parse_date
from presswatch.clean.title import RUBRICS, words

_UP = "A-ZА-ЯЁ"
_PLACE = (
    rf"(?P<place>[{_UP}][\w'’.\-]*(?:[ \-](?:[{_UP}][\w'’.\-]*|on|upon|de|la|le|del|на))"
    r"{0,3}"
    rf"(?:,\s*[{_UP}][\w'’.\-]*(?:\s[{_UP}][\w'’.\-]*)?(?=\s*,\s*(?i:{_ANY_DATE})))?)"
)
_DATE = r"(?P<date>(?i:" + _ANY_DATE + r"))"
_DASH = r"\s*[–—-]{1,2}\s*"
_OUTLET_WORDS = rf"[{_UP}][\w'’&.\-]*(?:\s+[{_UP}][\w'’&.\-]*){{0,3}}"

_AGENCY_AFTER_DASH = re.compile(
    _PLACE + r"\s*,\s*" + _DATE + _DASH + r"(?P<outlet>" + _OUTLET_WORDS + r")\s*\.(?=\s|$)"
)
_AGENCY_IN_BRACKETS = re.compile(
    _PLACE + r"(?:\s*,\s*" + _DATE + r")?\s*\((?P<outlet>[^()]{2,40})\)" + _DASH
)
_AGENCY_IN_SLASHES = re.compile(
    _PLACE + r"\s*,\s*" + _DATE + r"\s*/(?P<outlet>[^/]{2,30})/"
)
_DATE_ONLY = re.compile(_PLACE + r"\s*,\s*" + _DATE + _DASH)
_CAPS_PLACE = re.compile(
    rf"(?P<place>[{_UP}][{_UP}'’.\-]+(?:\s+[{_UP}][{_UP}'’.\-]+){{0,3}})" + _DASH + r"(?=\S)"
)
_CREDIT = re.compile(
    r"(?:^|[:\s])(?i:via|source|источник|по материалам)\s*[:—–-]?\s*"
    r"(?P<outlet>" + _OUTLET_WORDS + r")"
)


@dataclass(frozen=True, slots=True)
class FoundDateline:
    place: str | None
    parts: DateParts | None
    outlet: str | None
    text: str  # the dateline as printed


def _place(raw: str) -> str | None:
    place = raw.strip(" ,.-–—")
    if not place or len(words(place)) > 4:
        return None
    if place.casefold() in RUBRICS:
        return None
    letters = [ch for ch in place if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        place = "-".join(part.capitalize() for part in place.title().split("-"))
        place = " ".join(w[0].upper() + w[1:] if w else w for w in place.split(" "))
    return place


def _outlet(raw: str | None) -> str | None:
    if raw is None:
        return None
    outlet = raw.strip(" .,-–—/")
    return outlet or None


def find_dateline(paragraphs: Sequence[str], look: int = 3) -> FoundDateline | None:
    """The dateline at the start of one of the first paragraphs."""
    for paragraph in list(paragraphs)[:look]:
        head = paragraph[:160]
        for pattern in (_AGENCY_AFTER_DASH, _AGENCY_IN_SLASHES, _AGENCY_IN_BRACKETS, _DATE_ONLY):
            match = pattern.match(head)
            if match is None:
                continue
            place = _place(match.group("place"))
            if place is None:
                continue
            date = match.groupdict().get("date")
            parts = parse_date(date) if date else None
            outlet = _outlet(match.groupdict().get("outlet"))
            return FoundDateline(place, parts, outlet, match.group(0).strip())
        match = _CAPS_PLACE.match(head)
        if match and len(match.group("place")) >= 3:
            place = _place(match.group("place"))
            if place is not None:
                return FoundDateline(place, None, None, match.group(0).strip())
    return None


def credited_outlet(lines: Iterable[str]) -> str | None:
    """An outlet named by a credit line ("Via RIA Novosti", "Source: BelTA")."""
    for line in lines:
        if len(words(line)) > 12:
            continue
        match = _CREDIT.search(line)
        if match:
            outlet = _outlet(match.group("outlet"))
            if outlet:
                return outlet
    return None
