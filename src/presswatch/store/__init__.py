"""Storage: one interface, an embedded SQLite backend by default.

Everything that reads or writes the database goes through :class:`Store`, so that a
PostgreSQL backend can implement the same methods later without touching the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from presswatch.model import Document, Rejection


class Store(Protocol):
    path: str

    def close(self) -> None: ...

    # -- ingest ------------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of document ids already stored."""
        ...

    def add_source(self, doc_id: str, source: str) -> bool:
        """Record that ``source`` carried document ``doc_id``; True if the pair is new."""
        ...

    def find_by_text_hash(self, text_hash: str) -> str | None:
        """Id of an earlier document whose cleaned text is identical, if any."""
        ...

    def minhash_candidates(self, band_keys: Iterable[str]) -> list[tuple[str, int, bytes]]:
        """(doc id, ingest order, MinHash signature) of stored documents sharing any of
        the LSH band keys (near-duplicate candidates), in ingest order."""
        ...

    def add_minhashes(self, rows: Sequence[tuple[str, bytes, Sequence[str]]]) -> None:
        """Store (doc id, signature, band keys) rows, replacing earlier ones."""
        ...

    def duplicate_root(self, doc_id: str) -> str:
        """The earliest document of ``doc_id``'s ``duplicate_of`` chain."""
        ...

    def write_documents(self, docs: Sequence[Document]) -> None:
        """Store documents with everything extracted from them, in one transaction.
        Writing a document id that exists replaces it (idempotent)."""
        ...

    def record_rejection(self, rejection: Rejection) -> None: ...

    def clear_rejection(self, source: str) -> None:
        """A source that failed before and now ingests is no longer rejected."""
        ...

    # -- corpus-level statistics used by cleaning ---------------------------------------
    def line_counts(self, group: str, keys: Iterable[str]) -> dict[str, int]:
        """How many stored documents of ``group`` contain each line key."""
        ...

    def add_line_counts(self, group: str, counts: Mapping[str, int]) -> None: ...

    def group_dates(self, group: str) -> list[tuple[str, str | None, str]]:
        """(doc id, stated date, text_hash) of every document in ``group``."""
        ...

    def set_warnings(self, doc_id: str, warnings: Sequence[str]) -> None: ...

    # -- runs --------------------------------------------------------------------------
    def start_run(self, argv: str) -> int: ...

    def finish_run(self, run_id: int, counts: Mapping[str, int]) -> None: ...

    # -- reading -----------------------------------------------------------------------
    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Stored documents in ingest order (or the given ids), fully populated."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts for ``presswatch stats``: documents, by language, by outlet, entities,
        mentions, quotes, figures, events, rejected, duplicates, date range, runs."""
        ...

    def rejections(self) -> list[dict[str, str]]:
        """[{source, reason, at}] for every rejected item."""
        ...


def open_store(path: str | Path) -> Store:
    """Open (creating or migrating) the database at ``path``."""
    from presswatch.store.sqlite import SQLiteStore

    return SQLiteStore(path)
