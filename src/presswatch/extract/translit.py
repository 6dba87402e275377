"""Language-independent keys for names: Cyrillic transliterated to Latin, then folded.

Two keys serve cross-document identity (:mod:`presswatch.extract.canonical`):

- :func:`latin` turns any name into lower-case ASCII words. Cyrillic goes through
  ``iuliia``'s Wikipedia schema (the usual English-press romanisation: "Юрий" -> "yury",
  "Лукашенко" -> "lukashenko"); anything else left non-ASCII loses its diacritics.
- :func:`fold` maps the common competing spellings of East Slavic names to one form, word
  by word: Lukashenka/Lukashenko, Aleksandr/Alexander/Alexandr, Yury/Yuri/Yuriy/Iurii,
  Andrei/Andrey, Sergei/Sergey, Dmitry/Dmitri/Dmitriy, -skiy/-sky/-skii, kh/h, ks/x,
  ye/e, yo/e, iy/y, ii/y, j/y, doubled letters. The folded form is only a matching key,
  never shown.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import iuliia

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NON_WORD = re.compile(r"[^a-z]+")
_SCHEMA = iuliia.WIKIPEDIA

# Belarusian and Ukrainian letters the Russian schema does not know.
_EXTRA = str.maketrans({
    "ў": "u", "Ў": "U", "і": "i", "І": "I", "ї": "yi", "Ї": "Yi", "є": "ye", "Є": "Ye",
    "ґ": "g", "Ґ": "G",
})

# Ordered rewrites of one Latin word (after lower-casing). Each line folds one family of
# romanisation variants; the order matters (x before ks, kh before h...).
_RULES: tuple[tuple[str, str], ...] = (
    (r"x", "ks"),
    (r"kh", "h"),
    (r"(?<=[td])z", "s"),  # -tz / -dz (Kravetz, Dzmitry) against -ts
    (r"w", "v"),
    (r"sch", "sh"),
    (r"tch", "ch"),
    (r"ou", "u"),  # Belarusian ў romanised as u/w: Tsikhanouskaya, Tsikhanovskaya
    (r"j", "y"),
    (r"iye", "ie"),  # Galiyev/Galiev
    (r"yo|jo|io(?=[^n])", "e"),
    (r"^ye|^ie", "e"),
    (r"(?<=[aeiou])ye", "ye"),
    (r"(?<=[^aeiouy])ye", "e"),
    (r"iy(?=a|u)", "y"),
    (r"i(?=[au])", "y"),
    (r"(?:iy|ii|yi|ij|yy|y|i)$", ""),  # Yury/Yuri/Yuriy, -skiy/-sky/-skii
    (r"(?:ey|ei|ay|ai)$", "e"),  # Sergei/Sergey, Andrei/Andrey, Nikolai/Nikolay
    (r"enka$", "enko"),  # Belarusian -enka against Russian -enko
    (r"(?<=[bcdfgklmnpstvz])er$", "r"),  # Alexander/Aleksandr, Peter/Petr
    (r"(.)\1+", r"\1"),  # doubled letters
    (r"h(?=[aeiou])", "h"),
)


@cache
def _fold_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """:data:`_RULES` compiled, on first use (importing this module compiles nothing)."""
    return tuple((re.compile(p), r) for p, r in _RULES)


@lru_cache(maxsize=200_000)
def latin(text: str) -> str:
    """Lower-case ASCII words of ``text``: Cyrillic romanised, diacritics dropped,
    punctuation and digits as spaces."""
    s = unicodedata.normalize("NFC", text).replace("ё", "е").replace("Ё", "Е")
    if _CYRILLIC.search(s):
        s = _SCHEMA.translate(s.translate(_EXTRA))
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(_NON_WORD.sub(" ", s).split())


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """The variant-folded form of one lower-case Latin word."""
    w = word
    for pattern, repl in _fold_rules():
        w = pattern.sub(repl, w)
    return w or word


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """The variant-folded key of a name in any script: :func:`latin`, then
    :func:`fold_word` on each word."""
    return " ".join(fold_word(w) for w in latin(text).split())


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


@lru_cache(maxsize=65_536)
def display_latin(text: str) -> str:
    """A readable Latin form of a (Cyrillic) name for display: romanised, capitalisation
    kept ("Александр Лукашенко" -> "Aleksandr Lukashenko")."""
    s = unicodedata.normalize("NFC", text).replace("ё", "е").replace("Ё", "Е")
    if not _CYRILLIC.search(s):
        return s
    return _SCHEMA.translate(s.translate(_EXTRA))


_LATIN_SCRIPT_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "pl", "nl", "tr"})


def language_of(alias: str, fallback: str) -> str:
    """The language a name form is written in: the script tells it better than the
    document does (a Latin name in a Russian article is written as in English)."""
    if has_cyrillic(alias):
        return fallback if fallback in ("ru", "uk", "be") else "ru"
    return fallback if fallback in _LATIN_SCRIPT_LANGUAGES else "en"


# Sound skeleton of a name word for matching a foreign name with its Russian transcription
# ("Scholz" = "Шольц", "Macron" = "Макрон", "Johnson" = "Джонсон"): the Latin spelling (or
# the romanised Cyrillic) with spellings of one sound merged and vowels, j, y and a silent
# h dropped. Ordered; applied to lower-case ASCII.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    (r"shch|sch|sh", "S"),  # Щ, German sch, sh
    (r"dzh|zh", ""),  # Дж (English j), Ж (French j): as j, dropped below
    (r"kh", "H"),  # Х
    (r"ch(?=[rl])", "k"),  # Christopher, Schleswig
    (r"ch", "C"),
    (r"ck|q", "k"),
    (r"x", "ks"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"ts|tz|z", "s"),
    (r"[fw]", "v"),
    (r"(?<=[a-z])h", ""),  # silent or vowel-lengthening h (Johnson, Heinrich)
    (r"h", "H"),
    (r"[aeiouyj]", ""),
    (r"(.)\1+", r"\1"),
)


@cache
def _skeleton_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in _SKELETON_RULES)


@lru_cache(maxsize=65_536)
def sound_skeleton(word: str) -> str:
    """The sound skeleton of one name word in either script: :func:`latin`, then
    :data:`_SKELETON_RULES` ("Scholz" and "Шольц" -> "Sls", "Macron" and "Макрон" ->
    "mkrn"). A matching key across scripts only, never shown."""
    s = latin(word).replace(" ", "")
    for pattern, repl in _skeleton_rules():
        s = pattern.sub(repl, s)
    return s
