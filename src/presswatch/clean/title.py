"""Headline and rubric shapes, and picking the title from the lines above the body.

A title is the first headline-like line before the body: several words, no sentence-final
period, not a rubric label ("World", "В мире"), not a date or time. When the text starts
directly with body prose there is no title: one is never made up from body text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presswatch.clean.dates import is_relative_time, is_stamp
from presswatch.clean.lines import section_words

# Section / rubric labels that sit above a headline on news sites (lang/*/section_words.txt).
RUBRICS = section_words()

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s*$")
_BAD_END = re.compile(r"[.;,:\-–—]\s*$")


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def is_rubric(line: str) -> bool:
    """A section label: a known rubric word, or a single bare word."""
    key = " ".join(w.casefold() for w in words(line))
    if not key or re.search(r"[.!?:;,]\s*$", line.strip()):
        return False
    if key in RUBRICS:
        return True
    tokens = line.split()
    return len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) <= 20


def is_headline(line: str) -> bool:
    """Headline shape: 2-30 words, not a sentence ending in a period, not a rubric,
    a date, a relative time, or a label ending in a colon."""
    text = line.strip()
    if not text or len(text) > 220:
        return False
    n = len(words(text))
    if n < 2 or n > 30:
        return False
    if _BAD_END.search(text) and not text.endswith("..."):
        return False
    if ends_sentence(text) and n > 15:  # a long "?" or "!" line is prose
        return False
    if is_stamp(text) or is_relative_time(text) or is_rubric(text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 0.5 * len(text.replace(" ", ""))


def pick_title(lines: Sequence[str]) -> int | None:
    """Index of the title among the lines above the body, or None."""
    for index, line in enumerate(lines):
        if is_headline(line):
            return index
    return None
