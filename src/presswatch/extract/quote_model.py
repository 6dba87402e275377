"""The quote extractor's data: what it needs from identity (:class:`EntityLookup`, with a
minimal :class:`SimpleLookup`), the records it emits (:class:`QuoteRecord`) and the
attribution of one cue (:class:`_Attribution`)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from presswatch.model import Entity, Quote

# what stands for the attribution left out between the pieces of an interrupted quote
PIECE_JOIN = " … "


class EntityLookup(Protocol):
    """What the quote extractor needs from identity resolution."""

    entities: list[Entity]

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity a span (name, surname, description, pronoun) refers to."""
        ...

    def resolve_pronoun(self, offset: int, prefer_speaker: Entity | None = None) -> Entity | None:
        """The person a pronoun (or an unresolved title) at ``offset`` refers to."""
        ...


class SimpleLookup:
    """A minimal :class:`EntityLookup` over a document's entities.

    ``entity_at``: the entity with a mention overlapping the span (PERSON first, then the
    longest overlap). ``resolve_pronoun``: ``prefer_speaker`` when given, else the person
    mentioned last before ``offset``."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        self._mentions: list[tuple[int, int, Entity]] = sorted(
            ((s, e, ent) for ent in self.entities for s, e in ent.mentions),
            key=lambda m: (m[0], m[1]),
        )
        self._starts = [m[0] for m in self._mentions]
        self._longest = max((e - s for s, e, _ in self._mentions), default=0)

    def entity_at(self, start: int, end: int) -> Entity | None:
        best: tuple[int, int, Entity] | None = None
        k = bisect_left(self._starts, start - self._longest)
        for s, e, ent in self._mentions[k:]:
            if s >= end:
                break
            overlap = min(e, end) - max(s, start)
            if overlap <= 0:
                continue
            key = (int(ent.type == "PERSON"), overlap)
            if best is None or key > best[:2]:
                best = (key[0], key[1], ent)
        return best[2] if best else None

    def resolve_pronoun(self, offset: int, prefer_speaker: Entity | None = None) -> Entity | None:
        if prefer_speaker is not None:
            return prefer_speaker
        last: Entity | None = None
        for s, _e, ent in self._mentions:
            if s >= offset:
                break
            if ent.type == "PERSON":
                last = ent
        return last



@dataclass(slots=True)
class QuoteRecord:
    """A quote with the spans it was read from (for evaluation and debugging)."""

    start: int
    end: int
    kind: str
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    subject_span: tuple[int, int] | None = None
    speaker: Entity | None = None
    speaker_name: str | None = None
    group: int = -1  # segments of one quote chain / interrupted quote share a group
    marks: tuple[int, int] | None = None  # span including the quote marks
    # an interrupted quote ("A," she said, "B."): the quoted pieces, [start, end) each;
    # empty for a quote of one piece
    pieces: tuple[tuple[int, int], ...] = ()

    def quoted_text(self, text: str) -> str:
        """The quoted words: ``text[start:end]``, or the pieces of an interrupted quote
        joined by :data:`PIECE_JOIN` (the attribution between them left out)."""
        if self.pieces:
            return PIECE_JOIN.join(text[s:e] for s, e in self.pieces)
        return text[self.start:self.end]

    def to_quote(self, text: str) -> Quote:
        name = self.speaker.name if self.speaker else self.speaker_name
        sid = self.speaker.id if self.speaker else None
        span = self.subject_span
        return Quote(text=self.quoted_text(text), start=self.start, end=self.end,
                     speaker=name, kind=self.kind, speaker_id=sid, cue=self.cue,
                     speaker_text=text[span[0]:span[1]] if span else None,
                     speaker_span=span)


@dataclass(slots=True)
class _Attribution:
    cue: str | None
    cue_span: tuple[int, int] | None
    subject_span: tuple[int, int] | None
    speaker: Entity | None
    speaker_name: str | None
    clause_of: int = -1  # quoted words inside this cue's reported clause (token index)
    content: tuple[int, int] | None = None  # that clause (or object) span

