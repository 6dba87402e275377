"""Bulk writes on PostgreSQL: ``COPY`` instead of one statement per row.

psycopg sends an ``executemany`` as one prepared statement per row (pipelined, but parsed,
bound and executed row by row on the server); a chunk of documents is a few thousand such
rows across the child tables. Here a batch of rows travels as one ``COPY ... FROM STDIN``:

* plain inserts (a document's entities, mentions, quotes, figures, events) are copied
  straight into their table (:func:`copy_rows`);
* upserts (documents keep their ``seq``; signatures, band keys and line counts meet rows
  of earlier runs) are copied into a session's temporary table shaped like the target,
  then moved with one ``INSERT ... SELECT ... ORDER BY ... ON CONFLICT`` (:func:`upsert`),
  in the rows' order, so identity columns are drawn in the order the SQLite backend draws
  them and exports stay byte-identical;
* a batch's deletions by document are one ``DELETE ... WHERE doc_id = ANY(...)`` per
  table (:func:`delete_by_doc`).

All of it runs on the caller's connection, inside its transaction (or savepoint): a
failing row rolls back the same as a failing ``INSERT`` does. Table and column names are
the store's constants, never input; values always travel as data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg

# Temporary staging tables are named after their target: pw_in_documents...
_TEMP_PREFIX = "pw_in_"


def copy_rows(conn: psycopg.Connection[Any], table: str, columns: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> int:
    """``COPY table (columns) FROM STDIN`` with ``rows``; the number of rows sent."""
    n = 0
    with conn.cursor() as cur, cur.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def _staging(conn: psycopg.Connection[Any], table: str, columns: Sequence[str]) -> str:
    """An empty temporary table with ``table``'s ``columns`` (their types and collations)
    and an ``ord`` column, created once per session and emptied before each use."""
    name = f"{_TEMP_PREFIX}{table}"
    conn.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} AS "
        f"SELECT 0::bigint AS pw_ord, {', '.join(columns)} FROM {table} WITH NO DATA")
    conn.execute(f"DELETE FROM {name}")
    return name


def upsert(conn: psycopg.Connection[Any], table: str, columns: Sequence[str],
           rows: Sequence[Sequence[Any]], conflict: str) -> None:
    """Insert ``rows`` into ``table`` in their order, ``conflict`` (an ``ON CONFLICT``
    clause) deciding what meets an existing row. ``rows`` must not repeat a key that
    ``conflict`` updates (one statement may not update a row twice)."""
    if not rows:
        return
    stage = _staging(conn, table, columns)
    copy_rows(conn, stage, ("pw_ord", *columns),
              ((i, *row) for i, row in enumerate(rows)))
    names = ", ".join(columns)
    conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} "
                 f"ORDER BY pw_ord {conflict}")


def last_per_key(rows: Iterable[Sequence[Any]], key: int | slice) -> list[Sequence[Any]]:
    """``rows`` with one row per key: the last one's values at the first one's place (what
    row-by-row upserts leave: the first inserts, the later ones update)."""
    out: dict[Any, Sequence[Any]] = {}
    for row in rows:
        k = row[key] if isinstance(key, int) else tuple(row[key])
        out[k] = row  # a dict keeps a key's first position
    return list(out.values())


def delete_by_doc(conn: psycopg.Connection[Any], tables: Sequence[str],
                  doc_ids: Sequence[str]) -> None:
    """Delete the rows of ``tables`` belonging to ``doc_ids``, one statement per table."""
    if not doc_ids:
        return
    ids = list(doc_ids)
    for table in tables:
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ANY(%s)", [ids])
