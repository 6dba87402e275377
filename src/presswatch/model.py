"""The small typed data model every stage passes along.

read -> :class:`RawItem` (or :class:`Rejection`)
clean -> :class:`Article` (body, title, outlet, dateline, date, language)
annotate -> :class:`Annotation` (sentences, entity spans from a language backend)
extract -> :class:`Entity`, :class:`Quote`, :class:`Figure`, :class:`Event`
store -> :class:`Document`, whose :meth:`Document.to_contract` is the public export shape
(``presswatch.document/1``, see ``docs/contract.md``).

Offsets are always Python string indices into ``Article.text`` / ``Document.text``,
end exclusive.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from presswatch.extract.namekeys import nominative_forms

SCHEMA_ID = "presswatch.document/1"

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "EVENT", "FAC", "NORP", "OTHER"]
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "EVENT", "FAC", "NORP", "OTHER")
QuoteKind = Literal["direct", "indirect", "transcript"]
FigureKind = Literal["actual", "forecast", "target", "other"]


@dataclass(frozen=True, slots=True)
class RawItem:
    """One input item as a reader found it, decoded to text but otherwise untouched.

    ``group`` names the collection the item belongs to (a folder, a feed, an archive):
    corpus-level checks such as repeated boilerplate lines and placeholder dates are
    made within a group. ``meta`` carries what a structured format already knows
    (``title``, ``published``, ``url``, ``outlet``...); cleaning prefers it over guesses.
    """

    source: str
    text: str
    group: str = ""
    encoding: str | None = None
    meta: Mapping[str, str] = field(default_factory=dict)
    # Repairs the reader made (stray NUL bytes removed, lines decoded one by one...):
    # they become warnings of the stored document.
    warnings: tuple[str, ...] = ()
    _content_id: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def content_id(self) -> str:
        """The id of the content (computed once: hashing a 10 MB page takes a second)."""
        if self._content_id is None:
            object.__setattr__(self, "_content_id", content_id(self.text))
        return self._content_id  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input item that could not be taken, and why. Rejections are stored, never raised."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str | None = None
    date: str | None = None  # YYYY-MM-DD, or --MM-DD when the year is unknown


@dataclass(slots=True)
class Article:
    """A cleaned article: body text without boilerplate and the metadata found around it."""

    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    dateline: Dateline | None = None
    published: str | None = None
    published_evidence: str | None = None
    language: str = "und"
    warnings: list[str] = field(default_factory=list)
    group: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled span found by a language backend (entity, sentence...)."""

    start: int
    end: int
    label: str
    text: str
    normal: str | None = None  # normal (nominative, lemmatised) form where the backend gives one


@dataclass(slots=True)
class Annotation:
    """What a language backend found in one text.

    ``native`` keeps the backend's own document (a spaCy ``Doc``, a natasha ``Doc``) so that
    later extractors (quotes, figures, events) can use its syntax without parsing twice.
    ``tokens`` caches ``(native, token view)`` for :func:`presswatch.nlp.tokens.token_view`.
    """

    language: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)
    native: Any = None
    tokens: tuple[Any, list[Any]] | None = field(default=None, repr=False, compare=False)


# How the evidence of a description mention starts (extract/identity.py writes it).
DESCRIPTION_EVIDENCE = "description '"


@dataclass(slots=True)
class Entity:
    """One identity as one document mentions it.

    ``mentions`` are the spans that name or describe it (names, surnames, initials, and
    descriptions the text ties to it, such as "the head of state"); ``evidence`` runs
    parallel to ``mentions`` and says why each belongs (the rule and the phrase that
    established it). ``roles`` are the titles the text gives it, with ``role_spans``
    parallel. ``aliases`` are the name forms seen (surface and normal forms), the input of
    cross-document identity; ``resolution`` says how the database-wide ``id`` was chosen.
    """

    id: str
    name: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    role_spans: list[tuple[int, int]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    resolution: str | None = None
    # Every name the database knows for this identity, in any script (filled when a stored
    # document is read back; the export's ``aliases``). Empty: the document's own forms.
    known_as: list[str] = field(default_factory=list, compare=False)
    # Where the headline names it: [start, end) in the document's ``title`` (the title is
    # not part of ``text``; see :mod:`presswatch.extract.headline`). An entity only the
    # headline names has these and no ``mentions``.
    title_mentions: list[tuple[int, int]] = field(default_factory=list)

    def is_description(self, index: int) -> bool:
        """Whether mention ``index`` is a description ("the head of state") the text ties
        to this entity, rather than a name."""
        return index < len(self.evidence) and self.evidence[index].startswith(
            DESCRIPTION_EVIDENCE)

    def to_contract(self) -> dict[str, Any]:
        """The export shape: ``mentions`` are the spans that name the entity; the
        descriptions resolved to it ("the Belarusian leader") are ``descriptions``, so a
        title or a role is never a name span. ``title_mentions`` (when the headline names
        it) are offsets into the document's ``title``."""
        forms = self.known_as or self.aliases
        names: list[list[int]] = []
        descriptions: list[list[int]] = []
        for k, (s, e) in enumerate(self.mentions):
            (descriptions if self.is_description(k) else names).append([s, e])
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "roles": list(self.roles),
            "mentions": names,
            "aliases": [a for a in nominative_forms(list(dict.fromkeys(forms)))
                        if a != self.name],
        }
        if descriptions:
            out["descriptions"] = descriptions
        if self.title_mentions:
            out["title_mentions"] = [[s, e] for s, e in self.title_mentions]
        return out


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None
    kind: str
    speaker_id: str | None = None
    cue: str | None = None
    # The source as the text names it, named entity or not ("the head of state", "a senior
    # official"), and where ([start, end) in the text); None when the text names none.
    speaker_text: str | None = None
    speaker_span: tuple[int, int] | None = None

    def to_contract(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "cue": self.cue,
            "kind": self.kind,
            "speaker_text": self.speaker_text,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
        }


@dataclass(slots=True)
class Figure:
    text: str
    start: int
    end: int
    value: float
    unit: str
    metric: str | None = None
    period: str | None = None
    claimant: str | None = None
    kind: str = "actual"
    claimant_id: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "unit": self.unit,
            "metric": self.metric,
            "period": self.period,
            "claimant": self.claimant,
            "kind": self.kind,
            "value_max": None,
            "change": None,
            "quantity": None,
            "claimant_id": self.claimant_id,
        }


@dataclass(slots=True)
class FigureDetail(Figure):
    """A :class:`Figure` with the details the public contract has no field for."""

    qualifier: str | None = None  # the qualifier words as written: "more than", "около"
    # "=" (as stated), "~" (about), ">" (more than), "<" (up to), "up", "down", "reached"
    # (the level after a movement or "reached": "rose 6.5% to 164p", "reached $40 billion")
    change: str = "="
    upper: float | None = None  # upper bound of a range; value is the lower bound
    noun: str | None = None  # the counted noun or the unit as written ("companies", "mph")

    def to_contract(self) -> dict[str, Any]:
        record = Figure.to_contract(self)
        record["value_max"] = self.upper
        # The contract's change is a movement (up, down) or a level reached ("="); the
        # qualifiers "about", "more than", "up to" are no change, so they export as null.
        record["change"] = CONTRACT_CHANGES.get(self.change)
        # The counted noun for counts and unit words; money and percentages have none.
        record["quantity"] = self.noun if self.noun and not _is_code_unit(self.unit) else None
        return record


# FigureDetail.change -> the contract's ``change``: movements, and a level reached ("reached
# $40 billion", change "reached") as "="; every other value exports as null.
CONTRACT_CHANGES = {"up": "up", "down": "down", "reached": "="}


def _is_code_unit(unit: str) -> bool:
    """Money (ISO 4217 codes) and percent carry no counted noun."""
    return unit == "percent" or (len(unit) == 3 and unit.isupper())


@dataclass(slots=True)
class Event:
    type: str
    participants: list[str]
    start: int
    end: int
    place: str | None = None
    date: str | None = None
    # Entity ids of the participants, in the order of ``participants``.
    participant_ids: list[str] = field(default_factory=list)
    # True when the text announces the event, False when it reports it; None: unknown.
    planned: bool | None = None

    def to_contract(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "participants": list(self.participants),
            "place": self.place,
            "date": self.date,
            "start": self.start,
            "end": self.end,
            "participant_ids": list(self.participant_ids),
            "planned": self.planned,
        }


@dataclass(slots=True)
class Document:
    """A stored document: the cleaned article plus everything extracted from it."""

    id: str
    source: str
    text: str
    language: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    dateline: Dateline | None = None
    duplicate_of: str | None = None
    warnings: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    group: str = ""
    # The date the article itself states, kept apart from ``published`` because a
    # corpus-level check may withdraw it (a placeholder date) and later reinstate it.
    stated_date: str | None = None
    stated_evidence: str | None = None

    @property
    def text_hash(self) -> str:
        return content_id(self.text)

    def to_contract(self) -> dict[str, Any]:
        """The public export shape, ``presswatch.document/1``."""
        return {
            "schema": SCHEMA_ID,
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "language": self.language,
            "title": self.title,
            "published": self.published,
            "published_evidence": self.published_evidence,
            "dateline": (
                {"place": self.dateline.place, "date": self.dateline.date}
                if self.dateline
                else None
            ),
            "duplicate_of": self.duplicate_of,
            "warnings": list(self.warnings),
            "text": self.text,
            "entities": [e.to_contract() for e in self.entities],
            "quotes": [q.to_contract() for q in self.quotes],
            "figures": [f.to_contract() for f in self.figures],
            "events": [e.to_contract() for e in self.events],
        }


_SPACES = re.compile(r"\s+")


def normalise_content(text: str) -> str:
    """Content as identity sees it: NFC, whitespace collapsed, no BOM, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\ufeff", "")).strip()


def content_id(text: str) -> str:
    """Stable 16-hex id of normalised content: the same text always gets the same id."""
    return hashlib.blake2b(normalise_content(text).encode("utf-8"), digest_size=8).hexdigest()
