"""The parse and identities of one document as the event extractor reads them
(:class:`_Ctx`): the token view, argument tokens resolved to participants (names, title
phrases, bare head-of-state titles, pronouns) and to places (place entities, place nouns'
modifiers, facilities with their city). See :mod:`presswatch.extract.events`,
"Participants" and "Place"."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from presswatch.extract.event_dates import _dates_in
from presswatch.extract.event_triggers import PREP_PLACE_RU
from presswatch.extract.quotes import EntityLookup
from presswatch.model import Annotation, Entity
from presswatch.nlp.tokens import Tok, token_view

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
