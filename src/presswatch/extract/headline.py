"""Entities named in the headline.

The headline is not part of the exported ``text`` (the contract keeps it in ``title``), so
a name that only the headline gives ("Японии" in a title over a story about the country's
emperor) would be lost, and a name the body repeats would not say that the story leads
with it. The headline is annotated on its own and resolved as a tiny document
(:func:`presswatch.extract.identity.resolve_document`); each of its identities is then
linked to the body's:

1. the same local id (same type and canonical name);
2. the same family (person; organisation; place: GPE, LOC, FAC) and the same name key
   (each word folded by :func:`~presswatch.extract.namekeys.name_key`, so case endings
   do not matter: "Японии" = "Япония", "Путина" = "Путин");
3. a person: the same surname key, first names compatible (equal keys, an initial, or
   one side without a first name): "Обамы" joins "Барак Обама";
4. a one-word name of another family that is a body person's surname (natasha's ORG for
   a surname in a short headline) joins the person; a one-word person whose key is a
   body organisation or place joins it (the body's type wins: it has the context).

Body names the tagger left untagged in the headline are mentions too: a name of several
words written as in the body, and a capitalised word that is a body person's surname or a
one-word body name (a headline alone gives the tagger little
context). Several candidates: the one the body mentions most. A linked headline mention is added to
the body entity's ``title_mentions`` (offsets into the title). A headline identity the
body never names becomes an entity of its own with ``title_mentions`` only, unless the
headline is in Title Case ("Obama Buys House In Washington"): there capital letters say
nothing, and the tagger's guesses are not kept unless the body confirms them. Only
names are linked; a description in the headline ("the head of state") is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presswatch.extract.canonical import family
from presswatch.extract.identity import normalise, resolve_document
from presswatch.extract.namekeys import name_key
from presswatch.model import Annotation, Entity
from presswatch.nlp.tokens import Tok, token_view

__all__ = ["attach_headline", "is_title_case"]

_WORD = re.compile(r"\w[\w'’-]*")
_INITIAL = re.compile(r"^\w\.?$")
# Country names whose forms differ beyond case endings (the key of the canonical form).
_ALIASES = {"рф": "россия", "российская федерация": "россия", "russian federation": "russia",
            "соединенные штаты": "сша", "united states": "us", "usa": "us", "u.s.": "us",
            "britain": "uk", "great britain": "uk", "united kingdom": "uk",
            "великобритания": "британия", "белоруссия": "беларусь"}
# Bounds: a headline longer than this is not a headline, and a body with more entities
# than this is compared on its first ones only.
MAX_TITLE_CHARS = 400
MAX_BODY_ENTITIES = 2000


def is_title_case(title: str) -> bool:
    """Whether most of the headline's longer words are capitalised ("Obama Buys House In
    Washington"): capital letters there say nothing about names."""
    words = [w for w in _WORD.findall(title[:MAX_TITLE_CHARS]) if len(w) >= 4 and w[0].isalpha()]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.8 * len(words)


def _form_key(form: str) -> str:
    n = normalise(form)
    n = _ALIASES.get(n, n)
    return " ".join(name_key(w) for w in _WORD.findall(n))


def _words(form: str) -> list[str]:
    return _WORD.findall(form.replace(".", ". "))


class _Keys:
    """The comparison keys of one entity's name forms."""

    def __init__(self, ent: Entity) -> None:
        forms = list(dict.fromkeys([ent.name, *ent.aliases]))
        self.entity = ent
        self.family = family(ent.type)
        self.forms = {k for k in (_form_key(f) for f in forms) if k}
        self.surnames: set[str] = set()
        self.firsts: set[str] = set()  # first-name keys ("" for a surname alone)
        self.initials: set[str] = set()
        if self.family == "PERSON":
            for f in forms:
                words = _words(f)
                if not words:
                    continue
                self.surnames.add(name_key(words[-1]))
                if len(words) > 1:
                    first = words[0].rstrip(".")
                    if _INITIAL.match(words[0]) or len(first) == 1:
                        self.initials.add(first[:1].lower())
                    else:
                        k = name_key(first)
                        self.firsts.add(k)
                        self.initials.add(k[:1])
            self.surnames.discard("")

    def weight(self) -> int:
        return len(self.entity.mentions)


def _first_names_fit(a: _Keys, b: _Keys) -> bool:
    if (not a.firsts and not a.initials) or (not b.firsts and not b.initials):
        return True
    if a.firsts and b.firsts:
        return bool(a.firsts & b.firsts)
    return bool(a.initials & b.initials)


def _candidates(t: _Keys, body: Sequence[_Keys]) -> list[_Keys]:
    same = [b for b in body if b.entity.id == t.entity.id]
    if same:
        return same
    by_form = [b for b in body if b.family == t.family and t.forms & b.forms]
    if by_form:
        return by_form
    if t.family == "PERSON":
        persons = [b for b in body if b.family == "PERSON" and t.surnames & b.surnames
                   and _first_names_fit(t, b)]
        if persons:
            return persons
        one_word = {k for k in t.forms if " " not in k}
        return [b for b in body if b.family in ("ORG", "PLACE") and one_word & b.forms]
    one_word = {k for k in t.forms if " " not in k}
    return [b for b in body if b.family == "PERSON" and one_word & b.surnames]


def attach_headline(title: str | None, annotation: Annotation | None,
                    body: Sequence[Entity]) -> list[Entity]:
    """The document's entities with the headline's mentions: ``body`` (each linked entity
    gains ``title_mentions``) then the identities only the headline names. ``body`` is not
    reordered; nothing changes without a title or its annotation."""
    entities = list(body)
    if not title or annotation is None or len(title) > MAX_TITLE_CHARS:
        return entities
    found = resolve_document(title, annotation).entities
    if not found:
        return entities
    keys = [_Keys(e) for e in entities[:MAX_BODY_ENTITIES]]
    title_case = is_title_case(title)
    toks = token_view(annotation, title)
    for ent in found:
        spans = [m for k, m in enumerate(ent.mentions) if not ent.is_description(k)]
        if not spans:
            continue
        t = _Keys(ent)
        cands = _candidates(t, keys)
        if cands:
            target = max(cands, key=lambda b: b.weight())
            words = {name_key(w) for f in target.forms for w in f.split()} | target.surnames
            trimmed = [_trim_linked(title, sp, words) for sp in spans]
            target.entity.title_mentions = sorted({*target.entity.title_mentions, *trimmed})
            continue
        if title_case:
            continue
        spans = [sp for sp in (_trim_first(title, sp, toks) for sp in spans) if sp]
        if not spans:
            continue
        # Roles and descriptions are read from the body; the headline adds names only.
        entities.append(Entity(id=ent.id, name=ent.name, type=ent.type, aliases=ent.aliases,
                               title_mentions=spans))
        keys.append(_Keys(entities[-1]))
    _scan_untagged(title, keys)
    return entities


def _word_spans(title: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    return [(span[0] + m.start(), span[0] + m.end())
            for m in _WORD.finditer(title[span[0]:span[1]])]


def _trim_linked(title: str, span: tuple[int, int], words: set[str]) -> tuple[int, int]:
    """A linked headline span without the edge words that are no part of the body
    entity's names ("Поп-звезда Мадонна", "Предшественник Кравцова": the headline's
    first word, capitalised, tagged with the name)."""
    parts = _word_spans(title, span)
    keep = [p for p in parts if name_key(title[p[0]:p[1]]) in words]
    if not keep or len(keep) == len(parts):
        return span
    return keep[0][0], keep[-1][1]


def _trim_first(title: str, span: tuple[int, int], toks: Sequence[Tok]
                ) -> tuple[int, int] | None:
    """A span only the headline names, without the headline's first word when that word
    is no proper noun (capitalised only because it starts the headline: "Свергнутый",
    "Безлюдная ..."); None when nothing capitalised is left."""
    first = next((t for t in toks if t.text.strip()), None)
    if first is None or first.start != span[0] or first.pos == "PROPN":
        return span
    if first.text.isupper() and len(first.text) > 1:  # an acronym
        return span
    rest = [t for t in toks if first.end <= t.start and t.end <= span[1] and t.text.strip()
            and t.text[0].isalnum()]
    if not rest or not rest[0].text[0].isupper():
        return None if not rest else span
    return rest[0].start, span[1]


def _scan_untagged(title: str, keys: Sequence[_Keys]) -> None:
    """Body names the tagger left untagged in the headline: a body name of several words
    written as it is, and capitalised words that are a person's surname ("Семёнову
    предложили ..." over a story about Игорь Семёнов) or a one-word organisation or place
    ("... в Казани"). A word several body entities share is left alone."""
    covered = [span for k in keys for span in k.entity.title_mentions]
    head = title[:MAX_TITLE_CHARS]
    for k in keys:
        if not k.entity.mentions:
            continue
        for form in dict.fromkeys([k.entity.name, *k.entity.aliases]):
            if " " not in form.strip() or len(form) > 100:
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", head):
                if not any(s < m.end() and m.start() < e for s, e in covered):
                    covered.append(m.span())
                    k.entity.title_mentions = sorted({*k.entity.title_mentions, m.span()})
    words: dict[str, list[_Keys]] = {}
    for k in keys:
        if not k.entity.mentions:
            continue
        for key in k.surnames | {f for f in k.forms if " " not in f}:
            if len(key) >= 3:
                words.setdefault(key, []).append(k)
    for m in _WORD.finditer(head):
        word = m.group()
        if not word[0].isupper() or len(word) < 3:
            continue
        if any(s < m.end() and m.start() < e for s, e in covered):
            continue
        owners = {id(k.entity): k.entity for k in words.get(name_key(word), [])}
        if len(owners) == 1:
            target = next(iter(owners.values()))
            target.title_mentions = sorted({*target.title_mentions, (m.start(), m.end())})
