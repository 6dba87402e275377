"""Reliability bench: the long version of tests/test_reliability.py and tests/test_fuzz.py.

    nice python bench/reliability.py [--kills 100] [--fuzz 1000] [--out figures.json]

1. The bad-input corpus (tests/badinputs.py) through the public route, ``presswatch
   ingest DIR --db DB`` (CLI): exit status, wall time, every case's outcome.
2. Pathological content against prose of the same length (20,000 and 60,000
   characters): the ratio of ingest times.
3. ``--kills`` random SIGKILLs of ``presswatch ingest`` over a 60-document folder
   (chunks of 2), then one run to the end: documents lost or doubled, line-count rows lost
   or wrong, against a run never killed.
4. Concurrency and order: samples/news (or ``--order-dir``) split in halves A and B,
   ingested A-then-B, B-then-A and A-with-B (two processes at once); the databases
   compared up to row order.
5. The fuzz tests with ``--fuzz`` cases each.

Prints one line per figure and, with ``--out``, writes them as JSON (docs/reliability.md
quotes them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.badinputs import PROSE, RUSSIAN, SETTINGS, build, normal  # noqa: E402
from tests.test_reliability import snapshot, write_german  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
# The console script's entry point, run with this interpreter and this tree's sources.
CLI = [sys.executable, "-c", "import sys; from presswatch.cli import app; "
       "sys.argv[0] = 'presswatch'; app()"]


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, *args], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


DEFAULT_BOUNDS = ("over max_chars", "over max_lines", "feed over max_feed_entries")


def bad_inputs(tmp: Path) -> dict[str, object]:
    from presswatch.store import open_store

    root = tmp / "in"
    cases, _ = build(root)
    db = tmp / "bad.db"
    started = time.perf_counter()
    # The corpus's limits are small: the CLI takes --max-bytes; the others are checked in
    # the same batch through the library below.
    proc = cli("ingest", str(root), "--db", str(db), "--quiet",
               "--max-bytes", str(SETTINGS.max_bytes))
    try:
        _, err = proc.communicate(timeout=900)
        hung = False
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        hung = True
    seconds = time.perf_counter() - started
    store = open_store(db, read_only=True)
    rejected = store.rejections()
    docs = [d.source for d in store.documents()]
    finished = store.runs()[-1]["finished"] is not None
    store.close()
    missing = []
    for case in cases:
        found = [r for r in rejected if case.source in r["source"]]
        stored = [s for s in docs if case.source in s]
        # The CLI runs with the default max_chars, max_lines and max_feed_entries: those
        # cases are stored there (tests/test_reliability.py checks them).
        if (case.outcome == "rejected" and not (found and case.reason in found[0]["reason"])
                and case.kind not in DEFAULT_BOUNDS):
            missing.append(case.kind)
        if case.outcome in ("stored", "warned") and not stored:
            missing.append(case.kind)
    return {"cases": len(cases), "exit_status": proc.returncode, "hung": hung,
            "run_finished": finished, "seconds": round(seconds, 1),
            "cases_not_as_expected": missing, "stderr_tail": err[-300:] if err else ""}


def _seconds(text: str) -> float:
    from presswatch.config import Settings
    from presswatch.model import RawItem
    from presswatch.pipeline import Ingest
    from presswatch.store import open_store

    store = open_store(":memory:")
    run = Ingest(store, Settings(document_seconds=None))
    started = time.perf_counter()
    run.run([RawItem(source="x", text="Headline\n\n" + text + "\n", group="g")])
    store.close()
    return time.perf_counter() - started


def ratios(lengths: tuple[int, ...]) -> dict[str, float]:
    _seconds(normal(2000))
    _seconds(normal(2000, RUSSIAN))
    out: dict[str, float] = {}
    head = 2000
    for length in lengths:
        kinds = {
            "straight quote run": (normal(head) + '"' * (length - head), PROSE),
            '"x, repeated': (normal(head) + ('"x, ' * length)[: length - head], PROSE),
            "digit run": (normal(head) + "9" * (length - head), PROSE),
            "one long line": (normal(length).replace("\n", " "), PROSE),
            "short lines": (normal(head) + "ab\n" * ((length - head) // 3), PROSE),
            "guillemet run (ru)": (normal(head, RUSSIAN) + "«" * (length - head), RUSSIAN),
            "straight quote run (ru)": (normal(head, RUSSIAN) + '"' * (length - head),
                                        RUSSIAN),
        }
        base = {p: _seconds(normal(length, p)) for p in (PROSE, RUSSIAN)}
        for name, (text, prose) in kinds.items():
            out[f"{name} @{length}"] = round(_seconds(text) / base[prose], 2)
            print(f"  ratio {name} @{length}: {out[f'{name} @{length}']}", flush=True)
    return out


def kills(tmp: Path, n: int, seed: int = 1) -> dict[str, object]:
    folder = tmp / "de"
    write_german(folder, 60)
    reference = tmp / "ref.db"
    _ingest_german(folder, reference)
    db = tmp / "killed.db"
    rng = random.Random(seed)
    landed = 0
    for i in range(n):
        proc = _german_proc(folder, db)
        time.sleep(rng.uniform(0.2, 4.0))
        if proc.poll() is None:
            proc.kill()
            landed += 1
        proc.communicate()
        if i % 10 == 9:
            print(f"  {i + 1} kills", flush=True)
    _ingest_german(folder, db)
    want, got = snapshot(reference), snapshot(db)
    ids = [d[0] for d in got["documents"]]
    lost_evidence = set(want["line_stats"]) - set(got["line_stats"])
    return {
        "kills": n, "kills_during_run": landed,
        "documents_expected": len(want["documents"]),
        "documents_lost": len({d[0] for d in want["documents"]} - set(ids)),
        "documents_doubled": len(ids) - len(set(ids)),
        "evidence_rows_lost_or_wrong": len(lost_evidence),
        "sources_equal": want["sources"] == got["sources"],
        "same_database": want == got,
    }


GERMAN_CHILD = (
    "import sys\n"
    "from presswatch.config import Settings\n"
    "from presswatch.pipeline import ingest\n"
    "ingest([sys.argv[1]], sys.argv[2], settings=Settings(chunk_size=2, "
    "detect_languages=('de', 'fr')))\n"
)


def _german_proc(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", GERMAN_CHILD, str(folder), str(db)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ingest_german(folder: Path, db: Path) -> None:
    proc = _german_proc(folder, db)
    _, err = proc.communicate(timeout=600)
    if proc.returncode != 0:
        raise SystemExit(err)


def identity_snapshot(db: Path) -> dict[str, object]:
    con = sqlite3.connect(db)
    out = {
        **snapshot(db),
        "entities": sorted(con.execute("SELECT name, type FROM entities")),
        "doc_entities": sorted(con.execute(
            "SELECT de.doc_id, e.name FROM doc_entities de JOIN entities e "
            "ON e.id = de.entity_id")),
    }
    con.close()
    out.pop("sources")  # A-then-B and A-with-B name a shared text's first source apart
    return out


def order(tmp: Path, source: Path, limit: int) -> dict[str, object]:
    files = sorted(source.rglob("*.txt"))[:limit]
    half = len(files) // 2
    a, b = tmp / "A", tmp / "B"
    for folder, part in ((a, files[:half]), (b, files[half:])):
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)

    def run(*folders: Path, db: Path) -> None:
        for folder in folders:
            proc = cli("ingest", str(folder), "--db", str(db), "--quiet")
            proc.communicate(timeout=900)

    ab, ba, both = tmp / "ab.db", tmp / "ba.db", tmp / "both.db"
    run(a, b, db=ab)
    run(b, a, db=ba)
    procs = [cli("ingest", str(a), "--db", str(both), "--quiet"),
             cli("ingest", str(b), "--db", str(both), "--quiet")]
    for p in procs:
        _, err = p.communicate(timeout=900)
        if p.returncode not in (0, 3):
            print(f"  concurrent ingest failed ({p.returncode}): {err[-500:]}", flush=True)
    snaps = {name: identity_snapshot(db) for name, db in (("AB", ab), ("BA", ba),
                                                         ("A||B", both))}
    out: dict[str, object] = {"source": str(source), "files": len(files)}
    for name, snap in snaps.items():
        out[f"entities {name}"] = len(snap["entities"])
    for x, y in (("AB", "BA"), ("AB", "A||B"), ("BA", "A||B")):
        diff = [k for k in snaps[x] if snaps[x][k] != snaps[y][k]]
        out[f"{x} vs {y} differ in"] = diff
    return out


def fuzz(cases: int) -> dict[str, object]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "test_fuzz.py")],
        env={**ENV, "PRESSWATCH_FUZZ_EXAMPLES": str(cases)}, capture_output=True, text=True,
        cwd=ROOT,
    )
    return {"cases_per_test": cases, "tests": 3, "passed": proc.returncode == 0,
            "seconds": round(time.perf_counter() - started, 1),
            "tail": proc.stdout.strip().splitlines()[-1:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--fuzz", type=int, default=1000)
    parser.add_argument("--lengths", default="20000,60000")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: "
                        "bad,ratios,kills,order,fuzz")
    parser.add_argument("--order-dir", type=Path, default=ROOT / "samples" / "news",
                        help="the .txt files split into A and B (default samples/news)")
    parser.add_argument("--order-limit", type=int, default=1000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        parts = [
            ("bad", lambda: bad_inputs(tmp / "bad")),
            ("ratios", lambda: ratios(tuple(int(x) for x in args.lengths.split(",")))),
            ("kills", lambda: kills(tmp / "kills", args.kills)),
            ("order", lambda: order(tmp / "order", args.order_dir, args.order_limit)),
            ("fuzz", lambda: fuzz(args.fuzz)),
        ]
        for name, part in parts:
            if name in skip:
                continue
            (tmp / name).mkdir(exist_ok=True)
            started = time.perf_counter()
            figures[name] = part()
            print(f"{name} ({time.perf_counter() - started:.0f} s): "
                  f"{json.dumps(figures[name], ensure_ascii=False)}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
