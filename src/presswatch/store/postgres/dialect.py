"""The SQL the SQLite backend and ``store/reads.py`` write, run on PostgreSQL.

The store's statements are written once, in the dialect both databases share; the few
SQLite forms that PostgreSQL spells differently are rewritten here (:func:`translate`,
cached per statement): ``?`` placeholders become ``%s``, ``INSERT OR IGNORE`` an
``ON CONFLICT DO NOTHING``, the scalar ``max(a, b)`` ``greatest``, ``LIKE`` (ASCII
case-insensitive in SQLite) ``ILIKE``, ``LIMIT -1`` ``LIMIT ALL``. Values always travel as
parameters, never inside the text.

:class:`PgConnection` gives a psycopg connection the part of the ``sqlite3.Connection``
interface the shared code uses (``execute``, ``executemany``, ``with conn:`` as one
transaction).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg

# Statement fragments PostgreSQL spells differently (exact text, applied in order).
_REWRITES: tuple[tuple[str, str], ...] = (
    ("BEGIN IMMEDIATE", "BEGIN"),
    ("max(0, count + excluded.count)", "greatest(0, entity_aliases.count + excluded.count)"),
    ("SET count = count + excluded.count", "SET count = entity_aliases.count + excluded.count"),
    ("SET docs = docs + excluded.docs", "SET docs = line_stats.docs + excluded.docs"),
    ("max(entities.locked, excluded.locked)", "greatest(entities.locked, excluded.locked)"),
    ("CASE WHEN entities.locked THEN", "CASE WHEN entities.locked <> 0 THEN"),
    ("LIMIT -1", "LIMIT ALL"),
    ("json_group_array(source)", "json_agg(source ORDER BY source)::text"),
    ("group_concat(m.doc_id)", "string_agg(m.doc_id, ',')"),
    ("UNION SELECT source FROM documents)", "UNION SELECT source FROM documents) AS s"),
    ("GROUP BY d.entity_id ORDER BY n DESC, e.name",
     "GROUP BY d.entity_id, e.name, e.type ORDER BY n DESC, e.name"),
    ("INSERT OR REPLACE INTO minhash_signatures (doc_id, signature) VALUES (?, ?)",
     "INSERT INTO minhash_signatures (doc_id, signature) VALUES (?, ?)"
     " ON CONFLICT (doc_id) DO UPDATE SET signature = excluded.signature"),
)
_WHERE_ONE = re.compile(r"\bWHERE 1(?=\s+(?:AND\b|ORDER\b|GROUP\b|LIMIT\b)|\s*$)")
_LIKE = re.compile(r"(?<![\w'])LIKE\b")


def _placeholders(sql: str) -> str:
    """``?`` outside string literals and quoted names becomes ``%s``; ``%`` is doubled."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """The PostgreSQL form of one statement of the shared SQL."""
    for old, new in _REWRITES:
        sql = sql.replace(old, new)
    if "INSERT OR IGNORE INTO" in sql:
        sql = sql.replace("INSERT OR IGNORE INTO", "INSERT INTO").rstrip() + \
            " ON CONFLICT DO NOTHING"
    sql = _WHERE_ONE.sub("WHERE TRUE", sql)
    sql = _LIKE.sub("ILIKE", sql)
    return _placeholders(sql)


class PgConnection:
    """A psycopg connection behind the ``sqlite3.Connection`` calls the store makes."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] | None = ()) -> psycopg.Cursor[Any]:
        return self.conn.execute(translate(sql), list(params or ()))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [list(r) for r in rows]
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(translate(sql), rows)

    def stream(self, sql: str, size: int, params: Sequence[Any] = ()
               ) -> Iterator[list[Any]]:
        """The rows of a SELECT in batches of ``size`` through a server-side cursor."""
        with self.conn.transaction(), self.conn.cursor(name="presswatch_stream") as cur:
            cur.execute(translate(sql), list(params))
            while batch := cur.fetchmany(size):
                yield [list(r) for r in batch]

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        """The SQL functions of the shared SQL (pw_lower, pw_overlaps) live in the
        schema: nothing to register."""

    def __enter__(self) -> PgConnection:
        if self._depth == 0 and not self.in_transaction:
            self.conn.execute("BEGIN")
            self._owner = True
        else:
            self._owner = False
        self._depth += 1
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._owner:
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.conn.close()
