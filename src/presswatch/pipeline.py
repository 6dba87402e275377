"""The ingest pipeline: read -> clean -> language -> annotate -> extract -> store.

Items stream through in chunks (``Settings.chunk_size``). Each chunk is cleaned, annotated
per language with ``Backend.annotate`` (``nlp.pipe`` underneath) and written in one
transaction with everything it adds (sources, rejections, corpus line counts, signatures),
so an interrupted ingest loses at most the chunk in flight and a re-run picks up where it
stopped: documents are keyed by a hash of their content, and content already stored is
skipped *before* the expensive NLP. Identity decisions, fact extraction and the write are
made holding the database's write lock, so concurrent ingests serialise there and count
each document once.

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

from presswatch import readers
from presswatch.clean import TooLarge, check_bounds, clean, duplicates, too_long
from presswatch.clean.body import corpus_candidate, line_key
from presswatch.clean.dates import PLACEHOLDER_PREFIX, placeholder_warnings
from presswatch.config import DEFAULT, Settings
from presswatch.deadline import Budget, DocumentTimeout
from presswatch.extract.attribution import extract_quotes_with_model, load_model
from presswatch.extract.canonical import IdentityIndex
from presswatch.extract.entities import retype_outlet
from presswatch.extract.events import extract_events
from presswatch.extract.figures import extract_figures
from presswatch.extract.identity import DocumentIdentities, resolve_document
from presswatch.model import Annotation, Article, Document, Quote, RawItem, Rejection
from presswatch.nlp import backend_for
from presswatch.readers.files import Excluded, printable
from presswatch.store import Store, open_store

DEFAULT_DB = "presswatch.db"

ProgressCallback = Callable[[int], None]
# Told what the run is doing now ("loading models", "annotating", "extracting facts").
PhaseCallback = Callable[[str], None]
# ``progress`` is told each chunk once it is committed (items of the chunk); ``step`` each
# document as the backend annotates it (1), then the rest of the chunk's items (rejected,
# unchanged) when the chunk ends: a progress bar that moves per document.


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
    **read_options: Any,
) -> IngestReport:
    """Ingest files, folders or ``-`` (stdin) into the database ``db``. ``read_options``
    go to :func:`presswatch.readers.read` (``format``, ``mapping``, ``urls``,
    ``fetch_links``...)."""
    store = db if not isinstance(db, (str, Path)) else open_store(db)
    # The database's own files are never read as input (an input folder may hold it).
    read_options.setdefault("excluded", Excluded.database(store.path))
    try:
        return Ingest(store, settings, progress, phase, step).run(
            readers.read(paths, settings, **read_options)
        )
    finally:
        if isinstance(db, (str, Path)):
            store.close()


class Ingest:
    """One ingest run over a stream of raw items into one store."""

    def __init__(
        self, store: Store, settings: Settings = DEFAULT, progress: ProgressCallback | None = None,
        phase: PhaseCallback | None = None, step: ProgressCallback | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.progress = progress or (lambda n: None)
        self.phase = phase or (lambda name: None)
        self.step = step or (lambda n: None)
        self._reported = 0  # items of the current chunk already passed to step
        self.report = IngestReport()
        self.groups_touched: set[str] = set()
        self.identities = IdentityIndex(store, settings.display_language)
        # Loaded here so that a missing or broken model file stops the run before anything
        # is read, instead of failing every document's fact extraction.
        self.attribution_model = (load_model(settings.attribution_model)
                                  if settings.attribution_model else None)
        # Annotations kept between annotation and fact extraction, within one chunk.
        self._analyses: dict[str, tuple[Annotation, DocumentIdentities]] = {}
        # Line keys of the chunk's items, counted for corpus repetition before cleaning and
        # stored after the write.
        self._chunk_keys: dict[str, set[str]] = {}
        # Each new item's time budget (by content id), from cleaning to fact extraction.
        self._budgets: dict[str, Budget] = {}
        # What the chunk writes besides its documents, in the chunk's transaction:
        # rejections, and (doc id, source, whether the content was stored before).
        self._rejections: list[Rejection] = []
        self._sources: list[tuple[str, str, bool]] = []

    def run(self, items: Iterable[RawItem | Rejection]) -> IngestReport:
        started = time.perf_counter()
        run_id = self.store.start_run(" ".join(sys.argv))
        for chunk in _chunks(items, self.settings.chunk_size):
            self._ingest_chunk(chunk)
        self._corpus_checks()
        self.report.seconds = time.perf_counter() - started
        self.store.finish_run(run_id, self.report.counts())
        return self.report

    # -- one chunk -------------------------------------------------------------------
    def _ingest_chunk(self, chunk: list[RawItem | Rejection]) -> None:
        """Clean and annotate the chunk's new items, then, holding the database's write
        lock, decide identities, extract facts and write everything the chunk adds
        (documents, sources, rejections, corpus line counts, signatures) in one
        transaction: a kill loses the chunk in flight, never part of it, and a
        concurrent ingest of the same files counts each document once."""
        fresh: list[RawItem] = []
        repeats: list[RawItem] = []  # content seen earlier in this chunk: after the write
        fresh_ids: set[str] = set()
        chunk = [_usable(item, self.settings) for item in chunk]
        raws = [item for item in chunk if isinstance(item, RawItem)]
        known = self.store.known_ids(item.content_id for item in raws)
        for item in chunk:
            if isinstance(item, Rejection):
                self._reject(item)
            elif item.content_id in known:
                self._already_stored(item)
            elif item.content_id in fresh_ids:
                repeats.append(item)
            else:
                fresh.append(item)
                fresh_ids.add(item.content_id)
        articles = self._clean(fresh)
        annotated = self._annotate(articles)
        with self.store.batch():
            # Another ingest may have stored some of these meanwhile: they are its.
            stored_now = self.store.known_ids(doc.id for doc, _ in annotated)
            documents = []
            for doc, item in annotated:
                if doc.id in stored_now:
                    self._analyses.pop(doc.id, None)
                    self._already_stored(item)
                else:
                    documents.append((doc, item))
            if self.store.changed_by_others():
                self.identities = IdentityIndex(self.store, self.settings.display_language)
            for doc, _ in documents:
                if doc.id in self._analyses:
                    self.identities.resolve(doc.entities, doc.language)
            self._mark_duplicates(documents)
            self.identities.finish()
            documents = self._extract_facts(documents)
            documents = self._write(documents)
            for doc, item in documents:
                self._sources.append((doc.id, item.source, False))
                self.groups_touched.add(doc.group)
            stored = {doc.id for doc, _ in documents} | stored_now
            for item in repeats:
                if item.content_id in stored:
                    self._already_stored(item)
                else:
                    self._reject(Rejection(item.source, "same content as an item rejected above"))
            self._count_lines([item for _, item in documents])
            self._flush()
        self._budgets.clear()
        self.report.ingested += sum(1 for doc, _ in documents if doc.duplicate_of is None)
        self.step(max(0, len(chunk) - self._reported))
        self._reported = 0
        self.progress(len(chunk))

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

    def _clean(self, items: Sequence[RawItem]) -> list[tuple[Article, RawItem]]:
        repeated = self._repeated_lines(items)
        cleaned = []
        for item in items:
            budget = self._budgets[item.content_id] = Budget(self.settings.document_seconds)
            try:
                with budget.stage("cleaning"):
                    article = clean(item, repeated=repeated.get(item.group, frozenset()),
                                    settings=self.settings)
            except DocumentTimeout as exc:
                self._reject(Rejection(item.source, str(exc)))
                continue
            except TooLarge as exc:
                self._reject(Rejection(item.source, str(exc)))
                continue
            except Exception as exc:  # one bad item never stops the batch
                self._reject(Rejection(item.source, f"cleaning failed: {exc!r}"))
                continue
            if not article.text.strip():
                self._reject(Rejection(item.source, "no article text left after cleaning"))
                continue
            if len(article.text) > self.settings.max_chars:
                self._reject(Rejection(item.source, too_long(len(article.text),
                                                             self.settings.max_chars)))
                continue
            repairs = [*item.warnings, item.meta.get("warning") or ""]
            article.warnings[:0] = [w for w in repairs if w and w not in article.warnings]
            cleaned.append((article, item))
        return cleaned

    def _annotate(
        self, articles: Sequence[tuple[Article, RawItem]]
    ) -> list[tuple[Document, RawItem]]:
        by_language: dict[str, list[tuple[Article, RawItem]]] = defaultdict(list)
        for pair in articles:
            by_language[pair[0].language].append(pair)
        out: list[tuple[Document, RawItem]] = []
        for language, pairs in by_language.items():
            self.phase("loading models")
            backend = backend_for(language, self.settings)
            self.phase("annotating")
            if backend is None:
                for article, item in pairs:
                    article.warnings.append(
                        f"no language backend for '{language}': entities not extracted"
                    )
                    out.append((_document(item, article), item))
                continue
            out.extend(self._annotate_with(backend, pairs))
        return out

    def _annotate_with(
        self, backend, pairs: Sequence[tuple[Article, RawItem]]
    ) -> Iterator[tuple[Document, RawItem]]:
        try:
            annotations = []
            for annotation in backend.annotate(article.text for article, _ in pairs):
                annotations.append(annotation)
                self._reported += 1
                self.step(1)  # per document, as the backend streams them
        except Exception:
            # Find the item that breaks the backend: annotate one at a time.
            annotations = []
            for article, item in pairs:
                try:
                    annotations.extend(backend.annotate([article.text]))
                except Exception as exc:
                    self._reject(Rejection(item.source, f"annotation failed: {exc!r}"))
                    annotations.append(None)
        for (article, item), annotation in zip(pairs, annotations, strict=True):
            if annotation is None:
                continue
            doc = _document(item, article)
            try:
                with self._budget(doc).stage("entity resolution"):
                    people = resolve_document(article.text, annotation)
            except DocumentTimeout as exc:
                self._reject(Rejection(item.source, str(exc)))
                continue
            except Exception as exc:  # keep the document, say what is missing
                doc.warnings.append(f"entity resolution failed: {exc!r}")
                yield doc, item
                continue
            doc.entities = people.entities
            retype_outlet(doc.entities, doc.outlet)
            self._analyses[doc.id] = (annotation, people)
            yield doc, item

    def _budget(self, doc: Document) -> Budget:
        budget = self._budgets.get(doc.id)
        if budget is None:
            budget = self._budgets[doc.id] = Budget(self.settings.document_seconds)
        return budget

    def _extract_facts(
        self, documents: Sequence[tuple[Document, RawItem]]
    ) -> list[tuple[Document, RawItem]]:
        """Quotes, figures and events, once every entity of the chunk has its final
        database-wide id and name (``IdentityIndex.finish``), so that speakers,
        claimants and participants carry canonical names. A document over its time
        budget is rejected; the others are returned."""
        self.phase("extracting facts")
        kept = []
        for doc, item in documents:
            budget = self._budgets.pop(doc.id, None) or Budget(None)
            analysis = self._analyses.pop(doc.id, None)
            if analysis is None:
                kept.append((doc, item))
                continue
            annotation, people = analysis
            try:
                with budget.stage("fact extraction"):
                    self._facts(doc, annotation, people)
            except DocumentTimeout as exc:
                self._reject(Rejection(item.source, str(exc)))
                self.report.duplicates -= doc.duplicate_of is not None
                continue
            except Exception as exc:  # keep the document and its entities
                doc.warnings.append(f"fact extraction failed: {exc!r}")
            _link_claimants(doc)
            kept.append((doc, item))
        return kept

    def _facts(self, doc: Document, annotation: Annotation, people: DocumentIdentities) -> None:
        doc.quotes = extract_quotes_with_model(doc.text, annotation, people,
                                               self.attribution_model)
        doc.figures = extract_figures(
            doc.text,
            annotation,
            doc.published,
            claimant_at=_quoted_by(doc.quotes),
            people=people,
        )
        dateline = doc.dateline
        doc.events = extract_events(
            doc.text,
            annotation,
            people,
            # A withdrawn placeholder date still anchors "today" and "June 27"
            # better than nothing; the events' own dates say when they happened.
            published=doc.published or doc.stated_date,
            dateline_date=dateline.date if dateline else None,
            dateline_place=dateline.place if dateline else None,
        )

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
    def _repeated_lines(self, items: Sequence[RawItem]) -> dict[str, frozenset[str]]:
        """Line keys seen in at least ``repeated_line_min_docs`` documents of a group,
        counting this chunk and everything stored before."""
        self._chunk_keys = {item.content_id: _candidate_keys(item, self.settings)
                            for item in items}
        per_group: dict[str, Counter[str]] = defaultdict(Counter)
        for item in items:
            per_group[item.group].update(self._chunk_keys[item.content_id])
        repeated = {}
        for group, counts in per_group.items():
            stored = self.store.line_counts(group, counts)
            floor = self.settings.repeated_line_min_docs
            repeated[group] = frozenset(
                key for key, n in counts.items() if n + stored.get(key, 0) >= floor
            )
        return repeated

    def _count_lines(self, items: Sequence[RawItem]) -> None:
        """Add the stored documents' line keys to the group's counts (keys computed once
        per chunk, in ``_repeated_lines``)."""
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
            flagged = placeholder_warnings(stated)
            candidates = [doc_id for doc_id, date, _ in stated if date]
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


def _link_claimants(doc: Document) -> None:
    """A figure's claimant id: the quote speaker's id, else the document entity of that
    canonical name (claimants are canonical names by then)."""
    by_name = {e.name: e.id for e in doc.entities if e.type in ("PERSON", "ORG", "GPE", "NORP")}
    by_name.update({q.speaker: q.speaker_id for q in doc.quotes if q.speaker and q.speaker_id})
    for figure in doc.figures:
        if figure.claimant and figure.claimant_id is None:
            figure.claimant_id = by_name.get(figure.claimant)


def _quoted_by(quotes: Sequence[Quote]) -> Callable[[int, int], str | None]:
    """Who claimed what lies at (start, end): the speaker of the quote containing it."""

    def claimant_at(start: int, end: int) -> str | None:
        for quote in quotes:
            if quote.speaker and quote.start <= start and end <= quote.end:
                return quote.speaker
        return None

    return claimant_at


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


def _document(item: RawItem, article: Article) -> Document:
    return Document(
        id=item.content_id,
        source=item.source,
        text=article.text,
        language=article.language,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        published_evidence=article.published_evidence,
        dateline=article.dateline,
        warnings=list(article.warnings),
        group=item.group,
        stated_date=article.published,
        stated_evidence=article.published_evidence,
    )


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
        return Rejection(printable(item.source), f"text not storable: {exc.reason}")


def _chunks(
    items: Iterable[RawItem | Rejection], size: int
) -> Iterator[list[RawItem | Rejection]]:
    chunk: list[RawItem | Rejection] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
