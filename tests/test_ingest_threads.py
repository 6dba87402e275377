"""An ingest's numeric thread pools: one thread per process by default from the CLI (so
that several ingests share a machine's cores), the user's environment winning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from presswatch.pipeline.executors import THREAD_VARIABLES

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, os, numpy, threadpoolctl
from presswatch.config import Settings
from presswatch.pipeline.reduce import Ingest
from presswatch.store import open_store
import sys
threads = int(sys.argv[1]) if len(sys.argv) > 1 else None
Ingest(open_store(":memory:"), Settings(numeric_threads=threads))
print(json.dumps({"pools": [p["num_threads"] for p in threadpoolctl.threadpool_info()],
                  "env": {k: os.environ.get(k) for k in NAMES}}))
""".replace("NAMES", repr(THREAD_VARIABLES))


def _probe(*args: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    clean["PYTHONPATH"] = str(ROOT / "src")
    out = subprocess.run([sys.executable, "-c", PROBE, *args], env={**clean, **env},
                         capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_numeric_threads_limit_loaded_pools_and_later_workers() -> None:
    one = _probe("1")
    assert one["pools"] and set(one["pools"]) == {1}
    assert set(one["env"].values()) == {"1"}  # worker processes inherit it
    untouched = _probe()
    assert set(untouched["env"].values()) == {None}


def test_the_users_thread_variables_win() -> None:
    mine = _probe("1", OPENBLAS_NUM_THREADS="2")
    assert mine["env"]["OPENBLAS_NUM_THREADS"] == "2" and mine["env"]["OMP_NUM_THREADS"] is None
