"""Event triggers: which verb or noun of a parse starts an event, and of which type.

The words are data, ``lang/<code>/event_triggers.tsv`` (word, part of speech, type,
condition), read through :mod:`presswatch.lang`: Russian rows are word stems (a word form
that starts with one), English rows lemmas; a type ``-`` blocks a word that a shorter stem
would take ("встречавшим" is greeting, not meeting). The condition column names a test of
the parse (a place argument, a title complement, a received person ...), so that the same
word is an event in one sentence and none in the next ("стал послом", not "стало
известно"). Objects of signing verbs are ``event_agreements.txt``; press addressees
("заявил журналистам", "told reporters") ``press_words.txt``.

Types: ``meeting``, ``talks``, ``visit``, ``phone_call``, ``appointment``, ``dismissal``,
``forum``, ``press_conference``, ``address``, ``agreement``, ``interview``, ``statement``
(to the press), ``sentencing`` (a sentence, a conviction), ``court_ruling`` (a ruling,
an acquittal).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from presswatch import lang
from presswatch.extract.roles import ru_profession

if TYPE_CHECKING:
    from presswatch.extract.event_context import _Ctx
    from presswatch.nlp.tokens import Tok


class Trigger(NamedTuple):
    word: str
    pos: str  # "verb" or "noun"
    type: str  # an event type, or "-": no event
    condition: str


@cache
def triggers(code: str, pos: str) -> tuple[Trigger, ...]:
    rows = lang.table_rows(code, "event_triggers")
    return tuple(Trigger(r[0], r[1], r[2], r[3] if len(r) > 3 else "")
                 for r in rows if len(r) >= 3 and r[1] == pos)


@cache
def _en_index(pos: str) -> dict[str, Trigger]:
    return {t.word: t for t in triggers("en", pos)}


def lookup(ctx: _Ctx, t: Tok, pos: str) -> Trigger | None:
    """The table row of a token: by stem (Russian) or by lemma, then word (English)."""
    if ctx.ru:
        for row in triggers("ru", pos):
            if t.lower.startswith(row.word):
                return row
        return None
    index = _en_index(pos)
    return index.get(t.lemma) or index.get(t.lower)


_PHONE = re.compile(r"(?i)^(?:phone|telephone|телефонн\w*|по|телефону|video|видео)$")
PREP_PLACE_EN = frozenset({"in", "at", "to", "inside"})
PREP_PLACE_RU = frozenset({"в", "во", "на"})
_CONVERSATION = frozenset({"conversation", "бесед", "разгов"})
_SIGNING = frozenset({"signing", "ceremony", "подписани", "церемони"})
# Verbs under which a signing noun's subject signed: "took part in the signing ceremony".
SIGNING_GOVERNORS = re.compile(
    r"(?i)^(?:take|took|attend\w*|participat\w*|witness\w*|join\w*|hold|held|host\w*"
    r"|приня\w*|принял\w*|участв\w*|присутств\w*|провел\w*|провели|провед\w*)$")
_RECEIVED_OBJECTS = re.compile(
    r"(?i)^(?:report|delegation|credentials|ambassador|envoy|делегаци\w*|посл\w*|доклад\w*)$")
_COURTS = frozenset({"court", "judge", "tribunal", "jury", "justice", "panel"})


def is_conversation(ctx: _Ctx, t: Tok) -> bool:
    return (t.lemma if not ctx.ru else t.lower[:6]) in _CONVERSATION


def is_signing(ctx: _Ctx, t: Tok) -> bool:
    return t.lemma in _SIGNING or t.lower.startswith(("подписани", "церемони"))


def noun_type(ctx: _Ctx, t: Tok) -> str | None:
    """The event type of an event noun ("переговоры", "a state visit"), or None."""
    if t.pos not in ("NOUN", "PROPN"):
        return None
    row = lookup(ctx, t, "noun")
    if row is None or row.type == "-":
        return None
    if ctx.ru:
        return _noun_type_ru(ctx, t, row)
    return _noun_type_en(ctx, t, row)


def _plural_ru(ctx: _Ctx, t: Tok) -> bool:
    """A plural Russian noun ("визиты", "встречи с избирателями"): natasha's Number."""
    native = ctx.native_tokens
    if native is None or t.i >= len(native):
        return False
    return (native[t.i].feats or {}).get("Number") == "Plur"


def _noun_type_ru(ctx: _Ctx, t: Tok, row: Trigger) -> str | None:
    cond = row.condition
    if cond == "phone" and not any(_PHONE.match(c.lower) for c in ctx.kids(t, "amod", "nmod")):
        # "беседа с A и B" (no telephone): a meeting, when A or B is named.
        return "meeting" if any(
            ctx.case_word(c) in ("с", "со") for c in ctx.kids(t, "nmod")) else None
    if cond == "signing":
        return row.type if any(c.lower.startswith("подписани")
                               for c in ctx.kids(t, "nmod")) else None
    if cond == "post" and not _post_arg(ctx, t):
        return None  # "освобождение из тюрьмы" is no dismissal
    if cond == "single" and _plural_ru(ctx, t) and not ctx.kids(t, "nmod", "amod"):
        return None  # "визиты": not one event
    return row.type


def _noun_type_en(ctx: _Ctx, t: Tok, row: Trigger) -> str | None:
    lemma = t.lemma
    type_ = row.type
    mods = {c.lower for c in ctx.kids(t, "compound", "amod")}
    if row.condition == "phone" and not mods & {"phone", "telephone", "video", "conference"}:
        if lemma == "conversation" and any(p.lower == "with" for p in ctx.kids(t, "prep")):
            return "meeting"  # "In a conversation with A and B, the head of state noted"
        return None
    if row.condition == "single" and t.lower != lemma:
        return None  # "many meetings are held", "visits to Minsk": not one event
    if row.condition == "phone" and t.lower != lemma:
        return None
    if row.condition == "signing":
        return type_ if any(c.lower.startswith("sign") for c in ctx.kids(t)) else None
    if lemma == "signing" and t.dep in ("compound", "amod"):
        return None  # the ceremony it modifies is the trigger
    if lemma == "conference" and not mods & {"press", "news"}:
        return "forum" if mods else None
    if lemma == "talk" and t.lower != "talks":
        return None
    if lemma in ("address", "appeal") and not (mods & {"video", "televised", "annual"}
                                                or t.dep in ("dobj", "pobj")):
        return None
    if row.condition == "court" and not (mods & {"prison", "jail", "death", "life", "court",
                                                 "suspended"} or any(
            p.lower in ("of", "to", "against", "by") for p in ctx.kids(t, "prep"))):
        return None  # "a sentence" of grammar, "the ruling party"
    return type_


def verb_type(ctx: _Ctx, t: Tok) -> str | None:
    """The event type of a trigger verb with the arguments it needs, or None."""
    if t.pos not in ("VERB", "AUX") and not (ctx.ru and t.pos == "ADJ" and t.tense):
        return None
    row = lookup(ctx, t, "verb")
    if row is None:
        if not ctx.ru and t.lemma in ("speak", "talk") and any(
                g.lower in ("phone", "telephone") for p in ctx.kids(t, "prep")
                for g in ctx.kids(p, "pobj")):
            return "phone_call"
        if not ctx.ru and t.lemma == "say" and _in_statement_or_interview(ctx, t):
            return None  # the noun ("in an interview", "in a statement") is the trigger
        return None
    if row.type == "-" or not _condition(ctx, t, row.condition):
        return None
    if not ctx.ru and t.lemma == "address" and not ctx.kids(t, "dobj"):
        return None
    return row.type


def _in_statement_or_interview(ctx: _Ctx, t: Tok) -> bool:
    return any(noun_type(ctx, g) in ("statement", "interview") for p in ctx.kids(t, "prep")
               for g in ctx.kids(p, "pobj"))


def _condition(ctx: _Ctx, t: Tok, cond: str) -> bool:
    if not cond:
        return True
    if cond == "place":
        return has_place_arg(ctx, t)
    if cond == "post":
        return _post_arg(ctx, t)
    if cond == "received":
        return received(ctx, t)
    if cond in ("title", "office"):
        objs = ctx.kids(t, "obl", "xcomp", "obj", "attr", "oprd", "dobj")
        return any((ctx.is_title(o) or (cond == "office" and ctx.ru and ru_profession(
            o.lower) is not None)) for o in objs if o.pos in ("NOUN", "PROPN")) or (
            cond == "office" and any(ctx.case_word(o) == "на" and o.lower.startswith(
                ("пост", "должност")) for o in objs))
    if cond == "agreement":
        return has_agreement_obj(ctx, t)
    if cond == "addressee":
        if ctx.ru:
            return any(c.lower == "к" for o in ctx.kids(t, "obl") for c in ctx.kids(o, "case"))
        return bool(ctx.kids(t, "dobj"))
    if cond == "object":
        return bool(ctx.kids(t, "nsubjpass") or ctx.kids(t, "dobj"))
    if cond == "press":
        return _press_addressee(ctx, t)
    if cond == "court":
        if ctx.ru:  # "признан виновным"
            return any(c.lower.startswith(("виновн", "невиновн")) for c in ctx.kids(t))
        return any(s.lemma in _COURTS for s in ctx.kids(t, "nsubj"))  # "the court ruled"
    return True


def _post_arg(ctx: _Ctx, t: Tok) -> bool:
    """"освобожден от должности", "relieved of his duties"."""
    if ctx.ru:
        return any(o.lower.startswith(("должност", "пост", "обязанност", "занимаем"))
                   for o in ctx.kids(t, "obl", "nmod"))
    return any(g.lower in ("duties", "post", "position") for p in ctx.kids(t, "prep")
               for g in ctx.kids(p, "pobj"))


def _press_addressee(ctx: _Ctx, t: Tok) -> bool:
    """A statement to the press: "заявил журналистам", "told reporters"."""
    words = lang.words("ru" if ctx.ru else "en", "press_words")
    for c in ctx.kids(t, "iobj", "obl", "dobj", "obj", "dative"):
        low = c.lower
        if ctx.ru and not ctx.case_word(c) and any(low.startswith(w) for w in words):
            return True
        if not ctx.ru and low in words:
            return True
    return False


def received(ctx: _Ctx, t: Tok) -> bool:
    """"received X" is a meeting when X is a person (or a delegation, a report from
    someone, credentials): not "received a letter", "принял решение", "приняли участие",
    nor "принял отставку" (the dismissal noun is the trigger)."""
    for o in ctx.kids(t, "dobj", "obj"):
        if noun_type(ctx, o) is not None:
            return False
        if _RECEIVED_OBJECTS.match(o.lower) or ctx.args(o, orgs=False):
            return True
    return False


def has_agreement_obj(ctx: _Ctx, t: Tok) -> bool:
    objs = ctx.kids(t, "dobj", "obj", "nsubjpass", "nsubj:pass", "nsubj")
    if ctx.ru:
        stems = tuple(lang.word_list("ru", "event_agreements"))
        return any(o.lower.startswith(stems) for o in objs)
    known = lang.words("en", "event_agreements")
    return any(o.lemma in known for o in objs) or not objs


def has_place_arg(ctx: _Ctx, t: Tok) -> bool:
    for c in ctx.kids(t, "prep", "obl"):
        targets = ctx.kids(c, "pobj") if not ctx.ru else [c]
        for g in targets:
            if ctx.case_word(g) in (PREP_PLACE_RU | PREP_PLACE_EN) and ctx.place_of(g):
                return True
    return False
