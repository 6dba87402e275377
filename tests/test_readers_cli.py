"""``presswatch ingest --format/--map/--urls``: structured inputs end to end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from presswatch.cli import app

BODY = ("Belarusian Industry Minister Pavel Savchenko held talks in Kazan on expanding the "
        "joint production of agricultural machinery, the ministry said on Thursday.")


def test_ingest_jsonl_with_map_is_idempotent(tmp_path: Path) -> None:
    export = tmp_path / "dump.data"  # no telling suffix: --format decides
    export.write_text(json.dumps({"body": BODY, "headline": "Talks in Kazan",
                                  "published_at": "2024-03-14", "site": "BelTA"}) + "\n"
                      + "{broken\n", encoding="utf-8")
    db = tmp_path / "news.db"
    runner = CliRunner()
    args = ["ingest", str(export), "--db", str(db), "--format", "jsonl", "-q",
            "--map", "text=body,title=headline,date=published_at,outlet=site"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output  # one record rejected
    assert "ingested 1" in result.output
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["export", "--db", str(db), "--out", str(out)]).exit_code == 0
    [doc] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert doc["title"] == "Talks in Kazan" and doc["outlet"] == "BelTA"
    assert doc["published"] == "2024-03-14"
    again = runner.invoke(app, args)
    assert "ingested 0, unchanged 1" in again.output


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "x.db")
    assert runner.invoke(app, ["ingest", "--db", db]).exit_code == 2
    folder = str(tmp_path)
    assert runner.invoke(app, ["ingest", folder, "--db", db, "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["ingest", folder, "--db", db, "--map", "x=y"]).exit_code == 2


def test_ingest_limits_are_options(tmp_path: Path) -> None:
    """--max-chars / --max-lines reject the item alone, with the reason; the rest is stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text("Talks in Kazan\n\n" + BODY + "\n", encoding="utf-8")
    (folder / "long.txt").write_text("Long read\n\n" + (BODY + "\n\n") * 40, encoding="utf-8")
    db = tmp_path / "news.db"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q", "--workers", "1",
                                 "--max-chars", "2000", "--document-seconds", "0"])
    assert result.exit_code == 3, result.output  # one item rejected
    assert "ingested 1" in result.output
    rejected = runner.invoke(app, ["rejected", "--db", str(db), "--json"])
    assert "long.txt" in rejected.output and "text too long" in rejected.output
    lines = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "b.db"), "-q",
                                "--workers", "1", "--max-lines", "10"])
    assert lines.exit_code == 3 and "ingested 1" in lines.output, lines.output
    assert runner.invoke(app, ["ingest", str(folder), "--db", str(db),
                               "--max-chars", "0"]).exit_code == 2
