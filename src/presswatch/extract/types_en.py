"""English entity spans and types from what the document itself shows.

The small English spaCy model guesses on text in capitals and runs names across a byline
and a dateline; a document states its entities many times, and the majority of its
own mentions is better evidence than any one guess. The functions here work on plain
offsets and types so that the identity layer (:mod:`presswatch.extract.identity`) calls
them on its English path only.

* :func:`split_caps_edge`: "Ramthan Hussain SINGAPORE" (a byline followed by a dateline,
  tagged as one PERSON) is the name "Ramthan Hussain" and the place "SINGAPORE" when the
  gazetteer knows it.
* :func:`cut_at_dash`: "FEATURE - Singapore" (a headline's label run into its subject)
  is "Singapore".
* :func:`majority_types`: the mentions of one name take the type most of them have.
* :func:`retype_non_persons`: company, product and event names the tagger typed PERSON
  ("Cingular Wireless", "Nord Stream", "iPhone", "Altria" before "shares").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol

from presswatch import lang

_WORD = re.compile(r"\S+")


_ROMAN = re.compile(r"[IVX]+")


def _caps_word(word: str) -> bool:
    """A word in capitals that can be a place ("SINGAPORE", "AL-AIN"): three letters or
    more, no dots (initials), not a roman numeral ("III")."""
    letters = [ch for ch in word if ch.isalpha()]
    return (len(letters) >= 3 and all(ch.isupper() for ch in letters) and "." not in word
            and not _ROMAN.fullmatch(word))


def _mixed_word(word: str) -> bool:
    return word[:1].isupper() and any(ch.islower() for ch in word)


def split_caps_edge(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """A PERSON span whose words in capitals at one edge, after or before words in mixed
    case, name a place the gazetteer knows: ``[(name_start, name_end, "PERSON"),
    (place_start, place_end, "GPE")]``. None when the span has no such edge (a surname
    written in capitals stays part of the name)."""
    words = [(m.start() + start, m.end() + start, m.group())
             for m in _WORD.finditer(text[start:end])]
    if len(words) < 2 or non_person_type(text[start:end]) is not None:
        return None  # "UFJ Holdings" is a company, not a place and a person
    caps = [_caps_word(w) for _, _, w in words]
    mixed = [_mixed_word(w) for _, _, w in words]
    cut = None
    if caps[-1] and mixed[0]:
        k = len(words) - 1
        while k > 0 and caps[k - 1]:
            k -= 1
        if all(mixed[:k]):
            cut = ((words[0][0], words[k - 1][1]), (words[k][0], words[-1][1]))
    elif caps[0] and mixed[-1]:
        k = 0
        while k + 1 < len(words) and caps[k + 1]:
            k += 1
        if all(mixed[k + 1 :]) and len(words) - k > 2:  # a full name after the capitals
            cut = ((words[k + 1][0], words[-1][1]), (words[0][0], words[k][1]))
    if cut is None:
        return None
    (ns, ne), (cs, ce) = cut
    if not _known_place(text[cs:ce]):
        return None
    return [(ns, ne, "PERSON"), (cs, ce, "GPE")]


def _known_place(name: str) -> bool:
    from presswatch.extract.canonical import gazetteer

    return gazetteer().lookup("PLACE", name) is not None


_SPACED_DASH = re.compile(r"\s+[-–—]+\s+")


def cut_at_dash(text: str, start: int, end: int) -> tuple[int, int]:
    """A span running over a spaced dash ("FEATURE - Singapore", "SOCCER - JAPAN", a
    headline's section label and its subject) keeps its longest side (the last on a tie):
    a name never contains " - "."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _SPACED_DASH.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    if not pieces:
        return start, end
    pieces.append((pos, end))
    return max(pieces, key=lambda p: (p[1] - p[0], p[0]))


class _Typed(Protocol):
    type: str
    name: str
    note: str


def country_name(name: str) -> bool:
    """Whether ``name`` is a country's or nation's name (``lang/en/countries.txt``)."""
    return " ".join(name.casefold().split()) in _countries()


@cache
def _countries() -> frozenset[str]:
    return frozenset(" ".join(w.casefold().split()) for w in lang.words("en", "countries"))


def majority_types(mentions: Iterable[_Typed]) -> None:
    """One type per name across the document, for names the tagger did not type as a
    person (people's names are the identity layer's): a country's name tagged as an
    organisation is a place; then the mentions of a name (same folded form) take the type
    most of them have, when that type has more mentions than all the others together
    ("Liverpool" tagged ORG four times and GPE once is ORG throughout), except that a
    country stays a place. Mentions retyped on the text's own evidence (``note`` set: a
    title before a name) keep their type."""
    by_name: dict[str, list[_Typed]] = {}
    for m in mentions:
        by_name.setdefault(" ".join(m.name.casefold().split()), []).append(m)
    for key, group in by_name.items():
        if any(m.type == "PERSON" for m in group):
            continue
        country = key in _countries()
        if country:
            for m in group:
                if m.type == "ORG" and not m.note:
                    m.type = "GPE"
        if len(group) < 3:
            continue
        counts = Counter(m.type for m in group)
        top, n = counts.most_common(1)[0]
        if n * 2 <= len(group) or (country and top not in ("GPE", "LOC")):
            continue
        for m in group:
            if m.type != top and not m.note:
                m.type = top


# Name-initial particles after which a capital inside a word is a surname's own
# ("McDonald", "MacLennan", "DeShields", "LaToya", "O'Neill"), not a brand's.
_NAME_PREFIX = re.compile(r"(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z]|O['’][A-Z]")
_BRAND_CASE = re.compile(r"[a-z][A-Z]")
_LOWER_BRAND = re.compile(r"[a-z]{1,2}[A-Z][A-Za-z]+")
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def _name_cues() -> dict[str, str]:
    return {k.casefold(): v for k, v in lang.table("en", "name_cues").items()}


@cache
def _org_after() -> frozenset[str]:
    return frozenset(w.casefold() for w in lang.words("en", "org_context_after"))


def non_person_type(surface: str) -> str | None:
    """The type of a span tagged PERSON whose own words say it is no person: a company,
    product or event word ("Cingular Wireless", "Gazprom Neft", "Nord Stream", "MSN
    Messenger", "Interactive Awards": ``lang/en/name_cues.tsv``), or a brand's casing
    ("iPhone" -> OTHER, "PayPal" -> ORG; "McDonald", "DeShields" are names). None when
    nothing in the span argues against a person."""
    cues = _name_cues()
    for word in reversed(_WORDS.findall(surface)):  # the head word, last in English
        hit = cues.get(word.casefold())
        if hit:
            return hit
        if "-" in word or "'" in word or "’" in word:
            continue  # "al-Gosaibi", "d'Estaing"
        if _LOWER_BRAND.fullmatch(word):
            return "OTHER"  # iPhone, eBay
        if _BRAND_CASE.search(word) and not _NAME_PREFIX.match(word):
            return "ORG"  # PayPal, BlackBerry, YouTube
    return None


class _Tok(Protocol):  # read-only: a NamedTuple token satisfies it
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def low(self) -> str: ...
    @property
    def pos(self) -> str: ...


class _Mention(Protocol):
    start: int
    end: int
    type: str
    name: str
    surface: str
    note: str


def retype_non_persons(mentions: Sequence[_Mention], toks: Sequence[_Tok]) -> None:
    """PERSON mentions that are no person, on the evidence of their own words
    (:func:`non_person_type`) or of the document: a one-word name, with no longer personal
    name in the text ending in it, that stands anywhere before a company noun ("Altria
    shares", "Gartner analyst", "Yukos's shareholders": ``lang/en/org_context_after.txt``)
    is an organisation in all its mentions, and so is a PERSON span it starts ("Pernod
    Ricard"); its ORG mentions get a note, so the person rules leave them alone."""
    starts = [t.start for t in toks]
    after = _org_after()
    persons = [m for m in mentions if m.type == "PERSON"]
    surnames = {m.name.split()[-1].casefold() for m in persons if len(m.name.split()) > 1}
    company: set[str] = set()
    for m in mentions:
        if m.type == "PERSON" and (found := non_person_type(m.surface)) is not None:
            m.note = " (tagged PERSON by NER; a company, product or event word)"
            m.type = found
            continue
        key = m.name.casefold()
        if m.type not in ("PERSON", "ORG") or " " in key or key in surnames:
            continue
        k = bisect_left(starts, m.end)
        if k < len(toks) and toks[k].low in ("'s", "’s", "'"):
            k += 1
        if k < len(toks) and toks[k].low in after and toks[k].pos in ("NOUN", "PROPN", "X"):
            company.add(key)
    if not company:
        return
    for m in mentions:
        key = m.name.casefold()
        first = key.split()[0] if key else ""
        if m.type == "PERSON" and (key in company or first in company):
            # "Pernod ... Pernod shares ... Pernod Ricard": the company and its full name
            m.note = " (tagged PERSON by NER; a company's name, before a company noun)"
            m.type = "ORG"
        elif m.type == "ORG" and key in company:
            m.note = " (a company's name, before a company noun)"

@cache
def _titles() -> frozenset[str]:
    return frozenset(w.casefold() for w in lang.words("en", "person_titles"))


_DEMONYM_SHAPE = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ic|i)")


def strip_titles(text: str, start: int, end: int) -> int:
    """Where the name starts in a PERSON span that opens with titles or ranks ("General
    Kutuzov", "Cardinal Wolsey", "Former President Bill Clinton", "Belgian King
    Baudouin": ``lang/en/person_titles.txt``, a demonym before a title going with it).
    The name keeps at least one capitalised word; ``start`` when nothing is cut."""
    titles = _titles()
    words = [(m.start() + start, m.group()) for m in _WORD.finditer(text[start:end])]
    k = 0
    while k + 1 < len(words):
        word = words[k][1]
        low = word.casefold().rstrip(".")
        nxt = words[k + 1][1].casefold().rstrip(".")
        if low in titles or (_DEMONYM_SHAPE.fullmatch(word) and nxt in titles):
            k += 1
            continue
        break
    while k > 0 and not words[k][1][:1].isupper():
        k -= 1  # "Former president bush": keep what a name needs
    if k == 0 or words[k][1].casefold().rstrip(".") in titles:
        return start
    return words[k][0]


_LOCATIVE = frozenset({"in", "near", "outside", "around", "into", "from", "between"})
# Verbs of a contest right after a name: the name is a team ("Barcelona beat ...").
_CONTEST = frozenset({"beat", "beats", "won", "wins", "drew", "draw", "lost", "loses",
                      "defeated", "edged", "thrashed", "routed", "v", "vs"})


@cache
def _region_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in lang.words("en", "region_words"))


@cache
def _place_nouns() -> frozenset[str]:
    return frozenset(w.casefold() for w in lang.words("en", "place_nouns"))


def locative_places(mentions: Sequence[_Mention], toks: Sequence[_Tok]) -> None:
    """A name tagged ORG right after "in", "near", "outside", "around", "into", "from" or
    "between" that the
    gazetteer knows as a place, or after a place noun and "of" ("the town of Arbil":
    ``lang/en/place_nouns.txt``), is that place there; the retyped
    mention carries a note, so the document majority leaves it alone; so does a name
    tagged ORG that ends in a region word ("Smolensk Region": ``lang/en/region_words.txt``).
    The name's other
    ORG mentions follow, unless one of its mentions acts as a team or a company (a score,
    "beat", "shares" after it): a club plays "in Barcelona" and is "Barcelona 2"."""
    starts = [t.start for t in toks]
    places: set[str] = set()
    orgs: set[str] = set()
    after_org = _org_after()
    regions = _region_words()
    for m in mentions:
        words = m.name.split()
        if m.type == "ORG" and len(words) >= 2 and words[-1].casefold() in regions and (
                words[-2][:1].isupper()):
            m.note = f" (tagged ORG by NER; a '{words[-1]}' name)"
            m.type = "GPE"
            continue
        if " " in m.name:
            continue
        key = m.name.casefold()
        k = bisect_left(starts, m.start)
        k2 = bisect_left(starts, m.end)
        nxt = toks[k2] if k2 < len(toks) else None
        if nxt is not None and (nxt.pos == "NUM" or nxt.low in _CONTEST or (
                nxt.low in after_org)):
            orgs.add(key)  # "Barcelona 2", "Barcelona beat", "Norilsk shares"
        if m.type != "ORG" or k == 0 or k > len(toks):
            continue
        prev = toks[k - 1].low
        if k >= 2 and prev == "of" and toks[k - 2].low in _place_nouns():
            m.note = f" (tagged ORG by NER; after '{toks[k - 2].low} of')"
            m.type = "GPE"
            places.add(key)
        elif prev in _LOCATIVE and _known_place(m.name):
            m.note = f" (tagged ORG by NER; a known place after '{prev}')"
            m.type = "GPE"
            places.add(key)
    # the document's other mentions of such a place, unless one of them acts as a club
    # or a company (a score, "beat", "shares" after it)
    for m in mentions:
        key = m.name.casefold()
        if m.type == "ORG" and key in places and key not in orgs:
            m.note = " (tagged ORG by NER; a place elsewhere in the text)"
            m.type = "GPE"
