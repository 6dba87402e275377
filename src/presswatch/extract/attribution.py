"""A learned attribution detector: beliefs, plans, criticism, evidence as well as speech.

The rule extractor (:mod:`presswatch.extract.quotes`) finds speech: quoted words and
clauses after a reporting verb. Attribution in the broad sense of PolNeAR ("supports some
opposition groups", "plans to reduce", "has called for taxing", "the poll shows") is a long
tail of cues that rules do not close. This module learns it from brat standoff
annotations (PolNeAR's layout: ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``
with ``Source`` / ``Cue`` / ``Content`` spans joined by an ``Attribution`` event); it is
opt-in: presswatch ships no model (PolNeAR may not be redistributed), a user trains one
with ``presswatch train-attribution BRAT_DIR --out model.json`` and passes it to ingest
(``--attribution-model``, ``PRESSWATCH_ATTRIBUTION_MODEL``, ``Settings.attribution_model``).

How it works (docs/attribution.md has the figures):

* **candidates**: predicates of the parse (the token view of :mod:`presswatch.nlp.tokens`,
  so a spaCy or a natasha parse): verbs, auxiliaries that head a clause, and nouns or
  adjectives that take a clause or a preposition ("his claim that", "critical of",
  "according to");
* **options**: per candidate, the spans that could be its content: the subtree of each
  complement (``ccomp``, ``xcomp``, ``dobj``/``obj``, the object of each preposition /
  ``obl``, ``advcl``, ``oprd``...), and the rest of the governing clause ("X, he said";
  "according to X, ...");
* **one linear model** (logistic regression over binary features: lemma, cue as written,
  dependency labels of the children, the option's relation, preposition, head POS and
  length, the subject's entity type / pronoun / lemma, negation, tense and auxiliaries,
  quote marks around, neighbouring lemmas, and conjunctions of the lemma with the option)
  scores each (candidate, option) pair; a candidate is a cue when its best option scores
  above the model's threshold, and that option is the content. Overlapping predictions
  keep the best scored;
* **source**: the subject (climbing from "adding" to the verb it hangs on), the
  passive agent, a possessor ("his claim"), or the object of "according to"; resolved to
  a speaker by the same :class:`~presswatch.extract.quotes.EntityLookup` and resolution as
  the rule extractor.

The model is JSON (``presswatch.attribution/1``: feature weights, intercept, threshold,
language), read without scikit-learn; scikit-learn (the ``learn`` extra) is imported only
to train. :func:`add_learned_attributions` merges the learned attributions into the rule
quotes: rule quotes are kept as they are, and learned ones that overlap none are added as
``indirect`` quotes with their cue and speaker.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from presswatch.extract.quotes import (
    EntityLookup,
    QuoteExtractor,
    QuoteRecord,
    extract_quote_records,
    extract_quotes,
)
from presswatch.model import Annotation, Quote
from presswatch.nlp.tokens import Tok, token_view

__all__ = [
    "FORMAT",
    "Attribution",
    "AttributionModel",
    "GoldAttribution",
    "add_learned_attributions",
    "extract_quotes_with_model",
    "load_model",
    "predict",
    "read_brat",
    "train",
]

FORMAT = "presswatch.attribution/1"
DEFAULT_THRESHOLD = 0.2  # the best of dev 5-fold CV (bench/attribution.py)
Span = tuple[int, int]

# dependency labels (spaCy's English scheme and UD, as natasha gives it)
_SUBJ = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj", "csubjpass", "csubj:pass"})
_PREP = frozenset({"prep"})  # spaCy: the preposition heads its object
_OBL = frozenset({"obl", "nmod", "obl:agent", "iobj"})  # UD: the noun heads, "case" below it
_SKIP = frozenset({
    "det", "aux", "auxpass", "aux:pass", "neg", "punct", "cc", "mark", "compound", "amod",
    "nummod", "case", "prt", "compound:prt", "predet", "poss", "nmod:poss", "cop", "expl",
    "discourse", "dep", "fixed", "flat", "flat:name", "flat:foreign", "goeswith",
    "quantmod", "meta", "preconj", "intj", "det:poss", "list", "vocative", "orphan", "advmod",
    "appos",
})
_CLAUSE_TAKERS = frozenset({"ccomp", "xcomp", "acl", "csubj", "advcl"})
_MARKS_OPEN = "“«„"
_MARKS_CLOSE = "”»"
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "он", "она", "они",
                       "оно", "я", "мы", "вы"})
_COMPLEMENTISERS = frozenset({"that", "что", "чтобы", "whether", "ли"})


@dataclass(slots=True)
class GoldAttribution:
    """One annotated attribution: each role is a list of (start, end) pieces (brat allows
    discontinuous spans); ``source`` and ``cue`` may be empty."""

    content: list[Span]
    cue: list[Span] = field(default_factory=list)
    source: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Attribution:
    """A predicted attribution: character spans into the text, and the model's probability."""

    cue_span: Span
    content: Span
    source_tok: int | None  # token index of the source's head (for speaker resolution)
    source_span: Span | None
    score: float
    cue_tok: int


# --- brat ----------------------------------------------------------------------------


def parse_brat(src: str) -> list[GoldAttribution]:
    """The attributions of one brat ``.ann`` file (events joining Source / Cue / Content
    text-bound annotations; attributions without a content are skipped)."""
    spans: dict[str, list[Span]] = {}
    events: list[list[str]] = []
    for line in src.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2 or " " not in parts[1]:
                continue
            _label, rng = parts[1].split(" ", 1)
            try:
                spans[parts[0]] = [(int(a), int(b)) for a, b in
                                   (p.split() for p in rng.split(";"))]
            except ValueError:
                continue
        elif line.startswith("E") and "\t" in line:
            events.append(line.split("\t")[1].split())
    out: list[GoldAttribution] = []
    for ev in events:
        roles: dict[str, list[Span]] = {}
        for part in ev:
            if ":" not in part:
                continue
            role, tid = part.split(":", 1)
            role = re.sub(r"\d+$", "", role)
            if tid in spans and role not in roles:
                roles[role] = spans[tid]
        if roles.get("Content"):
            out.append(GoldAttribution(roles["Content"], roles.get("Cue", []),
                                       roles.get("Source", [])))
    return out


def read_brat(folder: str | Path) -> Iterator[tuple[str, str, list[GoldAttribution]]]:
    """``(name, text, attributions)`` per article of a brat folder laid out as PolNeAR is
    (``text/NAME.txt``, ``attributions/NAME_ANNOTATOR.ann``; the annotator file that sorts
    first is used), or flat (``NAME.txt`` beside ``NAME.ann``)."""
    base = Path(folder)
    if (base / "attributions").is_dir():
        anns: dict[str, list[Path]] = {}
        for f in sorted((base / "attributions").glob("*.ann")):
            anns.setdefault(f.stem.rsplit("_", 1)[0], []).append(f)
        for name in sorted(anns):
            txt = base / "text" / f"{name}.txt"
            if txt.exists():
                yield (name, txt.read_text(encoding="utf-8"),
                       parse_brat(sorted(anns[name])[0].read_text(encoding="utf-8")))
        return
    for f in sorted(base.glob("*.ann")):
        txt = f.with_suffix(".txt")
        if txt.exists():
            yield f.stem, txt.read_text(encoding="utf-8"), parse_brat(
                f.read_text(encoding="utf-8"))


# --- candidates and features -----------------------------------------------------------


@dataclass(slots=True)
class _Option:
    kind: str
    lo: int  # token range, inclusive
    hi: int
    span: Span
    feats: list[str]


@dataclass(slots=True)
class _Candidate:
    tok: int
    feats: list[str]
    options: list[_Option]


class _Doc:
    """The token view of one document with what the features need."""

    def __init__(self, text: str, annotation: Annotation) -> None:
        self.text = text
        self.ru = annotation.language == "ru"
        doc = annotation.native
        if doc is None or (self.ru and not hasattr(doc, "tokens")):
            self.toks: list[Tok] = []
        else:
            self.toks = token_view(annotation, text)
        toks = self.toks
        # entity label per token
        self.ent = [""] * len(toks)
        starts = [t.start for t in toks]
        for sp in annotation.entities:
            k = bisect_left(starts, sp.start)
            while k < len(toks) and toks[k].start < sp.end:
                self.ent[k] = sp.label
                k += 1
        # inside quote marks (per paragraph)
        self.quoted = [False] * len(toks)
        inside = False
        for t in toks:
            if t.i and "\n" in text[toks[t.i - 1].end:t.start]:
                inside = False
            ch = t.text
            if ch and ch[0] in _MARKS_OPEN:
                inside = True
            elif ch and ch[0] in _MARKS_CLOSE:
                inside = False
            elif ch == '"':
                inside = not inside
            else:
                self.quoted[t.i] = inside
        # sentence bounds (token indices)
        self.sent_lo: dict[int, int] = {}
        self.sent_hi: dict[int, int] = {}
        for t in toks:
            self.sent_lo.setdefault(t.sent, t.i)
            self.sent_hi[t.sent] = t.i
        self._sub: dict[int, tuple[int, int]] = {}

    def subtree(self, i: int) -> tuple[int, int]:
        got = self._sub.get(i)
        if got is not None:
            return got
        lo = hi = i
        stack = [i]
        seen = {i}
        toks = self.toks
        while stack:
            x = stack.pop()
            lo = min(lo, x)
            hi = max(hi, x)
            for c in toks[x].children:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        # stay within the sentence (natasha's parse may cross it)
        s = toks[i].sent
        lo = max(lo, self.sent_lo[s])
        hi = min(hi, self.sent_hi[s])
        self._sub[i] = (lo, hi)
        return lo, hi

    def trim(self, lo: int, hi: int) -> tuple[int, int] | None:
        toks = self.toks
        while lo <= hi and (toks[lo].pos == "PUNCT" or (
                toks[lo].lower in _COMPLEMENTISERS and toks[lo].dep == "mark")
                or toks[lo].pos == "CCONJ"):
            lo += 1
        while hi >= lo and toks[hi].pos == "PUNCT" and toks[hi].text not in _MARKS_CLOSE + '"':
            hi -= 1
        return (lo, hi) if lo <= hi else None

    def span(self, lo: int, hi: int) -> Span:
        return self.toks[lo].start, self.toks[hi].end


_NOUN_PREPS = frozenset({"about", "on", "of", "against", "for", "over", "that", "to", "with",
                         "о", "об", "обо", "про", "против", "за"})


def _is_candidate(d: _Doc, t: Tok) -> bool:
    if t.pos == "VERB":
        return t.dep not in ("aux", "auxpass", "aux:pass", "amod", "compound")
    if t.pos == "AUX":
        return t.dep not in ("aux", "auxpass", "aux:pass", "cop")
    if t.pos in ("NOUN", "ADJ"):
        for c in t.children:
            ct = d.toks[c]
            if ct.dep in _CLAUSE_TAKERS:
                return True
            if ct.dep in _PREP and ct.lemma in _NOUN_PREPS:
                return True
            if ct.dep in _OBL and any(d.toks[x].dep == "case" and d.toks[x].lemma in _NOUN_PREPS
                                      for x in ct.children):
                return True
        return False
    return False


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"


def _subject(d: _Doc, t: Tok) -> Tok | None:
    toks = d.toks
    cur = t
    for _ in range(4):
        for c in cur.children:
            if toks[c].dep in _SUBJ:
                return toks[c]
        if cur.dep in ("advcl", "xcomp", "conj", "acl", "relcl", "acl:relcl") and cur.head != cur.i:
            if cur.dep in ("acl", "relcl", "acl:relcl"):
                return toks[cur.head]  # "the lawmaker who said": the noun it describes
            cur = toks[cur.head]
            continue
        return None
    return None


def _source(d: _Doc, t: Tok) -> Tok | None:
    """The source's head token: "according to X", a possessor, a passive agent, the
    subject (climbing), a noun's governing verb's subject."""
    toks = d.toks
    if t.lower == "according" and t.i + 1 < len(toks):
        to = toks[t.i + 1]
        objs = [toks[c] for c in to.children if toks[c].dep in ("pobj", "obl", "nmod")]
        return objs[0] if objs else None
    for c in t.children:
        ct = toks[c]
        if ct.dep in ("poss", "nmod:poss"):
            return ct
        if ct.dep in ("agent", "obl:agent"):
            objs = [toks[x] for x in ct.children if toks[x].dep == "pobj"]
            return objs[0] if objs else ct
    if t.pos in ("NOUN", "ADJ") and t.head != t.i:
        h = t
        for _ in range(3):
            if h.head == h.i:
                break
            h = toks[h.head]
            if h.pos in ("VERB", "AUX"):
                return _subject(d, h)
        return None
    return _subject(d, t)


def _options(d: _Doc, t: Tok) -> list[_Option]:
    toks = d.toks
    out: list[_Option] = []

    def add(kind: str, lo: int, hi: int, head: Tok) -> None:
        got = d.trim(lo, hi)
        if got is None:
            return
        lo, hi = got
        if lo <= t.i <= hi:
            return
        n = hi - lo + 1
        has_subj = any(toks[x].dep in _SUBJ for x in head.children)
        has_verb = any(toks[x].pos in ("VERB", "AUX") for x in range(lo, hi + 1))
        first = toks[lo]
        marks = any(toks[x].text in _MARKS_OPEN + _MARKS_CLOSE + '"' for x in range(lo, hi + 1))
        feats = [
            f"o={kind}", f"o.len={_bucket(n)}", f"o.pos={head.pos}", f"o.subj={has_subj}",
            f"o.verb={has_verb}", f"o.first={first.lower if first.pos != 'PROPN' else 'PROPN'}",
            f"o.side={'after' if lo > t.i else 'before'}", f"o.marks={marks}",
            f"o.headlemma={head.lemma}", f"o.tense={head.tense}",
            f"o.ent={d.ent[head.i] or '-'}",
        ]
        out.append(_Option(kind, lo, hi, d.span(lo, hi), feats))

    for c in t.children:
        ct = toks[c]
        dep = ct.dep
        if dep in _SKIP:
            continue
        if dep in _PREP:
            objs = [toks[x] for x in ct.children if toks[x].dep in ("pobj", "pcomp")]
            if objs:
                lo, hi = d.subtree(objs[0].i)
                add(f"prep:{ct.lemma}", lo, hi, objs[0])
            continue
        if dep in _OBL:
            case = [toks[x] for x in ct.children if toks[x].dep == "case"]
            lo, hi = d.subtree(c)
            if case and case[0].i == lo:
                lo += 1
            add(f"{dep}:{case[0].lemma if case else '-'}", lo, hi, ct)
            continue
        lo, hi = d.subtree(c)
        add(dep, lo, hi, ct)
    if t.head != t.i:
        # the rest of the governing clause: "X, he said"; "according to X, Y"
        h = toks[t.head]
        hlo, hhi = d.subtree(h.i)
        tlo, thi = d.subtree(t.i)
        if t.lower == "according" and t.i + 1 < len(toks):
            tlo, thi = min(tlo, t.i), max(thi, d.subtree(toks[t.i + 1].i)[1])
        if thi < hhi and tlo > hlo and t.dep in ("parataxis", "prep", "advcl"):
            left, right = (hlo, tlo - 1), (thi + 1, hhi)
            best = max(left, right, key=lambda r: r[1] - r[0])
            add(f"head:{t.dep}", best[0], best[1], h)
        elif tlo <= hlo and thi < hhi:
            add(f"head:{t.dep}", thi + 1, hhi, h)
        elif thi >= hhi and tlo > hlo:
            add(f"head:{t.dep}", hlo, tlo - 1, h)
    return out


def _candidate_feats(d: _Doc, t: Tok, subj: Tok | None) -> list[str]:
    toks = d.toks
    deps = sorted({toks[c].dep for c in t.children})
    preps = sorted({toks[c].lemma for c in t.children if toks[c].dep in _PREP})
    auxes = sorted({toks[c].lemma for c in t.children if toks[c].dep in (
        "aux", "auxpass", "aux:pass")})
    neg = any(toks[c].dep == "neg" or toks[c].lower in ("not", "n't", "не", "never")
              for c in t.children)
    prt = next((toks[c].lemma for c in t.children if toks[c].dep in ("prt", "compound:prt")),
               "")
    prev = toks[t.i - 1].lemma if t.i > 0 else "<s>"
    nxt = toks[t.i + 1].lemma if t.i + 1 < len(toks) else "</s>"
    head = toks[t.head]
    feats = [
        "bias", f"lemma={t.lemma}", f"low={t.lower}", f"pos={t.pos}", f"dep={t.dep}",
        f"tense={t.tense}", f"neg={neg}", f"prev={prev}", f"next={nxt}",
        f"head.lemma={head.lemma if head.i != t.i else '<root>'}",
        f"head.pos={head.pos if head.i != t.i else '<root>'}", f"quoted={d.quoted[t.i]}",
        f"lemma.prt={t.lemma}|{prt}", f"lemma.pos={t.lemma}|{t.pos}",
        f"head.dep={head.dep if head.i != t.i else '<root>'}",
        f"pos.dep={t.pos}|{t.dep}",
    ]
    feats += [f"child={x}" for x in deps]
    feats += [f"prep={x}" for x in preps]
    feats += [f"lemma.prep={t.lemma}|{x}" for x in preps]
    feats += [f"aux={x}" for x in auxes]
    if subj is None:
        feats.append("subj=none")
    else:
        kind = ("pron" if subj.pos == "PRON" or subj.lower in _PRONOUNS else
                d.ent[subj.i] or subj.pos)
        feats += [f"subj.lemma={subj.lemma}", f"subj.dep={subj.dep}",
                  f"lemma.subj={t.lemma}|{kind}", f"subj={kind}"]
    return feats


def _pair_feats(c: _Candidate, o: _Option, lemma: str) -> list[str]:
    kind = o.kind
    base = kind.split(":", 1)[0]
    return c.feats + o.feats + [
        f"lemma.o={lemma}|{kind}", f"lemma.obase={lemma}|{base}",
        f"lemma.o.subj={lemma}|{base}|{o.feats[3]}",
        f"o.len.base={base}|{o.feats[1]}", f"subj.o={c.feats[-1]}|{base}",
    ]


def _candidates(d: _Doc) -> list[_Candidate]:
    out = []
    for t in d.toks:
        if not _is_candidate(d, t):
            continue
        opts = _options(d, t)
        if not opts:
            continue
        subj = _source(d, t)
        out.append(_Candidate(t.i, _candidate_feats(d, t, subj), opts))
    return out


# --- the model ---------------------------------------------------------------------------


@dataclass(slots=True)
class AttributionModel:
    """Weights of the (candidate, option) scorer; JSON in and out, no pickle."""

    weights: dict[str, float]
    intercept: float
    threshold: float = DEFAULT_THRESHOLD
    language: str = "en"
    meta: dict[str, Any] = field(default_factory=dict)

    def prob(self, feats: Iterable[str]) -> float:
        w = self.weights
        z = self.intercept + sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "language": self.language, "threshold": self.threshold,
                "intercept": self.intercept, "meta": self.meta,
                "weights": dict(sorted(self.weights.items()))}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttributionModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a presswatch attribution model (format {FORMAT!r} expected)")
        return cls({str(k): float(v) for k, v in data["weights"].items()},
                   float(data["intercept"]), float(data.get("threshold", DEFAULT_THRESHOLD)),
                   str(data.get("language", "en")), dict(data.get("meta", {})))

    @classmethod
    def load(cls, path: str | Path) -> AttributionModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"cannot read attribution model {path}: {exc}") from exc
        return cls.from_json(data)


@lru_cache(maxsize=4)
def load_model(path: str) -> AttributionModel:
    """A model file, read once per process."""
    return AttributionModel.load(path)


def predict(text: str, annotation: Annotation, model: AttributionModel,
            threshold: float | None = None) -> list[Attribution]:
    """The attributions of ``text`` the model finds, in text order; contents never overlap
    (the better scored wins)."""
    if not text or annotation.native is None:
        return []
    d = _Doc(text, annotation)
    thr = model.threshold if threshold is None else threshold
    found: list[Attribution] = []
    for c in _candidates(d):
        t = d.toks[c.tok]
        best: tuple[float, _Option] | None = None
        for o in c.options:
            p = model.prob(_pair_feats(c, o, t.lemma))
            if best is None or p > best[0]:
                best = (p, o)
        if best is None or best[0] < thr:
            continue
        p, o = best
        src = _source(d, t)
        sspan = None
        if src is not None:
            lo, hi = d.subtree(src.i) if src.dep not in _SUBJ else _subject_span(d, src)
            sspan = d.span(lo, hi)
            if min(sspan[1], o.span[1]) > max(sspan[0], o.span[0]):
                src, sspan = None, None
        cue_end = t.end
        if t.lower == "according" and t.i + 1 < len(d.toks):
            cue_end = d.toks[t.i + 1].end
        found.append(Attribution((t.start, cue_end), o.span, src.i if src else None, sspan,
                                 p, t.i))
    found.sort(key=lambda a: -a.score)
    kept: list[Attribution] = []
    for a in found:
        if any(_overlap(a.content, k.content) for k in kept):
            continue
        kept.append(a)
    kept.sort(key=lambda a: a.content)
    return kept


def _subject_span(d: _Doc, s: Tok) -> tuple[int, int]:
    """A subject without its relative clause or apposition ("Trump, who ...")."""
    lo = hi = s.i
    for c in s.children:
        if d.toks[c].dep in ("relcl", "acl:relcl", "appos", "punct", "acl", "cc", "conj"):
            continue
        clo, chi = d.subtree(c)
        lo, hi = min(lo, clo), max(hi, chi)
    return lo, hi


def _overlap(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


# --- training ----------------------------------------------------------------------------


def _labelled(text: str, annotation: Annotation, gold: Sequence[GoldAttribution]
              ) -> Iterator[tuple[list[str], int]]:
    """(features, label) per (candidate, option) pair: positive when the candidate lies in
    a gold cue and the option is its one that overlaps that cue's content most."""
    d = _Doc(text, annotation)
    for c in _candidates(d):
        t = d.toks[c.tok]
        best_k, best_ov = -1, 0.0
        for g in gold:
            if not any(s <= t.start < e for s, e in g.cue):
                continue
            for k, o in enumerate(c.options):
                inter = sum(max(0, min(e, o.span[1]) - max(s, o.span[0])) for s, e in g.content)
                if inter <= 0:
                    continue
                size = sum(e - s for s, e in g.content)
                jac = inter / (size + (o.span[1] - o.span[0]) - inter)
                if jac > best_ov:
                    best_k, best_ov = k, jac
        for k, o in enumerate(c.options):
            yield _pair_feats(c, o, t.lemma), int(k == best_k)


def train(docs: Iterable[tuple[str, Annotation, Sequence[GoldAttribution]]],
          language: str = "en", c: float = 0.3, threshold: float = DEFAULT_THRESHOLD,
          min_count: int = 1, meta: dict[str, Any] | None = None) -> AttributionModel:
    """Fit the scorer on annotated documents (``(text, annotation, attributions)``).

    Needs scikit-learn (the ``learn`` extra), imported here only."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("training needs scikit-learn: pip install 'presswatch[learn]'"
                           ) from exc
    import numpy as np
    from scipy.sparse import csr_matrix

    rows: list[list[str]] = []
    labels: list[int] = []
    n_docs = 0
    for text, ann, gold in docs:
        n_docs += 1
        for feats, y in _labelled(text, ann, gold):
            rows.append(feats)
            labels.append(y)
    if not rows or len(set(labels)) < 2:
        raise ValueError("no attribution found to learn from (check the annotations)")
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    index = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    indptr = [0]
    cols: list[int] = []
    for feats in rows:
        cols.extend(sorted({index[f] for f in feats if f in index}))
        indptr.append(len(cols))
    x = csr_matrix((np.ones(len(cols)), np.array(cols), np.array(indptr)),
                   shape=(len(rows), len(index)))
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=0)
    clf.fit(x, np.array(labels))
    coef = clf.coef_[0]
    names = list(index)
    weights = {names[i]: round(float(w), 5) for i, w in enumerate(coef) if abs(w) >= 1e-4}
    info = {"documents": n_docs, "pairs": len(rows), "positives": int(sum(labels)),
            "features": len(weights), "C": c}
    info.update(meta or {})
    return AttributionModel(weights, round(float(clf.intercept_[0]), 5), threshold,
                            language, info)


# --- use at ingest -----------------------------------------------------------------------


def add_learned_attributions(records: Sequence[QuoteRecord], text: str,
                             annotation: Annotation, people: EntityLookup,
                             model: AttributionModel) -> list[QuoteRecord]:
    """The rule quotes ``records`` as they are, plus the model's attributions that overlap
    none of them (their marks included) as ``indirect`` quotes with cue and speaker
    (the source resolved as the rule extractor resolves a subject), in text order."""
    out = list(records)
    taken = [r.marks or (r.start, r.end) for r in records]
    preds = [a for a in predict(text, annotation, model)
             if not any(_overlap(a.content, s) or _overlap(a.cue_span, s) for s in taken)]
    if not preds:
        return out
    ext = QuoteExtractor(text, annotation, people)
    group = max((r.group for r in records), default=0) + 1
    for a in preds:
        s, e = a.content
        subj = ext.toks[a.source_tok] if a.source_tok is not None else None
        att = ext.resolve(subj, a.cue_span[0], None)
        if a.source_tok is not None and att.speaker is None and att.speaker_name is None:
            att.speaker = people.entity_at(*(a.source_span or a.cue_span))
        if att.speaker is not None and att.speaker.type not in (
                "PERSON", "ORG", "GPE", "NORP", "OTHER"):
            att.speaker = None
        out.append(QuoteRecord(s, e, "indirect", cue=text[a.cue_span[0]:a.cue_span[1]],
                               cue_span=a.cue_span, subject_span=att.subject_span or
                               a.source_span, speaker=att.speaker,
                               speaker_name=att.speaker_name, group=group, marks=(s, e)))
        group += 1
    out.sort(key=lambda r: (r.start, r.end))
    return out


def extract_quotes_with_model(text: str, annotation: Annotation, people: EntityLookup,
                              model: str | AttributionModel | None = None) -> list[Quote]:
    """:func:`~presswatch.extract.quotes.extract_quotes`, plus the learned attributions of
    ``model`` (a model or the path of one) when given; without one, exactly the rule
    quotes."""
    if model is None:
        return extract_quotes(text, annotation, people)
    m = load_model(str(model)) if not isinstance(model, AttributionModel) else model
    if m.language != (annotation.language or "en"):
        return extract_quotes(text, annotation, people)
    recs = extract_quote_records(text, annotation, people)
    return [r.to_quote(text) for r in add_learned_attributions(recs, text, annotation,
                                                               people, m)]
