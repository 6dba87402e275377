"""Who met whom, where and when: events of one document (English and Russian).

``extract_events(text, annotation, people, published, dateline_date, dateline_place)``
reads the backend's dependency tree (a spaCy ``Doc`` or a natasha ``Doc``, both turned
into one small token view, :class:`Tok`) and the document's identities through the same
:class:`~presswatch.extract.quotes.EntityLookup` the quote extractor uses.

Types: ``meeting``, ``talks``, ``visit``, ``phone_call``, ``appointment``, ``dismissal``,
``forum``, ``press_conference``, ``address``, ``agreement``.

**Triggers** come from the syntax, not from a bag of words:

* a *verb* with its own arguments: ``met``, ``negotiated``, ``visited``, ``arrived in``,
  ``was appointed``, ``was dismissed``, ``signed`` (an agreement-like object or none),
  ``phoned``, ``addressed``; ``встретился``, ``посетил``, ``прибыл``, ``назначен``,
  ``освобождён``, ``подписали``, ``созвонились``, ``обратился``;
* an *event noun* (``talks``, ``negotiations``, ``meeting``, ``visit``, ``phone call``,
  ``telephone conversation``, ``forum``, ``press conference``, ``video address``,
  ``переговоры``, ``встреча``, ``визит``, ``телефонный разговор``, ``форум``,
  ``пресс-конференция``, ``видеообращение``...) with the arguments of the noun (``talks
  between A and B``, ``переговоры Путина с Токаевым``, ``A's visit``) and of the verb it
  hangs from (``A held talks with B``, ``A провёл переговоры с B``, ``A spoke during a
  meeting with B``). Agreement nouns are events only under a signing verb or noun.

**Participants** are the subject (with its conjuncts), the object of meeting, visiting,
appointing and dismissing verbs, ``with``/``between``/``с``/``между`` arguments and the
possessor/genitive of the noun, the agent of a passive (``appointed by``). Each argument
is resolved through the lookup: a name or a description the identity stage tied to a
person gives that entity; a title phrase with a name inside (``his counterpart Alexander
Lukashenko``, ``head of Sakha Republic Aisen Nikolaev``) gives the name's entity; a
pronoun is resolved as an anaphor. Only PERSON and ORG entities take part; an argument
that resolves to nothing (an unknown title, a bare pronoun) is left out, and an event
without any participant is dropped. Delegation lists (``The Russian delegation includes
A, B and C``, ``В состав делегации вошли ...``) add their people to the nearest meeting,
talks, visit or forum of the document.

**Place**: a location argument of the trigger or its verb (``in Minsk``, ``в Минске``,
the object of ``visited``/``посетил``), the entity's canonical name. A facility (``the
Palace of Independence``) is kept as the place as written: the city is not appended (a
facility name is more specific and stays joinable across documents). Without a place
argument the dateline place is used.

**Date** (ISO ``YYYY-MM-DD`` or ``None``): the date expression of the sentence nearest the
trigger: a full date as written; a month and day without a year from the anchor (the
publication date, else a dated dateline): the most recent occurrence on or before the
anchor for a past-tense event, the next one on or after it for a future one, the nearest
otherwise; ``today``/``сегодня``, ``yesterday``/``вчера``, ``tomorrow``/``завтра`` and
weekdays (``on Tuesday``, ``во вторник``) relative to the anchor likewise. A sentence
with only a year or a relative period (``in 2016``, ``last year``) gives ``None``. A
sentence without any date expression takes the dateline date (when the article has one
with a known year); otherwise ``None``: no guess.

**One event, many mentions**: mentions of one document with the same type (meeting and
talks count as one family) and overlapping participants, and no conflicting dates, are
merged into one :class:`EventRecord`: the first mention's span is the event's
``start``/``end``, all spans are in ``mentions``, participants are the union, place and
date the first known. ``Event.start``/``end`` is the evidence sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from presswatch.clean.dates import find_date
from presswatch.extract.quotes import EntityLookup
from presswatch.model import Annotation, Entity, Event

__all__ = [
    "EVENT_TYPES",
    "EventRecord",
    "extract_event_records",
    "extract_events",
    "type_family",
]

EVENT_TYPES: tuple[str, ...] = (
    "meeting", "talks", "visit", "phone_call", "appointment", "dismissal", "forum",
    "press_conference", "address", "agreement",
)
PARTICIPANT_TYPES = frozenset({"PERSON", "ORG"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


def type_family(type_: str) -> str:
    """Types that name the same happening in different words: a meeting is often called
    talks in the next sentence."""
    return "meeting" if type_ in ("meeting", "talks") else type_


# --- token view ----------------------------------------------------------------------


@dataclass(slots=True)
class Tok:
    i: int
    start: int
    end: int
    text: str
    lower: str
    lemma: str
    pos: str
    dep: str
    head: int
    sent: int
    tense: str  # "past", "fut", "pres" or ""
    children: list[int] = field(default_factory=list)


def _tokens(annotation: Annotation) -> list[Tok]:
    doc = annotation.native
    toks: list[Tok] = []
    if doc is None:
        return toks
    if hasattr(doc, "tokens"):  # natasha
        raw = list(doc.tokens or [])
        index = {str(t.id): n for n, t in enumerate(raw)}
        for n, t in enumerate(raw):
            sid = str(t.id).split("_")[0]
            head = index.get(str(getattr(t, "head_id", "") or ""), n)
            feats = t.feats or {}
            tense = {"Past": "past", "Fut": "fut", "Pres": "pres"}.get(feats.get("Tense", ""), "")
            if not tense and feats.get("VerbForm") == "Part" and feats.get("Variant") == "Short":
                tense = "past"  # назначен
            low = t.text.lower().replace("ё", "е")
            toks.append(Tok(n, t.start, t.stop, t.text, low, low, t.pos or "",
                            (t.rel or "").lower(), head, int(sid) if sid.isdigit() else 0,
                            tense))
    else:  # spaCy
        sent_of: dict[int, int] = {}
        for k, sent in enumerate(doc.sents):
            for t in sent:
                sent_of[t.i] = k
        for t in doc:
            tag = t.tag_
            tense = "past" if tag in ("VBD", "VBN") else "pres" if tag in ("VBZ", "VBP") else ""
            toks.append(Tok(t.i, t.idx, t.idx + len(t.text), t.text, t.lower_,
                            t.lemma_.lower(), t.pos_, t.dep_.lower(), t.head.i,
                            sent_of.get(t.i, 0), tense))
    for t in toks:
        if t.head != t.i:
            toks[t.head].children.append(t.i)
    return toks


# --- lexicons ------------------------------------------------------------------------

EN_VERBS: dict[str, str] = {
    "meet": "meeting", "negotiate": "talks", "visit": "visit", "arrive": "visit",
    "appoint": "appointment", "nominate": "appointment", "dismiss": "dismissal",
    "sack": "dismissal", "fire": "dismissal", "relieve": "dismissal", "oust": "dismissal",
    "sign": "agreement", "phone": "phone_call", "telephone": "phone_call",
    "address": "address",
}
EN_NOUNS: dict[str, str] = {
    "talk": "talks", "talks": "talks", "negotiation": "talks", "negotiations": "talks",
    "meeting": "meeting", "summit": "meeting", "visit": "visit", "trip": "visit",
    "forum": "forum", "conference": "press_conference", "briefing": "press_conference",
    "address": "address", "appeal": "address", "appointment": "appointment",
    "dismissal": "dismissal", "call": "phone_call", "conversation": "phone_call",
}
EN_AGREEMENTS = frozenset({"agreement", "memorandum", "treaty", "accord", "contract", "deal",
                           "protocol", "declaration", "roadmap", "charter", "package"})
EN_TITLES = frozenset({
    "president", "leader", "minister", "head", "chairman", "chairwoman", "chair", "governor",
    "ambassador", "spokesman", "secretary", "director", "chief", "official", "mayor",
    "premier", "chancellor", "counterpart", "deputy", "speaker", "envoy", "representative",
    "colleague", "delegation", "commander", "general", "manager", "executive", "founder",
})
EN_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "they", "them", "their"})
# "Mr", "the two leaders" etc. never become participants on their own.

RU_VERBS: tuple[tuple[str, str], ...] = (
    ("встрет", "meeting"), ("встреча", "meeting"), ("провел переговор", "talks"),
    ("посет", "visit"), ("посещ", "visit"), ("прибыл", "visit"), ("приехал", "visit"),
    ("прибуд", "visit"), ("приед", "visit"),
    ("назнач", "appointment"), ("освобожд", "dismissal"), ("освобод", "dismissal"),
    ("уволен", "dismissal"), ("уволил", "dismissal"), ("отстран", "dismissal"),
    ("подпис", "agreement"), ("созвон", "phone_call"), ("обратил", "address"),
    ("обратит", "address"),
)
RU_NOUNS: tuple[tuple[str, str], ...] = (
    ("переговор", "talks"), ("встреч", "meeting"), ("саммит", "meeting"),
    ("визит", "visit"), ("посещени", "visit"), ("поездк", "visit"),
    ("форум", "forum"), ("пресс-конференц", "press_conference"),
    ("брифинг", "press_conference"), ("видеообращени", "address"),
    ("обращени", "address"), ("послани", "address"), ("назначени", "appointment"),
    ("отставк", "dismissal"), ("освобождени", "dismissal"), ("разговор", "phone_call"),
    ("бесед", "phone_call"), ("подписани", "agreement"),
)
RU_AGREEMENTS = ("соглашени", "договор", "меморандум", "контракт", "протокол",
                 "декларац", "дорожн", "документ", "пакет")
RU_TITLES = (
    "президент", "лидер", "министр", "глав", "председател", "губернатор", "посол",
    "премьер", "директор", "руководител", "замминистр", "заместител", "спикер", "мэр",
    "представител", "секретар", "коллег", "собеседник", "делегаци", "гендиректор",
)
RU_PRONOUNS = frozenset({"он", "она", "они", "его", "ее", "их", "ним", "ней", "нему", "ей",
                         "им", "него", "нее"})
LIGHT_NOUN_ONLY = frozenset({"phone_call"})  # "conversation" needs a phone modifier

_PHONE = re.compile(r"(?i)^(?:phone|telephone|телефонн\w*|по|телефону|video|видео)$")
_BUILDING = re.compile(
    r"(?i)\b(?:palace|house|hall|cent(?:re|er)|residence|kremlin|office|plant|factory"
    r"|дворц|двор[её]ц|дом|зал|центр|резиденц|кремл|завод|комбинат|офис)")
_PREP_PLACE_EN = frozenset({"in", "at", "to", "inside"})
_PREP_PLACE_RU = frozenset({"в", "во", "на"})
_PREP_WITH = frozenset({"with", "between", "among", "and", "с", "со", "между"})

# --- dates ---------------------------------------------------------------------------

_REL_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "сегодня": 0, "вчера": -1,
            "завтра": 1, "позавчера": -2}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3,
    "пятницу": 4, "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6,
}
_REL_RE = re.compile(
    r"(?i)(?<![\w-])(" + "|".join(list(_REL_DAY) + list(_WEEKDAYS)) + r")(?![\w-])")
_VAGUE_DATE = re.compile(
    r"(?i)(?<![\d.\-/])(?:19[5-9]\d|20\d\d)(?![\d.\-/])|\blast (?:year|month|week)\b"
    r"|\bnext (?:year|month|week)\b|\b(?:прошлом|следующем|этом|текущем) (?:году|месяце)"
    r"|\b(?:прошлой|следующей|этой) неделе")
_FUTURE_EN = frozenset({"will", "shall", "'ll"})


def _iso_day(value: str | None) -> dt.date | None:
    if value and re.match(r"\d{4}-\d\d-\d\d", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _resolve_md(month: int, day: int, anchor: dt.date, tense: str) -> str | None:
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        return None
    if tense == "past":
        past = [d for d in options if d <= anchor]
        return max(past).isoformat() if past else None
    if tense == "fut":
        future = [d for d in options if d >= anchor]
        return min(future).isoformat() if future else None
    return min(options, key=lambda d: abs((d - anchor).days)).isoformat()


def _weekday(target: int, anchor: dt.date, tense: str) -> dt.date:
    back = (anchor.weekday() - target) % 7
    if tense == "fut":
        return anchor + dt.timedelta(days=(target - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=back)


def _dates_in(sentence: str) -> list[tuple[int, int, Any]]:
    """Date expressions of a sentence: (start, end, DateParts or relative word)."""
    out: list[tuple[int, int, Any]] = []
    pos = 0
    while pos < len(sentence):
        found = find_date(sentence[pos:])
        if found is None:
            break
        parts, s, e = found
        out.append((pos + s, pos + e, parts))
        pos += max(e, s + 1)
    taken = [(s, e) for s, e, _ in out]
    for m in _REL_RE.finditer(sentence):
        if not any(s <= m.start() < e for s, e in taken):
            out.append((m.start(), m.end(), m.group(1).lower()))
    return out


# --- the extractor -------------------------------------------------------------------


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

    def participant_names(self) -> list[str]:
        return list(dict.fromkeys(e.name for e in self.participants))

    def participant_ids(self) -> list[str]:
        return list(dict.fromkeys(e.id for e in self.participants))

    def to_event(self) -> Event:
        return Event(type=self.type, participants=self.participant_names(), start=self.start,
                     end=self.end, place=self.place, date=self.date)


class _Ctx:
    def __init__(self, text: str, annotation: Annotation, people: EntityLookup,
                 anchor: dt.date | None, dateline_date: str | None,
                 dateline_place: str | None) -> None:
        self.text = text
        self.ru = annotation.language == "ru" or hasattr(annotation.native, "tokens")
        self.toks = _tokens(annotation)
        self.people = people
        self.anchor = anchor
        self.dateline_date = dateline_date
        self.dateline_place = dateline_place
        sents: dict[int, tuple[int, int]] = {}
        for t in self.toks:
            s, e = sents.get(t.sent, (t.start, t.end))
            sents[t.sent] = (min(s, t.start), max(e, t.end))
        self.sents = sents
        self._dates: dict[int, list[tuple[int, int, Any]]] = {}
        self.roles = sorted(
            (s, e, ent) for ent in people.entities if ent.type == "PERSON"
            for s, e in getattr(ent, "role_spans", []) or [])
        self.last: list[Entity] = []  # participants of the previous mention

    # -- helpers --
    def kids(self, t: Tok, *deps: str) -> list[Tok]:
        return [self.toks[c] for c in t.children
                if not deps or self.toks[c].dep in deps or self.toks[c].dep.split(":")[0] in deps]

    def case_word(self, t: Tok) -> str:
        """The preposition of a nominal: natasha 'case' child, spaCy 'prep' head."""
        if self.ru:
            for c in self.kids(t, "case"):
                return c.lower
            return ""
        head = self.toks[t.head]
        if t.dep == "pobj" and head.pos == "ADP":
            return head.lower
        return ""

    def conjuncts(self, t: Tok) -> list[Tok]:
        out, todo = [t], [t]
        while todo:
            cur = todo.pop()
            for c in self.kids(cur, "conj"):
                if c.pos in ("NOUN", "PROPN", "PRON", "X") and c not in out:
                    out.append(c)
                    todo.append(c)
        return out

    def is_title(self, t: Tok) -> bool:
        if self.ru:
            return t.lower.startswith(RU_TITLES)
        return t.lemma in EN_TITLES

    def role_holder(self, t: Tok) -> Entity | None:
        """The person whose role (a title the identity stage read) covers ``t``."""
        for s, e, ent in self.roles:
            if s <= t.start < e:
                return ent
        return None

    def _person_at(self, t: Tok) -> Entity | None:
        e = self.people.entity_at(t.start, t.end)
        return e if e is not None and e.type == "PERSON" else None

    def entities_for(self, t: Tok, orgs: bool = True) -> list[Entity]:
        """The participants an argument token stands for (none, one, or the names in
        apposition to one title phrase). Organisations only where ``orgs`` (subjects and
        with-arguments; an object is a person: "appointed X head of <ORG>")."""
        ent = self.people.entity_at(t.start, t.end)
        if ent is not None and (ent.type == "PERSON" or (orgs and ent.type == "ORG")):
            return [ent]
        title = self.is_title(t)
        if ent is not None and not title:
            return []
        low = t.lower
        if t.pos == "PRON" or low in EN_PRONOUNS or low in RU_PRONOUNS:
            if low in ("they", "them", "their", "они", "их", "им") and self.last:
                return list(self.last)
            if low in EN_PRONOUNS or low in RU_PRONOUNS:
                e2 = self.people.resolve_pronoun(t.start)
                return [e2] if e2 is not None and e2.type in PARTICIPANT_TYPES else []
            return []
        if low in ("sides", "parties", "leaders", "стороны", "сторон", "лидеры"):
            return list(self.last)
        # Names inside the phrase: in apposition or as a compound/flat part ("counterpart
        # Alexander Lukashenko", "Министр ... Николай Белов", "head of X Aisen Nikolaev").
        found: list[Entity] = []
        todo, depth = [t], 0
        while todo and depth < 4:
            depth += 1
            nxt: list[Tok] = []
            for cur in todo:
                for c in self.kids(cur, "appos", "flat", "compound", "nmod", "prep", "pobj"):
                    if c.dep == "prep" and c.lower not in ("of",):
                        continue
                    e2 = self._person_at(c)
                    if e2 is not None:
                        if e2 not in found:
                            found.append(e2)
                        continue
                    nxt.append(c)
            if found:
                break
            todo = nxt
        if found:
            return found
        if title:
            holder = self.role_holder(t)
            if holder is not None:
                return [holder]
        return []

    def args(self, t: Tok, orgs: bool = True) -> list[Entity]:
        out: list[Entity] = []
        for c in self.conjuncts(t):
            for e in self.entities_for(c, orgs):
                if e not in out:
                    out.append(e)
        return out

    def place_of(self, t: Tok) -> str | None:
        ent = self.people.entity_at(t.start, t.end)
        if ent is not None and (ent.type in PLACE_TYPES or (
                ent.type == "ORG" and _BUILDING.search(ent.name))):
            return ent.name
        if ent is None and not self.ru and t.pos == "PROPN":
            words = [self.toks[c] for c in t.children if self.toks[c].dep == "compound"]
            parts = sorted([*words, t], key=lambda x: x.i)
            return self.text[parts[0].start:parts[-1].end]
        return None

    def dates(self, sent: int) -> list[tuple[int, int, Any]]:
        if sent not in self._dates:
            s, e = self.sents[sent]
            self._dates[sent] = [(s + a, s + b, v) for a, b, v in _dates_in(self.text[s:e])]
        return self._dates[sent]


def _tense(ctx: _Ctx, verb: Tok | None) -> str:
    if verb is None:
        return ""
    if ctx.ru:
        for c in [verb, *ctx.kids(verb, "aux", "aux:pass", "cop")]:
            if c.tense:
                return c.tense
        # "будет подписан", "планируется провести"
        if any(c.lower.startswith("буд") for c in ctx.kids(verb)):
            return "fut"
        return ""
    auxes = ctx.kids(verb, "aux", "auxpass")
    if any(a.lower in _FUTURE_EN for a in auxes):
        return "fut"
    if any(a.lemma == "have" or a.lower in ("was", "were", "did") for a in auxes):
        return "past"
    if verb.tense == "past" and not auxes:
        return "past"
    if verb.dep == "xcomp" and verb.head != verb.i:
        return _tense(ctx, ctx.toks[verb.head])
    return verb.tense if verb.tense == "pres" else ""


def _date(ctx: _Ctx, trig: Tok, verb: Tok | None) -> str | None:
    sent = trig.sent
    found = ctx.dates(sent)
    tense = _tense(ctx, verb)
    if found:
        _s0, _e0, value = min(found, key=lambda d: abs(d[0] - trig.start))
        if isinstance(value, str):
            if ctx.anchor is None:
                return None
            if value in _REL_DAY:
                return (ctx.anchor + dt.timedelta(days=_REL_DAY[value])).isoformat()
            return _weekday(_WEEKDAYS[value], ctx.anchor, tense).isoformat()
        if value.year is not None:
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        if ctx.anchor is None:
            return None
        return _resolve_md(value.month, value.day, ctx.anchor, tense)
    s, e = ctx.sents[sent]
    if _VAGUE_DATE.search(ctx.text[s:e]):
        return None
    return ctx.dateline_date


def _governor(ctx: _Ctx, t: Tok) -> Tok | None:
    """The verb an event noun hangs from (through prepositions and conjuncts)."""
    cur, seen = t, 0
    while cur.head != cur.i and seen < 6:
        seen += 1
        cur = ctx.toks[cur.head]
        if cur.pos in ("VERB", "AUX"):
            return cur
        if cur.pos not in ("ADP", "NOUN", "PROPN") and cur.dep not in ("prep",):
            return None
        if cur.pos in ("NOUN", "PROPN") and ctx.text[t.end:cur.start].count(",") > 1:
            return None
    return None


def _noun_type(ctx: _Ctx, t: Tok) -> str | None:
    if t.pos not in ("NOUN", "PROPN"):
        return None
    if ctx.ru:
        low = t.lower
        for stem, type_ in RU_NOUNS:
            if low.startswith(stem):
                if type_ == "phone_call" and not any(
                        _PHONE.match(c.lower) for c in ctx.kids(t, "amod", "nmod")):
                    return None
                if type_ == "press_conference" and stem == "брифинг":
                    return type_
                return type_
        if low.startswith("пресс") and "конференц" in low:
            return "press_conference"
        return None
    lemma = t.lemma
    type_ = EN_NOUNS.get(lemma) or EN_NOUNS.get(t.lower)
    if type_ is None:
        return None
    mods = {c.lower for c in ctx.kids(t, "compound", "amod")}
    if type_ == "phone_call" and not mods & {"phone", "telephone", "video", "conference"}:
        return None
    if lemma == "conference" and not mods & {"press", "news"}:
        return "forum" if mods else None
    if lemma == "talk" and t.lower != "talks":
        return None
    if lemma in ("address", "appeal") and not (mods & {"video", "televised", "annual"}
                                                or t.dep in ("dobj", "pobj")):
        return None
    return type_


def _verb_type(ctx: _Ctx, t: Tok) -> str | None:
    if t.pos not in ("VERB", "AUX") and not (ctx.ru and t.pos == "ADJ" and t.tense):
        return None
    if ctx.ru:
        low = t.lower
        for stem, type_ in RU_VERBS:
            if " " in stem:
                continue
            if low.startswith(stem):
                if type_ == "agreement" and not _has_agreement_obj(ctx, t):
                    return None
                if type_ == "address" and not any(c.lower in ("к",) for o in ctx.kids(t, "obl")
                                                   for c in ctx.kids(o, "case")):
                    return None
                if type_ == "visit" and stem in ("прибыл", "приехал", "прибуд", "приед") and \
                        not _has_place_arg(ctx, t):
                    return None
                if type_ == "dismissal" and stem.startswith("освобо") and not any(
                        o.lower.startswith("должност") or o.lower.startswith("пост")
                        for o in ctx.kids(t, "obl", "nmod")):
                    return None
                return type_
        return None
    type_ = EN_VERBS.get(t.lemma)
    if type_ is None:
        if t.lemma in ("speak", "talk") and any(
                g.lower in ("phone", "telephone") for p in ctx.kids(t, "prep")
                for g in ctx.kids(p, "pobj")):
            return "phone_call"
        return None
    if type_ == "agreement" and not _has_agreement_obj(ctx, t):
        return None
    if type_ == "visit" and t.lemma == "arrive" and not _has_place_arg(ctx, t):
        return None
    if type_ == "dismissal" and t.lemma == "relieve" and not any(
            g.lower in ("duties", "post", "position") for p in ctx.kids(t, "prep")
            for g in ctx.kids(p, "pobj")):
        return None
    if t.lemma == "address" and not ctx.kids(t, "dobj"):
        return None
    if t.lemma in ("appoint", "nominate", "dismiss") and not (
            ctx.kids(t, "nsubjpass") or ctx.kids(t, "dobj")):
        return None
    return type_


def _has_agreement_obj(ctx: _Ctx, t: Tok) -> bool:
    objs = ctx.kids(t, "dobj", "obj", "nsubjpass", "nsubj:pass", "nsubj")
    if ctx.ru:
        return any(o.lower.startswith(RU_AGREEMENTS) for o in objs)
    return any(o.lemma in EN_AGREEMENTS for o in objs) or not objs


def _has_place_arg(ctx: _Ctx, t: Tok) -> bool:
    for c in ctx.kids(t, "prep", "obl"):
        targets = ctx.kids(c, "pobj") if not ctx.ru else [c]
        for g in targets:
            if ctx.case_word(g) in (_PREP_PLACE_RU | _PREP_PLACE_EN) and ctx.place_of(g):
                return True
    return False


@dataclass(slots=True)
class _Mention:
    type: str
    participants: list[Entity]
    start: int
    end: int
    place: str | None
    date: str | None
    trigger: str
    explicit_place: bool


def _with_args(ctx: _Ctx, head: Tok) -> tuple[list[Entity], str | None]:
    """Participants from with/between arguments and the place from in/at arguments."""
    people: list[Entity] = []
    place: str | None = None
    if ctx.ru:
        for c in ctx.kids(head, "obl", "nmod"):
            prep = ctx.case_word(c)
            if prep in _PREP_WITH:
                people += ctx.args(c)
            elif prep in _PREP_PLACE_RU and place is None:
                place = ctx.place_of(c)
        return people, place
    for p in ctx.kids(head, "prep", "agent"):
        for g in ctx.kids(p, "pobj"):
            if p.lower in _PREP_WITH or p.dep == "agent":
                people += ctx.args(g)
            elif p.lower in _PREP_PLACE_EN and place is None:
                place = ctx.place_of(g)
    return people, place


def _subjects(ctx: _Ctx, verb: Tok) -> list[Entity]:
    subs = ctx.kids(verb, "nsubj", "nsubjpass", "nsubj:pass")
    if not subs and verb.dep in ("conj", "xcomp", "advcl") and verb.head != verb.i:
        # "arrived in Minsk and met ..." / "agreed to meet"
        head = ctx.toks[verb.head]
        subs = ctx.kids(head, "nsubj", "nsubjpass", "nsubj:pass")
    out: list[Entity] = []
    for s in subs:
        for e in ctx.args(s):
            if e not in out:
                out.append(e)
    return out


def _mention_from_verb(ctx: _Ctx, v: Tok, type_: str) -> _Mention:
    people = _subjects(ctx, v)
    place: str | None = None
    if type_ in ("meeting", "appointment", "dismissal", "visit", "phone_call"):
        for o in ctx.kids(v, "dobj", "obj"):
            if type_ == "visit":
                ent = ctx.people.entity_at(o.start, o.end)
                if ent is not None and ent.type != "PERSON":
                    place = place or ent.name
                    continue
            for e in ctx.args(o, orgs=False):
                if e not in people:
                    people.append(e)
    if ctx.ru and type_ == "appointment":
        # "назначен указом Президента": the appointer
        for o in ctx.kids(v, "obl"):
            if o.lower.startswith(("указ", "решени", "распоряжени")):
                for n in ctx.kids(o, "nmod"):
                    people += [e for e in ctx.args(n) if e not in people]
    more, p2 = _with_args(ctx, v)
    people += [e for e in more if e not in people]
    place = place or p2
    return _finish(ctx, v, v, type_, people, place)


def _mention_from_noun(ctx: _Ctx, n: Tok, type_: str) -> _Mention | None:
    verb = _governor(ctx, n)
    if type_ == "agreement":
        return None
    people: list[Entity] = []
    place: str | None = None
    # The noun's own arguments.
    more, place = _with_args(ctx, n)
    people += more
    for c in ctx.kids(n, "poss", "nmod"):
        if ctx.ru and ctx.case_word(c):
            continue
        for e in ctx.args(c, orgs=False):
            if e.type == "PERSON" and e not in people:
                people.append(e)
    if not ctx.ru:
        for c in ctx.kids(n, "compound"):  # "Putin-Lukashenko talks"
            e = ctx.people.entity_at(c.start, c.end)
            if e is not None and e.type == "PERSON" and e not in people:
                people.append(e)
    if verb is not None:
        # The subject of the verb takes part: "A held talks", "A spoke at the forum",
        # but not when the event noun is itself the subject ("The talks ended").
        if n.dep not in ("nsubj", "nsubjpass", "nsubj:pass") and ctx.toks[n.head] is not n:
            people = [e for e in _subjects(ctx, verb) if e not in people] + people
        more, p2 = _with_args(ctx, verb)
        people += [e for e in more if e not in people]
        place = place or p2
        if ctx.ru and n.dep.startswith("nsubj"):  # "состоялись переговоры Путина с ..."
            pass
    return _finish(ctx, n, verb, type_, people, place)


def _finish(ctx: _Ctx, trig: Tok, verb: Tok | None, type_: str, people: list[Entity],
            place: str | None) -> _Mention:
    s, e = ctx.sents[trig.sent]
    explicit = place is not None
    if place is None and ctx.dateline_place:
        place = ctx.dateline_place
    return _Mention(type_, people, s, e, place, _date(ctx, trig, verb), trig.text, explicit)


_DELEGATION = re.compile(r"(?i)delegation|делегаци")
_INCLUDES = re.compile(r"(?i)\b(?:includ\w*|compris\w*|consist\w*|members?|led by|headed by"
                       r"|состав\w*|входят|вошли|входил\w*|возглав\w*|во главе)")


def _delegations(ctx: _Ctx, mentions: list[_Mention]) -> None:
    if not mentions:
        return
    joinable = [m for m in mentions if m.type in ("meeting", "talks", "visit", "forum")]
    if not joinable:
        return
    for sid, (s, e) in ctx.sents.items():
        sentence = ctx.text[s:e]
        if not (_DELEGATION.search(sentence) and _INCLUDES.search(sentence)):
            continue
        found: list[Entity] = []
        for t in ctx.toks:
            if t.sent != sid:
                continue
            ent = ctx.people.entity_at(t.start, t.end)
            if ent is not None and ent.type == "PERSON" and ent not in found:
                found.append(ent)
        if not found:
            continue
        before = [m for m in joinable if m.start <= s]
        target = before[-1] if before else joinable[0]
        target.participants += [x for x in found if x not in target.participants]


def _mentions(ctx: _Ctx) -> list[_Mention]:
    out: list[_Mention] = []
    done: set[int] = set()
    for t in ctx.toks:
        if t.i in done:
            continue
        vt = _verb_type(ctx, t)
        if vt is not None:
            m = _mention_from_verb(ctx, t, vt)
            if m.participants:
                ctx.last = list(m.participants)
            # A verb whose object is an event noun is handled by the noun ("held talks").
            done.update(c.i for c in ctx.kids(t, "dobj", "obj"))
            out.append(m)
            continue
        nt = _noun_type(ctx, t)
        if nt is None:
            continue
        head = ctx.toks[t.head]
        if head.i != t.i and _verb_type(ctx, head) is not None and t.dep in ("dobj", "obj"):
            continue
        m2 = _mention_from_noun(ctx, t, nt)
        if m2 is not None:
            out.append(m2)
            if m2.participants:
                ctx.last = list(m2.participants)
    _delegations(ctx, out)
    return [m for m in out if m.participants]


def _merge(mentions: Sequence[_Mention]) -> list[EventRecord]:
    records: list[EventRecord] = []
    for m in mentions:
        target = None
        ids = {e.id for e in m.participants}
        for r in records:
            if type_family(r.type) != type_family(m.type):
                continue
            if not ids & {e.id for e in r.participants}:
                continue
            if r.date and m.date and r.date != m.date:
                continue
            target = r
            break
        if target is None:
            records.append(EventRecord(m.type, list(m.participants), m.start, m.end,
                                       m.place, m.date, [(m.start, m.end)], m.trigger,
                                       m.explicit_place))
            continue
        if (m.start, m.end) not in target.mentions:
            target.mentions.append((m.start, m.end))
        target.participants += [e for e in m.participants if e not in target.participants]
        if m.explicit_place and not target.explicit_place:
            target.place, target.explicit_place = m.place, True
        target.date = target.date or m.date
    return records


def extract_event_records(
    text: str,
    annotation: Annotation,
    people: EntityLookup,
    published: str | None = None,
    dateline_date: str | None = None,
    dateline_place: str | None = None,
) -> list[EventRecord]:
    """Document-level events (mentions merged), participants as entities."""
    anchor = _iso_day(published) or _iso_day(dateline_date)
    dl_date = _iso_day(dateline_date)
    if dl_date is None and dateline_date and anchor is not None:
        m = re.match(r"--(\d\d)-(\d\d)$", dateline_date)
        if m:
            resolved = _resolve_md(int(m.group(1)), int(m.group(2)), anchor, "past")
            dl_date = _iso_day(resolved)
    place = _dateline_place(dateline_place)
    ctx = _Ctx(text, annotation, people, anchor, dl_date.isoformat() if dl_date else None,
               place)
    return _merge(_mentions(ctx))


def _dateline_place(place: str | None) -> str | None:
    if not place:
        return None
    place = place.strip(" ,.-–—")
    if place.isupper():
        place = "-".join(w.capitalize() for w in place.title().split("-"))
    return place or None


def extract_events(
    text: str,
    annotation: Annotation,
    people: EntityLookup,
    published: str | None = None,
    dateline_date: str | None = None,
    dateline_place: str | None = None,
) -> list[Event]:
    """The events of one document: one :class:`~presswatch.model.Event` per
    document-level event (its first mention's sentence as ``start``/``end``)."""
    return [r.to_event() for r in extract_event_records(
        text, annotation, people, published, dateline_date, dateline_place)]


def events_of(records: Iterable[EventRecord]) -> list[Event]:
    return [r.to_event() for r in records]
