"""Timelines: per day, ISO week (its Monday) or month, how often an entity is mentioned,
quotes it said and events it took part in; or, for a search query, the matching
documents, the quotes containing its words and the events those documents report.
Periods without anything are left out."""

from __future__ import annotations

from typing import Any

from presswatch.query.rows import TimelineBucket
from presswatch.query.search import fts_query
from presswatch.store import reads


def timeline(db: Any, *, entity_id: str | None = None, q: str | None = None,
             interval: str = "month", since: str | None = None,
             until: str | None = None) -> list[TimelineBucket]:
    if entity_id is not None:
        series = reads.timeline_entity(db, entity_id, interval, since, until)
    else:
        match, words = fts_query(q) if q else (None, [])
        series = reads.timeline_query(db, match, words, interval, since, until)
    buckets: dict[str, TimelineBucket] = {}
    for name, rows in series.items():
        for period, n in rows:
            if not period:
                continue
            bucket = buckets.setdefault(period, TimelineBucket(period))
            setattr(bucket, name, getattr(bucket, name) + int(n))
    return [buckets[p] for p in sorted(buckets)]
