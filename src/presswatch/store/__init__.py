"""Storage: one interface, an embedded SQLite backend by default, PostgreSQL for a team.

Everything that reads or writes the database goes through :class:`Store`;
:func:`open_store` picks the backend from the target: a file path (``store/sqlite.py``)
or a ``postgresql://`` URL (``store/postgres/``, the same schema and statements, see
docs/postgresql.md). The query layer's SQL is in ``store/reads.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from presswatch.model import Document, Rejection


class Store(Protocol):
    path: str

    def close(self) -> None: ...

    def batch(self) -> AbstractContextManager[Any]:
        """One transaction holding the write lock around several writes (an ingest
        chunk): they commit together or not at all."""
        ...

    def changed_by_others(self) -> bool:
        """Whether another writer committed since this store last looked."""
        ...

    def change_token(self) -> object:
        """A value that changes whenever anything is committed to the database (by any
        writer, this one included): readers cache derived state against it."""
        ...

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

    # -- identities across documents (presswatch.extract.canonical, query.entities) -----
    # ``write_documents`` keeps, per identity, the name forms its documents use
    # (entity, alias, language) -> number of documents, alongside the entity rows.
    def identity_state(self) -> dict[str, Any]:
        """Everything :class:`~presswatch.extract.canonical.IdentityIndex` loads, read
        once per ingest: ``entities`` [(id, name, type, locked)], ``aliases``
        [(entity_id, alias, language, count)] (an identity without alias rows goes by its
        name) and ``corrections`` (as :meth:`corrections`)."""
        ...

    def corrections(self) -> list[dict[str, Any]]:
        """Every user correction, oldest first: [{id, kind, args, at}]."""
        ...

    # Identities looked up by key (a lazy IdentityIndex; SQL in store/identitykeys.py).
    # ``write_documents`` and the corrections below keep ``identity_keys``: the look-up
    # keys (extract/identity_keys.py) of every stored identity's name forms and names.
    def identity_clock(self) -> int:
        """The latest arrival clock an identity index stored (0: none)."""
        ...

    def identity_candidates(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """key -> ids of the identities with that look-up key (batched ``IN`` queries)."""
        ...

    def identity_key_counts(self, keys: Iterable[str]) -> dict[str, int]:
        """key -> how many identities have that look-up key."""
        ...

    def identity_records(self, ids: Sequence[str]
                         ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The entity rows (id, name, type, locked, created, seen, canonical) and alias
        rows (entity id, alias, language, count, arrival) of ``ids``."""
        ...

    def known_entity_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` that are stored identities."""
        ...

    def set_identity_arrivals(
        self, aliases: Sequence[tuple[str, str, str, int]],
        entities: Sequence[tuple[str, str, int | None, int, str | None]],
    ) -> None:
        """Record when name forms (entity id, alias, language, clock) and identities (id,
        type, clock made or None, clock now, gazetteer name) arrived."""
        ...

    def record_correction(self, kind: str, args: Mapping[str, Any]) -> int:
        """Append a correction (``merge``, ``split``, ``alias`` or ``rename`` with its
        JSON-able ``args``); its id. Later ingests replay them."""
        ...

    def entity_summaries(
        self, type_: str | None = None, name: str | None = None, limit: int | None = None,
        ids: Sequence[str] | None = None, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """[{id, name, type, documents, mentions, aliases}] of the identities of this
        type, one of whose names (display name or alias, folded) or their last words
        starts with ``name``, or among ``ids``; most documents first."""
        ...

    def entity_page(
        self, type_: str | None = None, name: str | None = None, limit: int | None = None,
        ids: Sequence[str] | None = None, offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total, one page of :meth:`entity_summaries`), LIMIT in SQL."""
        ...

    def entity_detail(self, ent_id: str, documents: int | None = None
                      ) -> dict[str, Any] | None:
        """One identity: its summary plus ``locked``, ``alias_list``, ``roles``,
        ``resolutions`` (reasons with counts), ``document_list`` (newest first: the
        newest ``documents``, the roles and reasons counted over them) and
        ``corrections``; None if there is no such identity."""
        ...

    def find_entities(self, text: str) -> list[str]:
        """Ids of identities called ``text`` (id, display name or alias, exact and
        case-insensitive, or the same folded key), most documents first."""
        ...

    def entities_by_surname(self, key: str) -> list[str]:
        """Identities one of whose name forms ends in the folded word ``key``
        ("kovalchuk" finds "Marina Kovalchuk" in any script), most documents first."""
        ...

    def documents_with_entities(self, ids: Sequence[str]) -> list[str]:
        """Ids of the documents that mention any of the identities ``ids``."""
        ...

    def upsert_entity(self, ent_id: str, name: str, type_: str, locked: bool = False) -> None:
        """Create or update an identity's row (a lock, once set, stays)."""
        ...

    def move_aliases(self, src: str, dst: str, alias: str | None = None) -> None:
        """Move the alias rows of ``src`` (all, or those with ``alias``'s folded key or
        its text) to ``dst``, adding counts (merge and split)."""
        ...

    def add_alias(self, ent_id: str, alias: str, language: str = "user") -> None:
        """Give an identity a name form (count 0: a user's alias counts no documents and
        no rewrite removes it)."""
        ...

    def rename_entity(self, ent_id: str, name: str) -> None:
        """Set an identity's display name and lock it (ingest no longer renames it)."""
        ...

    def delete_unused_entities(self, ids: Sequence[str]) -> None:
        """Delete those of ``ids`` no document mentions any more, with their aliases."""
        ...


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """Open (creating or migrating) the database at ``path``: a SQLite file, or a
    PostgreSQL database named by a ``postgresql://`` URL. ``read_only`` (or a file or
    folder that cannot be written) opens it for reading only and never creates or
    changes anything (PostgreSQL: every transaction read-only, no schema changes). A file
    that is not a presswatch database is refused untouched
    (:class:`~presswatch.store.sqlite.SchemaError`)."""
    if is_url(path):
        from presswatch.store.postgres import PostgresStore

        return PostgresStore(str(path), read_only=read_only)
    from presswatch.store.sqlite import SQLiteStore

    return SQLiteStore(path, read_only=read_only)


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database (``postgresql://...``)."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))
