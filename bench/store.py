"""The storage backends side by side: SQLite file vs PostgreSQL server.

1. ingest docs/s through the public route (``presswatch ingest DIR --db ...``) on the
   same input (default ``samples/news``), one writer, wall time including model loading;
2. store writes docs/s and query p50/p95 at N generated documents (``--docs`` into
   SQLite, ``--pg-docs`` into PostgreSQL; written through the store in batches, no NLP;
   the corpus of :class:`Generator`, streamed) for every kind of ``presswatch.Corpus``
   call the CLI, API and UI make: search, entity profile, quotes by speaker / about an
   entity / newest / with words, figures by metric / claimant, events by entity,
   timeline of an entity, entity listing and lookup by name, document listing;
3. concurrent writers: 1, 2 and 4 ``presswatch ingest`` processes into one PostgreSQL
   database, each a share of ``--writer-docs`` generated text files, each mapping in its
   own process (``--workers`` per writer: ``--writer-workers``, default 1); docs/s =
   documents stored / wall time (each process's start and model loading included: the
   line also gives the wall and CPU time of a one-file ingest, which is mostly that), the
   writers' CPU seconds (cores busy = CPU / wall) and the load average of the machine.

    python bench/store.py --pg postgresql://postgres@127.0.0.1/postgres --docs 20000
    python bench/store.py --skip ingest writers --docs 1000000 --pg-docs 100000 \
        --sqlite /tmp/pw-1m.db    # keeps (and on a rerun reuses) the 1M SQLite file

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
from collections.abc import Iterator, Sequence
from pathlib import Path
from statistics import quantiles
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import psycopg  # noqa: E402

from presswatch.model import Document, Entity, Event, Figure, Quote  # noqa: E402


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


# --- the generated corpus -----------------------------------------------------------------
_ONSETS = ("b", "br", "d", "dr", "g", "gr", "k", "kr", "l", "m", "n", "p", "pr", "r", "s",
           "st", "t", "tr", "v", "z", "sh", "ch", "f", "h")
_VOWELS = ("a", "e", "i", "o", "u", "ay", "ee", "ou")
_CODAS = ("", "n", "r", "s", "t", "k", "m", "l", "nd", "st")
VOCABULARY = 4000  # distinct words of the bodies, Zipf-distributed
PEOPLE_N = 50_000
FIRST_NAMES = 400  # 50,000 people share 400 first names and 6,000 surnames
SURNAMES = 6_000
METRIC_NOUNS = ("gdp", "inflation", "grain", "oil", "gas", "steel", "tractor", "potash",
                "dairy", "timber", "coal", "fertiliser", "car", "truck", "bus", "metro",
                "rail freight", "port traffic", "budget", "debt", "wage", "pension",
                "unemployment", "housing", "retail", "tourism", "export", "import",
                "electricity", "water", "bread", "meat", "sugar", "cement", "glass",
                "software", "chip", "textile", "furniture", "milk")
METRIC_MEASURES = ("growth", "output", "exports", "imports", "prices", "production",
                   "sales", "deficit", "investment", "volume", "capacity", "demand")
UNITS = ("percent", "USD", "EUR", "RUB", "BYN", "tonnes", "units", "people")
FIGURE_KINDS = ("actual", "forecast", "target", "other")
QUOTE_KINDS = ("direct", "indirect", "transcript")
CUES = ("said", "told", "stated", "added", "noted", "claimed")
YEARS = 20  # publication dates over 2006-2025
OUTLETS = 40


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS)
                   for _ in range(rng.randint(1, 3))) + rng.choice(_CODAS)


def _distinct(rng: random.Random, n: int, make: Any) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < n:
        out[make(rng)] = None
    return list(out)


def _zipf_cum(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights of ranks 1..n (exponent ``s``), for random.choices."""
    total, out = 0.0, []
    for k in range(1, n + 1):
        total += 1.0 / k ** s
        out.append(total)
    return out


class Generator:
    """A deterministic, streamed corpus of news-like documents (nothing is held but the
    vocabularies): a Zipf vocabulary of :data:`VOCABULARY` words; :data:`PEOPLE_N` people
    whose names share first names and surnames (many "Ivanov"s), mentioned with Zipf
    popularity; 1-4 people, 1-4 quotes and 1-3 figures (480 metrics, 8 units, periods)
    per document, a meeting in most; publication dates over 20 years, undated 1%."""

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.words = _distinct(rng, VOCABULARY, _word)
        self.word_cum = _zipf_cum(VOCABULARY, 1.07)
        firsts = [w.title() for w in _distinct(rng, FIRST_NAMES, _word)]
        surnames = [w.title() + rng.choice(("ov", "enko", "ski", "in", "son", ""))
                    for w in _distinct(rng, SURNAMES, _word)]
        sur_cum = _zipf_cum(SURNAMES, 0.9)  # common surnames are shared by many
        names: dict[str, None] = {}
        while len(names) < PEOPLE_N:
            names[f"{rng.choice(firsts)} {rng.choices(surnames, cum_weights=sur_cum)[0]}"] = None
        self.people = [(f"P{i:05d}", name) for i, name in enumerate(names)]
        self.people_cum = _zipf_cum(PEOPLE_N, 0.9)
        self.metrics = [f"{n} {m}" for n in METRIC_NOUNS for m in METRIC_MEASURES]
        self.metric_cum = _zipf_cum(len(self.metrics), 0.8)

    def people_by_rank(self, rng: random.Random, k: int = 1) -> list[tuple[str, str]]:
        """``k`` people drawn with their popularity (as readers look them up)."""
        return rng.choices(self.people, cum_weights=self.people_cum, k=k)

    def metric(self, rng: random.Random) -> str:
        return rng.choices(self.metrics, cum_weights=self.metric_cum)[0]

    def words_of(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.word_cum, k=k)

    def documents(self, n: int) -> Iterator[Document]:
        """N documents, one at a time."""
        rng = random.Random(self.seed * 1_000_003)  # N docs: a prefix of N + 1
        for i in range(n):
            yield self._document(rng, i)

    def _document(self, rng: random.Random, i: int) -> Document:
        people = list(dict.fromkeys(self.people_by_rank(rng, rng.randint(1, 4))))
        if rng.random() < 0.01:
            day = None
        else:
            day = (f"{2006 + rng.randrange(YEARS)}-{rng.randint(1, 12):02d}"
                   f"-{rng.randint(1, 28):02d}")
        parts: list[str] = []
        pos = 0

        def add(text: str) -> tuple[int, int]:
            nonlocal pos
            start = pos
            parts.append(text)
            pos += len(text)
            return start, pos

        mentions: dict[str, list[tuple[int, int]]] = {pid: [] for pid, _ in people}
        quotes: list[Quote] = []
        figures: list[Figure] = []
        events: list[Event] = []
        first = people[0]
        mentions[first[0]].append(add(first[1]))
        if len(people) > 1 and rng.random() < 0.8:
            add(" met ")
            other = people[1]
            mentions[other[0]].append(add(other[1]))
            add(". ")
            events.append(Event("meeting", [first[1], other[1]], 0, pos - 2, date=day,
                                participant_ids=[first[0], other[0]]))
        else:
            add(" spoke. ")
        for _ in range(rng.randint(1, 4)):
            pid, name = rng.choice(people)
            add(" ".join(self.words_of(rng, rng.randint(15, 30))) + ". ")
            mentions[pid].append(add(name))
            cue = rng.choice(CUES)
            add(f" {cue} ")
            words = self.words_of(rng, rng.randint(6, 14))
            if len(people) > 1 and rng.random() < 0.3:  # a quote that names someone
                about = rng.choice(people)
                qs = pos
                add(" ".join(words[:3]) + " ")
                mentions[about[0]].append(add(about[1]))
                add(" " + " ".join(words[3:]))
                q_end = pos
            else:
                qs, q_end = add(" ".join(words))
            add(". ")
            quotes.append(Quote("".join(parts)[qs:q_end], qs, q_end, name,
                                rng.choice(QUOTE_KINDS), pid, cue))
        for _ in range(rng.randint(1, 3)):
            pid, name = rng.choice(people)
            metric = self.metric(rng)
            value = round(rng.uniform(0.1, 900), 1)
            unit = rng.choice(UNITS)
            add(f"{name} expects {metric} of ")
            fs, fe = add(f"{value:g} {unit}")
            add(". ")
            year = int(day[:4]) if day else 2015
            period = rng.choice((str(year), f"{year}-{rng.randint(1, 12):02d}",
                                 f"{year}-01..{year}-{rng.randint(2, 12):02d}", None))
            figures.append(Figure(f"{value:g} {unit}", fs, fe, value, unit, metric, period,
                                  name, rng.choice(FIGURE_KINDS), pid))
        text = "".join(parts)
        entities = [Entity(pid, name, "PERSON", sorted(mentions[pid]), aliases=[name])
                    for pid, name in people if mentions[pid]]
        return Document(
            id=f"s{i:07d}", source=f"synthetic/{i}.txt", text=text, language="en",
            title=" ".join(self.words_of(rng, 5)).capitalize(),
            outlet=f"Outlet {rng.randrange(OUTLETS)}", published=day, entities=entities,
            quotes=quotes, figures=figures, events=events)


def synthetic(n: int, seed: int = 7) -> Iterator[Document]:
    """N generated documents (:class:`Generator`), streamed."""
    return Generator(seed).documents(n)


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


def write(target: str, n: int, seed: int = 7, batch: int = 2000) -> float:
    """Write N generated documents into ``target`` in batches (streamed: memory stays
    bounded), then join their events (the ingest's last step); docs/s. A SQLite file that
    already holds N documents is reused as it is (0.0)."""
    from presswatch.extract.eventjoin import join_events
    from presswatch.store import open_store

    with open_store(target) as store:
        if store.stats()["documents"] == n:
            return 0.0
    t0 = time.perf_counter()
    with open_store(target) as store:
        chunk: list[Document] = []
        for doc in synthetic(n, seed):
            chunk.append(doc)
            if len(chunk) == batch:
                _write(store, chunk)
                chunk = []
        _write(store, chunk)
        join_events(store)
    return n / (time.perf_counter() - t0)


def _write(store: Any, docs: list[Document]) -> None:
    """The documents as an ingest writes them (write_documents stores their events'
    participants as entity ids, by the documents' entity names)."""
    with store.batch():
        store.write_documents(docs)


def query(target: str, reps: int, seed: int = 7, skip: Sequence[str] = ()
          ) -> dict[str, tuple[float, float]]:
    """p50 and p95 (ms) of each ``presswatch.Corpus`` call the CLI, API and UI make, with
    arguments drawn as readers would: people and metrics by popularity."""
    import presswatch

    gen = Generator(seed)
    rng = random.Random(3)

    known: dict[str, str] = {}

    def person() -> str:
        while True:
            pid = gen.people_by_rank(rng)[0][0]
            if pid in known:
                return pid

    def two_words() -> str:
        return " ".join(gen.words_of(rng, 2))

    out: dict[str, tuple[float, float]] = {}
    with presswatch.open(target) as c:
        known.update(c._db.execute("SELECT id, name FROM entities").fetchall())
        calls = {
            "search": lambda: c.search(two_words(), limit=20),
            "entity profile": lambda: c.entity(person()),
            "quotes by speaker": lambda: c.quotes(speaker=person(), limit=50),
            "quotes about an entity": lambda: c.quotes(mentions=person(), limit=50),
            "quotes, newest": lambda: c.quotes(limit=50),
            "quotes with words": lambda: c.quotes(words=gen.words_of(rng, 1)[0], limit=50),
            "figures by metric": lambda: c.figures(metric=gen.metric(rng), limit=50),
            "figures by claimant": lambda: c.figures(claimant=person(), limit=50),
            "events by entity": lambda: c.events(entity=person(), limit=50),
            "timeline of an entity": lambda: c.timeline(entity=person(), interval="month"),
            "entity listing": lambda: c.entities(limit=50),
            "entity by name": lambda: c.entities(name=known[person()],
                                                 limit=50),
            "documents, newest": lambda: c.list_documents(limit=20),
        }
        for name, call in calls.items():
            if name in skip:
                continue
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
    ap.add_argument("--docs", type=int, default=20000,
                    help="generated documents for the SQLite queries (0: skip)")
    ap.add_argument("--pg-docs", type=int, default=None,
                    help="generated documents for the PostgreSQL queries (default: --docs;"
                         " 0: skip)")
    ap.add_argument("--sqlite", help="SQLite file to build into and keep (reused when it "
                    "holds --docs documents already)")
    ap.add_argument("--reps", type=int, default=40, help="timed calls per query")
    ap.add_argument("--writer-docs", type=int, default=240,
                    help="generated text files for the concurrent-writer runs")
    ap.add_argument("--writer-workers", type=int, default=1,
                    help="--workers of each writer (1: its map in its own process)")
    ap.add_argument("--writers", type=int, nargs="*", default=[1, 2, 4],
                    help="writer counts to run")
    ap.add_argument("--skip", nargs="*", default=[], choices=["ingest", "query", "writers"])
    ap.add_argument("--skip-query", nargs="*", default=[], metavar="NAME",
                    help="timed calls to leave out (their names as printed, e.g. search)")
    args = ap.parse_args()
    if args.pg_docs is None:
        args.pg_docs = args.docs
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
            runs = [("SQLite", args.sqlite or str(tmpdir / "synthetic.db"), args.docs)]
            url = new_database(args.pg) if args.pg_docs else None
            if url:
                runs.append(("PostgreSQL", url, args.pg_docs))
            try:
                for name, target, n in runs:
                    if not n:
                        continue
                    rate = write(target, n)
                    res = query(target, args.reps, skip=args.skip_query)
                    print(f"{name} at {n} docs: write "
                          + (f"{rate:.0f} docs/s" if rate else "(reused)"))
                    for k, (p50, p95) in res.items():
                        print(f"  {k:24s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
            finally:
                if url:
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
