"""Figures across the corpus: by metric, by entity (claimant), by period, by unit and kind.

Read-only SQL over the store's ``figures`` table (joined to ``documents`` for the title
and publication date). Each function takes a store (its SQLite connection ``store._db``)
or a ``sqlite3.Connection`` directly, and returns :class:`FigureRow` s ordered by
publication date then position.

Periods are strings ``YYYY``, ``YYYY-MM`` or ``A..B`` ranges of those; a period query
matches every stored period that overlaps it ("2022" matches "2022-01..2022-10").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from presswatch.store.sqlite import connection

__all__ = [
    "FigureRow",
    "figures",
    "figures_by_claimant",
    "figures_by_metric",
    "figures_by_period",
]


@dataclass(frozen=True, slots=True)
class FigureRow:
    doc_id: str
    title: str | None
    published: str | None
    text: str
    start: int
    end: int
    value: float
    unit: str
    metric: str | None
    period: str | None
    claimant: str | None
    kind: str


_SELECT = """SELECT f.doc_id, d.title, d.published, f.text, f.start, f."end", f.value, f.unit,
       f.metric, f.period, f.claimant, f.kind
FROM figures f JOIN documents d ON d.id = f.doc_id"""


def figures(store: Any, *, metric: str | None = None, claimant: str | None = None,
            period: str | None = None, unit: str | None = None, kind: str | None = None,
            limit: int | None = None) -> list[FigureRow]:
    """Figures matching every given filter.

    ``metric`` and ``claimant`` match case-insensitive substrings ("turnover" finds
    "Trade turnover between Belarus and Russia"); ``unit`` and ``kind`` match exactly;
    ``period`` matches overlapping periods (see module doc).
    """
    where: list[str] = []
    args: list[Any] = []
    if metric:
        where.append("lower(f.metric) LIKE ? ESCAPE '\\'")
        args.append(f"%{_like(metric.lower())}%")
    if claimant:
        where.append("lower(f.claimant) LIKE ? ESCAPE '\\'")
        args.append(f"%{_like(claimant.lower())}%")
    if unit:
        where.append("f.unit = ?")
        args.append(unit)
    if kind:
        where.append("f.kind = ?")
        args.append(kind)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += ' ORDER BY d.published, f.doc_id, f.ord'
    rows = [FigureRow(*r) for r in connection(store).execute(sql, args)]
    if period:
        lo, hi = _bounds(period)
        rows = [r for r in rows if r.period and _overlaps(_bounds(r.period), (lo, hi))]
    return rows[:limit] if limit is not None else rows


def figures_by_metric(store: Any, metric: str, **kw: Any) -> list[FigureRow]:
    return figures(store, metric=metric, **kw)


def figures_by_claimant(store: Any, claimant: str, **kw: Any) -> list[FigureRow]:
    """Figures claimed by an entity (its canonical name, or part of it)."""
    return figures(store, claimant=claimant, **kw)


def figures_by_period(store: Any, period: str, **kw: Any) -> list[FigureRow]:
    return figures(store, period=period, **kw)


def _like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _bounds(period: str) -> tuple[str, str]:
    """("2022-01", "2022-10") for "2022-01..2022-10"; ("2022-01", "2022-12") for "2022"."""
    a, _, b = period.partition("..")
    b = b or a
    lo = a if len(a) > 4 else f"{a}-01"
    hi = b if len(b) > 4 else f"{b}-12"
    return lo[:7], hi[:7]


def _overlaps(x: tuple[str, str], y: tuple[str, str]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]
