"""Joined events with their sources: read-only queries over the event tables
(:mod:`presswatch.extract.eventjoin`; the SQL is in :mod:`presswatch.store.reads`). An
ingest joins its events as its last step; events left unjoined (a database migrated from
an older schema, an ingest stopped before that step) are joined on first use
(``join_events``, incrementally)."""

from __future__ import annotations

import json
import weakref
from typing import Any

from presswatch.extract.eventjoin import ensure_event_tables, join_events
from presswatch.query.params import Page
from presswatch.query.rows import EventRow, EventSource
from presswatch.store import eventrows, reads
from presswatch.store.sqlite import connection

__all__ = ["ensure_joined", "events_page", "list_events"]

# Per open store, the change token at its last check: the look-up for unjoined events is
# made again only after something was committed.
_CHECKED: weakref.WeakKeyDictionary[Any, object] = weakref.WeakKeyDictionary()


def ensure_joined(store: Any) -> None:
    """Join the stored events not joined yet (an ingest joins its own as its last step:
    this is for a database migrated from an older schema, or an ingest stopped before
    that step), incrementally. One indexed look-up when there is nothing to join. A
    read-only store (a reader role, ``presswatch serve`` over a read-only file) is never
    written: it shows the clusters it has."""
    if getattr(store, "read_only", False):
        return
    token = store.change_token()
    if _CHECKED.get(store) == token:  # nothing committed since the last check
        return
    conn = connection(store)
    ensure_event_tables(conn)
    if eventrows.any_unjoined(conn):
        join_events(store)
    _CHECKED[store] = store.change_token()


def entity_id_of(store: Any, ref: str) -> str:
    from presswatch.query.entities import resolve_ref

    return resolve_ref(store, ref)


def events_page(store: Any, *, entity_id: str | None = None, type_: str | None = None,
                since: str | None = None, until: str | None = None, limit: int = 50,
                offset: int = 0) -> Page[EventRow]:
    """Joined events, newest first, with their sources. Dates filter on the event date
    (inclusive; events without a date are left out by a date filter)."""
    ensure_joined(store)
    conn = connection(store)
    total, page = reads.event_clusters(conn, type_=type_, since=since, until=until,
                                       entity_id=entity_id, limit=limit, offset=offset)
    sources = reads.event_sources(conn, [r[0] for r in page])
    # Participants under their entities' current display names (a later ingest or a
    # rename may have changed them since the join).
    shown = eventrows.entity_names(conn, [i for r in page for i in json.loads(r[5])])
    items = [
        EventRow(cid, t, date, place,
                 [shown.get(i, n) for i, n in zip(json.loads(ids), json.loads(names),
                                                   strict=False)],
                 json.loads(ids), first, last,
                 [EventSource(*s) for s in sources.get(cid, [])])
        for cid, t, date, place, names, ids, first, last in page
    ]
    return Page(items, total, limit, offset)


def list_events(store: Any, entity: str | None = None, type_: str | None = None,
                since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Joined events, newest first, as dicts: {id, type, date, place, participants,
    participant_ids, first_date, last_date, sources: [{doc_id, source, title, outlet,
    published, start, end, evidence}]}. ``entity``: a name, alias or id."""
    eid = entity_id_of(store, entity) if entity else None
    page = events_page(store, entity_id=eid, type_=type_, since=since, until=until, limit=0)
    return [row.to_dict() for row in page.items]
