"""The CLI verbs, driven as a user would: ingest, export, stats, rejected."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presswatch.cli import EXIT_REJECTED, app
from presswatch.extract.translit import fold
from presswatch.query.export import parse_csv_row

runner = CliRunner()

EN = (
    "Economy\n\nRail freight between Brest and Smolensk grows\n\n"
    "BREST, May 4 – Border Courier. Railway operators in Brest reported on Monday that "
    "container traffic to Smolensk rose sharply this spring. Chief engineer Marina "
    "Kovalchuk said new terminals in Brest would open in June.\n\n"
    "“We expect the line to carry twice as much by autumn,” Marina Kovalchuk told reporters.\n"
)
RU = (
    "Опубликовано: 14.05.2024 10:20\n\n"
    "В Казани открылся форум промышленников\n\n"
    "Губернатор Игорь Соловьев открыл в Казани форум промышленников Поволжья. "
    "По словам Игоря Соловьева, в работе форума участвуют более 300 предприятий.\n"
)


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "en.txt").write_text(EN, encoding="utf-8")
    (folder / "ru.txt").write_text(RU, encoding="cp1251")
    return folder


@pytest.fixture()
def bad_dir(corpus_dir: Path) -> Path:
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))
    (corpus_dir / "broken.txt").write_bytes(b"\xff\xfe\xfa\x00\x81" * 4 + os.urandom(64))
    with open(corpus_dir / "huge.txt", "wb") as fh:  # sparse: 50 MB without writing them
        fh.truncate(50 * 1024 * 1024)
    return corpus_dir


def test_ingest_export_stats(corpus_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "ingested 2" in result.output and "docs/s" in result.output

    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["language"] for r in records} == {"en", "ru"}
    ru = next(r for r in records if r["language"] == "ru")
    assert ru["published"].startswith("2024-05-14")
    # Canonical names are in the display language (English by default).
    assert any(fold(e["name"]) == fold("Игорь Соловьев") for e in ru["entities"])

    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(parse_csv_row(r)["id"] for r in rows) == sorted(r["id"] for r in records)
    assert [parse_csv_row(r) for r in rows] == records

    result = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == 2

    result = runner.invoke(app, ["documents", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    assert page["total"] == 2 and page["offset"] == 0
    listed = page["items"]
    assert {r["title"] for r in listed} == {r["title"] for r in records}
    assert "Marina Kovalchuk" in next(r for r in listed if r["language"] == "en")["people"]

    result = runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)])
    assert "ingested 0, unchanged 2" in result.output


def test_progress_moves_per_document_with_phases(corpus_dir: Path, tmp_path: Path) -> None:
    import presswatch

    steps: list[int] = []
    chunks: list[int] = []
    phases: list[str] = []
    presswatch.ingest([corpus_dir], db=tmp_path / "p.db", progress=chunks.append,
                      phase=phases.append, step=steps.append)
    assert sum(steps) == 2 and steps.count(1) >= 2  # one step per annotated document
    assert chunks == [2]  # progress: once per committed chunk
    assert {"loading models", "annotating", "extracting facts"} <= set(phases)


def test_bad_inputs_are_rejected_and_the_rest_goes_on(bad_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "bad.db"
    missing = tmp_path / "no-such-file.txt"
    result = runner.invoke(app, ["ingest", str(bad_dir), str(missing), "--db", str(db)])
    assert result.exit_code == EXIT_REJECTED, result.output
    assert "ingested 2" in result.output and "rejected 5" in result.output

    result = runner.invoke(app, ["rejected", "--db", str(db), "--json"])
    reasons = {Path(r["source"]).name: r["reason"] for r in json.loads(result.stdout)}
    assert set(reasons) == {"empty.txt", "photo.png", "broken.txt", "huge.txt", missing.name}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["photo.png"]
    assert "too large" in reasons["huge.txt"]


def test_stdin(tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    result = runner.invoke(app, ["ingest", "-", "--db", str(db)], input=EN.encode("utf-16"))
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["export", "--db", str(db)])
    record = json.loads(result.stdout)
    assert record["source"] == "<stdin>" and record["language"] == "en"


def test_commands_need_an_existing_database(tmp_path: Path) -> None:
    for verb in ("export", "stats", "rejected", "documents"):
        result = runner.invoke(app, [verb, "--db", str(tmp_path / "none.db")])
        assert result.exit_code == 1
        assert "no database" in result.output


def test_unknown_format(corpus_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)])
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "xml"])
    assert result.exit_code == 2


def test_missing_english_model_is_a_clear_error(corpus_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = runner.invoke(
        app, ["ingest", str(corpus_dir), "--db", str(db), "--en-model", "no_such_pipeline"]
    )
    assert result.exit_code == 1
    assert "no_such_pipeline" in result.output


def test_quotes_and_figures_commands(corpus_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)])
    result = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "Kovalchuk", "--json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)["items"]
    assert [(q["cue"], q["kind"]) for q in quotes] == [("said", "indirect"), ("told", "direct")]
    assert quotes[0]["text"] == "new terminals in Brest would open in June"
    assert quotes[1]["text"].startswith("We expect the line to carry twice as much")
    assert {q["speaker"] for q in quotes} == {"Marina Kovalchuk"}

    result = runner.invoke(app, ["figures", "--db", str(db), "--unit", "count", "--json"])
    assert result.exit_code == 0, result.output
    assert [f["value"] for f in json.loads(result.stdout)["items"]] == [300]

    result = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "Nobody Atall"])
    assert result.exit_code == 1 and "no entity" in result.output
