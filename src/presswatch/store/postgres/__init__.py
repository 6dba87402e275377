"""The PostgreSQL backend of :class:`~presswatch.store.Store`, for a team's shared corpus.

``open_store("postgresql://user@host/db")`` opens it. It runs the SQLite backend's
statements (:class:`~presswatch.store.sqlite.SQLiteStore`, through the dialect of
:mod:`presswatch.store.postgres.dialect`) on one psycopg 3 connection, over
``schema.sql`` here: the same tables and columns, text compared byte-wise, so the same
ingest exports the same bytes from either database. Its bulk writes (a chunk's rows)
travel as ``COPY`` (:mod:`presswatch.store.postgres.bulk`); ``presswatch serve`` lends
each request a store over a pooled connection (:mod:`presswatch.store.postgres.pool`).
Full-text search is a stored ``tsvector`` per document in its own language's
configuration (``english``, ``russian``, else ``simple``), ranked with ``ts_rank`` and cut
with ``ts_headline``.

Many writers: every write transaction holds one advisory lock (:data:`WRITE_LOCK`) to
its commit. An ingest annotates a chunk outside it, then decides identities and
duplicates and writes the chunk in one such transaction (``batch``), reloading its
identity index when another writer committed in between (``changed_by_others``, a
generation stamp in ``presswatch_meta``): each chunk is decided against everything stored
before it, so nothing is lost or doubled and a person keeps one identity. Documents and
identities are content hashes (``stable_id``) upserted by id. Readers never wait.

The password of a URL comes from the URL or the environment (``PGPASSWORD``, as libpq
reads it) and is never printed (:func:`~presswatch.store.postgres.url.masked`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import Any, cast

from presswatch.store import eventrows, identitykeys
from presswatch.store.postgres import bulk
from presswatch.store.postgres.dialect import PgConnection, translate
from presswatch.store.postgres.url import is_url, masked
from presswatch.store.sortkeys import migrate_pg_sort_keys
from presswatch.store.sqlite import (
    DOCUMENT_WRITE_COLUMNS,
    SCHEMA_VERSION,
    SchemaError,
    SQLiteStore,
    _now,
)

__all__ = ["WRITE_LOCK", "PostgresStore", "is_url", "masked"]

# pg_advisory_xact_lock key of write transactions ("presswat" as an integer).
WRITE_LOCK = 0x7072657373776174
# Schema creation and migration, by every process that opens the database.
SCHEMA_LOCK = WRITE_LOCK + 1

def connect(url: str, *, read_only: bool = False) -> Any:
    """A psycopg connection (autocommit: transactions are explicit) to ``url``."""
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=True, application_name="presswatch")
    except psycopg.OperationalError as exc:
        # libpq's message may repeat the URL: say which database, password masked.
        raise SchemaError(f"cannot connect to {masked(url)}: "
                          f"{str(exc).strip().splitlines()[0] if str(exc) else exc}") from None
    if read_only:
        conn.execute("SET default_transaction_read_only = on")
    return conn


def _migrate_title_mentions(db: Any) -> None:
    """Version 7: where the headline names each entity (as store/sqlite.py's)."""
    db.execute("ALTER TABLE doc_entities ADD COLUMN title_mentions"
               " TEXT COLLATE \"C\" NOT NULL DEFAULT '[]'")


def _migrate_event_join(db: Any) -> None:
    """Version 9: incremental event joining (as store/sqlite.py's)."""
    eventrows.migrate_join(db, eventrows.PG_JOIN_DDL)


# Migration to version N of a database at N - 1 (in the schema lock's transaction);
# schema.sql is the newest version.
MIGRATIONS: dict[int, Callable[[Any], None]] = {
    7: _migrate_title_mentions,
    8: lambda db: identitykeys.migrate(db, "postgresql"),
    9: _migrate_event_join,
    # the sort keys' script runs on the raw psycopg connection (store/sortkeys.py)
    10: lambda db: migrate_pg_sort_keys(cast(PgConnection, db).conn),
}


class PostgresStore(SQLiteStore):
    """A presswatch database on a PostgreSQL server."""

    dialect = "postgresql"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self._setup(masked(url), connect(url, read_only=read_only), read_only)
        try:
            self._prepare_schema()
            self._generation = self._read_generation()
        except BaseException:
            self._db.close()
            raise

    def _setup(self, path: str, conn: Any, read_only: bool) -> None:
        self.path = path
        self._db = PgConnection(conn)  # type: ignore[assignment]
        self._owned = True
        # A read-only role (presswatch grant-reader) is read-only whatever was asked.
        self.read_only = read_only or self._db.execute(
            "SHOW default_transaction_read_only").fetchone()[0] == "on"
        self._depth = 0  # transaction nesting (SQLiteStore._transaction: savepoints inside)
        self._data_version = 0
        self._others_wrote = False

    @classmethod
    def borrowed(cls, conn: Any, path: str, *, read_only: bool = False) -> PostgresStore:
        """A store over a connection that stays its owner's (a pool's: see
        :mod:`presswatch.store.postgres.pool`), whose schema the owner has checked;
        :meth:`close` leaves the connection open."""
        store = cls.__new__(cls)
        store._setup(path, conn, read_only)
        store._owned = False
        store.lent()
        return store

    def lent(self) -> None:
        """Ready a borrowed store for its next borrower: no transaction in progress, the
        generation stamp read again."""
        self._depth = 0
        self._others_wrote = False
        self._generation = self._read_generation()

    def close(self) -> None:
        if self._owned:
            self._db.close()

    @property
    def schema_version(self) -> int:
        row = self._db.execute(
            "SELECT to_regclass('presswatch_meta') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        row = self._db.execute(
            "SELECT value FROM presswatch_meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _prepare_schema(self) -> None:
        if self.read_only:
            version = self.schema_version
            if version != SCHEMA_VERSION:
                raise SchemaError(f"{self.path} has schema version {version}; this "
                                  f"presswatch reads version {SCHEMA_VERSION}")
            return
        with self._db:
            self._db.execute("SELECT pg_advisory_xact_lock(?)", [SCHEMA_LOCK])
            version = self.schema_version
            if version > SCHEMA_VERSION:
                raise SchemaError(
                    f"{self.path} has schema version {version}, newer than this "
                    f"presswatch understands ({SCHEMA_VERSION}): upgrade presswatch")
            if version == 0:
                tables = self._db.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                ).fetchone()[0]
                if tables:
                    raise SchemaError(f"{self.path} is not a presswatch database")
                sql = resources.files("presswatch.store.postgres").joinpath(
                    "schema.sql").read_text(encoding="utf-8")
                # one script, inside this transaction (the wrapper's raw connection)
                cast(PgConnection, self._db).conn.execute(sql)
                self._db.execute(
                    "INSERT INTO presswatch_meta (key, value) VALUES ('schema_version', ?)",
                    [str(SCHEMA_VERSION)])
                return
            if version < 6:
                raise SchemaError(f"{self.path} has schema version {version}; this "
                                  f"presswatch migrates PostgreSQL databases from version 6")
            # Migrations after version 6, one per version, as in store/sqlite.py (a
            # version missing here changed nothing in PostgreSQL).
            for target in range(version + 1, SCHEMA_VERSION + 1):
                if target in MIGRATIONS:
                    MIGRATIONS[target](self._db)
                self._db.execute(
                    "UPDATE presswatch_meta SET value = ? WHERE key = 'schema_version'",
                    [str(target)])

    def _begin(self) -> None:
        """BEGIN, then the write lock (:data:`WRITE_LOCK`, held to the commit); notes
        whether another writer committed since this store's last write transaction (see
        :meth:`changed_by_others`) and stamps the database with a new generation."""
        self._db.execute("BEGIN")
        self._db.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK])
        seen = self._read_generation()
        if seen != self._generation:
            self._others_wrote = True
        self._generation = uuid.uuid4().hex
        self._db.execute(
            "INSERT INTO presswatch_meta (key, value) VALUES ('generation', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", [self._generation])

    def _read_generation(self) -> str | None:
        row = self._db.execute(
            "SELECT value FROM presswatch_meta WHERE key = 'generation'").fetchone()
        return row[0] if row else None

    def _current_data_version(self) -> int:
        return 0  # the generation stamp stands for SQLite's data_version here

    def change_token(self) -> object:
        """The generation stamp: every write transaction, of any writer, sets a new one."""
        return self._read_generation()

    def changed_by_others(self) -> bool:
        """Whether another connection committed writes since this store's last write
        transaction began (inside :meth:`batch`, under the write lock: then nothing
        else can change until the commit); True once per change."""
        if not self._db.in_transaction and self._read_generation() != self._generation:
            self._others_wrote = True
        changed, self._others_wrote = self._others_wrote, False
        return changed

    # -- bulk writes: COPY (store/postgres/bulk.py) ----------------------------------------
    @property
    def _raw(self) -> Any:
        return cast(PgConnection, self._db).conn

    def _stored_aliases(self, db: Any, doc_ids: Sequence[str]) -> list[tuple[str, str, str]]:
        if not doc_ids:
            return []
        return cast(list[tuple[str, str, str]], self._raw.execute(
            "SELECT de.entity_id, de.aliases, d.language FROM doc_entities de"
            " JOIN documents d ON d.id = de.doc_id WHERE de.doc_id = ANY(%s)",
            [list(doc_ids)]).fetchall())

    def _delete_doc_rows(self, db: Any, tables: Sequence[str], doc_ids: Sequence[str]) -> None:
        bulk.delete_by_doc(self._raw, tables, doc_ids)

    def _insert_rows(self, db: Any, table: str, columns: Sequence[str],
                     rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            bulk.copy_rows(self._raw, table, columns, rows)

    def _upsert_rows(self, db: Any, table: str, columns: Sequence[str],
                     rows: Sequence[Sequence[Any]], conflict: str) -> None:
        bulk.upsert(self._raw, table, columns, rows, translate(conflict))

    def _upsert_documents(self, db: Any, rows: Sequence[Sequence[Any]]) -> None:
        updates = ", ".join(f"{c} = excluded.{c}" for c in DOCUMENT_WRITE_COLUMNS[1:])
        bulk.upsert(self._raw, "documents", DOCUMENT_WRITE_COLUMNS,
                    bulk.last_per_key(rows, 0), f"ON CONFLICT (id) DO UPDATE SET {updates}")

    def add_minhashes(self, rows: Sequence[tuple[str, bytes, Sequence[str]]]) -> None:
        """As the SQLite backend's (a document's band keys replaced, its signature
        upserted), as three statements for the whole batch."""
        if not rows:
            return
        latest = bulk.last_per_key(rows, 0)
        with self._transaction():
            bulk.delete_by_doc(self._raw, ("minhash_bands",), [r[0] for r in latest])
            bulk.upsert(self._raw, "minhash_signatures", ("doc_id", "signature"),
                        [(doc_id, sig) for doc_id, sig, _ in latest],
                        "ON CONFLICT (doc_id) DO UPDATE SET signature = excluded.signature")
            bulk.upsert(self._raw, "minhash_bands", ("band_key", "doc_id"),
                        [(key, doc_id) for doc_id, _, bands in latest for key in bands],
                        "ON CONFLICT DO NOTHING")

    def add_line_counts(self, group: str, counts: Mapping[str, int]) -> None:
        if not counts:
            return
        with self._transaction():
            bulk.upsert(self._raw, "line_stats", ("group_name", "key", "docs"),
                        [(group, key, n) for key, n in counts.items()],
                        "ON CONFLICT (group_name, key) DO UPDATE SET"
                        " docs = line_stats.docs + excluded.docs")

    # -- statements whose result differs between the two drivers -------------------------
    def start_run(self, argv: str) -> int:
        row = self._db.execute(
            "INSERT INTO runs (argv, started) VALUES (?, ?) RETURNING id", (argv, _now())
        ).fetchone()
        return int(row[0])

    def record_correction(self, kind: str, args: Mapping[str, Any]) -> int:
        row = self._db.execute(
            "INSERT INTO entity_corrections (kind, args, at) VALUES (?, ?, ?) RETURNING id",
            (kind, json.dumps(dict(args), ensure_ascii=False), _now()),
        ).fetchone()
        return int(row[0])

    def identity_state(self) -> dict[str, Any]:
        """As the SQLite backend's, in the same (primary key) order."""
        entities = self._db.execute(
            "SELECT id, name, type, locked FROM entities ORDER BY id").fetchall()
        aliases = self._db.execute(
            "SELECT entity_id, alias, language, count FROM entity_aliases"
            " ORDER BY entity_id, alias, language").fetchall()
        with_alias = {row[0] for row in aliases}
        aliases += [(i, name, "und", 1) for i, name, _, _ in entities if i not in with_alias]
        return {"entities": entities, "aliases": aliases, "corrections": self.corrections()}

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Ids of documents matching a query (the search box's syntax), best first."""
        from presswatch.query.search import fts_query
        from presswatch.store import textsearch

        match = fts_query(query)[0]
        found = textsearch.candidates(self._db, match)
        rows = textsearch.search_documents(self._db, match, found, limit=limit)
        return [row[0] for row in rows]
