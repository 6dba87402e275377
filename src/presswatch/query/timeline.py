"""Timelines: per day, ISO week (its Monday) or month, how often an entity is mentioned,
quotes it said and events it took part in; or, for a search query, the matching
documents, the quotes containing its words and the events those documents report.
Periods without anything are left out. A query's timeline counts its newest
``TIMELINE_CAP`` matching documents (:mod:`presswatch.store.textsearch`): ``complete`` says
whether that was all of them."""

from __future__ import annotations

from typing import Any

from presswatch.query.rows import Timeline, TimelineBucket
from presswatch.query.search import fts_query
from presswatch.store import reads, textsearch


def timeline(db: Any, *, entity_id: str | None = None, q: str | None = None,
             interval: str = "month", since: str | None = None,
             until: str | None = None) -> Timeline:
    complete, over = True, None
    if entity_id is not None:
        series = reads.timeline_entity(db, entity_id, interval, since, until)
    else:
        match, words = fts_query(q) if q else (None, [])
        series, found = textsearch.timeline_query(db, match, words, interval, since, until)
        complete, over = found.exact, found.ranked
    buckets: dict[str, TimelineBucket] = {}
    for name, rows in series.items():
        for period, n in rows:
            if not period:
                continue
            bucket = buckets.setdefault(period, TimelineBucket(period))
            setattr(bucket, name, getattr(bucket, name) + int(n))
    return Timeline([buckets[p] for p in sorted(buckets)], complete=complete,
                    matches_over=over)
