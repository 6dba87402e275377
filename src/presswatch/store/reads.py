"""The read queries of the query layer (:mod:`presswatch.query`): every SELECT the
document listings and view, entity profiles, quotes, figures, events, the network and
timelines run lives here, so no SQL is written outside ``store/``; full-text search
(ranking, snippets, facets, a query's timeline) is in :mod:`presswatch.store.textsearch`.

Each function takes a :class:`sqlite3.Connection` (``connection(store)``), or the
PostgreSQL backend's connection, which runs the same statements
(:mod:`presswatch.store.postgres.dialect`), and plain, already validated values; the query
layer turns the rows into typed objects. Names compare case-insensitively in any script
through ``pw_lower`` (Python's ``str.lower``; SQLite's ``lower`` folds ASCII only). Where
the two databases differ in kind (full-text search: FTS5 there, ``tsvector`` here; week
arithmetic), a function asks :func:`is_pg`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

DOC_LIST = ("d.id, d.title, d.published, d.outlet, d.language, d.source, d.duplicate_of,"
            " d.warnings")


def _lower(value: str | None) -> str | None:
    return value.lower() if value is not None else None


def prepare(db: sqlite3.Connection) -> sqlite3.Connection:
    """Register ``pw_lower`` (idempotent, cheap) and return the connection."""
    db.create_function("pw_lower", 1, _lower, deterministic=True)
    return db


def is_pg(db: Any) -> bool:
    """Whether ``db`` is the PostgreSQL backend's connection."""
    return getattr(db, "dialect", None) == "postgresql"


def like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def page_sql(limit: int, offset: int) -> str:
    return f" LIMIT {int(limit) if limit else -1} OFFSET {int(offset)}"


def _day_range(where: list[str], args: list[Any], column: str, since: str | None,
               until: str | None) -> None:
    """Conditions keeping rows whose ``column`` (a date or timestamp) falls on a day from
    ``since`` to ``until``, both included; an undated row is never in a range."""
    for bound, op in ((since, ">="), (until, "<=")):
        if bound:
            where.append(f"{column} IS NOT NULL AND substr({column}, 1, 10) {op} ?")
            args.append(bound)


# -- documents and search ----------------------------------------------------------------
def doc_filters(since: str | None = None, until: str | None = None, outlet: str | None = None,
                language: str | None = None, entity_id: str | None = None
                ) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    _day_range(where, args, "d.published", since, until)
    if outlet:
        where.append("pw_lower(d.outlet) = pw_lower(?)")
        args.append(outlet)
    if language:
        where.append("d.language = ?")
        args.append(language)
    if entity_id:
        where.append("EXISTS (SELECT 1 FROM doc_entities de WHERE de.doc_id = d.id"
                     " AND de.entity_id = ?)")
        args.append(entity_id)
    return where, args


def list_documents(
    db: sqlite3.Connection, *, since: str | None = None, until: str | None = None,
    outlet: str | None = None, language: str | None = None, entity_id: str | None = None,
    limit: int = 20, offset: int = 0,
) -> tuple[int, list[tuple[Any, ...]]]:
    """(total, rows of (id, title, published, outlet, language, source, duplicate_of,
    warnings)) in ingest order."""
    prepare(db)
    where, args = doc_filters(since, until, outlet, language, entity_id)
    body = "FROM documents d WHERE 1 = 1" + "".join(f" AND ({w})" for w in where)
    total = db.execute(f"SELECT count(*) {body}", args).fetchone()[0]
    rows = db.execute(f"SELECT {DOC_LIST} {body} ORDER BY d.seq" + page_sql(limit, offset),
                      args).fetchall()
    return total, rows


def people_of(db: sqlite3.Connection, doc_ids: Sequence[str]) -> dict[str, list[str]]:
    """The PERSON names of each document, in document order."""
    out: dict[str, list[str]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    marks = ",".join("?" * len(doc_ids))
    for doc_id, name in db.execute(
        f"""SELECT de.doc_id, e.name FROM doc_entities de JOIN entities e
        ON e.id = de.entity_id WHERE de.doc_id IN ({marks}) AND e.type = 'PERSON'
        ORDER BY de.doc_id, de.ord""", list(doc_ids)):
        out[doc_id].append(name)
    return out


def document_meta(db: sqlite3.Connection, doc_id: str) -> tuple[Any, ...] | None:
    """(stated_date, stated_evidence, group_name, ingested_at, sources as JSON list) of a
    document: the cleaning evidence the document view shows."""
    return db.execute(
        """SELECT d.stated_date, d.stated_evidence, d.group_name, d.ingested_at,
        (SELECT json_group_array(source) FROM sources s WHERE s.doc_id = d.id)
        FROM documents d WHERE d.id = ?""", (doc_id,)).fetchone()


def distinct_values(db: sqlite3.Connection, what: str) -> list[str]:
    """Stored languages, outlets or event types (to validate and to offer as choices)."""
    sql = {
        "language": "SELECT DISTINCT language FROM documents ORDER BY 1",
        "outlet": "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1",
        "event_type": "SELECT DISTINCT type FROM events ORDER BY 1",
        "unit": "SELECT DISTINCT unit FROM figures ORDER BY 1",
    }[what]
    return [r[0] for r in db.execute(sql)]


# -- quotes ---------------------------------------------------------------------------
def quotes(
    db: sqlite3.Connection, *, speaker_id: str | None = None, speaker: str | None = None,
    mentions_id: str | None = None, since: str | None = None, until: str | None = None,
    words: Sequence[str] = (), kind: str | None = None, doc_id: str | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[int, list[tuple[Any, ...]]]:
    """(total, rows of (doc_id, ord, text, start, end, speaker, speaker_id, cue, kind,
    published, title, source, speaker_text)); the speaker's current display name when it
    is a known identity. Oldest first."""
    prepare(db)
    where: list[str] = []
    args: list[Any] = []
    if speaker_id is not None:
        where.append("q.speaker_id = ?")
        args.append(speaker_id)
    if speaker is not None:
        where.append("pw_lower(coalesce(e.name, q.speaker)) = pw_lower(?)")
        args.append(speaker)
    if kind is not None:
        where.append("q.kind = ?")
        args.append(kind)
    if doc_id is not None:
        where.append("q.doc_id = ?")
        args.append(doc_id)
    _day_range(where, args, "d.published", since, until)
    if mentions_id is not None:
        where.append(
            "q.doc_id IN (SELECT doc_id FROM entity_mentions WHERE entity_id = ?)"
            " AND EXISTS (SELECT 1 FROM entity_mentions m WHERE m.doc_id = q.doc_id"
            " AND m.entity_id = ? AND m.start >= q.start AND m.\"end\" <= q.\"end\")")
        args.extend([mentions_id, mentions_id])
    for word in words:
        where.append("pw_lower(q.text) LIKE ? ESCAPE '\\'")
        args.append(f"%{like(word.lower())}%")
    body = ("FROM quotes q JOIN documents d ON d.id = q.doc_id"
            " LEFT JOIN entities e ON e.id = q.speaker_id"
            + (" WHERE " + " AND ".join(f"({w})" for w in where) if where else ""))
    if where:
        total = db.execute(f"SELECT count(*) {body}", args).fetchone()[0]
    else:  # every quote has its document: no join to count them
        total = db.execute("SELECT count(*) FROM quotes").fetchone()[0]
    rows = db.execute(
        "SELECT q.doc_id, q.ord, q.text, q.start, q.\"end\", coalesce(e.name, q.speaker),"
        " q.speaker_id, q.cue, q.kind, d.published, d.title, d.source, q.speaker_text "
        + body + " ORDER BY d.published IS NULL, d.published, d.seq, q.ord"
        + page_sql(limit, offset), args).fetchall()
    return total, rows


# -- figures ----------------------------------------------------------------------------
def _period_bounds(period: str | None) -> tuple[str, str] | None:
    """("2022-01", "2022-10") for "2022-01..2022-10"; ("2022-01", "2022-12") for "2022"."""
    if not period:
        return None
    a, _, b = period.partition("..")
    b = b or a
    lo = a if len(a) > 4 else f"{a}-01"
    hi = b if len(b) > 4 else f"{b}-12"
    return lo[:7], hi[:7]


def _overlaps(period: str | None, lo: str, hi: str) -> bool:
    bounds = _period_bounds(period)
    return bounds is not None and bounds[0] <= hi and lo <= bounds[1]


def figures(
    db: sqlite3.Connection, *, metric: str | None = None, claimant_id: str | None = None,
    claimant: str | None = None, unit: str | None = None, kind: str | None = None,
    doc_id: str | None = None, period: str | None = None, limit: int = 0, offset: int = 0,
) -> tuple[int, Iterator[tuple[Any, ...]]]:
    """(total, rows of (doc_id, ord, title, published, text, start, end, value, unit,
    metric, period, claimant, kind, claimant_id, upper)): oldest first; the claimant's
    current display name when it is a known identity; ``period`` keeps the figures whose
    period overlaps it."""
    prepare(db)
    db.create_function("pw_overlaps", 3, _overlaps, deterministic=True)
    where: list[str] = []
    args: list[Any] = []
    if metric:
        where.append("pw_lower(f.metric) LIKE ? ESCAPE '\\'")
        args.append(f"%{like(metric.lower())}%")
    if claimant_id:
        where.append("f.claimant_id = ?")
        args.append(claimant_id)
    if claimant:
        where.append("pw_lower(coalesce(e.name, f.claimant)) LIKE ? ESCAPE '\\'")
        args.append(f"%{like(claimant.lower())}%")
    if unit:
        where.append("pw_lower(f.unit) = pw_lower(?)")
        args.append(unit)
    if kind:
        where.append("f.kind = ?")
        args.append(kind)
    if doc_id:
        where.append("f.doc_id = ?")
        args.append(doc_id)
    bounds = _period_bounds(period)
    if bounds:
        where.append("pw_overlaps(f.period, ?, ?)")
        args.extend(bounds)
    body = (" FROM figures f JOIN documents d ON d.id = f.doc_id"
            " LEFT JOIN entities e ON e.id = f.claimant_id"
            + (" WHERE " + " AND ".join(f"({w})" for w in where) if where else ""))
    total = db.execute("SELECT count(*)" + body, args).fetchone()[0]
    sql = ("SELECT f.doc_id, f.ord, d.title, d.published, f.text, f.start, f.\"end\", f.value,"
           " f.unit, f.metric, f.period, coalesce(e.name, f.claimant), f.kind, f.claimant_id,"
           " f.upper" + body + " ORDER BY d.published IS NULL, d.published, d.seq, f.ord"
           + page_sql(limit, offset))
    return total, db.execute(sql, args)


# -- events ----------------------------------------------------------------------------
def event_clusters(
    db: sqlite3.Connection, *, type_: str | None = None, since: str | None = None,
    until: str | None = None, entity_id: str | None = None, limit: int = 0, offset: int = 0,
) -> tuple[int, list[tuple[Any, ...]]]:
    """(total, rows of (id, type, date, place, participants, participant_ids, first_date,
    last_date)) of joined events, newest first."""
    where = ["1 = 1"]
    args: list[Any] = []
    if type_:
        where.append("type = ?")
        args.append(type_)
    _day_range(where, args, "date", since, until)
    if entity_id:
        where.append("participant_ids LIKE ? ESCAPE '\\'")
        args.append(_id_pattern(entity_id))
    body = f"FROM event_clusters WHERE {' AND '.join(where)}"
    total = db.execute(f"SELECT count(*) {body}", args).fetchone()[0]
    rows = db.execute(
        "SELECT id, type, date, place, participants, participant_ids, first_date, last_date "
        f"{body} ORDER BY date DESC, id" + page_sql(limit, offset), args).fetchall()
    return total, rows


def _id_pattern(entity_id: str) -> str:
    """A LIKE pattern finding ``entity_id`` in a JSON list of ids (ids are quoted there,
    so no other id matches)."""
    return "%" + like(json.dumps(entity_id)) + "%"


def event_sources(db: sqlite3.Connection, cluster_ids: Sequence[str]
                  ) -> dict[str, list[tuple[Any, ...]]]:
    """Per cluster, rows of (doc_id, source, title, outlet, published, start, end,
    evidence): the document events it joins."""
    out: dict[str, list[tuple[Any, ...]]] = {c: [] for c in cluster_ids}
    for i in range(0, len(cluster_ids), 500):
        chunk = list(cluster_ids[i:i + 500])
        for row in db.execute(
            f"""SELECT m.cluster_id, m.doc_id, doc.source, doc.title, doc.outlet,
                doc.published, ev.start, ev."end", substr(doc.text, ev.start + 1,
                ev."end" - ev.start)
            FROM event_cluster_members m
            JOIN events ev ON ev.doc_id = m.doc_id AND ev.ord = m.ord
            JOIN documents doc ON doc.id = m.doc_id
            WHERE m.cluster_id IN ({','.join('?' * len(chunk))})
            ORDER BY doc.published, doc.seq""", chunk):
            out[row[0]].append(row[1:])
    return out


def count_rows(db: sqlite3.Connection, table: str) -> int:
    assert table in {"events", "event_cluster_members"}
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def doc_events(db: sqlite3.Connection, doc_id: str) -> list[tuple[Any, ...]]:
    """(ord, type, participants, participant_ids, place, date, start, end, planned,
    cluster_id) of one document's events."""
    return db.execute(
        """SELECT ev.ord, ev.type, ev.participants, ev.participant_ids, ev.place, ev.date,
        ev.start, ev."end", ev.planned, m.cluster_id FROM events ev
        LEFT JOIN event_cluster_members m ON m.doc_id = ev.doc_id AND m.ord = ev.ord
        WHERE ev.doc_id = ? ORDER BY ev.ord""", (doc_id,)).fetchall()


# -- network ---------------------------------------------------------------------------
def entity_info(db: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    return {eid: (name, typ) for eid, name, typ in db.execute(
        "SELECT id, name, type FROM entities")}


def cluster_edges_rows(db: sqlite3.Connection, entity_id: str | None = None
                       ) -> list[tuple[Any, ...]]:
    """(cluster id, type, date, participant_ids JSON, doc ids joined by ',', first
    publication date) of every joined event (or those ``entity_id`` took part in)."""
    where = "WHERE c.participant_ids LIKE ? ESCAPE '\\'" if entity_id else ""
    return db.execute(
        f"""SELECT c.id, c.type, c.date, c.participant_ids,
                  group_concat(m.doc_id), min(d.published)
           FROM event_clusters c JOIN event_cluster_members m ON m.cluster_id = c.id
           JOIN documents d ON d.id = m.doc_id {where} GROUP BY c.id""",
        [_id_pattern(entity_id)] if entity_id else []).fetchall()


def mention_edges_rows(db: sqlite3.Connection, entity_id: str | None = None
                       ) -> list[tuple[Any, ...]]:
    """(doc id, speaker id, mentioned entity id, published) for each quote by a known
    speaker whose text mentions an entity (or those where ``entity_id`` is either: two
    indexed lookups, the speaker's quotes and the entity's mentions)."""
    select = """SELECT q.doc_id, q.ord, q.speaker_id, em.entity_id, d.published
           FROM quotes q JOIN entity_mentions em
             ON em.doc_id = q.doc_id AND em.start >= q.start AND em."end" <= q."end"
           JOIN documents d ON d.id = q.doc_id WHERE q.speaker_id IS NOT NULL"""
    if entity_id:
        rows = db.execute(f"{select} AND q.speaker_id = ? UNION {select} AND em.entity_id = ?",
                          (entity_id, entity_id)).fetchall()
    elif is_pg(db):  # one row per (quote, entity), as the GROUP BY below
        rows = db.execute(select.replace("SELECT", "SELECT DISTINCT", 1)
                          + " ORDER BY q.doc_id, q.ord, em.entity_id").fetchall()
    else:
        rows = db.execute(f"{select} GROUP BY q.doc_id, q.ord, em.entity_id").fetchall()
    return [(doc, speaker, target, published) for doc, _, speaker, target, published in rows]


# -- entities ----------------------------------------------------------------------------
def co_mentioned(db: sqlite3.Connection, entity_id: str, limit: int = 15
                 ) -> list[tuple[Any, ...]]:
    """(id, name, type, shared documents) of the identities mentioned in the same
    documents as ``entity_id``, most shared first."""
    return db.execute(
        """SELECT e.id, e.name, e.type, count(DISTINCT b.doc_id) AS n
        FROM doc_entities a JOIN doc_entities b ON b.doc_id = a.doc_id
        JOIN entities e ON e.id = b.entity_id
        WHERE a.entity_id = ? AND b.entity_id != a.entity_id
        GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?""", (entity_id, int(limit))).fetchall()


def entity_exists(db: sqlite3.Connection, ent_id: str) -> bool:
    return db.execute("SELECT 1 FROM entities WHERE id = ?", (ent_id,)).fetchone() is not None


def entity_candidates(db: sqlite3.Connection, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """(id, name, type, documents) of ``ids``, most documents first."""
    if not ids:
        return []
    return db.execute(
        f"""SELECT e.id, e.name, e.type,
        (SELECT count(DISTINCT doc_id) FROM doc_entities WHERE entity_id = e.id) AS n
        FROM entities e WHERE e.id IN ({','.join('?' * len(ids))})
        ORDER BY n DESC, e.name""", list(ids)).fetchall()


def entity_names_exact(db: sqlite3.Connection, ids: Sequence[str], text: str) -> list[str]:
    """Those of ``ids`` whose display name is ``text`` (case-insensitive in any script)."""
    prepare(db)
    if not ids:
        return []
    return [r[0] for r in db.execute(
        f"SELECT id FROM entities WHERE id IN ({','.join('?' * len(ids))})"
        " AND pw_lower(name) = pw_lower(?)", [*ids, text])]


# -- timelines ---------------------------------------------------------------------------
def bucket(column: str, interval: str, db: Any = None) -> str:
    if interval == "month":
        return f"substr({column}, 1, 7)"
    if interval == "week" and is_pg(db):
        return (f"to_char(date_trunc('week', substr({column}, 1, 10)::date), 'YYYY-MM-DD')"
                ' COLLATE "C"')
    if interval == "week":  # the Monday of the ISO week
        return (f"date(substr({column}, 1, 10), '-' || ((strftime('%w', substr({column}, 1, 10))"
                " + 6) % 7) || ' days')")
    return f"substr({column}, 1, 10)"


def timeline_entity(db: sqlite3.Connection, entity_id: str, interval: str,
                    since: str | None, until: str | None) -> dict[str, list[tuple[str, int]]]:
    """Per period: mentions of the entity (in documents published then), quotes it said,
    joined events it took part in (by event date, else first report)."""
    rng, args = _range("d.published", since, until)
    b = bucket("d.published", interval, db)
    mentions = db.execute(
        f"""SELECT {b} AS p, count(*) FROM entity_mentions m JOIN documents d
        ON d.id = m.doc_id WHERE m.entity_id = ? AND d.published IS NOT NULL {rng}
        GROUP BY p ORDER BY p""", [entity_id, *args]).fetchall()
    quotes_ = db.execute(
        f"""SELECT {b} AS p, count(*) FROM quotes q JOIN documents d ON d.id = q.doc_id
        WHERE q.speaker_id = ? AND d.published IS NOT NULL {rng}
        GROUP BY p ORDER BY p""", [entity_id, *args]).fetchall()
    erng, eargs = _range("coalesce(date, first_date)", since, until)
    eb = bucket("coalesce(date, first_date)", interval, db)
    events_ = db.execute(
        f"""SELECT {eb} AS p, count(*) FROM event_clusters
        WHERE coalesce(date, first_date) IS NOT NULL
        AND participant_ids LIKE ? ESCAPE '\\' {erng}
        GROUP BY p ORDER BY p""", [_id_pattern(entity_id), *eargs]).fetchall()
    return {"mentions": mentions, "quotes": quotes_, "events": events_}


def _range(column: str, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    sql, args = "", []
    if since:
        sql += f" AND substr({column}, 1, 10) >= ?"
        args.append(since)
    if until:
        sql += f" AND substr({column}, 1, 10) <= ?"
        args.append(until)
    return sql, args


def loads(value: str | None) -> Any:
    return json.loads(value) if value else []
