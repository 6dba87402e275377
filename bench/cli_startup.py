"""CLI start-up: wall time of ``presswatch --help``, ``presswatch stats --help`` and
``presswatch stats --db small.db`` against ``python -c pass`` (the interpreter's own
start-up) in the same run, median of ``--runs`` runs each, interleaved so that load on
the machine falls on every command alike. ``small.db`` is the test corpus of
``tests/corpus_fixture.py``, written by the bench into a temporary folder.

    .venv/bin/python bench/cli_startup.py [--runs 15] [--baseline-src OTHER/src]

``--baseline-src`` times the same commands with another checkout's sources too (e.g. the
commit before a change), interleaved in the same run.

Also prints, per command, the presswatch modules imported (``sys.modules`` after the
command, read with ``-X importtime``) and whether spaCy, natasha, the extractors or the
pipeline were among them.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "natasha", "presswatch.extract.quotes", "presswatch.extract.events",
         "presswatch.pipeline", "presswatch.readers", "psycopg", "networkx")


def environment(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), str(ROOT)])
    return env


def timed(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - t0


def imported(argv: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=True)
    names = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:")]
    return [n for n in names if n != "package"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--baseline-src", type=Path, default=None,
                    help="Another checkout's src folder, timed in the same run.")
    args = ap.parse_args()
    env = environment(ROOT / "src")
    trees = {"": env}
    if args.baseline_src is not None:
        trees[" [baseline]"] = environment(args.baseline_src.resolve())
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        runs: dict[str, tuple[list[str], dict[str, str]]] = {}
        for n, (tag, tree_env) in enumerate(trees.items()):
            # Each tree writes its own small.db (its own schema version).
            db = Path(tmp) / f"small{n}.db"
            subprocess.run([py, "-c", "import sys; from tests.corpus_fixture import build; "
                            "build(sys.argv[1])", str(db)], env=tree_env, check=True)
            commands = {
                "presswatch --help": [py, "-m", "presswatch", "--help"],
                "presswatch stats --help": [py, "-m", "presswatch", "stats", "--help"],
                "presswatch stats --db small.db": [py, "-m", "presswatch", "stats",
                                                   "--db", str(db)],
            }
            if not tag:
                runs["python -c pass"] = ([py, "-c", "pass"], tree_env)
            runs.update({name + tag: (argv, tree_env) for name, argv in commands.items()})
        for argv, tree_env in runs.values():  # warm the file cache and the .pyc files
            timed(argv, tree_env)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):
            for name, (argv, tree_env) in runs.items():
                times[name].append(timed(argv, tree_env))
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
              f"{os.getloadavg()[0]:.2f}; Python {platform.python_version()}; "
              f"{args.runs} runs each, median")
        base = statistics.median(times["python -c pass"])
        print(f"{'command':45} {'median s':>9} {'- pass s':>9} {'× pass':>7}")
        for name, values in times.items():
            med = statistics.median(values)
            print(f"{name:45} {med:9.3f} {med - base:9.3f} {med / base:7.1f}")
        for name, (argv, tree_env) in runs.items():
            if argv[1] != "-m":
                continue
            mods = imported(argv, tree_env)
            own = [m for m in mods if m.startswith("presswatch")]
            heavy = sorted({h for h in HEAVY for m in mods if m == h or m.startswith(h + ".")})
            print(f"{name}: {len(mods)} modules, {len(own)} of presswatch; heavy: "
                  f"{', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
