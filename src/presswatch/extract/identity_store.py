"""How :class:`~presswatch.extract.canonical.IdentityIndex` reads its store: all at once,
or lazily by key, with the arrivals that make both decide the same."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from presswatch.extract.gazetteer import gazetteer
from presswatch.extract.identity_keys import canonical_key, lookup_keys
from presswatch.extract.identity_model import MAX_BLOCK, Identity, Rank
from presswatch.extract.translit import fold
from presswatch.model import Entity


class StoreBacked:
    """The loading half of :class:`~presswatch.extract.canonical.IdentityIndex`: the full
    load, the lazy fetches by key, the arrivals it commits (its state is made there)."""

    if TYPE_CHECKING:
        identities: dict[str, Identity]
        redirect: dict[str, str]
        exact: dict[tuple[str, str], tuple[Rank, str]]
        folded: dict[tuple[str, str], tuple[Rank, str]]
        canonical: dict[tuple[str, str], tuple[Rank, str]]
        blocks: dict[str, Any]
        prefixes: dict[tuple[str, str], Any]
        skeletons: dict[str, dict[str, None]]
        _skel_firsts: dict[str, set[str]]
        _scripts: dict[str, set[bool]]
        _splits: dict[str, set[str]]
        _sources: dict[str, set[str]]
        _involved: int
        _store: Any
        _start: int
        _clock: int
        _arrived: list[tuple[str, str, str, int]]
        _created: dict[str, int]
        _touched: dict[str, None]
        cache_size: int | None
        _lazy: bool
        _complete: set[str]
        _big: set[tuple[str, str]]
        _used: OrderedDict[str, None]
        _loaded_canonical: dict[str, set[str]]
        _forms: dict[str, Any]
        _people: dict[str, Any]

        def _add_alias(self, ident: Identity, alias: str, language: str, count: int = 1,
                       rank: Rank | None = None) -> None: ...

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
            held = self.identities.get(self._follow(ent_id))
            if held is not None:
                self._add_alias(held, alias, language, max(int(count), 1), (0, n))
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
        self._forms.clear()  # the memos of name-form keys go with them
        self._people.clear()

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
            target = admitted.get(self._follow(ent_id))
            if target is None:
                continue
            rank = ((1, int(arrival)) if arrival is not None and arrival > self._start
                    else (0, 0, ent_id, alias, language))
            rows.append((rank, target, alias, language, max(int(count), 1)))
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
