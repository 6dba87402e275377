"""The SQL of event joining (:mod:`presswatch.extract.eventjoin`): reading document
events with their participants, and writing clusters, participants and re-extracted
events. Each function takes a store's connection (``connection(store)``, either backend)
and plain rows; the caller holds the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Ids per "IN (...)" query (far below either database's limit on parameters).
_IDS_PER_QUERY = 500


def participants(db: Any) -> list[tuple[Any, ...]]:
    """(doc_id, ord, entity_id, name) of every event participant, in order."""
    return db.execute("SELECT doc_id, ord, entity_id, name FROM event_participants "
                      "ORDER BY doc_id, ord, pos").fetchall()


def event_rows(db: Any) -> list[tuple[Any, ...]]:
    """(doc_id, ord, type, participants, place, date, start, end, duplicate_of,
    publication date, evidence text) of every document event, in ingest order."""
    return db.execute(
        """SELECT e.doc_id, e.ord, e.type, e.participants, e.place, e.date, e.start, e."end",
                  d.duplicate_of, COALESCE(d.published, d.stated_date),
                  substr(d.text, e.start + 1, e."end" - e.start)
           FROM events e JOIN documents d ON d.id = e.doc_id
           ORDER BY d.seq, e.ord""").fetchall()


def document_entity_names(db: Any, doc_ids: Sequence[str]) -> list[tuple[str, str, str]]:
    """(document id, display name, entity id) of the entities of ``doc_ids``, a few
    hundred documents per query."""
    out: list[tuple[str, str, str]] = []
    ids = list(doc_ids)
    for i in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[i:i + _IDS_PER_QUERY]
        out += db.execute(
            f"""SELECT de.doc_id, en.name, de.entity_id FROM doc_entities de
               JOIN entities en ON en.id = de.entity_id
               WHERE de.doc_id IN ({",".join("?" * len(chunk))})""",
            chunk).fetchall()
    return out


def entity_names(db: Any) -> dict[str, str]:
    return dict(db.execute("SELECT id, name FROM entities").fetchall())


_CLUSTER_COLUMNS = ("id", "type", "date", "place", "participants", "participant_ids",
                    "first_date", "last_date", "sources")


def replace_clusters(db: Any, clusters: Sequence[Sequence[Any]],
                     members: Sequence[Sequence[Any]]) -> None:
    """Every cluster (id, type, date, place, participants, participant_ids, first_date,
    last_date, sources) and member (doc_id, ord, cluster_id), replacing the old ones."""
    db.execute("DELETE FROM event_cluster_members")
    db.execute("DELETE FROM event_clusters")
    if getattr(db, "dialect", None) == "postgresql":  # one COPY per table
        from presswatch.store.postgres.bulk import copy_rows

        copy_rows(db.conn, "event_clusters", _CLUSTER_COLUMNS, clusters)
        copy_rows(db.conn, "event_cluster_members", ("doc_id", "ord", "cluster_id"), members)
        return
    db.executemany(
        f"""INSERT INTO event_clusters ({", ".join(_CLUSTER_COLUMNS)})
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", clusters)
    db.executemany(
        "INSERT INTO event_cluster_members (doc_id, ord, cluster_id) VALUES (?, ?, ?)",
        members)


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
