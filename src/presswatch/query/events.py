"""Joined events with their sources: read-only queries over the event tables
(:mod:`presswatch.extract.eventjoin`). The clusters are built on first use when the
database has events but no clusters yet (``join_events``)."""

from __future__ import annotations

import json
from typing import Any

from presswatch.extract.eventjoin import ensure_event_tables, join_events
from presswatch.store.sqlite import connection

__all__ = ["ensure_joined", "list_events"]


def ensure_joined(store: Any) -> None:
    """Join the stored events when no cluster exists yet (or the events changed count)."""
    conn = connection(store)
    ensure_event_tables(conn)
    events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    members = conn.execute("SELECT count(*) FROM event_cluster_members").fetchone()[0]
    if events != members:
        join_events(store)


def entity_id_of(store: Any, ref: str) -> str:
    from presswatch.query.entities import resolve_ref

    return resolve_ref(store, ref)


def list_events(store: Any, entity: str | None = None, type_: str | None = None,
                since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Joined events, newest first: {id, type, date, place, participants,
    participant_ids, first_date, last_date, sources: [{doc_id, source, title, outlet,
    published, start, end, evidence}]}. ``entity``: a name, alias or id; dates filter on
    the event date (inclusive; events without a date are left out by a date filter)."""
    ensure_joined(store)
    conn = connection(store)
    eid = entity_id_of(store, entity) if entity else None
    sql = ["SELECT id, type, date, place, participants, participant_ids, first_date,"
           " last_date FROM event_clusters WHERE 1 = 1"]
    args: list[Any] = []
    if type_:
        sql.append("AND type = ?")
        args.append(type_)
    if since:
        sql.append("AND date >= ?")
        args.append(since)
    if until:
        sql.append("AND substr(date, 1, 10) <= ?")
        args.append(until)
    sql.append("ORDER BY date DESC, id")
    out = []
    for cid, t, date, place, names, ids, first, last in conn.execute(" ".join(sql), args):
        pids = json.loads(ids)
        if eid and eid not in pids:
            continue
        sources = [
            {"doc_id": d, "source": src, "title": title, "outlet": outlet,
             "published": pub, "start": s, "end": e, "evidence": text[s:e]}
            for d, src, title, outlet, pub, s, e, text in conn.execute(
                """SELECT m.doc_id, doc.source, doc.title, doc.outlet, doc.published,
                          ev.start, ev."end", doc.text
                   FROM event_cluster_members m
                   JOIN events ev ON ev.doc_id = m.doc_id AND ev.ord = m.ord
                   JOIN documents doc ON doc.id = m.doc_id
                   WHERE m.cluster_id = ? ORDER BY doc.published, doc.seq""", (cid,))]
        out.append({"id": cid, "type": t, "date": date, "place": place,
                    "participants": json.loads(names), "participant_ids": pids,
                    "first_date": first, "last_date": last, "sources": sources})
    return out
