"""Held-out check of the text-dump cleaner on BSNLP 2021 raw files, through the public route.

Each raw file (``../shared/eval/bsnlp2021_ru/raw/<topic>/*.txt``) opens with five header
lines: document id, language, date, URL, title. The files are copied to a temporary
folder, ingested with ``presswatch ingest`` and exported with ``presswatch export
--format jsonl``; per document the export's ``title`` is compared with the fifth header
line (exactly, and with runs of spaces collapsed), ``text`` must contain none of the
header lines as a line, and ``published`` (day) is compared with the third. Baseline:
the first line of the file as the title and the whole file as the text (what a reader
without a cleaner gets). Default topics: the test split (nord_stream, ryanair).

    python bench/dump_headers.py [--topics nord_stream,ryanair] [--export FILE --root DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared/eval/bsnlp2021_ru/raw"


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def score(records: dict[str, dict], root: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for system in ("presswatch", "first line"):
        n = exact = loose = clean = dated = dated_ok = 0
        for path in sorted(root.rglob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")
            head = [line.strip() for line in lines[:5]]
            if system == "presswatch":
                rec = records.get(path.name + "|" + path.parent.name)
                title, text = (rec or {}).get("title"), (rec or {}).get("text", "")
                published = (rec or {}).get("published")
            else:
                title, text, published = lines[0].strip(), "\n".join(lines), None
            n += 1
            exact += (title or "").strip() == head[4]
            loose += _norm(title) == _norm(head[4])
            body = {line.strip() for line in text.split("\n")}
            clean += not any(h and h in body for h in head)
            if head[2]:
                dated += 1
                dated_ok += (published or "")[:10] == head[2][:10]
        out[system] = {
            "documents": n, "title_exact": round(exact / n, 3), "title_spaces": round(loose / n, 3),
            "no_header_line_in_text": round(clean / n, 3),
            "published_day": round(dated_ok / dated, 3) if dated else 0.0,
        }
    return out


def _records(export: Path) -> dict[str, dict]:
    records = {}
    for line in export.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        src = Path(rec["source"])
        records[src.name + "|" + src.parent.name] = rec
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", default="nord_stream,ryanair")
    parser.add_argument("--export", type=Path, help="score this export of --root instead")
    parser.add_argument("--root", type=Path)
    args = parser.parse_args(argv)
    if args.export:
        result = score(_records(args.export), args.root)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "raw"
            for topic in args.topics.split(","):
                shutil.copytree(RAW / topic, root / topic)
            cli = [sys.executable, "-m", "presswatch"]
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
            db, export = Path(tmp) / "d.db", Path(tmp) / "d.jsonl"
            subprocess.run([*cli, "ingest", str(root), "--db", str(db)], check=True, env=env)
            subprocess.run([*cli, "export", "--db", str(db), "--format", "jsonl",
                            "--out", str(export)], check=True, env=env)
            result = score(_records(export), root)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
