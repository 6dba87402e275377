"""Quote attribution quality: presswatch's quote extractor beside textacy, same data, same run.

Sets:

* **PolNeAR** (``../shared/eval/polnear``, English political news, brat standoff with
  attributions: source / cue / content). ``--split dev`` to tune, ``test`` to report.
  Articles annotated by several annotators: the annotator file that sorts first
  (``<article>_<annotator>.ann``, lowest annotator id) is used. Input: the raw article
  text (first line = title) run through ``backend_for("en")`` (presswatch's spaCy
  pipeline) and ``identity.resolve_document`` (the real resolver, as ingest passes it to
  ``extract_quotes``); gold offsets index that text. textacy's
  ``direct_quotations`` runs on the very same spaCy ``Doc``.
  - content F1, exact and overlap (one-to-one greedy matching; both sides' spans are
    compared after stripping quote marks, spaces and edge punctuation; PARC-3.0 citron
    reference: exact 0.567, overlap 0.832);
  - speaker accuracy over matched attributions whose gold has a source: right when the
    predicted speaker span (the subject as written) overlaps the gold source span, or the
    resolved canonical name shares a word with the gold source text;
  - the same restricted to direct quotes (gold content in quote marks; predictions of
    kind ``direct``/``transcript``, textacy's all).
* **ADAQ ru** (``../shared/eval/adaq_ru_quotes``, 208 SynTagRus sentences, 100 with a
  quote): sentence-level detection P/R/F1, speaker (predicted speaker span or name
  overlaps the gold source tokens) and cue (predicted cue shares a word with the gold
  cue tokens) accuracy over the sentences both find. textacy has no Russian.
* **own gold** (``tests/data/quotes_gold.json``): per language and kind, recall (overlap)
  and exact recall of gold quotes, precision, speaker and cue accuracy on found quotes.

    python bench/quotes.py [--split dev|test] [--limit N] [--out bench/out/quotes.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

from presswatch.extract.identity import resolve_document  # noqa: E402
from presswatch.extract.quotes import extract_quote_records  # noqa: E402
from presswatch.nlp import backend_for  # noqa: E402

MARKS = "\"“”«»„‘’'"
EDGE = MARKS + " \t\n,.;:!?—–-"
Span = tuple[int, int]


def norm_span(text: str, s: int, e: int) -> Span:
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE:
        e -= 1
    return s, e


def match(gold: list[Span], pred: list[Span], exact: bool) -> list[tuple[int, int]]:
    """One-to-one greedy matching by overlap size; pairs (gold index, pred index)."""
    cands = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(pred):
            if exact:
                if (gs, ge) == (ps, pe):
                    cands.append((ge - gs, gi, pi))
            else:
                ov = min(ge, pe) - max(gs, ps)
                if ov > 0:
                    cands.append((ov, gi, pi))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _ov, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def prf(n_match: int, n_gold: int, n_pred: int) -> dict[str, float]:
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


# --- PolNeAR ------------------------------------------------------------------------


def polnear_articles(split: str) -> Iterable[tuple[str, str, list[dict[str, Any]]]]:
    base = SHARED / "eval" / "polnear" / "data" / split
    anns: dict[str, list[Path]] = defaultdict(list)
    for f in sorted((base / "attributions").glob("*.ann")):
        anns[f.stem.rsplit("_", 1)[0]].append(f)
    for name in sorted(anns):
        text = (base / "text" / f"{name}.txt").read_text(encoding="utf-8")
        yield name, text, parse_ann(sorted(anns[name])[0].read_text(encoding="utf-8"))


def parse_ann(src: str) -> list[dict[str, Any]]:
    spans: dict[str, tuple[str, Span]] = {}
    events = []
    for line in src.splitlines():
        if line.startswith("T"):
            tid, info, _txt = [*line.split("\t"), "", ""][:3]
            label, rng = info.split(" ", 1)
            pieces = [tuple(int(x) for x in p.split()) for p in rng.split(";")]
            spans[tid] = (label, (min(p[0] for p in pieces), max(p[1] for p in pieces)))
        elif line.startswith("E"):
            events.append(line.split("\t")[1].split())
    out = []
    for ev in events:
        roles: dict[str, Span] = {}
        for part in ev:
            role, tid = part.split(":")
            role = re.sub(r"\d+$", "", role)
            if tid in spans and role not in roles:
                roles[role] = spans[tid][1]
        if "Content" in roles:
            out.append(roles)
    return out


def is_direct_gold(text: str, s: int, e: int) -> bool:
    seg = text[s:e]
    return any(m in seg for m in "\"“”«»")


def bench_polnear(split: str, limit: int | None) -> dict[str, Any]:
    from textacy.extract.triples import direct_quotations

    backend = backend_for("en")
    arts = list(polnear_articles(split))[:limit] if limit else list(polnear_articles(split))
    names = [a[0] for a in arts]
    texts = [a[1] for a in arts]
    acc: dict[str, dict[str, Any]] = {
        sys_: {"gold": 0, "pred": 0, "m_exact": 0, "m_overlap": 0, "spk_n": 0, "spk_ok": 0,
               "d_gold": 0, "d_pred": 0, "d_m_exact": 0, "d_m_overlap": 0, "d_spk_n": 0,
               "d_spk_ok": 0}
        for sys_ in ("presswatch", "textacy")
    }
    t_pw = 0.0
    t_id = 0.0
    t_tx = 0.0
    tx_bailed = 0
    for name, text, ann in zip(names, texts, backend.annotate(texts), strict=True):
        gold_attr = [g for g in polnear_gold(name, arts)]
        gold = [norm_span(text, *g["Content"]) for g in gold_attr]
        gdirect = [is_direct_gold(text, *g["Content"]) for g in gold_attr]
        t0 = time.perf_counter()
        people = resolve_document(text, ann)  # as ingest does (pipeline.Ingest)
        t1 = time.perf_counter()
        recs = extract_quote_records(text, ann, people)
        t2 = time.perf_counter()
        t_id += t1 - t0
        t_pw += t2 - t1
        pw = [{"span": norm_span(text, *(r.marks or (r.start, r.end))),
               "spk_span": r.subject_span,
               "name": (r.speaker.name if r.speaker else r.speaker_name),
               "direct": r.kind in ("direct", "transcript")} for r in recs]
        t0 = time.perf_counter()
        tx = []
        try:
            triples = list(direct_quotations(ann.native))
        except ValueError:  # textacy bails out on an odd number of quote marks
            triples = []
            tx_bailed += 1
        for q in triples:
            cs = q.content[0].idx
            ce = q.content[-1].idx + len(q.content[-1].text)
            sp = None
            if q.speaker:
                sp = (q.speaker[0].idx, q.speaker[-1].idx + len(q.speaker[-1].text))
            tx.append({"span": norm_span(text, cs, ce), "spk_span": sp, "name": None,
                       "direct": True})
        t_tx += time.perf_counter() - t0
        for sys_, preds in (("presswatch", pw), ("textacy", tx)):
            a = acc[sys_]
            score_doc(a, "", text, gold_attr, gold, [p for p in preds], exact_only=False)
            dg = [g for g, d in zip(gold_attr, gdirect, strict=True) if d]
            score_doc(a, "d_", text, dg, [norm_span(text, *g["Content"]) for g in dg],
                      [p for p in preds if p["direct"]], exact_only=False)
    res: dict[str, Any] = {"split": split, "articles": len(arts), "annotator": "first by id"}
    for sys_, a in acc.items():
        res[sys_] = {
            "gold": a["gold"], "pred": a["pred"],
            "exact": prf(a["m_exact"], a["gold"], a["pred"]),
            "overlap": prf(a["m_overlap"], a["gold"], a["pred"]),
            "speaker_acc": round(a["spk_ok"] / a["spk_n"], 3) if a["spk_n"] else None,
            "speaker_n": a["spk_n"],
            "direct": {
                "gold": a["d_gold"], "pred": a["d_pred"],
                "exact": prf(a["d_m_exact"], a["d_gold"], a["d_pred"]),
                "overlap": prf(a["d_m_overlap"], a["d_gold"], a["d_pred"]),
                "speaker_acc": round(a["d_spk_ok"] / a["d_spk_n"], 3) if a["d_spk_n"] else None,
                "speaker_n": a["d_spk_n"],
            },
        }
    res["presswatch"]["ms_per_article"] = round(1000 * t_pw / max(1, len(arts)), 2)
    res["presswatch"]["identity_ms_per_article"] = round(1000 * t_id / max(1, len(arts)), 2)
    res["textacy"]["articles_bailed_out"] = tx_bailed
    res["textacy"]["ms_per_article"] = round(1000 * t_tx / max(1, len(arts)), 2)
    return res


def polnear_gold(
    name: str, arts: list[tuple[str, str, list[dict[str, Any]]]]
) -> list[dict[str, Any]]:
    for n, _t, ann in arts:
        if n == name:
            return ann
    return []


def speaker_ok(text: str, gsrc: Span, pred: dict[str, Any]) -> bool:
    sp = pred["spk_span"]
    if sp and min(sp[1], gsrc[1]) > max(sp[0], gsrc[0]):
        return True
    name = pred.get("name")
    if name:
        gwords = {w.lower() for w in re.findall(r"\w+", text[gsrc[0]:gsrc[1]])}
        return any(w.lower() in gwords for w in re.findall(r"\w{3,}", name))
    return False


def score_doc(a: dict[str, Any], pre: str, text: str, gold_attr: list[dict[str, Any]],
              gold: list[Span], preds: list[dict[str, Any]], exact_only: bool) -> None:
    pspans = [p["span"] for p in preds]
    a[pre + "gold"] += len(gold)
    a[pre + "pred"] += len(pspans)
    a[pre + "m_exact"] += len(match(gold, pspans, exact=True))
    pairs = match(gold, pspans, exact=False)
    a[pre + "m_overlap"] += len(pairs)
    for gi, pi in pairs:
        src = gold_attr[gi].get("Source")
        if src is None:
            continue
        a[pre + "spk_n"] += 1
        a[pre + "spk_ok"] += int(speaker_ok(text, src, preds[pi]))


# --- ADAQ Russian -------------------------------------------------------------------


def bench_adaq() -> dict[str, Any]:
    base = SHARED / "eval" / "adaq_ru_quotes" / "data"
    toks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(base / "ru_tokens.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            toks[row["sentence_num"]].append((row["text"], row["tags"]))
    sents = []
    with open(base / "ru_sentences.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            sents.append((row["sentence_id"], row["sentences"]))
    backend = backend_for("ru")
    n_gold = n_pred = n_both = spk_ok = cue_ok = cue_n = spk_n = 0
    for (sid, sent), ann in zip(sents, backend.annotate(s for _i, s in sents), strict=True):
        tags = toks.get(sid, [])
        has_gold = any(t == "content" for _w, t in tags)
        recs = extract_quote_records(sent, ann, resolve_document(sent, ann))
        n_gold += has_gold
        n_pred += bool(recs)
        if not (has_gold and recs):
            continue
        n_both += 1
        r = recs[0]
        src = {w.lower() for w, t in tags if t == "source"}
        cue = {w.lower() for w, t in tags if t == "cue"}
        if src:
            spk_n += 1
            words = set()
            if r.subject_span:
                s0, s1 = r.subject_span
                words |= {w.lower() for w in re.findall(r"\w+", sent[s0:s1])}
            name = r.speaker.name if r.speaker else r.speaker_name
            if name:
                words |= {w.lower() for w in re.findall(r"\w+", name)}
            spk_ok += bool(words & src)
        if cue:
            cue_n += 1
            cue_ok += bool({w.lower() for w in re.findall(r"\w+", r.cue or "")} & cue)
    return {"sentences": len(sents), "gold_with_quote": n_gold, "pred_with_quote": n_pred,
            "detection": prf(n_both, n_gold, n_pred),
            "speaker_acc": round(spk_ok / spk_n, 3) if spk_n else None, "speaker_n": spk_n,
            "cue_acc": round(cue_ok / cue_n, 3) if cue_n else None, "cue_n": cue_n}


# --- own gold -----------------------------------------------------------------------


def bench_gold(path: Path = ROOT / "tests" / "data" / "quotes_gold.json") -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return score_gold(data)


def score_gold(data: dict[str, Any]) -> dict[str, Any]:
    from presswatch.extract.quotes import extract_quotes

    stats: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"gold": 0, "found": 0, "exact": 0, "speaker_ok": 0, "cue_ok": 0})
    preds_total: dict[str, int] = defaultdict(int)
    preds_matched: dict[str, int] = defaultdict(int)
    for doc in data["documents"]:
        text, lang = doc["text"], doc["language"]
        ann = next(backend_for(lang).annotate([text]))
        quotes = extract_quotes(text, ann, resolve_document(text, ann))
        gold = doc["quotes"]
        pairs = match([(g["start"], g["end"]) for g in gold], [(q.start, q.end) for q in quotes],
                      exact=False)
        preds_total[lang] += len(quotes)
        preds_matched[lang] += len(pairs)
        for g in gold:
            stats[(lang, g["kind"])]["gold"] += 1
        for gi, pi in pairs:
            g, q = gold[gi], quotes[pi]
            st = stats[(lang, g["kind"])]
            st["found"] += 1
            st["exact"] += int((g["start"], g["end"]) == (q.start, q.end))
            st["speaker_ok"] += int((g["speaker"] or None) == (q.speaker or None))
            st["cue_ok"] += int((g.get("cue") or None) == (q.cue or None) or not g.get("cue"))
    out: dict[str, Any] = {}
    for lang in sorted({k[0] for k in stats}):
        rows = {}
        tot = {"gold": 0, "found": 0, "exact": 0, "speaker_ok": 0, "cue_ok": 0}
        for (lg, kind), st in sorted(stats.items()):
            if lg != lang:
                continue
            for k in tot:
                tot[k] += st[k]
            rows[kind] = summarise(st)
        rows["all"] = summarise(tot)
        rows["all"]["precision"] = round(preds_matched[lang] / max(1, preds_total[lang]), 3)
        out[lang] = rows
    return out


def summarise(st: dict[str, int]) -> dict[str, Any]:
    found = max(1, st["found"])
    return {"gold": st["gold"], "recall": round(st["found"] / max(1, st["gold"]), 3),
            "exact_recall": round(st["exact"] / max(1, st["gold"]), 3),
            "speaker_acc": round(st["speaker_ok"] / found, 3),
            "cue_acc": round(st["cue_ok"] / found, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("dev", "test"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--only", choices=("polnear", "adaq", "gold"), default=None)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "quotes.json"))
    args = ap.parse_args(argv)
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, "
        f"{platform.python_version()}", "spacy": version("spacy"),
        "textacy": version("textacy"), "natasha": version("natasha"),
        "command": " ".join(sys.argv)}
    if args.only in (None, "gold"):
        result["gold"] = bench_gold()
    if args.only in (None, "polnear"):
        result["polnear"] = bench_polnear(args.split, args.limit)
    if args.only in (None, "adaq"):
        result["adaq_ru"] = bench_adaq()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
