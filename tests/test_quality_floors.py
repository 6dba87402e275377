"""The quality floors file (tests/quality_floors.json) is sound: every floor says how it was
measured and on which data, the data are still those, and every own-gold floor is read by
its test. Re-measuring the public floors takes minutes: ``python bench/public_eval.py
--check`` (not part of ``make test``)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.floors import ROOT, data_digest, floors

EVAL = ROOT.parent / "shared" / "eval"


def _public_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("public_eval_gate",
                                                  ROOT / "bench" / "public_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


def _public() -> list[tuple[str, dict[str, Any]]]:
    return sorted(floors()["public"].items())


def _own() -> list[tuple[str, dict[str, Any]]]:
    return sorted(floors()["own_gold"].items())


def _check_floor_values(values: dict[str, Any]) -> None:
    assert values, "no floors"
    for metric, v in values.items():
        assert isinstance(v, int | float) and 0.0 <= v <= 1.0, (metric, v)


def test_every_public_set_with_a_scorer_has_test_floors() -> None:
    pe = _public_eval()
    measured = {e["set"] for _, e in _public() if e["split"] == "test"}
    scored = set(pe.SETS) - {"adaq"}  # no scorer reads the export for ADAQ yet
    assert scored <= measured, sorted(scored - measured)


@pytest.mark.parametrize(("key", "entry"), _public())
def test_public_floor_says_how_it_was_measured(key: str, entry: dict[str, Any]) -> None:
    assert key == f"{entry['set']}/{entry['split']}"
    assert entry["command"] == (f"python bench/public_eval.py --set {entry['set']} "
                                f"--split {entry['split']} --no-bare")
    assert re.fullmatch(r"[0-9a-f]{7,40}(\+dirty)?", entry["measured_at_commit"])
    assert entry["data"] and re.fullmatch(r"[0-9a-f]{64}", entry["data_sha256"])
    _check_floor_values(entry["floors"])


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not beside the project")
@pytest.mark.parametrize(("key", "entry"), _public())
def test_public_floor_data_unchanged(key: str, entry: dict[str, Any]) -> None:
    pe = _public_eval()
    paths = [EVAL / rel for rel in entry["data"]]
    missing = [str(p) for p in paths if not p.exists()]
    assert not missing, missing
    assert pe.digest(paths) == entry["data_sha256"], (
        f"{key}: the evaluation data changed since its floors were measured; re-measure with "
        f"`{entry['command'].replace(' --no-bare', '')} --update-floors`")


@pytest.mark.parametrize(("group", "entry"), _own())
def test_own_gold_floor_is_read_by_its_test(group: str, entry: dict[str, Any]) -> None:
    _check_floor_values(entry["floors"])
    test_file, _, test_name = entry["test"].partition("::")
    source = (ROOT / test_file).read_text(encoding="utf-8")
    assert re.search(rf"^def {re.escape(test_name)}\(", source, re.MULTILINE), entry["test"]
    assert f'floor("{group}"' in source, f"{test_file} does not read the floors of {group}"
    for metric in entry["floors"]:
        # named in the test whole, or its first word as a string an f-string completes
        # ("en recall": f"{lang} {metric}" over "recall"; "unit accuracy": "unit")
        word = next(w for w in metric.split() if w not in ("en", "ru"))
        assert f'"{metric}"' in source or f'"{word}' in source, (group, metric)


@pytest.mark.parametrize(("group", "entry"), _own())
def test_own_gold_data_unchanged(group: str, entry: dict[str, Any]) -> None:
    for rel in entry["data"]:
        assert (ROOT / rel).exists(), rel
    assert data_digest(entry) == entry["data_sha256"], (
        f"{group}: {entry['data']} changed since its floors were set; run `{entry['command']}`"
        f" and, if the floors still hold, `python tests/floors.py --rehash {group}`")


def test_update_refuses_to_lower_and_check_reads_the_file_format() -> None:
    """The harness writes entries in the shape this file's tests check."""
    pe = _public_eval()
    results = {"split": "test", "commit": "abc1234",
               "sets": {"conll": {"presswatch": {"micro F1": 0.6}, "data": ["conll2003/test.txt"],
                                  "data_sha256": "0" * 64}}}
    table: dict[str, Any] = {}
    assert pe.update_floors(results, table, False, 0.005) == []
    (key, entry), = table["public"].items()
    test_public_floor_says_how_it_was_measured(key, entry)
    results["sets"]["conll"]["presswatch"]["micro F1"] = 0.5
    assert pe.update_floors(results, table, False, 0.005)
    assert pe.check_floors(results, table)


def test_floors_file_shape() -> None:
    path = ROOT / "tests" / "quality_floors.json"
    assert Path(path).read_text(encoding="utf-8").endswith("\n")
    assert set(floors()) >= {"about", "public", "own_gold"}
