"""Rule vocabularies of the cleaner, read from the language data files (``presswatch.lang``).

The cleaner works before the language is known, so a vocabulary is the union of every
language's list of that name: a third language is a new ``lang/<code>/`` folder with the
same file names. Phrases are matched casefolded, whole words, as bounded alternations.
"""

from __future__ import annotations

import re
from functools import cache

from presswatch import lang


@cache
def phrases(name: str) -> tuple[str, ...]:
    """Every language's ``<name>.txt`` entries, casefolded, longest first."""
    found = {entry.casefold() for code in lang.languages() for entry in lang.word_list(code, name)}
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


@cache
def alternation(name: str) -> str:
    """A non-capturing regex alternation of the phrases: spaces match any whitespace, a
    trailing ``*`` any word ending ("expect*": expects, expected)."""
    parts = [
        r"\s+".join(re.escape(w.rstrip("*")) + (r"\w{0,12}" if w.endswith("*") else "")
                    for w in p.split())
        for p in phrases(name)
    ]
    return "(?:" + "|".join(parts) + ")" if parts else r"(?!x)x"
