"""The SQLite store: schema, round-trips, idempotent writes and the counts it keeps."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from presswatch.model import (
    Dateline,
    Document,
    Entity,
    Event,
    Figure,
    Quote,
    Rejection,
    content_id,
)
from presswatch.store import open_store
from presswatch.store.sqlite import SCHEMA_VERSION, SchemaError, SQLiteStore

TEXT = (
    "MINSK, December 6 - Belarusian President Alexander Lukashenko met Vladimir Putin. "
    '"We will never be enemies," Lukashenko said. Trade grew by 10 percent to $38.5 billion.'
)


def full_document(doc_id: str = "d1", text: str = TEXT, **fields: object) -> Document:
    doc = Document(
        id=doc_id,
        source="news/a.txt",
        text=text,
        language="en",
        title="Lukashenko meets Putin",
        outlet="BelTA",
        published="2023-12-06",
        published_evidence="dateline",
        dateline=Dateline(place="MINSK", date="--12-06"),
        warnings=["stated date contradicts content", "ещё одно"],
        group="news",
        entities=[
            Entity(
                id="e-luk", name="Alexander Lukashenko", type="PERSON",
                mentions=[(40, 60), (120, 130)], roles=["President of Belarus"],
                role_spans=[(14, 39)], aliases=["Alexander Lukashenko", "Lukashenko"],
                evidence=["name", "surname of 'Alexander Lukashenko'"],
                resolution="exact alias 'alexander lukashenko'",
            ),
            Entity(id="e-put", name="Vladimir Putin", type="PERSON", mentions=[(65, 79)]),
            Entity(id="e-by", name="Belarus", type="GPE", mentions=[]),
        ],
        quotes=[
            Quote(text="We will never be enemies,", start=82, end=107,
                  speaker="Alexander Lukashenko", kind="direct", speaker_id="e-luk",
                  cue="said"),
            Quote(text="x", start=1, end=2, speaker=None, kind="indirect"),
        ],
        figures=[
            Figure(text="10 percent", start=150, end=160, value=10.0, unit="percent",
                   metric="trade", period="2023", claimant="Alexander Lukashenko",
                   kind="actual"),
            Figure(text="$38.5 billion", start=164, end=177, value=38.5e9, unit="USD"),
        ],
        events=[
            Event(type="meeting", participants=["Alexander Lukashenko", "Vladimir Putin"],
                  start=0, end=80, place="Minsk", date="2023-12-06"),
            Event(type="talks", participants=[], start=5, end=9),
        ],
    )
    for key, value in fields.items():
        setattr(doc, key, value)
    return doc


def plain_document(doc_id: str, text: str | None = None, **fields: object) -> Document:
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text=text or f"text of {doc_id}",
                   language="en")
    for key, value in fields.items():
        setattr(doc, key, value)
    return doc


@pytest.fixture
def store(db_target: Path | str):
    """A new store on each backend (tests/conftest.py: SQLite and PostgreSQL)."""
    with open_store(db_target) as s:
        yield s


def sqlite_only(store: SQLiteStore) -> None:
    if getattr(store, "dialect", "sqlite") != "sqlite":
        pytest.skip("SQLite's own machinery (PRAGMA, FTS5)")


def rows(store: SQLiteStore, sql: str) -> int:
    return store._db.execute(sql).fetchone()[0]


# -- schema ------------------------------------------------------------------------------


def test_new_database_schema(store: SQLiteStore) -> None:
    assert store.schema_version == SCHEMA_VERSION >= 2
    sqlite_only(store)
    assert rows(store, "PRAGMA user_version") == SCHEMA_VERSION
    assert rows(store, "PRAGMA journal_mode") == "wal"
    assert rows(store, "PRAGMA foreign_keys") == 1
    assert rows(store, "PRAGMA synchronous") == 1  # NORMAL
    assert rows(store, "PRAGMA busy_timeout") > 0


def test_open_store_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "news.db"
    store = open_store(path)
    assert isinstance(store, SQLiteStore)
    assert store.path == str(path)
    store.write_documents([full_document()])
    store.close()
    with SQLiteStore(path) as again:
        assert again.known_ids(["d1"]) == {"d1"}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaError, match="newer than this presswatch understands"):
        SQLiteStore(path)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(SchemaError, match="not a presswatch database"):
        SQLiteStore(path)


def test_migrations_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from presswatch.store import sqlite as backend

    path = tmp_path / "news.db"
    SQLiteStore(path).close()
    applied: list[int] = []

    a, b = SCHEMA_VERSION + 1, SCHEMA_VERSION + 2

    def to_a(db: sqlite3.Connection) -> None:
        applied.append(a)
        db.execute("ALTER TABLE documents ADD COLUMN summary TEXT")

    def to_b(db: sqlite3.Connection) -> None:
        applied.append(b)

    monkeypatch.setattr(backend, "SCHEMA_VERSION", b)
    monkeypatch.setattr(backend, "MIGRATIONS", {**backend.MIGRATIONS, a: to_a, b: to_b})
    with SQLiteStore(path) as store:
        assert applied == [a, b]
        assert store.schema_version == b
        store._db.execute("SELECT summary FROM documents").fetchall()
    with SQLiteStore(path):
        assert applied == [a, b]  # nothing left to do


def test_memory_database() -> None:
    with SQLiteStore(":memory:") as store:
        store.write_documents([full_document()])
        assert [d.id for d in store.documents()] == ["d1"]


# -- documents ---------------------------------------------------------------------------


def test_round_trip(store: SQLiteStore) -> None:
    doc = full_document()
    store.write_documents([doc])
    [back] = store.documents()
    assert back.to_contract() == doc.to_contract()
    assert back == doc  # group, role spans, aliases, evidence, resolution too
    assert json.dumps(back.to_contract()) == json.dumps(doc.to_contract())


def test_round_trip_empty_dateline_and_nulls(store: SQLiteStore) -> None:
    docs = [
        plain_document("a", dateline=Dateline()),
        plain_document("b", dateline=None, title=None, outlet=None, published=None),
    ]
    store.write_documents(docs)
    back = list(store.documents())
    assert [d.to_contract() for d in back] == [d.to_contract() for d in docs]
    assert back[0].to_contract()["dateline"] == {"place": None, "date": None}
    assert back[1].to_contract()["dateline"] is None


def test_replace_is_idempotent(store: SQLiteStore) -> None:
    doc = full_document()
    store.write_documents([doc])
    store.write_documents([doc])
    assert rows(store, "SELECT count(*) FROM documents") == 1
    assert rows(store, "SELECT count(*) FROM doc_entities") == 3
    assert rows(store, "SELECT count(*) FROM entity_mentions") == 3
    assert rows(store, "SELECT count(*) FROM quotes") == 2
    assert rows(store, "SELECT count(*) FROM figures") == 2
    assert rows(store, "SELECT count(*) FROM events") == 2
    [back] = store.documents()
    assert back.to_contract() == doc.to_contract()


def test_replace_changes_content_and_keeps_order(store: SQLiteStore) -> None:
    store.write_documents([full_document("d1"), plain_document("d2")])
    changed = full_document("d1", title="New title", quotes=[], figures=[], events=[])
    changed.entities = changed.entities[:1]
    store.write_documents([changed])
    back = list(store.documents())
    assert [d.id for d in back] == ["d1", "d2"]
    assert back[0].to_contract() == changed.to_contract()
    assert rows(store, "SELECT count(*) FROM quotes") == 0


def test_entities_are_canonical_across_documents(store: SQLiteStore) -> None:
    first = full_document("d1")
    second = plain_document("d2", entities=[
        Entity(id="e-luk", name="Alexander Lukashenko", type="PERSON", mentions=[(0, 4)],
               roles=["leader"]),
    ])
    store.write_documents([first, second])
    assert rows(store, "SELECT count(*) FROM entities") == 3
    d1, d2 = store.documents()
    assert d1.entities[0].roles == ["President of Belarus"]
    assert d2.entities[0].roles == ["leader"]
    assert d2.entities[0].mentions == [(0, 4)]


def test_documents_by_ids_in_given_order(store: SQLiteStore) -> None:
    store.write_documents([plain_document(f"d{i}") for i in range(5)])
    got = [d.id for d in store.documents(["d3", "missing", "d0", "d3"])]
    assert got == ["d3", "d0"]
    assert list(store.documents([])) == []


def test_documents_stream_in_ingest_order_across_batches(store: SQLiteStore) -> None:
    docs = [
        plain_document(f"z{i:04d}", entities=[
            Entity(id=f"e{i % 7}", name=f"Name {i % 7}", type="ORG", mentions=[(0, 1)]),
        ])
        for i in range(450)
    ]
    docs.reverse()  # ids sort the other way round: order must come from ingest
    for start in range(0, len(docs), 100):
        store.write_documents(docs[start:start + 100])
    back = list(store.documents())
    assert [d.id for d in back] == [d.id for d in docs]
    assert all(d.entities[0].mentions == [(0, 1)] for d in back)
    assert [d.to_contract() for d in store.documents(d.id for d in docs)] == [
        d.to_contract() for d in docs
    ]


def test_write_is_atomic(store: SQLiteStore) -> None:
    store.write_documents([plain_document("ok")])
    bad = plain_document("bad", entities=[
        Entity(id="e", name="n", type=None),  # type: ignore[arg-type]  # NOT NULL
    ])
    import psycopg

    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        store.write_documents([plain_document("d2"), bad])
    assert store.known_ids(["ok", "d2", "bad"]) == {"ok"}


# -- ingest helpers ----------------------------------------------------------------------


def test_known_ids_in_chunks(store: SQLiteStore) -> None:
    store.write_documents([plain_document(f"d{i}") for i in range(1200)])
    asked = (f"d{i}" for i in range(0, 2400, 2))
    assert store.known_ids(asked) == {f"d{i}" for i in range(0, 1200, 2)}
    assert store.known_ids([]) == set()


def test_add_source(store: SQLiteStore) -> None:
    assert store.add_source("d1", "a.txt") is True
    assert store.add_source("d1", "a.txt") is False
    assert store.add_source("d1", "b.txt") is True
    assert store.add_source("d2", "a.txt") is True


def test_find_by_text_hash(store: SQLiteStore) -> None:
    store.write_documents([
        plain_document("first", text="Same  text"),
        plain_document("second", text="Same text"),
    ])
    assert store.find_by_text_hash(content_id("Same text")) == "first"
    assert store.find_by_text_hash("0" * 16) is None


def test_rejections(store: SQLiteStore) -> None:
    store.record_rejection(Rejection("a.txt", "empty file"))
    store.record_rejection(Rejection("b.bin", "binary file"))
    store.record_rejection(Rejection("a.txt", "binary file"))  # re-recorded: upsert
    got = store.rejections()
    assert sorted((r["source"], r["reason"]) for r in got) == [
        ("a.txt", "binary file"), ("b.bin", "binary file"),
    ]
    assert all(r["at"] for r in got)
    store.clear_rejection("a.txt")
    store.clear_rejection("never.txt")
    assert [r["source"] for r in store.rejections()] == ["b.bin"]


def test_line_counts_accumulate(store: SQLiteStore) -> None:
    assert store.line_counts("g", ["x", "y"]) == {"x": 0, "y": 0}
    store.add_line_counts("g", {"x": 2, "y": 1})
    store.add_line_counts("g", {"x": 1})
    store.add_line_counts("other", {"x": 5})
    store.add_line_counts("g", {})
    assert store.line_counts("g", ["x", "y", "z"]) == {"x": 3, "y": 1, "z": 0}
    assert store.line_counts("other", iter(["x"])) == {"x": 5}
    many = {f"k{i}": 1 for i in range(1300)}
    store.add_line_counts("big", many)
    assert store.line_counts("big", many) == many


def test_group_dates_are_the_stated_dates(store: SQLiteStore) -> None:
    # A corpus check may withdraw `published`; the stated date is what it judges.
    withdrawn = plain_document("a", group="g1")
    withdrawn.stated_date = "2024-01-01"
    store.write_documents([
        withdrawn,
        plain_document("b", group="g2", published="2024-01-02"),
        plain_document("c", group="g1"),
    ])
    assert store.group_dates("g1") == [
        ("a", "2024-01-01", content_id("text of a")),
        ("c", None, content_id("text of c")),
    ]
    assert store.group_dates("none") == []


def test_set_warnings(store: SQLiteStore) -> None:
    store.write_documents([full_document()])
    store.set_warnings("d1", ["placeholder date", "дата"])
    [doc] = store.documents()
    assert doc.warnings == ["placeholder date", "дата"]
    assert len(doc.quotes) == 2  # nothing else touched


def test_runs(store: SQLiteStore) -> None:
    first = store.start_run("presswatch ingest a/")
    store.finish_run(first, {"ingested": 3, "rejected": 1})
    second = store.start_run("presswatch ingest b/")
    assert second > first
    assert store.stats()["runs"] == 2
    assert store.stats()["last_run"] == {"ingested": 3, "rejected": 1}
    store.finish_run(second, {"ingested": 0})
    assert store.stats()["last_run"] == {"ingested": 0}
    runs = store.runs()
    assert [r["argv"] for r in runs] == ["presswatch ingest a/", "presswatch ingest b/"]
    assert runs[0]["finished"] and runs[0]["started"]


# -- reading -----------------------------------------------------------------------------


def test_stats(store: SQLiteStore) -> None:
    empty = store.stats()
    assert empty["documents"] == 0
    assert empty["published_min"] is None
    assert empty["last_run"] is None
    assert empty["top_entities"] == []

    ru = plain_document("r1", language="ru", outlet="TASS", published="2023-01-05",
                        entities=[Entity(id="e-put", name="Vladimir Putin", type="PERSON",
                                         mentions=[(0, 1), (2, 3)])])
    dup = plain_document("r2", language="ru", outlet="TASS", duplicate_of="r1")
    store.write_documents([full_document(), ru, dup])
    store.add_source("d1", "news/a.txt")
    store.add_source("d1", "mirror/a.txt")
    store.record_rejection(Rejection("x.bin", "binary file"))
    stats = store.stats()
    assert stats["documents"] == 3
    assert stats["duplicates"] == 1
    assert stats["sources"] == 4  # news/a.txt, mirror/a.txt, r1.txt, r2.txt
    assert stats["languages"] == {"ru": 2, "en": 1}
    assert stats["outlets"] == {"TASS": 2, "BelTA": 1}
    assert stats["entities"] == 3
    assert stats["mentions"] == 5
    assert (stats["quotes"], stats["figures"], stats["events"]) == (2, 2, 2)
    assert stats["rejected"] == 1
    assert (stats["published_min"], stats["published_max"]) == ("2023-01-05", "2023-12-06")
    assert stats["undated"] == 1
    assert stats["runs"] == 0
    assert stats["top_entities"][0] == ("Vladimir Putin", "PERSON", 2)
    assert ("Belarus", "GPE", 1) in stats["top_entities"]
    json.dumps(stats)


def test_search_follows_documents(store: SQLiteStore) -> None:
    """On either backend: a rewrite or a deletion changes what search finds."""
    store.write_documents([full_document(), plain_document("d2", text="Минск и Москва")])
    assert store.search("Lukashenko") == ["d1"]
    assert store.search("минск") == ["d2"]
    store.write_documents([full_document(title="Other", text="Completely different")])
    assert store.search("Lukashenko") == []
    assert store.search("different") == ["d1"]
    store._db.execute("DELETE FROM documents WHERE id = 'd2'")
    assert store.search("минск") == []
    assert rows(store, "SELECT count(*) FROM quotes WHERE doc_id = 'd2'") == 0


def test_fts_follows_documents(store: SQLiteStore) -> None:
    sqlite_only(store)
    store.write_documents([full_document(), plain_document("d2", text="Минск и Москва")])
    assert rows(store, "SELECT count(*) FROM documents_fts") == 2
    assert store.search("Lukashenko") == ["d1"]
    assert store.search("минск") == ["d2"]
    store.write_documents([full_document(title="Other", text="Completely different")])
    assert rows(store, "SELECT count(*) FROM documents_fts") == 2
    assert store.search("Lukashenko") == []
    assert store.search("different") == ["d1"]
    store._db.execute("DELETE FROM documents WHERE id = 'd2'")
    assert rows(store, "SELECT count(*) FROM documents_fts") == 1
    assert store.search("минск") == []
    assert rows(store, "SELECT count(*) FROM quotes WHERE doc_id = 'd2'") == 0
    store._db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")


def test_reader_sees_committed_writes(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with SQLiteStore(path) as writer, SQLiteStore(path) as reader:
        writer.write_documents([plain_document("a")])
        docs = reader.documents()
        assert next(docs).id == "a"
        writer.write_documents([plain_document("b")])
        assert [d.id for d in docs] == ["b"]  # streaming picks up later batches


# -- schema version 2: identities across documents ----------------------------------------

V1_SCHEMA = """
CREATE TABLE documents (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL, group_name TEXT NOT NULL DEFAULT '', text TEXT NOT NULL,
  text_hash TEXT NOT NULL, title TEXT, outlet TEXT, language TEXT NOT NULL, published TEXT,
  published_evidence TEXT, stated_date TEXT, stated_evidence TEXT,
  has_dateline INTEGER NOT NULL DEFAULT 0, dateline_place TEXT, dateline_date TEXT,
  duplicate_of TEXT, warnings TEXT NOT NULL DEFAULT '[]', ingested_at TEXT NOT NULL);
CREATE TABLE sources (source TEXT NOT NULL, doc_id TEXT NOT NULL, first_seen TEXT NOT NULL,
  PRIMARY KEY (source, doc_id)) WITHOUT ROWID;
CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL)
  WITHOUT ROWID;
CREATE TABLE doc_entities (doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, entity_id TEXT NOT NULL REFERENCES entities (id),
  roles TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (doc_id, ord)) WITHOUT ROWID;
CREATE TABLE entity_mentions (doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE
  CASCADE, ent_ord INTEGER NOT NULL, ord INTEGER NOT NULL,
  entity_id TEXT NOT NULL REFERENCES entities (id), start INTEGER NOT NULL,
  "end" INTEGER NOT NULL, PRIMARY KEY (doc_id, ent_ord, ord)) WITHOUT ROWID;
CREATE TABLE quotes (doc_id TEXT NOT NULL, ord INTEGER NOT NULL, text TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, speaker TEXT, speaker_id TEXT, cue TEXT,
  kind TEXT NOT NULL, PRIMARY KEY (doc_id, ord)) WITHOUT ROWID;
CREATE TABLE figures (doc_id TEXT NOT NULL, ord INTEGER NOT NULL, text TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL,
  metric TEXT, period TEXT, claimant TEXT, kind TEXT NOT NULL, PRIMARY KEY (doc_id, ord))
  WITHOUT ROWID;
CREATE TABLE events (doc_id TEXT NOT NULL, ord INTEGER NOT NULL, type TEXT NOT NULL,
  participants TEXT NOT NULL DEFAULT '[]', place TEXT, date TEXT, start INTEGER NOT NULL,
  "end" INTEGER NOT NULL, PRIMARY KEY (doc_id, ord)) WITHOUT ROWID;
CREATE TABLE rejected (source TEXT PRIMARY KEY, reason TEXT NOT NULL, at TEXT NOT NULL)
  WITHOUT ROWID;
CREATE TABLE line_stats (group_name TEXT NOT NULL, key TEXT NOT NULL, docs INTEGER NOT NULL,
  PRIMARY KEY (group_name, key)) WITHOUT ROWID;
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, argv TEXT NOT NULL,
  started TEXT NOT NULL, finished TEXT, counts TEXT);
INSERT INTO documents (id, source, text, text_hash, language, ingested_at)
  VALUES ('d1', 'a.txt', 'Лукашенко прибыл в Минск.', 'h1', 'ru', '2024-01-01');
INSERT INTO entities VALUES ('E1', 'Лукашенко', 'PERSON');
INSERT INTO doc_entities (doc_id, ord, entity_id, roles) VALUES ('d1', 0, 'E1', '[]');
INSERT INTO entity_mentions VALUES ('d1', 0, 0, 'E1', 0, 9);
PRAGMA user_version = 1;
"""


def test_version_1_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    db.close()
    with SQLiteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        [doc] = store.documents()
        [ent] = doc.entities
        assert (ent.id, ent.name, ent.mentions, ent.evidence, ent.aliases) == (
            "E1", "Лукашенко", [(0, 9)], [], []
        )
        assert ent.resolution is None and ent.role_spans == []
        # the stored name became the identity's first alias, with its document count
        assert rows(store, "SELECT alias || ':' || language || ':' || count "
                           "FROM entity_aliases") == "Лукашенко:ru:1"
        assert rows(store, "SELECT count(*) FROM entity_corrections") == 0
        store.write_documents([doc])  # and the new columns are written
        [again] = store.documents()
        assert again == doc


def test_alias_counts_follow_rewrites(store: SQLiteStore) -> None:
    doc = full_document()
    store.write_documents([doc])
    store.write_documents([doc])  # a rewrite counts each document once
    counts = dict(store._db.execute(
        "SELECT alias, count FROM entity_aliases WHERE entity_id = 'e-luk'"
    ).fetchall())
    assert counts == {"Alexander Lukashenko": 1, "Lukashenko": 1}
    store.write_documents([full_document("d2")])
    assert rows(store, "SELECT count FROM entity_aliases WHERE alias = 'Lukashenko'") == 2


def test_contract_optional_fields_round_trip(store: SQLiteStore) -> None:
    """speaker_text/speaker_span, claimant_id, participant_ids/planned and the database's
    aliases of an entity are stored and exported."""
    doc = full_document()
    q = doc.quotes[0]
    q.speaker_text, q.speaker_span = "the head of state", (14, 31)
    doc.figures[0].claimant_id = "e-luk"
    doc.events[0].participant_ids = ["e-luk", "e-put"]
    doc.events[0].planned = True
    doc.events[1].planned = False
    store.write_documents([doc])
    [back] = store.documents()
    record = back.to_contract()
    assert record["quotes"][0]["speaker_text"] == "the head of state"
    assert record["quotes"][0]["speaker_span"] == [14, 31]
    assert record["quotes"][1]["speaker_span"] is None
    assert record["figures"][0]["claimant_id"] == "e-luk"
    assert record["events"][0]["participant_ids"] == ["e-luk", "e-put"]
    assert [e["planned"] for e in record["events"]] == [True, False]
    luk = next(e for e in record["entities"] if e["id"] == "e-luk")
    assert luk["aliases"] == ["Lukashenko"]  # every known form but the canonical name
