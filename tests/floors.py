"""Quality floors as data: ``tests/quality_floors.json``, read by the tests that guard them.

Two groups live in the file:

- ``public``: per evaluation set and split, the figures measured through the public route
  by ``bench/public_eval.py`` (ingest + export, shared scorers), with the command that
  measured them and a sha256 of the evaluation data. ``bench/public_eval.py --check``
  re-measures them (minutes: not part of ``make test``); ``tests/test_quality_floors.py``
  checks the file's integrity.
- ``own_gold``: minimums on the project's own gold in ``tests/data`` (development data and
  regression tests), each with the test that asserts it, the data files and their sha256.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOORS_FILE = ROOT / "tests" / "quality_floors.json"


@lru_cache(maxsize=1)
def floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return data


def floor(group: str, metric: str) -> float:
    """The floor of ``metric`` in the own-gold ``group`` (KeyError when it has none)."""
    return float(floors()["own_gold"][group]["floors"][metric])


def file_digest(paths: list[str]) -> str:
    """sha256 over repository files (relative names and bytes), in sorted order."""
    h = hashlib.sha256()
    for rel in sorted(paths):
        h.update(rel.encode())
        h.update(b"\0")
        h.update((ROOT / rel).read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def data_digest(entry: dict[str, Any]) -> str:
    """The digest of an own-gold entry's data: repository paths (folders walked sorted)."""
    files: list[str] = []
    for rel in entry["data"]:
        path = ROOT / rel
        if path.is_dir():
            files.extend(str(p.relative_to(ROOT)) for p in sorted(path.rglob("*"))
                         if p.is_file())
        else:
            files.append(rel)
    return file_digest(files)


def rehash(groups: list[str]) -> None:
    """Record the current digest of the named own-gold groups' data (after re-running their
    tests on it: a floor is only as good as the data it was measured on)."""
    data = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    for group in groups:
        entry = data["own_gold"][group]
        entry["data_sha256"] = data_digest(entry)
    FLOORS_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    floors.cache_clear()


if __name__ == "__main__":
    import sys

    if len(sys.argv) < 3 or sys.argv[1] != "--rehash":
        sys.exit("usage: python tests/floors.py --rehash GROUP [GROUP ...]")
    rehash(sys.argv[2:])
