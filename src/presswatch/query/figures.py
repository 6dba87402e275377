"""Figures across the corpus: by metric, by claimant, by period, by unit and kind, and
series (the values one claimant gave for one metric over time).

The SQL is :func:`presswatch.store.reads.figures`. The claimant is filtered by entity id
(``claimant_id``), so renaming or merging an identity never loses its figures; the row
shows the claimant's current display name. ``unit`` matches case-insensitively ("usd"
finds USD); ``metric`` and a ``claimant`` name match case-insensitive substrings in any
script.

Periods are strings ``YYYY``, ``YYYY-MM`` or ``A..B`` ranges of those; a period query
matches every stored period that overlaps it ("2022" matches "2022-01..2022-10").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from presswatch.query.params import Page
from presswatch.query.rows import FigureRow, FigureSeries, SeriesPoint
from presswatch.store import reads
from presswatch.store.sqlite import connection

__all__ = [
    "FigureRow",
    "figure_series",
    "figures",
    "figures_by_claimant",
    "figures_by_metric",
    "figures_by_period",
    "figures_page",
    "iter_figures",
]


def iter_figures(store: Any, *, metric: str | None = None, claimant_id: str | None = None,
                 claimant: str | None = None, period: str | None = None,
                 unit: str | None = None, kind: str | None = None,
                 doc_id: str | None = None) -> Iterator[FigureRow]:
    """Every figure matching the filters, oldest first (undated ones first; streamed)."""
    _, rows = reads.figures(connection(store), metric=metric, claimant_id=claimant_id,
                            claimant=claimant, unit=unit, kind=kind, doc_id=doc_id,
                            period=period, oldest_first=True)
    for row in rows:
        yield FigureRow(*row)


def figures_page(store: Any, *, limit: int = 50, offset: int = 0, **filters: Any
                 ) -> Page[FigureRow]:
    total, rows = reads.figures(connection(store), limit=limit, offset=offset, **filters)
    return Page([FigureRow(*r) for r in rows], total, limit, offset)


def figures(store: Any, *, metric: str | None = None, claimant: str | None = None,
            period: str | None = None, unit: str | None = None, kind: str | None = None,
            limit: int | None = None, claimant_id: str | None = None) -> list[FigureRow]:
    """Figures matching every given filter (see the module doc)."""
    rows = list(iter_figures(store, metric=metric, claimant=claimant, period=period,
                             unit=unit, kind=kind, claimant_id=claimant_id))
    return rows[:limit] if limit else rows


def figure_series(store: Any, **filters: Any) -> list[FigureSeries]:
    """The matching figures grouped per (metric, unit, claimant), each series in
    publication order; series with most points first."""
    groups: dict[tuple[str, str, str | None], FigureSeries] = {}
    for f in iter_figures(store, **filters):
        if not f.metric:
            continue
        key = (f.metric.lower(), f.unit, f.claimant_id or f.claimant)
        series = groups.get(key)
        if series is None:
            series = groups[key] = FigureSeries(f.metric, f.unit, f.claimant, f.claimant_id, [])
        series.points.append(SeriesPoint(f.published, f.period, f.value, f.kind, f.doc_id))
    return sorted(groups.values(), key=lambda s: (-len(s.points), s.metric, s.unit))


def figures_by_metric(store: Any, metric: str, **kw: Any) -> list[FigureRow]:
    return figures(store, metric=metric, **kw)


def figures_by_claimant(store: Any, claimant: str, **kw: Any) -> list[FigureRow]:
    """Figures claimed by an entity (its display name, or part of it)."""
    return figures(store, claimant=claimant, **kw)


def figures_by_period(store: Any, period: str, **kw: Any) -> list[FigureRow]:
    return figures(store, period=period, **kw)
