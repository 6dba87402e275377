"""Ingest speed: full presswatch ingest against bare ``nlp.pipe`` of the same model.

Both run in the same process over the same texts (the BBC News corpus, 2,225 articles, one
per file): the baseline is what a user would get by piping the raw files through spaCy and
keeping nothing; presswatch reads, decodes, cleans, dates, detects the language, annotates
with the same pipeline, resolves identities (in the document and across the database),
extracts quotes, figures and events, marks near-duplicates and writes SQLite. Model
loading (and presswatch's one-time gazetteer build) is excluded from both timings.
The target is presswatch >= 0.8 of bare spaCy's docs/s.

    python bench/ingest.py [--corpus DIR] [--limit N] [--rounds R] [--out bench/out/ingest.json]

Prints one Markdown table row per round for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import spacy

import presswatch
from presswatch.config import Settings
from presswatch.extract.canonical import gazetteer
from presswatch.nlp import backend_for

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "bbc"


def corpus_files(root: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in root.rglob("*.txt") if p.parent != root)
    return files[:limit] if limit else files


def bare_spacy(files: list[Path], model: str, batch_size: int) -> float:
    """docs/s of bare nlp.pipe over the files' texts (reading included, loading excluded)."""
    nlp = spacy.load(model)
    started = time.perf_counter()
    texts = (p.read_text(encoding="utf-8", errors="replace") for p in files)
    n = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
    return n / (time.perf_counter() - started)


def presswatch_ingest(files: list[Path], settings: Settings) -> tuple[float, dict]:
    """docs/s of a full presswatch ingest of the same files into a fresh database."""
    # Load what every process loads once outside the timing, as the baseline's model
    # load is: the spaCy pipeline and the identity gazetteer.
    backend_for("en", settings)
    gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = presswatch.ingest([str(p) for p in files], db=Path(tmp) / "bench.db",
                                   settings=settings)
        seconds = time.perf_counter() - started
    return len(files) / seconds, report.counts()


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "ingest.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    files = corpus_files(args.corpus, args.limit)
    settings = Settings()
    rows = []
    for round_no in range(1, args.rounds + 1):
        bare = bare_spacy(files, settings.english_model, settings.batch_size)
        ours, counts = presswatch_ingest(files, settings)
        row = {
            "round": round_no,
            "docs": len(files),
            "bare_spacy_docs_per_s": round(bare, 1),
            "presswatch_docs_per_s": round(ours, 1),
            "ratio": round(ours / bare, 3),
            "counts": counts,
        }
        rows.append(row)
        print(
            f"| {len(files)} | {settings.english_model} | {bare:.1f} | {ours:.1f} "
            f"| {ours / bare:.2f} | {machine()} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine(), "rounds": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
