"""Identity start-up, first chunk and memory against database size (lazy look-ups by key).

    python bench/identity_scale.py --identities 100000,1000000 [--docs 1000,10000]

1. A database with N identities is built through the store (people with Zipf surnames,
   each with an English full name, a Russian one and the bare surname; organisations;
   places: rows written as ``write_documents`` writes them, keys by the schema's
   backfill, ``store/identitykeys.py``). Then, each in a fresh process: the start-up of
   an ingest's identity index (``IdentityIndex(store, cache_size=Settings().identity_cache)``)
   and the first chunk (256 synthetic documents of 8 entities drawn from the stored
   identities, some with new forms: prepare, resolve, finish, write, commit), with the
   full in-memory load (``cache_size=None``, what ingest did before) as the baseline in
   a process of its own. Peak RSS of each process is reported.
2. Peak RSS after 1k and after 10k synthetic documents through the reduce's identity
   steps and the write (no NLP: the documents are entity lists, as the map hands them
   over), on the largest database, in one process: the ratio is the figure (flat: 1.0).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))

from presswatch.config import Settings  # noqa: E402
from presswatch.extract.entities import stable_id  # noqa: E402
from presswatch.extract.translit import fold  # noqa: E402
from presswatch.model import Document, Entity  # noqa: E402

_SYL = ["ba", "ve", "go", "da", "ze", "ki", "lo", "mi", "no", "pe", "ru", "so", "ta", "fi",
        "kha", "tse", "che", "sha", "zhu", "ku", "le", "mo", "ny", "re", "tu", "shu", "gri",
        "bro", "sla", "kra", "zvo", "plo"]
_CYR = dict(zip(_SYL, ["ба", "ве", "го", "да", "зе", "ки", "ло", "ми", "но", "пе", "ру", "со",
                       "та", "фи", "ха", "це", "че", "ша", "жу", "ку", "ле", "мо", "ны", "ре",
                       "ту", "шу", "гри", "бро", "сла", "кра", "зво", "пло"], strict=True))
_END = [("enko", "енко"), ("ov", "ов"), ("ova", "ова"), ("sky", "ский"), ("in", "ин"),
        ("uk", "ук"), ("ko", "ко"), ("ev", "ев"), ("yan", "ян")]
_FIRST = [("Alexander", "Александр"), ("Sergei", "Сергей"), ("Dmitry", "Дмитрий"),
          ("Yuri", "Юрий"), ("Andrei", "Андрей"), ("Mikhail", "Михаил"), ("Olga", "Ольга"),
          ("Irina", "Ирина"), ("Pavel", "Павел"), ("Viktor", "Виктор"), ("Igor", "Игорь"),
          ("Elena", "Елена"), ("Anna", "Анна"), ("Maria", "Мария"), ("Ivan", "Иван"),
          ("Roman", "Роман"), ("Boris", "Борис"), ("Vera", "Вера"), ("Timur", "Тимур"),
          ("Denis", "Денис")]
_ORG = [("Bank", "банк"), ("Holding", "холдинг"), ("Group", "группа"), ("Media", "медиа")]


def pool(n: int, seed: int = 11) -> list[tuple[str, list[str], list[str]]]:
    """``n`` identities (type, English forms, Russian forms): 60% people (surnames by a
    Zipf law: big surname blocks), 25% organisations, 15% places."""
    rnd = random.Random(seed)

    def word(k: int) -> tuple[str, str]:
        parts = [rnd.choice(_SYL) for _ in range(k)]
        return "".join(parts).capitalize(), "".join(_CYR[p] for p in parts).capitalize()

    surnames = []
    for _ in range(max(n // 5, 100)):
        (lat, cyr), (e_lat, e_cyr) = word(rnd.choice((2, 3))), rnd.choice(_END)
        surnames.append((lat + e_lat, cyr + e_cyr))
    weights = list(accumulate(1 / (r + 20) for r in range(len(surnames))))
    out, seen = [], set()
    while len(out) < n:
        kind = rnd.random()
        if kind < 0.6:
            (f_lat, f_cyr), (s_lat, s_cyr) = (rnd.choice(_FIRST),
                                              rnd.choices(surnames, cum_weights=weights)[0])
            item = ("PERSON", [f"{f_lat} {s_lat}", s_lat], [f"{f_cyr} {s_cyr}", s_cyr])
        elif kind < 0.85:
            (lat, cyr), (k_lat, k_cyr) = word(3), rnd.choice(_ORG)
            item = ("ORG", [f"{lat} {k_lat}"], [f"{k_cyr.capitalize()} «{cyr}»"])
        else:
            lat, cyr = word(3)
            item = ("GPE", [lat + "ovo"], [cyr + "ово"])
        if item[1][0] not in seen:
            seen.add(item[1][0])
            out.append(item)
    return out


def build(db: Path, items: list[tuple[str, list[str], list[str]]]) -> float:
    """A database of the identities ``items``, written through the store; seconds."""
    from presswatch.store import identitykeys, open_store

    t = time.perf_counter()
    with open_store(db) as store:
        con = store._db  # type: ignore[attr-defined]
        rows, aliases = [], []
        for type_, en, ru in items:
            ent_id = stable_id("E", f"{type_}:{fold(en[0])}")
            rows.append((ent_id, en[0], type_))
            aliases += [(ent_id, f, lang, fold(f), 3) for forms, lang in ((en, "en"), (ru, "ru"))
                        for f in forms]
        with store._transaction():  # type: ignore[attr-defined]
            con.executemany("INSERT OR IGNORE INTO entities (id, name, type) VALUES (?, ?, ?)",
                            rows)
            con.executemany("INSERT OR IGNORE INTO entity_aliases (entity_id, alias, language,"
                            " alias_key, count) VALUES (?, ?, ?, ?, ?)", aliases)
            identitykeys.backfill(con)
    return time.perf_counter() - t


def documents(items: list[tuple[str, list[str], list[str]]], n_docs: int, seed: int,
              start: int = 0) -> list[Document]:
    """Synthetic documents of 8 entities drawn from ``items`` by a Zipf law, half
    English, half Russian; one entity in ten a new name (a new identity)."""
    rnd = random.Random(seed)
    cum = list(accumulate((r + 1) ** -0.8 for r in range(len(items))))
    docs = []
    for i in range(start, start + n_docs):
        lang = rnd.choice(("en", "ru"))
        ents = []
        picks = dict.fromkeys(rnd.choices(range(len(items)), cum_weights=cum, k=8))
        for type_, en, ru in (items[k] for k in picks):
            forms = en if lang == "en" else ru
            if rnd.random() < 0.1:
                forms = [f"{forms[0]} {rnd.choice(_SYL)}{rnd.randrange(10**6)}"]
            ents.append(Entity(f"L{len(ents)}", forms[0], type_, aliases=list(forms)))
        docs.append(Document(f"b{seed}-{i}", f"b{seed}-{i}", "x", lang, entities=ents))
    return docs


def write_docs(path: Path, docs: list[Document]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps([doc.id, doc.language, [[e.id, e.name, e.type, e.aliases]
                                                       for e in doc.entities]],
                               ensure_ascii=False) + "\n")


def read_docs(path: Path, size: int = 256):  # type: ignore[no-untyped-def]
    """Chunks of the documents in ``path`` (streamed: the pool stays in the parent)."""
    chunk = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            doc_id, lang, ents = json.loads(line)
            chunk.append(Document(doc_id, doc_id, "x", lang, entities=[
                Entity(i, name, t, aliases=a) for i, name, t, a in ents]))
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def reduce_chunk(store, index, chunk: list[Document]) -> None:  # type: ignore[no-untyped-def]
    """The reduce's identity steps and the write, as ``Ingest`` runs them."""
    with store.batch():
        index.resolve_chunk(chunk)
        store.write_documents(chunk)
        index.commit()


def rss_mb() -> float:
    """Peak resident memory of this process, MB: VmHWM (ru_maxrss would carry the
    parent's peak across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_startup(db: Path, docs: Path, cache: int | None) -> dict:
    """Start-up and first chunk of an identity index on ``db`` (in this process)."""
    from presswatch.extract.canonical import IdentityIndex, gazetteer
    from presswatch.store import open_store

    gazetteer()  # loaded once per ingest whatever the database (not a start-up cost here)
    chunk = next(read_docs(docs))
    base = rss_mb()
    with open_store(db) as store:
        t = time.perf_counter()
        index = IdentityIndex(store, cache_size=cache)
        startup = time.perf_counter() - t
        t = time.perf_counter()
        reduce_chunk(store, index, chunk)
        first = time.perf_counter() - t
        held = len(index.identities)
    return {"startup_s": startup, "first_chunk_s": first, "identities_held": held,
            "rss_before_mb": base, "peak_rss_mb": rss_mb()}


def phase_memory(db: Path, docs: Path, marks: list[int], cache: int | None) -> dict:
    """Peak RSS after each of ``marks`` documents through the reduce (lazy index)."""
    from presswatch.extract.canonical import IdentityIndex, gazetteer
    from presswatch.store import open_store

    gazetteer()
    out = {}
    with open_store(db) as store:
        index = IdentityIndex(store, cache_size=cache)
        done, t = 0, time.perf_counter()
        for chunk in read_docs(docs):
            reduce_chunk(store, index, chunk)
            done += len(chunk)
            for m in marks:
                if done - 256 < m <= done:
                    out[str(m)] = {"peak_rss_mb": rss_mb(), "s": time.perf_counter() - t,
                                   "identities_held": len(index.identities)}
    return out


def sub(*args: str) -> dict:
    run = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if run.returncode:
        sys.exit(run.stderr[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--identities", default="100000,1000000")
    ap.add_argument("--docs", default="1000,10000", help="RSS marks (documents)")
    ap.add_argument("--full-up-to", type=int, default=100_000,
                    help="the full-load baseline only on databases up to this size")
    ap.add_argument("--phase", choices=("startup", "memory"), help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cache", default="lazy",
                    help="identities the lazy index holds (default Settings().identity_cache)")
    args = ap.parse_args()
    marks = [int(x) for x in args.docs.split(",")]
    if args.phase == "startup":
        cache = None if args.cache == "full" else Settings().identity_cache
        print(json.dumps(phase_startup(args.db, args.input, cache)))
        return
    if args.phase == "memory":
        size = Settings().identity_cache if args.cache == "lazy" else int(args.cache)
        print(json.dumps(phase_memory(args.db, args.input, marks, size)))
        return
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"identity_cache={Settings().identity_cache}")
    print("| identities in the database | build s | index | start-up s | first chunk s "
          "| identities held | peak RSS MB |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="pw_identity_") as tmp:
        last = None
        for n in [int(x) for x in args.identities.split(",")]:
            db, first, rest = (Path(tmp) / f"{n}.{x}" for x in ("db", "first", "docs"))
            items = pool(n)
            built = build(db, items)
            write_docs(first, documents(items, 256, seed=5))
            if marks:
                write_docs(rest, documents(items, marks[-1], seed=9))
            del items
            modes = ["lazy"] + (["full"] if n <= args.full_up_to else [])
            for mode in modes:
                r = sub("--phase", "startup", "--db", str(db), "--input", str(first),
                        "--cache", mode)
                print(f"| {n:,} | {built:.0f} | {mode} | {r['startup_s']:.3f} | "
                      f"{r['first_chunk_s']:.2f} | {r['identities_held']:,} | "
                      f"{r['peak_rss_mb']:.0f} |", flush=True)
            last = (db, n, rest)
        if last and marks:
            r = sub("--phase", "memory", "--db", str(last[0]), "--input", str(last[2]),
                    "--docs", args.docs, "--cache", args.cache)
            print(f"\nreduce without NLP on the {last[1]:,}-identity database "
                  "(lazy index, chunks of 256):")
            print("| documents | peak RSS MB | s | identities held |")
            print("|---:|---:|---:|---:|")
            for m, v in r.items():
                print(f"| {int(m):,} | {v['peak_rss_mb']:.0f} | {v['s']:.0f} | "
                      f"{v['identities_held']:,} |")
            first, final = r[str(marks[0])], r[str(marks[-1])]
            print(f"peak RSS ratio {marks[-1]:,} / {marks[0]:,} documents: "
                  f"{final['peak_rss_mb'] / first['peak_rss_mb']:.2f}")


if __name__ == "__main__":
    main()
