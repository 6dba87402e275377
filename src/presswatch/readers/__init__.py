"""Readers turn user inputs into :class:`~presswatch.model.RawItem` s, one module per format.

Every reader yields items *or* :class:`~presswatch.model.Rejection` s: a bad item never
raises out of a reader, so one broken file cannot stop a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers import text

__all__ = ["read"]


def read(
    paths: Iterable[str | Path], settings: Settings = DEFAULT
) -> Iterator[RawItem | Rejection]:
    """Read every path (``-`` is standard input) with the reader for its format."""
    for path in paths:
        if str(path) == "-":
            yield from text.read_stdin(settings)
        else:
            yield from text.read_path(Path(path), settings)
