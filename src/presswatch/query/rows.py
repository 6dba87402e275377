"""Typed rows the query layer returns: one class per kind of answer, each with
``to_dict()`` (the JSON the CLI and the REST API print) and ``COLUMNS`` (the flat fields a
table or a CSV shows, in order)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar


class Row:
    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """The row as plain JSON-able values (nested rows too); faster than
        ``dataclasses.asdict``, which deep-copies every value."""
        names = _FIELDS.get(type(self))
        if names is None:
            names = _FIELDS[type(self)] = tuple(f.name for f in fields(self))  # type: ignore[arg-type]
        return {name: _plain(getattr(self, name)) for name in names}


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    if isinstance(value, Row):
        return value.to_dict()
    if isinstance(value, list) and value and isinstance(value[0], Row):
        return [v.to_dict() for v in value]
    return value


@dataclass(slots=True)
class DocumentRow(Row):
    COLUMNS: ClassVar[tuple[str, ...]] = ("id", "published", "language", "outlet", "title",
                                          "people")
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    language: str
    source: str
    duplicate_of: str | None
    warnings: list[str]
    people: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SearchHit(Row):
    """A matching document; ``snippet`` is plain text and ``highlights`` the [start, end)
    character ranges of the matched terms inside it."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("id", "published", "language", "outlet", "title",
                                          "snippet")
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    language: str
    source: str
    snippet: str
    highlights: list[list[int]]
    score: float


@dataclass(slots=True)
class FacetValue(Row):
    value: str
    count: int
    label: str | None = None  # an entity's name (value is its id)
    type: str | None = None


@dataclass(slots=True)
class QuoteRow(Row):
    COLUMNS: ClassVar[tuple[str, ...]] = ("published", "speaker", "cue", "kind", "text",
                                          "doc_id", "speaker_id")
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
    speaker_text: str | None = None


@dataclass(slots=True)
class FigureRow(Row):
    COLUMNS: ClassVar[tuple[str, ...]] = ("published", "value", "unit", "metric", "period",
                                          "claimant", "kind", "text", "doc_id", "claimant_id")
    doc_id: str
    ord: int
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
    claimant_id: str | None = None
    value_max: float | None = None


@dataclass(slots=True)
class SeriesPoint(Row):
    published: str | None
    period: str | None
    value: float
    kind: str
    doc_id: str


@dataclass(slots=True)
class FigureSeries(Row):
    """The values one claimant gave for one metric in one unit, in publication order."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("metric", "unit", "claimant", "points")
    metric: str
    unit: str
    claimant: str | None
    claimant_id: str | None
    points: list[SeriesPoint]


@dataclass(slots=True)
class EventSource(Row):
    doc_id: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    start: int
    end: int
    evidence: str


@dataclass(slots=True)
class EventRow(Row):
    COLUMNS: ClassVar[tuple[str, ...]] = ("date", "type", "participants", "place", "sources",
                                          "id")
    id: str
    type: str
    date: str | None
    place: str | None
    participants: list[str]
    participant_ids: list[str]
    first_date: str | None
    last_date: str | None
    sources: list[EventSource]


@dataclass(slots=True)
class EntityRow(Row):
    COLUMNS: ClassVar[tuple[str, ...]] = ("id", "name", "type", "documents", "mentions",
                                          "aliases")
    id: str
    name: str
    type: str
    documents: int
    mentions: int
    aliases: int


@dataclass(slots=True)
class TimelineBucket(Row):
    COLUMNS: ClassVar[tuple[str, ...]] = ("period", "mentions", "quotes", "events")
    period: str
    mentions: int = 0
    quotes: int = 0
    events: int = 0


class Timeline(list[TimelineBucket]):
    """Timeline buckets in period order. ``complete`` is false when a query matched
    more documents than a timeline counts (``matches_over``: the newest that many were
    counted); an entity's timeline is always complete (``matches_over`` None)."""

    __slots__ = ("complete", "matches_over")

    def __init__(self, buckets: list[TimelineBucket] | None = None, *,
                 complete: bool = True, matches_over: int | None = None) -> None:
        super().__init__(buckets or [])
        self.complete = complete
        self.matches_over = matches_over
