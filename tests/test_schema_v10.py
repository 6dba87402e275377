"""Schema version 10 (store/keys.py, store/sortkeys.py): the key columns a write stores are
the ones the migration fills from a version 9 database, on both backends; the entity counts
follow rewrites and corrections; the keys order and bound pages as documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import presswatch
from presswatch.store import keys, open_store
from tests.test_query_plans import PEOPLE, corpus

SNAPSHOT = (
    "SELECT doc_id, ord, sort_key FROM quotes ORDER BY doc_id, ord",
    "SELECT doc_id, ord, sort_key, unit_key, period_lo, period_hi FROM figures"
    " ORDER BY doc_id, ord",
    "SELECT doc_id, ord, doc_key FROM doc_entities ORDER BY doc_id, ord",
    "SELECT doc_id, ent_ord, ord, doc_key FROM entity_mentions ORDER BY doc_id, ent_ord, ord",
    "SELECT id, name_key, documents, mentions FROM entities ORDER BY id",
    "SELECT entity_id, alias, language, last_key FROM entity_aliases"
    " ORDER BY entity_id, alias, language",
    "SELECT entity_id, sort_key, doc_id FROM quote_mentions ORDER BY entity_id, sort_key",
    "SELECT id, outlet_key FROM documents ORDER BY id",
)
# Version 10's columns, as a version 9 database lacks them.
V10_COLUMNS = {
    "quotes": ("sort_key",), "figures": ("sort_key", "unit_key", "period_lo", "period_hi"),
    "doc_entities": ("doc_key",), "entity_mentions": ("doc_key",),
    "entities": ("name_key", "documents", "mentions"), "entity_aliases": ("last_key",),
    "documents": ("outlet_key",),
}


def snapshot(db: Any) -> list[list[tuple[Any, ...]]]:
    return [[tuple(r) for r in db.execute(sql).fetchall()] for sql in SNAPSHOT]


def _to_version_9(store: Any) -> None:
    """Take a version 10 database back to version 9's tables and columns."""
    db = store._db
    pg = getattr(store, "dialect", None) == "postgresql"
    with store.batch():
        db.execute("DROP TABLE quote_mentions")
        if pg:
            db.execute("ALTER TABLE quotes DROP COLUMN words")
            db.execute("ALTER TABLE figures DROP COLUMN metric_words")
        else:
            for name in ("quotes_fts_insert", "quotes_fts_delete", "figures_fts_insert",
                         "figures_fts_delete"):
                db.execute(f"DROP TRIGGER {name}")
            db.execute("DROP TABLE quotes_fts")
            db.execute("DROP TABLE figures_fts")
            for (index,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                    " AND name IN (" + ",".join("?" * len(_V10_INDEXES)) + ")",
                    _V10_INDEXES).fetchall():
                db.execute(f"DROP INDEX {index}")
        for table, columns in V10_COLUMNS.items():
            for column in columns:
                db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        if pg:
            db.execute("UPDATE presswatch_meta SET value = '9' WHERE key = 'schema_version'")
    if not pg:
        db.execute("PRAGMA user_version = 9")


_V10_INDEXES = ["doc_entities_entity", "entity_mentions_entity", "quotes_speaker",
               "quotes_sort", "quotes_kind", "figures_sort", "figures_claimant",
               "figures_unit", "figures_kind", "figures_period", "entities_name_key",
               "entities_rank", "entities_type_rank", "entity_aliases_last",
               "quote_mentions_doc", "documents_outlet_key", "documents_language"]


def test_migration_fills_what_a_write_stores(db_target: Path | str) -> None:
    docs = corpus(60, seed=9)
    with open_store(db_target) as store:
        store.write_documents(docs)
        store.add_alias(PEOPLE[2][0], "Мария Ковальчук")
        before = snapshot(store._db)
        with presswatch.open(db_target) as c:
            words = [q.doc_id for q in c.quotes(words="grain", limit=0).items]
            metric = [f.doc_id for f in c.figures(metric="exports", limit=0).items]
        _to_version_9(store)
    with open_store(db_target) as store:  # migrates
        assert store.schema_version == 10
        assert snapshot(store._db) == before
        with presswatch.open(db_target) as c:
            assert [q.doc_id for q in c.quotes(words="grain", limit=0).items] == words
            assert [f.doc_id for f in c.figures(metric="exports", limit=0).items] == metric
            assert words and metric
        store.write_documents(docs[:5])  # a rewrite after the migration keeps the keys
        assert snapshot(store._db) == before


def test_entity_counts_follow_rewrites_and_corrections(db_target: Path | str) -> None:
    docs = corpus(80, seed=4)
    with open_store(db_target) as store:
        store.write_documents(docs)
        store.write_documents(docs[:30])
    with presswatch.open(db_target) as c:
        c.merge([PEOPLE[1][0]], PEOPLE[0][0])
        c.rename(PEOPLE[5][0], "Zed Renamed")
        db = c.store._db
        stored = db.execute("SELECT id, documents, mentions, name_key FROM entities"
                            " ORDER BY id").fetchall()
        counted = db.execute(
            """SELECT e.id,
                (SELECT count(DISTINCT doc_id) FROM doc_entities WHERE entity_id = e.id),
                (SELECT count(*) FROM entity_mentions WHERE entity_id = e.id)
            FROM entities e ORDER BY e.id""").fetchall()
        assert [tuple(r[:3]) for r in stored] == [tuple(r) for r in counted]
        assert dict((r[0], r[3]) for r in stored)[PEOPLE[5][0]] == "zed renamed"
        page = c.entities(limit=5)
        assert [e.documents for e in page.items] == sorted(
            (e.documents for e in page.items), reverse=True)
        assert page.total == len(stored)
        assert c.entities(name="zed ren").items[0].id == PEOPLE[5][0]


def test_keys_order_pages_newest_first(db_target: Path | str) -> None:
    with open_store(db_target) as store:
        store.write_documents(corpus(50, seed=2))
    with presswatch.open(db_target) as c:
        page = c.quotes(limit=0)
        dated = [q.published for q in page.items if q.published]
        assert dated == sorted(dated, reverse=True)
        assert all(q.published is None for q in page.items[len(dated):])  # undated last
        window = c.quotes(since="2012-01-01", until="2013-12-31", limit=0)
        assert window.total == len(window.items) > 0
        assert all("2012-01-01" <= (q.published or "") <= "2013-12-31~"
                   for q in window.items)
        assert window.total == sum(1 for q in page.items
                                   if q.published and "2012" <= q.published[:4] <= "2013")


def test_key_functions() -> None:
    assert keys.day_number(None) == keys.day_number("soon") == keys.day_number("2024-02-30") == 0
    assert keys.day_of(keys.day_number("2024-02-29T10:00:00+03:00")) == "2024-02-29"
    assert keys.day_number("1850-01-01") == 1
    a = keys.fact_key(keys.doc_key("2024-01-02", 7), 0)
    b = keys.fact_key(keys.doc_key("2024-01-02", 7), 1)
    c = keys.fact_key(keys.doc_key("2024-01-02", 8), 0)
    d = keys.fact_key(keys.doc_key("2024-01-03", 1), 0)
    assert d > c > a > b > keys.fact_key(keys.doc_key(None, 9), 0)
    lo, hi = keys.day_range("2024-01-02", "2024-01-02") or (0, 0)
    assert lo <= a < hi and lo <= c < hi and not lo <= d < hi
    assert keys.fts5_match(keys.query_words('Grain "ex"ports, a')) == \
        '"grain"* "ex" "ports"* "a"'
    assert keys.pg_tsquery_text(["o'neil", "gas"]) == "'o''neil':* & 'gas':*"
