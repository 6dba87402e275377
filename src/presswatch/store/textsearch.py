"""The full-text search SQL of the query layer: the documents matching a query, ranked
over a bounded candidate set, with snippets and facets, and the query's timeline.

SQLite searches FTS5 (``documents_fts``, rowid = ``documents.seq``, BM25 with the title
weighted 8 to 1); PostgreSQL the stored ``tsvector`` (GIN index, ``ts_rank``,
``ts_headline``). Both read the matches in the same order, newest first by ingest order
(``seq``: the FTS5 rowid, PostgreSQL's primary key), so that the work a query costs is
bounded whatever the corpus holds:

* **total**: the matches are counted up to :data:`MATCH_CAP`; past it the total is the
  cap and ``exact`` is false (a lower bound, shown as "10,000+");
* **ranking**: when more than :data:`SEARCH_CANDIDATES` (K) documents match, only the K
  newest are ranked by relevance, and the matches past them follow newest first, with
  score 0 (every match can still be paged to); with K or fewer matches (a rare word)
  every match is ranked by ``bm25()`` / ``ts_rank``, as before. SQLite ranks the K
  candidates by BM25 without its IDF factor (:func:`_rank_candidates`: ``bm25()`` would
  first read the whole posting list of each phrase); ``ts_rank`` has no corpus
  statistics and ranks them as it ranks everything;
* **facets** are counted over the ranked candidates (``Candidates.ranked`` documents);
* **snippets** are cut for the returned page only;
* **timeline** of a query: the newest :data:`TIMELINE_CAP` matching documents, their
  quotes and events, bucketed in one statement (``exact`` false when more match).

Why ingest order rather than publication date: the FTS5 index is kept in rowid order, so
"the newest K" is a LIMIT on the index itself; ordering by ``published`` would need every
match's date first, the very cost that is bounded here. Documents arrive roughly as they
are published, so the newest ingested are, in a feed, the newest published.

The settings are read at each call (``PRESSWATCH_SEARCH_CANDIDATES``,
``PRESSWATCH_MATCH_CAP``, ``PRESSWATCH_TIMELINE_CAP`` in the environment set them at
import); a K of 0 ranks, counts and facets every match and counts every match into a
timeline (the behaviour before bounds, the benchmark's baseline).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from presswatch.store.reads import DOC_LIST, bucket, doc_filters, is_pg, like, page_sql, prepare


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


# Matches ranked by relevance (the newest K); 0: every match.
SEARCH_CANDIDATES = _env_int("PRESSWATCH_SEARCH_CANDIDATES", 1_000)
# Matches counted for a total (at least K).
MATCH_CAP = _env_int("PRESSWATCH_MATCH_CAP", 5_000)
# Matching documents a query's timeline counts, with their quotes and events (the newest).
TIMELINE_CAP = _env_int("PRESSWATCH_TIMELINE_CAP", 2_000)

SNIPPET_OPEN = "\ue000"  # private-use marks around a matched term in a snippet
SNIPPET_CLOSE = "\ue001"
_BM25 = "bm25(documents_fts, 8.0, 1.0)"

# The match expressions query/search.py writes: "a phrase", "word", "prefix"*, OR.
_FTS_TERM = re.compile(r'"([^"]*)"(\*?)|\bOR\b')
# Document languages with their own text-search configuration (store/postgres/schema.sql).
_TS_CONFIGS = ("english", "russian", "simple")
PG_HEADLINE = (f"StartSel={SNIPPET_OPEN}, StopSel={SNIPPET_CLOSE}, MaxWords=24, MinWords=8,"
               " MaxFragments=1, FragmentDelimiter=…")


@dataclass(frozen=True, slots=True)
class Candidates:
    """What a query's bounded read found: ``total`` matches counted (``exact``: all of
    them; else a lower bound), ``ranked`` of them ranked and faceted (the newest), and
    ``floor``, the ``seq`` of the oldest ranked one (None: every match is ranked)."""

    total: int
    exact: bool
    ranked: int
    floor: int | None


def limits() -> tuple[int, int, int]:
    """(K, the count cap, the timeline cap) in force: the count cap is never below K;
    all 0 without bounds (K = 0)."""
    k = max(0, int(SEARCH_CANDIDATES))
    if not k:
        return 0, 0, 0
    return k, max(int(MATCH_CAP), k), max(1, int(TIMELINE_CAP))


def pg_tsquery(match: str) -> tuple[str, list[Any]]:
    """(tsquery SQL, parameters) for an FTS5 match expression of query/search.py: each
    term in every configuration (a document is stemmed in its own language), words and
    prefixes as parameters, adjacent ORs grouped, the rest ANDed."""
    groups: list[list[str]] = [[]]
    args: list[Any] = []
    pending_or = False
    for m in _FTS_TERM.finditer(match):
        if m[0] == "OR":
            pending_or = True
            continue
        text, star = m[1], m[2]
        if not text.strip():
            continue
        if star:
            parts = [f"to_tsquery('{c}', ?)" for c in _TS_CONFIGS]
            args += [f"{text.split()[-1]}:*"] * len(_TS_CONFIGS)
        else:
            parts = [f"phraseto_tsquery('{c}', ?)" for c in _TS_CONFIGS]
            args += [text] * len(_TS_CONFIGS)
        term = "(" + " || ".join(parts) + ")"
        if pending_or and groups[-1]:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    ands = ["(" + " || ".join(g) + ")" for g in groups if g]
    return (" && ".join(ands) if ands else "''::tsquery"), args


def _hits(db: Any, match: str | None, filters: Mapping[str, Any], *,
          floor: int | None = None, below: bool = False, need_doc: bool = True
          ) -> tuple[str, str, list[Any], str]:
    """(FROM ... WHERE ..., rank expression, parameters, the seq column) over the
    matching documents that pass ``filters``; from ``floor`` up (or below it). Without
    filters and ``need_doc`` false, SQLite reads the full-text index alone."""
    where, args = doc_filters(**filters)
    if match and is_pg(db):
        tsq, margs = pg_tsquery(match)
        base = f"FROM documents d, (SELECT {tsq} AS q) fq WHERE d.tsv @@ fq.q"
        rank, seq = "(-ts_rank(d.tsv, fq.q))", "d.seq"
    elif match:
        join = " JOIN documents d ON d.seq = f.rowid" if where or need_doc else ""
        base = f"FROM documents_fts f{join} WHERE documents_fts MATCH ?"
        rank, seq, margs = _BM25, "f.rowid", [match]
    else:
        base, rank, seq, margs = "FROM documents d WHERE 1 = 1", "0.0", "d.seq", []
    if floor is not None:
        where = [f"{seq} {'<' if below else '>='} ?", *where]
        args = [floor, *args]
    return base + "".join(f" AND ({w})" for w in where), rank, margs + args, seq


def candidates(db: Any, match: str | None, **filters: Any) -> Candidates:
    """Count the matches (to the cap) and find the ranked candidates' floor: one read
    of at most cap + 1 ids, newest first."""
    prepare(db)
    k, cap, _ = limits()
    body, _, params, seq = _hits(db, match, filters, need_doc=False)
    if not k:
        total = int(db.execute(f"SELECT count(*) {body}", params).fetchone()[0])
        return Candidates(total, True, total, None)
    seqs = [r[0] for r in db.execute(
        f"SELECT {seq} {body} ORDER BY {seq} DESC LIMIT {cap + 1}", params)]
    exact = len(seqs) <= cap
    total = min(len(seqs), cap)
    if len(seqs) <= k:
        return Candidates(total, exact, len(seqs), None)
    return Candidates(total, exact, k, int(seqs[k - 1]))


def search_documents(
    db: Any, match: str | None, found: Candidates, *, limit: int = 20, offset: int = 0,
    snippet_tokens: int = 24, **filters: Any,
) -> list[tuple[Any, ...]]:
    """Rows of (id, title, published, outlet, language, source, duplicate_of, warnings,
    snippet, score) of one page: the ranked candidates best first, then (when ``found``
    has a floor) the older matches newest first. Without a query: every document
    (filtered) newest published first."""
    prepare(db)
    if not match:
        body, _, params, _ = _hits(db, None, filters)
        return db.execute(
            f"SELECT {DOC_LIST}, substr(d.text, 1, 240), 0.0 {body}"
            " ORDER BY d.published IS NULL, d.published DESC, d.seq"
            + page_sql(limit, offset), params).fetchall()
    body, rank, params, seq = _hits(db, match, filters, floor=found.floor, need_doc=False)
    page: list[tuple[Any, ...]] = []
    if found.floor is None:
        page = db.execute(f"SELECT {seq}, {rank} {body} ORDER BY 2, 1"
                          + page_sql(limit, offset), params).fetchall()
    else:
        if offset < found.ranked:
            n = min(limit, found.ranked - offset) if limit else found.ranked - offset
            if is_pg(db):  # ts_rank reads the row alone: cheap over the candidates
                page = db.execute(f"SELECT {seq}, {rank} {body} ORDER BY 2, 1"
                                  + page_sql(n, offset), params).fetchall()
            else:
                page = _rank_candidates(db, body, params)[offset:offset + n]
        if not limit or len(page) < limit:
            rest, _, params, seq = _hits(db, match, filters, floor=found.floor,
                                         below=True, need_doc=False)
            page += db.execute(  # not ranked: score 0
                f"SELECT {seq}, 0.0 {rest} ORDER BY {seq} DESC"
                + page_sql(limit - len(page) if limit else 0,
                           max(0, offset - found.ranked)), params).fetchall()
    return _with_snippets(db, match, page, snippet_tokens)


# BM25's term-frequency saturation and length normalisation (FTS5's defaults).
_K1, _B = 1.2, 0.75
_TITLE_WEIGHT = 8.0


def _rank_candidates(db: Any, body: str, params: list[Any]) -> list[tuple[int, float]]:
    """(seq, rank) of the candidates (``body`` from the floor up), best first: BM25
    without its IDF factor. FTS5's ``bm25()`` first counts, for each phrase, every
    document of the corpus containing it (a pass over its whole posting list, with
    positions for a phrase): for a common word that pass costs more than the page, and
    its IDF is the same for each candidate. Term frequencies come from the highlighted
    title and text (each marked instance counted; the title weighted as in
    ``_BM25``), lengths from their words."""
    rows = db.execute(
        f"SELECT f.rowid, highlight(documents_fts, 0, char(1), ''),"
        f" highlight(documents_fts, 1, char(1), '') {body}", params).fetchall()
    if not rows:
        return []
    stats = []
    for seq, title, text in rows:
        title, text = title or "", text or ""
        tf = _TITLE_WEIGHT * title.count("\x01") + text.count("\x01")
        stats.append((int(seq), tf, len(title.split()) + text.count(" ") + 1))
    avg = sum(n for _, _, n in stats) / len(stats) or 1.0
    ranked = [(seq, -(tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * n / avg))))
              for seq, tf, n in stats]
    ranked.sort(key=lambda r: (r[1], r[0]))
    return ranked


def _with_snippets(db: Any, match: str, page: list[tuple[Any, ...]], tokens: int
                   ) -> list[tuple[Any, ...]]:
    """The page's documents with their snippets, in the page's order (snippet() and
    ts_headline read the whole text: only for these rows)."""
    if not page:
        return []
    seqs = [int(s) for s, _ in page]
    if is_pg(db):
        tsq, targs = pg_tsquery(match)
        rows = db.execute(
            f"SELECT d.seq, {DOC_LIST}, ts_headline(pw_regconfig(d.language), d.text,"
            f" {tsq}, ?) FROM documents d WHERE d.seq = ANY(?)",
            [*targs, PG_HEADLINE, seqs]).fetchall()
    else:
        snippet = (f"snippet(documents_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…',"
                   f" {int(tokens)})")
        rows = db.execute(
            f"SELECT f.rowid, {DOC_LIST}, {snippet} FROM documents_fts f JOIN documents d"
            f" ON d.seq = f.rowid WHERE documents_fts MATCH ? AND f.rowid IN"
            f" ({','.join('?' * len(seqs))})", [match, *seqs]).fetchall()
    by_seq = {int(r[0]): tuple(r[1:]) for r in rows}
    return [(*by_seq[int(s)], score) for s, score in page if int(s) in by_seq]


def search_facets(
    db: Any, match: str | None, found: Candidates, *, size: int = 10, **filters: Any,
) -> dict[str, list[tuple[Any, ...]]]:
    """Counts over the ranked candidates (``found.ranked`` documents: every match when
    ``found`` has no floor): per outlet, language, month (YYYY-MM) and the entities
    mentioned most (id, name, type, documents)."""
    prepare(db)
    body, _, params, _ = _hits(db, match, filters, floor=found.floor)
    docs = db.execute(f"SELECT d.id, d.outlet, d.language, substr(d.published, 1, 7) {body}",
                      params).fetchall()
    outlets: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for _, outlet, language, month in docs:
        if outlet is not None:
            outlets[outlet] += 1
        languages[language] += 1
        if month:
            months[month] += 1
    n = int(size)

    def top(counts: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    # The candidates' ids as one parameter: each document's entity rows by primary key.
    ids: list[Any]
    if is_pg(db):  # behind an InitPlan, the planner probes the index per id (a literal
        # array of a thousand ids makes it estimate a scan of the whole table cheaper)
        among, ids = "doc_id = ANY(ARRAY(SELECT unnest(CAST(? AS text[]))))", [
            [r[0] for r in docs]]
    else:
        among, ids = ("doc_id IN (SELECT value FROM json_each(?))",
                      [json.dumps([r[0] for r in docs])])
    entities = db.execute(
        "SELECT e.id, e.name, e.type, t.n FROM (SELECT entity_id, count(DISTINCT doc_id) AS n"
        f" FROM doc_entities WHERE {among} GROUP BY entity_id ORDER BY n DESC, entity_id"
        f" LIMIT {n}) t JOIN entities e ON e.id = t.entity_id ORDER BY t.n DESC, e.name",
        ids).fetchall() if docs else []
    return {"outlet": top(outlets), "language": top(languages), "month": sorted(months.items()),
            "entity": entities}


def timeline_query(db: Any, match: str | None, words: list[str], interval: str,
                   since: str | None, until: str | None
                   ) -> tuple[dict[str, list[tuple[str, int]]], Candidates]:
    """Per period: the matching documents (the newest TIMELINE_CAP, published in the
    window), the quotes among theirs containing every word, and the events they report;
    with what was counted (``floor``: the oldest document counted, when more match)."""
    prepare(db)
    filters = {"since": since, "until": until}
    _, _, cap = limits()
    found = Candidates(0, True, 0, None)
    if cap:
        body, _, params, seq = _hits(db, match, filters, need_doc=False)
        seqs = [r[0] for r in db.execute(
            f"SELECT {seq} {body} ORDER BY {seq} DESC LIMIT {cap + 1}", params)]
        if len(seqs) > cap:
            found = Candidates(cap, False, cap, int(seqs[cap - 1]))
        else:
            found = Candidates(len(seqs), True, len(seqs), None)
    body, _, params, _ = _hits(db, match, filters, floor=found.floor)
    qwhere = "".join(" AND pw_lower(q.text) LIKE ? ESCAPE '\\'" for _ in words)
    b = bucket("h.published", interval, db)
    rows = db.execute(
        f"""WITH h AS (SELECT d.id, d.published {body})
        SELECT {b} AS p, count(*),
          coalesce(sum((SELECT count(*) FROM quotes q WHERE q.doc_id = h.id {qwhere})), 0),
          coalesce(sum((SELECT count(*) FROM events ev WHERE ev.doc_id = h.id)), 0)
        FROM h WHERE h.published IS NOT NULL GROUP BY p ORDER BY p""",
        [*params, *(f"%{like(w.lower())}%" for w in words)]).fetchall()
    if not cap:
        found = Candidates(sum(int(r[1]) for r in rows), True, 0, None)
    series = {name: [(r[0], int(r[i])) for r in rows if int(r[i])]
              for i, name in ((1, "mentions"), (2, "quotes"), (3, "events"))}
    return series, found
