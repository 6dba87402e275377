"""One event, many articles: joining document-level events across the database.

Two document events are the same happening when they are of the same type family
(meeting and talks are one family, see :func:`~presswatch.extract.events.type_family`)
and either

* share a participant (database-wide entity id) and their dates are at most one day
  apart, or
* have the same place and the same date;

or when one document is a copy (``duplicate_of``) of the other and they share type and a
participant. An announced event is never joined with one reported as having happened (a
"will meet on May 15" article and the "met" report of May 15 stay two clusters; two
announcements of the same meeting do join): the stored row has no status, so the join
reads it back as *planned* when the event's date is after its document's publication
date, or, for an undated event, when its evidence sentence announces
(:func:`~presswatch.extract.events.planned_evidence`: future tense, "plans to",
"состоится", "посетит"...). An event without a date of its own is joined as of its document's
publication date (news reports what happened within a day or so; the exported date
stays ``None``); an event with neither joins only through copies.

Near-linear: events are indexed by (family, date, participant id) and (family, date,
place); each event looks only at the buckets of its own date and the days either side,
and the links go into a union-find. Clusters are written to the tables of
:func:`ensure_event_tables`.

Incremental: :func:`join_events` joins only what is not joined yet (the events of new or
rewritten documents, and the other members of the clusters a rewrite dissolved:
``events.joined = 0``, a partial index) together with the stored clusters they can
belong to, found by indexed look-ups of the same buckets: every joined event is stored
under its keys (status, family, day, participant id or place key) in
``event_join_keys``, and a new event probes the keys of its day and the days either
side, and the copies it has or is. A stored cluster is a connected component of the
links among stored events, so the new clusters are the components of the new events
with the clusters they touch: the result is the full join's (``full=True``), at a cost
proportional to the new events and the clusters they reach.

:func:`rebuild_events` (re)extracts every stored document's events from its text and its
stored entities (the documents are annotated again), for databases ingested before the
pipeline ran the event extractor; the pipeline itself writes the same rows at ingest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from presswatch.extract.events import EventRecord, planned_evidence, type_family
from presswatch.extract.namekeys import place_key
from presswatch.store import eventrows
from presswatch.store.sqlite import connection

__all__ = [
    "EVENT_TABLES_DDL",
    "Cluster",
    "Member",
    "ensure_event_tables",
    "join_events",
    "link_events",
    "rebuild_events",
    "write_event_participants",
]

# The tables live with the rest of the schema (store/events.sql, migration 4).
EVENT_TABLES_DDL = (
    resources.files("presswatch.store").joinpath("events.sql").read_text(encoding="utf-8")
)

# Its statements, comments first taken out (they may hold semicolons).
_EVENT_STATEMENTS = [
    statement for statement in "\n".join(
        line.split("--", 1)[0] for line in EVENT_TABLES_DDL.splitlines()).split(";")
    if statement.strip()
]


def ensure_event_tables(conn: Any) -> None:
    """Create the joined-event tables when absent (idempotent; a PostgreSQL database
    has them from its creation)."""
    db = connection(conn)
    if isinstance(db, sqlite3.Connection) and db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
            "('event_participants', 'event_clusters', 'event_cluster_members')"
    ).fetchone()[0] < 3:
        # statement by statement: executescript would commit a transaction in progress
        for statement in _EVENT_STATEMENTS:
            db.execute(statement)


@dataclass(slots=True)
class Member:
    doc_id: str
    ord: int
    type: str
    participant_ids: list[str]
    participants: list[str]
    place: str | None
    date: str | None
    start: int = 0
    end: int = 0
    duplicate_of: str | None = None
    published: str | None = None
    status: str = "happened"  # or "planned" (see the module docstring)
    seq: int = 0  # the document's ingest order (members are joined in this order)


@dataclass(slots=True)
class Cluster:
    id: str
    type: str
    date: str | None
    place: str | None
    participant_ids: list[str]
    participants: list[str]
    members: list[Member] = field(default_factory=list)

    @property
    def first_date(self) -> str | None:
        dates = sorted(m.date for m in self.members if m.date)
        return dates[0] if dates else None

    @property
    def last_date(self) -> str | None:
        dates = sorted(m.date for m in self.members if m.date)
        return dates[-1] if dates else None


def _day(value: str | None) -> dt.date | None:
    if not value or len(value) < 10 or value[0] == "-":
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _place_key(place: str | None) -> str | None:
    if not place:
        return None
    return " ".join(place_key(w) for w in place.split())


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link_events(members: Sequence[Member]) -> list[list[int]]:
    """Groups of indexes into ``members`` that are one happening (see the module doc)."""
    uf = _UnionFind(len(members))
    by_pid: dict[tuple[str, dt.date, str], list[int]] = defaultdict(list)
    by_place: dict[tuple[str, dt.date, str], list[int]] = defaultdict(list)
    by_doc: dict[str, list[int]] = defaultdict(list)
    days: list[dt.date | None] = []
    for i, m in enumerate(members):
        fam = type_family(m.type)
        day = _day(m.date) or _day(m.published)
        days.append(day)
        by_doc[m.doc_id].append(i)
        if day is None:
            continue
        for pid in m.participant_ids:
            by_pid[(fam, day, pid)].append(i)
        pk = _place_key(m.place)
        if pk:
            by_place[(fam, day, pk)].append(i)

    def same_status(i: int, j: int) -> bool:
        return members[i].status == members[j].status

    one = dt.timedelta(days=1)
    for i, m in enumerate(members):
        fam = type_family(m.type)
        ids = set(m.participant_ids)
        day = days[i]
        if day is not None:
            for d in (day - one, day, day + one):
                for pid in ids:
                    for j in by_pid.get((fam, d, pid), ()):
                        if j != i and same_status(i, j):
                            uf.union(i, j)
            pk = _place_key(m.place)
            if pk:
                for j in by_place.get((fam, day, pk), ()):
                    if j != i and same_status(i, j):
                        uf.union(i, j)
        if m.duplicate_of:
            for j in by_doc.get(m.duplicate_of, ()):
                o = members[j]
                if type_family(o.type) == fam and ids & set(o.participant_ids) and \
                        same_status(i, j):
                    uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(members)):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _cluster(members: list[Member]) -> Cluster:
    types = Counter(m.type for m in members)
    type_ = max(types, key=lambda t: (types[t], t == members[0].type))
    dates = Counter(m.date for m in members if _day(m.date))
    date = max(dates, key=lambda d: (dates[d], d)) if dates else None
    places = Counter(m.place for m in members if m.place)
    place = max(places, key=lambda p: (places[p], -len(p))) if places else None
    ids: list[str] = []
    names: list[str] = []
    for m in members:
        for pid, name in zip(m.participant_ids, m.participants, strict=False):
            if pid not in ids:
                ids.append(pid)
                names.append(name)
    key = min(f"{m.doc_id}:{m.ord}" for m in members)
    cid = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return Cluster(cid, type_, date, place, ids, names, list(members))


def read_members(conn: Any, keys: Sequence[tuple[str, int]] | None = None
                 ) -> list[Member]:
    """Every stored document event (or the events ``keys``, (doc_id, ord) pairs), in
    ingest order, participants as entity ids (from event_participants, else by name
    through the document's entities)."""
    if keys is not None and not keys:
        return []
    parts: dict[tuple[str, int], list[tuple[str | None, str]]] = defaultdict(list)
    for doc_id, ord_, entity_id, name in eventrows.participants(conn, keys):
        parts[(doc_id, ord_)].append((entity_id, name))
    by_name: dict[tuple[str, str], str] = {}
    out: list[Member] = []
    rows = eventrows.event_rows(conn, keys)
    missing = {r[0] for r in rows if (r[0], r[1]) not in parts}
    for doc_id, name, eid in eventrows.document_entity_names(conn, sorted(missing)):
        by_name[(doc_id, name)] = eid
    for doc_id, ord_, type_, participants, place, date, start, end, dup, pub, ev, seq in rows:
        names = json.loads(participants or "[]")
        found = parts.get((doc_id, ord_))
        if found is not None:
            ids = [eid or f"name:{n}" for eid, n in found]
            names = [n for _, n in found]
        else:
            ids = [by_name.get((doc_id, n)) or f"name:{n}" for n in names]
        out.append(Member(doc_id, ord_, type_, ids, names, place, date, start, end, dup, pub,
                          _status(date, pub, ev or ""), seq))
    return out


def member_keys(m: Member) -> list[str]:
    """The join keys ``m`` is stored under: (status, family, day, participant id) and
    (status, family, day, place key); none without a day."""
    day = _day(m.date) or _day(m.published)
    if day is None:
        return []
    fam = type_family(m.type)
    keys = [f"{m.status}|{fam}|{day}|p|{pid}" for pid in dict.fromkeys(m.participant_ids)]
    pk = _place_key(m.place)
    if pk:
        keys.append(f"{m.status}|{fam}|{day}|l|{pk}")
    return keys


def probe_keys(m: Member) -> list[str]:
    """The keys of the events ``m`` links with by :func:`link_events`' first two rules:
    a shared participant on its day or the days either side, its place on its day."""
    day = _day(m.date) or _day(m.published)
    if day is None:
        return []
    fam = type_family(m.type)
    one = dt.timedelta(days=1)
    keys = [f"{m.status}|{fam}|{d}|p|{pid}" for d in (day - one, day, day + one)
            for pid in dict.fromkeys(m.participant_ids)]
    pk = _place_key(m.place)
    if pk:
        keys.append(f"{m.status}|{fam}|{day}|l|{pk}")
    return keys


def _status(date: str | None, published: str | None, evidence: str) -> str:
    """A stored event's status: planned when dated after its publication, or undated with
    an announcing evidence sentence (see the module docstring)."""
    day, pub = _day(date), _day(published)
    if day is not None:
        return "planned" if pub is not None and day > pub else "happened"
    return "planned" if planned_evidence(evidence) else "happened"


def join_events(store: Any, *, full: bool = False) -> list[Cluster]:
    """Join the stored document events not joined yet with the clusters they belong to
    (every event when ``full``), write the clusters, and return those written. The
    result is the same as a full join's (see the module docstring). Read and written in
    the store's write transaction (its write lock): a concurrent ingest that commits a
    chunk meanwhile is either all in or joined by its own last step."""
    conn = connection(store)
    ensure_event_tables(conn)
    # The store's write transaction (its write lock: another ingest may join at once).
    with store.batch() if hasattr(store, "batch") else conn:
        if full:
            eventrows.clear_clusters(conn)
        fresh_keys = eventrows.unjoined(conn)
        if not fresh_keys:
            return []
        fresh = read_members(conn, fresh_keys)
        new = set(fresh_keys)
        linked = eventrows.keyed(conn, [k for m in fresh for k in probe_keys(m)])
        copies = [m.duplicate_of for m in fresh if m.duplicate_of]
        copies += eventrows.copies_of(conn, sorted({m.doc_id for m in fresh}))
        linked |= eventrows.events_of_documents(conn, copies)
        touched = eventrows.clusters_of(conn, sorted(linked - new))
        others = eventrows.cluster_members(conn, sorted(touched)) - new
        members = sorted([*fresh, *read_members(conn, sorted(others))],
                         key=lambda m: (m.seq, m.ord))
        clusters = [_cluster([members[i] for i in g]) for g in link_events(members)]
        # Display names follow the entities table (renames, cross-language display names).
        names = eventrows.entity_names(conn, [p for c in clusters for p in c.participant_ids])
        for c in clusters:
            c.participants = [names.get(pid, n) for pid, n in zip(c.participant_ids,
                                                                  c.participants, strict=True)]
        eventrows.rejoin(
            conn, sorted(touched),
            [(c.id, c.type, c.date, c.place, json.dumps(c.participants, ensure_ascii=False),
              json.dumps(c.participant_ids), c.first_date, c.last_date,
              len({m.doc_id for m in c.members})) for c in clusters],
            [(m.doc_id, m.ord, c.id) for c in clusters for m in c.members],
            [(k, m.doc_id, m.ord) for m in fresh for k in member_keys(m)])
    return clusters


def write_event_participants(conn: Any, doc_id: str, records: Iterable[EventRecord]) -> None:
    """The participant ids of a document's events (call after the events rows are
    written, with the same order)."""
    db = connection(conn)
    ensure_event_tables(db)
    rows = []
    for ord_, rec in enumerate(records):
        seen: set[str] = set()
        pos = 0
        for ent in rec.participants:
            if ent.name in seen:
                continue
            seen.add(ent.name)
            rows.append((doc_id, ord_, pos, ent.id, ent.name))
            pos += 1
    eventrows.replace_participants(db, doc_id, rows)


def rebuild_events(store: Any, doc_ids: Iterable[str] | None = None) -> int:
    """Extract the events of stored documents again (annotating their texts) and write
    the ``events`` and ``event_participants`` rows; returns the number of events."""
    from presswatch.extract.events import extract_event_records
    from presswatch.extract.quotes import SimpleLookup
    from presswatch.nlp import backend_for

    conn = connection(store)
    ensure_event_tables(conn)
    total = 0
    docs = list(store.documents(list(doc_ids) if doc_ids is not None else None))
    by_lang: dict[str, list[Any]] = defaultdict(list)
    for doc in docs:
        by_lang[doc.language].append(doc)
    for lang, group in by_lang.items():
        backend = backend_for(lang)
        if backend is None:
            continue
        for doc, ann in zip(group, backend.annotate(d.text for d in group), strict=True):
            dl = doc.dateline
            records = extract_event_records(
                doc.text, ann, SimpleLookup(doc.entities), doc.published or doc.stated_date,
                dl.date if dl else None, dl.place if dl else None)
            with conn:
                events = [r.to_event() for r in records]
                eventrows.dissolve(conn, [doc.id])
                eventrows.replace_events(
                    conn, doc.id,
                    [(doc.id, k, e.type, json.dumps(e.participants, ensure_ascii=False),
                      e.place, e.date, e.start, e.end, json.dumps(e.participant_ids),
                      int(bool(e.planned))) for k, e in enumerate(events)])
                write_event_participants(conn, doc.id, records)
            total += len(records)
    return total
