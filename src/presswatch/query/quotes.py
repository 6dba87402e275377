"""Quote queries over the store: by speaker, by entity mentioned, by date range, by words.

The SQL is :func:`presswatch.store.reads.quotes` (``quotes`` joined to ``documents`` and,
for the speaker's current name, ``entities``; ``entity_mentions`` for the entities
mentioned inside a quote). Word search is a case-insensitive ``LIKE`` per word (all must
occur).

Every function takes a store (or a ``sqlite3.Connection``) and returns
:class:`~presswatch.query.rows.QuoteRow` rows ordered by publication date, document and
position.
"""

from __future__ import annotations

from typing import Any

from presswatch.query.params import Page
from presswatch.query.rows import QuoteRow
from presswatch.store import reads
from presswatch.store.sqlite import connection

__all__ = [
    "QuoteHit",
    "QuoteRow",
    "find_page",
    "find_quotes",
    "quotes_between",
    "quotes_by_speaker",
    "quotes_mentioning",
    "quotes_with_words",
]

QuoteHit = QuoteRow  # the name earlier releases used


def find_page(
    store: Any,
    *,
    speaker: str | None = None,
    speaker_id: str | None = None,
    mentions_id: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    words: str | None = None,
    kind: str | None = None,
    doc_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[QuoteRow]:
    """One page of the quotes matching every filter, with the total. Values are taken as
    validated (see :mod:`presswatch.query.params`); ``speaker`` compares with the speaker's
    current display name (case-insensitive, any script)."""
    total, rows = reads.quotes(
        connection(store), speaker_id=speaker_id, speaker=speaker, mentions_id=mentions_id,
        since=date_from[:10] if date_from else None, until=date_to[:10] if date_to else None,
        words=(words or "").split(), kind=kind, doc_id=doc_id, limit=limit, offset=offset)
    return Page([QuoteRow(*row) for row in rows], total, limit, offset)


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
) -> list[QuoteRow]:
    """Quotes matching every given filter.

    ``speaker``: display name, case-insensitive exact match; ``speaker_id``: entity id.
    ``mentions``: an entity id, name or alias; the quote's span must contain one of that
    entity's mentions. ``date_from`` / ``date_to``: inclusive bounds on the document's
    ``published`` (``YYYY-MM-DD``; a full timestamp compares by its day); documents without
    a date are left out when a bound is given. ``words``: every whitespace-separated word
    must occur in the quote text (case-insensitive in any script). ``kind``: direct,
    indirect or transcript. Newest first (publication day, then ingest order, then
    position in the document: ``quotes.sort_key``)."""
    mentions_id = None
    if mentions is not None:
        from presswatch.errors import EntityNotFound
        from presswatch.query.entities import resolve_ref

        try:
            mentions_id = resolve_ref(store, mentions, strict=False)
        except EntityNotFound:
            return []
    return find_page(store, speaker=speaker, speaker_id=speaker_id, mentions_id=mentions_id,
                     date_from=date_from, date_to=date_to, words=words, kind=kind,
                     limit=int(limit or 0)).items


def quotes_by_speaker(store: Any, speaker: str, limit: int | None = 100) -> list[QuoteRow]:
    """Quotes said by ``speaker`` (an entity id or a display name)."""
    by_id = find_quotes(store, speaker_id=speaker, limit=limit)
    return by_id or find_quotes(store, speaker=speaker, limit=limit)


def quotes_mentioning(store: Any, entity: str, limit: int | None = 100) -> list[QuoteRow]:
    """Quotes whose text mentions ``entity`` (an entity id, name or alias)."""
    return find_quotes(store, mentions=entity, limit=limit)


def quotes_between(store: Any, date_from: str | None, date_to: str | None,
                   limit: int | None = 100) -> list[QuoteRow]:
    """Quotes from documents published between the two dates (inclusive)."""
    return find_quotes(store, date_from=date_from, date_to=date_to, limit=limit)


def quotes_with_words(store: Any, words: str, limit: int | None = 100) -> list[QuoteRow]:
    """Quotes containing every word of ``words``."""
    return find_quotes(store, words=words, limit=limit)
