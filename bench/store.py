"""The storage backends side by side: SQLite file vs PostgreSQL server.

1. ingest docs/s through the public route (``presswatch ingest DIR --db ...``) on the
   same input (default ``samples/news``), one writer, wall time including model loading;
2. store writes docs/s and query p50/p95 at N generated documents (``--docs``; written
   through the store, no NLP) for search, entity profile, quotes by speaker, figures by
   metric and timeline (``presswatch.Corpus`` calls, as the CLI and API make them);
3. concurrent writers: 1, 2 and 4 ``presswatch ingest`` processes into one PostgreSQL
   database, each a share of ``--writer-docs`` generated text files, each mapping in its
   own process (``--workers`` per writer: ``--writer-workers``, default 1); docs/s =
   documents stored / wall time (each process's start and model loading included: the
   line also gives the wall and CPU time of a one-file ingest, which is mostly that), the
   writers' CPU seconds (cores busy = CPU / wall) and the load average of the machine.

    python bench/store.py --pg postgresql://postgres@127.0.0.1/postgres --docs 20000

Each run creates and drops its own PostgreSQL databases on that server (named
``$PRESSWATCH_BENCH_DB_PREFIX`` + a random suffix, default ``pw_bench_``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from statistics import quantiles
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import psycopg  # noqa: E402

from presswatch.model import Document, Entity, Event, Figure, Quote  # noqa: E402

WORDS = ("trade", "talks", "minsk", "moscow", "gas", "oil", "grain", "rail", "port", "bank",
         "loan", "tariff", "visit", "summit", "border", "customs", "plant", "tractor", "bus",
         "metro", "budget", "rouble", "export")
PEOPLE = [(f"P{i:04d}", f"Person{i} Surname{i % 97}") for i in range(400)]


def presswatch_exe() -> str:
    return shutil.which("presswatch", path=str(Path(sys.executable).parent)) or "presswatch"


DB_PREFIX = os.environ.get("PRESSWATCH_BENCH_DB_PREFIX", "pw_bench_")


def new_database(server: str) -> str:
    name = f"{DB_PREFIX}{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    return f"{server.rsplit('/', 1)[0]}/{name}"


def drop_database(server: str, url: str) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def synthetic(n: int, seed: int = 7) -> list[Document]:
    """N generated documents with entities, quotes, figures and events."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        a, b = rng.sample(PEOPLE, 2)
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        quote = f"we will raise {rng.choice(WORDS)} by {rng.randint(1, 90)} percent"
        text = f"{a[1]} met {b[1]}. {body} {a[1]} said {quote}."
        qs = text.index(quote)
        fig = f"{rng.randint(1, 90)} percent"
        fs = text.index(" by ", qs) + 4
        day = f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        docs.append(Document(
            id=f"s{i:07d}", source=f"synthetic/{i}.txt", text=text, language="en",
            title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
            outlet=f"Outlet {i % 13}", published=day,
            entities=[Entity(a[0], a[1], "PERSON", [(0, len(a[1]))], aliases=[a[1]]),
                      Entity(b[0], b[1], "PERSON",
                             [(len(a[1]) + 5, len(a[1]) + 5 + len(b[1]))], aliases=[b[1]])],
            quotes=[Quote(quote, qs, qs + len(quote), a[1], "indirect", a[0], "said")],
            figures=[Figure(fig, fs, fs + len(fig), float(fig.split()[0]), "percent",
                            "growth", day[:4], a[1], "forecast", a[0])],
            events=[Event("meeting", [a[1], b[1]], 0, len(a[1]) + 5 + len(b[1]), date=day,
                          participant_ids=[a[0], b[0]])]))
    return docs


def ingest_cli(paths: list[Path], db: str, *options: str) -> subprocess.Popen:
    return subprocess.Popen([presswatch_exe(), "ingest", *map(str, paths), "--db", db, "-q",
                             *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def public_ingest(input_dir: Path, target: str) -> tuple[int, float]:
    from presswatch.store import open_store

    t0 = time.perf_counter()
    p = ingest_cli([input_dir], target)
    _, stderr = p.communicate()
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 3):
        raise SystemExit(stderr)
    with open_store(target) as store:
        n = store.stats()["documents"]
    return n, wall


def write_and_query(target: str, docs: list[Document], reps: int) -> dict[str, Any]:
    import presswatch
    from presswatch.extract.eventjoin import join_events
    from presswatch.store import open_store

    t0 = time.perf_counter()
    with open_store(target) as store:
        for k in range(0, len(docs), 1000):
            store.write_documents(docs[k:k + 1000])
        join_events(store)  # the ingest's last step
    write = len(docs) / (time.perf_counter() - t0)
    rng = random.Random(3)
    out: dict[str, Any] = {"write docs/s": write}
    with presswatch.open(target) as c:
        calls = {
            "search": lambda: c.search(f"{rng.choice(WORDS)} {rng.choice(WORDS)}", limit=20),
            "entity profile": lambda: c.entity(rng.choice(PEOPLE)[0]),
            "quotes by speaker": lambda: c.quotes(speaker=rng.choice(PEOPLE)[0], limit=50),
            "figures by metric": lambda: c.figures(metric="growth", limit=50),
            "timeline": lambda: c.timeline(entity=rng.choice(PEOPLE)[0], interval="month"),
        }
        for name, call in calls.items():
            call()  # warm
            times = []
            for _ in range(reps):
                t = time.perf_counter()
                call()
                times.append((time.perf_counter() - t) * 1000)
            q = quantiles(times, n=20)
            out[name] = (q[9], q[18])
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def writers(server: str, files: list[Path], k: int,
            workers: int) -> tuple[int, float, float]:
    """(documents stored, wall seconds, CPU seconds of the writer processes)."""
    from presswatch.store import open_store

    url = new_database(server)
    try:
        open_store(url).close()
        shares = [files[i::k] for i in range(k)]
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        procs = [ingest_cli(share, url, "--workers", str(workers)) for share in shares]
        for p in procs:
            _, stderr = p.communicate()
            if p.returncode not in (0, 3):
                raise SystemExit(stderr)
        wall = time.perf_counter() - t0
        cpu = _children_cpu() - cpu0
        with open_store(url) as store:
            return store.stats()["documents"], wall, cpu
    finally:
        drop_database(server, url)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pg", default=os.environ.get(
        "PRESSWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server (URL of a database to connect to for CREATE DATABASE)")
    ap.add_argument("--input", type=Path, default=ROOT / "samples" / "news")
    ap.add_argument("--docs", type=int, default=20000, help="generated documents for queries")
    ap.add_argument("--reps", type=int, default=40, help="timed calls per query")
    ap.add_argument("--writer-docs", type=int, default=240,
                    help="generated text files for the concurrent-writer runs")
    ap.add_argument("--writer-workers", type=int, default=1,
                    help="--workers of each writer (1: its map in its own process)")
    ap.add_argument("--writers", type=int, nargs="*", default=[1, 2, 4],
                    help="writer counts to run")
    ap.add_argument("--skip", nargs="*", default=[], choices=["ingest", "query", "writers"])
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if "ingest" not in args.skip:
            url = new_database(args.pg)
            try:
                n_s, w_s = public_ingest(args.input, str(tmpdir / "news.db"))
                n_p, w_p = public_ingest(args.input, url)
            finally:
                drop_database(args.pg, url)
            print(f"ingest {args.input.name}: SQLite {n_s} docs {w_s:.1f}s "
                  f"({n_s / w_s:.2f} docs/s); PostgreSQL {n_p} docs {w_p:.1f}s "
                  f"({n_p / w_p:.2f} docs/s); ratio {w_s / w_p:.2f}")
        if "query" not in args.skip:
            docs = synthetic(args.docs)
            url = new_database(args.pg)
            try:
                for name, target in (("SQLite", str(tmpdir / "synthetic.db")),
                                     ("PostgreSQL", url)):
                    res = write_and_query(target, docs, args.reps)
                    line = ", ".join(f"{k} p50 {v[0]:.1f} / p95 {v[1]:.1f} ms"
                                     for k, v in res.items() if isinstance(v, tuple))
                    print(f"{name} at {args.docs} docs: write {res['write docs/s']:.0f} "
                          f"docs/s; {line}", flush=True)
            finally:
                drop_database(args.pg, url)
        if "writers" not in args.skip:
            files = []
            for doc in synthetic(args.writer_docs, seed=11):
                path = tmpdir / "w" / f"{doc.id}.txt"
                path.parent.mkdir(exist_ok=True)
                path.write_text(f"{doc.title}\n\n{doc.text}\n", encoding="utf-8")
                files.append(path)
            _, one, one_cpu = writers(args.pg, files[:1], 1, args.writer_workers)
            print(f"one-file ingest (process start, model loading): {one:.1f}s wall, "
                  f"{one_cpu:.1f} CPU s")
            for k in args.writers:
                before = os.getloadavg()[0]
                n, wall, cpu = writers(args.pg, files, k, args.writer_workers)
                print(f"{k} writer(s) into PostgreSQL (--workers {args.writer_workers} each): "
                      f"{n} docs in {wall:.1f}s ({n / wall:.2f} docs/s); {cpu:.1f} CPU s "
                      f"({cpu / wall:.2f} cores busy, {(cpu - k * one_cpu) / n * 1000:.0f} "
                      f"CPU ms/doc past start-up); load average {before:.1f} before, "
                      f"{os.getloadavg()[0]:.1f} after", flush=True)


if __name__ == "__main__":
    main()
