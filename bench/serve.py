"""Throughput and latency of the REST API (``presswatch serve``) per endpoint, loopback only.

Starts ``presswatch serve`` on 127.0.0.1 over a database (by default the demo database of
``make demo``), then for each endpoint sends a bounded number of requests from a few
client threads (keep-alive connections) and reports requests/s, p50/p95/p99 latency and
errors (non-2xx answers and failed requests). ``--synthetic N`` first builds a database of
N generated documents (no NLP: written through the store) to see how the queries scale.

    python bench/serve.py --db demo.db
    python bench/serve.py --synthetic 20000 --requests 300

Targets (docs/benchmarks.md): >= 200 requests/s on search, entity profile and quotes
with 0 errors; p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def synthetic(path: Path, n: int, seed: int = 7) -> Path:
    """N generated documents with entities, quotes, figures and events."""
    sys.path.insert(0, str(ROOT / "src"))
    from presswatch.model import Document, Entity, Event, Figure, Quote
    from presswatch.store.sqlite import SQLiteStore

    rng = random.Random(seed)
    people = [(f"P{i:04d}", f"Person{i} Surname{i % 97}") for i in range(400)]
    words = ("trade", "talks", "minsk", "moscow", "gas", "oil", "grain", "rail", "port",
             "bank", "loan", "tariff", "visit", "summit", "border", "customs", "plant",
             "tractor", "bus", "metro", "budget", "rouble", "export")
    docs = []
    for i in range(n):
        a, b = rng.sample(people, 2)
        body = " ".join(rng.choice(words) for _ in range(120))
        quote = f"we will raise {rng.choice(words)} by {rng.randint(1, 90)} percent"
        text = f"{a[1]} met {b[1]}. {body} {a[1]} said {quote}."
        qs = text.index(quote)
        fig = f"{rng.randint(1, 90)} percent"
        fs = text.index(" by ", qs) + 4
        day = f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        docs.append(Document(
            id=f"s{i:07d}", source=f"synthetic/{i}.txt", text=text, language="en",
            title=f"{rng.choice(words).title()} {rng.choice(words)} {i}",
            outlet=f"Outlet {i % 13}", published=day,
            entities=[Entity(a[0], a[1], "PERSON", [(0, len(a[1]))], aliases=[a[1]]),
                      Entity(b[0], b[1], "PERSON", [(len(a[1]) + 5, len(a[1]) + 5 + len(b[1]))],
                             aliases=[b[1]])],
            quotes=[Quote(quote, qs, qs + len(quote), a[1], "indirect", a[0], "said")],
            figures=[Figure(fig, fs, fs + len(fig), float(fig.split()[0]), "percent",
                            "growth", day[:4], a[1], "forecast", a[0])],
            events=[Event("meeting", [a[1], b[1]], 0, len(a[1]) + 5 + len(b[1]), date=day,
                          participant_ids=[a[0], b[0]])]))
    with SQLiteStore(path) as store:
        for k in range(0, len(docs), 1000):
            store.write_documents(docs[k:k + 1000])
    return path


def endpoints(client: httpx.Client) -> dict[str, list[str]]:
    """Per endpoint name, a few request paths drawn from the database itself."""
    entities = client.get("/api/entities", params={"limit": 10}).json()["items"]
    docs = client.get("/api/documents", params={"limit": 10}).json()["items"]
    ids = [e["id"] for e in entities] or ["none"]
    names = [e["name"] for e in entities] or ["none"]
    words = ["trade", "talks", "Minsk", "переговоры", "gas", "visit", "agreement"]
    return {
        "search": [f"/api/search?q={w}" for w in words],
        "entity profile": [f"/api/entities/{i}" for i in ids],
        "quotes": [f"/api/quotes?speaker={i}&limit=20" for i in ids] + ["/api/quotes?limit=20"],
        "document": [f"/api/documents/{d['id']}" for d in docs],
        "figures": ["/api/figures?limit=20", "/api/figures?unit=usd"],
        "events": ["/api/events?limit=20"],
        "timeline": [f"/api/timeline?entity={i}" for i in ids],
        "network": [f"/api/network?entity={n}" for n in names[:3]],
    }


def run(base: str, paths: list[str], requests: int, threads: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_thread = max(1, requests // threads)

    def worker(k: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as c:
            for j in range(per_thread):
                path = paths[(k + j) % len(paths)]
                t0 = time.perf_counter()
                try:
                    ok = c.get(path).status_code < 400
                except httpx.HTTPError:
                    ok = False
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += not ok

    t0 = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - t0
    q = quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / wall,
            "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="demo.db")
    ap.add_argument("--synthetic", type=int, default=0, help="build N generated documents")
    ap.add_argument("--requests", type=int, default=400, help="per endpoint")
    ap.add_argument("--threads", type=int, default=4, help="client threads")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--json", dest="as_json", action="store_true")
    args = ap.parse_args()
    tmp = None
    db = Path(args.db)
    if args.synthetic:
        tmp = tempfile.TemporaryDirectory(prefix="pw-bench-")
        t0 = time.perf_counter()
        db = synthetic(Path(tmp.name) / "synthetic.db", args.synthetic)
        print(f"built {args.synthetic} synthetic documents in {time.perf_counter() - t0:.1f}s",
              file=sys.stderr)
    if not db.exists():
        sys.exit(f"no database at {db}: run `make demo` (or presswatch ingest) first")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PRESSWATCH_TOKEN", None)  # read-only
    server = subprocess.Popen(
        [sys.executable, "-m", "presswatch", "serve", "--db", str(db), "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(args.workers)],
        env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            for _ in range(300):
                try:
                    if c.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                sys.exit("the server did not start")
            plan = endpoints(c)
            for paths in plan.values():  # warm every path once (event joining, caches)
                for p in paths:
                    c.get(p)
        results = {name: run(base, paths, args.requests, args.threads)
                   for name, paths in plan.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)
        if tmp is not None:
            tmp.cleanup()
    if args.as_json:
        print(json.dumps(results, indent=1))
        return
    print(f"{'endpoint':16} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'p99 ms':>8}")
    for name, r in results.items():
        print(f"{name:16} {r['requests']:8d} {r['errors']:6d} {r['rps']:8.0f} "
              f"{r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p99_ms']:8.1f}")


if __name__ == "__main__":
    main()
