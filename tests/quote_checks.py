"""What every extracted quote satisfies: its text is the quoted words of its span."""

from __future__ import annotations

from typing import Any

from presswatch.extract.quote_model import PIECE_JOIN
from presswatch.model import Quote


def assert_quoted_words(text: str, q: Quote) -> None:
    """``q.text`` is ``text[q.start:q.end]``, or, for an interrupted quote, its pieces in
    order joined by ``PIECE_JOIN``: the first starts the span, the last ends it, and what
    lies between them (the attribution) is left out."""
    if q.text == text[q.start:q.end]:
        return
    pieces = q.text.split(PIECE_JOIN)
    assert len(pieces) > 1, (q.text, text[q.start:q.end])
    assert text.startswith(pieces[0], q.start), q
    assert text[:q.end].endswith(pieces[-1]), q
    pos = q.start
    for piece in pieces:
        k = text.find(piece, pos, q.end)
        assert k >= 0, (piece, q)
        pos = k + len(piece)


def gold_quoted_words(text: str, g: dict[str, Any]) -> str:
    """A gold quote's words: its span, or its ``pieces`` joined (an interrupted quote)."""
    pieces = g.get("pieces")
    if not pieces:
        return text[g["start"]:g["end"]]
    assert pieces[0][0] == g["start"] and pieces[-1][1] == g["end"], g
    return PIECE_JOIN.join(text[s:e] for s, e in pieces)
