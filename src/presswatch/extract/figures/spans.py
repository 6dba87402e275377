"""Figures: the quantity record the readers share, and sentence bounds by punctuation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class _Q:
    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None = None
    change: str = "="
    upper: float | None = None
    noun: str | None = None
    word_number: bool = False
    tok_end: int = 0


def _sentence_start(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t\"'«“(":
        k -= 1
    return k < 0 or text[k] in ".!?\n:;"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos), text.rfind("! ", 0, pos),
            text.rfind("? ", 0, pos))
    e_candidates = [x for x in (text.find(". ", pos), text.find("\n", pos)) if x >= 0]
    return (s + 1 if s >= 0 else 0), (min(e_candidates) if e_candidates else len(text))
