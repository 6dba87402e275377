"""The pipeline's stages, registered by name with what each requires and assigns.

A stage is a function over one document's :class:`Work` (the map stages, run anywhere:
in process, in a worker process, on a Dask worker) or over a chunk's documents in the
single writer (the reduce stages). :func:`compose` checks that every stage's
requirements are assigned by an earlier one, so a pipeline is a list of names and the
executors need no special cases. :func:`run_stage` is the one error handler: a stage's
failure becomes the document's warning (``on_error="warn"``) or its rejection
(``on_error="reject"``), and a document over its time budget is rejected either way.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from presswatch.clean import TooLarge
from presswatch.deadline import Budget, DocumentTimeout

OnError = Literal["warn", "reject"]


@dataclass(slots=True)
class Work:
    """One document's state as it goes through the map stages. Only ``item``'s identity,
    ``doc`` and ``rejection`` leave the worker: the annotation and the document's
    identities (spaCy/natasha token views) stay where they were made."""

    item: Any  # the RawItem
    repeated: Container[str] = frozenset()  # the item's group's boilerplate line keys
    budget: Budget = field(default_factory=lambda: Budget(None))
    article: Any = None
    doc: Any = None
    annotation: Any = None
    title_annotation: Any = None  # the headline's own annotation (None without a title)
    people: Any = None
    rejection: str | None = None  # the reason, once the document is rejected

    @property
    def alive(self) -> bool:
        return self.rejection is None


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    # "map": per document, func(work, context); "batch": over a list of Work at once
    # (nlp.pipe), func(works, context); "reduce": over a chunk in the writer.
    kind: str = "map"
    on_error: OnError = "reject"
    # The words of the warning or rejection ("fact extraction failed: ...") and the name
    # of the budget stage.
    failure: str = ""
    # What a progress display says while the stage runs ("extracting facts"); "": nothing.
    phase: str = ""


_STAGES: dict[str, Stage] = {}


def stage(name: str, *, requires: Sequence[str] = (), assigns: Sequence[str] = (),
          kind: str = "map", on_error: OnError = "reject",
          failure: str | None = None, phase: str = ""
          ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the stage ``name``."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        if name in _STAGES and _STAGES[name].func is not func:
            raise ValueError(f"stage '{name}' is already registered")
        _STAGES[name] = Stage(name, func, tuple(requires), tuple(assigns), kind, on_error,
                              failure or name, phase)
        return func

    return register


def get(name: str) -> Stage:
    try:
        return _STAGES[name]
    except KeyError:
        known = ", ".join(sorted(_STAGES))
        raise ValueError(f"no stage named '{name}' (known: {known})") from None


def names() -> list[str]:
    return sorted(_STAGES)


def compose(stage_names: Sequence[str], provided: Sequence[str] = ()) -> list[Stage]:
    """The stages ``stage_names`` in order, checked: each one's requirements are in
    ``provided`` or assigned by a stage before it."""
    have = set(provided)
    stages = []
    for name in stage_names:
        st = get(name)
        missing = [r for r in st.requires if r not in have]
        if missing:
            raise ValueError(f"stage '{name}' requires {', '.join(missing)}, "
                             "which no earlier stage assigns")
        have.update(st.assigns)
        stages.append(st)
    return stages


def analyze(stages: Sequence[Stage]) -> list[dict[str, Any]]:
    """What each stage requires and assigns (spaCy's ``analyze_pipes``)."""
    return [{"name": s.name, "kind": s.kind, "requires": list(s.requires),
             "assigns": list(s.assigns), "on_error": s.on_error} for s in stages]


def fail(work: Work, st: Stage, exc: BaseException) -> None:
    """The one error handler: ``exc`` raised by ``st`` on ``work``'s document."""
    if isinstance(exc, (DocumentTimeout, TooLarge)):
        work.rejection = str(exc)
    elif st.on_error == "warn" and work.doc is not None:
        work.doc.warnings.append(f"{st.failure} failed: {exc!r}")
    else:
        work.rejection = f"{st.failure} failed: {exc!r}"


def run_stage(st: Stage, work: Work, context: Any) -> None:
    """Run a per-document stage on ``work`` within its time budget; a failure goes to
    :func:`fail`, never further."""
    if not work.alive:
        return
    try:
        with work.budget.stage(st.failure):
            st.func(work, context)
    except (Exception, DocumentTimeout) as exc:  # one document never stops the batch
        fail(work, st, exc)
