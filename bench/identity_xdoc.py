"""Cross-document, cross-language identity: canonical ids against a gold clustering.

    .venv/bin/python bench/identity_xdoc.py [--nerel DIR] [--speed N]

1. **Gold** (``tests/data/identity_xdoc_gold.json``): the shipped ``samples/news`` corpus
   plus the short texts in ``tests/data/identity_xdoc/`` are ingested (the real pipeline,
   into a temporary database). Every gold mention (file, surface form -> cluster) that the
   pipeline finds is scored: its predicted cluster is the id of the document entity whose
   mentions include it. B-cubed and pairwise precision/recall/F1 are given for presswatch's
   canonical ids and, in the same run, for the baseline: the previous behaviour, ids
   from the exact normalised name of the document entity (``entity_id(type, name)``).
2. **NEREL** (``--nerel``, default ``../shared/eval/nerel/dev``): Russian news with
   ``N`` lines linking entity spans to Wikidata QIDs. The texts go through the pipeline;
   a gold linked span counts when a predicted mention has exactly its offsets; mentions
   with the same QID across documents are one identity. Coverage is reported.
3. **Speed** (``--speed N``): resolution of N synthetic documents' entities (random
   people, places and organisations with spelling variants, Latin and Cyrillic) with an
   in-memory index, in entities per second.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ must not shadow the standard library (bench/html.py would hide ``html``)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))

from presswatch import readers  # noqa: E402
from presswatch.extract.canonical import IdentityIndex, gazetteer  # noqa: E402
from presswatch.model import Entity  # noqa: E402
from presswatch.pipeline import Ingest  # noqa: E402
from presswatch.store import open_store  # noqa: E402

GOLD = ROOT / "tests" / "data" / "identity_xdoc_gold.json"


class Recorder:
    """Wraps the ingest's identity index and records each entity's baseline id (what
    the within-document step gave it, ``entity_id(type, normalised name)``)."""

    def __init__(self, inner: IdentityIndex) -> None:
        self.inner = inner
        self.baseline: dict[int, str] = {}
        self.seconds = 0.0

    def resolve(self, entities, language):
        for e in entities:
            self.baseline[id(e)] = e.id
        t = time.perf_counter()
        out = self.inner.resolve(entities, language)
        self.seconds += time.perf_counter() - t
        return out

    def finish(self) -> None:
        t = time.perf_counter()
        self.inner.finish()
        self.seconds += time.perf_counter() - t


def run_pipeline(paths: list[Path]) -> tuple[dict[str, list[tuple[Entity, str]]],
                                             dict[str, str], float, float]:
    """{source: [(entity, baseline id)]}, {source: text}, identity seconds, total seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        ingest = Ingest(store)
        recorder = Recorder(ingest.identities)
        ingest.identities = recorder  # type: ignore[assignment]
        captured: dict[str, list[tuple[Entity, str]]] = {}
        texts: dict[str, str] = {}
        write = store.write_documents

        def capture(docs):
            for d in docs:
                if d.entities or d.source not in captured:
                    captured[d.source] = [(e, recorder.baseline.get(id(e), e.id))
                                          for e in d.entities]
                    texts[d.source] = d.text
            return write(docs)

        store.write_documents = capture  # type: ignore[method-assign]
        t = time.perf_counter()
        ingest.run(readers.read([str(p) for p in paths]))
        total = time.perf_counter() - t
        store.close()
    # the final display names / redirected ids
    return captured, texts, recorder.seconds, total


def scores(pred: dict[int, str], gold: dict[int, str]) -> dict[str, float]:
    """B-cubed and pairwise P/R/F1 of clustering ``pred`` against ``gold`` (item ->
    cluster), over the items of ``gold``."""
    items = list(gold)
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        same = by_pred[pred[i]] & by_gold[gold[i]]
        p += len(same) / len(by_pred[pred[i]])
        r += len(same) / len(by_gold[gold[i]])
    bp, br = p / len(items), r / len(items)
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        sp, sg = pred[a] == pred[b], gold[a] == gold[b]
        tp += sp and sg
        fp += sp and not sg
        fn += sg and not sp
    pp = tp / (tp + fp) if tp + fp else 1.0
    pr = tp / (tp + fn) if tp + fn else 1.0

    def f(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    return {"b3_p": bp, "b3_r": br, "b3_f1": f(bp, br), "pair_p": pp, "pair_r": pr,
            "pair_f1": f(pp, pr), "mentions": len(items), "gold_clusters": len(by_gold)}


def score_mentions(captured, texts, gold_of) -> tuple[dict, dict, int]:
    """gold_of(source, start, end, surface) -> cluster or None."""
    pred, base, gold = {}, {}, {}
    n = 0
    for source, ents in captured.items():
        for ent, baseline in ents:
            for s, e in ent.mentions:
                label = gold_of(source, s, e, texts[source][s:e])
                if label is None:
                    continue
                n += 1
                gold[n], pred[n], base[n] = label, ent.id, baseline
    return scores(pred, gold), scores(base, gold), n


def show(title: str, system: dict, baseline: dict) -> None:
    print(f"\n{title}: {system['mentions']} mentions, {system['gold_clusters']} gold clusters")
    print(f"{'':22} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair P':>7} {'pair R':>7} "
          f"{'pair F1':>7}")
    for name, s in (("exact-name baseline", baseline), ("presswatch canonical", system)):
        print(f"{name:22} {s['b3_p']:6.3f} {s['b3_r']:6.3f} {s['b3_f1']:6.3f} "
              f"{s['pair_p']:7.3f} {s['pair_r']:7.3f} {s['pair_f1']:7.3f}")


def gold_bench() -> None:
    t = time.perf_counter()
    gazetteer()
    print(f"gazetteer built in {time.perf_counter() - t:.2f} s (once per process)")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    paths = [ROOT / p for p in gold["corpora"]]
    captured, texts, id_s, total = run_pipeline(paths)
    labels = {k: v for k, v in gold["labels"].items()}

    def gold_of(source, s, e, surface):
        rel = str(Path(source).resolve().relative_to(ROOT))
        per_file = gold.get("files", {}).get(rel, {})
        if surface in per_file:
            return per_file[surface]
        return labels.get(surface)

    system, baseline, _ = score_mentions(captured, texts, gold_of)
    show("gold (samples/news + tests/data/identity_xdoc)", system, baseline)
    print(f"identity resolution {id_s * 1000:.1f} ms of {total:.2f} s ingest "
          f"({100 * id_s / total:.2f}%) for {len(captured)} documents")


def nerel_bench(directory: Path) -> None:
    anns = sorted(directory.glob("*.ann"))
    if not anns:
        print(f"\nNEREL: no .ann files in {directory}")
        return
    qid_of: dict[tuple[str, int, int], str] = {}
    for ann in anns:
        spans: dict[str, tuple[int, int]] = {}
        lines = ann.read_text(encoding="utf-8").splitlines()
        for line in lines:
            if line.startswith("T"):
                tid, info, _ = line.split("\t", 2)
                parts = info.split()
                if ";" in info:
                    continue
                spans[tid] = (int(parts[1]), int(parts[2]))
        for line in lines:
            if line.startswith("N"):
                _, info, *_ = line.split("\t")
                _, tid, ref = info.split()
                if tid in spans and ref.startswith("Wikidata:Q"):
                    qid_of[(ann.stem, *spans[tid])] = ref.split(":", 1)[1]
    with tempfile.TemporaryDirectory() as tmp:
        # bare .txt files: no header or boilerplate, so cleaning keeps offsets
        for ann in anns:
            text = ann.with_suffix(".txt").read_text(encoding="utf-8")
            (Path(tmp) / f"{ann.stem}.txt").write_text(text, encoding="utf-8")
        captured, texts, _, _ = run_pipeline([Path(tmp)])
        originals = {f"{Path(tmp) / a.stem}.txt": a.with_suffix(".txt").read_text("utf-8")
                     for a in anns}

    shifted = 0

    def gold_of(source, s, e, surface):
        nonlocal shifted
        orig = originals.get(source, "")
        if texts[source] != orig:
            # cleaning changed the text: locate the mention by its first occurrence
            # near the same place in the original
            pos = orig.find(surface, max(0, s - 200))
            if pos < 0:
                return None
            shifted += 1
            s, e = pos, pos + len(surface)
        return qid_of.get((Path(source).stem, s, e))

    system, baseline, n = score_mentions(captured, texts, gold_of)
    show(f"NEREL dev ({len(anns)} documents; {n} of {len(qid_of)} Wikidata-linked spans "
         f"found with exact offsets)", system, baseline)


def synthetic(n_docs: int, seed: int = 7) -> list[tuple[list[Entity], str]]:
    rnd = random.Random(seed)
    firsts = ["Aleksandr", "Alexander", "Sergei", "Sergey", "Dmitry", "Dmitri", "Yury",
              "Yuri", "Andrei", "Andrey", "Mikhail", "Nikolai", "Olga", "Irina", "Pavel",
              "Александр", "Сергей", "Дмитрий", "Юрий", "Андрей", "Михаил", "Ольга"]
    stems = ["Lukash", "Savch", "Kovalen", "Petr", "Ivan", "Sidor", "Kuzn", "Orl", "Belo",
             "Vorontsov", "Sokol", "Grom", "Tarasov", "Zhuk", "Melnik", "Lapin", "Chern"]
    ends = ["enko", "enka", "ov", "ova", "sky", "skiy", "in", "ich", "uk"]
    syllables = ["ba", "ve", "go", "da", "ze", "ki", "lo", "mi", "no", "pe", "ru", "so",
                 "ta", "fi", "ha", "tse", "che", "sha"]
    # 20,000 distinct surnames: a stem, two syllables, an ending (names are letters only:
    # digits would be dropped by the name keys)
    people = list(dict.fromkeys(
        f"{rnd.choice(stems)}{rnd.choice(syllables)}{rnd.choice(syllables)}{rnd.choice(ends)}"
        for _ in range(40_000)
    ))[:20_000]
    places = ["Minsk", "Минск", "Moscow", "Москва", "Belarus", "Беларусь", "Kyiv", "Киев",
              "Grodno", "Гродно", "Vitebsk", "Brest", "Kazan", "Казань", "Pskov"]
    orgs = [f"{a.title()}{b} {c}" for a in syllables for b in syllables
            for c in ("Holding", "Bank", "Group")] + ["State Duma", "Госдума", "ОДКБ", "CSTO"]
    docs = []
    for _ in range(n_docs):
        ents = []
        for _ in range(rnd.randint(3, 8)):
            surname = rnd.choice(people)
            name = f"{rnd.choice(firsts)} {surname}" if rnd.random() < 0.7 else surname
            ents.append(Entity("", name, "PERSON", aliases=[name, surname]))
        for _ in range(rnd.randint(2, 5)):
            ents.append(Entity("", rnd.choice(places), "GPE"))
        for _ in range(rnd.randint(1, 3)):
            ents.append(Entity("", rnd.choice(orgs), "ORG"))
        docs.append((ents, rnd.choice(["en", "ru"])))
    return docs


def speed(n_docs: int) -> None:
    docs = synthetic(n_docs)
    index = IdentityIndex(None)
    n = sum(len(e) for e, _ in docs)
    t = time.perf_counter()
    for i, (ents, lang) in enumerate(docs):
        index.resolve(ents, lang)
        if i % 256 == 255:
            index.finish()
    index.finish()
    s = time.perf_counter() - t
    print(f"\nspeed: {n_docs} synthetic documents, {n} entities resolved in {s:.1f} s "
          f"({n / s:,.0f} entities/s, {1000 * s / n_docs:.3f} ms per document); "
          f"{len(index.identities)} identities")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nerel", type=Path, default=ROOT.parent / "shared/eval/nerel/dev")
    ap.add_argument("--speed", type=int, default=0, help="synthetic documents (0: skip)")
    ap.add_argument("--no-gold", action="store_true")
    args = ap.parse_args()
    if not args.no_gold:
        gold_bench()
    if args.nerel and args.nerel.exists():
        nerel_bench(args.nerel)
    if args.speed:
        speed(args.speed)


if __name__ == "__main__":
    main()
