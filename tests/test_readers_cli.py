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
