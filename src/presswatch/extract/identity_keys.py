"""The look-up keys of database-wide identities (:mod:`presswatch.extract.canonical`).

:class:`~presswatch.extract.canonical.IdentityIndex` finds an identity by the keys of its
name forms: the exact normalised name, the folded (transliterated) key, a person's folded
"first surname" key, the surname block, the fuzzy prefix block, a person's cross-script
sound skeleton, and the gazetteer name its display name has. The store keeps these keys
of every stored identity in an indexed table (``identity_keys``, written with the alias
and entity rows they come from), so that an ingest fetches only the identities that the
keys of a chunk's entities name, instead of loading every identity of the database.

A key is a string ``"<kind>|..."``; the keys of a name form are a superset of the index
entries the form gives an identity (the index applies its own conditions, such as a split
name form, when it replays the identity), never fewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from presswatch.extract.entities import normalise_name
from presswatch.extract.gazetteer import family, gazetteer
from presswatch.extract.translit import fold, sound_skeleton

PREFIX = 4  # letters of the folded key that make a fuzzy block

_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|inichna|ich)$")


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: str  # folded
    first: str  # folded first name, a single letter for an initial, "" when absent

    @property
    def key(self) -> str:
        return f"{self.first} {self.surname}" if self.first else self.surname


@lru_cache(maxsize=200_000)
def person_name(name: str) -> PersonName | None:
    """Folded first name and surname of a person's name in any script and order
    ("Лукашенко Александр Григорьевич", "A. Lukashenko", "Alexander Lukashenko")."""
    words = fold(name).split()
    if not words:
        return None
    patronymic = [i for i, w in enumerate(words) if i > 0 and len(w) > 5
                  and _PATRONYMIC.search(w)]
    if patronymic:
        i = patronymic[0]
        if i == 2 and len(words) == 3:  # surname first: "Лукашенко Александр Григорьевич"
            return PersonName(words[0], words[1])
        words = words[:i] + words[i + 1:]
    if len(words) == 1:
        return PersonName(words[0], "")
    return PersonName(words[-1], words[0])



def prefix_key(fam: str, prefix: str) -> str:
    """The key of the fuzzy block ``prefix`` of type family ``fam``."""
    return f"b|{fam}|{prefix}"


@lru_cache(maxsize=100_000)
def alias_keys(type_: str, alias: str, lookup: bool = False) -> tuple[str, ...]:
    """The keys an identity of type ``type_`` gets from the name form ``alias`` (with
    ``lookup``: the keys a resolution of the form may look up, a superset)."""
    fam = family(type_)
    norm = normalise_name(alias)
    if not norm and not lookup:
        return ()
    if fam == "PERSON":
        pn = person_name(alias)
        if pn is None:
            return ()
        # a person's exact and folded entries are full names only (a bare surname is
        # decided by its block)
        out = [f"n|{fam}|{norm}", f"p|{pn.key}"] if pn.first else []
        out += [f"s|{pn.surname}", prefix_key(fam, pn.surname[:PREFIX])]
        words = alias.replace(".", ". ").split()
        skeleton = sound_skeleton(words[-1]) if words else ""
        if len(skeleton) >= 3:
            out.append(f"k|{skeleton}")
        return tuple(out)
    out = [f"n|{fam}|{norm}"]
    key = fold(alias)
    if key:
        out += [f"f|{fam}|{key}", prefix_key(fam, key[:PREFIX])]
    return tuple(out)


def canonical_key(type_: str, canonical: str) -> str:
    """The key of the gazetteer name ``canonical`` in the family of ``type_``."""
    return f"g|{family(type_)}|{canonical}"


def name_keys(type_: str, name: str, canonical: str | None = None) -> list[str]:
    """The gazetteer keys of an identity by its display name (what a full load of the
    index gives it) and by the gazetteer name it was created under."""
    out = []
    hit = gazetteer().lookup(family(type_), name)
    if hit:
        out.append(canonical_key(type_, hit))
    if canonical and canonical != hit:
        out.append(canonical_key(type_, canonical))
    return out


def identity_keys(type_: str, name: str, aliases: Iterable[str],
                  canonical: str | None = None) -> set[str]:
    """Every key of a stored identity: those of its alias rows (its name when it has
    none, as the index then goes by it) and those of its names."""
    forms = list(aliases) or [name]
    keys = {k for form in forms for k in alias_keys(type_, form)}
    keys.update(name_keys(type_, name, canonical))
    return keys


# Types a tagger's type may be changed to before a match (canonical.IdentityIndex.resolve:
# an ORG the gazetteer knows as a place, a Russian place it knows as an organisation).
_RETYPES = {"ORG": ("GPE",), "OTHER": ("GPE",), "PLACE": ("ORG",)}


def lookup_keys(type_: str, forms: Sequence[str]) -> set[str]:
    """The exact, folded and gazetteer keys a resolution of an entity with these name
    forms looks up first (the surname, fuzzy and sound-skeleton blocks of its later
    steps are looked up when it reaches them)."""
    types = [type_, *_RETYPES.get(family(type_), ())]
    names = gazetteer().names
    keys: set[str] = set()
    for t in types:
        fam = family(t)
        for form in forms:
            keys.update(k for k in alias_keys(t, form, True) if k[0] in "nfp")
            hit = names.get((fam, fold(form)))
            if hit:
                keys.add(canonical_key(t, hit))
    return keys

