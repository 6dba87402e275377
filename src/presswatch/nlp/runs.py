"""Runs of text that cost a language backend far more than prose of the same length:
whitespace-free runs (spaCy's affix rules are quadratic in a token's length) and runs of
one short unit repeated (``"x, "x, "x, ...``: three tokens per four characters, where
prose has one per six). Backends hand such runs over as a few long tokens, so that the
cost of a document follows its length whatever it holds.

Real text never repeats the same one to three words 64 times in a row, and no word,
number or URL is 256 characters long.
"""

from __future__ import annotations

import re

LONG_RUN = 256  # characters without whitespace handed over as one token at most
REPEATS = 64  # tokens of one repeated unit (of 1 to 3 tokens) that make a run
_TOKEN = re.compile(r"\S+")
_LONG = re.compile(r"\S{" + str(LONG_RUN + 1) + ",}")


def costly_runs(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of ``text`` to hand over as long tokens."""
    spans = [(m.start(), m.end()) for m in _LONG.finditer(text)]
    spans += _repeated(text)
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _repeated(text: str) -> list[tuple[int, int]]:
    """Spans where whitespace-separated tokens repeat with a period of 1 to 3 tokens for
    at least :data:`REPEATS` tokens (linear: three comparisons per token)."""
    if len(text) < REPEATS * 2:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    found: list[tuple[int, int]] = []
    for period in (1, 2, 3):
        run = 0
        for i in range(period, len(tokens) + 1):
            if i < len(tokens) and tokens[i][2] == tokens[i - period][2]:
                run += 1
                continue
            if run + period >= REPEATS:
                found.append((tokens[i - run - period][0], tokens[i - 1][1]))
            run = 0
    return found


def pieces(start: int, end: int, size: int = LONG_RUN) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most ``size`` characters."""
    return [(i, min(i + size, end)) for i in range(start, end, size)]
