"""Identities looked up by key: a lazy IdentityIndex (any cache size, cold or warm)
decides exactly as the full in-memory load, and its keys are kept through corrections."""

from __future__ import annotations

import copy
import random
import sqlite3
from pathlib import Path

import pytest

import presswatch
from presswatch.config import Settings
from presswatch.extract.canonical import IdentityIndex
from presswatch.model import Document, Entity
from presswatch.query import entities as corrections
from presswatch.store import open_store
from presswatch.store.sqlite import SQLiteStore
from tests.conftest import SAMPLES, SEEDS, need
from tests.test_schema_v10 import _to_version_9

# People sharing surnames (blocks), initials, bare surnames, Cyrillic forms; places the
# gazetteer knows in both scripts and invented ones; organisations with variants.
_PEOPLE = [
    (["Alexander Lukashenko", "A. Lukashenko", "Lukashenko"],
     ["Александр Лукашенко", "Лукашенко"]),
    (["Viktor Lukashenko", "Lukashenko"], ["Виктор Лукашенко"]),
    (["Olaf Scholz", "Scholz", "O. Scholz"], ["Олаф Шольц", "Шольц"]),
    (["Angela Merkel", "Merkel"], ["Ангела Меркель", "Меркель"]),
    (["Sergei Ivanov", "Sergey Ivanov", "Ivanov"], ["Сергей Иванов", "Иванов"]),
    (["Igor Ivanov", "I. Ivanov"], ["Игорь Иванов"]),
    (["Ivanova"], ["Иванова"]),
    (["Maria Petrova", "Mariya Petrova"], ["Мария Петрова", "Петрова"]),
    (["Pyotr Petrov", "Petrov"], ["Пётр Петров", "Петров"]),
    (["Heiko Maas", "Maas"], ["Хайко Маас", "Хайко Мас"]),
]
_PLACES = [(["Moscow"], ["Москва", "Москве"]), (["Minsk", "MINSK"], ["Минск"]),
           (["Grodno", "Hrodna"], ["Гродно"]), (["Berlin"], ["Берлин"]),
           (["Novaya Derevnya"], ["Новая Деревня"]), (["Novaya Dereviya"], ["Новая Деревия"])]
_ORGS = [(["Gazprom", "Gazprom PJSC"], ["Газпром"]), (["Belaruskali"], ["Беларуськалий"]),
         (["European Union", "EU"], ["Евросоюз", "ЕС"]),
         (["Nord Stream 2", "Nord Stream-2"], ["Северный поток-2", "СП-2"]),
         (["Minsk Tractor Works"], ["Минский тракторный завод"])]


def _chunks(n_docs: int, seed: int, chunk: int = 7) -> list[list[Document]]:
    """Synthetic documents (the reduce's input without the NLP) in chunks."""
    rnd = random.Random(seed)
    pool = ([("PERSON", p) for p in _PEOPLE] + [("GPE", p) for p in _PLACES]
            + [("ORG", p) for p in _ORGS])
    docs = []
    for i in range(n_docs):
        lang = rnd.choice(("en", "ru"))
        ents = []
        for type_, (en, ru) in rnd.sample(pool, rnd.randint(3, 8)):
            forms = en if lang == "en" else ru
            name = rnd.choice(forms)
            aliases = list(dict.fromkeys([name, *rnd.sample(forms, rnd.randint(0, len(forms)))]))
            # the tagger's type is not always the right one
            tagged = "ORG" if type_ == "GPE" and rnd.random() < 0.15 else type_
            ents.append(Entity(f"L{len(ents)}", name, tagged, aliases=aliases))
        docs.append(Document(f"d{seed}-{i}", f"s{seed}-{i}", "x", lang, entities=ents))
    return [docs[i:i + chunk] for i in range(0, len(docs), chunk)]


def _reduce(store: SQLiteStore, chunks: list[list[Document]], cache: int | None) -> None:
    """The reduce's identity steps, as Ingest runs them, per chunk in one transaction."""
    index = IdentityIndex(store, "en", cache_size=cache)
    for chunk in copy.deepcopy(chunks):
        with store.batch():
            index.resolve_chunk(chunk)
            store.write_documents(chunk)
            index.commit()


def _identity_rows(db: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(db)
    out = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in (
        "entities", "entity_aliases", "doc_entities", "identity_keys")}
    con.close()
    return out


def _corrections(store: SQLiteStore) -> None:
    """A merge, a split, an added alias and a rename, as the CLI makes them."""
    people = {s["name"]: s["id"] for s in store.entity_summaries(type_="PERSON")}
    ivanovs = sorted(n for n in people if "Ivanov" in n and n != "Ivanova")
    if len(ivanovs) >= 2:
        corrections.merge(store, [people[ivanovs[1]]], people[ivanovs[0]])
    if "Heiko Maas" in people:
        corrections.split(store, people["Heiko Maas"], "Хайко Мас")
    places = {s["name"]: s["id"] for s in store.entity_summaries(type_="GPE")}
    if "Grodno" in places:
        corrections.add_alias(store, places["Grodno"], "Horadnia")
    if "Berlin" in places:
        corrections.rename(store, places["Berlin"], "Berlin (city)")


@pytest.mark.parametrize("cache", [1, 3, 40, 10_000])
def test_a_lazy_index_decides_as_the_full_load(tmp_path: Path, cache: int) -> None:
    """Three runs over one database (corrections between the second and third): with a
    full load each run, and with a lazy index of ``cache`` identities (1: cold before
    every chunk), the same identities, aliases, arrivals, keys and decisions."""
    runs = [_chunks(60, 1), _chunks(50, 2), _chunks(40, 3)]
    dumps = []
    for mode in (None, cache):
        db = tmp_path / f"{mode}.db"
        with open_store(db) as store:
            assert isinstance(store, SQLiteStore)
            for n, chunks in enumerate(runs):
                if n == 2:
                    _corrections(store)
                _reduce(store, chunks, mode)
        dumps.append(_identity_rows(db))
    assert dumps[0]["doc_entities"]
    for table in dumps[0]:
        assert dumps[0][table] == dumps[1][table], table


def test_keys_are_those_of_the_stored_rows(tmp_path: Path) -> None:
    """After ingests and corrections, the key table holds exactly the keys a backfill of
    the stored identities gives, plus the gazetteer names the index recorded."""
    from presswatch.store import identitykeys

    db = tmp_path / "k.db"
    with open_store(db) as store:
        assert isinstance(store, SQLiteStore)
        _reduce(store, _chunks(40, 4), 5)
        _corrections(store)
        _reduce(store, _chunks(20, 5), 5)
        con = store._db
        kept = set(con.execute("SELECT key, entity_id FROM identity_keys"))
        con.execute("DELETE FROM identity_keys")
        identitykeys.backfill(con)
        for ent_id, type_, canonical in con.execute(
                "SELECT id, type, canonical FROM entities WHERE canonical IS NOT NULL"):
            con.execute("INSERT OR IGNORE INTO identity_keys VALUES (?, ?)",
                        (f"g|{'PLACE' if type_ in ('GPE', 'LOC', 'FAC') else type_}|"
                         f"{canonical}", ent_id))
        rebuilt = set(con.execute("SELECT key, entity_id FROM identity_keys"))
    assert rebuilt <= kept  # never a key missing
    # what the write path keeps beyond the backfill: gazetteer keys of earlier names
    assert all(k.startswith("g|") for k, _ in kept - rebuilt)


def test_start_up_reads_no_identity(tmp_path: Path) -> None:
    """A lazy index starts with nothing loaded and fetches only what a chunk names."""
    db = tmp_path / "s.db"
    with open_store(db) as store:
        assert isinstance(store, SQLiteStore)
        _reduce(store, _chunks(60, 6), None)
        stored = store._db.execute("SELECT count(*) FROM entities").fetchone()[0]
        index = IdentityIndex(store, cache_size=1000)
        assert not index.identities
        index.prepare([Entity("L0", "Olaf Scholz", "PERSON", aliases=["Olaf Scholz"])])
        assert 0 < len(index.identities) < stored
        assert any(i.name == "Olaf Scholz" for i in index.identities.values())


@pytest.mark.e2e
def test_ingest_with_a_tiny_cache_gives_the_same_database(tmp_path: Path) -> None:
    """Seeds and samples/news in small chunks, ingested with every identity loaded and
    with a cache of 2 identities (cold at every chunk): the same database, row for row
    (arrivals included), and the same export."""
    from tests.test_scale import _rows

    seeds = need(SEEDS)
    exports = []
    for cache in (None, 2):
        settings = Settings(chunk_size=12, identity_cache=cache)
        db = tmp_path / f"c{cache}.db"
        presswatch.ingest([seeds], db, settings=settings)
        presswatch.ingest([SAMPLES], db, settings=settings)
        out = tmp_path / f"c{cache}.jsonl"
        with presswatch.open(db) as corpus:
            corpus.export(out)
        exports.append((_rows(db), out.read_bytes()))
    assert exports[0][0] == exports[1][0]
    assert exports[0][1] == exports[1][1]


_V8_COLUMNS = (("entities", "created"), ("entities", "seen"), ("entities", "canonical"),
               ("entity_aliases", "arrival"))


def _as_version_7(store: SQLiteStore) -> None:
    """Take the schema back to version 7 (no key table, no arrival columns, nor what
    version 9 adds for incremental event joining, nor version 10's sort keys)."""
    _to_version_9(store)
    db = store._db
    with store._transaction():
        db.execute("DROP INDEX events_unjoined")
        db.execute("ALTER TABLE events DROP COLUMN joined")
        db.execute("DROP TABLE event_join_keys")
        db.execute("DROP INDEX entities_seen")
        db.execute("DROP TABLE identity_keys")
        for table, column in _V8_COLUMNS:
            db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        if getattr(store, "dialect", "sqlite") == "postgresql":
            db.execute("UPDATE presswatch_meta SET value = '7' WHERE key = 'schema_version'")
        else:
            db.execute("PRAGMA user_version = 7")


def test_a_version_7_database_gets_its_keys(db_target: Path | str, tmp_path: Path) -> None:
    """Migrating from version 7 to 8 backfills the keys of the stored identities: a lazy index
    over the migrated database decides as a full load (SQLite and PostgreSQL)."""
    from presswatch.store.sqlite import SCHEMA_VERSION

    with open_store(db_target) as store:
        assert isinstance(store, SQLiteStore)
        _reduce(store, _chunks(40, 7), None)
        keys = set(store._db.execute("SELECT key, entity_id FROM identity_keys").fetchall())
        _as_version_7(store)
    with open_store(db_target) as store:
        assert isinstance(store, SQLiteStore)
        assert store.schema_version == SCHEMA_VERSION
        backfilled = set(store._db.execute("SELECT key, entity_id FROM identity_keys")
                         .fetchall())
        # the write path's keys beyond a backfill: gazetteer keys of earlier names
        assert backfilled <= keys and all(k.startswith("g|") for k, _ in keys - backfilled)
        index = IdentityIndex(store, cache_size=3)
        assert not index.identities
        chunks = _chunks(30, 8)
        lazy = copy.deepcopy(chunks)
        full = copy.deepcopy(chunks)
        eager = IdentityIndex(store, cache_size=None)
        for a, b in zip(lazy, full, strict=True):
            index.prepare(ent for doc in a for ent in doc.entities)
            for doc_a, doc_b in zip(a, b, strict=True):
                index.resolve(doc_a.entities, doc_a.language)
                eager.resolve(doc_b.entities, doc_b.language)
            index.finish()
            eager.finish()
            assert [[(e.id, e.name, e.resolution) for e in d.entities] for d in a] == [
                [(e.id, e.name, e.resolution) for e in d.entities] for d in b]
            with store.batch():
                store.write_documents(a)
                index.commit()
                eager.commit()  # the same arrivals
