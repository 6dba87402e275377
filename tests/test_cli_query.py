"""CLI parity over the query layer: every listing with --json/--csv/--nl, --limit/--offset
and a total; search, documents show, timeline; validation (exit 2); escaping of article
text in tables and CSV; tables at 80 columns; --version."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presswatch import __version__
from presswatch.cli import app
from tests.corpus_fixture import HOSTILE_QUOTE, build

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(build(tmp_path / "c.db"))


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


LISTINGS = [
    ["documents"], ["quotes"], ["figures"], ["events"], ["entities", "list"],
    ["search", "Lukashenko"],
]


@pytest.mark.parametrize("cmd", LISTINGS)
def test_every_listing_pages_and_formats(db: str, cmd: list[str]) -> None:
    everything = json.loads(ok(*cmd, "--db", db, "--json", "--limit", "0"))
    total = everything["total"]
    assert total >= 2 and len(everything["items"]) == total
    page = json.loads(ok(*cmd, "--db", db, "--json", "--limit", "1", "--offset", "1"))
    assert page["total"] == total and page["offset"] == 1 and len(page["items"]) == 1
    assert page["items"][0] == everything["items"][1]
    lines = ok(*cmd, "--db", db, "--nl", "--limit", "0").splitlines()
    assert [json.loads(line) for line in lines] == everything["items"]
    rows = list(csv.reader(io.StringIO(ok(*cmd, "--db", db, "--csv", "--limit", "0"))))
    assert len(rows) == total + 1
    table = ok(*cmd, "--db", db, "--limit", "1")
    assert f"1–1 of {total}" in table
    assert max(len(line) for line in table.splitlines()) <= 80


@pytest.mark.parametrize("args", [
    ["quotes", "--limit", "-1"],
    ["quotes", "--limit", "99999999999999999999"],
    ["quotes", "--offset", "-1"],
    ["quotes", "--since", "2022-13-45"],
    ["quotes", "--kind", "quote"],
    ["events", "--type", "meetings"],
    ["figures", "--kind", "guess"],
    ["documents", "--until", "soon"],
    ["search", "minsk", "--lang", "xx"],
    ["timeline", "--entity", "E1", "--interval", "year"],
    ["network", "--depth", "0"],
    ["quotes", "--json", "--csv"],
])
def test_bad_values_exit_2_with_a_message(db: str, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert "error:" in result.output and "Traceback" not in result.output


def test_units_and_names_any_case_and_script(db: str) -> None:
    usd = json.loads(ok("figures", "--db", db, "--unit", "usd", "--json"))
    assert usd["total"] == 1
    by_cyrillic = json.loads(ok("figures", "--db", db, "--claimant", "лукашенко", "--json"))
    assert by_cyrillic["total"] == 2


def test_rename_keeps_figures_by_claimant(db: str) -> None:
    ok("entities", "rename", "E1", "Aliaksandr Lukashenka", "--db", db)
    found = json.loads(ok("figures", "--db", db, "--claimant", "Aliaksandr Lukashenka",
                          "--json"))
    assert found["total"] == 2
    assert {f["claimant"] for f in found["items"]} == {"Aliaksandr Lukashenka"}


def test_search_show_timeline(db: str) -> None:
    out = ok("search", "переговоры", "--db", db)
    assert "Переговоры в Минске" in out and "language: ru (1)" in out
    shown = ok("documents", "show", "doc1", "--db", db)
    assert "Trade between the countries grew" in shown and "cleaning evidence" in shown
    doc = json.loads(ok("documents", "show", "doc1", "--db", db, "--json"))
    assert doc["quotes"][0]["speaker_id"] == "E1"
    missing = runner.invoke(app, ["documents", "show", "nope", "--db", db])
    assert missing.exit_code == 1 and "no document" in missing.output
    timeline = json.loads(ok("timeline", "--entity", "Лукашенко", "--db", db, "--json"))
    assert [b["period"] for b in timeline["items"]] == ["2024-03", "2024-04", "2024-05"]
    assert ok("--version").strip() == f"presswatch {__version__}"


def test_article_text_is_escaped_in_tables(db: str) -> None:
    for cmd in (["quotes"], ["entities", "list"], ["search", "Evil"], ["events"],
                ["documents", "show", "doc3"], ["entities", "show", "E4"], ["documents"]):
        out = ok(*cmd, "--db", db)
        assert "\x1b" not in out and "\x07" not in out, cmd
    listed = ok("entities", "list", "--db", db, "--type", "ORG")
    assert "[/]Evil\\x1b[31m Corp" in listed  # markup shown as text, ESC made visible


def test_csv_is_formula_safe(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("quotes", "--db", db, "--csv", "--speaker",
                                              "E4"))))
    assert rows[0]["text"] == "'" + HOSTILE_QUOTE
    assert rows[0]["speaker"].startswith("[/]Evil\\x1b")
    docs = list(csv.DictReader(io.StringIO(ok("documents", "--db", db, "--csv"))))
    assert {d["outlet"] for d in docs if d["id"] == "doc3"} == {"'=cmd|' /C calc'!A0"}


def test_network_formats(db: str, tmp_path: Path) -> None:
    import networkx as nx

    for fmt in ("gexf", "graphml", "node-link", "csv", "nodes-csv", "json"):
        out = tmp_path / f"n.{fmt}"
        ok("network", "--db", db, "--format", fmt, "--out", str(out))
        assert out.stat().st_size > 0
    assert nx.read_gexf(tmp_path / "n.gexf").number_of_edges() == 3
    around = json.loads(ok("network", "--db", db, "--entity", "E4", "--depth", "2"))
    assert len(around["edges"]) == 3


def test_serve_starts_uvicorn_on_the_database(db: str, monkeypatch) -> None:
    import uvicorn

    calls: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.delenv("PRESSWATCH_DB", raising=False)
    result = runner.invoke(app, ["serve", "--db", db, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    [(args, kwargs)] = calls
    assert args == ("presswatch.api.app:create_app",) and kwargs["factory"] is True
    assert kwargs["port"] == 8123 and kwargs["host"] == "127.0.0.1"
    missing = runner.invoke(app, ["serve", "--db", db + ".none"])
    assert missing.exit_code == 1 and "no database" in missing.output
