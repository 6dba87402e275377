"""One language-neutral token view over a backend's native document.

:func:`token_view` turns the ``native`` of an :class:`~presswatch.model.Annotation` (a
spaCy ``Doc`` or a natasha ``Doc``) into a list of :class:`Tok`, and caches it on the
annotation (``Annotation.tokens``), so that the extractors that read syntax (quotes,
events) build it once per document. The list and its tokens are shared: callers must not
mutate them (an extractor that needs a different normalisation makes its own copies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from presswatch.model import Annotation


@dataclass(slots=True)
class Tok:
    i: int
    start: int
    end: int
    text: str
    lower: str  # the text lower-cased (spaCy's LOWER)
    lemma: str  # the lemma lower-cased (the lower-cased text where the backend gives none)
    pos: str
    dep: str  # lower-cased
    head: int  # index of the head token; the root points at itself
    sent: int
    tense: str  # "past", "fut", "pres" or ""
    children: list[int] = field(default_factory=list)


_NATASHA_TENSE = {"Past": "past", "Fut": "fut", "Pres": "pres"}
_SPACY_TENSE = {"VBD": "past", "VBN": "past", "VBZ": "pres", "VBP": "pres"}


def token_view(annotation: Annotation, text: str | None = None) -> list[Tok]:
    """The token view of ``annotation.native``, built once and cached on the annotation.

    ``text`` is the text the doc was made from (spaCy's ``Doc.text`` rebuilds it token by
    token); it only saves that rebuild. A natasha doc is recognised by its ``tokens``."""
    doc = annotation.native
    cached = annotation.tokens
    if cached is not None and cached[0] is doc:
        return cached[1]
    if doc is None:
        toks: list[Tok] = []
    elif hasattr(doc, "tokens"):
        toks = _natasha_tokens(doc)
    else:
        toks = _spacy_tokens(doc, text)
    for t in toks:
        if t.head != t.i:
            toks[t.head].children.append(t.i)
    annotation.tokens = (doc, toks)
    return toks


def _natasha_tokens(doc: Any) -> list[Tok]:
    raw = list(doc.tokens or [])
    index = {str(t.id): n for n, t in enumerate(raw)}
    toks: list[Tok] = []
    for n, t in enumerate(raw):
        sid = str(t.id).split("_")[0]
        head = index.get(str(getattr(t, "head_id", "") or ""), n)
        feats = t.feats or {}
        tense = _NATASHA_TENSE.get(feats.get("Tense", ""), "")
        if not tense and feats.get("VerbForm") == "Part" and feats.get("Variant") == "Short":
            tense = "past"  # назначен
        low = t.text.lower()
        lemma = (getattr(t, "lemma", None) or low).lower()
        toks.append(Tok(n, t.start, t.stop, t.text, low, lemma, t.pos or "",
                        (t.rel or "").lower(), head, int(sid) if sid.isdigit() else 0, tense))
    return toks


def _spacy_tokens(doc: Any, text: str | None = None) -> list[Tok]:
    """The token view of a spaCy ``Doc``, read column-wise with ``Doc.to_array`` (one
    call, no ``Token`` objects); each distinct string hash is looked up once."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG

    arr = doc.to_array([IDX, LENGTH, LOWER, LEMMA, POS, DEP, TAG, HEAD, SENT_START])
    n = len(arr)
    if not n:
        return []
    strings = doc.vocab.strings
    uniq, inv = np.unique(arr[:, 2:7], return_inverse=True)
    names = [strings[int(h)] if h else "" for h in uniq.tolist()]
    cols = inv.reshape(n, 5).T.tolist()
    low = [names[k] for k in cols[0]]
    lemma = [names[k].lower() for k in cols[1]]
    pos = [names[k] for k in cols[2]]
    dep = [names[k].lower() for k in cols[3]]
    tense = [_SPACY_TENSE.get(names[k], "") for k in cols[4]]
    idx = arr[:, 0].tolist()
    end = (arr[:, 0] + arr[:, 1]).tolist()
    head = (np.arange(n) + arr[:, 7].astype(np.int64)).tolist()  # relative offsets
    starts = arr[:, 8].astype(np.int64) == 1
    starts[0] = True
    sent = (np.cumsum(starts) - 1).tolist()
    if text is None or len(text) < end[-1]:
        text = doc.text
    return [Tok(i, idx[i], end[i], text[idx[i]:end[i]], low[i], lemma[i], pos[i], dep[i],
                head[i], sent[i], tense[i]) for i in range(n)]
