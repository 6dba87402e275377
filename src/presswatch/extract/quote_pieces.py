"""Interrupted quotes of the quote extractor (a mixin of
:class:`~presswatch.extract.quotes.QuoteExtractor`): a quote interrupted by its attribution
("“A,” she said, “B.”", "«A, — сказал он. — B»", or only by marks: "“A.” “B,” she said")
is one statement, one record spanning its pieces (``QuoteRecord.pieces``), whose text joins
them with :data:`~presswatch.extract.quote_model.PIECE_JOIN`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presswatch.extract.quote_model import QuoteRecord
from presswatch.nlp.tokens import Tok

# an interruption of a quote by its attribution: at most this long (between the marks)
_INTERRUPTION_CHARS = 240


class InterruptionRules:
    """Joining the pieces of an interrupted quote."""

    # what the host class provides
    text: str

    if TYPE_CHECKING:
        def is_cue(self, t: Tok) -> bool: ...
        def toks_in(self, start: int, end: int) -> list[Tok]: ...

    def _join_interrupted(self, recs: list[QuoteRecord]) -> list[QuoteRecord]:
        """An interrupted quote is one statement: consecutive direct segments of one
        paragraph with one attribution, separated only by that attribution ("“A,” she
        said, “B.”", "«A, — сказал он. — B»") or by nothing but marks ("“A.” “B,” she
        said"), become one record spanning them, with the pieces kept."""
        out: list[QuoteRecord] = []
        for r in recs:
            prev = out[-1] if out else None
            if prev is not None and self._continues(prev, r):
                pieces = prev.pieces or ((prev.start, prev.end),)
                prev.pieces = (*pieces, (r.start, r.end))
                prev.end = r.end
                if prev.marks is not None and r.marks is not None:
                    prev.marks = (prev.marks[0], r.marks[1])
                continue
            out.append(r)
        return out

    def _continues(self, a: QuoteRecord, b: QuoteRecord) -> bool:
        if a.kind != "direct" or b.kind != "direct" or a.cue_span is None:
            return False
        if b.cue_span != a.cue_span or (a.speaker is not b.speaker):
            return False
        lo = (a.marks or (a.start, a.end))[1]
        hi = (b.marks or (b.start, b.end))[0]
        if hi < lo or hi - lo > _INTERRUPTION_CHARS:
            return False
        gap = self.text[lo:hi]
        if "\n" in gap:
            return False
        if not any(ch.isalnum() for ch in gap):
            return True
        # the words between are the attribution itself: its cue (with its subject and
        # whatever describes them: "said James Novak, who heads the institute, in a
        # statement"), and no other reporting verb ("…,” he said, adding that …)
        cs, ce = a.cue_span
        if not (lo <= cs and ce <= hi):
            return False
        return not any(self.is_cue(t) for t in self.toks_in(lo, hi)
                       if not (cs <= t.start < ce))
