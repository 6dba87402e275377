"""The CLI's start-up stays light: its parser and help import neither the NLP libraries
nor the extractors, the pipeline, the query layer or the store; light commands (stats,
documents, search, export) load the query layer and the store but never the NLP side.
Checked structurally (``sys.modules`` in a fresh interpreter), not by timing; the
timings are bench/cli_startup.py's (docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus_fixture import build

ROOT = Path(__file__).resolve().parents[1]
NLP_SIDE = ("spacy", "natasha", "presswatch.extract.quotes", "presswatch.extract.events",
            "presswatch.extract.eventjoin", "presswatch.extract.figures",
            "presswatch.pipeline", "presswatch.readers", "presswatch.clean", "networkx")
PARSER_ONLY = (*NLP_SIDE, "presswatch.extract", "presswatch.query", "presswatch.store",
               "psycopg", "presswatch.model")

PROBE = """
import json, sys
argv = sys.argv[1:]
if argv == ["--import-only"]:
    import presswatch.cli
else:
    from presswatch.cli import app
    try:
        app(argv, prog_name="presswatch")
    except SystemExit:
        pass
sys.stdout.flush()
sys.stderr.write("\\n@@" + json.dumps(sorted(sys.modules)))
"""


def loaded(*argv: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return set(json.loads(done.stderr.rsplit("@@", 1)[1]))


def heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("argv", [("--import-only",), ("--help",), ("stats", "--help"),
                                  ("network", "--help"), ("ingest", "--help"),
                                  ("entities", "list", "--help")])
def test_parser_and_help_import_only_the_parser(argv):
    modules = loaded(*argv)
    assert "presswatch.cli" in modules and "typer" in modules
    assert heavy(modules, PARSER_ONLY) == []


@pytest.mark.parametrize("command", [("stats",), ("documents",), ("search", "Minsk"),
                                     ("export",), ("quotes",)])
def test_light_commands_never_load_the_nlp_side(tmp_path: Path, command):
    db = build(tmp_path / "small.db")
    modules = loaded(*command, "--db", str(db))
    assert "presswatch.query" in modules and "presswatch.store.sqlite" in modules
    assert heavy(modules, NLP_SIDE) == []


def test_lazy_package_attributes():
    """``import presswatch`` is light and its API names still resolve on first use."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    code = ("import sys, presswatch; light = 'presswatch.pipeline' not in sys.modules; "
            "from presswatch import Corpus, ingest, Document; import presswatch.query as q; "
            "print(light, Corpus is q.Corpus, callable(ingest), Document.__name__)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.split() == ["True", "True", "True", "Document"]
