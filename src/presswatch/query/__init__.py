"""The query layer: what the CLI, the Python API and (later) the REST API and web UI read.

``Corpus`` wraps one open store; interfaces stay thin over it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from presswatch.model import Document
from presswatch.query import export as _export
from presswatch.store import Store, open_store


class Corpus:
    """An ingested collection of documents in one database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, db: str | Path) -> Corpus:
        return cls(open_store(db))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        return self.store.documents(ids)

    def __iter__(self) -> Iterator[Document]:
        return self.documents()

    def get(self, doc_id: str) -> Document | None:
        return next(iter(self.store.documents([doc_id])), None)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def rejected(self) -> list[dict[str, str]]:
        return self.store.rejections()

    def export(
        self, out: str | Path | TextIO | None = None, format: str = "jsonl"
    ) -> int:
        """Write every document in the contract shape to a path, a text stream or stdout.
        Returns the number of documents written."""
        if out is None:
            return _export.write(self.documents(), sys.stdout, format)
        if isinstance(out, (str, Path)):
            with open(out, "w", encoding="utf-8", newline="") as fh:
                return _export.write(self.documents(), fh, format)
        return _export.write(self.documents(), out, format)
