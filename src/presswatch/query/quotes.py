"""Quote queries over the store: by speaker, by entity mentioned, by date range, by words.

Read-only SQL over the existing ``quotes`` table (see ``store/schema.sql``), joined to
``documents`` (dates, titles) and ``entity_mentions`` (entities mentioned inside a quote).
Word search is a case-insensitive ``LIKE`` per word (all words must occur); a full-text
index over quote text would make it scale (see docs/quality.md, "Quotes").

Every function takes a store with a SQLite connection at ``store._db`` (``SQLiteStore``)
and returns :class:`QuoteHit` rows ordered by publication date, document and position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from presswatch.store.sqlite import connection

__all__ = [
    "QuoteHit",
    "find_quotes",
    "quotes_between",
    "quotes_by_speaker",
    "quotes_mentioning",
    "quotes_with_words",
]


@dataclass(frozen=True, slots=True)
class QuoteHit:
    doc_id: str
    ord: int
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_id: str | None
    cue: str | None
    kind: str
    published: str | None
    title: str | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_quotes(
    store: Any,
    *,
    speaker: str | None = None,
    speaker_id: str | None = None,
    mentions: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    words: str | None = None,
    kind: str | None = None,
    limit: int | None = 100,
) -> list[QuoteHit]:
    """Quotes matching every given filter.

    ``speaker``: canonical name, case-insensitive exact match; ``speaker_id``: entity id.
    ``mentions``: an entity id or a canonical name; the quote's span must contain one of
    that entity's mentions. ``date_from`` / ``date_to``: inclusive bounds on the
    document's ``published`` (``YYYY-MM-DD``; a full timestamp compares by its day);
    documents without a date are left out when a bound is given. ``words``: every
    whitespace-separated word must occur in the quote text (case-insensitive for ASCII
    and, through ``lower()``, for Cyrillic). ``kind``: direct, indirect or transcript."""
    where: list[str] = []
    args: list[Any] = []
    if speaker is not None:
        where.append("q.speaker IS NOT NULL AND pw_lower(q.speaker) = pw_lower(?)")
        args.append(speaker)
    if speaker_id is not None:
        where.append("q.speaker_id = ?")
        args.append(speaker_id)
    if kind is not None:
        where.append("q.kind = ?")
        args.append(kind)
    if date_from is not None:
        where.append("d.published IS NOT NULL AND substr(d.published, 1, 10) >= ?")
        args.append(date_from[:10])
    if date_to is not None:
        where.append("d.published IS NOT NULL AND substr(d.published, 1, 10) <= ?")
        args.append(date_to[:10])
    if mentions is not None:
        where.append(
            "EXISTS (SELECT 1 FROM entity_mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.doc_id = q.doc_id AND m.start >= q.start AND m.\"end\" <= q.\"end\""
            " AND (e.id = ? OR pw_lower(e.name) = pw_lower(?)))"
        )
        args.extend([mentions, mentions])
    for word in (words or "").split():
        where.append("pw_lower(q.text) LIKE ? ESCAPE '\\'")
        args.append(f"%{_like_escape(word.lower())}%")
    sql = (
        "SELECT q.doc_id, q.ord, q.text, q.start, q.\"end\", q.speaker, q.speaker_id, q.cue,"
        " q.kind, d.published, d.title, d.source"
        " FROM quotes q JOIN documents d ON d.id = q.doc_id"
        + (" WHERE " + " AND ".join(f"({w})" for w in where) if where else "")
        + " ORDER BY d.published IS NULL, d.published, d.seq, q.ord"
    )
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    db = connection(store)
    db.create_function("pw_lower", 1, _lower, deterministic=True)
    return [QuoteHit(*row) for row in db.execute(sql, args)]


def _lower(value: str | None) -> str | None:
    return value.lower() if value is not None else None


def quotes_by_speaker(store: Any, speaker: str, limit: int | None = 100) -> list[QuoteHit]:
    """Quotes said by ``speaker`` (an entity id or a canonical name)."""
    by_id = find_quotes(store, speaker_id=speaker, limit=limit)
    return by_id or find_quotes(store, speaker=speaker, limit=limit)


def quotes_mentioning(store: Any, entity: str, limit: int | None = 100) -> list[QuoteHit]:
    """Quotes whose text mentions ``entity`` (an entity id or a canonical name)."""
    return find_quotes(store, mentions=entity, limit=limit)


def quotes_between(store: Any, date_from: str | None, date_to: str | None,
                   limit: int | None = 100) -> list[QuoteHit]:
    """Quotes from documents published between the two dates (inclusive)."""
    return find_quotes(store, date_from=date_from, date_to=date_to, limit=limit)


def quotes_with_words(store: Any, words: str, limit: int | None = 100) -> list[QuoteHit]:
    """Quotes containing every word of ``words``."""
    return find_quotes(store, words=words, limit=limit)
