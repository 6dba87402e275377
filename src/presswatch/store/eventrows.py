"""The SQL of event joining (:mod:`presswatch.extract.eventjoin`): reading document
events with their participants, and writing clusters, participants and re-extracted
events. Each function takes a store's connection (``connection(store)``, either backend)
and plain rows; the caller holds the transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

_EVENT_COLUMNS = """e.doc_id, e.ord, e.type, e.participants, e.place, e.date, e.start,
    e."end", d.duplicate_of, COALESCE(d.published, d.stated_date),
    substr(d.text, e.start + 1, e."end" - e.start), d.seq"""
# Keys per "IN (...)": far below either backend's limit on bound parameters.
CHUNK = 400


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def participants(db: Any, keys: Sequence[tuple[str, int]] | None = None
                 ) -> list[tuple[Any, ...]]:
    """(doc_id, ord, entity_id, name) of every event participant (or of the events
    ``keys``, (doc_id, ord) pairs), in order."""
    if keys is None:
        return db.execute("SELECT doc_id, ord, entity_id, name FROM event_participants "
                          "ORDER BY doc_id, ord, pos").fetchall()
    wanted = set(keys)
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(sorted({doc for doc, _ in wanted})):
        rows.extend(r for r in db.execute(
            "SELECT doc_id, ord, entity_id, name FROM event_participants "
            f"WHERE doc_id IN ({_marks(len(chunk))}) ORDER BY doc_id, ord, pos", list(chunk))
            if (r[0], r[1]) in wanted)
    return rows


def event_rows(db: Any, keys: Sequence[tuple[str, int]] | None = None
               ) -> list[tuple[Any, ...]]:
    """(doc_id, ord, type, participants, place, date, start, end, duplicate_of,
    publication date, evidence text, seq) of every document event (or of the events
    ``keys``), in ingest order."""
    if keys is None:
        return db.execute(f"""SELECT {_EVENT_COLUMNS}
            FROM events e JOIN documents d ON d.id = e.doc_id
            ORDER BY d.seq, e.ord""").fetchall()
    wanted = set(keys)
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(sorted({doc for doc, _ in wanted})):
        rows.extend(r for r in db.execute(
            f"""SELECT {_EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
            WHERE e.doc_id IN ({_marks(len(chunk))})""", list(chunk))
            if (r[0], r[1]) in wanted)
    return sorted(rows, key=lambda r: (r[11], r[1]))


def unjoined(db: Any) -> list[tuple[str, int]]:
    """(doc_id, ord) of the document events not joined yet (new, rewritten, or left by a
    dissolved cluster): the partial index ``events_unjoined``, never a scan."""
    return [(d, o) for d, o in db.execute(
        "SELECT doc_id, ord FROM events WHERE joined = 0").fetchall()]


def any_unjoined(db: Any) -> bool:
    return db.execute("SELECT 1 FROM events WHERE joined = 0 LIMIT 1").fetchone() is not None


def keyed(db: Any, keys: Sequence[str]) -> set[tuple[str, int]]:
    """(doc_id, ord) of the events stored under any of the join ``keys``."""
    found: set[tuple[str, int]] = set()
    for chunk in _chunks(sorted(set(keys))):
        found.update((d, o) for d, o in db.execute(
            f"SELECT doc_id, ord FROM event_join_keys WHERE key IN ({_marks(len(chunk))})",
            list(chunk)))
    return found


def events_of_documents(db: Any, doc_ids: Sequence[str]) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for chunk in _chunks(sorted(set(doc_ids))):
        found.update((d, o) for d, o in db.execute(
            f"SELECT doc_id, ord FROM events WHERE doc_id IN ({_marks(len(chunk))})",
            list(chunk)))
    return found


def copies_of(db: Any, doc_ids: Sequence[str]) -> list[str]:
    """The documents marked as copies (``duplicate_of``) of any of ``doc_ids``."""
    found: list[str] = []
    for chunk in _chunks(sorted(set(doc_ids))):
        found.extend(r[0] for r in db.execute(
            f"SELECT id FROM documents WHERE duplicate_of IN ({_marks(len(chunk))})",
            list(chunk)))
    return found


def clusters_of(db: Any, keys: Sequence[tuple[str, int]]) -> set[str]:
    """The clusters the events ``keys`` are members of."""
    wanted = set(keys)
    found: set[str] = set()
    for chunk in _chunks(sorted({doc for doc, _ in wanted})):
        found.update(c for d, o, c in db.execute(
            "SELECT doc_id, ord, cluster_id FROM event_cluster_members "
            f"WHERE doc_id IN ({_marks(len(chunk))})", list(chunk)) if (d, o) in wanted)
    return found


def cluster_members(db: Any, cluster_ids: Sequence[str]) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for chunk in _chunks(sorted(set(cluster_ids))):
        found.update((d, o) for d, o in db.execute(
            "SELECT doc_id, ord FROM event_cluster_members "
            f"WHERE cluster_id IN ({_marks(len(chunk))})", list(chunk)))
    return found


def document_entity_names(db: Any, doc_ids: Sequence[str]) -> list[tuple[str, str, str]]:
    """(document id, display name, entity id) of the entities of ``doc_ids``, a few
    hundred documents per query."""
    out: list[tuple[str, str, str]] = []
    for chunk in _chunks(list(doc_ids)):
        out += db.execute(
            f"""SELECT de.doc_id, en.name, de.entity_id FROM doc_entities de
               JOIN entities en ON en.id = de.entity_id
               WHERE de.doc_id IN ({_marks(len(chunk))})""",
            list(chunk)).fetchall()
    return out


def entity_names(db: Any, ids: Sequence[str] | None = None) -> dict[str, str]:
    """Display names of the entities ``ids`` (default: all)."""
    if ids is None:
        return dict(db.execute("SELECT id, name FROM entities").fetchall())
    names: dict[str, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        names.update(db.execute(
            f"SELECT id, name FROM entities WHERE id IN ({_marks(len(chunk))})",
            list(chunk)).fetchall())
    return names


def clear_clusters(db: Any) -> None:
    """Delete every cluster, member row and join key; every event unjoined (a full
    join follows)."""
    db.execute("DELETE FROM event_cluster_members")
    db.execute("DELETE FROM event_clusters")
    db.execute("DELETE FROM event_join_keys")
    db.execute("UPDATE events SET joined = 0 WHERE joined = 1")


_CLUSTER_COLUMNS = ("id", "type", "date", "place", "participants", "participant_ids",
                    "first_date", "last_date", "sources")


def _insert_clusters(db: Any, clusters: Sequence[Sequence[Any]],
                     members: Sequence[Sequence[Any]]) -> None:
    if getattr(db, "dialect", None) == "postgresql":  # one COPY per table
        from presswatch.store.postgres.bulk import copy_rows

        if clusters:
            copy_rows(db.conn, "event_clusters", _CLUSTER_COLUMNS, clusters)
        if members:
            copy_rows(db.conn, "event_cluster_members", ("doc_id", "ord", "cluster_id"),
                      members)
        return
    db.executemany(
        f"""INSERT INTO event_clusters ({", ".join(_CLUSTER_COLUMNS)})
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", clusters)
    db.executemany(
        "INSERT INTO event_cluster_members (doc_id, ord, cluster_id) VALUES (?, ?, ?)",
        members)


def rejoin(db: Any, old_clusters: Sequence[str], clusters: Sequence[Sequence[Any]],
           members: Sequence[Sequence[Any]], keys: Sequence[tuple[str, str, int]]) -> None:
    """Replace the clusters ``old_clusters`` (and their member rows) by ``clusters`` with
    ``members`` (doc_id, ord, cluster_id); mark every member's event joined; store the
    join ``keys`` (key, doc_id, ord) of the events joined for the first time."""
    for chunk in _chunks(sorted(set(old_clusters))):
        db.execute(f"DELETE FROM event_cluster_members WHERE cluster_id IN "
                   f"({_marks(len(chunk))})", list(chunk))
        db.execute(f"DELETE FROM event_clusters WHERE id IN ({_marks(len(chunk))})",
                   list(chunk))
    fresh = sorted({(d, o) for _, d, o in keys})
    db.executemany("DELETE FROM event_join_keys WHERE doc_id = ? AND ord = ?", fresh)
    db.executemany(
        "INSERT INTO event_join_keys (key, doc_id, ord) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING", keys)
    _insert_clusters(db, clusters, members)
    db.executemany("UPDATE events SET joined = 1 WHERE doc_id = ? AND ord = ?",
                   [(d, o) for d, o, _ in members])


def dissolve(db: Any, doc_ids: Sequence[str]) -> None:
    """Before the events of ``doc_ids`` are rewritten: the clusters they are members of
    are deleted and their other members marked unjoined (the next join builds them
    again from what is stored then)."""
    for chunk in _chunks(sorted(set(doc_ids))):
        marks = _marks(len(chunk))
        clusters = f"""SELECT cluster_id FROM event_cluster_members
            WHERE doc_id IN ({marks})"""
        db.execute(f"""UPDATE events SET joined = 0 WHERE joined = 1 AND EXISTS (
            SELECT 1 FROM event_cluster_members m WHERE m.doc_id = events.doc_id
            AND m.ord = events.ord AND m.cluster_id IN ({clusters}))""", list(chunk))
        db.execute(f"DELETE FROM event_clusters WHERE id IN ({clusters})", list(chunk))
        db.execute(f"""DELETE FROM event_cluster_members WHERE cluster_id IN (
            SELECT cluster_id FROM event_cluster_members WHERE doc_id IN ({marks}))""",
                   list(chunk))
        db.execute(f"DELETE FROM event_join_keys WHERE doc_id IN ({marks})", list(chunk))


def participant_rows(doc_id: str, participants: Sequence[tuple[int, Sequence[str]]],
                     names: dict[str, str]) -> list[tuple[Any, ...]]:
    """The ``event_participants`` rows (doc_id, ord, pos, entity_id, name) of a
    document's events, ``participants`` (ord, names) of each event, ``names`` the
    document's entity ids by display name: each name once per event, its entity id when
    the document has an entity of that name (else NULL)."""
    rows: list[tuple[Any, ...]] = []
    for ord_, event_names in participants:
        seen: set[str] = set()
        for name in event_names:
            if name in seen:
                continue
            seen.add(name)
            rows.append((doc_id, ord_, len(seen) - 1, names.get(name), name))
    return rows


# Schema version 9: what makes event joining incremental. Written for both backends
# (SQLite and PostgreSQL read the same statements).
JOIN_DDL = (
    "ALTER TABLE events ADD COLUMN joined INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX IF NOT EXISTS events_unjoined ON events (doc_id, ord) WHERE joined = 0",
    """CREATE TABLE IF NOT EXISTS event_join_keys (
        key     TEXT    NOT NULL,
        doc_id  TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ord     INTEGER NOT NULL,
        PRIMARY KEY (key, doc_id, ord))""",
    "CREATE INDEX IF NOT EXISTS event_join_keys_doc ON event_join_keys (doc_id, ord)",
)
# The same on PostgreSQL, ids compared byte-wise (COLLATE "C", as every id column there).
PG_JOIN_DDL = tuple(s.replace("TEXT    NOT NULL", 'TEXT COLLATE "C" NOT NULL')
                    for s in JOIN_DDL)


def migrate_join(db: Any, ddl: Sequence[str] = JOIN_DDL) -> None:
    """Schema version 9 (see :data:`JOIN_DDL`): the flag and keys of incremental
    joining; the clusters are rebuilt by the next join (they are derived rows); every
    event with participants gets its ``event_participants`` rows."""
    for statement in ddl:
        db.execute(statement)
    db.execute("DELETE FROM event_cluster_members")
    db.execute("DELETE FROM event_clusters")
    backfill_participants(db)


def backfill_participants(db: Any) -> int:
    """``event_participants`` rows for the stored events that have participants and
    none stored (databases written before ingest stored them), by display name through
    the document's entities; the number of rows written."""
    todo: dict[str, list[tuple[int, list[str]]]] = {}
    for doc_id, ord_, participants in db.execute(
            """SELECT e.doc_id, e.ord, e.participants FROM events e
            WHERE e.participants != '[]' AND NOT EXISTS (
                SELECT 1 FROM event_participants p
                WHERE p.doc_id = e.doc_id AND p.ord = e.ord)
            ORDER BY e.doc_id, e.ord""").fetchall():
        todo.setdefault(doc_id, []).append((ord_, json.loads(participants or "[]")))
    written = 0
    for doc_id, events in todo.items():
        names = dict(db.execute(
            """SELECT en.name, de.entity_id FROM doc_entities de
            JOIN entities en ON en.id = de.entity_id WHERE de.doc_id = ?
            ORDER BY de.ord""", (doc_id,)).fetchall())
        rows = participant_rows(doc_id, events, names)
        db.executemany("INSERT INTO event_participants (doc_id, ord, pos, entity_id, name) "
                       "VALUES (?, ?, ?, ?, ?)", rows)
        written += len(rows)
    return written


def replace_participants(db: Any, doc_id: str, rows: Sequence[Sequence[Any]]) -> None:
    """A document's participant rows (doc_id, ord, pos, entity_id, name)."""
    db.execute("DELETE FROM event_participants WHERE doc_id = ?", (doc_id,))
    db.executemany("INSERT INTO event_participants (doc_id, ord, pos, entity_id, name) "
                   "VALUES (?, ?, ?, ?, ?)", rows)


def replace_events(db: Any, doc_id: str, rows: Sequence[Sequence[Any]]) -> None:
    """A document's event rows (doc_id, ord, type, participants, place, date, start, end,
    participant_ids, planned)."""
    db.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
    db.executemany(
        """INSERT INTO events (doc_id, ord, type, participants, place, date,
               start, "end", participant_ids, planned)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)

