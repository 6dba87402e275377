"""Within-document identity: presswatch against bare NER with exact-string grouping.

Three measurements, both systems in the same run:

1. **Own gold** (``tests/data/identity_gold.json``, EN and RU texts written for the
   project): every gold mention (names, surnames, variants, initials, case forms,
   descriptions) is mapped to the system entity whose mention overlaps it most (none:
   a singleton); gold "unresolved" descriptions are gold singletons, so attaching one
   to a person costs precision. B-cubed and pairwise P/R/F1 over the gold mentions.
2. **factRuEval-2016 devset coreference**: gold clusters are the ``.coref`` groups of
   named Person / Org / Location / LocOrg objects; a mention is the extent of an
   object's name spans (name, surname, patronymic, nickname, org_name, loc_name). Scored
   on the gold mentions *both* systems found (a system mention overlaps it), so the
   figure measures grouping, not NER recall.
3. **Speed**: annotation (spaCy / natasha) and resolution per document on 300 BBC texts
   and 100 factRuEval test texts; resolution time beside the annotation time.

Baseline: the backend's own entity spans, grouped by exact surface string (what the
project stored before the identity stage), no descriptions.

    .venv/bin/python bench/identity_doc.py [--out bench/out/identity_doc.json] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from presswatch.extract.identity import resolve_document  # noqa: E402
from presswatch.model import Annotation  # noqa: E402
from presswatch.nlp import backend_for  # noqa: E402

SHARED = Path(os.environ.get("PRESSWATCH_SHARED", ROOT.parent / "shared"))
GOLD = ROOT / "tests" / "data" / "identity_gold.json"

Span = tuple[int, int]


# --- scoring ---------------------------------------------------------------------------


def assign(gold_mentions: Sequence[Span], system: Sequence[Sequence[Span]]) -> list[str]:
    """System cluster label of each gold mention: the system entity whose mention
    overlaps it most; a fresh singleton label when none does."""
    flat = [(s, e, k) for k, ms in enumerate(system) for s, e in ms]
    out = []
    for n, (gs, ge) in enumerate(gold_mentions):
        best: tuple[int, int] | None = None
        for s, e, k in flat:
            ov = min(e, ge) - max(s, gs)
            if ov > 0 and (best is None or ov > best[0]):
                best = (ov, k)
        out.append(f"s{best[1]}" if best else f"single{n}")
    return out


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    by_g: dict[str, set[int]] = defaultdict(set)
    by_p: dict[str, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        by_g[g].add(i)
        by_p[p].add(i)
    n = len(gold)
    if n == 0:
        return {"p": 0.0, "r": 0.0, "f1": 0.0}
    p = sum(len(by_g[gold[i]] & by_p[pred[i]]) / len(by_p[pred[i]]) for i in range(n)) / n
    r = sum(len(by_g[gold[i]] & by_p[pred[i]]) / len(by_g[gold[i]]) for i in range(n)) / n
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def pairwise(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    tp = fp = fn = 0
    n = len(gold)
    for i in range(n):
        for j in range(i + 1, n):
            same_g, same_p = gold[i] == gold[j], pred[i] == pred[j]
            tp += same_g and same_p
            fp += same_p and not same_g
            fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


class Totals:
    """Micro totals over documents (B-cubed summed per mention, pairs counted)."""

    def __init__(self) -> None:
        self.n = 0
        self.bp = self.br = 0.0
        self.tp = self.fp = self.fn = 0

    def add(self, gold: Sequence[str], pred: Sequence[str]) -> None:
        b = bcubed(gold, pred)
        self.n += len(gold)
        self.bp += b["p"] * len(gold)
        self.br += b["r"] * len(gold)
        for i in range(len(gold)):
            for j in range(i + 1, len(gold)):
                same_g, same_p = gold[i] == gold[j], pred[i] == pred[j]
                self.tp += same_g and same_p
                self.fp += same_p and not same_g
                self.fn += same_g and not same_p

    def result(self) -> dict[str, float | int]:
        bp = self.bp / self.n if self.n else 0.0
        br = self.br / self.n if self.n else 0.0
        pp = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        pr = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {
            "mentions": self.n,
            "b3_p": round(bp, 4), "b3_r": round(br, 4),
            "b3_f1": round(2 * bp * br / (bp + br) if bp + br else 0.0, 4),
            "pair_p": round(pp, 4), "pair_r": round(pr, 4),
            "pair_f1": round(2 * pp * pr / (pp + pr) if pp + pr else 0.0, 4),
        }


# --- systems ----------------------------------------------------------------------------


def presswatch_clusters(text: str, annotation: Annotation) -> list[list[Span]]:
    return [list(e.mentions) for e in resolve_document(text, annotation).entities]


def baseline_clusters(text: str, annotation: Annotation) -> list[list[Span]]:
    """Bare NER: the backend's spans (numeric labels dropped), grouped by exact text."""
    skip = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
    groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for s in annotation.entities:
        if s.label in skip:
            continue
        groups[(s.label, text[s.start : s.end])].append((s.start, s.end))
    return list(groups.values())


# --- data -------------------------------------------------------------------------------


def load_gold(path: Path = GOLD) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, doc in data.items():
        if "text" not in doc:
            doc["text"] = (ROOT / doc["text_path"]).read_text(encoding="utf-8")
        text = doc["text"]
        for c in doc["clusters"]:
            for (s, e), surface in zip(c["mentions"], c.get("surfaces", []), strict=False):
                assert text[s:e] == surface, (key, s, e, text[s:e], surface)
    return data


def gold_labels(doc: dict) -> tuple[list[Span], list[str]]:
    mentions: list[Span] = []
    labels: list[str] = []
    for k, c in enumerate(doc["clusters"]):
        for s, e in c["mentions"]:
            mentions.append((s, e))
            labels.append(f"g{k}")
    for n, (s, e) in enumerate(doc.get("unresolved", [])):
        mentions.append((s, e))
        labels.append(f"u{n}")
    return mentions, labels


def score_gold(gold: dict[str, dict], verbose: bool = False) -> dict[str, dict]:
    results: dict[str, dict] = {}
    for lang in ("en", "ru", "all"):
        docs = {k: d for k, d in gold.items() if lang == "all" or d["language"] == lang}
        if not docs:
            continue
        by_lang: dict[str, list[str]] = defaultdict(list)
        for k, d in docs.items():
            by_lang[d["language"]].append(k)
        tot = {"presswatch": Totals(), "baseline": Totals()}
        for language, keys in by_lang.items():
            backend = backend_for(language)
            assert backend is not None
            texts = [docs[k]["text"] for k in keys]
            for key, text, ann in zip(keys, texts, backend.annotate(texts), strict=True):
                mentions, labels = gold_labels(docs[key])
                pw = assign(mentions, presswatch_clusters(text, ann))
                bl = assign(mentions, baseline_clusters(text, ann))
                tot["presswatch"].add(labels, pw)
                tot["baseline"].add(labels, bl)
                if verbose and lang == "all":
                    _show_errors(key, text, mentions, labels, pw)
        results[lang] = {name: t.result() for name, t in tot.items()}
    return results


def _show_errors(key: str, text: str, mentions: list[Span], gold: list[str],
                 pred: list[str]) -> None:
    for i, (s, e) in enumerate(mentions):
        same_g = {j for j in range(len(gold)) if gold[j] == gold[i]}
        same_p = {j for j in range(len(pred)) if pred[j] == pred[i]}
        if same_g != same_p:
            extra = [text[slice(*mentions[j])] for j in same_p - same_g]
            missing = [text[slice(*mentions[j])] for j in same_g - same_p]
            print(f"  {key} {text[s:e]!r} ({gold[i]}): joined {extra[:4]} missing {missing[:4]}")


# --- factRuEval coreference ----------------------------------------------------------------

_NAME_SPANS = {"name", "surname", "patronymic", "nickname", "org_name", "loc_name"}
_OBJECT_TYPES = {"Person", "Org", "Location", "LocOrg"}


def factrueval_docs(folder: Path) -> list[tuple[str, list[Span], list[str]]]:
    out = []
    for txt in sorted(folder.glob("*.txt")):
        stem = txt.with_suffix("")
        text = txt.read_text(encoding="utf-8")
        spans: dict[str, tuple[str, int, int]] = {}
        for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            p = line.split()
            if len(p) >= 4:
                spans[p[0]] = (p[1], int(p[2]), int(p[2]) + int(p[3]))
        objects: dict[str, Span] = {}
        for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            p = line.split("#")[0].split()
            if len(p) < 3 or p[1] not in _OBJECT_TYPES:
                continue
            named = [spans[s] for s in p[2:] if s in spans and spans[s][0] in _NAME_SPANS]
            if named:
                objects[p[0]] = (min(s for _, s, _ in named), max(e for _, _, e in named))
        mentions: list[Span] = []
        labels: list[str] = []
        seen: set[Span] = set()
        for block in stem.with_suffix(".coref").read_text(encoding="utf-8").split("\n\n"):
            lines = block.strip().splitlines()
            if not lines:
                continue
            head = lines[0].split()
            for obj in head[1:]:
                span = objects.get(obj)
                if span and span not in seen:
                    seen.add(span)
                    mentions.append(span)
                    labels.append(head[0])
        out.append((text, mentions, labels))
    return out


def score_factrueval(limit: int | None = None) -> dict[str, dict] | None:
    folder = SHARED / "eval" / "factrueval2016" / "devset"
    if not folder.exists():
        return None
    docs = factrueval_docs(folder)[:limit]
    backend = backend_for("ru")
    assert backend is not None
    tot = {"presswatch": Totals(), "baseline": Totals()}
    total_gold = kept = 0
    for (text, mentions, labels), ann in zip(docs, backend.annotate(d[0] for d in docs),
                                             strict=True):
        pw_clusters = presswatch_clusters(text, ann)
        bl_clusters = baseline_clusters(text, ann)
        pw = assign(mentions, pw_clusters)
        bl = assign(mentions, bl_clusters)
        keep = [i for i in range(len(mentions))
                if not pw[i].startswith("single") and not bl[i].startswith("single")]
        total_gold += len(mentions)
        kept += len(keep)
        g = [labels[i] for i in keep]
        tot["presswatch"].add(g, [pw[i] for i in keep])
        tot["baseline"].add(g, [bl[i] for i in keep])
    res = {name: t.result() for name, t in tot.items()}
    res["protocol"] = {"documents": len(docs), "gold_named_mentions": total_gold,
                       "scored_mentions": kept}
    return res


# --- speed ------------------------------------------------------------------------------------


def speed(n_en: int = 300, n_ru: int = 100) -> dict[str, dict]:
    res: dict[str, dict] = {}
    bbc = SHARED / "corpora" / "bbc"
    ru = SHARED / "eval" / "factrueval2016" / "testset"
    sets = [
        ("en", sorted(p for p in bbc.rglob("*.txt") if p.name != "README.TXT")[:n_en]),
        ("ru", sorted(ru.glob("*.txt"))[:n_ru]),
    ]
    for lang, paths in sets:
        if not paths:
            continue
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
        backend = backend_for(lang)
        assert backend is not None
        list(backend.annotate(texts[:5]))  # warm up
        t0 = time.perf_counter()
        anns = list(backend.annotate(texts))
        t1 = time.perf_counter()
        for text, ann in zip(texts, anns, strict=True):
            resolve_document(text, ann)
        t2 = time.perf_counter()
        res[lang] = {
            "documents": len(texts),
            "annotate_ms_per_doc": round((t1 - t0) * 1000 / len(texts), 2),
            "resolve_ms_per_doc": round((t2 - t1) * 1000 / len(texts), 2),
            "resolve_share_of_annotate": round((t2 - t1) / (t1 - t0), 4),
        }
    return res


def _table(title: str, res: dict[str, dict]) -> str:
    lines = [f"### {title}", "", "| system | mentions | B3 P | B3 R | B3 F1 | pair P | pair R | "
             "pair F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in ("baseline", "presswatch"):
        r = res[name]
        lines.append(f"| {name} | {r['mentions']} | {r['b3_p']:.3f} | {r['b3_r']:.3f} | "
                     f"{r['b3_f1']:.3f} | {r['pair_p']:.3f} | {r['pair_r']:.3f} | "
                     f"{r['pair_f1']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "identity_doc.json"))
    ap.add_argument("--quick", action="store_true", help="gold only, no factRuEval or speed")
    ap.add_argument("--errors", action="store_true", help="print gold mentions in error")
    args = ap.parse_args()
    out: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, Python "
                   f"{platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
        "command": " ".join(sys.argv),
    }
    gold = score_gold(load_gold(), verbose=args.errors)
    out["gold"] = gold
    for lang in ("en", "ru", "all"):
        if lang in gold:
            print(_table(f"own gold: {lang}", gold[lang]), "\n")
    if not args.quick:
        fre = score_factrueval()
        if fre:
            out["factrueval_dev"] = fre
            print(_table("factRuEval-2016 devset coreference", fre), "\n")
            print(fre["protocol"], "\n")
        out["speed"] = speed()
        print(json.dumps(out["speed"], indent=1))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
