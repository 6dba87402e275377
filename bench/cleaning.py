"""Cleaning quality on raw text dumps: presswatch beside a bare boilerplate remover.

Gold: ``tests/data/sample_gold.json`` (the shipped fictional corpus, English and Russian,
every noise shape of the seeds) and ``tests/data/seeds_gold.json`` (our annotation of the
five real seed articles in ``../shared/seeds``). Per document the gold lists boilerplate
lines that must go, body lines that must stay, and the title, outlet and dates.

Baseline: jusText (the standard paragraph-level boilerplate classifier, with its English
and Russian stoplists) over the same text, one ``<p>`` per line; its title is the first
line (what a user without presswatch would take). presswatch runs its full ingest, so
corpus-level evidence counts as it does for users.

    python bench/cleaning.py [--out bench/out/cleaning.json]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sys
import tempfile
from pathlib import Path

import justext

import presswatch
from presswatch.readers.text import read_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
STOPLISTS = {"en": "English", "ru": "Russian"}


def load_gold() -> dict[Path, dict]:
    gold: dict[Path, dict] = {}
    samples = json.loads((ROOT / "tests/data/sample_gold.json").read_text(encoding="utf-8"))
    gold.update({ROOT / path: entry for path, entry in samples.items()})
    seeds = json.loads((ROOT / "tests/data/seeds_gold.json").read_text(encoding="utf-8"))
    if (SHARED / "seeds").exists():
        gold.update({SHARED / "seeds" / name: entry for name, entry in seeds.items()})
    return gold


def load_dumps() -> dict[Path, dict]:
    """Real-dump shapes (metadata header blocks, Markdown, section prefixes, teasers, end
    marks): ``tests/data/dumps_gold.json``, fictional texts written for presswatch."""
    dumps = json.loads((ROOT / "tests/data/dumps_gold.json").read_text(encoding="utf-8"))
    return {ROOT / path: entry for path, entry in dumps.items()}


def presswatch_output(paths: list[Path]) -> dict[Path, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "clean.db"
        presswatch.ingest(sorted({p.parent for p in paths}), db=db)
        buf = io.StringIO()
        with presswatch.open(db) as corpus:
            corpus.export(buf)
            sources = list(corpus.store._db.execute("SELECT source, doc_id FROM sources"))
    records = {r["id"]: r for r in map(json.loads, buf.getvalue().splitlines())}
    out = {}
    for path in paths:
        doc_id = next(d for s, d in sources if Path(s).resolve() == path.resolve())
        out[path] = records[doc_id]
    return out


def justext_output(path: Path, language: str) -> dict:
    item = next(read_path(path))
    lines = [line for line in item.text.splitlines() if line.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(x)}</p>" for x in lines) + "</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist(STOPLISTS[language]))
    text = "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    return {"text": text, "title": lines[0].strip() if lines else None}


def score(outputs: dict[Path, dict], gold: dict[Path, dict]) -> dict[str, float]:
    removed = boiler = kept = body = 0
    fields = {"title": 0, "outlet": 0, "published": 0}
    for path, entry in gold.items():
        got = outputs[path]
        lines = {line.strip() for line in got["text"].splitlines()}
        for line in entry["boilerplate_lines"]:
            boiler += 1
            removed += line.strip() not in lines
        for line in entry["body_lines"]:
            body += 1
            kept += line in got["text"]
        fields["title"] += got.get("title") == entry["title"]
        fields["outlet"] += got.get("outlet") == entry.get("outlet")
        want, have = entry.get("published"), got.get("published")
        fields["published"] += (want or "")[:10] == (have or "")[:10]
    n = len(gold)
    return {
        "documents": n,
        "boilerplate_removed": round(removed / boiler, 3),
        "body_kept": round(kept / body, 3),
        **{f"{k}_accuracy": round(v / n, 3) for k, v in fields.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench/out/cleaning.json")
    args = parser.parse_args(argv)
    results = {}
    print("| gold | system | docs | boilerplate lines removed | body lines kept | title "
          "| outlet | published |")
    print("|---|---|---|---|---|---|---|---|")
    for set_name, gold in (("seeds+sample", load_gold()), ("dumps", load_dumps())):
        ours = presswatch_output(list(gold))
        bare = {p: justext_output(p, g["language"]) for p, g in gold.items()}
        results[set_name] = {"presswatch": score(ours, gold), "justext": score(bare, gold)}
        for name, r in results[set_name].items():
            print(f"| {set_name} | {name} | {r['documents']} | {r['boilerplate_removed']:.3f} "
                  f"| {r['body_kept']:.3f} | {r['title_accuracy']:.3f} "
                  f"| {r['outlet_accuracy']:.3f} | {r['published_accuracy']:.3f} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
