"""The reduce: the corpus-wide steps, in the one process that writes.

Items stream through in chunks (``Settings.chunk_size``). For each chunk the reduce
splits off what needs no work (rejections, content already stored), counts the line keys
of the new items against the database (corpus evidence of boilerplate, so that the map
cleans each document as one process would, without a round trip per document), and hands
the new items to the executor, which runs the map (:mod:`presswatch.pipeline.map`)
anywhere. Then, holding the database's write lock, in the chunk's input order: near
duplicates, database-wide identity (``IdentityIndex.prepare``, ``resolve`` and
``finish``; ``commit`` after the write), the facts' local entity references rewritten to
canonical names and ids, and the write of everything the chunk adds (documents, sources,
rejections, corpus line counts, signatures) in one transaction. An interrupted ingest
loses at most the chunk in flight and a re-run picks up where it stopped: documents are
keyed by a hash of their content, and content already stored is skipped *before* the
expensive NLP. Concurrent ingests serialise at the write lock and count each document
once. Placeholder dates are decided at the end of the run, per group touched.

Nothing an input contains stops the batch: every failure of one item becomes a stored
:class:`~presswatch.model.Rejection` with its reason. Each document's work is bounded: by
size before it starts (``Settings.max_bytes``, ``max_chars``, ``max_lines``), and by a
time budget through cleaning, entity resolution and fact extraction
(``Settings.document_seconds``, :mod:`presswatch.deadline`).
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch import readers, registry
from presswatch.clean import TooLarge, check_bounds, duplicates
from presswatch.clean.body import corpus_candidate, line_key
from presswatch.clean.dates import PLACEHOLDER_PREFIX, placeholder_warnings
from presswatch.config import DEFAULT, DEFAULT_DB, Settings
from presswatch.extract.canonical import IdentityIndex, gazetteer
from presswatch.extract.eventjoin import join_events
from presswatch.model import Document, RawItem, Rejection
from presswatch.pipeline.executors import (
    DaskCluster,
    Executor,
    Handle,
    InProcess,
    ProcessPool,
    default_workers,
    limit_numeric_threads,
    split,
)
from presswatch.pipeline.map import Context, MapResult, key_digest
from presswatch.readers.files import Excluded, printable
from presswatch.registry import stage
from presswatch.store import Store, open_store

ProgressCallback = Callable[[int], None]
# Told what the run is doing now ("loading models", "annotating", "extracting facts").
PhaseCallback = Callable[[str], None]
# ``progress`` is told each chunk once it is committed (items of the chunk); ``step`` each
# document as it is annotated (1) or its task comes back from a worker, then the rest of
# the chunk's items (rejected, unchanged) when the chunk ends.

# The reduce stages, in order, per chunk (the placeholder-date check runs once at the end).
REDUCE_STAGES = ("canonical identity", "duplicates", "canonical facts", "write")


@dataclass(slots=True)
class IngestReport:
    """What one ingest did. ``duplicates`` counts items whose content was already stored
    under another source plus new documents whose cleaned text repeats an earlier one."""

    ingested: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    seconds: float = 0.0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.ingested + self.unchanged + self.duplicates + self.rejected

    @property
    def docs_per_second(self) -> float:
        return self.seen / self.seconds if self.seconds > 0 else 0.0

    def counts(self) -> dict[str, int]:
        return {
            "ingested": self.ingested,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
        }


def ingest(
    paths: Iterable[str | Path],
    db: str | Path | Store = DEFAULT_DB,
    *,
    settings: Settings = DEFAULT,
    progress: ProgressCallback | None = None,
    phase: PhaseCallback | None = None,
    step: ProgressCallback | None = None,
    workers: int | None = 1,
    dask: str | None = None,
    **read_options: Any,
) -> IngestReport:
    """Ingest files, folders or ``-`` (stdin) into the database ``db``. ``read_options``
    go to :func:`presswatch.readers.read` (``format``, ``mapping``, ``urls``,
    ``fetch_links``...). ``workers``: processes running the map (1: this one; None: every
    core); ``dask``: run the map on a Dask cluster instead (``local`` or a scheduler
    address). The database is the same whichever runs it."""
    store = db if not isinstance(db, (str, Path)) else open_store(db)
    # The database's own files are never read as input (an input folder may hold it).
    read_options.setdefault("excluded", Excluded.database(store.path))
    try:
        return Ingest(store, settings, progress, phase, step, workers=workers,
                      dask=dask).run(readers.read(paths, settings, **read_options))
    finally:
        if isinstance(db, (str, Path)):
            store.close()


class Ingest:
    """One ingest run over a stream of raw items into one store."""

    def __init__(
        self, store: Store, settings: Settings = DEFAULT, progress: ProgressCallback | None = None,
        phase: PhaseCallback | None = None, step: ProgressCallback | None = None,
        *, workers: int | None = 1, dask: str | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        if settings.numeric_threads:
            limit_numeric_threads(settings.numeric_threads)
        self.progress = progress or (lambda n: None)
        self.phase = phase or (lambda name: None)
        self.step = step or (lambda n: None)
        self._reported = 0  # items of the current chunk already passed to step
        self.report = IngestReport()
        self.groups_touched: set[str] = set()
        self.identities = self._identity_index()
        self.workers = default_workers() if workers is None else max(1, workers)
        self.dask = dask
        self.stages = registry.compose(REDUCE_STAGES, provided=("documents",))

        def counted(n: int) -> None:
            self._reported += n
            self.step(n)

        # Loaded here so that a missing or broken model file stops the run before anything
        # is read, instead of failing every document's fact extraction.
        self.context = Context.load(settings)
        self.context.step, self.context.phase = counted, self.phase
        self._in_process = InProcess(self.context)
        self._executor: Executor | None = None
        self._counted = counted
        # Documents mapped again because the evidence they were sent ahead with changed.
        self.remapped = 0
        # Line keys of the chunk's items, counted for corpus repetition before cleaning and
        # stored after the write.
        self._chunk_keys: dict[str, set[str]] = {}
        # What the chunk writes besides its documents, in the chunk's transaction:
        # rejections, and (doc id, source, whether the content was stored before).
        self._rejections: list[Rejection] = []
        self._sources: list[tuple[str, str, bool]] = []
        # Each document's own entity ids and names, between identity and its facts.
        self._local: dict[str, list[tuple[str, str]]] = {}

    def _identity_index(self) -> IdentityIndex:
        """The database-wide identities, fetched by key as chunks need them (or all at
        once with ``Settings.identity_cache`` None)."""
        return IdentityIndex(self.store, self.settings.display_language,
                             cache_size=self.settings.identity_cache)

    def run(self, items: Iterable[RawItem | Rejection]) -> IngestReport:
        """The chunks, one step ahead: the next chunk's tasks go to the workers before the
        current chunk is reduced, so that they map while this process writes (see
        :meth:`_ahead`). At most two chunks' tasks are in flight."""
        started = time.perf_counter()
        run_id = self.store.start_run(" ".join(sys.argv))
        try:
            current: _Chunk | None = None
            for items_read in self._read(items):
                following = _Chunk([_usable(item, self.settings) for item in items_read])
                self._ahead(following, current)
                if current is not None:
                    self._ingest_chunk(current)
                self._confirm(following, speculative=current is not None)
                current = following
            if current is not None:
                self._ingest_chunk(current)
        finally:
            if self._executor is not None:
                self._executor.close()
                self._executor = None
        self._corpus_checks()
        # Joining events across documents is an ingest step (reads never write).
        join_events(self.store)
        self.report.seconds = time.perf_counter() - started
        self.store.finish_run(run_id, self.report.counts())
        return self.report

    def _read(self, items: Iterable[RawItem | Rejection]
              ) -> Iterator[list[RawItem | Rejection]]:
        """The input in chunks. Once the first chunk holds ``parallel_min_docs`` new
        items, the workers are started: they load their models while this process reads
        the rest of the chunk and counts its evidence."""
        probe = self.settings.parallel_min_docs if self._may_use_workers() else None
        yield from _chunks(items, self.settings.chunk_size, early=probe,
                           on_early=self._start_early)

    def _may_use_workers(self) -> bool:
        return self.dask is not None or self.workers > 1

    def _start_early(self, items: Sequence[RawItem | Rejection]) -> None:
        if self._executor is not None:
            return
        usable = [_usable(item, self.settings) for item in items]
        raws = [item for item in usable if isinstance(item, RawItem)]
        known = self.store.known_ids(item.content_id for item in raws)
        new = len({item.content_id for item in raws} - known)
        executor = self._executor_for(new) if new else self._in_process
        if executor is self._executor and self._executor is not None:
            self._executor.start()
            # While the workers start: what the reduce loads once (the identity gazetteer).
            gazetteer()

    def _executor_for(self, n: int) -> Executor:
        """In process for one worker, or while no worker has started and the chunk is
        too small to be worth shipping (the result is the same); else the pool or
        cluster, started on first use. Once started, every chunk goes to the workers
        (this process then never loads the NLP models)."""
        if self.dask is None and self.workers <= 1:
            return self._in_process
        if self._executor is not None:
            return self._executor
        if self.dask is None and n < self.settings.parallel_min_docs:
            return self._in_process
        self.phase("starting workers")
        if self.dask is not None:
            self._executor = DaskCluster(self.settings, self.dask, self.workers,
                                         self._counted)
        else:
            self._executor = ProcessPool(self.settings, self.workers, self._counted)
        return self._executor

    # -- one chunk ahead ---------------------------------------------------------------
    def _classify(self, chunk: _Chunk, pending: _Chunk | None) -> None:
        """Split the chunk's items into new ones (to map), content stored before and
        repeats of content earlier in the chunk, and count the new items' boilerplate
        evidence. With ``pending`` (the chunk before, mapped but not yet written), as if
        every new item of it were written: the speculative view the next chunk's tasks
        are sent with."""
        raws = [item for item in chunk.items if isinstance(item, RawItem)]
        known = self.store.known_ids(item.content_id for item in raws)
        if pending is not None:
            known |= {item.content_id for item in pending.fresh}
        fresh: list[RawItem] = []
        repeats: list[RawItem] = []
        fresh_ids: set[str] = set()
        for item in raws:
            if item.content_id in known:
                continue
            if item.content_id in fresh_ids:
                repeats.append(item)
            else:
                fresh.append(item)
                fresh_ids.add(item.content_id)
        chunk.known, chunk.fresh, chunk.repeats = known, fresh, repeats
        for item in fresh:
            if item.content_id not in chunk.keys:
                chunk.keys[item.content_id] = _candidate_keys(item, self.settings)
        chunk.repeated = self._repeated_lines(chunk, pending)

    def _ahead(self, chunk: _Chunk, current: _Chunk | None) -> None:
        """Send the chunk's tasks to the workers now, before ``current`` (mapped, not yet
        reduced) is written, with the evidence counted as if all of ``current``'s new
        items were written; :meth:`_confirm` checks that once they are. In process,
        nothing is sent ahead (the map would run here, before the write, for nothing)."""
        if not self._may_use_workers():
            return
        self._classify(chunk, current)
        if chunk.fresh and self._executor_for(len(chunk.fresh)) is not self._in_process:
            self._send(chunk)

    def _send(self, chunk: _Chunk) -> None:
        executor = self._executor_for(len(chunk.fresh))
        tasks = split(chunk.fresh, chunk.repeated, executor.workers, self.settings.batch_size)
        chunk.executor = executor
        chunk.handles = [(task.items, handle)
                         for task, handle in zip(tasks, executor.submit(tasks), strict=True)]

    def _confirm(self, chunk: _Chunk, speculative: bool) -> None:
        """Once the chunk before is written: the chunk's items and evidence as one process
        would see them now. Where the evidence sent ahead differs, the line keys that
        differ are kept (``stale``): a document whose cleaning asked about one of them is
        mapped again (:meth:`_results`), and so is a new item that was taken as stored."""
        if chunk.handles is None or speculative:
            sent = chunk.repeated
            self._classify(chunk, None)
            if chunk.handles is not None:
                for group in {item.group for item in chunk.fresh}:
                    diff = sent.get(group, frozenset()) ^ chunk.repeated.get(group, frozenset())
                    if diff:
                        chunk.stale[group] = frozenset(key_digest(key) for key in diff)

    def _results(self, chunk: _Chunk) -> list[MapResult]:
        """The map's results for the chunk's new items, in order: what was sent ahead,
        with the documents it no longer fits mapped again with the chunk's evidence."""
        if chunk.handles is None:
            self._send(chunk)
        assert chunk.handles is not None and chunk.executor is not None
        if chunk.executor is not self._in_process:
            # While the workers map: what the reduce loads once (the identity gazetteer).
            gazetteer()
        got: dict[str, MapResult] = {}
        for _, handle in chunk.handles:
            for result in handle.result():
                got[result.content_id] = result
        redo = [item for item in chunk.fresh
                if item.content_id not in got
                or got[item.content_id].asked & chunk.stale.get(item.group, frozenset())]
        if redo:
            self.remapped += len(redo)
            tasks = split(redo, chunk.repeated, chunk.executor.workers,
                          self.settings.batch_size)
            for handle in chunk.executor.submit(tasks, counted=False):
                for result in handle.result():
                    got[result.content_id] = result
        chunk.handles = None
        return [got[item.content_id] for item in chunk.fresh]

    # -- one chunk -------------------------------------------------------------------
    def _ingest_chunk(self, chunk: _Chunk) -> None:
        """The chunk's map results, then, holding the database's write lock, the reduce
        stages (near duplicates, identities, canonical facts, the write of everything the
        chunk adds) in one transaction: a kill loses the chunk in flight, never part of
        it, and a concurrent ingest of the same files counts each document once."""
        for item in chunk.items:
            if isinstance(item, Rejection):
                self._reject(item)
            elif item.content_id in chunk.known:
                self._already_stored(item)
        mapped = []
        results = self._results(chunk) if chunk.fresh else []
        if chunk.fresh:
            self.phase("writing")
        for item, result in zip(chunk.fresh, results, strict=True):
            if result.doc is None:
                self._reject(Rejection(item.source, result.rejection or "rejected"))
            else:
                mapped.append((result.doc, item))
        with self.store.batch():
            # Another ingest may have stored some of these meanwhile: they are its.
            stored_now = self.store.known_ids(doc.id for doc, _ in mapped)
            documents = []
            for doc, item in mapped:
                if doc.id in stored_now:
                    self._already_stored(item)
                else:
                    documents.append((doc, item))
            if self.store.changed_by_others():
                self.identities = self._identity_index()
            for st in self.stages:
                documents = st.func(self, documents)
            for doc, item in documents:
                self._sources.append((doc.id, item.source, False))
                self.groups_touched.add(doc.group)
            stored = {doc.id for doc, _ in documents} | stored_now
            for item in chunk.repeats:
                if item.content_id in stored:
                    self._already_stored(item)
                else:
                    self._reject(Rejection(item.source, "same content as an item rejected above"))
            self._chunk_keys = chunk.keys
            self._count_lines([item for _, item in documents])
            self._flush()
        self.report.ingested += sum(1 for doc, _ in documents if doc.duplicate_of is None)
        self.step(max(0, len(chunk.items) - self._reported))
        self._reported = 0
        self.progress(len(chunk.items))

    def _write(
        self, documents: list[tuple[Document, RawItem]]
    ) -> list[tuple[Document, RawItem]]:
        """Write the documents; when that fails, each on its own, so that one that cannot
        be stored is rejected with the reason and the others are kept."""
        try:
            self.store.write_documents([doc for doc, _ in documents])
            return documents
        except Exception:
            pass
        kept = []
        for doc, item in documents:
            try:
                self.store.write_documents([doc])
            except Exception as exc:
                self._reject(Rejection(item.source, f"could not be stored: {exc!r}"))
                self.report.duplicates -= doc.duplicate_of is not None
                continue
            kept.append((doc, item))
        return kept

    def _reject(self, rejection: Rejection) -> None:
        self._rejections.append(rejection)
        self.report.rejected += 1
        self.report.rejections.append(rejection)

    def _already_stored(self, item: RawItem) -> None:
        self._sources.append((item.content_id, item.source, True))

    def _flush(self) -> None:
        """Write the chunk's sources and rejections (inside the chunk's transaction)."""
        for rejection in self._rejections:
            self.store.record_rejection(rejection)
        for doc_id, source, counted in self._sources:
            new = self.store.add_source(doc_id, source)
            if counted and new:
                self.report.duplicates += 1
            elif counted:
                self.report.unchanged += 1
            self.store.clear_rejection(source)
        self._rejections, self._sources = [], []

    def _mark_duplicates(self, documents: Sequence[tuple[Document, RawItem]]) -> None:
        """Exact duplicates (same cleaned text) and near duplicates (MinHash LSH over
        word shingles, estimated Jaccard >= ``duplicates.THRESHOLD``), against this chunk
        and the whole database; ``duplicate_of`` is the earliest document (a chain of
        copies points at its first member). Signatures are stored for later runs."""
        first_by_text: dict[str, str] = {}
        # Near-duplicate candidates seen in this chunk: band key -> [(id, order, sig)].
        chunk_bands: dict[str, list[tuple[str, int, duplicates.Signature]]] = defaultdict(list)
        rows: list[tuple[str, bytes, list[str]]] = []
        for order, (doc, _) in enumerate(documents):
            earlier = first_by_text.get(doc.text_hash) or self.store.find_by_text_hash(
                doc.text_hash
            )
            sig = duplicates.signature(doc.text)
            bands = sig.bands() if sig is not None else []
            if earlier and earlier != doc.id:
                doc.duplicate_of = earlier
                self.report.duplicates += 1
            elif sig is not None:
                first_by_text.setdefault(doc.text_hash, doc.id)
                stored = [
                    (doc_id, seq, duplicates.Signature.from_bytes(blob))
                    for doc_id, seq, blob in self.store.minhash_candidates(bands)
                    if doc_id != doc.id
                ]
                match = duplicates.best_match(sig, stored)
                if match is None:
                    local = {
                        c[0]: c for key in bands for c in chunk_bands.get(key, []) if c[0] != doc.id
                    }
                    match = duplicates.best_match(sig, sorted(local.values(), key=lambda c: c[1]))
                    if match is not None:
                        root = next(
                            (d.duplicate_of or d.id for d, _ in documents if d.id == match[0]),
                            match[0],
                        )
                        match = (root, match[1])
                elif match is not None:
                    match = (self.store.duplicate_root(match[0]), match[1])
                if match is not None:
                    doc.duplicate_of = match[0]
                    self.report.duplicates += 1
            else:
                first_by_text.setdefault(doc.text_hash, doc.id)
            if sig is not None:
                for key in bands:
                    chunk_bands[key].append((doc.id, order, sig))
                rows.append((doc.id, sig.to_bytes(), bands))
        self.store.add_minhashes(rows)

    # -- corpus-level evidence ---------------------------------------------------------
    def _repeated_lines(self, chunk: _Chunk, pending: _Chunk | None = None
                        ) -> dict[str, frozenset[str]]:
        """Line keys seen in at least ``repeated_line_min_docs`` documents of a group,
        counting the chunk's new items, everything stored before and, with ``pending``,
        the new items of the chunk before as if they were stored."""
        per_group: dict[str, Counter[str]] = defaultdict(Counter)
        for item in chunk.fresh:
            per_group[item.group].update(chunk.keys[item.content_id])
        ahead: dict[str, Counter[str]] = defaultdict(Counter)
        if pending is not None:
            for item in pending.fresh:
                if item.group in per_group:
                    ahead[item.group].update(pending.keys[item.content_id])
        repeated = {}
        for group, counts in per_group.items():
            stored = self.store.line_counts(group, counts)
            floor = self.settings.repeated_line_min_docs
            extra = ahead.get(group, Counter())
            repeated[group] = frozenset(
                key for key, n in counts.items()
                if n + stored.get(key, 0) + extra.get(key, 0) >= floor
            )
        return repeated

    def _count_lines(self, items: Sequence[RawItem]) -> None:
        """Add the stored documents' line keys to the group's counts (keys computed once
        per item, in ``_classify``)."""
        per_group: dict[str, Counter[str]] = defaultdict(Counter)
        for item in items:
            keys = self._chunk_keys.get(item.content_id)
            per_group[item.group].update(
                _candidate_keys(item, self.settings) if keys is None else keys)
        self._chunk_keys = {}
        for group, counts in per_group.items():
            self.store.add_line_counts(group, counts)

    def _corpus_checks(self) -> None:
        """Placeholder dates are only visible across a group. The check is a pure function
        of the group's stated dates, so it is re-run for every group touched: a date it
        flags is withdrawn from ``published`` (kept in a warning), and one it no longer
        flags (the group grew and the date became plausible) is reinstated."""
        for group in sorted(self.groups_touched):
            stated = self.store.group_dates(group)
            candidates = [doc_id for doc_id, date, _ in stated if date]
            # The kind of evidence and the outlet count (one site's fallback, never a date
            # read from a page's own URL): a first streamed pass keeps only those.
            seen = {
                doc.id: (doc.stated_evidence, doc.outlet)
                for doc in self.store.documents(candidates)
            }
            flagged = placeholder_warnings(
                [(doc_id, date, text_hash, *seen.get(doc_id, (None, None)))
                 for doc_id, date, text_hash in stated]
            )
            changed = [
                doc
                for doc in self.store.documents(candidates)
                if _apply_placeholder(doc, flagged.get(doc.id))
            ]
            if changed:
                self.store.write_documents(changed)


def _apply_placeholder(doc: Document, warning: str | None) -> bool:
    """Withdraw or reinstate ``doc``'s stated date; True when the document changed."""
    before = (doc.published, doc.published_evidence, list(doc.warnings))
    doc.warnings = [w for w in doc.warnings if not w.startswith(PLACEHOLDER_PREFIX)]
    if warning:
        doc.warnings.append(warning)
        if doc.published == doc.stated_date:
            doc.published = doc.published_evidence = None
    elif doc.published is None:
        doc.published, doc.published_evidence = doc.stated_date, doc.stated_evidence
    return before != (doc.published, doc.published_evidence, doc.warnings)


# -- the reduce stages (per chunk, in the writer, in the chunk's order) ----------------
@stage("canonical identity", requires=("documents",), assigns=("canonical_entities",),
       kind="reduce")
def _canonical_identity(run: Ingest, documents: list[tuple[Document, RawItem]]
                        ) -> list[tuple[Document, RawItem]]:
    """Database-wide ids and display names for every entity of the chunk (the document's
    own ids and names are kept aside for :func:`_canonical_facts`)."""
    run._local = {doc.id: [(e.id, e.name) for e in doc.entities] for doc, _ in documents}
    run.identities.resolve_chunk(doc for doc, _ in documents)
    return documents


@stage("duplicates", requires=("documents",), assigns=("duplicate_of",), kind="reduce")
def _duplicates(run: Ingest, documents: list[tuple[Document, RawItem]]
                ) -> list[tuple[Document, RawItem]]:
    run._mark_duplicates(documents)
    return documents


@stage("canonical facts", requires=("canonical_entities",), assigns=("canonical_facts",),
       kind="reduce")
def _canonical_facts(run: Ingest, documents: list[tuple[Document, RawItem]]
                     ) -> list[tuple[Document, RawItem]]:
    for doc, _ in documents:
        canonical_facts(doc, run._local.pop(doc.id, []))
        _link_claimants(doc)
    run._local = {}
    return documents


@stage("write", requires=("duplicate_of", "canonical_facts"), assigns=("stored",),
       kind="reduce")
def _write_stage(run: Ingest, documents: list[tuple[Document, RawItem]]
                 ) -> list[tuple[Document, RawItem]]:
    written = run._write(documents)
    run.identities.commit()  # when this chunk's name forms arrived, in its transaction
    return written


def canonical_facts(doc: Document, local: Sequence[tuple[str, str]]) -> None:
    """Rewrite the facts' references to the document's own entities (``local``: each
    entity's local id and name, parallel to ``doc.entities``, which now carry their
    database-wide ids and names) to the canonical names and ids: quote speakers, figure
    claimants, event participants and places."""
    by_id: dict[str, Any] = {}
    by_name: dict[str, Any] = {}
    for (local_id, local_name), ent in zip(local, doc.entities, strict=True):
        by_id.setdefault(local_id, ent)
        by_name.setdefault(local_name, ent)

    def name_of(name: str | None) -> str | None:
        ent = by_name.get(name) if name else None
        if ent is not None:
            return ent.name
        if name and ", " in name:  # a facility and its city ("Palace, Minsk")
            parts = name.split(", ")
            if all(p in by_name for p in parts):
                return ", ".join(by_name[p].name for p in parts)
        return name

    for quote in doc.quotes:
        speaker = by_id.get(quote.speaker_id) if quote.speaker_id else None
        if speaker is not None:
            quote.speaker, quote.speaker_id = speaker.name, speaker.id
    for figure in doc.figures:
        claimant = by_id.get(figure.claimant_id) if figure.claimant_id else None
        if claimant is not None:
            figure.claimant, figure.claimant_id = claimant.name, claimant.id
        else:
            figure.claimant = name_of(figure.claimant)
    for event in doc.events:
        ents = [by_id.get(i) for i in event.participant_ids]
        if event.participant_ids and all(e is not None for e in ents):
            # Two local entities may be one identity: one entry each, in order.
            unique = list({e.id: e for e in ents if e is not None}.values())
            event.participants = [e.name for e in unique]
            event.participant_ids = [e.id for e in unique]
        event.place = name_of(event.place)


def _link_claimants(doc: Document) -> None:
    """A figure's claimant id: the quote speaker's id, else the document entity of that
    canonical name (claimants are canonical names by then)."""
    by_name = {e.name: e.id for e in doc.entities if e.type in ("PERSON", "ORG", "GPE", "NORP")}
    by_name.update({q.speaker: q.speaker_id for q in doc.quotes if q.speaker and q.speaker_id})
    for figure in doc.figures:
        if figure.claimant and figure.claimant_id is None:
            figure.claimant_id = by_name.get(figure.claimant)


def _candidate_keys(item: RawItem, settings: Settings = DEFAULT) -> set[str]:
    """Line keys that count as corpus evidence of boilerplate. HTML items are cleaned by
    their own extractor (markup, not lines, tells boilerplate there): they count none;
    nor does a text over the size bounds (cleaning rejects it)."""
    if item.meta.get("format") == "html":
        return set()
    try:
        check_bounds(item, settings)
    except TooLarge:
        return set()
    return {line_key(line) for line in item.text.splitlines() if corpus_candidate(line)}


def _usable(item: RawItem | Rejection, settings: Settings) -> RawItem | Rejection:
    """The item, or a Rejection when it is over the size bounds, or its text or name
    cannot be hashed and stored (a lone surrogate, from a library caller: the readers
    never yield one)."""
    try:
        item.source.encode("utf-8")
        if isinstance(item, RawItem):
            check_bounds(item, settings)  # before any work, hashing included
            item.content_id  # noqa: B018 (hashes the UTF-8 text)
        return item
    except TooLarge as exc:
        return Rejection(item.source, str(exc))
    except UnicodeError as exc:
        reason = getattr(exc, "reason", exc)  # UnicodeEncodeError / UnicodeDecodeError have one
        return Rejection(printable(item.source), f"text not storable: {reason}")


def _chunks(
    items: Iterable[RawItem | Rejection], size: int, *, early: int | None = None,
    on_early: Callable[[list[RawItem | Rejection]], None] = lambda items: None,
) -> Iterator[list[RawItem | Rejection]]:
    """``items`` in lists of ``size``; ``on_early`` is told the first ``early`` items as
    soon as they are read (when the first chunk is longer)."""
    chunk: list[RawItem | Rejection] = []
    for item in items:
        chunk.append(item)
        if early is not None and len(chunk) >= max(1, early):
            if len(chunk) < size:
                on_early(chunk)
            early = None
        if len(chunk) >= size:
            yield chunk
            chunk = []
            early = None
    if chunk:
        yield chunk


@dataclass(slots=True, eq=False)
class _Chunk:
    """One chunk between reading and its write: the items (size-checked), what the
    reduce decided about them before the map, and the tasks sent for its new items."""

    items: list[RawItem | Rejection]
    fresh: list[RawItem] = field(default_factory=list)  # new content, to map
    repeats: list[RawItem] = field(default_factory=list)  # content earlier in the chunk
    known: set[str] = field(default_factory=set)  # content ids taken as stored
    keys: dict[str, set[str]] = field(default_factory=dict)  # content id -> line keys
    repeated: dict[str, frozenset[str]] = field(default_factory=dict)  # evidence, by group
    # group -> digests of the line keys whose evidence changed since the tasks were sent
    stale: dict[str, frozenset[int]] = field(default_factory=dict)
    executor: Executor | None = None
    handles: list[tuple[list[RawItem], Handle]] | None = None
