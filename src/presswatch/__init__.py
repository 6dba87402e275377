"""presswatch: who met whom, who said what, which figures were claimed, when and where.

Python API, the same queries as the CLI, the REST API and the web UI (one
:class:`~presswatch.query.Corpus`; see docs/api.md)::

    import presswatch
    report = presswatch.ingest(["articles/"], db="news.db")
    with presswatch.open("news.db") as corpus:
        hits = corpus.search("trade turnover", language="en")   # items, total, facets
        doc = corpus.document(hits["items"][0].id)             # text with offsets
        who = corpus.entity("Лукашенко")                        # profile: quotes, met...
        page = corpus.quotes(speaker="Lukashenka", since="2024-01", limit=20)
        series = corpus.figure_series(metric="turnover")
        events = corpus.events(entity="Putin", type="meeting")
        net = corpus.network(entity="Putin", depth=2)
        months = corpus.timeline(entity="Putin", interval="month")
        corpus.export("news.jsonl")

A bad value raises :class:`presswatch.errors.InvalidQuery`; an unknown document or entity
:class:`~presswatch.errors.NotFound`; an ambiguous name
:class:`~presswatch.errors.AmbiguousEntity` with its candidates.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from presswatch import errors
from presswatch.config import Settings

if TYPE_CHECKING:
    from presswatch.model import Document, Entity, Event, Figure, Quote
    from presswatch.pipeline import IngestReport, ingest
    from presswatch.query import Corpus

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "Document",
    "Entity",
    "Event",
    "Figure",
    "IngestReport",
    "Quote",
    "Settings",
    "__version__",
    "errors",
    "ingest",
    "open",
]


# The heavy parts (the pipeline with its extractors, the query layer) load on first use:
# ``import presswatch`` and the CLI's parser stay light (docs/benchmarks.md).
_LAZY = {
    "Document": "presswatch.model", "Entity": "presswatch.model",
    "Event": "presswatch.model", "Figure": "presswatch.model", "Quote": "presswatch.model",
    "IngestReport": "presswatch.pipeline", "ingest": "presswatch.pipeline",
    "Corpus": "presswatch.query",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'presswatch' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def open(db: str | Path = "presswatch.db", must_exist: bool = False) -> Corpus:
    """Open a presswatch database (created when absent, unless ``must_exist``: then
    :class:`~presswatch.errors.NoDatabase`)."""
    from presswatch.query import Corpus

    return Corpus.open(db, must_exist=must_exist)
