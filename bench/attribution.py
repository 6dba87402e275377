"""Learned attributions on PolNeAR: rules alone vs rules + the learned detector.

Trains :mod:`presswatch.extract.attribution` on PolNeAR ``data/dev`` (first annotator file
per article, as ``bench/quotes.py`` reads it) and evaluates on ``data/test`` with the very
scoring functions of ``bench/quotes.py`` (imported): content exact / overlap P/R/F1,
speaker accuracy, and the same for direct quotes; textacy's ``direct_quotations`` on the
same spaCy ``Doc`` beside them. "rules" is ``extract_quote_records`` with the real
identity resolver (as ingest runs it); "rules + learned" is
``add_learned_attributions`` over those records (what ingest stores with
``--attribution-model``); "learned alone" is the model's attributions by themselves.

Tuning: k-fold cross-validation within dev (folds by article) over the decision
threshold; the test split is read once, with the threshold chosen on dev (or
``--threshold``).

    python bench/attribution.py [--folds 5] [--thresholds 0.2,0.25,0.3] [--threshold T]
        [--no-cv] [--no-test] [--limit N] [--save-model model.json]
        [--out bench/out/attribution.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "eval" / "polnear" / "data"

_spec = importlib.util.spec_from_file_location("bench_quotes", ROOT / "bench" / "quotes.py")
assert _spec is not None and _spec.loader is not None
bq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bq)

from presswatch.extract import attribution  # noqa: E402
from presswatch.extract.identity import resolve_document  # noqa: E402
from presswatch.extract.quotes import QuoteRecord, extract_quote_records  # noqa: E402
from presswatch.nlp import backend_for  # noqa: E402

SYSTEMS = ("rules", "rules+learned", "learned", "textacy")


def load(split: str, limit: int | None) -> list[dict[str, Any]]:
    """Articles of a split, annotated, resolved, with the rule quotes and textacy's."""
    from textacy.extract.triples import direct_quotations

    arts = list(bq.polnear_articles(split))[:limit]
    brat = {name: gold for name, _t, gold in attribution.read_brat(POLNEAR / split)}
    backend = backend_for("en")
    items = []
    t_rules = 0.0
    for (name, text, gold), ann in zip(arts, backend.annotate(a[1] for a in arts), strict=True):
        people = resolve_document(text, ann)
        t0 = time.perf_counter()
        recs = extract_quote_records(text, ann, people)
        t_rules += time.perf_counter() - t0
        try:
            triples = list(direct_quotations(ann.native))
        except ValueError:  # textacy bails out on an odd number of quote marks
            triples = []
        tx = []
        for q in triples:
            sp = None
            if q.speaker:
                sp = (q.speaker[0].idx, q.speaker[-1].idx + len(q.speaker[-1].text))
            tx.append({"span": bq.norm_span(text, q.content[0].idx,
                                            q.content[-1].idx + len(q.content[-1].text)),
                       "spk_span": sp, "name": None, "direct": True})
        items.append({"name": name, "text": text, "gold": gold, "brat": brat[name],
                      "ann": ann, "people": people, "rules": recs, "textacy": tx})
    for it in items:
        it["rules_ms"] = 1000 * t_rules / max(1, len(items))
    return items


def as_preds(text: str, recs: list[QuoteRecord]) -> list[dict[str, Any]]:
    return [{"span": bq.norm_span(text, *(r.marks or (r.start, r.end))),
             "spk_span": r.subject_span,
             "name": (r.speaker.name if r.speaker else r.speaker_name),
             "direct": r.kind in ("direct", "transcript")} for r in recs]


def learned_records(it: dict[str, Any], model: attribution.AttributionModel) -> list[QuoteRecord]:
    """The learned attributions alone, as records (speaker resolved as in the merge)."""
    return attribution.add_learned_attributions([], it["text"], it["ann"], it["people"], model)


def score(items: list[dict[str, Any]], preds: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """bench/quotes.py's PolNeAR figures (its score_doc, prf, is_direct_gold)."""
    a: dict[str, int] = {k: 0 for k in (
        "gold", "pred", "m_exact", "m_overlap", "spk_n", "spk_ok", "d_gold", "d_pred",
        "d_m_exact", "d_m_overlap", "d_spk_n", "d_spk_ok")}
    for it, ps in zip(items, preds, strict=True):
        text, gold_attr = it["text"], it["gold"]
        gold = [bq.norm_span(text, *g["Content"]) for g in gold_attr]
        bq.score_doc(a, "", text, gold_attr, gold, ps, exact_only=False)
        dg = [g for g in gold_attr if bq.is_direct_gold(text, *g["Content"])]
        bq.score_doc(a, "d_", text, dg, [bq.norm_span(text, *g["Content"]) for g in dg],
                     [p for p in ps if p["direct"]], exact_only=False)

    def block(pre: str) -> dict[str, Any]:
        return {"gold": a[pre + "gold"], "pred": a[pre + "pred"],
                "exact": bq.prf(a[pre + "m_exact"], a[pre + "gold"], a[pre + "pred"]),
                "overlap": bq.prf(a[pre + "m_overlap"], a[pre + "gold"], a[pre + "pred"]),
                "speaker_acc": round(a[pre + "spk_ok"] / a[pre + "spk_n"], 3)
                if a[pre + "spk_n"] else None, "speaker_n": a[pre + "spk_n"]}

    out = block("")
    out["direct"] = block("d_")
    return out


def train_on(items: list[dict[str, Any]], c: float, threshold: float
             ) -> attribution.AttributionModel:
    return attribution.train(((it["text"], it["ann"], it["brat"]) for it in items), c=c,
                             threshold=threshold)


def cross_validate(dev: list[dict[str, Any]], folds: int, thresholds: list[float], c: float
                   ) -> dict[str, Any]:
    merged: dict[float, list[list[dict[str, Any]]]] = {t: [[] for _ in dev] for t in thresholds}
    t0 = time.perf_counter()
    for f in range(folds):
        train_items = [it for i, it in enumerate(dev) if i % folds != f]
        model = train_on(train_items, c, thresholds[0])
        for i, it in enumerate(dev):
            if i % folds != f:
                continue
            for t in thresholds:
                model.threshold = t
                recs = attribution.add_learned_attributions(
                    it["rules"], it["text"], it["ann"], it["people"], model)
                merged[t][i] = as_preds(it["text"], recs)
    by_t = {str(t): score(dev, merged[t]) for t in thresholds}
    best = max(thresholds, key=lambda t: by_t[str(t)]["overlap"]["f1"])
    return {"folds": folds, "C": c, "rules": score(dev, [as_preds(it["text"], it["rules"])
                                                        for it in dev]),
            "rules+learned_by_threshold": by_t, "best_threshold": best,
            "seconds": round(time.perf_counter() - t0, 1)}


def evaluate(test: list[dict[str, Any]], model: attribution.AttributionModel
             ) -> dict[str, Any]:
    preds: dict[str, list[list[dict[str, Any]]]] = {s: [] for s in SYSTEMS}
    t_pred = 0.0
    for it in test:
        text = it["text"]
        t0 = time.perf_counter()
        merged = attribution.add_learned_attributions(it["rules"], text, it["ann"],
                                                      it["people"], model)
        t_pred += time.perf_counter() - t0
        preds["rules"].append(as_preds(text, it["rules"]))
        preds["rules+learned"].append(as_preds(text, merged))
        preds["learned"].append(as_preds(text, learned_records(it, model)))
        preds["textacy"].append(it["textacy"])
    out: dict[str, Any] = {s: score(test, preds[s]) for s in SYSTEMS}
    out["rules"]["ms_per_article"] = round(test[0]["rules_ms"], 2) if test else None
    out["rules+learned"]["learned_ms_per_article"] = round(1000 * t_pred / max(1, len(test)), 2)
    return out


def table(res: dict[str, Any]) -> str:
    rows = ["| system | exact P / R / F1 | overlap P / R / F1 | speaker (n) "
            "| direct overlap P / R / F1 | direct speaker (n) |", "|---|---|---|---|---|---|"]
    for s in SYSTEMS:
        if s not in res:
            continue
        r = res[s]

        def f(x: dict[str, float]) -> str:
            return f"{x['p']:.3f} / {x['r']:.3f} / {x['f1']:.3f}"

        rows.append(f"| {s} | {f(r['exact'])} | {f(r['overlap'])} | {r['speaker_acc']} "
                    f"({r['speaker_n']}) | {f(r['direct']['overlap'])} | "
                    f"{r['direct']['speaker_acc']} ({r['direct']['speaker_n']}) |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--thresholds", default="0.15,0.2,0.25,0.3,0.35,0.4")
    ap.add_argument("--threshold", type=float, default=None,
                    help="threshold for the test run (default: the best in dev CV)")
    ap.add_argument("--c", type=float, default=0.3)
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--no-test", action="store_true")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--save-model", default=None)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "attribution.json"))
    args = ap.parse_args(argv)
    thresholds = [float(x) for x in args.thresholds.split(",")]
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "spacy": version("spacy"), "scikit-learn": version("scikit-learn"),
        "textacy": version("textacy"), "command": " ".join(sys.argv)}
    dev = load("dev", args.limit)
    threshold = args.threshold
    if not args.no_cv:
        cv = cross_validate(dev, args.folds, thresholds, args.c)
        result["dev_cv"] = cv
        print(f"dev {args.folds}-fold CV: rules overlap F1 {cv['rules']['overlap']['f1']}; "
              + ", ".join(f"t={t}: {v['overlap']['f1']}"
                          for t, v in cv["rules+learned_by_threshold"].items()))
        if threshold is None:
            threshold = cv["best_threshold"]
    if threshold is None:
        threshold = attribution.DEFAULT_THRESHOLD
    t0 = time.perf_counter()
    model = train_on(dev, args.c, threshold)
    result["model"] = {**model.meta, "threshold": threshold,
                       "train_seconds": round(time.perf_counter() - t0, 1)}
    if args.save_model:
        model.save(args.save_model)
    if not args.no_test:
        test = load("test", args.limit)
        res = evaluate(test, model)
        result["test"] = {"articles": len(test), **res}
        print(f"PolNeAR test ({len(test)} articles), trained on dev, threshold {threshold}")
        print(table(res))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
