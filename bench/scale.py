"""Scaling: `presswatch ingest --workers N` docs/s for N = 1, 2, ... beside bare nlp.pipe.

The public route: each run is the CLI (`presswatch ingest DIR --db fresh.db --workers N -q`
then `presswatch export --format jsonl`) timed wall-clock from start to exit, so model
loading and starting the workers count. The same texts (the first ``--limit`` BBC News
articles, copied into one folder) go through bare ``nlp.pipe`` of the same spaCy pipeline
in one process (reading included, loading excluded) as the baseline. Scaling efficiency at
N = docs/s with N workers / (N x docs/s with 1). The exports of every N are compared
byte for byte (the target: identical).

    python bench/scale.py [--corpus DIR] [--limit 200] [--workers 1,2] [--out bench/out/scale.json]

Prints a Markdown table for docs/benchmarks.md. On a loaded machine the figures move with
the load: run it on an otherwise idle one (the load average is recorded with the result).
CPU seconds: those of the processes the CLI reaps (``cpu_seconds``: the coordinator alone
with N > 1, pool workers being the forkserver's children) and those of every process of
the run, sampled from /proc every 0.2 s (``cpu_seconds_all``). CPU with 1 / CPU with N
bounds the efficiency from above (it is what N otherwise idle cores would give were
every second of the run parallel): the machine's load moves it far less than the wall
clock.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "bbc"
CLI = [sys.executable, "-m", "presswatch"]


def copy_corpus(root: Path, limit: int, into: Path) -> list[Path]:
    """The first ``limit`` articles (sorted by category and name), one folder."""
    files = sorted(p for p in root.rglob("*.txt") if p.parent != root)[:limit]
    into.mkdir(parents=True)
    out = []
    for p in files:
        target = into / f"{p.parent.name}_{p.name}"
        shutil.copyfile(p, target)
        out.append(target)
    return out


def bare_spacy(files: list[Path], model: str) -> float:
    import spacy

    nlp = spacy.load(model)
    started = time.perf_counter()
    texts = (p.read_text(encoding="utf-8", errors="replace") for p in files)
    n = sum(1 for _ in nlp.pipe(texts, batch_size=64))
    return n / (time.perf_counter() - started)


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """CPU seconds so far of ``root`` and every process below it (from /proc; Linux),
    the largest figure seen per pid kept in ``seen`` (a process that ends between two
    samples loses at most one sampling interval)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    for pid in cpu:
        p = pid
        while p not in (0, 1) and p != root:
            p = parents.get(p, 0)
        if p == root:
            seen[pid] = max(seen.get(pid, 0.0), cpu[pid])


def cli_ingest(folder: Path, workers: int, work: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds of the processes the CLI reaps, CPU seconds of every
    process of the run (sampled from /proc: the workers and the forkserver included) of
    one CLI ingest into a fresh database, and the export's sha256."""
    db = work / f"w{workers}.db"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    seen: dict[int, float] = {}
    with subprocess.Popen([*CLI, "ingest", str(folder), "--db", str(db), "--workers",
                           str(workers), "-q"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as proc:
        while proc.poll() is None:
            if sys.platform == "linux":
                _tree_cpu(proc.pid, seen)
            time.sleep(0.2)
        stderr = proc.stderr.read() if proc.stderr else ""
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"ingest failed: {stderr[-2000:]}")
    out = work / f"w{workers}.jsonl"
    subprocess.run([*CLI, "export", "--db", str(db), "--format", "jsonl", "--out", str(out)],
                   check=True, capture_output=True)
    return seconds, cpu, max(cpu, sum(seen.values())), hashlib.sha256(out.read_bytes()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "scale.json")
    args = ap.parse_args()
    from presswatch.config import Settings

    counts = [int(w) for w in args.workers.split(",")]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = copy_corpus(args.corpus, args.limit, work / "in")
        bare = bare_spacy(files, Settings().english_model)
        runs = {}
        for n in counts:
            seconds, cpu, tree, digest = cli_ingest(work / "in", n, work)
            runs[n] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                       "cpu_seconds_all": round(tree, 2),
                       "docs_per_s": len(files) / seconds, "export_sha256": digest}
    one = runs[counts[0]]["docs_per_s"] if counts[0] == 1 else None
    for n, run in runs.items():
        run["efficiency"] = round(run["docs_per_s"] / (n * one), 3) if one else None
        # The full pipeline per worker against bare nlp.pipe in one process.
        run["per_worker_vs_bare"] = round(run["docs_per_s"] / n / bare, 3)
        # What the efficiency could be with the cores to itself: CPU with 1 / CPU with N.
        first = runs[counts[0]]["cpu_seconds_all"]
        run["cpu_efficiency"] = round(first / run["cpu_seconds_all"], 3) if one else None
    result = {
        "docs": len(files),
        "bare_nlp_pipe_docs_per_s": round(bare, 2),
        "runs": runs,
        "identical_exports": len({r["export_sha256"] for r in runs.values()}) == 1,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "load_average_before": load_before,
        "load_average": os.getloadavg(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"| workers | wall s | CPU s (every process) | docs/s | efficiency | CPU 1 / CPU N "
          f"| per worker vs bare nlp.pipe | (bare nlp.pipe {bare:.1f} docs/s, "
          f"{len(files)} docs) |")
    print("|---|---|---|---|---|---|---|---|")
    for n, run in runs.items():
        print(f"| {n} | {run['seconds']} | {run['cpu_seconds_all']} | "
              f"{run['docs_per_s']:.2f} | {run['efficiency']} | {run['cpu_efficiency']} | "
              f"{run['per_worker_vs_bare']} | |")
    print(f"identical exports: {result['identical_exports']}; load average before "
          f"{tuple(round(x, 2) for x in load_before)}, after "
          f"{tuple(round(x, 2) for x in result['load_average'])}")


if __name__ == "__main__":
    main()
