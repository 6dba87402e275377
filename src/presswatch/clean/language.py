"""Language identification with lingua, built once per process.

The detector is built lazily for the language set of the settings and cached; it looks
at no more than :data:`SAMPLE_CHARS` characters of the text (cut at a word boundary),
which is plenty for news prose and keeps detection under a millisecond or so.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from presswatch.config import DEFAULT, Settings

if TYPE_CHECKING:
    from lingua import LanguageDetector

UNDETERMINED = "und"
SAMPLE_CHARS = 1000
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=4)
def detector(codes: tuple[str, ...]) -> LanguageDetector | None:
    """The lingua detector for these ISO 639-1 codes (unknown codes are skipped)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in codes:
        iso = getattr(IsoCode639_1, code.strip().upper(), None)
        if iso is None:
            continue
        try:
            languages.append(Language.from_iso_code_639_1(iso))
        except ValueError:
            continue
    languages = sorted(set(languages), key=lambda lang: lang.name)
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).build()


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def detect_language(text: str, settings: Settings = DEFAULT) -> str:
    """ISO 639-1 code of the text's language, ``"und"`` when it cannot be told."""
    piece = sample(text)
    if len(_LETTER.findall(piece)) < 3:
        return UNDETERMINED
    codes = tuple(settings.detect_languages)
    found = detector(codes)
    if found is None:  # a single configured language: nothing to choose between
        return codes[0].lower() if len(codes) == 1 else UNDETERMINED
    language = found.detect_language_of(piece)
    if language is None:
        return UNDETERMINED
    return language.iso_code_639_1.name.lower()
