"""Entity quality: presswatch's entity layer against the bare library, same data, same run.

presswatch's figures come from exactly what ingest stores: ``backend_for(lang).annotate``
then ``extract_entities`` (type mapping, span cleaning, filters, grouping), every mention
of every entity scored with its entity's type. The bare figures come from the library
alone (spaCy ``nlp.pipe`` for English, natasha ``NewsNERTagger`` for Russian), run the way
the shared scoring scripts run it. Both are scored by the shared scoring code
(``../shared/eval/scoring``), imported, so the two figures differ only by presswatch.

Sets:

* English, seqeval-style exact spans, per type and micro: CoNLL-2003 test (``eng.testb``),
  optionally CoNLL-2003 valid, and CoNLL++ (2020 Reuters, same guidelines). Documents
  are the scoring script's ``doc_text()`` (tokens joined by spaces), so offsets match.
  Contract types -> CoNLL: PERSON->PER; GPE, LOC, FAC->LOC; ORG->ORG;
  NORP, EVENT, OTHER->MISC.
* Russian, naeval token-level (the published slovnet metric) and exact spans:
  factRuEval-2016 test and NEREL test (top-level PER/ORG/LOC). Contract types:
  PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC.

Prediction files go to ``bench/out/`` in the scoring scripts' ``--pred`` formats; on a
full run (no ``--limit``) they are also scored by the scripts themselves as a check.
Mentions where the two systems differ are written to ``bench/out/ner_diffs_<set>.json``.

    python bench/ner.py [--lang en|ru|all] [--limit N] [--valid] [--out bench/out/ner.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from presswatch.config import DEFAULT
from presswatch.extract.entities import extract_entities
from presswatch.nlp import backend_for

HERE = Path(__file__).resolve().parent
SCORING = HERE.parent.parent / "shared" / "eval" / "scoring"
sys.path.insert(0, str(SCORING))
import ner_en_conll as en  # noqa: E402
import ner_ru as ru  # noqa: E402

OUT = HERE / "out"
CONLL_TEST = en.EVAL_DATA / "conll2003" / "test.txt"
CONLL_VALID = en.EVAL_DATA / "conll2003" / "valid.txt"
CONLLPP = en.EVAL_DATA / "conllpp2020" / "dataset" / "conllpp.txt"

EN_TYPES: dict[str, str] = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "OTHER": "MISC",
}
RU_TYPES: dict[str, str] = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
# slovnet's published factRuEval figures (naeval token-level F1): the Russian target.
SLOVNET_FACTRU: dict[str, float] = {"PER": 0.959, "LOC": 0.915, "ORG": 0.825}

Spans = list[tuple[int, int, str]]


def presswatch_spans(
    lang: str, texts: list[str], type_map: dict[str, str]
) -> tuple[list[Spans], float]:
    """Every stored mention of every entity, typed for the benchmark, per text."""
    backend = backend_for(lang)
    if backend is None:
        raise SystemExit(f"no presswatch backend for {lang!r}")
    list(backend.annotate(["Warm-up sentence for Reuters in London."]))
    out: list[Spans] = []
    t0 = time.perf_counter()
    for text, ann in zip(texts, backend.annotate(texts), strict=True):
        spans = [
            (a, b, type_map[e.type])
            for e in extract_entities(text, ann)
            if e.type in type_map
            for a, b in e.mentions
        ]
        out.append(sorted(spans))
    return out, time.perf_counter() - t0


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}"


# --- English --------------------------------------------------------------------------


def bare_spacy_spans(texts: list[str], model: str) -> tuple[list[Spans], float]:
    """The scoring script's bare run: nlp.pipe(batch_size=16), its label map."""
    import spacy

    nlp = spacy.load(model)
    nlp("Warm-up sentence for Reuters in London.")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    secs = time.perf_counter() - t0
    return [
        [
            (e.start_char, e.end_char, en.LABEL_MAP[e.label_])
            for e in d.ents
            if e.label_ in en.LABEL_MAP
        ]
        for d in docs
    ], secs


def conll_pred_set(docs: list, texts: list[tuple[str, list]], spans: list[Spans]) -> set:
    """(doc, sent, start tok, end tok, TYPE) chunks, as ner_en_conll.py --pred builds them."""
    pred: set = set()
    for di, doc in enumerate(docs):
        ents = [e for e in spans[di] if e[2] in en.TYPES]
        pred |= en.spans_from_tags(di, en.char_ents_to_tags(doc, texts[di][1], ents))
    return pred


def chunk_text(docs: list, chunk: tuple) -> str:
    di, si, a, b, _ = chunk
    return " ".join(tok for tok, _ in docs[di][si][a : b + 1])


def chunk_diffs(docs: list, gold: set, bare: set, pw: set) -> dict[str, Any]:
    """Chunks one system gets right and the other not, each with what the other said."""

    def overlapping(chunk: tuple, pool: set) -> list[str]:
        di, si, a, b, _ = chunk
        return [
            f"{chunk_text(docs, o)} [{o[4]}]"
            for o in sorted(pool)
            if o[:2] == (di, si) and o[2] <= b and a <= o[3]
        ]

    lost = sorted((gold & bare) - pw)
    won = sorted((gold & pw) - bare)
    return {
        "lost": [
            {
                "gold": f"{chunk_text(docs, c)} [{c[4]}]",
                "presswatch": overlapping(c, pw),
                "doc": c[0],
                "sent": c[1],
            }
            for c in lost
        ],
        "won": [
            {
                "gold": f"{chunk_text(docs, c)} [{c[4]}]",
                "bare": overlapping(c, bare),
                "doc": c[0],
                "sent": c[1],
            }
            for c in won
        ],
    }


def run_english_set(name: str, path: Path, limit: int | None, script_check: bool) -> dict[str, Any]:
    docs = en.load_conll(path)
    if limit:
        docs = docs[:limit]
    texts = [en.doc_text(d) for d in docs]
    gold = en.gold_spans(docs)
    raw = [t for t, _ in texts]
    n_tokens = sum(len(s) for d in docs for s in d)
    print(f"[{name}] {len(docs)} docs, {len(gold)} gold entities: bare spaCy...", flush=True)
    bare_ents, bare_secs = bare_spacy_spans(raw, DEFAULT.english_model)
    print(f"[{name}] presswatch...", flush=True)
    pw_ents, pw_secs = presswatch_spans("en", raw, EN_TYPES)

    pred_file = OUT / f"ner_en_{name}.pred.jsonl"
    with pred_file.open("w", encoding="utf-8") as f:
        for di, spans in enumerate(pw_ents):
            f.write(json.dumps({"doc": di, "entities": [list(s) for s in spans]}) + "\n")
    bare = conll_pred_set(docs, texts, bare_ents)
    pw = conll_pred_set(docs, texts, pw_ents)
    res: dict[str, Any] = {
        "data": str(path.relative_to(en.EVAL_DATA)),
        "docs": len(docs),
        "tokens": n_tokens,
        "gold_entities": len(gold),
        "metric": "seqeval-style exact spans (ner_en_conll.score_spans)",
        "bare": {
            "tool": f"spaCy {version('spacy')} {DEFAULT.english_model}",
            "pred_entities": len(bare),
            "seconds": round(bare_secs, 1),
            "scores": en.score_spans(gold, bare),
        },
        "presswatch": {
            "pred_entities": len(pw),
            "seconds": round(pw_secs, 1),
            "pred_file": str(pred_file.relative_to(HERE.parent)),
            "scores": en.score_spans(gold, pw),
        },
    }
    diffs = chunk_diffs(docs, gold, bare, pw)
    (OUT / f"ner_diffs_{name}.json").write_text(
        json.dumps(diffs, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    res["diff_counts"] = {k: len(v) for k, v in diffs.items()}
    if script_check and path == CONLL_TEST:
        # the scoring script's own --pred path over the same file must agree
        proc = subprocess.run(
            [sys.executable, str(SCORING / "ner_en_conll.py"), "--pred", str(pred_file)],
            capture_output=True,
            text=True,
            check=True,
        )
        script = json.loads(proc.stdout)
        res["presswatch"]["script_check_micro_f1"] = script["micro"]["f1"]
        assert script == res["presswatch"]["scores"], "in-process and script scores differ"
    return res


# --- Russian --------------------------------------------------------------------------


def ru_diffs(
    docs: dict[str, tuple[str, Spans]], bare: dict[str, Spans], pw: dict[str, Spans]
) -> dict[str, Any]:
    lost, won = [], []
    for doc_id, (text, gold) in docs.items():
        g = set(gold)
        b, p = set(bare.get(doc_id, [])), set(pw.get(doc_id, []))

        def show(
            spans: Iterable[tuple[int, int, str]], s: tuple[int, int, str], text: str = text
        ) -> list[str]:
            return [
                f"{text[x[0] : x[1]]} [{x[2]}]"
                for x in sorted(spans)
                if x[0] < s[1] and s[0] < x[1]
            ]

        lost += [
            {"doc": doc_id, "gold": f"{text[s[0] : s[1]]} [{s[2]}]", "presswatch": show(p, s)}
            for s in sorted((g & b) - p)
        ]
        won += [
            {"doc": doc_id, "gold": f"{text[s[0] : s[1]]} [{s[2]}]", "bare": show(b, s)}
            for s in sorted((g & p) - b)
        ]
    return {"lost": lost, "won": won}


def run_russian_set(
    name: str, loader: Callable[[], dict], limit: int | None, tagger: Any, script_check: bool
) -> dict[str, Any]:
    docs = loader()
    if limit:
        docs = dict(list(docs.items())[:limit])
    ids = list(docs)
    print(f"[{name}] {len(docs)} docs: bare natasha...", flush=True)
    bare, bare_secs = ru.run_natasha(docs, tagger)
    print(f"[{name}] presswatch...", flush=True)
    pw_raw, pw_secs = presswatch_spans("ru", [docs[d][0] for d in ids], RU_TYPES)
    pred_file = OUT / f"ner_ru_{name}.pred.jsonl"
    with pred_file.open("w", encoding="utf-8") as f:
        for doc_id, spans in zip(ids, pw_raw, strict=True):
            f.write(
                json.dumps({"doc": doc_id, "spans": [list(s) for s in spans]}, ensure_ascii=False)
                + "\n"
            )
    pw = {d: ru.adapt_pred(docs[d][0], s) for d, s in zip(ids, pw_raw, strict=True)}
    res: dict[str, Any] = {
        "docs": len(docs),
        "gold_spans": sum(len(s) for _, s in docs.values()),
        "bare": {
            "tool": f"natasha {version('natasha')} (slovnet {version('slovnet')}) NewsNERTagger",
            "pred_spans": sum(len(s) for s in bare.values()),
            "seconds": round(bare_secs, 1),
            "naeval_token_level": ru.score_naeval(docs, bare),
            "exact_span": ru.score_exact(docs, bare),
        },
        "presswatch": {
            "pred_spans": sum(len(s) for s in pw.values()),
            "seconds": round(pw_secs, 1),
            "pred_file": str(pred_file.relative_to(HERE.parent)),
            "naeval_token_level": ru.score_naeval(docs, pw),
            "exact_span": ru.score_exact(docs, pw),
        },
    }
    diffs = ru_diffs(docs, bare, pw)
    (OUT / f"ner_diffs_{name}.json").write_text(
        json.dumps(diffs, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    res["diff_counts"] = {k: len(v) for k, v in diffs.items()}
    if script_check:
        dataset = "factru" if name.startswith("factru") else "nerel"
        proc = subprocess.run(
            [
                sys.executable,
                str(SCORING / "ner_ru.py"),
                "--pred",
                str(pred_file),
                "--dataset",
                dataset,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        res["presswatch"]["script_check_output"] = proc.stdout.strip().splitlines()
    return res


# --- tables ---------------------------------------------------------------------------


def _row(label: str, b: dict, p: dict, target: float | None = None) -> str:
    cells = [label] + [f"{b[k]:.3f}" for k in ("precision", "recall", "f1")]
    cells += [f"{p[k]:.3f}" for k in ("precision", "recall", "f1")]
    cells.append(f"{p['f1'] - b['f1']:+.3f}")
    if target is not None:
        cells.append(f"{target:.3f}")
    return "| " + " | ".join(cells) + " |"


def table(
    bare: dict, pw: dict, types: Iterable[str], targets: dict[str, float] | None = None
) -> str:
    head = (
        "| type | bare P | bare R | bare F1 | presswatch P | presswatch R | presswatch F1 | ΔF1 |"
    )
    sep = "|---|---:|---:|---:|---:|---:|---:|---:|"
    if targets:
        head += " target F1 |"
        sep += "---:|"
    rows = [_row(t, bare[t], pw[t], targets.get(t) if targets else None) for t in types]
    return "\n".join([head, sep, *rows])


def markdown(results: dict[str, Any]) -> str:
    parts = [f"Measured {results['measured_at']} on {results['machine']}."]
    for name, r in results["sets"].items():
        if "scores" in r["bare"]:
            parts.append(
                f"\n### {name} ({r['docs']} docs, {r['gold_entities']} gold entities; "
                f"{r['bare']['tool']})\n\nExact spans (seqeval):\n"
            )
            parts.append(
                table(r["bare"]["scores"], r["presswatch"]["scores"], (*en.TYPES, "micro"))
            )
        else:
            parts.append(
                f"\n### {name} ({r['docs']} docs, {r['gold_spans']} gold spans; "
                f"{r['bare']['tool']})\n\nnaeval token-level:\n"
            )
            targets = SLOVNET_FACTRU if name.startswith("factru") else None
            parts.append(
                table(
                    r["bare"]["naeval_token_level"],
                    r["presswatch"]["naeval_token_level"],
                    ru.TYPES,
                    targets,
                )
            )
            parts.append("\nExact spans:\n")
            parts.append(
                table(r["bare"]["exact_span"], r["presswatch"]["exact_span"], (*ru.TYPES, "micro"))
            )
        parts.append(
            f"\nmentions presswatch loses / wins against bare (gold-matching): "
            f"{r['diff_counts']['lost']} / {r['diff_counts']['won']}; "
            f"time bare {r['bare']['seconds']} s, presswatch {r['presswatch']['seconds']} s"
        )
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", choices=("en", "ru", "all"), default="all")
    ap.add_argument("--limit", type=int, help="first N documents of each set (quick run)")
    ap.add_argument("--valid", action="store_true", help="also CoNLL-2003 valid (eng.testa)")
    ap.add_argument("--out", type=Path, default=OUT / "ner.json")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SCORING_RESULTS", str(OUT / "scoring-results.json"))
    check = not args.limit
    results: dict[str, Any] = {
        "measured_at": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "command": "python bench/ner.py " + " ".join(sys.argv[1:]),
        "presswatch_types": {"en": EN_TYPES, "ru": RU_TYPES},
        "sets": {},
    }
    if args.lang in ("en", "all"):
        sets = [("conll2003_test", CONLL_TEST), ("conllpp2020", CONLLPP)]
        if args.valid:
            sets.insert(1, ("conll2003_valid", CONLL_VALID))
        for name, path in sets:
            results["sets"][name] = run_english_set(name, path, args.limit, check)
    if args.lang in ("ru", "all"):
        from natasha import NewsEmbedding, NewsNERTagger

        tagger = NewsNERTagger(NewsEmbedding())
        tagger("Путин встретился с Лукашенко в Минске.")
        for name, loader in (
            ("factrueval2016_test", ru.load_factru),
            ("nerel_test", lambda: ru.load_nerel(nesting="targets")),
        ):
            results["sets"][name] = run_russian_set(name, loader, args.limit, tagger, check)
        results["published_slovnet_factru_naeval_f1"] = SLOVNET_FACTRU
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
