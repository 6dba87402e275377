"""End to end on the shipped sample corpus, against its gold (tests/data/sample_gold.json).

The corpus is fictional and written for presswatch; the gold says, per file, what a perfect
reader, cleaner and dater give. Every field is checked exactly except people, where the
small English model is allowed a few misses (recall over the corpus >= 0.85)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import presswatch
from presswatch.extract.translit import fold

from .conftest import ROOT, SAMPLES
from .floors import floor

GOLD = json.loads((ROOT / "tests" / "data" / "sample_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    db = tmp_path_factory.mktemp("samples") / "samples.db"
    report = presswatch.ingest([SAMPLES], db=db)
    assert report.rejected == 0, report.rejections
    buf = io.StringIO()
    with presswatch.open(db) as corpus:
        corpus.export(buf)
        sources = {
            source: doc_id
            for doc_id, source in corpus.store._db.execute("SELECT doc_id, source FROM sources")
        }
    records = {json.loads(line)["id"]: json.loads(line) for line in buf.getvalue().splitlines()}
    by_path = {}
    for path in GOLD:
        source = str(Path(path).relative_to("samples/news"))
        doc_id = next(i for s, i in sources.items() if s.endswith(source))
        by_path[path] = records[doc_id]
    return by_path


@pytest.mark.parametrize("path", sorted(GOLD))
def test_metadata(exported: dict, path: str) -> None:
    gold, got = GOLD[path], exported[path]
    assert got["language"] == gold["language"]
    assert got["title"] == gold["title"]
    assert got["outlet"] == gold["outlet"]
    assert got["dateline"] == gold["dateline"]
    if gold["published"] is None:
        assert got["published"] is None
    else:
        assert got["published"] is not None
        assert got["published"][:10] == gold["published"][:10]
    for keyword in gold["expect_warning"]:
        assert any(keyword in w for w in got["warnings"]), got["warnings"]


@pytest.mark.parametrize("path", sorted(GOLD))
def test_body(exported: dict, path: str) -> None:
    gold, text = GOLD[path], exported[path]["text"]
    lines = {line.strip() for line in text.splitlines()}
    for line in gold["boilerplate_lines"]:
        assert line.strip() not in lines, line
    for line in gold["body_lines"]:
        assert line in text, line


def test_duplicates(exported: dict) -> None:
    for path, gold in GOLD.items():
        record = exported[path]
        if gold["duplicate_of"] and record["id"] != exported[gold["duplicate_of"]]["id"]:
            assert record["duplicate_of"] == exported[gold["duplicate_of"]]["id"], path


def test_people_recall(exported: dict) -> None:
    found = total = 0
    for path, gold in GOLD.items():
        # Gold names are in the article's language, canonical names in the display
        # language (English): compare their language-independent keys.
        names = {fold(e["name"]) for e in exported[path]["entities"] if e["type"] == "PERSON"}
        for person in gold["persons"]:
            total += 1
            found += fold(person) in names
    assert found / total >= floor("samples_people", "people recall"), f"{found}/{total}"
