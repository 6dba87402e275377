"""Schema version 10: the key columns of :mod:`presswatch.store.keys`, their indexes, the
quotes' entity mentions (``quote_mentions``) and the words indexes of quotes and figure
metrics, on SQLite (:func:`migrate_sort_keys`, one of ``store/sqlite.py``'s MIGRATIONS) and
PostgreSQL (:func:`migrate_pg_sort_keys`; a new PostgreSQL database gets
``store/postgres/schema.sql``, which has them). Both fill the new columns from the rows
already stored, with the values ``write_documents`` writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from presswatch.extract.translit import fold
from presswatch.store import keys

# Facts at this position or later in a document share a key: they have no words index row.
LAST_ORD = keys.ORD_LIMIT - 1

_COLUMNS = (
    ("documents", "outlet_key TEXT"),
    ("quotes", "sort_key INTEGER NOT NULL DEFAULT 0"),
    ("figures", "sort_key INTEGER NOT NULL DEFAULT 0"),
    ("figures", "unit_key TEXT"),
    ("figures", "period_lo TEXT"),
    ("figures", "period_hi TEXT"),
    ("doc_entities", "doc_key INTEGER NOT NULL DEFAULT 0"),
    ("entity_mentions", "doc_key INTEGER NOT NULL DEFAULT 0"),
    ("entities", "name_key TEXT NOT NULL DEFAULT ''"),
    ("entities", "documents INTEGER NOT NULL DEFAULT 0"),
    ("entities", "mentions INTEGER NOT NULL DEFAULT 0"),
    ("entity_aliases", "last_key TEXT NOT NULL DEFAULT ''"),
)

# Indexes of version 10 (both backends; PostgreSQL's schema.sql spells them the same).
INDEXES = (
    "CREATE INDEX doc_entities_entity ON doc_entities (entity_id, doc_key)",
    "CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id, doc_key)",
    "CREATE INDEX quotes_speaker ON quotes (speaker_id, sort_key)",
    "CREATE INDEX quotes_sort ON quotes (sort_key)",
    "CREATE INDEX quotes_kind ON quotes (kind, sort_key)",
    "CREATE INDEX figures_sort ON figures (sort_key)",
    "CREATE INDEX figures_claimant ON figures (claimant_id, sort_key)",
    "CREATE INDEX figures_unit ON figures (unit_key, sort_key)",
    "CREATE INDEX figures_kind ON figures (kind, sort_key)",
    "CREATE INDEX figures_period ON figures (period_lo, period_hi)",
    "CREATE INDEX entities_name_key ON entities (name_key)",
    "CREATE INDEX entities_rank ON entities (documents DESC, mentions DESC, name)",
    "CREATE INDEX entities_type_rank ON entities (type, documents DESC, mentions DESC, name)",
    "CREATE INDEX entity_aliases_last ON entity_aliases (last_key)",
    "CREATE INDEX quote_mentions_doc ON quote_mentions (doc_id)",
    "CREATE INDEX documents_outlet_key ON documents (outlet_key)",
)
# SQLite only (PostgreSQL's schema had it before).
_SQLITE_INDEXES = ("CREATE INDEX documents_language ON documents (language)",)
_REPLACED = ("doc_entities_entity", "entity_mentions_entity", "quotes_speaker",
             "figures_claimant", "figures_metric")

_SQLITE_TABLES = (
    """CREATE TABLE quote_mentions (
        entity_id  TEXT    NOT NULL,
        sort_key   INTEGER NOT NULL,
        doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, sort_key)
    ) WITHOUT ROWID""",
)

# The words of each quote and of each figure's metric, rowid = the fact's sort_key (so a
# match is read newest first), kept in step with the rows by triggers.
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE quotes_fts USING fts5 (text, content = 'quotes',"
    " content_rowid = 'sort_key', tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE figures_fts USING fts5 (metric, content = 'figures',"
    " content_rowid = 'sort_key', tokenize = 'unicode61 remove_diacritics 2')",
    f"INSERT INTO quotes_fts (rowid, text) SELECT sort_key, text FROM quotes"
    f" WHERE ord < {LAST_ORD}",
    f"INSERT INTO figures_fts (rowid, metric) SELECT sort_key, metric FROM figures"
    f" WHERE ord < {LAST_ORD} AND metric IS NOT NULL",
    f"""CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes WHEN new.ord < {LAST_ORD}
    BEGIN
        INSERT INTO quotes_fts (rowid, text) VALUES (new.sort_key, new.text);
    END""",
    f"""CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes WHEN old.ord < {LAST_ORD}
    BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, text)
        VALUES ('delete', old.sort_key, old.text);
    END""",
    f"""CREATE TRIGGER figures_fts_insert AFTER INSERT ON figures
    WHEN new.ord < {LAST_ORD} AND new.metric IS NOT NULL
    BEGIN
        INSERT INTO figures_fts (rowid, metric) VALUES (new.sort_key, new.metric);
    END""",
    f"""CREATE TRIGGER figures_fts_delete AFTER DELETE ON figures
    WHEN old.ord < {LAST_ORD} AND old.metric IS NOT NULL
    BEGIN
        INSERT INTO figures_fts (figures_fts, rowid, metric)
        VALUES ('delete', old.sort_key, old.metric);
    END""",
)

_FILL = (
    "UPDATE doc_entities SET doc_key = (SELECT k FROM doc_keys WHERE id = doc_entities.doc_id)",
    "UPDATE entity_mentions SET doc_key ="
    " (SELECT k FROM doc_keys WHERE id = entity_mentions.doc_id)",
    "UPDATE quotes SET sort_key ="
    " pw_fact_key((SELECT k FROM doc_keys WHERE id = quotes.doc_id), ord)",
    "UPDATE figures SET sort_key ="
    " pw_fact_key((SELECT k FROM doc_keys WHERE id = figures.doc_id), ord),"
    " unit_key = pw_unit_key(unit), period_lo = pw_period(period, 0),"
    " period_hi = pw_period(period, 1)",
    "UPDATE entities SET name_key = pw_fold(name)",
    "UPDATE documents SET outlet_key = pw_unit_key(outlet)",
    "UPDATE entity_aliases SET last_key = pw_last_word(alias_key)",
)

_COUNTS = (
    """UPDATE entities SET
        documents = (SELECT count(DISTINCT doc_id) FROM doc_entities
                     WHERE entity_id = entities.id),
        mentions = (SELECT count(*) FROM entity_mentions WHERE entity_id = entities.id)""",
)

_QUOTE_MENTIONS = (
    f"""INSERT INTO quote_mentions (entity_id, sort_key, doc_id)
    SELECT DISTINCT m.entity_id, q.sort_key, q.doc_id FROM quotes q
    JOIN entity_mentions m ON m.doc_id = q.doc_id AND m.start >= q.start
        AND m."end" <= q."end"
    WHERE q.ord < {LAST_ORD}
    ON CONFLICT DO NOTHING"""
)


def _period(period: str | None, side: int) -> str | None:
    bounds = keys.period_bounds(period)
    return bounds[side] if bounds else None


def _last_word(key: str) -> str:
    return key.rsplit(" ", 1)[-1]


def migrate_sort_keys(db: sqlite3.Connection) -> None:
    """Version 10 on SQLite: add and fill the key columns, replace the indexes they
    extend, fill ``quote_mentions`` and the words indexes, count each identity's
    documents and mentions."""
    for name, fn, n in (("pw_doc_key", keys.doc_key, 2), ("pw_fact_key", keys.fact_key, 2),
                        ("pw_unit_key", keys.unit_key, 1), ("pw_period", _period, 2),
                        ("pw_fold", fold, 1), ("pw_last_word", _last_word, 1)):
        db.create_function(name, n, fn, deterministic=True)
    for table, column in _COLUMNS:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    for statement in _SQLITE_TABLES:
        db.execute(statement)
    db.execute("CREATE TEMP TABLE doc_keys (id TEXT PRIMARY KEY, k INTEGER NOT NULL)"
               " WITHOUT ROWID")
    db.execute("INSERT INTO doc_keys SELECT id, pw_doc_key(published, seq) FROM documents")
    for statement in _FILL:
        db.execute(statement)
    db.execute("DROP TABLE temp.doc_keys")
    _indexes_and_counts(db, _SQLITE_INDEXES)
    for statement in _SQLITE_FTS:
        db.execute(statement)


def _indexes_and_counts(db: Any, backend_indexes: Sequence[str]) -> None:
    """The end of either backend's migration, once the key columns are filled: the
    indexes the keys replace dropped, the new ones built, the quote mentions and the
    entity counts filled."""
    for index in _REPLACED:
        db.execute(f"DROP INDEX IF EXISTS {index}")
    for statement in (*INDEXES, *backend_indexes):
        db.execute(statement)
    db.execute(_QUOTE_MENTIONS)
    for statement in _COUNTS:
        db.execute(statement)


# -- PostgreSQL ------------------------------------------------------------------------
PG_DAY_FUNCTION = r"""
CREATE OR REPLACE FUNCTION pw_day(p text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF p IS NULL OR p !~ '^\d{4}-\d{2}-\d{2}' THEN RETURN 0; END IF;
    RETURN greatest(1, least(2097151, substr(p, 1, 10)::date - DATE '1899-12-31'));
EXCEPTION WHEN others THEN
    RETURN 0;
END $$
"""

_PG_COLUMNS = (
    "ALTER TABLE documents ADD COLUMN outlet_key TEXT COLLATE \"C\"",
    "ALTER TABLE quotes ADD COLUMN sort_key BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE quotes ADD COLUMN words tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "ALTER TABLE figures ADD COLUMN sort_key BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE figures ADD COLUMN unit_key TEXT COLLATE \"C\"",
    "ALTER TABLE figures ADD COLUMN period_lo TEXT COLLATE \"C\"",
    "ALTER TABLE figures ADD COLUMN period_hi TEXT COLLATE \"C\"",
    "ALTER TABLE figures ADD COLUMN metric_words tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', coalesce(metric, ''))) STORED",
    "ALTER TABLE doc_entities ADD COLUMN doc_key BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE entity_mentions ADD COLUMN doc_key BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE entities ADD COLUMN name_key TEXT COLLATE \"C\" NOT NULL DEFAULT ''",
    "ALTER TABLE entities ADD COLUMN documents INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE entities ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE entity_aliases ADD COLUMN last_key TEXT COLLATE \"C\" NOT NULL DEFAULT ''",
    """CREATE TABLE quote_mentions (
        entity_id  TEXT COLLATE "C" NOT NULL,
        sort_key   BIGINT NOT NULL,
        doc_id     TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, sort_key)
    )""",
)
PG_WORDS_INDEXES = (
    "CREATE INDEX quotes_words ON quotes USING gin (words)",
    "CREATE INDEX figures_metric_words ON figures USING gin (metric_words)",
)
# (PostgreSQL's bit operators share one precedence: every step in parentheses.)
_PG_DOC_KEY = f"((pw_day(d.published) << {keys.DAY_SHIFT})" \
    f" | ((d.seq % {keys.SEQ_LIMIT}) << {keys.SEQ_SHIFT}))"
_PG_FILL = (
    f"UPDATE doc_entities x SET doc_key = {_PG_DOC_KEY} FROM documents d"
    " WHERE d.id = x.doc_id",
    f"UPDATE entity_mentions x SET doc_key = {_PG_DOC_KEY} FROM documents d"
    " WHERE d.id = x.doc_id",
    f"UPDATE quotes x SET sort_key = {_PG_DOC_KEY} | ({LAST_ORD} - least(x.ord, {LAST_ORD}))"
    " FROM documents d WHERE d.id = x.doc_id",
    f"UPDATE figures x SET sort_key = {_PG_DOC_KEY} | ({LAST_ORD} - least(x.ord, {LAST_ORD}))"
    " FROM documents d WHERE d.id = x.doc_id",
)


def migrate_pg_sort_keys(conn: Any) -> None:
    """Version 10 on PostgreSQL (``conn``: the raw psycopg connection, inside the schema
    transaction): as :func:`migrate_sort_keys`, words as ``tsvector`` columns with GIN
    indexes."""
    conn.execute(PG_DAY_FUNCTION)
    for statement in _PG_COLUMNS:
        conn.execute(statement)
    for statement in _PG_FILL:
        conn.execute(statement)
    with conn.cursor() as cur:
        cur.executemany("UPDATE figures SET unit_key = %s WHERE unit = %s",
                        [(keys.unit_key(u), u) for (u,) in conn.execute(
                            "SELECT DISTINCT unit FROM figures").fetchall()])
        cur.executemany(
            "UPDATE figures SET period_lo = %s, period_hi = %s WHERE period = %s",
            [(_period(p, 0), _period(p, 1), p) for (p,) in conn.execute(
                "SELECT DISTINCT period FROM figures WHERE period IS NOT NULL").fetchall()])
        cur.executemany("UPDATE documents SET outlet_key = %s WHERE outlet = %s",
                        [(keys.unit_key(o), o) for (o,) in conn.execute(
                            "SELECT DISTINCT outlet FROM documents"
                            " WHERE outlet IS NOT NULL").fetchall()])
        cur.executemany("UPDATE entities SET name_key = %s WHERE id = %s",
                        [(fold(n), i) for i, n in conn.execute(
                            "SELECT id, name FROM entities").fetchall()])
        cur.executemany(
            "UPDATE entity_aliases SET last_key = %s WHERE alias_key = %s",
            [(_last_word(k), k) for (k,) in conn.execute(
                "SELECT DISTINCT alias_key FROM entity_aliases").fetchall()])
    _indexes_and_counts(conn, PG_WORDS_INDEXES)
