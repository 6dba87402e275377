"""Event records: one document-level event with its mentions merged
(:class:`EventRecord`), the mention it is built from, the merging rule and the
planned-event test the cross-document join shares (see :mod:`presswatch.extract.events`,
"One event, many mentions" and "Status")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from presswatch.model import Entity, Event

EVENT_TYPES: tuple[str, ...] = (
    "meeting", "talks", "visit", "phone_call", "appointment", "dismissal", "forum",
    "press_conference", "address", "agreement",
)


def type_family(type_: str) -> str:
    """Types that name the same happening in different words: a meeting is often called
    talks in the next sentence."""
    return "meeting" if type_ in ("meeting", "talks") else type_


PLANNED_SENTENCE = re.compile(
    r"(?i)\b(?:will|shall|is to|are to|is due to|are due to|plans? to|planned|scheduled"
    r"|upcoming|forthcoming|is expected to|are expected to)\b"
    r"|(?<![\w-])(?:состоится|состоятся|пройд[её]т|пройдут|планиру\w*|намерен\w*"
    r"|предстоящ\w*|предстоит|запланирован\w*|встретится|встретятся|посетит|посетят"
    r"|прибудет|прибудут|проведут|проведет|проведёт|подпишут|подпишет)(?![\w-])")


@dataclass(slots=True)
class EventRecord:
    """One document-level event: its mentions merged. ``participants`` keeps the
    entities themselves, so that names read at :meth:`to_event` time follow a later
    renaming by the identity index."""

    type: str
    participants: list[Entity]
    start: int
    end: int
    place: str | None = None
    date: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    trigger: str = ""
    explicit_place: bool = False  # the place came from an argument, not the dateline
    status: str = "happened"  # or "planned": announced, future tense or a plan

    def participant_names(self) -> list[str]:
        return list(dict.fromkeys(e.name for e in self.participants))

    def participant_ids(self) -> list[str]:
        return list(dict.fromkeys(e.id for e in self.participants))

    def to_event(self) -> Event:
        # names and ids pair up: one entry per distinct entity, in mention order
        unique = list({e.id: e for e in self.participants}.values())
        return Event(type=self.type, participants=[e.name for e in unique], start=self.start,
                     end=self.end, place=self.place, date=self.date,
                     participant_ids=[e.id for e in unique],
                     planned=self.status == "planned")


@dataclass(slots=True)
class Mention:
    type: str
    participants: list[Entity]
    start: int
    end: int
    place: str | None
    date: str | None
    trigger: str
    explicit_place: bool
    status: str = "happened"
    # named by an event noun of a clause ("spoke at the forum"), not a verb nor a noun's
    # modifier ("the senate of the congress")
    trigger_noun: bool = False


def inherit_places(mentions: list[Mention]) -> None:
    """"Golovchenko arrived in Moscow on May 24 ... On the same day he met Mishustin": an
    event without a place of its own, after a visit with a stated place by one of its
    participants on the same date (both undated counts), took place there."""
    for k, m in enumerate(mentions):
        if m.explicit_place or m.type == "visit" or m.status != "happened":
            continue
        ids = {e.id for e in m.participants}
        for v in reversed(mentions[:k]):
            if v.type == "visit" and v.explicit_place and v.status == "happened" and \
                    ids & {e.id for e in v.participants} and v.date == m.date:
                m.place, m.explicit_place = v.place, True
                break


# Gatherings that are events without a participant named: "the conference will be held
# online", "at a briefing".
GATHERINGS = frozenset({"forum", "press_conference"})


def merge(mentions: Sequence[Mention]) -> list[EventRecord]:
    """Mentions with participants merge as the module says; then a gathering named
    without its people ("the forum opened") joins the document's event of its type (any
    date: the forum's days), or stands alone."""
    records = _merge_named([m for m in mentions if m.participants])
    for m in mentions:
        if m.participants:
            continue
        same = [r for r in records if r.type == m.type and r.status == m.status]
        if same:
            if (m.start, m.end) not in same[0].mentions:
                same[0].mentions.append((m.start, m.end))
            continue
        records.append(EventRecord(m.type, [], m.start, m.end, m.place, m.date,
                                   [(m.start, m.end)], m.trigger, m.explicit_place, m.status))
    records.sort(key=lambda r: r.start)
    return records


def _merge_named(mentions: Sequence[Mention]) -> list[EventRecord]:
    records: list[EventRecord] = []
    for m in mentions:
        target = None
        ids = {e.id for e in m.participants}
        for r in records:
            if type_family(r.type) != type_family(m.type) or r.status != m.status:
                continue  # an announced meeting is not the one that took place
            have = {e.id for e in r.participants}
            if not ids & have or not (ids <= have or have <= ids):
                # "Tokayev received Rudenko ... Rudenko also held consultations with
                # Vassilenko": each side has someone the other lacks, two events.
                continue
            if r.date and m.date and r.date != m.date:
                continue
            target = r
            break
        if target is None:
            records.append(EventRecord(m.type, list(m.participants), m.start, m.end,
                                       m.place, m.date, [(m.start, m.end)], m.trigger,
                                       m.explicit_place, m.status))
            continue
        if (m.start, m.end) not in target.mentions:
            target.mentions.append((m.start, m.end))
        target.participants += [e for e in m.participants if e not in target.participants]
        if m.explicit_place and not target.explicit_place:
            target.place, target.explicit_place = m.place, True
        target.date = target.date or m.date
    return records


def planned_evidence(sentence: str) -> bool:
    """Whether an evidence sentence announces rather than reports (future tense or a plan
    word): the cross-document join's view of an event's status, where the parse is gone."""
    return bool(PLANNED_SENTENCE.search(sentence))
