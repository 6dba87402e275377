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
  ``phoned``, ``addressed``, ``received X`` (X a person, a delegation, credentials or "a
  report from X": a meeting), ``became <title>`` (an appointment); ``встретился``,
  ``посетил``, ``прибыл``, ``назначен``, ``освобождён``, ``подписали``, ``созвонились``,
  ``обратился``, ``принял X``, ``стал послом``;
* an *event noun* (``talks``, ``negotiations``, ``meeting``, ``visit``, ``phone call``,
  ``telephone conversation``, ``forum``, ``press conference``, ``video address``,
  ``переговоры``, ``встреча``, ``визит``, ``телефонный разговор``, ``форум``,
  ``пресс-конференция``, ``видеообращение``...) with the arguments of the noun (``talks
  between A and B``, ``переговоры Путина с Токаевым``, ``A's visit``) and of the verb it
  hangs from (``A held talks with B``, ``A провёл переговоры с B``, ``A spoke during a
  meeting with B``), ``consultations``/``консультации`` (talks), ``a conversation with A
  and B``/``беседа с A и B`` without a telephone (a meeting; its subject is the clause's
  subject, or the first person named after the partners where the parser lost it; no
  event when no partner is named), ``signing ceremony``/``церемония подписания`` (an
  agreement of the subject of "took part in"/"принял участие"). Agreement nouns are
  events only under a signing verb or noun. Plural generic nouns ("visits to Minsk")
  and a forum reached through another event ("an address to the participants of the
  forum") give no event of the subject.

**Participants** are the subject (with its conjuncts), the object of meeting, visiting,
appointing and dismissing verbs, ``with``/``between``/``с``/``между`` arguments and the
possessor/genitive of the noun, the agent of a passive (``appointed by``). Each argument is
resolved through the lookup: a name or a description the identity stage tied to a person
gives that entity; a title phrase with a name inside (``his counterpart Alexander
Lukashenko``, ``head of Sakha Republic Aisen Nikolaev``) gives the name's entity (names in
apposition first), else the entity of the title word or of the whole title phrase, else a
bare head-of-state title ("President held talks") stands for the document's one holder of
that role (or its only much-mentioned person without any role); a pronoun is resolved as an
anaphor. A place the tagger typed PERSON ("Республики Саха") never takes part. Only PERSON
and ORG entities take part; an argument that resolves to nothing (an unknown title, a bare
pronoun) is left out, and an event without any participant is dropped. Delegation lists
(``The Russian delegation includes A, B and C``, ``В состав делегации вошли ...``) add
their people to the nearest meeting, talks, visit or forum of the document.

**Place**, in display form: the GPE/LOC/FAC entity of a location argument of the trigger
or its verb (``in Minsk``, ``в Минске``, the object of ``visited``/``посетил``; a place
noun's modifier: ``the city of Grodno``, ``в городе Гродно``; a place the parser hung
inside a with-argument), under the entity's canonical name (after cross-document identity:
"в Гродно" -> "Grodno"). A facility keeps its own name, and the city is appended only when
the same phrase or trigger states it (``at the Palace of Independence in Minsk`` ->
"Palace of Independence, Minsk"); the dateline city is not appended (it says where the
reporter files from). "…, where he met" takes the antecedent's place; an event right after
a visit by one of its participants on the same date takes the visit's place. Without a
place argument the dateline place is used, itself resolved through the document's
entities ("ГРОДНО" -> the entity "Grodno"), else the gazetteer, else as written.

**Status** (``EventRecord.status``; not stored): ``planned`` for future tense, a plan
governing the trigger (``plans to visit``, ``is to``, ``agreed to meet``, ``намерен
посетить``) or a modifier of the noun (``upcoming``, ``предстоящий``), else
``happened``. A planned event takes no dateline date, never merges with a reported one,
and the cross-document join keeps them apart (it re-reads the status from the stored date
and :func:`planned_evidence`).

**Date** (ISO ``YYYY-MM-DD`` or ``None``): the date expression of the sentence nearest the
trigger: a full date as written; a month and day without a year from the anchor (the
publication date, else a dated dateline): the most recent occurrence on or before the
anchor for a past-tense event, the next one on or after it for a future one, the nearest
otherwise (forward for a planned event); ``today``/``сегодня``, ``yesterday``/``вчера``,
``tomorrow``/``завтра`` and weekdays (``on Tuesday``, ``во вторник``) relative to the
anchor likewise. A sentence with only a year or a relative period (``in 2016``, ``last
year``) gives ``None``; ``later in the day``/``в тот же день`` the previous reported
event's date. A sentence without any date expression takes the dateline date (when the
article has one with a known year); otherwise ``None``: no guess.

**One event, many mentions**: mentions of one document with the same type (meeting and
talks count as one family), the same status, nested participant sets (one contains the
other: "Tokayev received Rudenko ... Rudenko held consultations with Vassilenko" are two
events) and no conflicting dates, are
merged into one :class:`EventRecord`: the first mention's span is the event's
``start``/``end``, all spans are in ``mentions``, participants are the union, place and
date the first known. ``Event.start``/``end`` is the evidence sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from presswatch.extract.canonical import gazetteer
from presswatch.extract.event_dates import _date, _dates_in, _iso_day, _resolve_md, _tense
from presswatch.extract.event_records import (
    EVENT_TYPES,
    GATHERINGS,
    PLANNED_SENTENCE,
    EventRecord,
    Mention,
    inherit_places,
    merge,
    planned_evidence,
    type_family,
)
from presswatch.extract.event_triggers import (
    PREP_PLACE_EN,
    PREP_PLACE_RU,
    SIGNING_GOVERNORS,
    is_conversation,
    is_signing,
    noun_type,
    verb_type,
)
from presswatch.extract.quotes import EntityLookup
from presswatch.extract.roles import ru_profession
from presswatch.extract.translit import fold
from presswatch.model import Annotation, Entity, Event
from presswatch.nlp.tokens import Tok, token_view

__all__ = [
    "EVENT_TYPES",
    "PLANNED_SENTENCE",
    "EventRecord",
    "extract_event_records",
    "extract_events",
    "planned_evidence",
    "type_family",
]
_Mention = Mention  # the names bench/events.py reads
_merge = merge

PARTICIPANT_TYPES = frozenset({"PERSON", "ORG"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


# --- token view ----------------------------------------------------------------------


def _tokens(annotation: Annotation, text: str | None = None) -> list[Tok]:
    """The shared token view (:func:`presswatch.nlp.tokens.token_view`). For a natasha
    doc, this extractor's own normalisation: ``lower`` and ``lemma`` are both the
    lower-cased text with "ё" read as "е" (copies, so the shared view stays as it is)."""
    toks = token_view(annotation, text)
    if not hasattr(annotation.native, "tokens"):  # spaCy: as shared
        return toks
    out: list[Tok] = []
    for t in toks:
        low = t.lower.replace("ё", "е")
        out.append(Tok(t.i, t.start, t.end, t.text, low, low, t.pos, t.dep, t.head, t.sent,
                       t.tense, t.children))
    return out


# --- participants and places --------------------------------------------------------

EN_TITLES = frozenset({
    "president", "leader", "minister", "head", "chairman", "chairwoman", "chair", "governor",
    "ambassador", "spokesman", "secretary", "director", "chief", "official", "mayor",
    "premier", "chancellor", "counterpart", "deputy", "speaker", "envoy", "representative",
    "colleague", "delegation", "commander", "general", "manager", "executive", "founder",
})
EN_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "they", "them", "their"})
# "Mr", "the two leaders" etc. never become participants on their own.
RU_TITLES = (
    "президент", "лидер", "министр", "глав", "председател", "губернатор", "посол",
    "премьер", "директор", "руководител", "замминистр", "заместител", "спикер", "мэр",
    "представител", "секретар", "коллег", "собеседник", "делегаци", "гендиректор",
    "посла", "послом", "послу", "послы", "послов", "консул",  # посол: fleeting vowel
)
RU_PRONOUNS = frozenset({"он", "она", "они", "его", "ее", "их", "ним", "ней", "нему", "ей",
                         "им", "него", "нее"})

_BUILDING = re.compile(
    r"(?i)\b(?:palace|house|hall|cent(?:re|er)|residence|kremlin|office|plant|factory|works"
    r"|fortress|museum|university|stadium|arena"
    r"|дворц|двор[её]ц|дом|зал|центр|резиденц|кремл|завод|комбинат|офис)")
_PREP_WITH = frozenset({"with", "between", "among", "and", "с", "со", "между"})
# Nouns of a place phrase whose name is a modifier: "the city of Grodno", "в городе Гродно".
_PLACE_NOUN = re.compile(
    r"(?i)^(?:city|town|village|capital|region|province|district|republic|oblast"
    r"|город\w*|столиц\w*|област\w*|район\w*|регион\w*|республик\w*|деревн\w*"
    r"|посел\w*|сел\w*)$")
_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday"})
# Head-of-state titles that a text uses bare ("President held talks").
_BARE_TITLES = frozenset({"president", "leader", "президент", "лидер", "глава"})
# Words that make an event planned rather than reported: the governor of the trigger
# ("plans to visit", "намерен посетить") or a modifier of the event noun ("upcoming").
_PLAN_WORDS = re.compile(
    r"(?i)^(?:plan\w*|intend\w*|expect\w*|schedul\w*|due|set|going|hope\w*|want\w*"
    r"|upcoming|forthcoming|future|next|planned|scheduled|will|shall"
    r"|планир\w*|намер\w*|собира\w*|предстоя\w*|предстоит|ожида\w*|запланир\w*"
    r"|agree\w*|будущ\w*|следующ\w*|хочет|хотят|договорил\w*|условил\w*)$")
# A sentence that announces rather than reports (used by the cross-document join, which
# sees the evidence sentence but not the parse).


# --- the extractor -------------------------------------------------------------------


def _placey(ent: Entity) -> bool:
    """A place the tagger took for a person ("Республики Саха" as a PERSON)."""
    return any(_PLACE_NOUN.match(w) for f in [ent.name, *(ent.aliases or [])]
               for w in f.split()[:1])


class _Ctx:
    def __init__(self, text: str, annotation: Annotation, people: EntityLookup,
                 anchor: dt.date | None, dateline_date: str | None,
                 dateline_place: str | None) -> None:
        self.text = text
        self.ru = annotation.language == "ru" or hasattr(annotation.native, "tokens")
        self.toks = _tokens(annotation, text)
        self.native_tokens = getattr(annotation.native, "tokens", None)
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
        self.prev_date: str | None = None  # date of the previous reported mention

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
                return None if _placey(ent) else ent
        return None

    def _person_at(self, t: Tok) -> Entity | None:
        e = self.people.entity_at(t.start, t.end)
        if e is None or e.type != "PERSON":
            return None
        return None if _placey(e) else e

    def span(self, t: Tok) -> tuple[int, int]:
        """Character span of ``t``'s subtree."""
        lo, hi, todo, seen = t.start, t.end, [t], {t.i}
        while todo:
            cur = todo.pop()
            for c in cur.children:
                if c in seen:  # a parse may hold cycles
                    continue
                seen.add(c)
                k = self.toks[c]
                lo, hi = min(lo, k.start), max(hi, k.end)
                todo.append(k)
        return lo, hi

    def _names_in(self, t: Tok) -> list[Entity]:
        """People named inside a title phrase: in apposition or as a flat/compound part
        first ("counterpart Alexander Lukashenko", "Президент Анатолий Корж"), else in a
        nominal modifier ("head of X Aisen Nikolaev"), so that an organisation or a place
        the tagger took for a person ("главой Республики Саха ...") does not join."""
        name_parts: list[Entity] = []
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
                        bucket = name_parts if c.dep.split(":")[0] in (
                            "appos", "flat", "compound") else found
                        for x in self.conjuncts(c):  # "of Region A and Governor B"
                            e3 = self._person_at(x)
                            if e3 is not None and e3 not in bucket:
                                bucket.append(e3)
                        continue
                    nxt.append(c)
            if name_parts:
                return name_parts
            if found:
                return found
            todo = nxt
        return []

    def bare_title_holder(self, t: Tok) -> Entity | None:
        """"President held talks": a bare head-of-state title the identity stage tied to
        no one stands for the one person of the document who holds it (a role with that
        word), else for the only much-mentioned person without any role."""
        if t.lower not in _BARE_TITLES and t.lemma not in _BARE_TITLES:
            return None
        if any(self.kids(t, "amod", "nmod", "prep", "compound", "poss")):
            return None
        word = t.lower[:6]
        persons = [e for e in self.people.entities if e.type == "PERSON"]
        holders = [e for e in persons if any(word in r.lower() for r in e.roles or [])]
        if len(holders) == 1:
            return holders[0]
        if holders:
            return None
        bare = sorted((e for e in persons if not e.roles), key=lambda e: -len(e.mentions))
        if bare and len(bare[0].mentions) >= 3 and (
                len(bare) == 1 or len(bare[0].mentions) >= 2 * len(bare[1].mentions)):
            return bare[0]
        return None

    def entities_for(self, t: Tok, orgs: bool = True) -> list[Entity]:
        """The participants an argument token stands for (none, one, or the names in
        apposition to one title phrase). Organisations only where ``orgs`` (subjects and
        with-arguments; an object is a person: "appointed X head of <ORG>")."""
        ent = self.people.entity_at(t.start, t.end)
        title = self.is_title(t)
        if title:  # the names a title phrase holds say who it is
            named = self._names_in(t)
            if named:
                return named
        if ent is not None and (ent.type == "PERSON" or (orgs and ent.type == "ORG")):
            return [ent]
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
        found = self._names_in(t)
        if found:
            return found
        if title:
            holder = self.role_holder(t)
            if holder is not None:
                return [holder]
            # The whole title phrase ("the President of Belarus", "глава государства"):
            # a description the identity stage resolved, when one of its mentions covers
            # the title word (a person named in a modifier is not the title's holder).
            s, e = self.span(t)
            whole = self.people.entity_at(s, e)
            if whole is not None and whole.type == "PERSON" and any(
                    ms < t.end and me > t.start for ms, me in whole.mentions):
                return [whole]
            bare = self.bare_title_holder(t)
            if bare is not None:
                return [bare]
        return []

    def args(self, t: Tok, orgs: bool = True) -> list[Entity]:
        out: list[Entity] = []
        for c in self.conjuncts(t):
            for e in self.entities_for(c, orgs):
                if e not in out:
                    out.append(e)
        return out

    @staticmethod
    def is_facility(ent: Entity) -> bool:
        return ent.type == "FAC" or (ent.type == "ORG" and any(
            _BUILDING.search(f) for f in [ent.name, *(ent.aliases or [])]))

    def is_place(self, ent: Entity | None) -> bool:
        return ent is not None and (ent.type in PLACE_TYPES or self.is_facility(ent))

    def place_entity(self, t: Tok) -> Entity | None:
        """The place entity of the phrase headed by ``t``: its own ("in Minsk", "в
        Минске"), or the name of a place noun's modifier ("the city of Grodno", "в городе
        Гродно", "в Гродненской области")."""
        ent = self.people.entity_at(t.start, t.end)
        if self.is_place(ent):
            return ent
        if ent is not None:
            return None
        if _PLACE_NOUN.match(t.lower) or _PLACE_NOUN.match(t.lemma):
            for c in self.kids(t, "appos", "flat", "compound", "nmod", "prep", "amod"):
                targets = ([g for g in self.kids(c, "pobj")] if c.dep == "prep" and
                           c.lower == "of" else [] if c.dep == "prep" else [c])
                for g in targets:
                    e2 = self.people.entity_at(g.start, g.end)
                    if self.is_place(e2):
                        return e2
        return None

    def city_of(self, t: Tok) -> Entity | None:
        """The city a facility phrase states: "the Palace of Independence in Minsk",
        "во Дворце Независимости в Минске" (the "in" phrase anywhere in the facility's
        subtree: the parser often hangs it on the last word of the name)."""
        todo, depth = [t], 0
        while todo and depth < 3:
            depth += 1
            nxt: list[Tok] = []
            for cur in todo:
                if self.ru:
                    cands = [c for c in self.kids(cur, "nmod", "obl")
                             if self.case_word(c) in PREP_PLACE_RU]
                else:
                    cands = [g for p in self.kids(cur, "prep") if p.lower in ("in", "at")
                             for g in self.kids(p, "pobj")]
                for c in cands:
                    e = self.place_entity(c)
                    if e is not None and e.type in ("GPE", "LOC"):
                        return e
                nxt += [c for c in self.kids(cur, "prep", "pobj", "nmod", "flat", "appos")
                        if c not in cands]
            todo = nxt
        return None

    def place_of(self, t: Tok) -> str | None:
        """The place a phrase names, as the entity's canonical (display) name; a facility
        keeps its own name, with the city appended when the phrase states it."""
        ent = self.place_entity(t)
        if ent is not None:
            if self.is_facility(ent):
                city = self.city_of(t)
                if city is not None and city.name.casefold() not in ent.name.casefold():
                    return f"{ent.name}, {city.name}"
            return ent.name
        if self.people.entity_at(t.start, t.end) is None and not self.ru and \
                t.pos == "PROPN" and t.lower not in _MONTHS and \
                t.dep not in ("compound", "amod"):
            # An untagged place name: the words as written.
            words = [self.toks[c] for c in t.children if self.toks[c].dep == "compound"]
            for p in self.kids(t, "prep"):  # "Palace of Independence"
                of = [g for g in self.kids(p, "pobj") if g.text[:1].isupper()]
                if p.lower == "of" and of:
                    words += [p, *of]
            parts = sorted([*words, t], key=lambda x: x.i)
            if any(p.lower in _MONTHS for p in parts):
                return None
            return self.text[parts[0].start:parts[-1].end]
        return None

    def combine_places(self, first: tuple[Tok, str] | None, others: list[tuple[Tok, str]]
                       ) -> str | None:
        """A facility and a city given as two arguments of one trigger ("held talks at the
        Palace of Independence in Minsk" parsed with both on the verb)."""
        if first is None:
            return None
        tok, place = first
        ent = self.place_entity(tok)
        if ent is not None and self.is_facility(ent) and "," not in place:
            for t2, _p2 in others:
                e2 = self.place_entity(t2)
                if e2 is not None and e2.type in ("GPE", "LOC") and \
                        e2.name.casefold() not in place.casefold():
                    return f"{place}, {e2.name}"
        return place

    def dates(self, sent: int) -> list[tuple[int, int, Any]]:
        if sent not in self._dates:
            s, e = self.sents[sent]
            self._dates[sent] = [(s + a, s + b, v) for a, b, v in _dates_in(self.text[s:e])]
        return self._dates[sent]


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


def _through_event_noun(ctx: _Ctx, t: Tok, verb: Tok) -> bool:
    """Whether the path from an event noun up to its verb passes another event noun:
    "a video address to the participants of the forum" (the forum is the audience)."""
    cur, climbed = t, {t.i}  # a parse may hold cycles: never revisit a token
    while cur.head != cur.i and cur.head != verb.i and cur.head not in climbed:
        cur = ctx.toks[cur.head]
        climbed.add(cur.i)
        if noun_type(ctx, cur) is not None:
            return True
    return False


def _competing_event(ctx: _Ctx, n: Tok, verb: Tok, type_: str) -> bool:
    """The verb's subject belongs to another event of the clause: "delivered a video
    address to the participants of the forum", "в ходе форума провел переговоры"."""
    if type_ in ("forum", "press_conference") and verb_type(ctx, verb) not in (None, type_):
        return True
    if type_ != "forum":
        return False
    above = set()
    cur = n
    while cur.head != cur.i and cur.i not in above:
        above.add(cur.i)
        cur = ctx.toks[cur.head]
    for c in ctx.kids(verb, "dobj", "obj", "obl", "prep", "pobj"):
        for g in [c, *ctx.kids(c, "pobj")]:
            if g.i not in above and (nt := noun_type(ctx, g)) is not None and nt != type_:
                return True
    return False


def _with_args(ctx: _Ctx, head: Tok, with_preps: frozenset[str] = _PREP_WITH
               ) -> tuple[list[Entity], str | None]:
    """Participants from with/between arguments and the place from in/at arguments (or,
    failing those, a place phrase inside a with-argument: "talks with X in Tashkent"
    parsed with "in Tashkent" on X)."""
    people: list[Entity] = []
    places: list[tuple[Tok, str]] = []
    inner: list[tuple[Tok, str]] = []
    if ctx.ru:
        for c in ctx.kids(head, "obl", "nmod"):
            prep = ctx.case_word(c)
            if prep in with_preps:
                people += ctx.args(c)
                inner += _inner_places(ctx, c)
            elif prep in PREP_PLACE_RU and (p := ctx.place_of(c)):
                places.append((c, p))
    else:
        for p in ctx.kids(head, "prep", "agent"):
            for g in ctx.kids(p, "pobj"):
                if p.lower in with_preps or p.dep == "agent":
                    people += ctx.args(g)
                    inner += _inner_places(ctx, g)
                elif p.lower in PREP_PLACE_EN and (pl := ctx.place_of(g)):
                    places.append((g, pl))
    place = ctx.combine_places(places[0], places[1:]) if places else None
    if place is None and inner:
        place = inner[0][1]
    return people, place


def _inner_places(ctx: _Ctx, t: Tok) -> list[tuple[Tok, str]]:
    """Place phrases inside a with-argument ("with his counterpart Vladimir Makei in
    Moscow", "with the head of the Sakha Republic in the Palace of Independence"), where
    the parser hung the trigger's place; the nearest first."""
    out: list[tuple[Tok, str]] = []
    todo, depth = [t], 0
    while todo and depth < 4:
        depth += 1
        nxt: list[Tok] = []
        for cur in todo:
            for c in ctx.kids(cur):
                if ctx.ru:
                    if c.dep.split(":")[0] in ("nmod", "obl") and \
                            ctx.case_word(c) in PREP_PLACE_RU and (p := ctx.place_of(c)):
                        out.append((c, p))
                        continue
                elif c.dep == "prep" and c.lower in PREP_PLACE_EN:
                    found = [(g, pl) for g in ctx.kids(c, "pobj") if (pl := ctx.place_of(g))]
                    if found:
                        out += found
                        continue
                if c.dep not in ("punct", "cc", "det", "case"):
                    nxt.append(c)
        todo = nxt
    return out


def _subjects(ctx: _Ctx, verb: Tok) -> list[Entity]:
    subs = ctx.kids(verb, "nsubj", "nsubjpass", "nsubj:pass")
    if not subs and verb.dep in ("conj", "xcomp", "advcl") and verb.head != verb.i:
        # "arrived in Minsk and met ..." / "agreed to meet"
        head = ctx.toks[verb.head]
        subs = ctx.kids(head, "nsubj", "nsubjpass", "nsubj:pass")
    if not subs and verb.dep in ("relcl", "acl:relcl") and any(
            c.lower in ("where", "где") for c in ctx.kids(verb, "advmod")):
        # "visited the Gomel Region, where (he) met ...": the subject of the main clause
        gov = _governor(ctx, ctx.toks[verb.head])
        if gov is not None:
            subs = ctx.kids(gov, "nsubj", "nsubjpass", "nsubj:pass")
    out: list[Entity] = []
    if not subs and _implicit_subject(ctx, verb):
        # "В 2010 году подписала контракт ...": a Russian finite verb without a subject
        # is said of the person the text is about (resolved like a pronoun).
        e = ctx.people.resolve_pronoun(verb.start)
        if e is not None and e.type == "PERSON" and not _placey(e):
            out.append(e)
    for s in subs:
        ents = ctx.args(s)
        if not ents and s.lower in _RELATIVE and verb.dep in ("relcl", "acl:relcl", "acl"):
            # "Mikhail Orlov, who took part in ...": the antecedent.
            ents = ctx.args(ctx.toks[verb.head])
        for e in ents:
            if e not in out:
                out.append(e)
    return out


_RELATIVE = frozenset({"who", "that", "which", "который", "которая", "которые", "кто"})


def _implicit_subject(ctx: _Ctx, verb: Tok) -> bool:
    """A Russian finite verb in the past (or a short participle) with no subject of its
    own nor of the verb it is coordinated with: its subject is left to the context."""
    if not ctx.ru or verb.pos not in ("VERB", "AUX", "ADJ") or verb.tense not in ("past",
                                                                                 "Past"):
        return False
    if verb.dep not in ("root", "conj", "parataxis"):
        return False
    if any(c.pos == "PRON" or c.dep.startswith(("nsubj", "expl")) for c in ctx.kids(verb)):
        return False
    head = ctx.toks[verb.head] if verb.dep == "conj" and verb.head != verb.i else None
    return head is None or not ctx.kids(head, "nsubj", "nsubj:pass", "nsubjpass")


COURT_TYPES = ("sentencing", "court_ruling")


def _court_place(ctx: _Ctx, sub: Tok) -> str | None:
    """The place a court phrase names: "a court in Grodno", "суд Гродно", "Минский
    городской суд" (the court entity's own place word is not read: no guess)."""
    for c in ctx.kids(sub, "nmod", "prep", "compound", "amod"):
        targets = ctx.kids(c, "pobj") if c.dep == "prep" else [c]
        for g in targets:
            place = ctx.place_of(g)
            if place is not None and ctx.place_entity(g) is not None:
                return place
    return None


def _mention_from_verb(ctx: _Ctx, v: Tok, type_: str) -> Mention:
    people = _subjects(ctx, v)
    place: str | None = None
    objects: list[Entity] = []
    receive = v.lemma == "receive" or (ctx.ru and v.lower.startswith(("принял", "принимал",
                                                                        "примет")))
    if type_ in COURT_TYPES:
        # "A district court in Grodno sentenced X", "Районный суд Гродно приговорил X": the
        # court is where, the defendant (and a judge named as the subject) who.
        people = [e for e in people if e.type == "PERSON"]
        for sub in ctx.kids(v, "nsubj"):
            place = place or _court_place(ctx, sub)
    if type_ in ("meeting", "appointment", "dismissal", "visit", "phone_call", *COURT_TYPES):
        for o in ctx.kids(v, "dobj", "obj"):
            if type_ == "visit":
                ent = ctx.place_entity(o) or ctx.people.entity_at(o.start, o.end)
                if ent is not None and ent.type != "PERSON":
                    place = place or ctx.place_of(o) or ent.name
                    continue
            objects += [e for e in ctx.args(o, orgs=False) if e not in objects]
            if receive:  # "received a report from A", "принял доклад A"
                for p in ctx.kids(o, "prep", "nmod"):
                    targets = ctx.kids(p, "pobj") if p.dep == "prep" and p.lower == "from" \
                        else [p] if ctx.ru and not ctx.case_word(p) else []
                    for g in targets:
                        objects += [e for e in ctx.args(g) if e not in objects]
    if type_ == "agreement":
        # "signed a memorandum with Li Ming", "подписал меморандум с послом Ли Мином"
        for o in ctx.kids(v, "dobj", "obj"):
            more, p_o = _with_args(ctx, o)
            objects += [e for e in more if e not in objects]
            place = place or p_o
    if receive and not objects:
        return _finish(ctx, v, v, type_, [], place)  # nobody received: no event
    people += [e for e in objects if e not in people]
    if type_ in ("meeting", "phone_call") and len(people) < 2 and not ctx.kids(
            v, "dobj", "obj") and not any(
            (c.lower if not ctx.ru else ctx.case_word(c)) in _PREP_WITH
            for c in ctx.kids(v, "prep", "obl", "nmod")):
        return _finish(ctx, v, v, type_, [], place)  # "an honour to meet": no counterpart
    if ctx.ru and type_ == "appointment":
        # "назначен указом Президента": the appointer
        for o in ctx.kids(v, "obl"):
            if o.lower.startswith(("указ", "решени", "распоряжени")):
                for n in ctx.kids(o, "nmod"):
                    people += [e for e in ctx.args(n) if e not in people]
    if type_ in ("appointment", "dismissal"):
        people += [e for e in _post_orgs(ctx, v) if e not in people]
    more, p2 = _with_args(ctx, v, _PREP_WITH | {"from"} if receive else _PREP_WITH)
    people += [e for e in more if e not in people]
    place = place or p2
    return _finish(ctx, v, v, type_, people, place)


def _post_orgs(ctx: _Ctx, v: Tok) -> list[Entity]:
    """The organisation of the post an appointment gives or takes: "назначен главой
    МАГАТЭ", "избран депутатом Курской областной думы", "возглавил «Михайловский ГОК»",
    "appointed head of the IAEA", "dismissed from Gazprom"."""
    out: list[Entity] = []
    heads = v.lower.startswith("возглав") or v.lemma in ("head", "lead")
    for c in ctx.kids(v, "xcomp", "obl", "obj", "dobj", "attr", "oprd", "prep", "nmod"):
        if c.dep == "prep":
            if c.lower not in ("as", "from", "of", "to"):
                continue
            targets = ctx.kids(c, "pobj")
        else:
            targets = [c]
        for g in targets:
            ent = ctx.people.entity_at(g.start, g.end)
            if ent is not None and ent.type == "ORG" and (heads or c.dep == "prep" or (
                    ctx.ru and ctx.case_word(g) in ("из", "с", "от"))):
                out.append(ent)  # "возглавил «ГОК»", "уволен из «Газпрома»"
                continue
            if not ctx.ru or not (ctx.is_title(g) or ru_profession(g.lower)):
                # English "of" phrases after a title are mostly portfolios ("Minister of
                # Education"), not the organisation: only the Russian genitive is read.
                continue
            todo, depth = [g], 0
            while todo and depth < 3:
                depth += 1
                nxt: list[Tok] = []
                for cur in todo:
                    for k in ctx.kids(cur, "nmod", "appos", "flat"):
                        e2 = ctx.people.entity_at(k.start, k.end)
                        if e2 is not None and e2.type == "ORG":
                            if e2 not in out:
                                out.append(e2)
                        else:
                            nxt.append(k)
                todo = nxt
    return out


def _mention_from_noun(ctx: _Ctx, n: Tok, type_: str) -> Mention | None:
    verb = _governor(ctx, n)
    people: list[Entity] = []
    # The noun's own arguments.
    more, place = _with_args(ctx, n)
    people += more
    if type_ == "meeting" and is_conversation(ctx, n) and not more:
        return None  # "in a conversation with journalists": no one named
    signing = type_ == "agreement"
    if signing:
        # "the signing of the agreement between A and B"; a signing ceremony's own args
        for c in ctx.kids(n, "nmod", "prep"):
            if is_signing(ctx, c):
                m2, p2 = _with_args(ctx, c)
                people += [e for e in m2 if e not in people]
                place = place or p2
    for c in ctx.kids(n, "poss", "nmod"):
        if ctx.ru and ctx.case_word(c):
            continue
        for e in ctx.args(c, orgs=False):
            if e.type == "PERSON" and e not in people:
                people.append(e)
    if type_ == "interview":
        # The outlet: "an interview with the newspaper Zvyazda", "интервью газете «Звязда»"
        for c in ctx.kids(n, "iobj", "nmod", "prep"):
            targets = ctx.kids(c, "pobj") if c.dep == "prep" else [c]
            for g in targets:
                for x in [g, *ctx.kids(g, "appos", "flat", "compound")]:
                    e = ctx.people.entity_at(x.start, x.end)
                    if e is not None and e.type == "ORG" and e not in people:
                        people.append(e)
    if not ctx.ru:
        for c in ctx.kids(n, "compound"):  # "Putin-Lukashenko talks"
            e = ctx.people.entity_at(c.start, c.end)
            if e is not None and e.type == "PERSON" and e not in people:
                people.append(e)
    if verb is not None:
        # The subject of the verb takes part: "A held talks", "A spoke at the forum",
        # but not when the event noun is itself the subject ("The talks ended"), nor when
        # another event noun stands between ("an address to the participants of the
        # forum"), nor for a signing unless the verb is one of taking part.
        subject_ok = (n.dep not in ("nsubj", "nsubjpass", "nsubj:pass")
                      and ctx.toks[n.head] is not n
                      and not _through_event_noun(ctx, n, verb)
                      and not _competing_event(ctx, n, verb, type_)
                      and (not signing or bool(SIGNING_GOVERNORS.match(verb.lower))
                           or bool(SIGNING_GOVERNORS.match(verb.lemma))))
        subjects = _subjects(ctx, verb) if subject_ok else []
        if subject_ok and not subjects and type_ == "meeting" and is_conversation(ctx, n):
            subjects = _clause_actor(ctx, n, people)
        if subject_ok:
            people = [e for e in subjects if e not in people] + people
        more, p2 = _with_args(ctx, verb)
        if subject_ok or not signing:
            people += [e for e in more if e not in people]
        place = place or p2
    return _finish(ctx, n, verb, type_, people, place)


def _clause_actor(ctx: _Ctx, n: Tok, partners: list[Entity]) -> list[Entity]:
    """"In a conversation with A and B, the head of state noted ...", where the parser
    lost the subject: the first person named in the sentence after the partners (the
    identity stage resolves "the head of state"); nobody when none is named."""
    s, e = ctx.sents[n.sent]
    ids = {p.id for p in partners}
    after = max((me for p in partners for ms, me in p.mentions if s <= ms < e), default=n.end)
    best: tuple[int, Entity] | None = None
    for ent in ctx.people.entities:
        if ent.type != "PERSON" or ent.id in ids:
            continue
        for ms, _me in ent.mentions:
            if after <= ms < e and (best is None or ms < best[0]):
                best = (ms, ent)
    return [best[1]] if best else []


def _planned(ctx: _Ctx, trig: Tok, verb: Tok | None) -> bool:
    """An announced event: future tense ("will meet", "встретится"), a plan governing the
    trigger ("plans to visit", "is to visit", "намерен посетить", "договорились
    встретиться") or a modifier of the event noun ("upcoming talks", "предстоящий
    визит")."""
    if _tense(ctx, verb) == "fut":
        return True
    if trig.pos in ("NOUN", "PROPN") and any(
            _PLAN_WORDS.match(c.lower) for c in ctx.kids(trig, "amod", "compound")):
        return True
    cur, hops = verb, 0
    while cur is not None and hops < 3 and cur.dep in ("xcomp", "ccomp", "advcl") and \
            cur.head != cur.i:
        hops += 1
        head = ctx.toks[cur.head]
        if _PLAN_WORDS.match(head.lower) or _PLAN_WORDS.match(head.lemma) or (
                not ctx.ru and head.lemma == "be" and cur.dep == "xcomp"):
            return True
        if _tense(ctx, head) == "fut":
            return True
        cur = head
    return False


def _finish(ctx: _Ctx, trig: Tok, verb: Tok | None, type_: str, people: list[Entity],
            place: str | None) -> Mention:
    s, e = ctx.sents[trig.sent]
    if place is None and verb is not None and verb.dep in ("relcl", "acl:relcl") and any(
            c.lower in ("where", "где") for c in ctx.kids(verb, "advmod")):
        # "a visit to the Gomel Region, where he met ...", "..., где встретился"
        place = ctx.place_of(ctx.toks[verb.head])
    explicit = place is not None
    if place is None and ctx.dateline_place:
        place = ctx.dateline_place
    planned = _planned(ctx, trig, verb)
    return Mention(type_, people, s, e, place, _date(ctx, trig, verb, planned), trig.text,
                   explicit, "planned" if planned else "happened",
                   trig.pos in ("NOUN", "PROPN") and trig.dep not in ("nmod", "compound", "poss"))


_DELEGATION = re.compile(r"(?i)delegation|делегаци")
_INCLUDES = re.compile(r"(?i)\b(?:includ\w*|compris\w*|consist\w*|members?|led by|headed by"
                       r"|состав\w*|входят|вошли|входил\w*|возглав\w*|во главе)")


def _delegations(ctx: _Ctx, mentions: list[Mention]) -> None:
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


def _mentions(ctx: _Ctx) -> list[Mention]:
    out: list[Mention] = []
    done: set[int] = set()
    for t in ctx.toks:
        if t.i in done:
            continue
        m: Mention | None = None
        vt = verb_type(ctx, t)
        if vt is not None:
            m = _mention_from_verb(ctx, t, vt)
            # A verb whose object is an event noun is handled by the noun ("held talks").
            done.update(c.i for c in ctx.kids(t, "dobj", "obj"))
        else:
            nt = noun_type(ctx, t)
            if nt is None:
                continue
            head = ctx.toks[t.head]
            if head.i != t.i and verb_type(ctx, head) is not None and t.dep in ("dobj", "obj"):
                continue
            if nt == "agreement" and head.i != t.i and is_signing(ctx, head) and \
                    noun_type(ctx, head) == "agreement":
                continue  # "церемония подписания": the ceremony is the trigger
            m = _mention_from_noun(ctx, t, nt)
        if m is None:
            continue
        out.append(m)
        if m.participants:
            ctx.last = list(m.participants)
        if m.date and m.status == "happened":
            ctx.prev_date = m.date
    _delegations(ctx, out)
    out = [m for m in out if m.participants or (m.type in GATHERINGS and m.trigger_noun)]
    inherit_places(out)
    return out


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
    place = _dateline_place(dateline_place, people.entities)
    ctx = _Ctx(text, annotation, people, anchor, dl_date.isoformat() if dl_date else None,
               place)
    return merge(_mentions(ctx))


def _dateline_place(place: str | None, entities: Iterable[Entity] = ()) -> str | None:
    """The dateline's place in display form: the document's place entity of that name
    ("ГРОДНО" -> the entity "Grodno" after cross-document identity), else the words
    with their capitals restored."""
    if not place:
        return None
    place = place.strip(" ,.-–—")
    if not place:
        return None
    key = fold(place.lower())
    for ent in entities:
        if ent.type == "PERSON":
            continue
        if any(fold(f.lower()) == key for f in [ent.name, *(ent.aliases or [])]):
            return ent.name
    known = gazetteer().lookup("PLACE", place)
    if known:
        return known
    if place.isupper():
        place = " ".join("-".join(w.capitalize() for w in word.split("-"))
                         for word in place.lower().split())
    return place


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
