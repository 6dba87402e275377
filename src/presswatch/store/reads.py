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

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from presswatch.store import keys

SNIPPET_OPEN = "\ue000"  # private-use marks around a matched term in a snippet
SNIPPET_CLOSE = "\ue001"
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
    warnings)) in ingest order: the rowid's order, or an entity's documents
    (``doc_entities_entity``), the day range (``documents_published``), the outlet
    (``documents_outlet_key``: case-insensitive in any script) or the language."""
    where: list[str] = []
    args: list[Any] = []
    source = "documents d"
    if entity_id:
        source = ("(SELECT DISTINCT doc_id FROM doc_entities WHERE entity_id = ?) de"
                  " CROSS JOIN documents d")
        where.append("d.id = de.doc_id")
        args.append(entity_id)
    if since:
        where.append("d.published >= ?")
        args.append(since)
    if until:
        where.append("d.published <= ?")
        args.append(until + "\U0010ffff")
    if outlet:
        where.append("d.outlet_key = ?")
        args.append(keys.unit_key(outlet))
    if language:
        where.append("d.language = ?")
        args.append(language)
    body = f"FROM {source}" + (" WHERE " + " AND ".join(where) if where else "")
    if where:
        total = db.execute(f"SELECT count(*) {body}", args).fetchone()[0]
    else:
        total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
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
        f"""SELECT de.doc_id, e.name FROM doc_entities de CROSS JOIN entities e
        WHERE e.id = de.entity_id AND de.doc_id IN ({marks}) AND e.type = 'PERSON'
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


def value_exists(db: sqlite3.Connection, what: str, value: str) -> bool:
    """Whether a document language or an event type is stored (one indexed lookup)."""
    sql = {"language": "SELECT 1 FROM documents WHERE language = ? LIMIT 1",
           "event_type": "SELECT 1 FROM events WHERE type = ? LIMIT 1"}[what]
    return db.execute(sql, (value,)).fetchone() is not None


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
def _key_range(where: list[str], args: list[Any], column: str, since: str | None,
               until: str | None) -> None:
    """Conditions keeping the facts published on a day from ``since`` to ``until`` (a
    range of the ``column`` key, store/keys.py; undated facts are in no range)."""
    rng = keys.day_range(since, until)
    if rng:
        where.append(f"{column} >= ? AND {column} < ?")
        args.extend(rng)


def _words_filter(db: Any, table: str, words: Sequence[str], key: str
                  ) -> tuple[str, list[Any]]:
    """A condition keeping the facts of ``table`` (quotes: their text; figures: their
    metric) with every word, the row's sort key being ``key``."""
    if is_pg(db):
        column = "q.words" if table == "quotes" else "f.metric_words"
        return f"{column} @@ to_tsquery('simple', ?)", [keys.pg_tsquery_text(words)]
    return (f"EXISTS (SELECT 1 FROM {table}_fts WHERE {table}_fts MATCH ?"
            f" AND {table}_fts.rowid = {key})", [keys.fts5_match(words)])


def quotes(
    db: sqlite3.Connection, *, speaker_id: str | None = None, speaker: str | None = None,
    mentions_id: str | None = None, since: str | None = None, until: str | None = None,
    words: Sequence[str] = (), kind: str | None = None, doc_id: str | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[int, list[tuple[Any, ...]]]:
    """(total, rows of (doc_id, ord, text, start, end, speaker, speaker_id, cue, kind,
    published, title, source, speaker_text)); the speaker's current display name when it
    is a known identity. Newest first (``sort_key``, store/keys.py), read in the order of
    the index of the most selective filter: the document's quotes, the speaker's
    (``quotes_speaker``), those mentioning an entity (``quote_mentions``), the words
    (``quotes_fts`` / the ``words`` GIN index), the kind, or all (``quotes_sort``);
    ``words`` are whole words, or word starts from three letters on."""
    prepare(db)
    terms = keys.query_words(words) if words else []
    if words and not terms:
        return 0, []
    where: list[str] = []
    args: list[Any] = []
    source = "quotes q"
    key = "q.sort_key"
    fts = bool(terms) and not is_pg(db) and not (doc_id or speaker_id or mentions_id)
    if doc_id is None and speaker_id is None and mentions_id is not None:
        source = "quote_mentions qm JOIN quotes q ON q.sort_key = qm.sort_key" \
            " AND q.doc_id = qm.doc_id"
        key = "qm.sort_key"
        where.append("qm.entity_id = ?")
        args.append(mentions_id)
    elif fts:
        source = "quotes_fts f JOIN quotes q ON q.sort_key = f.rowid"
        key = "f.rowid"
        where.append("quotes_fts MATCH ?")
        args.append(keys.fts5_match(terms))
    if doc_id is not None:
        where.append("q.doc_id = ?")
        args.append(doc_id)
    if speaker_id is not None:
        where.append("q.speaker_id = ?")
        args.append(speaker_id)
    if mentions_id is not None and key != "qm.sort_key":
        where.append("EXISTS (SELECT 1 FROM quote_mentions x WHERE x.entity_id = ?"
                     " AND x.sort_key = q.sort_key AND x.doc_id = q.doc_id)")
        args.append(mentions_id)
    if terms and not fts:
        cond, cargs = _words_filter(db, "quotes", terms, "q.sort_key")
        where.append(cond)
        args.extend(cargs)
    if kind is not None:
        where.append("q.kind = ?")
        args.append(kind)
    _key_range(where, args, key, since, until)
    named = speaker is not None
    if named:
        where.append("pw_lower(coalesce(e.name, q.speaker)) = pw_lower(?)")
        args.append(speaker)
    cond = (" WHERE " + " AND ".join(f"({w})" for w in where)) if where else ""
    speaker_join = " LEFT JOIN entities e ON e.id = q.speaker_id"
    if where:
        total = db.execute(f"SELECT count(*) FROM {source}"
                           + (speaker_join if named else "") + cond, args).fetchone()[0]
    else:  # every quote: the table's count
        total = db.execute("SELECT count(*) FROM quotes").fetchone()[0]
    rows = db.execute(
        "SELECT q.doc_id, q.ord, q.text, q.start, q.\"end\", coalesce(e.name, q.speaker),"
        " q.speaker_id, q.cue, q.kind, d.published, d.title, d.source, q.speaker_text"
        f" FROM {source} JOIN documents d ON d.id = q.doc_id{speaker_join}{cond}"
        f" ORDER BY {key} DESC" + page_sql(limit, offset), args).fetchall()
    return total, rows


# -- figures ----------------------------------------------------------------------------
def figures(
    db: sqlite3.Connection, *, metric: str | None = None, claimant_id: str | None = None,
    claimant: str | None = None, unit: str | None = None, kind: str | None = None,
    doc_id: str | None = None, period: str | None = None, limit: int = 0, offset: int = 0,
    oldest_first: bool = False,
) -> tuple[int, Iterator[tuple[Any, ...]]]:
    """(total, rows of (doc_id, ord, title, published, text, start, end, value, unit,
    metric, period, claimant, kind, claimant_id, upper)): newest first (``sort_key``;
    ``oldest_first`` reverses it), read in the order of the index of the most selective
    filter: the document's figures, the claimant's (``figures_claimant``), the metric
    words (``figures_fts`` / the ``metric_words`` GIN index; whole words, or word starts
    from three letters on), the unit (``figures_unit``: case-insensitive), the kind, or
    all (``figures_sort``); ``period`` keeps the figures whose period overlaps it
    (``figures_period``). The claimant's current display name when it is a known
    identity."""
    prepare(db)
    terms = keys.query_words(metric) if metric else []
    if metric and not terms:
        return 0, iter(())
    where: list[str] = []
    args: list[Any] = []
    source = "figures f"
    key = "f.sort_key"
    fts = bool(terms) and not is_pg(db) and not (doc_id or claimant_id)
    if fts:
        source = "figures_fts x JOIN figures f ON f.sort_key = x.rowid"
        key = "x.rowid"
        where.append("figures_fts MATCH ?")
        args.append(keys.fts5_match(terms))
    if claimant_id:
        where.append("f.claimant_id = ?")
        args.append(claimant_id)
    if terms and not fts:
        cond, cargs = _words_filter(db, "figures", terms, "f.sort_key")
        where.append(cond)
        args.extend(cargs)
    named = bool(claimant)
    if claimant:
        where.append("pw_lower(coalesce(e.name, f.claimant)) LIKE ? ESCAPE '\\'")
        args.append(f"%{like(claimant.lower())}%")
    if unit:
        where.append("f.unit_key = ?")
        args.append(keys.unit_key(unit))
    if kind:
        where.append("f.kind = ?")
        args.append(kind)
    if doc_id:
        where.append("f.doc_id = ?")
        args.append(doc_id)
    bounds = keys.period_bounds(period)
    if bounds:
        where.append("f.period_lo <= ? AND f.period_hi >= ?")
        args.extend([bounds[1], bounds[0]])
    cond = (" WHERE " + " AND ".join(f"({w})" for w in where)) if where else ""
    claimant_join = " LEFT JOIN entities e ON e.id = f.claimant_id"
    if where:
        total = db.execute(f"SELECT count(*) FROM {source}"
                           + (claimant_join if named else "") + cond, args).fetchone()[0]
    else:  # every figure: the table's count
        total = db.execute("SELECT count(*) FROM figures").fetchone()[0]
    order = "" if oldest_first else " DESC"
    sql = ("SELECT f.doc_id, f.ord, d.title, d.published, f.text, f.start, f.\"end\", f.value,"
           " f.unit, f.metric, f.period, coalesce(e.name, f.claimant), f.kind, f.claimant_id,"
           f" f.upper FROM {source} JOIN documents d ON d.id = f.doc_id{claimant_join}{cond}"
           f" ORDER BY {key}{order}" + page_sql(limit, offset))
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
        where.append(f"id IN ({_ENTITY_CLUSTERS})")
        args.append(entity_id)
    body = f"FROM event_clusters WHERE {' AND '.join(where)}"
    total = db.execute(f"SELECT count(*) {body}", args).fetchone()[0]
    rows = db.execute(
        "SELECT id, type, date, place, participants, participant_ids, first_date, last_date "
        f"{body} ORDER BY date DESC, id" + page_sql(limit, offset), args).fetchall()
    return total, rows


# The clusters an entity took part in: its document events (event_participants, by
# entity id: an index), their clusters (event_cluster_members' key).
_ENTITY_CLUSTERS = """SELECT m.cluster_id FROM event_participants p
    JOIN event_cluster_members m ON m.doc_id = p.doc_id AND m.ord = p.ord
    WHERE p.entity_id = ?"""


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


def doc_events(db: sqlite3.Connection, doc_id: str) -> list[tuple[Any, ...]]:
    """(ord, type, participants, participant_ids, place, date, start, end, planned,
    cluster_id) of one document's events."""
    return db.execute(
        """SELECT ev.ord, ev.type, ev.participants, ev.participant_ids, ev.place, ev.date,
        ev.start, ev."end", ev.planned, m.cluster_id FROM events ev
        LEFT JOIN event_cluster_members m ON m.doc_id = ev.doc_id AND m.ord = ev.ord
        WHERE ev.doc_id = ? ORDER BY ev.ord""", (doc_id,)).fetchall()


# -- network ---------------------------------------------------------------------------
NETWORK_NODE_TYPES = ("PERSON", "ORG")
# Around one identity (a one-hop network): the joined events of its newest
# NETWORK_DOCS documents, and the mentions in its newest MENTION_EDGE_QUOTES quotes and
# in the newest as many quotes that mention it (each an index range read newest first).
NETWORK_DOCS = 1000
MENTION_EDGE_QUOTES = 2000


def _network_edges_sql(db: Any, *, entity_id: str | None, type_: str | None,
                       since: str | None, until: str | None, mentions: bool = True
                       ) -> tuple[str, list[Any]]:
    """One SELECT of the network's edges, aggregated in SQL: (source, target, kind,
    directed, weight, first, last, docs as "order key<space>doc id" joined by ','). Event
    edges: every pair of PERSON
    or ORG participants of a joined event (the smaller id first), one per event; dated
    by the event's date, else its first report. Mention edges: a quote by a known speaker
    whose span holds a mention of another entity, dated by the document. ``entity_id``:
    only the edges that have it as an end (indexed look-ups of its events and quotes)."""
    agg = "string_agg(DISTINCT {}, ',')" if is_pg(db) else "group_concat(DISTINCT {})"
    types = ", ".join(f"'{t}'" for t in NETWORK_NODE_TYPES)

    def in_range(day: str) -> tuple[str, list[Any]]:
        if since is None and until is None:
            return "", []
        sql = f" AND {day} IS NOT NULL"
        args_: list[Any] = []
        if since is not None:
            sql, args_ = sql + f" AND {day} >= ?", [*args_, since]
        if until is not None:
            sql, args_ = sql + f" AND {day} <= ?", [*args_, until]
        return sql, args_

    parts: list[str] = []
    args: list[Any] = []
    if type_ != "mentions":
        where, wargs = "1 = 1", []
        if type_:
            where, wargs = "c.type = ?", [type_]
        clusters = f"SELECT c.id FROM event_clusters c WHERE {where}"
        cargs = list(wargs)
        if entity_id:
            clusters += f""" AND c.id IN ({_ENTITY_CLUSTERS}) AND c.id IN (
                SELECT m0.cluster_id FROM (SELECT doc_id FROM doc_entities
                    WHERE entity_id = ? ORDER BY doc_key DESC LIMIT {NETWORK_DOCS}) a0
                JOIN event_cluster_members m0 ON m0.doc_id = a0.doc_id)"""
            cargs += [entity_id, entity_id]
        rng, rargs = in_range("w.day")
        ends, eargs = "", []
        if entity_id:
            ends, eargs = " AND (a.eid = ? OR b.eid = ?)", [entity_id, entity_id]
        parts.append(f"""SELECT a.eid AS source, b.eid AS target, w.kind AS kind,
                0 AS directed, count(DISTINCT w.cid) AS weight, min(w.day) AS first,
                max(w.day) AS last, {agg.format("w.cid || ' ' || cd.doc_id")} AS docs
            FROM (SELECT c.id AS cid, c.type AS kind, nullif(substr(coalesce(c.date,
                    (SELECT min(d.published) FROM event_cluster_members m2
                     JOIN documents d ON d.id = m2.doc_id WHERE m2.cluster_id = c.id)),
                    1, 10), '') AS day
                  FROM event_clusters c WHERE c.id IN ({clusters})) w
            JOIN (SELECT DISTINCT m.cluster_id AS cid, p.entity_id AS eid
                  FROM event_cluster_members m JOIN event_participants p
                    ON p.doc_id = m.doc_id AND p.ord = m.ord
                  JOIN entities en ON en.id = p.entity_id
                  WHERE en.type IN ({types}) AND m.cluster_id IN ({clusters})) a
              ON a.cid = w.cid
            JOIN (SELECT DISTINCT m.cluster_id AS cid, p.entity_id AS eid
                  FROM event_cluster_members m JOIN event_participants p
                    ON p.doc_id = m.doc_id AND p.ord = m.ord
                  JOIN entities en ON en.id = p.entity_id
                  WHERE en.type IN ({types}) AND m.cluster_id IN ({clusters})) b
              ON b.cid = w.cid AND a.eid < b.eid
            JOIN event_cluster_members cd ON cd.cluster_id = w.cid
            WHERE 1 = 1{rng}{ends}
            GROUP BY a.eid, b.eid, w.kind""")
        args += [*cargs, *cargs, *cargs, *rargs, *eargs]
    if mentions and type_ in (None, "mentions"):
        quoted = """SELECT q.doc_id, q.ord, q.speaker_id AS s, em.entity_id AS t,
                nullif(substr(d.published, 1, 10), '') AS day
            FROM quotes q JOIN entity_mentions em
              ON em.doc_id = q.doc_id AND em.start >= q.start AND em."end" <= q."end"
            JOIN documents d ON d.id = q.doc_id WHERE q.speaker_id IS NOT NULL"""
        if entity_id:
            # The quotes' mentions as quote_mentions holds them (per quote and entity),
            # newest first by the quotes' sort keys.
            quoted = f"""SELECT bq.doc_id, bq.ord, bq.speaker_id AS s, qm.entity_id AS t,
                    nullif(substr(d.published, 1, 10), '') AS day
                FROM (SELECT doc_id, ord, sort_key, speaker_id FROM quotes
                      WHERE speaker_id = ? ORDER BY sort_key DESC
                      LIMIT {MENTION_EDGE_QUOTES}) bq
                JOIN quote_mentions qm ON qm.doc_id = bq.doc_id AND qm.sort_key = bq.sort_key
                JOIN documents d ON d.id = bq.doc_id
                UNION SELECT q.doc_id, q.ord, q.speaker_id, aq.entity_id,
                    nullif(substr(d.published, 1, 10), '')
                FROM (SELECT entity_id, sort_key, doc_id FROM quote_mentions
                      WHERE entity_id = ? ORDER BY sort_key DESC
                      LIMIT {MENTION_EDGE_QUOTES}) aq
                JOIN quotes q ON q.doc_id = aq.doc_id AND q.sort_key = aq.sort_key
                JOIN documents d ON d.id = q.doc_id WHERE q.speaker_id IS NOT NULL"""
            qargs = [entity_id, entity_id]
        else:
            quoted, qargs = quoted.replace("SELECT", "SELECT DISTINCT", 1), []
        rng, rargs = in_range("x.day")
        parts.append(f"""SELECT x.s AS source, x.t AS target, 'mentions' AS kind,
                1 AS directed, count(*) AS weight, min(x.day) AS first, max(x.day) AS last,
                {agg.format("x.doc_id || ' ' || x.doc_id")} AS docs
            FROM ({quoted}) x
            JOIN entities es ON es.id = x.s JOIN entities et ON et.id = x.t
            WHERE es.type IN ({types}) AND et.type IN ({types}) AND x.s != x.t{rng}
            GROUP BY x.s, x.t""")
        args += [*qargs, *rargs]
    if not parts:
        parts.append("""SELECT NULL AS source, NULL AS target, NULL AS kind, 0 AS directed,
            0 AS weight, NULL AS first, NULL AS last, NULL AS docs WHERE 1 = 0""")
    return " UNION ALL ".join(parts), args


def _stream(db: Any, sql: str, args: Sequence[Any], size: int = 1000
            ) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql`` as they come (a server-side cursor on PostgreSQL)."""
    stream = getattr(db, "stream", None)
    if stream is not None:
        for batch in stream(sql, size, args):
            yield from (tuple(r) for r in batch)
        return
    cur = db.execute(sql, list(args))
    while batch := cur.fetchmany(size):
        yield from batch


def network_edges(db: Any, *, entity_id: str | None = None, type_: str | None = None,
                  since: str | None = None, until: str | None = None,
                  order: str | None = "weight", mentions: bool = True
                  ) -> Iterator[tuple[Any, ...]]:
    """The network's edges (see :func:`_network_edges_sql`) as (source, source name,
    target, target name, kind, directed, weight, first, last, docs joined by ','),
    streamed: ``order`` "weight" (heaviest first, then source, target, kind), "graph"
    (by source, then its targets heaviest first, then each pair's edges heaviest first:
    the order a multigraph keyed by kind holds them in), or None."""
    edges, args = _network_edges_sql(db, entity_id=entity_id, type_=type_, since=since,
                                     until=until, mentions=mentions)
    c = ' COLLATE "C"' if is_pg(db) else ""
    orders = {
        "weight": f" ORDER BY e.weight DESC, e.source{c}, e.target{c}, e.kind{c}",
        "graph": f""" ORDER BY e.source{c}, max(e.weight) OVER (PARTITION BY e.source,
            e.target) DESC, e.target{c}, e.weight DESC, e.kind{c}""",
    }
    sql = f"""SELECT e.source, s.name, e.target, t.name, e.kind, e.directed, e.weight,
            e.first, e.last, e.docs FROM ({edges}) e
        JOIN entities s ON s.id = e.source JOIN entities t ON t.id = e.target
        {orders[order] if order else ""}"""
    return _stream(db, sql, args)


def network_nodes(db: Any, *, entity_id: str | None = None, type_: str | None = None,
                  since: str | None = None, until: str | None = None, mentions: bool = True
                  ) -> Iterator[tuple[Any, ...]]:
    """The network's nodes, by id: (id, name, type, degree (edges), weight (their sum),
    first, last date of their edges), aggregated in SQL over the same edges as
    :func:`network_edges` and streamed."""
    edges, args = _network_edges_sql(db, entity_id=entity_id, type_=type_, since=since,
                                     until=until, mentions=mentions)
    c = ' COLLATE "C"' if is_pg(db) else ""
    sql = f"""WITH e AS ({edges})
        SELECT n.id, en.name, en.type, count(*), sum(n.weight), min(n.first), max(n.last)
        FROM (SELECT source AS id, weight, first, last FROM e
              UNION ALL SELECT target, weight, first, last FROM e) n
        JOIN entities en ON en.id = n.id
        GROUP BY n.id, en.name, en.type ORDER BY n.id{c}"""
    return _stream(db, sql, args)


def entity_name_types(db: Any, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(name, type) of the entities ``ids``."""
    found: dict[str, tuple[str, str]] = {}
    ids = sorted(set(ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found.update((eid, (name, typ)) for eid, name, typ in db.execute(
            f"SELECT id, name, type FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
            chunk))
    return found


# -- entities ----------------------------------------------------------------------------
# The documents of an identity its co-mentions are counted over: its newest ones.
CO_MENTION_DOCS = 1000


def co_mentioned(db: sqlite3.Connection, entity_id: str, limit: int = 15
                 ) -> list[tuple[Any, ...]]:
    """(id, name, type, shared documents) of the identities mentioned in the same
    documents as ``entity_id`` (its newest :data:`CO_MENTION_DOCS` documents), most
    shared first."""
    return db.execute(
        f"""SELECT e.id, e.name, e.type, count(DISTINCT b.doc_id) AS n
        FROM (SELECT doc_id FROM doc_entities WHERE entity_id = ?
              ORDER BY doc_key DESC LIMIT {CO_MENTION_DOCS}) a
        JOIN doc_entities b ON b.doc_id = a.doc_id
        JOIN entities e ON e.id = b.entity_id
        WHERE b.entity_id != ?
        GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?""",
        (entity_id, entity_id, int(limit))).fetchall()


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


def _periods(rows: Sequence[tuple[int, int]], interval: str) -> list[tuple[str, int]]:
    """(period, count) from (day number, count) rows (store/keys.py)."""
    out: dict[str, int] = {}
    for day, n in rows:
        date = keys.day_of(int(day))
        if interval == "month":
            period = date[:7]
        elif interval == "week":  # the Monday of the ISO week
            monday = dt.date.fromisoformat(date)
            period = (monday - dt.timedelta(days=monday.weekday())).isoformat()
        else:
            period = date
        out[period] = out.get(period, 0) + int(n)
    return sorted(out.items())


def timeline_entity(db: sqlite3.Connection, entity_id: str, interval: str,
                    since: str | None, until: str | None) -> dict[str, list[tuple[str, int]]]:
    """Per period: mentions of the entity (in documents published then: the covering
    ``entity_mentions_entity`` index), quotes it said (``quotes_speaker``), joined events
    it took part in (by event date, else first report)."""
    lo, hi = keys.day_range(since, until) or keys.dated()
    shift = keys.DAY_SHIFT
    mentions = db.execute(
        f"""SELECT doc_key >> {shift} AS day, count(*) FROM entity_mentions
        WHERE entity_id = ? AND doc_key >= ? AND doc_key < ? GROUP BY day""",
        [entity_id, lo, hi]).fetchall()
    quotes_ = db.execute(
        f"""SELECT sort_key >> {shift} AS day, count(*) FROM quotes
        WHERE speaker_id = ? AND sort_key >= ? AND sort_key < ? GROUP BY day""",
        [entity_id, lo, hi]).fetchall()
    erng, eargs = _range("coalesce(date, first_date)", since, until)
    eb = bucket("coalesce(date, first_date)", interval, db)
    events_ = db.execute(
        f"""SELECT {eb} AS p, count(*) FROM event_clusters
        WHERE coalesce(date, first_date) IS NOT NULL
        AND id IN ({_ENTITY_CLUSTERS}) {erng}
        GROUP BY p ORDER BY p""", [entity_id, *eargs]).fetchall()
    return {"mentions": _periods(mentions, interval), "quotes": _periods(quotes_, interval),
            "events": events_}


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
