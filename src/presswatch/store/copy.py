"""``presswatch copy``: a whole database from one backend to another (SQLite file to
PostgreSQL and back), row for row, then every table's count checked.

The target must be new or empty. Rows keep their keys, ingest order (``documents.seq``)
and run and correction ids, so the copy exports the same bytes and later ingests continue
from where the source stood. Columns a backend derives itself (PostgreSQL's ``tsv``, the
FTS5 indexes of SQLite) are rebuilt by the target, not copied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from presswatch.errors import PresswatchError
from presswatch.store import open_store

# Parents before children (foreign keys), each with the key that orders it.
TABLES: tuple[tuple[str, str], ...] = (
    ("documents", "seq"),
    ("sources", "source, doc_id"),
    ("entities", "id"),
    ("entity_aliases", "entity_id, alias, language"),
    ("entity_corrections", "id"),
    ("identity_keys", "key, entity_id"),
    ("doc_entities", "doc_id, ord"),
    ("entity_mentions", "doc_id, ent_ord, ord"),
    ("quotes", "doc_id, ord"),
    ("quote_mentions", "entity_id, sort_key"),
    ("figures", "doc_id, ord"),
    ("events", "doc_id, ord"),
    ("event_participants", "doc_id, ord, pos"),
    ("event_clusters", "id"),
    ("event_cluster_members", "doc_id, ord"),
    ("event_join_keys", "key, doc_id, ord"),
    ("rejected", "source"),
    ("line_stats", "group_name, key"),
    ("runs", "id"),
    ("minhash_signatures", "doc_id"),
    ("minhash_bands", "band_key, doc_id"),
)
# computed by the database from other columns (PostgreSQL's generated tsvectors)
DERIVED = {"tsv", "words", "metric_words"}
BATCH = 1000
# Identity columns whose next value must follow the copied rows (PostgreSQL).
_IDENTITIES = (("documents", "seq"), ("runs", "id"), ("entity_corrections", "id"))


class CopyError(PresswatchError):
    """The target is not empty, or a count differs after the copy."""


def _columns(db: Any, table: str) -> list[str]:
    cur = db.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [d[0] for d in cur.description]


def _rows(db: Any, sql: str) -> Iterator[list[Any]]:
    """The rows of ``sql`` in batches, never the whole table in memory at once."""
    stream = getattr(db, "stream", None)
    if stream is not None:
        yield from stream(sql, BATCH)
        return
    cur = db.execute(sql)
    while batch := cur.fetchmany(BATCH):
        yield batch


def count(db: Any, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def copy_database(source: str | Path, target: str | Path,
                  progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every table of ``source`` into the empty database ``target``; the number of
    rows per table (the same on both sides, or :class:`CopyError`)."""
    src = open_store(source)
    try:
        dst = open_store(target)
        try:
            return _copy(src, dst, progress)
        finally:
            dst.close()
    finally:
        src.close()


def _copy(src: Any, dst: Any, progress: Callable[[str, int], None] | None) -> dict[str, int]:
    s_db, d_db = src._db, dst._db
    if src.schema_version != dst.schema_version:
        raise CopyError(f"schema versions differ ({src.schema_version} and "
                        f"{dst.schema_version}): open the older database once to migrate it")
    busy = [t for t, _ in TABLES if count(d_db, t)]
    if busy:
        raise CopyError(f"{dst.path} is not empty ({', '.join(busy)}): copy into a new "
                        "database")
    counts: dict[str, int] = {}
    with dst._transaction():
        for table, order in TABLES:
            target_columns = set(_columns(d_db, table))
            cols = [c for c in _columns(s_db, table)
                    if c in target_columns and c not in DERIVED]
            quoted = ", ".join(f'"{c}"' for c in cols)
            insert = (f"INSERT INTO {table} ({quoted}) VALUES "
                      f"({', '.join('?' * len(cols))})")
            n = 0
            for batch in _rows(s_db, f"SELECT {quoted} FROM {table} ORDER BY {order}"):
                d_db.executemany(insert, batch)
                n += len(batch)
                if progress:
                    progress(table, n)
            counts[table] = n
        if getattr(dst, "dialect", "sqlite") == "postgresql":
            for table, col in _IDENTITIES:
                d_db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{col}'),"
                             f" coalesce((SELECT max({col}) FROM {table}), 0) + 1, false)")
    for table, _ in TABLES:
        theirs = count(s_db, table)
        if count(d_db, table) != theirs or counts[table] != theirs:
            raise CopyError(f"{table}: {theirs} rows in {src.path}, "
                            f"{count(d_db, table)} in {dst.path} after the copy")
    return counts
