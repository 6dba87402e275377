"""Full-text search (SQLite FTS5 over title and text, BM25 ranking with the title weighted)
with snippets and facets, and plain document listings.

A user's query is never passed to FTS5 as syntax: it is cut into words (any script),
each quoted, so punctuation or an unbalanced quote cannot make it fail. ``"two words"``
keeps a phrase, ``word*`` a prefix, ``OR`` between words an alternative. Russian words of
five letters or more match their inflected forms by prefix (``переговоры`` finds
``переговорах``): the stem is the word less its last two letters (four at least).

The work is bounded (:mod:`presswatch.store.textsearch`): a query matching more than
``SEARCH_CANDIDATES`` documents ranks the newest that many and counts its facets over
them; its total is exact up to ``MATCH_CAP`` and a lower bound past it
(``total_exact``).
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from presswatch.errors import InvalidQuery
from presswatch.query import params
from presswatch.query.rows import DocumentRow, FacetValue, SearchHit
from presswatch.store import reads, textsearch

_PART = re.compile(r'"([^"]{0,300})"|(\w+)(\*?)')
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MAX_TERMS = 16


def fts_query(text: str) -> tuple[str, list[str]]:
    """(FTS5 MATCH expression, the plain words) of a user's query."""
    parts: list[str] = []
    words: list[str] = []
    for m in _PART.finditer(text):
        if len(parts) >= MAX_TERMS:
            break
        if m[1] is not None:
            phrase = _WORD.findall(m[1])
            if phrase:
                parts.append('"' + " ".join(phrase) + '"')
                words.extend(phrase)
            continue
        word, star = m[2], m[3]
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        words.append(word)
        if star:
            parts.append(f'"{word}"*')
        elif _CYRILLIC.search(word) and len(word) >= 5:
            parts.append(f'"{word[:max(4, len(word) - 2)]}"*')
        else:
            parts.append(f'"{word}"')
    while parts and parts[-1] == "OR":
        parts.pop()
    if not parts:
        raise InvalidQuery(f"the query {text!r} has no words to search for", field="q")
    return " ".join(parts), words


def split_snippet(snippet: str) -> tuple[str, list[list[int]]]:
    """Plain snippet text and the [start, end) ranges the FTS marks surrounded."""
    out: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start = None
    for ch in snippet or "":
        if ch == textsearch.SNIPPET_OPEN:
            start = pos
        elif ch == textsearch.SNIPPET_CLOSE:
            if start is not None and pos > start:
                spans.append([start, pos])
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), spans


def _doc_row(row: tuple[Any, ...]) -> DocumentRow:
    import json

    doc_id, title, published, outlet, language, source, dup, warnings = row[:8]
    return DocumentRow(doc_id, title, published, outlet, language, source, dup,
                       json.loads(warnings or "[]"))


class _Filters(TypedDict):
    since: str | None
    until: str | None
    outlet: str | None
    language: str | None
    entity_id: str | None


def search(db: Any, q: str | None, *, since: str | None = None, until: str | None = None,
           outlet: str | None = None, language: str | None = None,
           entity_id: str | None = None, limit: int = 20, offset: int = 0,
           facets: bool = True) -> dict[str, Any]:
    """{"query", "match", "total", "total_exact", "ranked", "limit", "offset", "items":
    [SearchHit], "facets": {outlet, language, month, entity: [FacetValue]},
    "facets_over"}; values already validated except ``q``. ``total`` is a lower bound
    when ``total_exact`` is false; ``ranked`` matches (the newest) are in rank order, the
    rest follow newest first; facets count ``facets_over`` documents (the ranked ones)."""
    match = fts_query(q)[0] if q else None
    filters = _Filters(since=since, until=until, outlet=outlet, language=language,
                       entity_id=entity_id)
    found = textsearch.candidates(db, match, **filters)
    rows = textsearch.search_documents(db, match, found, limit=limit, offset=offset,
                                       **filters)
    items = []
    for row in rows:
        doc = _doc_row(row)
        if match:
            snippet, spans = split_snippet(row[8])
        else:
            snippet, spans = (row[8] or "").replace("\n", " "), []
        items.append(SearchHit(doc.id, doc.title, doc.published, doc.outlet, doc.language,
                               doc.source, snippet, spans, round(-float(row[9] or 0.0), 4)))
    # a lower bound is never below what this page reaches
    total = found.total if found.exact else max(found.total, offset + len(items))
    out: dict[str, Any] = {"query": q, "match": match, "total": total,
                           "total_exact": found.exact,
                           "ranked": found.ranked if match else found.total,
                           "limit": limit, "offset": offset, "items": items}
    if facets:
        raw = textsearch.search_facets(db, match, found, **filters)
        out["facets"] = {
            "outlet": [FacetValue(v, n) for v, n in raw["outlet"]],
            "language": [FacetValue(v, n) for v, n in raw["language"]],
            "month": [FacetValue(v, n) for v, n in raw["month"]],
            "entity": [FacetValue(i, n, name, t) for i, name, t, n in raw["entity"]],
        }
        out["facets_over"] = found.ranked
    return out


def documents(db: Any, *, since: str | None = None, until: str | None = None,
              outlet: str | None = None, language: str | None = None,
              entity_id: str | None = None, limit: int = 20, offset: int = 0
              ) -> params.Page[DocumentRow]:
    total, rows = reads.list_documents(db, since=since, until=until, outlet=outlet,
                                       language=language, entity_id=entity_id, limit=limit,
                                       offset=offset)
    docs = [_doc_row(r) for r in rows]
    people = reads.people_of(db, [d.id for d in docs])
    for d in docs:
        d.people = people.get(d.id, [])[:4]
    return params.Page(docs, total, limit, offset)
