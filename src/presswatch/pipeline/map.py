"""The map: one document's work, anywhere, from its raw item to its facts.

clean -> language -> annotate (body and headline) -> per-document identity (the
headline's names linked to the body's) -> quotes, figures, events. The
input is a :class:`MapTask` (raw items and the boilerplate lines of their groups, which
the reduce counted before sending them) and the output one :class:`MapResult` per item:
the :class:`~presswatch.model.Document` with the document's own entities (local ids and
names, before database-wide identity) and facts that refer to them, or the reason it was
rejected. Both are small and picklable; annotations and spaCy/natasha objects stay in the
process that made them. Nothing here reads or writes the database, so the map gives the
same result in any process and in any order.
"""

from __future__ import annotations

import os
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from presswatch import registry
from presswatch.clean import clean, too_long
from presswatch.config import DEFAULT, Settings
from presswatch.deadline import Budget
from presswatch.extract.attribution import extract_quotes_with_model, load_model
from presswatch.extract.entities import retype_outlet
from presswatch.extract.events import extract_events
from presswatch.extract.figures import extract_figures
from presswatch.extract.headline import MAX_TITLE_CHARS, attach_headline
from presswatch.extract.identity import resolve_document
from presswatch.model import Annotation, Article, Document, Quote, RawItem
from presswatch.nlp import backend_for
from presswatch.registry import Work, stage

# The map stages, in order (each one's requirements are assigned by those before it).
MAP_STAGES = ("clean", "annotate", "identity", "quotes", "figures", "events")


@dataclass(slots=True)
class MapTask:
    items: list[RawItem]
    # group -> line keys repeated in enough of the group's documents (boilerplate).
    repeated: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(slots=True)
class MapResult:
    content_id: str
    doc: Document | None  # None when rejected
    rejection: str | None = None
    # Every boilerplate line key cleaning asked about (``key_digest`` of each): the result
    # is the same for any boilerplate set that answers these the same way, which is how
    # the reduce knows whether a document mapped with speculative evidence must be
    # mapped again.
    asked: frozenset[int] = frozenset()


def key_digest(key: str) -> int:
    """A stable 32-bit digest of a line key (the same in every process, unlike
    ``hash``); two keys that share one only cost a needless re-map."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass"))


class AskedLines:
    """A group's boilerplate line keys that remember which keys they were asked about."""

    __slots__ = ("asked", "keys")

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys
        self.asked: set[int] = set()

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked.add(key_digest(key))
        return key in self.keys


@dataclass(slots=True)
class Context:
    """What the map stages share in one process: the settings and the models."""

    settings: Settings
    attribution_model: Any = None
    # Told once per document as the backend annotates it (in process only).
    step: Callable[[int], None] = lambda n: None
    phase: Callable[[str], None] = lambda name: None

    @classmethod
    def load(cls, settings: Settings) -> Context:
        model = load_model(settings.attribution_model) if settings.attribution_model else None
        return cls(settings, model)


# -- stages ----------------------------------------------------------------------------
@stage("clean", requires=("raw", "repeated_lines"), assigns=("article", "language"),
       failure="cleaning")
def _clean(work: Work, ctx: Context) -> None:
    item, settings = work.item, ctx.settings
    article = clean(item, repeated=work.repeated, settings=settings)
    if not article.text.strip():
        work.rejection = "no article text left after cleaning"
        return
    if len(article.text) > settings.max_chars:
        work.rejection = too_long(len(article.text), settings.max_chars)
        return
    repairs = [*item.warnings, item.meta.get("warning") or ""]
    article.warnings[:0] = [w for w in repairs if w and w not in article.warnings]
    work.article = article
    work.doc = _document(item, article)


@stage("annotate", requires=("article", "language"), assigns=("annotation",), kind="batch",
       failure="annotation")
def _annotate(works: Sequence[Work], ctx: Context) -> None:
    """Annotate the documents per language with the backend's ``nlp.pipe``; when the
    batch fails, one at a time, so that only the document that breaks it is rejected."""
    by_language: dict[str, list[Work]] = defaultdict(list)
    for work in works:
        if work.alive:
            by_language[work.doc.language].append(work)
    for language, group in by_language.items():
        ctx.phase("loading models")
        backend = backend_for(language, ctx.settings)
        ctx.phase("annotating")
        if backend is None:
            for work in group:
                work.doc.warnings.append(
                    f"no language backend for '{language}': entities not extracted")
            continue
        annotations: list[Annotation | None]
        try:
            annotations = []
            for annotation in backend.annotate(work.doc.text for work in group):
                annotations.append(annotation)
                ctx.step(1)
        except Exception:
            annotations = []
            for work in group:
                try:
                    annotations.extend(backend.annotate([work.doc.text]))
                except Exception as exc:
                    registry.fail(work, registry.get("annotate"), exc)
                    annotations.append(None)
        for work, found in zip(group, annotations, strict=True):
            work.annotation = found
        _annotate_titles([w for w in group if w.annotation is not None], backend)


def _annotate_titles(works: Sequence[Work], backend: Any) -> None:
    """The headlines, annotated apart from the bodies (their entities are linked to the
    body's by :func:`presswatch.extract.headline.attach_headline`). A headline the backend
    fails on only loses its mentions."""
    titled = [w for w in works if w.doc.title and len(w.doc.title) <= MAX_TITLE_CHARS]
    try:
        found = list(backend.annotate(w.doc.title for w in titled))
    except Exception:
        found = []
        for work in titled:
            try:
                found.extend(backend.annotate([work.doc.title]))
            except Exception as exc:
                found.append(None)
                work.doc.warnings.append(f"headline not annotated: {type(exc).__name__}")
    for work, annotation in zip(titled, found, strict=True):
        work.title_annotation = annotation


@stage("identity", requires=("annotation",), assigns=("entities", "people"),
       on_error="warn", failure="entity resolution")
def _identity(work: Work, ctx: Context) -> None:
    """The document's own entities (local ids); database-wide identity is the reduce's."""
    if work.annotation is None:
        return
    people = resolve_document(work.doc.text, work.annotation)
    try:
        work.doc.entities = attach_headline(work.doc.title, work.title_annotation,
                                            people.entities)
    except Exception as exc:  # the headline's names are not worth the body's
        work.doc.entities = list(people.entities)
        work.doc.warnings.append(f"headline entities not linked: {type(exc).__name__}")
    retype_outlet(work.doc.entities, work.doc.outlet)
    work.people = people


@stage("quotes", requires=("people",), assigns=("quotes",), on_error="warn",
       failure="fact extraction", phase="extracting facts")
def _quotes(work: Work, ctx: Context) -> None:
    if work.people is None:
        return
    work.doc.quotes = extract_quotes_with_model(work.doc.text, work.annotation, work.people,
                                                ctx.attribution_model)


@stage("figures", requires=("people", "quotes"), assigns=("figures",), on_error="warn",
       failure="fact extraction")
def _figures(work: Work, ctx: Context) -> None:
    if work.people is None:
        return
    doc = work.doc
    doc.figures = extract_figures(doc.text, work.annotation, doc.published,
                                  claimant_at=_quoted_by(doc.quotes), people=work.people)


@stage("events", requires=("people",), assigns=("events",), on_error="warn",
       failure="fact extraction")
def _events(work: Work, ctx: Context) -> None:
    if work.people is None:
        return
    doc = work.doc
    dateline = doc.dateline
    doc.events = extract_events(
        doc.text,
        work.annotation,
        work.people,
        # A withdrawn placeholder date still anchors "today" and "June 27" better than
        # nothing; the events' own dates say when they happened.
        published=doc.published or doc.stated_date,
        dateline_date=dateline.date if dateline else None,
        dateline_place=dateline.place if dateline else None,
    )


# -- running the map -------------------------------------------------------------------
def run_map(task: MapTask, ctx: Context,
            stages: Sequence[str] = MAP_STAGES) -> list[MapResult]:
    """The map stages over ``task``'s items, in order; one result per item."""
    composed = registry.compose(stages, provided=("raw", "repeated_lines"))
    asked = [AskedLines(task.repeated.get(item.group, frozenset())) for item in task.items]
    works = [Work(item, lines, Budget(ctx.settings.document_seconds))
             for item, lines in zip(task.items, asked, strict=True)]
    for st in composed:
        if st.phase:
            ctx.phase(st.phase)
        if st.kind == "batch":
            st.func([w for w in works if w.alive], ctx)
        else:
            for work in works:
                registry.run_stage(st, work, ctx)
    return [MapResult(w.item.content_id, None if w.rejection else w.doc, w.rejection,
                      frozenset(lines.asked))
            for w, lines in zip(works, asked, strict=True)]


# One context per worker process, made once by the pool's initializer.
_WORKER: Context | None = None


def init_worker(settings: Settings, coordinator: int | None = None) -> None:
    """A pool worker's initializer: the settings and the models, loaded once. With
    ``coordinator`` (the pid of the ingest that started the pool), the worker ends when
    that process is gone, killed with -9 included, instead of waiting for tasks forever."""
    global _WORKER
    if coordinator is not None:
        threading.Thread(target=_watch, args=(coordinator,), daemon=True).start()
    _WORKER = Context.load(settings)


def _watch(pid: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid was reused by another user's process
            os._exit(1)


def map_in_worker(task: MapTask, settings: Settings = DEFAULT) -> list[MapResult]:
    """The map in a worker (``partial(map_in_worker, settings=...)``); the context is
    the initializer's, or made on first use (a Dask worker has no initializer)."""
    global _WORKER
    if _WORKER is None or _WORKER.settings != settings:
        _WORKER = Context.load(settings)
    return run_map(task, _WORKER)


def _quoted_by(quotes: Sequence[Quote]) -> Callable[[int, int], str | None]:
    """Who claimed what lies at (start, end): the speaker of the quote containing it."""

    def claimant_at(start: int, end: int) -> str | None:
        for quote in quotes:
            if quote.speaker and quote.start <= start and end <= quote.end:
                return quote.speaker
        return None

    return claimant_at


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
