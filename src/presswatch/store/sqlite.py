"""The embedded SQLite backend of :class:`~presswatch.store.Store`.

One file, WAL journal (readers never block the writer), foreign keys on. The schema is
versioned with ``PRAGMA user_version``: a new database gets ``schema.sql`` as a whole, an
older one the migrations from its version up, and a newer one is refused rather than
misread.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from presswatch.extract.translit import fold, language_of
from presswatch.model import (
    Dateline,
    Document,
    Entity,
    Event,
    Figure,
    FigureDetail,
    Quote,
    Rejection,
)
from presswatch.store import eventrows, identitykeys, keys
from presswatch.store.identities import IdentityMixin, _chunks, _marks, _now
from presswatch.store.sortkeys import migrate_sort_keys

SCHEMA_VERSION = 10
# The version schema.sql describes: a new database gets it, then the migrations after it.
BASE_VERSION = 3


def _migrate_2(db: sqlite3.Connection) -> None:
    """Version 2: database-wide identities (entity aliases, user corrections, locked
    names) and the entity fields that made documents lossy (mention evidence, role
    spans, aliases, resolution)."""
    db.execute("ALTER TABLE entities ADD COLUMN locked INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE entity_mentions ADD COLUMN evidence TEXT")
    db.execute("ALTER TABLE doc_entities ADD COLUMN role_spans TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE doc_entities ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE doc_entities ADD COLUMN resolution TEXT")
    db.execute(
        """CREATE TABLE entity_aliases (
            entity_id  TEXT    NOT NULL,
            alias      TEXT    NOT NULL,
            language   TEXT    NOT NULL,
            alias_key  TEXT    NOT NULL,
            count      INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entity_id, alias, language)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX entity_aliases_key ON entity_aliases (alias_key)")
    db.execute(
        """CREATE TABLE entity_corrections (
            id    INTEGER PRIMARY KEY AUTOINCREMENT,
            kind  TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'alias', 'rename')),
            args  TEXT NOT NULL,
            at    TEXT NOT NULL
        )"""
    )
    # Existing entities go by their stored names (in the language of their documents).
    rows = db.execute(
        """SELECT e.id, e.name, min(d.language), count(DISTINCT de.doc_id)
        FROM entities e JOIN doc_entities de ON de.entity_id = e.id
        JOIN documents d ON d.id = de.doc_id GROUP BY e.id"""
    ).fetchall()
    db.executemany(
        """INSERT OR IGNORE INTO entity_aliases (entity_id, alias, language, alias_key, count)
        VALUES (?, ?, ?, ?, ?)""",
        [(i, name, language_of(name, lang), fold(name), n) for i, name, lang, n in rows],
    )


def _migrate_minhash(db: sqlite3.Connection) -> None:
    """Near-duplicate signatures and their LSH band keys (see clean/duplicates.py).
    Documents stored before have no signature: they are not near-duplicate candidates
    until re-ingested (exact duplicates by text hash still apply)."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_signatures ("
        " doc_id TEXT PRIMARY KEY, signature BLOB NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_bands ("
        " band_key TEXT NOT NULL, doc_id TEXT NOT NULL,"
        " PRIMARY KEY (band_key, doc_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX IF NOT EXISTS minhash_bands_doc ON minhash_bands (doc_id)")


def _migrate_events(db: sqlite3.Connection) -> None:
    """Event participants as entity ids, and events joined across documents."""
    sql = resources.files("presswatch.store").joinpath("events.sql").read_text("utf-8")
    # Statement by statement inside the migration's transaction (executescript would
    # commit it); comments go first, since they may hold semicolons.
    sql = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate_figure_details(db: sqlite3.Connection) -> None:
    """Version 5: the figure details the contract has no field for (``FigureDetail``):
    qualifier words, implied change, a range's upper bound, the counted noun. Figures
    stored before keep NULLs (change reads back as "=")."""
    for column in ("qualifier TEXT", "change TEXT", "upper REAL", "noun TEXT"):
        db.execute(f"ALTER TABLE figures ADD COLUMN {column}")


def _migrate_export_fields(db: sqlite3.Connection) -> None:
    """Version 6: the contract's optional fields: a quote's source as written and where,
    a figure's claimant id, an event's participant ids and whether it is announced."""
    for table, column in (
        ("quotes", "speaker_text TEXT"), ("quotes", "speaker_start INTEGER"),
        ("quotes", "speaker_end INTEGER"), ("figures", "claimant_id TEXT"),
        ("events", "participant_ids TEXT NOT NULL DEFAULT '[]'"), ("events", "planned INTEGER"),
    ):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


def _migrate_title_mentions(db: sqlite3.Connection) -> None:
    """Version 7: where the headline names each entity (offsets into the title, which
    is not part of the text). Documents stored before have none."""
    db.execute("ALTER TABLE doc_entities ADD COLUMN title_mentions TEXT NOT NULL DEFAULT '[]'")


def _migrate_identity_keys(db: sqlite3.Connection) -> None:
    """Version 8: identities looked up by key (``identity_keys``, backfilled) and the
    arrival columns a lazily loading identity index orders them by
    (store/identitykeys.py)."""
    identitykeys.migrate(db, "sqlite")


def _migrate_event_join(db: sqlite3.Connection) -> None:
    """Version 9: incremental event joining and events by entity through
    ``event_participants`` (:func:`presswatch.store.eventrows.migrate_join`)."""
    eventrows.migrate_join(db)


# Migration to version N, applied to a database at version N - 1 (inside one
# transaction, before user_version is set to N). Version 1 is the base schema; a
# version missing here changed nothing in SQLite.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    2: _migrate_2,
    3: _migrate_minhash,
    4: _migrate_events,
    5: _migrate_figure_details,
    6: _migrate_export_fields,
    7: _migrate_title_mentions,
    8: _migrate_identity_keys,
    9: _migrate_event_join,
    10: migrate_sort_keys,
}

# Documents read (with their child rows) per round of queries in documents().
READ_BATCH = 200
BUSY_TIMEOUT_MS = 30_000

_DOC_COLUMNS = (
    "seq, id, source, group_name, text, title, outlet, language, published, "
    "published_evidence, stated_date, stated_evidence, has_dateline, dateline_place, "
    "dateline_date, duplicate_of, warnings"
)


# The columns write_documents fills, in the order of its rows.
DOCUMENT_WRITE_COLUMNS = (
    "id", "source", "group_name", "text", "text_hash", "title", "outlet", "language",
    "published", "published_evidence", "stated_date", "stated_evidence", "has_dateline",
    "dateline_place", "dateline_date", "duplicate_of", "warnings", "ingested_at",
    "outlet_key",
)
ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "doc_entities": ("doc_id", "ord", "entity_id", "roles", "role_spans", "aliases",
                     "resolution", "title_mentions", "doc_key"),
    "entity_mentions": ("doc_id", "ent_ord", "ord", "entity_id", "start", '"end"',
                        "evidence", "doc_key"),
    "quotes": ("doc_id", "ord", "text", "start", '"end"', "speaker", "speaker_id", "cue",
               "kind", "speaker_text", "speaker_start", "speaker_end", "sort_key"),
    "quote_mentions": ("entity_id", "sort_key", "doc_id"),
    "figures": ("doc_id", "ord", "text", "start", '"end"', "value", "unit", "metric",
                "period", "claimant", "kind", "qualifier", "change", "upper", "noun",
                "claimant_id", "sort_key", "unit_key", "period_lo", "period_hi"),
    "events": ("doc_id", "ord", "type", "participants", "place", "date", "start", '"end"',
               "participant_ids", "planned"),
    "event_participants": ("doc_id", "ord", "pos", "entity_id", "name"),
}
# A document's rows in other tables, replaced when it is written again.
DOC_CHILD_TABLES = ("entity_mentions", "doc_entities", "quotes", "quote_mentions", "figures",
                    "events",
                    "event_participants", "event_cluster_members")


class SchemaError(RuntimeError):
    """The database was written by a newer presswatch, or is not a presswatch database."""


def _statements(sql: str) -> Iterator[str]:
    """The complete SQL statements of a script (triggers' inner semicolons included)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and buffer.strip("; \n\t") and not buffer.lstrip().startswith("--"):
        yield buffer




def _alias_forms(aliases: Iterable[str]) -> list[str]:
    """The name forms a document entity counts for its identity, once each (identity
    resolution always lists the entity's own name among them)."""
    return list(dict.fromkeys(a for a in aliases if a and a.strip()))


# Tables every presswatch database has had since version 1: a file with a schema but
# without these is another application's database.
_OWN_TABLES = frozenset({"documents", "sources", "rejected", "line_stats", "runs"})
# How long a writer waits for another writer's lock (a concurrent ingest holds it while
# it extracts and writes one chunk) before giving up.
LOCK_WAIT_S = 600.0


def _uri(path: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(os.path.abspath(path))}?{query}"


def _writable(path: Path) -> bool:
    """Whether SQLite can write ``path`` and its journals next to it."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def inspect(path: str | Path) -> tuple[bool, int]:
    """(empty, schema version) of an existing file, read without changing it. Raises
    :class:`SchemaError` for a file that is not a presswatch database (not SQLite, or
    another application's tables)."""
    path = str(path)
    if os.path.getsize(path) == 0:
        return True, 0
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise SchemaError(f"{path} is not a presswatch database (not an SQLite file)")
    db = None
    try:
        for params in ({"mode": "ro"}, {"mode": "ro", "immutable": "1"}):
            try:
                db = sqlite3.connect(_uri(path, **params), uri=True)
                version = int(db.execute("PRAGMA user_version").fetchone()[0])
                tables = {row[0] for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
                break
            except sqlite3.OperationalError:
                if db is not None:
                    db.close()
                    db = None
                if params.get("immutable"):
                    raise
    except sqlite3.DatabaseError as exc:
        raise SchemaError(f"{path} is not a presswatch database ({exc})") from exc
    finally:
        if db is not None:
            db.close()
    user_tables = {t for t in tables if not t.startswith("sqlite_")}
    if not user_tables and version == 0:
        return True, 0
    if not user_tables >= _OWN_TABLES:
        raise SchemaError(f"{path} is not a presswatch database (it holds another "
                          "application's tables); nothing was changed")
    return False, version


class SQLiteStore(IdentityMixin):
    """A presswatch database in one SQLite file (or ``":memory:"``).

    Opening never changes a file that is not a presswatch database: an existing file is
    inspected read-only first (an SQLite header and presswatch's tables, or no tables at
    all), and only then switched to WAL and migrated. A database that cannot be written
    (a read-only file or folder), or one opened with ``read_only=True``, is opened
    read-only: reading works, writing raises. A 0-byte file is an empty database: opened
    for writing it gets the schema, read-only it is refused.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self._depth = 0
        self._data_version = 0
        memory = self.path == ":memory:"
        if not memory and Path(self.path).exists():
            empty, version = inspect(self.path)
            read_only = read_only or not _writable(Path(self.path))
            if read_only and empty:
                raise SchemaError(f"{self.path} is empty, not a presswatch database yet "
                                  "(ingest into it first)")
            if read_only and version > SCHEMA_VERSION:
                raise SchemaError(self._too_new(version))
            if read_only and version < SCHEMA_VERSION:
                raise SchemaError(
                    f"{self.path} has schema version {version} and is read-only: open it "
                    f"once writable to migrate it to version {SCHEMA_VERSION}")
        elif read_only:
            raise SchemaError(f"no database at {self.path}")
        self.read_only = read_only
        if read_only:
            self._db = self._connect_read_only()
            return
        if not memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly (see _transaction).
        self._db = sqlite3.connect(
            self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._prepare_schema()
            self._data_version = self._current_data_version()
        except BaseException:
            self._db.close()
            raise

    def _connect_read_only(self) -> sqlite3.Connection:
        last: Exception | None = None
        for params in ({"mode": "ro"}, {"mode": "ro", "immutable": "1"}):
            db = sqlite3.connect(_uri(self.path, **params), uri=True, isolation_level=None,
                                 timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                db.execute("SELECT count(*) FROM documents").fetchone()
                db.execute("PRAGMA foreign_keys = ON")
                return db
            except sqlite3.OperationalError as exc:
                db.close()
                last = exc
        raise SchemaError(f"cannot open {self.path} read-only: {last}")

    def _too_new(self, version: int) -> str:
        return (f"{self.path} has schema version {version}, newer than this presswatch "
                f"understands ({SCHEMA_VERSION}): upgrade presswatch to open it")

    # -- lifecycle ---------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _prepare_schema(self) -> None:
        """Create or migrate the schema, holding the write lock and reading the version
        again under it, so that two processes opening a new database at once do not both
        create it."""
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise SchemaError(self._too_new(version))
        if version == SCHEMA_VERSION:
            return
        with self._transaction():
            version = self.schema_version
            if version == 0:
                tables = self._db.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                ).fetchone()[0]
                if tables:
                    raise SchemaError(f"{self.path} is not a presswatch database")
                script = resources.files("presswatch.store").joinpath("schema.sql")
                # Statement by statement, inside this transaction: a half-created
                # database cannot be left behind.
                for statement in _statements(script.read_text(encoding="utf-8")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {BASE_VERSION}")
                version = BASE_VERSION
            for target in range(version + 1, SCHEMA_VERSION + 1):
                if target in MIGRATIONS:
                    MIGRATIONS[target](self._db)
                self._db.execute(f"PRAGMA user_version = {target}")

    def _begin(self) -> None:
        """BEGIN IMMEDIATE (the write lock), waiting up to :data:`LOCK_WAIT_S` for a
        concurrent writer rather than the busy timeout alone."""
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A transaction, or, inside one (:meth:`batch`), a savepoint: a failure rolls
        back this part only and is raised."""
        if self._depth:
            name = f"sp{self._depth}"
            self._depth += 1
            self._db.execute(f"SAVEPOINT {name}")
            try:
                yield self._db
            except BaseException:
                self._db.execute(f"ROLLBACK TO {name}")
                self._db.execute(f"RELEASE {name}")
                raise
            finally:
                self._depth -= 1
            self._db.execute(f"RELEASE {name}")
            return
        self._begin()
        self._depth = 1
        try:
            yield self._db
        except BaseException:
            self._depth = 0
            self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        self._db.execute("COMMIT")
        self._data_version = self._current_data_version()

    def batch(self) -> Any:
        """One transaction holding the write lock around several writes (an ingest
        chunk): everything inside commits together or not at all; the writes inside
        become savepoints."""
        return self._transaction()

    def _current_data_version(self) -> int:
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def change_token(self) -> object:
        """A value that changes whenever the database does: another connection's commit
        (SQLite's ``data_version``) or a write of this one (``total_changes``). Readers
        cache derived state against it."""
        return self._current_data_version(), self._db.total_changes

    def changed_by_others(self) -> bool:
        """Whether another connection committed since this one last looked (its own
        commits do not count); True once per change."""
        current = self._current_data_version()
        changed = current != self._data_version
        self._data_version = current
        return changed

    # -- ingest ------------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for chunk in _chunks(wanted):
            rows = self._db.execute(
                f"SELECT id FROM documents WHERE id IN ({_marks(len(chunk))})", chunk
            )
            found.update(row[0] for row in rows)
        return found

    def add_source(self, doc_id: str, source: str) -> bool:
        cur = self._db.execute(
            "INSERT OR IGNORE INTO sources (source, doc_id, first_seen) VALUES (?, ?, ?)",
            (source, doc_id, _now()),
        )
        return cur.rowcount == 1

    def find_by_text_hash(self, text_hash: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM documents WHERE text_hash = ? ORDER BY seq LIMIT 1", (text_hash,)
        ).fetchone()
        return row[0] if row else None

    # -- near duplicates -----------------------------------------------------------------
    def minhash_candidates(self, band_keys: Iterable[str]) -> list[tuple[str, int, bytes]]:
        """(doc id, seq, signature) of stored documents sharing any of the band keys."""
        keys = list(dict.fromkeys(band_keys))
        found: dict[str, tuple[str, int, bytes]] = {}
        for chunk in _chunks(keys):
            rows = self._db.execute(
                "SELECT DISTINCT d.id, d.seq, s.signature FROM minhash_bands b"
                " JOIN minhash_signatures s ON s.doc_id = b.doc_id"
                " JOIN documents d ON d.id = b.doc_id"
                f" WHERE b.band_key IN ({_marks(len(chunk))})",
                chunk,
            )
            for doc_id, seq, sig in rows:
                found[doc_id] = (doc_id, seq, sig)
        return sorted(found.values(), key=lambda r: r[1])

    def add_minhashes(self, rows: Sequence[tuple[str, bytes, Sequence[str]]]) -> None:
        """Store (doc id, signature, band keys) rows, replacing earlier ones, in one
        transaction."""
        if not rows:
            return
        with self._transaction() as db:
            for doc_id, sig, bands in rows:
                db.execute("DELETE FROM minhash_bands WHERE doc_id = ?", (doc_id,))
                db.execute(
                    "INSERT OR REPLACE INTO minhash_signatures (doc_id, signature)"
                    " VALUES (?, ?)",
                    (doc_id, sig),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO minhash_bands (band_key, doc_id) VALUES (?, ?)",
                    [(key, doc_id) for key in bands],
                )

    def duplicate_root(self, doc_id: str) -> str:
        """Follow ``duplicate_of`` links to the earliest document of the chain."""
        seen = {doc_id}
        while True:
            row = self._db.execute(
                "SELECT duplicate_of FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if not row or not row[0] or row[0] in seen:
                return doc_id
            doc_id = row[0]
            seen.add(doc_id)

    def write_documents(self, docs: Sequence[Document]) -> None:
        if not docs:
            return
        now = _now()
        doc_rows = []
        entity_rows: dict[str, tuple[str, str, str, str]] = {}
        alias_counts: Counter[tuple[str, str, str]] = Counter()
        # (documents, mentions) per identity these documents add (the stored versions'
        # are taken back below): the counts entities.documents / mentions keep.
        ent_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for doc in docs:
            dateline = doc.dateline
            doc_rows.append((
                doc.id, doc.source, doc.group, doc.text, doc.text_hash, doc.title,
                doc.outlet, doc.language, doc.published, doc.published_evidence,
                doc.stated_date, doc.stated_evidence,
                int(dateline is not None),
                dateline.place if dateline else None,
                dateline.date if dateline else None,
                doc.duplicate_of, json.dumps(list(doc.warnings), ensure_ascii=False), now,
                keys.unit_key(doc.outlet),
            ))
            for ent in doc.entities:
                entity_rows[ent.id] = (ent.id, ent.name, ent.type, fold(ent.name))
                for alias in _alias_forms(ent.aliases):
                    alias_counts[(ent.id, alias, language_of(alias, doc.language))] += 1
                ent_counts[ent.id][1] += len(ent.mentions)
            for ent_id in {ent.id for ent in doc.entities}:
                ent_counts[ent_id][0] += 1
        doc_ids = [doc.id for doc in docs]
        with self._transaction() as db:
            # Alias counts are documents using the form: take back what the stored
            # versions of these documents counted (a rewrite counts once); so for the
            # identities' documents and mentions.
            for ent_id, aliases, language in self._stored_aliases(db, doc_ids):
                for alias in _alias_forms(json.loads(aliases)):
                    alias_counts[(ent_id, alias, language_of(alias, language))] -= 1
            for ent_id, n_docs, n_mentions in self._stored_entity_counts(db, doc_ids):
                ent_counts[ent_id][0] -= n_docs
                ent_counts[ent_id][1] -= n_mentions
            # The joined events these documents are part of are joined again.
            eventrows.dissolve(db, doc_ids)
            self._delete_doc_rows(db, DOC_CHILD_TABLES, doc_ids)
            self._upsert_documents(db, doc_rows)
            seqs: dict[str, int] = {}
            for chunk in _chunks(doc_ids):
                seqs.update(db.execute(
                    f"SELECT id, seq FROM documents WHERE id IN ({_marks(len(chunk))})",
                    chunk).fetchall())
            self._upsert_rows(
                db, "entities", ("id", "name", "type", "name_key"), list(entity_rows.values()),
                """ON CONFLICT (id) DO UPDATE SET
                    name = CASE WHEN entities.locked THEN entities.name ELSE excluded.name END,
                    name_key = CASE WHEN entities.locked THEN entities.name_key
                        ELSE excluded.name_key END,
                    type = excluded.type""")
            db.executemany(
                "UPDATE entities SET documents = documents + ?, mentions = mentions + ?"
                " WHERE id = ?",
                [(d, m, e) for e, (d, m) in ent_counts.items() if d or m],
            )
            self._count_aliases(db, alias_counts)
            types = {ent_id: row[2] for ent_id, row in entity_rows.items()}
            identitykeys.add_alias_keys(db, [(e, types[e], a) for (e, a, _), n
                                             in alias_counts.items() if n > 0 and e in types])
            identitykeys.add_name_keys(db, [(ent_id, type_, name, None)
                                            for ent_id, name, type_, _ in entity_rows.values()])
            for table, rows in self._child_rows(docs, seqs).items():
                self._insert_rows(db, table, ROW_COLUMNS[table], rows)

    def _stored_entity_counts(self, db: Any, doc_ids: Sequence[str]
                              ) -> list[tuple[str, int, int]]:
        """(entity id, documents, mentions) the stored versions of ``doc_ids`` count."""
        found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for chunk in _chunks(doc_ids):
            marks = _marks(len(chunk))
            for ent_id, n in db.execute(
                    f"SELECT entity_id, count(DISTINCT doc_id) FROM doc_entities"
                    f" WHERE doc_id IN ({marks}) GROUP BY entity_id", chunk).fetchall():
                found[ent_id][0] += n
            for ent_id, n in db.execute(
                    f"SELECT entity_id, count(*) FROM entity_mentions"
                    f" WHERE doc_id IN ({marks}) GROUP BY entity_id", chunk).fetchall():
                found[ent_id][1] += n
        return [(e, d, m) for e, (d, m) in found.items()]

    @staticmethod
    def _child_rows(docs: Sequence[Document], seqs: Mapping[str, int]
                    ) -> dict[str, list[tuple[Any, ...]]]:
        """The rows of the documents' entities, mentions, quotes (and the entities they
        mention), figures and events per table, in the order of :data:`ROW_COLUMNS`,
        with their version 10 keys (store/keys.py)."""
        doc_entity_rows: list[tuple[Any, ...]] = []
        mention_rows: list[tuple[Any, ...]] = []
        quote_rows: list[tuple[Any, ...]] = []
        quote_mention_rows: list[tuple[Any, ...]] = []
        figure_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        participant_rows: list[tuple[Any, ...]] = []
        for doc in docs:
            dkey = keys.doc_key(doc.published, seqs[doc.id])
            for e_ord, ent in enumerate(doc.entities):
                doc_entity_rows.append((
                    doc.id, e_ord, ent.id, json.dumps(list(ent.roles), ensure_ascii=False),
                    json.dumps([list(s) for s in ent.role_spans]),
                    json.dumps(list(ent.aliases), ensure_ascii=False), ent.resolution,
                    json.dumps([list(s) for s in ent.title_mentions]), dkey,
                ))
                evidence = list(ent.evidence)
                mention_rows.extend(
                    (doc.id, e_ord, m_ord, ent.id, start, end,
                     evidence[m_ord] if m_ord < len(evidence) else None, dkey)
                    for m_ord, (start, end) in enumerate(ent.mentions)
                )
            for i, q in enumerate(doc.quotes):
                qkey = keys.fact_key(dkey, i)
                quote_rows.append((
                    doc.id, i, q.text, q.start, q.end, q.speaker, q.speaker_id, q.cue, q.kind,
                    q.speaker_text, *(q.speaker_span or (None, None)), qkey))
                if i < keys.ORD_LIMIT - 1:
                    quote_mention_rows.extend(
                        (ent_id, qkey, doc.id) for ent_id in dict.fromkeys(
                            ent.id for ent in doc.entities for s, e in ent.mentions
                            if s >= q.start and e <= q.end))
            for i, f in enumerate(doc.figures):
                bounds = keys.period_bounds(f.period)
                figure_rows.append((
                    doc.id, i, f.text, f.start, f.end, f.value, f.unit, f.metric, f.period,
                    f.claimant, f.kind, getattr(f, "qualifier", None),
                    getattr(f, "change", None), getattr(f, "upper", None),
                    getattr(f, "noun", None), f.claimant_id, keys.fact_key(dkey, i),
                    keys.unit_key(f.unit), *(bounds or (None, None))))
            event_rows.extend(
                (doc.id, i, ev.type, json.dumps(list(ev.participants), ensure_ascii=False),
                 ev.place, ev.date, ev.start, ev.end, json.dumps(list(ev.participant_ids)),
                 None if ev.planned is None else int(ev.planned))
                for i, ev in enumerate(doc.events)
            )
            # Each event's participants as entity ids (by display name, as the event
            # join has always read them): events by entity and the join's look-ups.
            participant_rows.extend(eventrows.participant_rows(
                doc.id, [(i, list(ev.participants)) for i, ev in enumerate(doc.events)],
                {ent.name: ent.id for ent in doc.entities}))
        return {"doc_entities": doc_entity_rows, "entity_mentions": mention_rows,
                "quotes": quote_rows, "quote_mentions": quote_mention_rows,
                "figures": figure_rows, "events": event_rows,
                "event_participants": participant_rows}

    # -- the bulk writes of write_documents (the PostgreSQL backend sends COPY) --------------
    def _stored_aliases(self, db: Any, doc_ids: Sequence[str]) -> list[tuple[str, str, str]]:
        """(entity id, aliases JSON, document language) of the stored entities of
        ``doc_ids``."""
        rows: list[tuple[str, str, str]] = []
        for chunk in _chunks(doc_ids):
            rows += db.execute(
                f"""SELECT de.entity_id, de.aliases, d.language FROM doc_entities de
                JOIN documents d ON d.id = de.doc_id
                WHERE de.doc_id IN ({_marks(len(chunk))})""",
                chunk,
            ).fetchall()
        return rows

    def _delete_doc_rows(self, db: Any, tables: Sequence[str], doc_ids: Sequence[str]) -> None:
        """Delete the rows of ``tables`` that belong to the documents ``doc_ids``."""
        ids = [(doc_id,) for doc_id in doc_ids]
        for table in tables:
            db.executemany(f"DELETE FROM {table} WHERE doc_id = ?", ids)

    def _insert_rows(self, db: Any, table: str, columns: Sequence[str],
                     rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` (values in the order of ``columns``) into ``table``."""
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                       f"VALUES ({_marks(len(columns))})", rows)

    def _upsert_rows(self, db: Any, table: str, columns: Sequence[str],
                     rows: Sequence[Sequence[Any]], conflict: str) -> None:
        """Insert ``rows`` into ``table``, ``conflict`` (an ``ON CONFLICT`` clause)
        deciding what meets a stored row; no two rows may share the key it updates."""
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                       f"VALUES ({_marks(len(columns))}) {conflict}", rows)

    def _upsert_documents(self, db: Any, rows: Sequence[Sequence[Any]]) -> None:
        """Insert or update document rows (values in the order of
        :data:`DOCUMENT_WRITE_COLUMNS`); an updated document keeps its seq (ingest
        order): an upsert, not INSERT OR REPLACE."""
        db.executemany(
            f"""INSERT INTO documents ({', '.join(DOCUMENT_WRITE_COLUMNS)})
            VALUES ({_marks(len(DOCUMENT_WRITE_COLUMNS))})
            ON CONFLICT (id) DO UPDATE SET {', '.join(
                f"{c} = excluded.{c}" for c in DOCUMENT_WRITE_COLUMNS[1:])}""",
            rows,
        )

    def record_rejection(self, rejection: Rejection) -> None:
        self._db.execute(
            """INSERT INTO rejected (source, reason, at) VALUES (?, ?, ?)
            ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, at = excluded.at""",
            (rejection.source, rejection.reason, _now()),
        )

    def clear_rejection(self, source: str) -> None:
        self._db.execute("DELETE FROM rejected WHERE source = ?", (source,))

    # -- corpus-level statistics used by cleaning ---------------------------------------
    def line_counts(self, group: str, keys: Iterable[str]) -> dict[str, int]:
        """Every requested key with its count (0 when never seen)."""
        wanted = list(dict.fromkeys(keys))
        counts = dict.fromkeys(wanted, 0)
        for chunk in _chunks(wanted):
            rows = self._db.execute(
                f"SELECT key, docs FROM line_stats WHERE group_name = ? "
                f"AND key IN ({_marks(len(chunk))})",
                (group, *chunk),
            )
            counts.update(rows)
        return counts

    def add_line_counts(self, group: str, counts: Mapping[str, int]) -> None:
        if not counts:
            return
        with self._transaction() as db:
            db.executemany(
                """INSERT INTO line_stats (group_name, key, docs) VALUES (?, ?, ?)
                ON CONFLICT (group_name, key) DO UPDATE SET docs = docs + excluded.docs""",
                ((group, key, n) for key, n in counts.items()),
            )

    def group_dates(self, group: str) -> list[tuple[str, str | None, str]]:
        return [
            (row[0], row[1], row[2])
            for row in self._db.execute(
                "SELECT id, stated_date, text_hash FROM documents WHERE group_name = ? "
                "ORDER BY seq",
                (group,),
            )
        ]

    def set_warnings(self, doc_id: str, warnings: Sequence[str]) -> None:
        self._db.execute(
            "UPDATE documents SET warnings = ? WHERE id = ?",
            (json.dumps(list(warnings), ensure_ascii=False), doc_id),
        )

    # -- runs --------------------------------------------------------------------------
    def start_run(self, argv: str) -> int:
        cur = self._db.execute(
            "INSERT INTO runs (argv, started) VALUES (?, ?)", (argv, _now())
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: Mapping[str, int]) -> None:
        self._db.execute(
            "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
            (_now(), json.dumps(dict(counts), ensure_ascii=False), run_id),
        )

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first: {id, argv, started, finished, counts}."""
        return [
            {
                "id": row[0],
                "argv": row[1],
                "started": row[2],
                "finished": row[3],
                "counts": json.loads(row[4]) if row[4] is not None else None,
            }
            for row in self._db.execute(
                "SELECT id, argv, started, finished, counts FROM runs ORDER BY id"
            )
        ]

    # -- reading -----------------------------------------------------------------------
    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Stored documents in ingest order, or the given ids in the order given (unknown
        ids are skipped). Streams: documents are read a batch at a time, each batch's
        entities, quotes, figures and events with one query per table."""
        if ids is None:
            yield from self._all_documents()
            return
        wanted = list(dict.fromkeys(ids))
        for chunk in _chunks(wanted, READ_BATCH):
            rows = self._db.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({_marks(len(chunk))})",
                chunk,
            ).fetchall()
            by_id = {doc.id: doc for doc in self._build(rows)}
            for doc_id in chunk:
                if doc_id in by_id:
                    yield by_id[doc_id]

    def _all_documents(self) -> Iterator[Document]:
        # Keyset pagination: no cursor stays open while the caller works (and writes).
        last = 0
        while True:
            rows = self._db.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, READ_BATCH),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield from self._build(rows)

    def _build(self, rows: Sequence[tuple[Any, ...]]) -> list[Document]:
        docs: list[Document] = []
        for (
            _seq, doc_id, source, group, text, title, outlet, language, published,
            published_evidence, stated_date, stated_evidence, has_dateline, place, date,
            duplicate_of, warnings,
        ) in rows:
            docs.append(Document(
                id=doc_id,
                source=source,
                text=text,
                language=language,
                title=title,
                outlet=outlet,
                published=published,
                published_evidence=published_evidence,
                stated_date=stated_date,
                stated_evidence=stated_evidence,
                dateline=Dateline(place=place, date=date) if has_dateline else None,
                duplicate_of=duplicate_of,
                warnings=json.loads(warnings),
                group=group,
            ))
        if not docs:
            return docs
        ids = [doc.id for doc in docs]
        marks = _marks(len(ids))
        by_id = {doc.id: doc for doc in docs}

        mentions: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
        evidence: dict[tuple[str, int], list[str | None]] = defaultdict(list)
        for doc_id, ent_ord, start, end, why in self._db.execute(
            f"""SELECT doc_id, ent_ord, start, "end", evidence FROM entity_mentions
            WHERE doc_id IN ({marks}) ORDER BY doc_id, ent_ord, ord""",
            ids,
        ):
            mentions[(doc_id, ent_ord)].append((start, end))
            evidence[(doc_id, ent_ord)].append(why)
        for row in self._db.execute(
            f"""SELECT d.doc_id, d.ord, d.entity_id, e.name, e.type, d.roles, d.role_spans,
                d.aliases, d.resolution, d.title_mentions
            FROM doc_entities d JOIN entities e ON e.id = d.entity_id
            WHERE d.doc_id IN ({marks}) ORDER BY d.doc_id, d.ord""",
            ids,
        ):
            (doc_id, ent_ord, entity_id, name, etype, roles, role_spans, aliases, why,
             in_title) = row
            ev = evidence.get((doc_id, ent_ord), [])
            by_id[doc_id].entities.append(Entity(
                id=entity_id, name=name, type=etype,
                mentions=mentions.get((doc_id, ent_ord), []), roles=json.loads(roles),
                role_spans=[(s, e) for s, e in json.loads(role_spans)],
                aliases=json.loads(aliases),
                evidence=[x or "" for x in ev] if any(x is not None for x in ev) else [],
                resolution=why,
                title_mentions=[(s, e) for s, e in json.loads(in_title or "[]")],
            ))
        for (doc_id, text, start, end, speaker, speaker_id, cue, kind, speaker_text, s_start,
             s_end) in self._db.execute(
            f"""SELECT doc_id, text, start, "end", speaker, speaker_id, cue, kind, speaker_text,
            speaker_start, speaker_end
            FROM quotes WHERE doc_id IN ({marks}) ORDER BY doc_id, ord""",
            ids,
        ):
            by_id[doc_id].quotes.append(Quote(
                text=text, start=start, end=end, speaker=speaker, kind=kind,
                speaker_id=speaker_id, cue=cue, speaker_text=speaker_text,
                speaker_span=(s_start, s_end) if s_start is not None else None,
            ))
        for row in self._db.execute(
            f"""SELECT doc_id, text, start, "end", value, unit, metric, period, claimant, kind,
            qualifier, change, upper, noun, claimant_id
            FROM figures WHERE doc_id IN ({marks}) ORDER BY doc_id, ord""",
            ids,
        ):
            (doc_id, text, start, end, value, unit, metric, period, claimant, kind,
             qualifier, change, upper, noun, claimant_id) = row
            fields = dict(text=text, start=start, end=end, value=value, unit=unit,
                          metric=metric, period=period, claimant=claimant, kind=kind,
                          claimant_id=claimant_id)
            # a FigureDetail always stores its change; a plain Figure stores none
            by_id[doc_id].figures.append(Figure(**fields) if change is None else FigureDetail(
                **fields, qualifier=qualifier, change=change, upper=upper, noun=noun))
        for (doc_id, etype, participants, place, date, start, end, participant_ids,
             planned) in self._db.execute(
            f"""SELECT doc_id, type, participants, place, date, start, "end", participant_ids,
            planned FROM events WHERE doc_id IN ({marks}) ORDER BY doc_id, ord""",
            ids,
        ):
            by_id[doc_id].events.append(Event(
                type=etype, participants=json.loads(participants), start=start, end=end,
                place=place, date=date, participant_ids=json.loads(participant_ids),
                planned=None if planned is None else bool(planned),
            ))
        self._attach_known_aliases(docs)
        return docs

    def _attach_known_aliases(self, docs: Sequence[Document]) -> None:
        """Every alias the database knows for the batch's entities (``Entity.known_as``),
        most used first."""
        ids = sorted({e.id for doc in docs for e in doc.entities})
        known: dict[str, list[str]] = defaultdict(list)
        for chunk in _chunks(ids):
            for entity_id, alias in self._db.execute(
                f"""SELECT entity_id, alias FROM entity_aliases
                WHERE entity_id IN ({_marks(len(chunk))})
                ORDER BY entity_id, count DESC, alias""",
                chunk,
            ):
                known[entity_id].append(alias)
        for doc in docs:
            for ent in doc.entities:
                ent.known_as = list(known.get(ent.id, ()))

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Ids of documents whose title or text match an FTS5 query, best first."""
        return [
            row[0]
            for row in self._db.execute(
                """SELECT d.id FROM documents_fts f JOIN documents d ON d.seq = f.rowid
                WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT ?""",
                (query, limit),
            )
        ]

    def stats(self) -> dict[str, Any]:
        db = self._db

        def one(sql: str) -> Any:
            return db.execute(sql).fetchone()[0]

        docs_min, docs_max = db.execute(
            "SELECT min(published), max(published) FROM documents"
        ).fetchone()
        last_counts = db.execute(
            "SELECT counts FROM runs WHERE counts IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "duplicates": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            "sources": one(
                "SELECT count(*) FROM (SELECT source FROM sources "
                "UNION SELECT source FROM documents)"
            ),
            "languages": dict(db.execute(
                "SELECT language, count(*) AS n FROM documents GROUP BY language "
                "ORDER BY n DESC, language"
            ).fetchall()),
            "outlets": dict(db.execute(
                "SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL "
                "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 10"
            ).fetchall()),
            "entities": one("SELECT count(DISTINCT entity_id) FROM doc_entities"),
            "mentions": one("SELECT count(*) FROM entity_mentions"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "figures": one("SELECT count(*) FROM figures"),
            "events": one("SELECT count(*) FROM events"),
            "rejected": one("SELECT count(*) FROM rejected"),
            "published_min": docs_min,
            "published_max": docs_max,
            "undated": one("SELECT count(*) FROM documents WHERE published IS NULL"),
            "runs": one("SELECT count(*) FROM runs"),
            "last_run": json.loads(last_counts[0]) if last_counts else None,
            "top_entities": [
                (name, etype, n)
                for name, etype, n in db.execute(
                    """SELECT e.name, e.type, count(DISTINCT d.doc_id) AS n
                    FROM doc_entities d JOIN entities e ON e.id = d.entity_id
                    GROUP BY d.entity_id ORDER BY n DESC, e.name LIMIT 10"""
                )
            ],
        }

    def rejections(self) -> list[dict[str, str]]:
        return [
            {"source": source, "reason": reason, "at": at}
            for source, reason, at in self._db.execute(
                "SELECT source, reason, at FROM rejected ORDER BY at, source"
            )
        ]


def connection(store: Any) -> sqlite3.Connection:
    """The SQLite connection behind a store (or the connection itself), for the SQL that
    the query layer and event joining run directly; a clear error for other backends."""
    db = store if isinstance(store, sqlite3.Connection) else getattr(store, "_db", store)
    # The PostgreSQL backend's connection speaks the same calls (store/postgres/dialect.py).
    if not isinstance(db, sqlite3.Connection) and getattr(db, "dialect", None) is None:
        raise TypeError("this query needs a presswatch store or its connection")
    return db
