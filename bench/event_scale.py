"""Event joining and the network at growing database size, on generated documents
written through the store (no NLP: the figures are the join's and the export's own).

For each size in ``--sizes`` the database grows to it (``--batch`` documents at a time,
each batch joined as an ingest joins: ``join_events`` as its last step), then:

* **join of one batch**: seconds to join ``--batch`` new documents' events
  (incremental, the ingest's step) beside a full re-join of the whole database (what
  every ingest's join cost before it was incremental), in the same run;
* **first events query after the ingest**: ``Corpus.events(entity=..., limit=20)`` on a
  fresh connection (nothing left to join: one indexed look-up), then the p50 of events by
  entity over ``--reps`` random people;
* **network as GEXF** (at the largest size): wall seconds and peak Python memory
  (``tracemalloc``) of the streamed export beside the in-memory network written by
  networkx (the export before it was streamed), in the same run.

    .venv/bin/python bench/event_scale.py [--sizes 2000,10000,20000] [--batch 256]

Documents: two people each (from 4,000; one mention in fifty is one of ten people), a
meeting of the two in one of 300 cities on a day of 2019-2024 (so that reports of one meeting
join), every 20th a copy of an earlier one.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from presswatch.model import Document, Entity, Event, Quote  # noqa: E402

PEOPLE = [(f"P{i:04d}", f"Person{i} Surname{i % 97}") for i in range(4000)]
SYLLABLES = ("ka", "lo", "mi", "ra", "to", "ve", "su", "ni", "pe", "do", "gra", "bel",
             "vor", "sta", "lin", "mur", "zan", "tol")


def cities(n: int) -> list[str]:
    """``n`` made-up city names with ``n`` different place keys (the join's)."""
    from presswatch.extract.namekeys import place_key

    found: dict[str, str] = {}
    for a in SYLLABLES:
        for b in SYLLABLES:
            for c in SYLLABLES:
                found.setdefault(place_key(a + b + c), (a + b + c).title())
    return sorted(found.values())[:n]


CITIES = cities(300)
SEEN: dict[str, int] = {}  # people written so far, with their number of events
WORDS = ("trade", "talks", "gas", "oil", "grain", "rail", "port", "loan", "tariff", "visit")


def person(rng: random.Random) -> tuple[str, str]:
    """One mention in fifty is one of ten people (the head of news), the rest any."""
    return rng.choice(PEOPLE[:10]) if rng.random() < 0.02 else rng.choice(PEOPLE)


def documents(start: int, n: int, rng: random.Random) -> list[Document]:
    docs = []
    for i in range(start, start + n):
        a = person(rng)
        b = person(rng)
        while b == a:
            b = rng.choice(PEOPLE)
        SEEN[a[0]] = SEEN.get(a[0], 0) + 1
        SEEN[b[0]] = SEEN.get(b[0], 0) + 1
        city = rng.choice(CITIES)
        day = f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        body = " ".join(rng.choice(WORDS) for _ in range(60))
        quote = f"we agreed on {rng.choice(WORDS)} with {b[1]}"
        text = f"{a[1]} met {b[1]} in {city}. {body} {a[1]} said {quote}."
        qs = text.index(quote)
        bs = len(a[1]) + 5
        docs.append(Document(
            id=f"g{i:07d}", source=f"generated/{i}.txt", text=text, language="en",
            title=f"{a[1]} and {b[1]} {i}", outlet=f"Outlet {i % 13}", published=day,
            duplicate_of=f"g{i - 7:07d}" if i % 20 == 19 and i >= 7 else None,
            entities=[Entity(a[0], a[1], "PERSON", [(0, len(a[1]))], aliases=[a[1]]),
                      Entity(b[0], b[1], "PERSON", [(bs, bs + len(b[1])),
                                                    (qs + len(quote) - len(b[1]),
                                                     qs + len(quote))], aliases=[b[1]])],
            quotes=[Quote(quote, qs, qs + len(quote), a[1], "indirect", a[0], "said")],
            events=[Event("meeting", [a[1], b[1]], 0, bs + len(b[1]), place=city, date=day,
                          participant_ids=[a[0], b[0]])]))
    return docs


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - t0, value


def old_gexf(store) -> str:
    """The export before it was streamed: the whole network in memory, then networkx."""
    import networkx as nx

    from presswatch.query.network import build_network, to_graph

    return "\n".join(nx.generate_gexf(to_graph(build_network(store))))


def streamed_gexf(store, path: Path) -> None:
    from presswatch.query.network import network_source, write

    with path.open("w", encoding="utf-8") as fh:
        write(network_source(store), "gexf", fh)


def peak_mb(fn, *args) -> float:
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,10000,20000")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--no-network", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    import presswatch
    from presswatch.extract.eventjoin import join_events
    from presswatch.store import open_store

    rng = random.Random(11)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.2f}; Python {platform.python_version()}; SQLite; "
          f"batch {args.batch} documents")
    print("| documents | join of one batch (s) | full re-join (s) | full / batch "
          "| first events query (ms) | events by entity p50 (ms) |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "events.db"
        stored = 0
        store = open_store(db)
        try:
            for size in sizes:
                # Grow to size - batch (joined, as the ingests before would have), then
                # one more ingest's batch: its join is the figure.
                while stored < size - args.batch:
                    n = min(2000, size - args.batch - stored)
                    store.write_documents(documents(stored, n, rng))
                    stored += n
                    join_events(store)
                store.write_documents(documents(stored, args.batch, rng))
                stored += args.batch
                join_s, _ = timed(join_events, store)
                full_s, _ = timed(join_events, store, full=True)
                store.close()
                with presswatch.open(db) as corpus:
                    # The most frequent person first, then people as queries pick them.
                    top = max(SEEN, key=lambda k: (SEEN[k], k))
                    first_s, _ = timed(corpus.events, entity=top, limit=20)
                    times = []
                    known = sorted(SEEN)
                    for _ in range(args.reps):
                        who = rng.choice(known)
                        t, _ = timed(corpus.events, entity=who, limit=20)
                        times.append(t)
                store = open_store(db)
                print(f"| {stored:,} | {join_s:.3f} | {full_s:.2f} | {full_s / join_s:.0f}× "
                      f"| {first_s * 1000:.1f} | {statistics.median(times) * 1000:.1f} |")
            if not args.no_network:
                out = Path(tmp) / "n.gexf"
                new_s, _ = timed(streamed_gexf, store, out)
                old_s, text = timed(old_gexf, store)
                same = out.read_text(encoding="utf-8") == (
                    '<?xml version="1.0" encoding="utf-8"?>\n' + str(text) + "\n")
                new_mb = peak_mb(streamed_gexf, store, out)
                old_mb = peak_mb(old_gexf, store)
                print(f"\nnetwork as GEXF at {stored:,} documents "
                      f"({out.stat().st_size / 2**20:.1f} MB of GEXF; identical: {same}):")
                print("| export | wall (s) | peak Python memory (MB) |")
                print("|---|---|---|")
                print(f"| in memory + networkx (before) | {old_s:.2f} | {old_mb:.1f} |")
                print(f"| streamed from SQL | {new_s:.2f} | {new_mb:.1f} |")
        finally:
            store.close()


if __name__ == "__main__":
    main()
