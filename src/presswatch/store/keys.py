"""The derived key columns of schema version 10: what lets every page of the query layer
be read from an index in order, ``LIMIT`` in SQL, on SQLite and PostgreSQL alike.

* **Fact keys** (``quotes.sort_key``, ``figures.sort_key``, ``quote_mentions.sort_key``):
  one integer per fact ordering it newest first by publication day, then ingest order,
  then position in the document: ``day << 42 | seq << 14 | (16383 - ord)``, where
  ``day`` counts days from 1899-12-31 (0: undated, sorted last) and ``seq`` is the
  document's ingest order. ``ORDER BY sort_key DESC`` is the listing order; a date window
  is a key range (:func:`day_range`). The same integer is the FTS5 rowid of a quote's
  words and a figure's metric words on SQLite, so a word query is read in date order
  from the full-text index too.
* **Document keys** (``doc_entities.doc_key``, ``entity_mentions.doc_key``): the same
  without the position, ``day << 42 | seq << 14``: an entity's documents and mentions
  newest first, and its timeline from one covering index.
* **Name keys**: ``entities.name_key`` (the folded display name,
  :func:`~presswatch.extract.translit.fold`, as ``entity_aliases.alias_key`` folds
  aliases) and ``entity_aliases.last_key`` (the folded last word: "Kovalchuk" finds
  "Marina Kovalchuk"), so that looking a name up never folds every row.
* **Figure filters**: ``unit_key`` (the unit, lowercased in any script) and
  ``period_lo`` / ``period_hi`` (the months a period spans, "2022" is 2022-01..2022-12).

Keys are computed here in Python at write time (both backends write the same values) and
filled in from the stored rows by the version 10 migration (store/sortkeys.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

DAY_SHIFT = 42
SEQ_SHIFT = 14
ORD_LIMIT = 1 << SEQ_SHIFT  # facts per document with a key of their own
SEQ_LIMIT = 1 << (DAY_SHIFT - SEQ_SHIFT)
DAY_MAX = (1 << (63 - DAY_SHIFT)) - 1
_EPOCH = dt.date(1899, 12, 31).toordinal()
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Words of a query: letters and digits in any script (what FTS5's unicode61 and
# PostgreSQL's simple parser index as tokens).
_WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 8
PREFIX_MIN = 3  # shorter words match whole words only (a prefix "a" matches everything)


def day_number(published: str | None) -> int:
    """Days from 1899-12-31 to the day ``published`` starts with (1 for any earlier
    day); 0 when it has no valid ``YYYY-MM-DD`` day."""
    if not published:
        return 0
    m = _DAY.match(published)
    if not m:
        return 0
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3])).toordinal() - _EPOCH
    except ValueError:
        return 0
    return min(max(day, 1), DAY_MAX)


def day_of(number: int) -> str:
    """The ``YYYY-MM-DD`` of a day number (:func:`day_number`)."""
    return dt.date.fromordinal(number + _EPOCH).isoformat()


def doc_key(published: str | None, seq: int) -> int:
    return day_number(published) << DAY_SHIFT | (int(seq) % SEQ_LIMIT) << SEQ_SHIFT


def fact_key(doc: int, ord_: int) -> int:
    """The key of the fact at position ``ord_`` of the document with key ``doc``."""
    return doc | (ORD_LIMIT - 1 - min(int(ord_), ORD_LIMIT - 1))


def day_range(since: str | None, until: str | None) -> tuple[int, int] | None:
    """[lo, hi) of the keys of the facts published on a day from ``since`` to ``until``
    (both included; undated facts are in no range), or None without bounds."""
    if not since and not until:
        return None
    lo = max(day_number(since), 1) if since else 1
    hi = day_number(until) + 1 if until else DAY_MAX + 1
    return lo << DAY_SHIFT, min(hi << DAY_SHIFT, KEY_MAX)


# Every dated fact: [lo, hi) of the keys of all days.
KEY_MAX = (1 << 63) - 1


def dated() -> tuple[int, int]:
    return 1 << DAY_SHIFT, KEY_MAX


def unit_key(unit: str | None) -> str | None:
    return unit.lower() if unit is not None else None


def period_bounds(period: str | None) -> tuple[str, str] | None:
    """("2022-01", "2022-10") for "2022-01..2022-10"; ("2022-01", "2022-12") for "2022"."""
    if not period:
        return None
    a, _, b = period.partition("..")
    b = b or a
    lo = a if len(a) > 4 else f"{a}-01"
    hi = b if len(b) > 4 else f"{b}-12"
    return lo[:7], hi[:7]


def query_words(text: str | Sequence[str]) -> list[str]:
    """The words of a query, lowercased, at most :data:`MAX_QUERY_WORDS`."""
    parts = [text] if isinstance(text, str) else list(text)
    words = [w.lower() for part in parts for w in _WORD.findall(part or "")]
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def fts5_match(words: Sequence[str]) -> str:
    """An FTS5 expression requiring every word (a word of :data:`PREFIX_MIN` letters or
    more as the start of a word)."""
    return " ".join('"' + w.replace('"', '""') + '"' + ("*" if len(w) >= PREFIX_MIN else "")
                    for w in words)


def pg_tsquery_text(words: Sequence[str]) -> str:
    """The ``to_tsquery('simple', ...)`` text of the same condition."""
    return " & ".join("'" + w.replace("'", "''").replace("\\", "\\\\") + "'"
                      + (":*" if len(w) >= PREFIX_MIN else "") for w in words)


def name_words(name: str | None) -> tuple[str, str] | None:
    """(folded name, its last word) of an entity name or alias."""
    from presswatch.extract.translit import fold

    if name is None:
        return None
    key = fold(name)
    return key, key.rsplit(" ", 1)[-1] if key else key


def key_prefix_range(prefix: str) -> tuple[str, str]:
    """[lo, hi) of the keys starting with ``prefix`` (byte-wise order)."""
    return prefix, prefix + "\U0010ffff"
