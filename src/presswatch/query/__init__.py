"""The query layer: what the Python API, the CLI, the REST API and the web UI read.

``Corpus`` wraps one open store; every interface is a thin rendering of its methods. Each
method validates its arguments (:mod:`presswatch.query.params`: a bad date, kind, type or
limit raises :class:`~presswatch.errors.InvalidQuery`) and names entities by id, display
name or alias in any script (:func:`~presswatch.query.entities.resolve_ref`; an ambiguous
name raises :class:`~presswatch.errors.AmbiguousEntity` with its candidates). Listings
return a :class:`~presswatch.query.params.Page` (items, total, limit, offset) of typed
rows (:mod:`presswatch.query.rows`); ``iter_*`` methods stream.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from presswatch.errors import InvalidQuery, NoDatabase, NotFound, PresswatchError
from presswatch.model import Document
from presswatch.query import entities as _entities
from presswatch.query import export as _export
from presswatch.query import params as P
from presswatch.query.rows import (
    DocumentRow,
    EntityRow,
    EventRow,
    FigureRow,
    FigureSeries,
    QuoteRow,
    Timeline,
)
from presswatch.store import Store, is_url, open_store, reads
from presswatch.store.sqlite import connection

__all__ = ["Corpus"]


class Corpus:
    """An ingested collection of documents in one database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, db: str | Path, must_exist: bool = False) -> Corpus:
        if (must_exist and str(db) != ":memory:" and not is_url(db)
                and not Path(db).exists()):
            raise NoDatabase(f"no database at {db} (run `presswatch ingest ... --db {db}`)")
        return cls(open_store(db))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _db(self) -> Any:
        return reads.prepare(connection(self.store))

    # -- documents ---------------------------------------------------------------------
    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Whole documents (streamed), in ingest order or the order of ``ids``."""
        return self.store.documents(ids)

    def __iter__(self) -> Iterator[Document]:
        return self.documents()

    def get(self, doc_id: str) -> Document | None:
        return next(iter(self.store.documents([doc_id])), None)

    def list_documents(self, *, since: str | None = None, until: str | None = None,
                       outlet: str | None = None, language: str | None = None,
                       entity: str | None = None, limit: int | None = 20,
                       offset: int | None = 0) -> P.Page[DocumentRow]:
        """One page of documents (id, date, language, outlet, title, people), filtered."""
        from presswatch.query.search import documents

        lo, hi = P.window(since, until)
        return documents(self._db, since=lo, until=hi, outlet=P.text(outlet, "outlet"),
                         language=self._language(language), entity_id=self._entity(entity),
                         limit=P.limit(limit, default=20), offset=P.offset(offset))

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document for reading: the contract record (text; entities, quotes,
        figures, events with their [start, end) offsets into the text) plus the cleaning
        evidence (stated date and its evidence, sources, group) and each event's joined
        cluster id."""
        doc = self.get(P.text(doc_id, "id") or "")
        if doc is None:
            raise NotFound(f"no document {doc_id!r}", field="id")
        record = doc.to_contract()
        meta = reads.document_meta(self._db, doc.id)
        if meta:
            stated, stated_evidence, group, ingested_at, sources = meta
            import json

            record["cleaning"] = {
                "stated_date": stated, "stated_evidence": stated_evidence,
                "published_evidence": doc.published_evidence, "group": group,
                "ingested_at": ingested_at, "sources": json.loads(sources or "[]"),
                "warnings": list(doc.warnings),
            }
        from presswatch.query.events import ensure_joined

        ensure_joined(self.store)
        clusters = {row[0]: row[9] for row in reads.doc_events(self._db, doc.id)}
        for i, ev in enumerate(record["events"]):
            ev["cluster_id"] = clusters.get(i)
        return record

    # -- search ------------------------------------------------------------------------
    def search(self, q: str | None = None, *, since: str | None = None,
               until: str | None = None, outlet: str | None = None,
               language: str | None = None, entity: str | None = None,
               limit: int | None = 20, offset: int | None = 0,
               facets: bool = True) -> dict[str, Any]:
        """Full-text search (FTS5 BM25 or PostgreSQL ts_rank, both languages) with
        snippets and facets (counts per outlet, language, entity and month). Returns
        {query, match, total, total_exact, ranked, limit, offset, items: [SearchHit],
        facets, facets_over}. A query matching more than ``SEARCH_CANDIDATES``
        documents ranks the newest that many (``ranked``; the older matches follow,
        newest first) and counts the facets over them (``facets_over``); ``total`` is
        exact up to ``MATCH_CAP`` and a lower bound past it (``total_exact`` false). No
        ``q``: every document, newest first (store/textsearch.py)."""
        from presswatch.query.search import search

        lo, hi = P.window(since, until)
        return search(self._db, P.text(q, "q"), since=lo, until=hi,
                      outlet=P.text(outlet, "outlet"), language=self._language(language),
                      entity_id=self._entity(entity), limit=P.limit(limit, default=20),
                      offset=P.offset(offset), facets=facets)

    # -- entities ----------------------------------------------------------------------
    def resolve(self, ref: str) -> str:
        """The entity id ``ref`` (id, name or alias) names."""
        value = P.text(ref, "entity")
        if value is None:
            raise InvalidQuery("an entity id or name is needed", field="entity")
        return _entities.resolve_ref(self.store, value)

    def entities(self, *, type: str | None = None, name: str | None = None,
                 limit: int | None = 50, offset: int | None = 0) -> P.Page[EntityRow]:
        """Identities, most documents first; ``name`` starts one of the names (display
        name or alias, in any script and case) or their last word ("kovalchuk" finds
        "Marina Kovalchuk")."""
        lim, off = P.limit(limit), P.offset(offset)
        from presswatch.model import ENTITY_TYPES

        total, rows = self.store.entity_page(type_=P.choice(type, ENTITY_TYPES, "type"),
                                             name=P.text(name, "name"), limit=lim,
                                             offset=off)
        return P.Page([EntityRow(**r) for r in rows], total, lim, off)

    def entity(self, ref: str, limit: int | None = 20) -> dict[str, Any]:
        """An entity's profile: aliases (every script), roles, documents, quotes by and
        about it, figures it claimed, events, co-mentioned and met entities."""
        return _entities.profile(self.store, self.resolve(ref), P.limit(limit, default=20))

    def merge(self, refs: list[str], into: str) -> dict[str, Any]:
        return _entities.merge(self.store, [self.resolve(r) for r in refs], self.resolve(into))

    def split(self, ref: str, alias: str, display_language: str = "en") -> dict[str, Any]:
        text = P.text(alias, "alias")
        if text is None:
            raise InvalidQuery("the name form to split off is needed", field="alias")
        return _entities.split(self.store, self.resolve(ref), text, display_language)

    def add_alias(self, ref: str, alias: str) -> dict[str, Any]:
        text = P.text(alias, "alias")
        if text is None:
            raise InvalidQuery("an alias is needed", field="alias")
        return _entities.add_alias(self.store, self.resolve(ref), text)

    def rename(self, ref: str, name: str) -> dict[str, Any]:
        text = P.text(name, "name")
        if text is None:
            raise InvalidQuery("a name is needed", field="name")
        return _entities.rename(self.store, self.resolve(ref), text)

    # -- facts -------------------------------------------------------------------------
    def quotes(self, *, speaker: str | None = None, mentions: str | None = None,
               since: str | None = None, until: str | None = None, words: str | None = None,
               kind: str | None = None, document: str | None = None,
               limit: int | None = 50, offset: int | None = 0) -> P.Page[QuoteRow]:
        """Who said what: quotes by a speaker (id, name or alias), mentioning an entity,
        in a date window, containing words, of a kind (direct, indirect, transcript)."""
        from presswatch.query.quotes import find_page

        lo, hi = P.window(since, until)
        return find_page(self.store, speaker_id=self._entity(speaker, "speaker"),
                         mentions_id=self._entity(mentions, "mentions"), date_from=lo,
                         date_to=hi, words=P.text(words, "words"),
                         kind=P.choice(kind, P.QUOTE_KINDS, "kind"),
                         doc_id=P.text(document, "document"),
                         limit=P.limit(limit), offset=P.offset(offset))

    def _figure_filters(self, metric: str | None, claimant: str | None, period: str | None,
                        unit: str | None, kind: str | None) -> dict[str, Any]:
        return dict(metric=P.text(metric, "metric"),
                    claimant_id=self._entity(claimant, "claimant"),
                    period=P.period(period), unit=P.text(unit, "unit"),
                    kind=P.choice(kind, P.FIGURE_KINDS, "kind"))

    def figures(self, *, metric: str | None = None, claimant: str | None = None,
                period: str | None = None, unit: str | None = None, kind: str | None = None,
                limit: int | None = 50, offset: int | None = 0) -> P.Page[FigureRow]:
        """Which figures were claimed: by metric words, claimant (id, name or alias),
        overlapping period, unit (case-insensitive) and kind."""
        from presswatch.query.figures import figures_page

        return figures_page(self.store, limit=P.limit(limit), offset=P.offset(offset),
                            **self._figure_filters(metric, claimant, period, unit, kind))

    def iter_figures(self, **filters: Any) -> Iterator[FigureRow]:
        from presswatch.query.figures import iter_figures

        return iter_figures(self.store, **self._figure_filters(
            filters.get("metric"), filters.get("claimant"), filters.get("period"),
            filters.get("unit"), filters.get("kind")))

    def figure_series(self, *, metric: str | None = None, claimant: str | None = None,
                      period: str | None = None, unit: str | None = None,
                      kind: str | None = None) -> list[FigureSeries]:
        """The figures grouped per (metric, unit, claimant), in publication order."""
        from presswatch.query.figures import figure_series

        return figure_series(self.store,
                             **self._figure_filters(metric, claimant, period, unit, kind))

    def event_types(self) -> list[str]:
        from presswatch.extract.events import EVENT_TYPES

        return list(dict.fromkeys([*EVENT_TYPES, *reads.distinct_values(self._db,
                                                                        "event_type")]))

    def _event_type(self, value: str | None, extra: tuple[str, ...] = ()) -> str | None:
        """An event type filter: a known type, or one stored (looked up by its index);
        the full list of choices only for the error."""
        from presswatch.extract.events import EVENT_TYPES

        text = P.text(value, "type")
        if text is None or text in EVENT_TYPES or text in extra or reads.value_exists(
                self._db, "event_type", text):
            return text
        return P.choice(text, [*self.event_types(), *extra], "type")

    def events(self, *, entity: str | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None,
               limit: int | None = 50, offset: int | None = 0) -> P.Page[EventRow]:
        """Events joined across documents (newest first), with their sources."""
        from presswatch.query.events import events_page

        lo, hi = P.window(since, until)
        return events_page(self.store, entity_id=self._entity(entity),
                           type_=self._event_type(type), since=lo,
                           until=hi, limit=P.limit(limit), offset=P.offset(offset))

    def network(self, *, entity: str | None = None, depth: int | None = 1,
                since: str | None = None, until: str | None = None,
                type: str | None = None) -> Any:
        """Who met or mentioned whom (:class:`~presswatch.query.network.Network`):
        around an entity to ``depth`` hops, in a date window, of one kind."""
        from presswatch.query.network import build_network

        return build_network(self.store, **self._network_filters(entity, depth, since, until,
                                                                 type))

    def write_network(self, out: TextIO, format: str = "json", *, entity: str | None = None,
                      depth: int | None = 1, since: str | None = None,
                      until: str | None = None, type: str | None = None) -> tuple[int, int]:
        """Write the network (as :meth:`network` selects it) in ``format`` (json, csv,
        nodes-csv, gexf, graphml, node-link) to ``out`` as it is read from the database:
        memory stays bounded whatever its size. Returns (nodes, edges) written."""
        from presswatch.choices import NETWORK_FORMATS
        from presswatch.query.network import write

        fmt = P.choice(format, NETWORK_FORMATS, "format") or "json"
        src = self.network_source(entity=entity, depth=depth, since=since, until=until,
                                  type=type)
        write(src, fmt, out)
        return src.nodes, src.edges

    def network_source(self, *, entity: str | None = None, depth: int | None = 1,
                       since: str | None = None, until: str | None = None,
                       type: str | None = None) -> Any:
        """The network as :meth:`network` selects it, to stream
        (:func:`presswatch.query.network.write`): a
        :class:`~presswatch.query.network.Counted` source over the database."""
        from presswatch.query.network import Counted, network_source

        return Counted(network_source(self.store, **self._network_filters(
            entity, depth, since, until, type)))

    def _network_filters(self, entity: str | None, depth: int | None, since: str | None,
                         until: str | None, type: str | None) -> dict[str, Any]:
        lo, hi = P.window(since, until)
        return {"entity_id": self._entity(entity), "since": lo, "until": hi,
                "type_": self._event_type(type, tuple(P.NETWORK_KINDS_EXTRA)),
                "depth": P.depth(depth)}

    def timeline(self, *, entity: str | None = None, q: str | None = None,
                 interval: str = "month", since: str | None = None,
                 until: str | None = None) -> Timeline:
        """Mentions, quotes and events of an entity (or documents, quotes and events
        matching a query) per day, week or month. A query's timeline counts its newest
        ``TIMELINE_CAP`` matching documents; ``complete`` on the result says whether that
        was every match."""
        from presswatch.query.events import ensure_joined
        from presswatch.query.timeline import timeline

        ensure_joined(self.store)
        lo, hi = P.window(since, until)
        step = P.choice(interval, P.INTERVALS, "interval") or "month"
        return timeline(self._db, entity_id=self._entity(entity), q=P.text(q, "q"),
                        interval=step, since=lo, until=hi)

    # -- the rest ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def rejected(self) -> list[dict[str, str]]:
        return self.store.rejections()

    def export(
        self, out: str | Path | TextIO | None = None, format: str = "jsonl"
    ) -> int:
        """Write every document in the contract shape to a path, a text stream or stdout.
        Returns the number of documents written."""
        if format not in _export.FORMATS:
            raise InvalidQuery(f"unknown export format {format!r}; choose one of "
                               f"{', '.join(_export.FORMATS)}", field="format")
        if out is None:
            return _export.write(self.documents(), sys.stdout, format)
        if isinstance(out, (str, Path)):
            with open(out, "w", encoding="utf-8", newline="") as fh:
                return _export.write(self.documents(), fh, format)
        return _export.write(self.documents(), out, format)

    # -- helpers -------------------------------------------------------------------------
    def _entity(self, ref: str | None, name: str = "entity") -> str | None:
        value = P.text(ref, name)
        if value is None:
            return None
        try:
            return _entities.resolve_ref(self.store, value)
        except PresswatchError as exc:  # name the filter that failed
            exc.field = name
            raise

    def _language(self, value: str | None) -> str | None:
        text = P.text(value, "language")
        if text is None:
            return None
        if text in ("en", "ru") or reads.value_exists(self._db, "language", text):
            return text
        known = reads.distinct_values(self._db, "language")
        return P.choice(text, sorted({*known, "en", "ru"}), "language")
