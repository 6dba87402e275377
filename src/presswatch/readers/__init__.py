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

__all__ = ["count", "read"]


def read(
    paths: Iterable[str | Path], settings: Settings = DEFAULT
) -> Iterator[RawItem | Rejection]:
    """Read every path (``-`` is standard input) with the reader for its format."""
    for path in paths:
        if str(path) == "-":
            yield from text.read_stdin(settings)
        else:
            yield from text.read_path(Path(path), settings)


def count(paths: Iterable[str | Path]) -> int:
    """How many items ``read`` will yield, cheaply (for a progress bar's total)."""
    total = 0
    for path in paths:
        p = Path(path)
        if p.is_dir():
            total += sum(1 for f in p.rglob("*") if f.is_file() and not _hidden(f, p))
        else:
            total += 1
    return total


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
