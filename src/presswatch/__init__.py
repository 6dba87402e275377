"""presswatch: who met whom, who said what, which figures were claimed, when and where.

Python API, the same verbs as the CLI::

    import presswatch
    report = presswatch.ingest(["articles/"], db="news.db")
    with presswatch.open("news.db") as corpus:
        corpus.export("news.jsonl")
"""

from __future__ import annotations

from pathlib import Path

from presswatch.config import Settings
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
    "ingest",
    "open",
]


def open(db: str | Path = "presswatch.db") -> Corpus:
    """Open an existing (or new) presswatch database."""
    return Corpus.open(db)
