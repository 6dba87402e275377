"""Figures: what a figure measures (metric), its kind (actual, forecast, target) and who
claims it."""

from __future__ import annotations

import re

from presswatch.extract.figures.spans import _Q
from presswatch.extract.figures.syntax import _Syntax
from presswatch.extract.quotes import EntityLookup
from presswatch.model import Span

_REPORT_EN = {"say", "tell", "note", "state", "stress", "add", "report", "announce",
              "emphasize", "emphasise", "claim", "estimate", "explain", "point", "underline",
              "recall", "inform", "declare", "assure", "mention", "remark", "confirm", "write",
              "predict", "forecast", "expect", "believe"}

_REPORT_RU = re.compile(
    r"^(?:сказал|заявил|отметил|сообщил|подчеркнул|рассказал|добавил|пояснил|уточнил|"
    r"констатировал|напомнил|указал|заверил|объявил|признал|оценил|прогнозир|ожида|"
    r"считает|полагает|привел|привёл)", re.IGNORECASE)

_ACCORDING = re.compile(r"according\s+to|по\s+(?:словам|данным|оценк\w+|информации|мнению)",
                        re.IGNORECASE)

_TARGET_RE = re.compile(
    r"\b(?:goal|aim(?:s|ed)?|target(?:s|ed)?|objective|intends?|plans?\s+to|seeks?\s+to|"
    r"task\s+is|set\s+the\s+task|ambition|want(?:s)?\s+to\s+(?:reach|bring|increase|raise)|"
    r"цел[ьи]|задач[аиу]|намерен\w*|планируем|стремим\w*|довести|поставлен\w*\s+задач\w*|"
    r"ориентир\w*|хотим)", re.IGNORECASE)

_FORECAST_RE = re.compile(
    r"\b(?:will|would|shall|'ll|expect\w*|forecast\w*|project(?:ed|ions?)|predict\w*|"
    r"likely|set\s+to|outlook|estimated\s+to|could\s+reach|may\s+reach|is\s+to\s+reach|"
    r"прогноз\w*|ожида\w*|планиру\w*|предполага\w*|будет|будут|составит|составят|"
    r"вырастет|увеличится|сократится|превысит|достигнет|может\s+(?:достичь|составить|вырасти))",
    re.IGNORECASE)

_OTHER_RE = re.compile(r"\b(?:if|unless|если|бы)\b", re.IGNORECASE)


def _noun_phrase(syn: _Syntax, h: int, text: str, skip: tuple[int, int] = (0, 0)) -> str:
    """A short phrase for a head noun: its modifiers and one genitive/"of" complement,
    without the figure itself (``skip``)."""
    keep = {h}
    t = syn.toks
    for c in syn.children[h]:
        d = t[c].dep
        if c < h and d in ("amod", "compound", "nmod:poss", "poss", "nummod", "flat",
                           "flat:name") and h - c <= 3:
            keep.add(c)
            keep.update(g for g in syn.children[c] if t[g].dep in ("compound", "amod"))
        elif c > h and d in ("nmod", "prep", "flat", "flat:name", "appos") and c - h <= 4:
            if d == "prep" and t[c].lemma not in ("of", "between", "with"):
                continue
            keep.add(c)
            for g in syn.children[c]:
                dep = t[g].dep
                if dep in ("pobj", "amod", "case", "compound") or (g < c and dep == "det"):
                    keep.add(g)
                    keep.update(x for x in syn.children[g]
                                if t[x].dep in ("amod", "compound", "case"))
            break
    lo, hi = min(keep), max(keep)
    for k in range(lo, hi + 1):  # cut the figure's own tokens out, keeping the head's side
        if skip[0] <= t[k].start < skip[1]:
            if k < h:
                lo = k + 1
            elif k > h:
                hi = k - 1
                break
    while lo < h and t[lo].pos in ("ADP", "DET", "CCONJ", "PRON") and t[lo].dep != "amod":
        lo += 1
    while hi > h and t[hi].pos in ("ADP", "DET", "CCONJ", "PUNCT"):
        hi -= 1
    # contiguous only: stop at punctuation
    while lo < h and t[lo].pos == "PUNCT":
        lo += 1
    for k in range(h + 1, hi + 1):
        if t[k].pos == "PUNCT":
            hi = k - 1
            break
    return text[t[lo].start:t[hi].end]


# heads that name no metric: "reach the level of $40 billion in trade turnover"
_GENERIC_HEADS = {"level", "mark", "figure", "amount", "value", "total", "sum", "record",
                  "threshold", "уровень", "уровня", "уровне", "отметка", "отметки", "отметку",
                  "показатель", "показателя", "значение", "значения", "рубеж", "рубежа"}


def _named_in(syn: _Syntax, fig_head: int, generic: int) -> int | None:
    """The noun of an "in X" / "of X" / "по X" complement of the figure or of the generic
    head noun over it ("the level of $40 billion in trade turnover" -> turnover)."""
    t = syn.toks
    for owner in (fig_head, generic):
        for c in syn.children[owner]:
            if t[c].pos == "ADP" and t[c].lemma in ("in", "of", "for", "по"):
                for g in syn.children[c]:
                    if t[g].pos in ("NOUN", "PROPN") and not t[g].start <= t[fig_head].start \
                            < t[g].end and t[g].lemma not in _GENERIC_HEADS:
                        return g
            elif owner == fig_head and t[c].dep in ("nmod", "obl") and t[c].pos == "NOUN" \
                    and t[c].lemma not in _GENERIC_HEADS:
                return c
    return None


_ASIDE = {"–", "—", "-", "(", ")"}


def _interrupted_subject(syn: _Syntax, verb: int, text: str) -> int | None:
    """The noun opening a clause that a dashed or bracketed aside cuts before ``verb``:
    "Our trade turnover – I want to emphasize this – ..., increased" -> turnover. The
    noun must start its clause (after a quote mark, a line break or a sentence end)."""
    t = syn.toks
    k = verb - 1
    marks = []
    while k >= 0 and verb - k < 60:
        tok = t[k]
        if tok.text in (".", "!", "?", ";") or "\n" in tok.text:
            break
        if tok.text in _ASIDE and text[tok.start - 1:tok.start].isspace():
            marks.append(k)
        k -= 1
    if len(marks) < 2:
        return None
    noun = marks[-1] - 1
    if noun < 0 or t[noun].pos not in ("NOUN", "PROPN"):
        return None
    b = noun
    while b > 0 and b > noun - 5 and t[b - 1].pos in ("NOUN", "PROPN", "ADJ", "DET", "PRON"):
        b -= 1
    prev = text[:t[b].start].rstrip(" \t")
    if prev and prev[-1] not in "“\"«\n.!?:":
        return None
    return noun


def _figure_head(syn: _Syntax, start: int, end: int) -> int | None:
    idx = syn.at(start, end)
    if not idx:
        return None
    inside = set(idx)
    for k in idx:
        if syn.toks[k].head not in inside or syn.toks[k].head == k:
            return k
    return idx[-1]


def _metric(syn: _Syntax, q: _Q, text: str) -> str | None:
    head = _figure_head(syn, q.start, q.end)
    if head is None:
        return None
    t = syn.toks
    if q.unit == "count" and q.noun:
        nidx = syn.at(q.end - len(q.noun.split()[-1]), q.end)
        nidx = [x for x in nidx if syn.toks[x].pos in ("NOUN", "PROPN")]
        if nidx:
            return _noun_phrase(syn, nidx[-1], text, (q.start, q.end - len(q.noun)))
    k = head
    for _ in range(6):
        tok = t[k]
        h = tok.head
        if h == k:
            return None
        ht = t[h]
        if tok.dep == "pobj" or (tok.dep in ("obl", "nmod") and ht.pos == "ADP"):
            k = h
            continue
        if ht.pos == "ADP":
            k = h
            continue
        if ht.pos in ("NOUN", "PROPN") and tok.dep in ("prep", "nmod", "appos", "npadvmod",
                                                        "nummod", "nummod:gov", "amod",
                                                        "compound", "attr", "conj"):
            if tok.dep == "conj":
                k = h
                continue
            if ht.lemma in _GENERIC_HEADS:
                named = _named_in(syn, head, h)
                if named is not None:
                    return _noun_phrase(syn, named, text, (q.start, q.end))
            return _noun_phrase(syn, h, text, (q.start, q.end))
        if ht.pos in ("VERB", "AUX", "ADJ") or tok.dep in ("dobj", "obj", "attr", "obl",
                                                            "npadvmod", "advmod", "xcomp"):
            v = h
            for _ in range(4):
                subj = [c for c in syn.children[v]
                        if t[c].dep in ("nsubj", "nsubjpass", "nsubj:pass", "csubj")]
                subj = [c for c in subj if not (q.start <= t[c].start < q.end)]
                if subj:
                    s = subj[0]
                    if t[s].pos == "PRON":
                        break
                    return _noun_phrase(syn, s, text, (q.start, q.end))
                if t[v].dep in ("conj", "xcomp", "ccomp", "advcl", "acl", "relcl") \
                        and t[v].head != v:
                    if t[v].dep in ("acl", "relcl") and t[t[v].head].pos in ("NOUN", "PROPN"):
                        return _noun_phrase(syn, t[v].head, text, (q.start, q.end))
                    v = t[v].head
                    continue
                break
            # a subject cut off by a dashed aside ("Our trade turnover – I want to
            # emphasize this – ... increased by a third and reached $38.5 billion")
            cut = _interrupted_subject(syn, h, text)
            return _noun_phrase(syn, cut, text, (q.start, q.end)) if cut is not None else None
        k = h
    return None


def _kind(syn: _Syntax | None, q: _Q, text: str, sent: tuple[int, int]) -> str:
    s0 = max(sent[0], q.start - 300, text.rfind("\n", 0, q.start) + 1)
    before = text[s0:q.start]
    if _TARGET_RE.search(before):
        return "target"
    fut = False
    if syn is not None:
        head = _figure_head(syn, q.start, q.end)
        k = head
        seen = 0
        while k is not None and seen < 5:
            tok = syn.toks[k]
            if tok.fut or any(syn.toks[c].fut and syn.toks[c].dep.startswith("aux")
                              for c in syn.children[k]):
                fut = True
                break
            if tok.head == k:
                break
            k = tok.head
            seen += 1
    if fut or _FORECAST_RE.search(before):
        return "forecast"
    if _OTHER_RE.search(before):
        return "other"
    return "actual"


def _claimant(syn: _Syntax | None, text: str, sent: tuple[int, int], people: list[Span],
              lookup: EntityLookup | None = None) -> str | None:
    """Who the sentence says claimed its figures: the subject of a reporting verb, or the
    name after "according to" / "по словам". With ``lookup`` (identity resolution) that
    span's canonical entity name, or None when it resolves to none (never a pronoun or a
    bare title); without it, a PERSON/ORG entity of the annotation overlapping the span."""
    s0, s1 = sent
    inside = [e for e in people if s0 <= e.start and e.end <= s1]
    if lookup is None and not inside:
        return None

    def name_at(a: int, b: int) -> str | None:
        if lookup is not None:
            ent = lookup.entity_at(a, b)
            return ent.name if ent is not None and ent.name else None
        for e in inside:
            if e.start < b and a < e.end:
                return e.normal or e.text
        return None

    for m in _ACCORDING.finditer(text, s0, s1):
        if lookup is not None:
            # the name right after the cue: up to the next punctuation, at most 60 chars
            tail = re.match(r"[^,.;:!?()\"«»“”]{1,60}", text[m.end():s1])
            if tail:
                name = name_at(m.end() + 1, m.end() + len(tail.group().rstrip()))
                if name:
                    return name
            continue
        for e in inside:
            if 0 <= e.start - m.end() <= 25:
                return e.normal or e.text
    if syn is not None:
        for k in syn.at(s0, s1):
            tok = syn.toks[k]
            if tok.lemma in _REPORT_EN or _REPORT_RU.match(tok.text):
                for c in syn.children[k]:
                    if syn.toks[c].dep in ("nsubj", "nsubjpass", "nsubj:pass"):
                        a = min(syn.toks[x].start for x in [c, *syn.children[c]])
                        b = max(syn.toks[x].end for x in [c, *syn.children[c]])
                        if lookup is not None:  # the head word first: "the president" ...
                            name = name_at(syn.toks[c].start, syn.toks[c].end) or name_at(a, b)
                        else:
                            name = name_at(a, b)
                        if name:
                            return name
    return None
