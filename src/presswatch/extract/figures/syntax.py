"""Figures: the token view of a text and the parsed native doc's syntax view (spaCy or
natasha), shared by the quantity, period and claim readers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from presswatch.extract.numbers import (
    EN_UNITS,
    RU_UNITS,
)

_TOKEN = re.compile(r"(?<![\w.,])\.\d+|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\S")

_GROUP_SEP = {"\u00a0", "\u202f", "\u2009"}


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation shaped as a trie (Python's re does not factor prefixes itself)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        end = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


# anchors of quantities: digits and number words (matched on the lower-cased text)
_ANCHOR = re.compile(r"\d|\b" + _trie_pattern(sorted({*EN_UNITS, *RU_UNITS})) + r"\b")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    is_num: bool


def _tokenise(text: str, language: str, pos: int = 0, endpos: int | None = None) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text, pos, len(text) if endpos is None else endpos):
        s = m.group()
        is_num = s[0].isdigit() or (s[0] == "." and len(s) > 1)
        prev = toks[-1] if toks else None
        # space-grouped thousands: "1 200 000", "12 500" (plain spaces in Russian only)
        if (is_num and prev is not None and prev.is_num and len(s) == 3 and s.isdigit()
                and m.start() - prev.end == 1
                and (text[prev.end] in _GROUP_SEP or (language == "ru" and text[prev.end] == " "))
                and (len(prev.text) <= 3 or not prev.text[-4:].isdigit())):
            prev.end = m.end()
            prev.text = text[prev.start:m.end()]
            prev.low = prev.text
            continue
        toks.append(_Tok(m.start(), m.end(), s, s.lower(), is_num))
    return toks


@dataclass(slots=True)
class _NTok:
    start: int
    end: int
    text: str
    pos: str
    dep: str
    head: int
    lemma: str
    fut: bool = False


class _Toks:
    """The native doc's tokens as :class:`_NTok`, built on first access (most never are)."""

    __slots__ = ("cache", "heads", "make", "n")

    def __init__(self, n: int, heads: list[int], make: Callable[[int], _NTok]) -> None:
        self.n = n
        self.heads = heads
        self.make = make
        self.cache: dict[int, _NTok] = {}

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> _NTok:
        t = self.cache.get(i)
        if t is None:
            t = self.cache[i] = self.make(i)
        return t


class _Syntax:
    __slots__ = ("_children", "starts", "toks")

    def __init__(self, toks: _Toks, starts: list[int]) -> None:
        self.toks = toks
        self.starts = starts
        self._children: list[list[int]] | None = None

    @property
    def children(self) -> list[list[int]]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in range(len(self.toks))]
            for i, h in enumerate(self.toks.heads):
                if h != i:
                    kids[h].append(i)
            self._children = kids
        return self._children

    def at(self, start: int, end: int) -> list[int]:
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        out = []
        n = len(self.toks)
        starts = self.starts
        while i < n and starts[i] < end:
            # a token overlaps when the next one starts after ``start`` (gaps are spaces)
            if i + 1 == n or starts[i + 1] > start:
                out.append(i)
            i += 1
        return out


def _syntax(native: Any) -> _Syntax | None:
    if native is None:
        return None
    if hasattr(native, "vocab"):  # spaCy Doc
        if not native.has_annotation("DEP") or len(native) == 0:
            return None
        arr = native.to_array(["IDX", "HEAD"]).astype("int64").tolist()
        starts = [a for a, _ in arr]
        heads = [i + h for i, (_, h) in enumerate(arr)]

        def make_spacy(i: int) -> _NTok:
            t = native[i]
            return _NTok(t.idx, t.idx + len(t.text), t.text, t.pos_, t.dep_.lower(), heads[i],
                         t.lemma_.lower(), t.tag_ == "MD" and t.lower_ in (
                             "will", "'ll", "shall", "would"))

        return _Syntax(_Toks(len(starts), heads, make_spacy), starts)
    if hasattr(native, "tokens") and hasattr(native, "sents"):  # natasha Doc
        tokens = native.tokens
        if not tokens:
            return None
        index = {t.id: i for i, t in enumerate(tokens)}
        heads = [index.get(t.head_id, i) if t.head_id else i for i, t in enumerate(tokens)]
        starts = [t.start for t in tokens]

        def make_natasha(i: int) -> _NTok:
            t = tokens[i]
            feats = t.feats or {}
            return _NTok(t.start, t.stop, t.text, t.pos or "", (t.rel or "").lower(), heads[i],
                         t.text.lower(), feats.get("Tense") == "Fut")

        return _Syntax(_Toks(len(starts), heads, make_natasha), starts)
    return None
