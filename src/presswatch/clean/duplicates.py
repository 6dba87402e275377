"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.

A document's cleaned text is lower-cased and split into words (``\\w+``); its shingles are
the runs of :data:`SHINGLE` consecutive words. A MinHash of :data:`NUM_PERM` permutations
(datasketch) estimates the Jaccard similarity of two shingle sets; the signature is cut
into :data:`BANDS` bands of :data:`ROWS` rows, and two documents sharing any band are
candidates (the LSH step). With 16 bands of 8 rows the probability of becoming a candidate
is 1 - (1 - s^8)^16: 0.99 at s = 0.8, 0.50 at s = 0.70, 0.04 at s = 0.5. A candidate is
a near duplicate when the signatures' estimated Jaccard is at least :data:`THRESHOLD`
(0.8): a syndicated wire story with another outlet's boilerplate, a reworded headline
or an added paragraph stays above it; two stories on the same event written separately
share far fewer 5-word runs (measured: under 0.3).

The bands are stored (``minhash_bands``) so that a new document is compared with the
whole database across runs, by index lookups, without loading every signature.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.8
# Texts with fewer words than this are not compared: a two-line note shares too much
# with any other by chance.
MIN_WORDS = 20
SEED = 1

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True, slots=True)
class Signature:
    values: np.ndarray  # NUM_PERM uint64

    def bands(self) -> list[str]:
        """One key per band: a short hash of the band's rows (band index included)."""
        out = []
        for b in range(BANDS):
            chunk = self.values[b * ROWS:(b + 1) * ROWS].tobytes()
            out.append(hashlib.blake2b(bytes([b]) + chunk, digest_size=8).hexdigest())
        return out

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def to_bytes(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u8").copy())


def signature(text: str) -> Signature | None:
    """The MinHash signature of a cleaned text, or None when it is too short to compare."""
    from datasketch import MinHash

    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch([s.encode("utf-8") for s in shingles(text)])
    return Signature(np.asarray(mh.hashvalues, dtype=np.uint64))


def best_match(
    sig: Signature, candidates: Sequence[tuple[str, int, Signature]], threshold: float = THRESHOLD
) -> tuple[str, float] | None:
    """The earliest (lowest ``seq``) candidate at or above the threshold, and its score."""
    hits = [(seq, doc_id, sig.jaccard(other)) for doc_id, seq, other in candidates]
    hits = [h for h in hits if h[2] >= threshold]
    if not hits:
        return None
    _seq, doc_id, score = min(hits)
    return doc_id, score

