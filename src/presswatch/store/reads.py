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
def entity_info(db: sqlite3.Connection, ids: Sequence[str] | None = None
                ) -> dict[str, tuple[str, str]]:
    """(name, type) of the identities ``ids`` (every identity when None)."""
    if ids is None:
        return {eid: (name, typ) for eid, name, typ in db.execute(
            "SELECT id, name, type FROM entities")}
    wanted = sorted(set(ids))
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        out.update((eid, (name, typ)) for eid, name, typ in db.execute(
            f"SELECT id, name, type FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
            chunk))
    return out


# The documents of an identity whose joined events its one-hop network reads: its newest.
NETWORK_DOCS = 1000


def cluster_edges_rows(db: sqlite3.Connection, entity_id: str | None = None
                       ) -> list[tuple[Any, ...]]:
    """(cluster id, type, date, participant_ids JSON, doc ids joined by ',', first
    publication date) of every joined event, or of those ``entity_id`` took part in that
    its newest :data:`NETWORK_DOCS` documents report (a participant is an entity of the
    document reporting the event: its documents' clusters, by index, hold all its
    events)."""
    if not entity_id:
        return db.execute(
            """SELECT c.id, c.type, c.date, c.participant_ids,
                      group_concat(m.doc_id), min(d.published)
               FROM event_clusters c JOIN event_cluster_members m ON m.cluster_id = c.id
               JOIN documents d ON d.id = m.doc_id GROUP BY c.id""").fetchall()
    return db.execute(
        f"""SELECT c.id, c.type, c.date, c.participant_ids,
                  group_concat(m.doc_id), min(d.published)
           FROM (SELECT DISTINCT m0.cluster_id FROM
                   (SELECT doc_id FROM doc_entities WHERE entity_id = ?
                    ORDER BY doc_key DESC LIMIT {NETWORK_DOCS}) a
                 JOIN event_cluster_members m0 ON m0.doc_id = a.doc_id) x
           JOIN event_clusters c ON c.id = x.cluster_id
           JOIN event_cluster_members m ON m.cluster_id = c.id
           JOIN documents d ON d.id = m.doc_id
           WHERE c.participant_ids LIKE ? ESCAPE '\\' GROUP BY c.id""",
        [entity_id, _id_pattern(entity_id)]).fetchall()


# Quotes read per direction for the mention edges around one identity: its newest.
MENTION_EDGE_QUOTES = 2000


def mention_edges_rows(db: sqlite3.Connection, entity_id: str | None = None
                       ) -> list[tuple[Any, ...]]:
    """(doc id, speaker id, mentioned entity id, published) for each quote by a known
    speaker whose text mentions an entity (``quote_mentions``); around ``entity_id``,
    the mentions in its newest :data:`MENTION_EDGE_QUOTES` quotes and those of it in the
    newest as many quotes that mention it."""
    select = """SELECT qm.doc_id, qm.sort_key, q.speaker_id, qm.entity_id, d.published
           FROM quote_mentions qm JOIN quotes q
             ON q.sort_key = qm.sort_key AND q.doc_id = qm.doc_id
           JOIN documents d ON d.id = qm.doc_id WHERE q.speaker_id IS NOT NULL"""
    if entity_id:
        by = db.execute(
            f"""SELECT qm.doc_id, qm.sort_key, q.speaker_id, qm.entity_id, d.published
            FROM (SELECT doc_id, sort_key, speaker_id FROM quotes WHERE speaker_id = ?
                  ORDER BY sort_key DESC LIMIT {MENTION_EDGE_QUOTES}) q
            JOIN quote_mentions qm ON qm.doc_id = q.doc_id
            JOIN documents d ON d.id = qm.doc_id WHERE qm.sort_key = q.sort_key""",
            (entity_id,)).fetchall()
        about = db.execute(
            f"{select} AND qm.entity_id = ? ORDER BY qm.sort_key DESC"
            f" LIMIT {MENTION_EDGE_QUOTES}", (entity_id,)).fetchall()
        rows = list(dict.fromkeys([*by, *about]))
    else:
        rows = db.execute(f"{select} ORDER BY qm.doc_id, qm.sort_key, qm.entity_id"
                          ).fetchall()
    return [(doc, speaker, target, published) for doc, _, speaker, target, published in rows]


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
        AND participant_ids LIKE ? ESCAPE '\\' {erng}
        GROUP BY p ORDER BY p""", [_id_pattern(entity_id), *eargs]).fetchall()
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
