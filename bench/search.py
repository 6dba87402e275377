"""Search and query-timeline latency at large corpora, SQLite and PostgreSQL.

Builds (or reuses, ``--db``) a store of N generated documents (``bench/store.py``'s
generator, in chunks, each document given one of 2,000 topic words as a rare term), then
times ``Corpus.search`` (common word, rare word, two words, a phrase; 20 hits with
facets) and ``Corpus.timeline(q=...)`` (common and rare word), p50/p95 in ms. Each query
runs with the bounded candidate set (the default ``textsearch.SEARCH_CANDIDATES``) and, as the
baseline in the same process, with every match ranked and counted (``--baseline``; off
above 200k documents unless asked, it takes seconds per call there).

    python bench/search.py --docs 100000 --db /tmp/s100k.db --reps 30
    python bench/search.py --docs 100000 --pg postgresql://postgres@127.0.0.1:5432/postgres

A PostgreSQL run creates its own database (``--keep-pg`` leaves it for a later run, whose
URL is printed) and drops it at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from statistics import quantiles
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from store import synthetic  # noqa: E402

from presswatch.model import Document  # noqa: E402

CHUNK = 2000
TOPICS = 2000


def documents(n: int) -> Iterator[list[Document]]:
    """N generated documents in chunks (ids unique across chunks; each text ends with a
    topic word: about n / 2000 documents share one)."""
    rng = random.Random(5)
    for k in range(0, n, CHUNK):
        chunk = synthetic(min(CHUNK, n - k), seed=7 + k)
        for i, doc in enumerate(chunk):
            doc.id = f"s{k + i:08d}"
            doc.source = f"synthetic/{k + i}.txt"
            doc.text = f"{doc.text} topic{rng.randrange(TOPICS)}."
        yield chunk


def build(target: str, n: int) -> None:
    from presswatch.extract.eventjoin import join_events
    from presswatch.store import open_store

    t0 = time.perf_counter()
    with open_store(target) as store:
        for chunk in documents(n):
            store.write_documents(chunk)
        join_events(store)
    print(f"built {n} documents in {time.perf_counter() - t0:.0f}s", flush=True)


def timed(call: Callable[[], Any], reps: int) -> tuple[float, float, float, float]:
    """(p50, p95) of wall time, then of this process's CPU time, in ms. On a shared
    machine the wall time carries the other processes' load; the CPU time is what the
    call itself spent here (SQLite runs in process; PostgreSQL's work is in the server,
    so only wall time means anything there)."""
    call()  # warm
    wall, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    qw, qc = quantiles(wall, n=20), quantiles(cpu, n=20)
    return qw[9], qw[18], qc[9], qc[18]


def run(target: str, reps: int, baseline: bool, baseline_reps: int) -> None:
    import presswatch
    from presswatch.store import textsearch

    queries = {"common word": "trade", "rare word": "topic123", "two words": "trade talks",
               "phrase": '"trade talks"'}
    modes = [("capped", textsearch.SEARCH_CANDIDATES)] + ([("all", 0)] if baseline else [])
    with presswatch.open(target) as c:
        print(f"documents: {c.stats()['documents']}")
        for mode, k in modes:
            textsearch.SEARCH_CANDIDATES = k
            n = reps if k else baseline_reps
            for name, q in queries.items():
                r = c.search(q, limit=20)
                p50, p95, c50, c95 = timed(lambda q=q: c.search(q, limit=20), n)
                print(f"[{mode}] search {name} {q!r}: total {r['total']}"
                      f"{'+' if not r['total_exact'] else ''}, ranked {r['ranked']};"
                      f" wall p50 {p50:.1f} / p95 {p95:.1f} ms; CPU p50 {c50:.1f} /"
                      f" p95 {c95:.1f} ms", flush=True)
            for name, q in (("common word", "trade"), ("rare word", "topic123")):
                p50, p95, c50, c95 = timed(lambda q=q: c.timeline(q=q), n)
                print(f"[{mode}] timeline {name} {q!r}: wall p50 {p50:.1f} / p95 {p95:.1f}"
                      f" ms; CPU p50 {c50:.1f} / p95 {c95:.1f} ms", flush=True)
        textsearch.SEARCH_CANDIDATES = modes[0][1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--db", help="a SQLite file: built when absent, reused when present")
    ap.add_argument("--pg", help="a PostgreSQL server URL (a database to connect to)")
    ap.add_argument("--pg-db", help="reuse this PostgreSQL database URL (from --keep-pg)")
    ap.add_argument("--keep-pg", action="store_true")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--baseline-reps", type=int, default=5,
                    help="timed calls per query without bounds (seconds each at 100k)")
    ap.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=None)
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args()
    baseline = args.baseline if args.baseline is not None else args.docs <= 200_000
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; load {os.getloadavg()[0]:.1f}")
    if args.pg or args.pg_db:
        import psycopg

        url = args.pg_db
        if not url:
            name = f"pw_qsearch_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
            url = f"{args.pg.rsplit('/', 1)[0]}/{name}"
            build(url, args.docs)
            print(f"database: {url}")
        try:
            if not args.build_only:
                run(url, args.reps, baseline, args.baseline_reps)
        finally:
            if not args.keep_pg and args.pg:
                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"'
                                 " WITH (FORCE)")
        return
    db = args.db or f"/tmp/presswatch-search-{args.docs}.db"
    if not Path(db).exists():
        build(db, args.docs)
    if not args.build_only:
        run(db, args.reps, baseline, args.baseline_reps)


if __name__ == "__main__":
    main()
