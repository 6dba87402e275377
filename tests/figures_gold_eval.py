"""Scores the figure extractor on tests/data/figures_gold.json (used by tests and bench)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "figures_gold.json"
FIELDS = ("unit", "metric", "period", "claimant", "kind")


def load_gold() -> list[dict[str, Any]]:
    docs = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    for d in docs:
        if "file" in d:
            d["text"] = (ROOT / d["file"]).read_text(encoding="utf-8")
    return docs


def _metric_ok(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = gold.lower(), pred.lower()
    return g in p or p in g


def _same(field: str, gold: Any, pred: Any) -> bool:
    if field == "metric":
        return _metric_ok(gold, pred)
    return gold == pred


def evaluate() -> dict[str, Any]:
    from presswatch.extract.figures import extract_figures
    from presswatch.nlp import backend_for

    docs = load_gold()
    res: dict[str, Any] = {}
    for lang in ("en", "ru", "all"):
        sel = [d for d in docs if lang in ("all", d["language"])]
        tp = n_gold = n_pred = 0
        field_ok = dict.fromkeys(FIELDS, 0)
        for d in sel:
            ann = next(iter(backend_for(d["language"]).annotate([d["text"]])))
            pred = extract_figures(d["text"], ann, d["published"])
            n_gold += len(d["figures"])
            n_pred += len(pred)
            free = list(pred)
            for g in d["figures"]:
                for p in free:
                    if p.start < g["end"] and g["start"] < p.end and abs(p.value - g["value"]) <= (
                            1e-6 * max(1.0, abs(g["value"]))):
                        tp += 1
                        free.remove(p)
                        for f in FIELDS:
                            field_ok[f] += _same(f, g[f], getattr(p, f))
                        break
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        res[lang] = {
            "gold": n_gold, "pred": n_pred, "matched": tp,
            "precision": round(prec, 3), "recall": round(rec, 3),
            "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0,
            "field_accuracy": {f: round(field_ok[f] / tp, 3) if tp else 0.0 for f in FIELDS},
        }
    return res


if __name__ == "__main__":
    print(json.dumps(evaluate(), indent=1))
