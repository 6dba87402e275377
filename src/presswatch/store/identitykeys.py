"""The SQL of identity look-ups by key (both backends): ``identity_keys`` and arrivals.

``identity_keys`` (key, entity_id) holds, for every stored identity, the look-up keys of
its name forms and names (:mod:`presswatch.extract.identity_keys`), written with the alias
and entity rows they come from. A lazy :class:`~presswatch.extract.canonical.IdentityIndex`
fetches by key only the identities a chunk's entities may match, with their alias rows.

Arrivals (schema version 8) let identities fetched in any order be indexed as a full load
orders them: ``entity_aliases.arrival`` is the index's clock when a name form arrived,
``entities.created`` when the index made the identity, ``entities.seen`` when an index
last resolved it (with ``entities.canonical``, the gazetteer name the index gave it then).
NULL is "before arrivals were kept". The clock of a database is ``max(seen)`` (indexed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

# Ids or keys per "IN (...)" query: far below SQLite's limit on bound parameters.
CHUNK = 500


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _keys() -> Any:
    from presswatch.extract import identity_keys  # the store writes what the index reads

    return identity_keys


_DDL = {
    "sqlite": (
        "ALTER TABLE entities ADD COLUMN created INTEGER",
        "ALTER TABLE entities ADD COLUMN seen INTEGER",
        "ALTER TABLE entities ADD COLUMN canonical TEXT",
        "ALTER TABLE entity_aliases ADD COLUMN arrival INTEGER",
        """CREATE TABLE identity_keys (
            key        TEXT NOT NULL,
            entity_id  TEXT NOT NULL,
            PRIMARY KEY (key, entity_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX identity_keys_entity ON identity_keys (entity_id)",
        "CREATE INDEX entities_seen ON entities (seen)",
    ),
    "postgresql": (
        "ALTER TABLE entities ADD COLUMN created BIGINT",
        "ALTER TABLE entities ADD COLUMN seen BIGINT",
        'ALTER TABLE entities ADD COLUMN canonical TEXT COLLATE "C"',
        "ALTER TABLE entity_aliases ADD COLUMN arrival BIGINT",
        """CREATE TABLE identity_keys (
            key        TEXT COLLATE "C" NOT NULL,
            entity_id  TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (key, entity_id)
        )""",
        "CREATE INDEX identity_keys_entity ON identity_keys (entity_id)",
        "CREATE INDEX entities_seen ON entities (seen)",
    ),
}


def migrate(db: Any, dialect: str = "sqlite") -> None:
    """Schema version 8: the key table and the arrival columns, keys backfilled from the
    stored identities (every alias row and name; arrivals stay NULL)."""
    for statement in _DDL[dialect]:
        db.execute(statement)
    backfill(db)


def backfill(db: Any) -> None:
    """Keys of every stored identity (one pass over entities and aliases)."""
    names = {i: (name, type_) for i, name, type_ in
             db.execute("SELECT id, name, type FROM entities").fetchall()}
    aliases: dict[str, list[str]] = {}
    for ent_id, alias in db.execute("SELECT entity_id, alias FROM entity_aliases"):
        aliases.setdefault(ent_id, []).append(alias)
    keys = _keys()
    rows: list[tuple[str, str]] = []
    for ent_id, (name, type_) in names.items():
        rows += [(k, ent_id) for k in keys.identity_keys(type_, name, aliases.get(ent_id, ()))]
        if len(rows) >= 50_000:
            _insert(db, rows)
            rows = []
    _insert(db, rows)


def _insert(db: Any, rows: Iterable[tuple[str, str]]) -> None:
    db.executemany("INSERT OR IGNORE INTO identity_keys (key, entity_id) VALUES (?, ?)",
                   list(rows))


def add_alias_keys(db: Any, rows: Iterable[tuple[str, str, str]]) -> None:
    """Keys of new name forms: ``rows`` (entity id, type, alias)."""
    alias_keys = _keys().alias_keys
    out = {(k, ent_id) for ent_id, type_, alias in rows for k in alias_keys(type_, alias)}
    _insert(db, sorted(out))


def add_name_keys(db: Any, rows: Iterable[tuple[str, str, str, str | None]]) -> None:
    """Keys of identities' names: ``rows`` (entity id, type, name, gazetteer name)."""
    name_keys = _keys().name_keys
    out = {(k, ent_id) for ent_id, type_, name, canonical in rows
           for k in name_keys(type_, name, canonical)}
    _insert(db, sorted(out))


def refresh(db: Any, ids: Iterable[str]) -> None:
    """Make the keys of ``ids`` exactly those of their stored rows (after a correction
    moved or removed name forms; a deleted identity loses its keys)."""
    keys = _keys()
    for ent_id in dict.fromkeys(ids):
        row = db.execute("SELECT name, type, canonical FROM entities WHERE id = ?",
                         (ent_id,)).fetchone()
        want: set[str] = set()
        if row is not None:
            forms = [a for (a,) in db.execute(
                "SELECT alias FROM entity_aliases WHERE entity_id = ?", (ent_id,))]
            want = keys.identity_keys(row[1], row[0], forms, row[2])
        have = {k for (k,) in db.execute(
            "SELECT key FROM identity_keys WHERE entity_id = ?", (ent_id,))}
        db.executemany("DELETE FROM identity_keys WHERE key = ? AND entity_id = ?",
                       [(k, ent_id) for k in sorted(have - want)])
        _insert(db, [(k, ent_id) for k in sorted(want - have)])


def clock(db: Any) -> int:
    row = db.execute("SELECT max(seen) FROM entities").fetchone()
    return int(row[0] or 0) if row else 0


def candidates(db: Any, keys: Iterable[str]) -> dict[str, list[str]]:
    """key -> ids of the identities with that key, for each of ``keys`` some have."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(set(keys))):
        for key, ent_id in db.execute(
            f"SELECT key, entity_id FROM identity_keys WHERE key IN ({_marks(len(chunk))})",
            chunk,
        ):
            out.setdefault(key, []).append(ent_id)
    return out


def key_counts(db: Any, keys: Iterable[str]) -> dict[str, int]:
    """key -> number of identities with that key."""
    out: dict[str, int] = {}
    for chunk in _chunks(sorted(set(keys))):
        for key, n in db.execute(
            f"SELECT key, count(*) FROM identity_keys WHERE key IN ({_marks(len(chunk))})"
            " GROUP BY key",
            chunk,
        ):
            out[key] = int(n)
    return out


def records(db: Any, ids: Sequence[str]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The entity rows (id, name, type, locked, created, seen, canonical) and alias rows
    (entity id, alias, language, count, arrival) of ``ids``."""
    entities: list[tuple[Any, ...]] = []
    aliases: list[tuple[Any, ...]] = []
    for chunk in _chunks(list(ids)):
        marks = _marks(len(chunk))
        entities += [tuple(r) for r in db.execute(
            "SELECT id, name, type, locked, created, seen, canonical FROM entities"
            f" WHERE id IN ({marks})", chunk)]
        aliases += [tuple(r) for r in db.execute(
            "SELECT entity_id, alias, language, count, arrival FROM entity_aliases"
            f" WHERE entity_id IN ({marks})", chunk)]
    return entities, aliases


def known(db: Any, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(list(ids)):
        found |= {r[0] for r in db.execute(
            f"SELECT id FROM entities WHERE id IN ({_marks(len(chunk))})", chunk)}
    return found


def set_arrivals(db: Any, aliases: Sequence[tuple[str, str, str, int]],
                 entities: Sequence[tuple[str, str, int | None, int, str | None]]) -> None:
    """Record arrivals: ``aliases`` (entity id, alias, language, clock) and ``entities``
    (id, type, clock made or None, clock now, gazetteer name or None)."""
    db.executemany(
        "UPDATE entity_aliases SET arrival = ? WHERE entity_id = ? AND alias = ?"
        " AND language = ?",
        [(n, ent_id, alias, language) for ent_id, alias, language, n in aliases],
    )
    db.executemany(
        "UPDATE entities SET created = coalesce(created, ?), seen = ?, canonical = ?"
        " WHERE id = ?",
        [(created, seen, canonical, ent_id)
         for ent_id, _, created, seen, canonical in entities],
    )
    canonical_key = _keys().canonical_key
    _insert(db, sorted({(canonical_key(type_, canonical), ent_id)
                        for ent_id, type_, _, _, canonical in entities if canonical}))
