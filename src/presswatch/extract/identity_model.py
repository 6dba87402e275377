"""The identities of :class:`~presswatch.extract.canonical.IdentityIndex`, their blocks and
display names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from presswatch.extract.gazetteer import family
from presswatch.extract.namekeys import name_key, nominative_word
from presswatch.extract.translit import display_latin, has_cyrillic

# Thresholds, tuned on tests/data/identity_xdoc_gold.json (see docs/quality.md).
FIRST_NAME_RATIO = 0.80  # folded first names this similar are one name
MAX_BLOCK = 200  # fuzzy comparisons per lookup at most (a huge block is not compared)

_LATIN_SCRIPT_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "pl", "nl", "tr"})


# --- people's names -------------------------------------------------------------------


def first_names_compatible(a: str, b: str) -> float:
    """Similarity of two folded first names (1.0 equal, an initial against a name that
    starts with it 0.95), 0.0 below :data:`FIRST_NAME_RATIO`."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.95 if a[0] == b[0] else 0.0
    score = fuzz.ratio(a, b) / 100
    return score if score >= FIRST_NAME_RATIO else 0.0


# --- identities -----------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Identity:
    id: str
    type: str
    name: str
    locked: bool = False  # renamed by a user: the display name stays
    aliases: Counter[tuple[str, str]] = field(default_factory=Counter)  # (form, lang)
    canonical: str | None = None  # gazetteer name
    first_names: set[str] = field(default_factory=set)
    surname: str | None = None
    excluded: set[str] = field(default_factory=set)  # folded keys split off by a user
    # Kept up to date by IdentityIndex, so that no lookup scans an identity's aliases:
    total: int = 0  # sum of the alias counts
    order: dict[tuple[str, str], int] = field(default_factory=dict)  # alias -> arrival
    ranks: dict[tuple[str, str], Any] = field(default_factory=dict)  # alias -> its Rank
    best: list[Any] = field(default_factory=lambda: [None, None])  # display candidates
    surnames: dict[str, None] = field(default_factory=dict)  # person blocks it is in
    prefix_blocks: dict[tuple[str, str], None] = field(default_factory=dict)
    fuzzy_keys: dict[str, None] = field(default_factory=dict)  # compared in _fuzzy

    @property
    def family(self) -> str:
        return family(self.type)

    def weight(self) -> int:
        return self.total


_NOT_A_NAME_PART = re.compile(r"[()\[\]\d]")


def _stems(form: str) -> str:
    """The case-free key of a name form: each word's Russian stem (Latin words folded),
    so the inflections of one spelling meet ("Сакиб Нисару", "Сакиб Нисар") and two
    spellings stay apart ("Хайко Маас", "Хайко Мас")."""
    return " ".join(name_key(w) for w in form.replace(".", ". ").split())


def person_display(
    aliases: Counter[tuple[str, str]], order: dict[tuple[str, str], int], language: str
) -> tuple[str, str]:
    """The (form, language) a person is shown by: the fullest name (words that are not
    initials, up to three; a form with brackets or digits, a normaliser's slip, is no
    candidate), then the display language, then the spelling most documents use (its
    case forms counted together), and within that spelling the form with the fewest
    oblique-case endings ("Асия", not "Асии"), then the shortest (Russian case
    endings lengthen a name: "Сакиб Нисар", not "Сакиб Нисару"), then the first seen; a
    word of it in an oblique case takes the nominative another alias writes as often."""
    def words(form: str) -> int:
        if _NOT_A_NAME_PART.search(form):
            return 0
        return min(len([w for w in form.replace(".", ". ").split()
                        if len(w.strip(".")) > 1]), 3)

    spelling: Counter[str] = Counter()
    for (form, _lang), n in aliases.items():
        spelling[_stems(form)] += n
    form, lang = max(aliases, key=lambda a: (
        words(a[0]), a[1] == language, spelling[_stems(a[0])], -_oblique(a[0]),
        -len(a[0]) if has_cyrillic(a[0]) else 0, aliases[a], -order.get(a, 0)))
    if has_cyrillic(form):
        # a word of the fullest form left in an oblique case by the normaliser takes the
        # nominative another alias writes at least as often ("Сергей Скрипаля" beside
        # "Скрипаль"); a spelling most documents use stays ("Бюхеле", not a rare "Бюхель")
        seen: Counter[str] = Counter()
        for (f, _l), n in aliases.items():
            for w in f.split():
                seen[w] += n
        form = " ".join(nominative_word(w, [o for o in seen if seen[o] >= seen[w]], None)
                        for w in form.split())
    return form, lang


# Endings of Russian oblique cases that no nominative name ends in ("Асии", "Нисаром").
_OBLIQUE = ("ии", "ому", "ему", "ого", "его", "ым", "ом", "ем", "ую", "юю", "ею", "ою")


def _oblique(form: str) -> int:
    """How many words of a Cyrillic name form end in an oblique-case ending."""
    return sum(1 for w in form.lower().split() if has_cyrillic(w) and w.endswith(_OBLIQUE))


def _tagger_unsure(forms: Sequence[str], language: str) -> bool:
    """Whether the tagger's ORG/OTHER type of an entity with these name forms is weak
    enough for the gazetteer to overrule it. English: only when every form is in capitals
    ("MINSK" in a dateline, where the small model guesses); a written-out "Liverpool",
    "Norilsk" or "Barcelona" tagged ORG is a club or a company named after its town, and
    keeps its type."""
    if language != "en":
        return True
    return all(form.upper() == form for form in forms)


def _display(ident: Identity, language: str) -> str:
    """The display name of ``ident`` in ``language``, from its aliases (the reference
    definition; :class:`IdentityIndex` keeps the same choice up to date incrementally)."""
    if ident.locked:
        return ident.name
    if ident.canonical and language == "en":
        return ident.canonical
    if not ident.aliases:
        return ident.canonical or ident.name
    latin_display = language in _LATIN_SCRIPT_LANGUAGES
    if ident.family == "PERSON":
        # The fullest name wins (a bare surname never hides a known first name), then
        # the display language, then the most documents, then the first seen.
        form, lang = person_display(ident.aliases, ident.order, language)
        return display_latin(form) if lang != language and latin_display else form
    # most documents, then the shortest, then the smallest string: never the order of
    # arrival, so ingesting A then B or B then A shows the same name ("СП-2" / "СП–2")
    same = [it for it in ident.aliases.items() if it[0][1] == language]
    if same:
        return min(same, key=lambda it: (-it[1], len(it[0][0]), it[0]))[0][0]
    form = min(ident.aliases.items(), key=lambda it: (-it[1], len(it[0][0]), it[0]))[0][0]
    if latin_display and ident.family == "PLACE":
        return display_latin(form)
    return form


# When an index entry was made, as the order of a full load of the database followed by
# the arrivals of the run: (0, 0, entity id, alias, language) for an alias row stored
# before the index was created (a full load reads them in that order), (0, 1, entity id,
# name, "und") for an identity without alias rows (read after them), (1, n) for the n-th
# arrival since ((0, n) for the n-th row of a full load). Entries made in any order
# compare as a full load makes them.
Rank = tuple[Any, ...]


@dataclass(slots=True)
class _SurnameBlock:
    """People sharing a folded surname, by whether they have a first name, and by each
    folded first name (so a lookup visits the block's distinct first names, not its
    identities)."""

    named: dict[str, None] = field(default_factory=dict)  # ids
    bare: dict[str, Rank] = field(default_factory=dict)  # id -> when it joined
    firsts: dict[str, dict[str, None]] = field(default_factory=dict)  # first -> ids


@dataclass(slots=True)
class _PrefixBlock:
    """Identities sharing the first :data:`PREFIX` letters of a folded key, with the
    keys they are compared on (key -> ids)."""

    ids: dict[str, Rank] = field(default_factory=dict)  # id -> when it joined
    keys: dict[str, dict[str, None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Form:
    """The keys of one name form, computed once per index."""

    norm: str  # normalise_name
    key: str  # fold
    cyrillic: bool


@lru_cache(maxsize=262_144)
def _first_score(a: str, b: str) -> float:
    return first_names_compatible(a, b)
