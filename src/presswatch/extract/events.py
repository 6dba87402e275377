"""Who met whom, where and when: events of one document (English and Russian).

``extract_events(text, annotation, people, published, dateline_date, dateline_place)``
reads the backend's dependency tree (a spaCy ``Doc`` or a natasha ``Doc``, both turned
into one small token view, :class:`Tok`) and the document's identities through the same
:class:`~presswatch.extract.quotes.EntityLookup` the quote extractor uses.

Types: ``meeting``, ``talks``, ``visit``, ``phone_call``, ``appointment``, ``dismissal``,
``forum``, ``press_conference``, ``address``, ``agreement``, ``interview`` (with its
outlet: "in an interview with the newspaper X", "в интервью газете X"), ``statement`` (to
the press: "told reporters", "заявил журналистам"; a bare "said" is none), ``sentencing``
("sentenced X to", "приговорил X к", "признан виновным": the court phrase gives the place,
the defendant takes part, the court does not) and ``court_ruling`` ("acquitted",
"оправдал", "the court ruled").

The module is split along its seams: the trigger words and their conditions are data
(``lang/<code>/event_triggers.tsv``, read by :mod:`presswatch.extract.event_triggers`),
dates are :mod:`presswatch.extract.event_dates`, records and merging
:mod:`presswatch.extract.event_records`; participants and places are here.

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
pronoun) is left out, and an event without any participant is dropped, except a gathering
(forum, press conference) named by a noun of the clause ("the conference will be held
online"), which joins the document's event of its type or stands alone. A Russian finite
verb without a subject ("В 2010 году подписала контракт") is said of the person the text
is about (resolved like a pronoun); an appointment in Russian also takes the organisation
of the post ("избран депутатом Курской областной думы", "возглавил «ГОК»"). Delegation lists
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
anchor likewise. A sentence with only a month and a year or a year gives that part
(``в апреле 2012 года`` -> ``2012-04``, ``in 1988`` -> ``1988``), a relative period
(``last year``) ``None``; ``later in the day``/``в тот же день`` the previous reported
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

import re
from collections.abc import Iterable

from presswatch.extract.canonical import gazetteer
from presswatch.extract.event_context import _PLAN_WORDS, _PREP_WITH, _Ctx, _placey
from presswatch.extract.event_dates import _date, _iso_day, _resolve_md, _tense
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
from presswatch.nlp.tokens import Tok

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
            elif prep in PREP_PLACE_RU and (pl := ctx.place_of(c)):
                places.append((c, pl))
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
                    outlet = ctx.people.entity_at(x.start, x.end)
                    if outlet is not None and outlet.type == "ORG" and outlet not in people:
                        people.append(outlet)
    if not ctx.ru:
        for c in ctx.kids(n, "compound"):  # "Putin-Lukashenko talks"
            named = ctx.people.entity_at(c.start, c.end)
            if named is not None and named.type == "PERSON" and named not in people:
                people.append(named)
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
