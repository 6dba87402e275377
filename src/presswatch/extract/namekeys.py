"""Folding keys for names: one key per word whatever its spelling, script-internal.

:func:`name_key` folds a personal-name word (Latin: :func:`fold_latin`, romanised Slavic
spellings folded so Lukashenka/Lukashenko and Aleksandr/Alexander meet; Cyrillic: the
lower-case form with its case ending stripped by :func:`stem_ru`, so "Путина"/"Путину"/
"Путин" meet); :func:`place_key` keys place and title words on their first letters
("Russian"/"Russia", "российский"/"России"); :func:`keys_match` compares two keys. Used
by within-document identity (:mod:`presswatch.extract.identity`), its role reading
(:mod:`presswatch.extract.roles`) and event joining.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- folding keys -----------------------------------------------------------------------

_CYR = re.compile(r"[а-яё]", re.I)
_VOWELS = "aeiou"


def is_cyrillic(word: str) -> bool:
    return bool(_CYR.search(word))


@lru_cache(maxsize=8192)
def fold_latin(word: str) -> str:
    """A variant-folding key for a romanised (Slavic) name word; see the module doc."""
    s = unicodedata.normalize("NFKD", word.lower())
    s = "".join(ch for ch in s if "a" <= ch <= "z")
    if not s:
        return ""
    s = s.replace("kh", "h").replace("x", "ks").replace("w", "v").replace("ph", "f")
    s = s.replace("j", "y").replace("ck", "k").replace("tz", "ts")
    s = re.sub(r"c(?![hei])", "k", s)  # Victor -> viktor
    s = s.replace("yo", "e").replace("ye", "e")
    s = re.sub(r"^iu", "yu", s)
    s = re.sub(r"^ia", "ya", s)
    s = re.sub(r"(?<=[^aeiouy])y(?=[aeiou])", "i", s)  # Tatyana -> tatiana
    s = re.sub(r"y(?![aeiou])", "i", s)  # Dmitry, Andrey, Aysen, Shoygu
    s = s.replace("iya", "ia")
    s = re.sub(r"i+", "i", s)  # Yurii -> yuri
    s = re.sub(r"(.)\1+", r"\1", s)  # Gennady -> genadi
    s = re.sub(r"(?<=[dt])er$", "r", s)  # Alexander -> aleksandr, Peter -> petr
    if len(s) >= 6:
        s = re.sub(r"ka$", "ko", s)  # Belarusian -ka, Russian -ko: Lukashenka
    return s


_RU_CASE_ENDINGS = (
    "ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ым", "им", "ую",
    "юю", "ая", "яя", "ых", "их", "ою", "ею", "ий", "ый", "а", "я", "у", "ю", "е", "ы", "и",
    "й", "ь",
)


_STEM_VOWELS = frozenset("аяеиоуыюэй")


@lru_cache(maxsize=8192)
def stem_ru(word: str) -> str:
    """Lower case, ``ё``->``е``, letters only, one case ending stripped (stem kept at
    three letters or more): "Путина" -> "путин", "Шойгу" -> "шойг". A vowel or "й" left
    at the end of the stem goes too, so that stems ending in a vowel meet whatever the
    ending: "Карзай"/"Карзая"/"Карзаем" -> "карз", "Сергей"/"Сергея" -> "серг"."""
    s = "".join(ch for ch in word.lower().replace("ё", "е") if ch.isalpha())
    for ending in _RU_CASE_ENDINGS:
        if s.endswith(ending) and len(s) - len(ending) >= 3:
            s = s[: -len(ending)]
            if s[-1] in _STEM_VOWELS and len(s) > 3:
                s = s[:-1]
            return s
    return s


def name_key(word: str) -> str:
    """The comparison key of one name word, in either script."""
    return stem_ru(word) if is_cyrillic(word) else fold_latin(word)


# Place and nationality aliases: a folded prefix -> the folded prefix of the canonical
# place. Only forms whose first five letters differ need an entry.
_PLACE_ALIASES: tuple[tuple[str, str], ...] = (
    ("yakut", "sakha"), ("iakut", "sakha"), ("byelorus", "belarus"), ("belorus", "belarus"),
    ("bashkir", "bashkortostan"), ("american", "us"), ("usa", "us"), ("britis", "britain"),
    ("uk", "britain"), ("chinese", "china"), ("french", "france"), ("german", "germany"),
    ("dutch", "netherlands"), ("polish", "poland"), ("turkish", "turkey"),
    ("swiss", "switzerland"), ("greek", "greece"), ("spanish", "spain"),
    ("swedish", "sweden"), ("danish", "denmark"), ("finnish", "finland"),
    ("norwegian", "norvay"), ("norveg", "norvay"), ("irish", "ireland"), ("welsh", "wales"),
    ("rf", "russia"), ("muscovite", "moskva"), ("moscov", "moskva"), ("moskov", "moskva"),
    ("белорус", "беларус"), ("якут", "саха"), ("российск", "россия"), ("рф", "россия"),
    ("турецк", "турция"), ("американ", "сша"), ("немецк", "германия"),
    ("французск", "франция"), ("польск", "польша"), ("москов", "москва"),
    ("британск", "британия"), ("английск", "британия"), ("китайск", "китай"),
    ("башкир", "башкортостан"), ("армян", "армения"), ("молдав", "молдова"),
    ("литов", "литва"), ("финск", "финляндия"), ("шведск", "швеция"), ("японск", "япония"),
    ("грузинск", "грузия"), ("киргизск", "киргизия"), ("кыргыз", "киргизия"),
)


@lru_cache(maxsize=8192)
def place_key(word: str) -> str:
    """Five-letter folded key of a place or content word ("Russian", "Russia" ->
    "russi"; "российский", "России" -> "росси"; "Витебщины" -> "витеб")."""
    if is_cyrillic(word):
        s = "".join(ch for ch in word.lower().replace("ё", "е") if ch.isalpha() or ch == "-")
    else:
        s = fold_latin(word)
    for prefix, target in _PLACE_ALIASES:
        if s.startswith(prefix):
            s = target if is_cyrillic(target) else fold_latin(target)
            break
    return s[:5]


def keys_match(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


# Endings a Russian name form ends in only in an oblique case (a nominative name does not:
# "Обаме", "Обамы", "Асии", "Нисаром"), and the longer ones that need a preceding letter.
_OBLIQUE_ENDINGS = ("ии", "ому", "ему", "ого", "его", "ым", "ом", "ем", "ую", "юю", "ею",
                    "ою", "ой", "ей", "е", "ы", "у", "ю", "и")


def oblique_endings(form: str) -> int:
    """How many Cyrillic words of ``form`` end like an oblique case form."""
    return sum(1 for w in form.lower().split()
               if is_cyrillic(w) and len(w) > 3 and w.endswith(_OBLIQUE_ENDINGS))


def nominative_forms(forms: list[str]) -> list[str]:
    """``forms`` without the Cyrillic case forms of one another: of the forms whose words
    share their stems ("Обама", "Обаме", "Обамы"; "Ричард Гренелл", "Ричард Гренелла"),
    only the one with the fewest oblique endings, then the shortest, then the first, is
    kept; other spellings ("Гренель") and Latin forms are kept as they are. Order kept."""
    best: dict[str, tuple[int, int, int]] = {}
    keys: list[str | None] = []
    for k, form in enumerate(forms):
        if not is_cyrillic(form):
            keys.append(None)
            continue
        key = " ".join(stem_ru(w) for w in form.split())
        keys.append(key)
        rank = (oblique_endings(form), len(form), k)
        if key not in best or rank < best[key]:
            best[key] = rank
    return [f for k, (f, key) in enumerate(zip(forms, keys, strict=True))
            if key is None or best[key][2] == k]


# Oblique endings of the Russian nouns in -ия (Мария, Асия, Наталия): genitive, dative,
# prepositional -ии, accusative -ию, instrumental -ией. No nominative name ends so.
_IYA_OBLIQUE = re.compile(r"(?<=\w\w)(?:ии|ию|ией|иею|ие)$")
# The same of the nouns in -ья (Наталья, Меланья): -ьи, -ью, -ьей (not -ье: "Дидье").
_YA_OBLIQUE = re.compile(r"(?<=\w\w)ь(?:и|ю|ей|ею)$")
# Endings of Russian feminine surnames and adjectival names: the final -а/-я is no case
# ending there ("Иванова" is not "Иванов" in the genitive).
_FEMININE_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")


# How surely a Russian name word's ending is an oblique case's (0: a nominative ending).
_SCORED_ENDINGS: tuple[tuple[str, float], ...] = (
    ("ией", 2), ("иею", 2), ("ии", 2), ("ию", 2), ("ом", 2), ("ем", 2), ("ым", 2),
    ("им", 2), ("ою", 2), ("ею", 2), ("ого", 2), ("его", 2), ("ому", 2), ("ему", 2),
    ("ой", 1), ("у", 1), ("ю", 1), ("е", 1), ("ы", 1), ("и", 1), ("а", 0.5), ("я", 0.5),
)


def _oblique_score(word: str) -> float:
    w = word.lower()
    for ending, score in _SCORED_ENDINGS:
        if w.endswith(ending) and len(w) > len(ending) + 2:
            return score
    return 0.0


def nominative_word(word: str, written: list[str], female: bool | None) -> str:
    """One Cyrillic name word in the nominative, when the text gives reason to think it
    is in an oblique case: a word of the same stem written elsewhere with fewer oblique
    endings, then the shorter ("Скрипаля" -> "Скрипаль" when "Скрипаль" is written,
    "Асию" -> "Асия", "Разу" -> "Раза"); else a noun in -ия in an oblique case ("Асию",
    "Асии", "Асие" -> "Асия"; "Меланьей" -> "Меланья"). A feminine surname keeps its -а
    ("Иванова" is no "Иванов") unless
    the person is known to be a man."""
    if not is_cyrillic(word) or len(word) < 3 or not word[0].isupper():
        return word
    stem = stem_ru(word)
    best = word

    def rank(w: str) -> tuple[float, int]:
        return _oblique_score(w), len(w)

    for other in written:
        if other == best or not other[:1].isupper() or stem_ru(other) != stem:
            continue
        if other.lower().replace("ё", "е")[:2] != word.lower().replace("ё", "е")[:2]:
            continue
        dropped = best.lower().endswith(("а", "я")) and len(other) < len(best)
        if dropped and female is not False and best.lower().endswith(_FEMININE_SURNAME):
            continue
        if rank(other) < rank(best):
            best = other
    if best == word and _IYA_OBLIQUE.search(word.lower()):
        best = _IYA_OBLIQUE.sub("ия", word)
    elif best == word and _YA_OBLIQUE.search(word.lower()):
        best = _YA_OBLIQUE.sub("ья", word)
    return best


def nominative_name(name: str, written: list[str], female: bool | None) -> str:
    """:func:`nominative_word` on each word of a Russian person name; ``written``: the
    name words the text writes for this person (surfaces and normal forms)."""
    if not is_cyrillic(name):
        return name
    parts = re.split(r"(\s+|-)", name)
    return "".join(p if not p.strip() or p == "-" else nominative_word(p, written, female)
                   for p in parts)
