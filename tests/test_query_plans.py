"""Every query the CLI, the REST API and the web UI make is served by an index.

Each ``Corpus`` call of ``api/app.py`` and the CLI (the web UI calls the API) runs on a
small generated corpus while the SQL it sends is recorded; every SELECT is then explained:

* SQLite (``EXPLAIN QUERY PLAN``): no statement may ``SCAN`` one of :data:`LARGE` (the
  tables that grow with the corpus). Allowed, each for the reason given: the ordered
  scans of :data:`ORDERED_SCANS` (a page read from the start of an index in the page's
  order, ``LIMIT`` in SQL, no sort), a whole-table ``SELECT count(*) FROM t`` (SQLite
  counts the b-tree's pages, it reads no row), and the calls of :data:`WHOLE_CORPUS`.
* PostgreSQL (``EXPLAIN``, ``enable_seqscan = off``): no ``Seq Scan`` of one of
  :data:`LARGE`. The fixture is small, so the planner's costs alone would pick
  sequential reads of a few pages even where an index serves the statement; with
  sequential scans switched off a Seq Scan remains only where no index can serve it,
  which is what is asserted (the tables are ANALYZEd so the planner picks among the
  indexes with statistics).
"""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import presswatch
from presswatch.extract.eventjoin import join_events
from presswatch.model import Document, Entity, Event, Figure, Quote
from presswatch.store import open_store

# The tables that grow with the corpus.
LARGE = frozenset({"documents", "entities", "entity_aliases", "doc_entities",
                   "entity_mentions", "quotes", "quote_mentions", "figures", "events",
                   "event_participants"})

# (table, index) scans that read a page in the index's order and stop at the LIMIT.
ORDERED_SCANS = {
    ("quotes", "quotes_sort"): "the newest quotes, no filter: the first rows of the index",
    ("figures", "figures_sort"): "the newest figures, no filter: the first rows of the index",
    ("entities", "entities_rank"): "identities by documents, no filter: the index's first rows",
    ("documents", "rowid"): "documents in ingest order, no filter: the first rowids",
    ("events", "events_unjoined"): "whether any event is unjoined: a partial index of only"
                                   " those rows, its first row",
}

# Calls that read the whole corpus by definition, not a page of it.
WHOLE_CORPUS = {
    "stats": "corpus statistics: counts and groupings over everything stored",
    "network (everything)": "the whole network: every edge, for export",
    "network (two hops)": "more than one hop reads every edge, then walks them",
}

# Full-text search of documents is served by its own SQL (search_documents,
# search_facets, timeline_query), measured in docs/benchmarks.md apart.
SEARCH_CALLS = {"search", "search (all documents)", "timeline (query)"}

PEOPLE = [(f"E{i:03d}", f"{first} {last}") for i, (first, last) in enumerate(
    (f, s) for s in ("Ivanov", "Petrov", "Kovalchuk", "Lukashenko", "Smith", "Brown")
    for f in ("Anna", "Boris", "Marina", "Oleg", "Pavel", "Vera", "Igor", "Nina"))]
WORDS = ("trade", "grain", "export", "tariff", "border", "summit", "budget", "loan",
         "rouble", "tractor", "port", "rail", "gas", "oil", "visit")
METRICS = ("grain exports", "gdp growth", "oil output", "budget deficit", "wage growth")


def corpus(n: int = 240, seed: int = 5) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        a, b, c = rng.sample(PEOPLE, 3)
        q_words = " ".join(rng.choice(WORDS) for _ in range(6))
        quote = f"{q_words} with {c[1]}"
        text = f"{a[1]} met {b[1]}. {a[1]} said {quote}. Growth was {i % 50} percent."
        qs = text.index(quote)
        cs = text.index(c[1], qs)
        fs = text.index(f"{i % 50} percent")
        fig = f"{i % 50} percent"
        day = None if i % 37 == 0 else \
            f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        docs.append(Document(
            id=f"p{i:04d}", source=f"plans/{i}.txt", text=text, language="en" if i % 5 else "ru",
            title=f"{rng.choice(WORDS).title()} {i}", outlet=f"Outlet {i % 7}", published=day,
            entities=[
                Entity(a[0], a[1], "PERSON", [(0, len(a[1])), (text.index(" said") - len(a[1]),
                                                           text.index(" said"))],
                       aliases=[a[1]]),
                Entity(b[0], b[1], "PERSON", [(len(a[1]) + 5, len(a[1]) + 5 + len(b[1]))],
                       aliases=[b[1], b[1].split()[-1]]),
                Entity(c[0], c[1], "PERSON", [(cs, cs + len(c[1]))], aliases=[c[1]])],
            quotes=[Quote(quote, qs, qs + len(quote), a[1], rng.choice(("direct", "indirect")),
                          a[0], "said")],
            figures=[Figure(fig, fs, fs + len(fig), float(i % 50), "percent",
                            rng.choice(METRICS), day[:4] if day else None, a[1],
                            rng.choice(("actual", "forecast")), a[0])],
            events=[Event("meeting", [a[1], b[1]], 0, len(a[1]) + 5 + len(b[1]), date=day,
                          participant_ids=[a[0], b[0]])]))
    return docs


def calls() -> list[tuple[str, Callable[[Any], Any]]]:
    """Every kind of Corpus call of api/app.py and the CLI, with each filter."""
    who, other = PEOPLE[3], PEOPLE[10]
    return [
        ("stats", lambda c: c.stats()),
        ("search", lambda c: c.search("grain export")),
        ("search (all documents)", lambda c: c.search()),
        ("documents", lambda c: c.list_documents()),
        ("documents by entity", lambda c: c.list_documents(entity=who[0])),
        ("documents by outlet", lambda c: c.list_documents(outlet="outlet 3")),
        ("documents by language", lambda c: c.list_documents(language="ru")),
        ("documents by date", lambda c: c.list_documents(since="2012-01-01",
                                                         until="2014-06-30")),
        ("document", lambda c: c.document("p0007")),
        ("entities", lambda c: c.entities()),
        ("entities by type", lambda c: c.entities(type="PERSON")),
        ("entities by name", lambda c: c.entities(name="kovalch")),
        ("entities by first name", lambda c: c.entities(name="Marina")),
        ("entity profile", lambda c: c.entity(who[0])),
        ("entity by name", lambda c: c.entity(who[1])),
        ("entity by surname", lambda c: _resolve(c, "Kovaltchuk")),
        ("quotes", lambda c: c.quotes()),
        ("quotes by speaker", lambda c: c.quotes(speaker=who[0])),
        ("quotes by speaker name", lambda c: c.quotes(speaker=who[1])),
        ("quotes about an entity", lambda c: c.quotes(mentions=other[0])),
        ("quotes by date", lambda c: c.quotes(since="2015-01-01", until="2016-12-31")),
        ("quotes with words", lambda c: c.quotes(words="grain tariff")),
        ("quotes by kind", lambda c: c.quotes(kind="direct")),
        ("quotes of a document", lambda c: c.quotes(document="p0003")),
        ("quotes by speaker and words", lambda c: c.quotes(speaker=who[0], words="trade")),
        ("figures", lambda c: c.figures()),
        ("figures by metric", lambda c: c.figures(metric="grain exports")),
        ("figures by claimant", lambda c: c.figures(claimant=who[0])),
        ("figures by period", lambda c: c.figures(period="2015")),
        ("figures by unit", lambda c: c.figures(unit="PERCENT")),
        ("figures by kind", lambda c: c.figures(kind="forecast")),
        ("figure series", lambda c: c.figure_series(metric="growth")),
        ("events", lambda c: c.events()),
        ("events by entity", lambda c: c.events(entity=who[0])),
        ("events by type", lambda c: c.events(type="meeting")),
        ("network (one hop)", lambda c: c.network(entity=who[0])),
        ("network (two hops)", lambda c: c.network(entity=who[0], depth=2)),
        ("network (everything)", lambda c: c.network()),
        ("timeline of an entity", lambda c: c.timeline(entity=who[0])),
        ("timeline of an entity by week", lambda c: c.timeline(entity=who[0],
                                                               interval="week")),
        ("timeline (query)", lambda c: c.timeline(q="grain")),
        ("add an alias", lambda c: c.add_alias(other[0], "O. Alias")),
        ("rename", lambda c: c.rename(PEOPLE[20][0], "Renamed Person")),
    ]


def _resolve(c: Any, name: str) -> None:
    """Look a name up (a surname many share: an ambiguous name is an answer too)."""
    from presswatch.errors import PresswatchError

    with contextlib.suppress(PresswatchError):
        c.resolve(name)


def _build(target: Path | str) -> None:
    with open_store(target) as store:
        store.write_documents(corpus())
        join_events(store)


# -- SQLite --------------------------------------------------------------------------------
_SCAN = re.compile(r"^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?$")
_TABLE_REF = re.compile(
    r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(?!(?:WHERE|JOIN|ON|LEFT|INNER|CROSS|GROUP|"
    r"ORDER|LIMIT|USING|UNION|NATURAL|SELECT)\b)(\w+))?", re.IGNORECASE)
_WHOLE_COUNT = re.compile(r"^\s*SELECT count\(\*\) FROM (\w+)\s*$", re.IGNORECASE)


def _aliases(sql: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for table, alias in _TABLE_REF.findall(sql):
        out[table] = table
        if alias:
            out[alias] = table
    return out


def sqlite_violations(db: Any, sql: str) -> list[str]:
    """The full scans of large tables in one statement's plan (empty: indexed)."""
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
    if _WHOLE_COUNT.match(sql):
        return []
    aliases = _aliases(sql)
    sorted_page = any("TEMP B-TREE FOR ORDER BY" in d for d in plan)
    limited = re.search(r"\bLIMIT\s+\d+", sql) is not None
    bad = []
    for detail in plan:
        m = _SCAN.match(detail)
        if not m:
            continue
        table = aliases.get(m[1], m[1])
        if table not in LARGE:
            continue
        index = m[2] or "rowid"
        if (table, index) in ORDERED_SCANS and limited and not sorted_page:
            continue
        bad.append(f"{detail} ({table})")
    return bad


def _record_sqlite(corpus_: Any) -> list[str]:
    statements: list[str] = []
    corpus_.store._db.set_trace_callback(statements.append)
    return statements


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    _build(path)
    return path


@pytest.mark.parametrize("name,call", calls(), ids=[n for n, _ in calls()])
def test_sqlite_plans(sqlite_db: Path, name: str, call: Callable[[Any], Any]) -> None:
    with presswatch.open(sqlite_db) as c:
        statements = _record_sqlite(c)
        call(c)
        c.store._db.set_trace_callback(None)
        selects = [s for s in statements if s.lstrip()[:6].upper() in ("SELECT", "WITH R")
                   or s.lstrip()[:4].upper() == "WITH"]
        assert selects, f"{name}: no SELECT recorded"
        if name in WHOLE_CORPUS or name in SEARCH_CALLS:
            return
        problems = {s: v for s in selects if (v := sqlite_violations(c.store._db, s))}
    assert not problems, f"{name}: full scans\n" + "\n".join(
        f"{sql}\n  -> {v}" for sql, v in problems.items())


def test_sqlite_check_finds_a_full_scan(sqlite_db: Path) -> None:
    """The check itself: a filter no index serves is reported, an indexed one is not."""
    with presswatch.open(sqlite_db) as c:
        db = c.store._db
        assert sqlite_violations(db, "SELECT * FROM quotes q WHERE q.cue = 'said' LIMIT 5")
        assert sqlite_violations(
            db, "SELECT * FROM quotes q ORDER BY q.text LIMIT 5")  # sorted: not a page
        assert not sqlite_violations(
            db, "SELECT * FROM quotes q WHERE q.speaker_id = 'E001' ORDER BY q.sort_key DESC"
                " LIMIT 5")
        assert not sqlite_violations(db, "SELECT * FROM quotes q ORDER BY q.sort_key DESC"
                                         " LIMIT 5")


# -- PostgreSQL ----------------------------------------------------------------------------
def _seq_scans(node: dict[str, Any]) -> list[str]:
    found = []
    if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in LARGE:
        found.append(node["Relation Name"])
    for child in node.get("Plans", ()):
        found += _seq_scans(child)
    return found


@pytest.fixture()
def pg_db(pg_url: str) -> str:
    _build(pg_url)
    with open_store(pg_url) as store:
        store._db.execute("ANALYZE")
    return pg_url


def test_postgres_plans(pg_db: str) -> None:
    from presswatch.store.postgres.dialect import translate

    problems: dict[str, list[str]] = {}
    with presswatch.open(pg_db) as c:
        conn = c.store._db
        raw = conn.conn
        for name, call in calls():
            recorded: list[tuple[str, list[Any]]] = []
            execute = conn.execute

            def record(sql: str, params: Any = (), _rec: Any = recorded,
                       _ex: Any = execute) -> Any:
                _rec.append((sql, list(params or ())))
                return _ex(sql, params)

            conn.execute = record
            try:
                call(c)
            finally:
                del conn.execute
            if name in WHOLE_CORPUS or name in SEARCH_CALLS:
                continue
            raw.execute("SET enable_seqscan = off")
            try:
                for sql, params in recorded:
                    if not sql.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
                        continue
                    if _WHOLE_COUNT.match(sql):
                        continue
                    plan = raw.execute("EXPLAIN (FORMAT JSON) " + translate(sql),
                                       params).fetchone()[0]
                    scans = _seq_scans(plan[0]["Plan"])
                    if scans:
                        problems.setdefault(name, []).append(f"{sql} -> Seq Scan on {scans}")
            finally:
                raw.execute("SET enable_seqscan = on")
        # The check itself: a filter no index serves is reported.
        raw.execute("SET enable_seqscan = off")
        plan = raw.execute("EXPLAIN (FORMAT JSON) SELECT * FROM quotes WHERE cue = 'said'"
                           ).fetchone()[0]
        raw.execute("SET enable_seqscan = on")
        assert _seq_scans(plan[0]["Plan"]) == ["quotes"]
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
