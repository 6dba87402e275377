"""``presswatch entities ...`` on a small ingested database (English and Russian)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import presswatch
from presswatch.cli import app

EN = """Minsk hosts talks

MINSK, March 3 - Belarusian President Alexander Lukashenko met Russian Deputy Minister \
Sergei Lapin in Minsk on Tuesday. Lukashenko said trade with Russia was growing.
"""
RU = """Переговоры в Минске

МИНСК, 3 марта. Президент Белоруссии Александр Лукашенко встретился в Минске с \
заместителем министра Сергеем Лапиным. Лукашенко заявил, что торговля с Россией растет.
"""
RU2 = """Визит в Гродно

Олег Воронцов посетил Гродно. Воронцов обсудил с коллегами торговлю с Беларусью.
"""


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("en.txt", EN), ("ru.txt", RU), ("ru2.txt", RU2)):
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "news.db"
    presswatch.ingest([folder], db=path)
    return path


def run(*args: str) -> object:
    result = CliRunner().invoke(app, ["entities", *args])
    assert result.exit_code == 0, result.output
    return result


def listed(db: Path, *args: str) -> list[dict]:
    return json.loads(run("list", "--db", str(db), "--json", "--limit", "0", *args)
                      .stdout)["items"]


def test_list_and_show_across_languages(db: Path) -> None:
    people = {r["name"]: r for r in listed(db, "--type", "PERSON")}
    luk = people["Alexander Lukashenko"]
    assert luk["documents"] == 2 and luk["aliases"] >= 2
    places = {r["name"]: r for r in listed(db, "--type", "GPE")}
    assert places["Minsk"]["documents"] == 2
    assert places["Belarus"]["documents"] == 2 or places["Belarus"]["documents"] >= 1
    detail = json.loads(run("show", "Лукашенко", "--db", str(db), "--json").stdout)
    assert detail["id"] == luk["id"]
    assert {a["language"] for a in detail["alias_list"]} >= {"en", "ru"}
    assert len(detail["document_list"]) == 2
    assert all(d["resolution"] for d in detail["document_list"])
    assert listed(db, "--name", "Лукаш")[0]["id"] == luk["id"]
    text = run("show", luk["id"], "--db", str(db)).stdout
    assert "Alexander Lukashenko" in text and "aliases" in text


def test_corrections(db: Path) -> None:
    people = {r["name"]: r["id"] for r in listed(db, "--type", "PERSON")}
    lapin = people["Sergei Lapin"]
    vorontsov = people["Oleg Vorontsov"]
    run("merge", vorontsov, "--into", lapin, "--db", str(db))
    ids = {r["id"] for r in listed(db, "--type", "PERSON")}
    assert vorontsov not in ids
    run("rename", lapin, "Lapin and Vorontsov", "--db", str(db))
    assert listed(db, "--name", "Lapin and")[0]["id"] == lapin
    run("split", lapin, "--alias", "Олег Воронцов", "--db", str(db))
    split = listed(db, "--name", "Oleg")
    assert split and split[0]["id"] != lapin
    run("alias", lapin, "С. Лапин", "--db", str(db))
    detail = json.loads(run("show", lapin, "--db", str(db), "--json").stdout)
    assert any(a["alias"] == "С. Лапин" and a["language"] == "user"
               for a in detail["alias_list"])
    assert [c["kind"] for c in detail["corrections"]] == ["merge", "rename", "split", "alias"]
    # a later ingest follows the corrections: the renamed identity keeps its name
    folder = db.parent / "more"
    folder.mkdir()
    (folder / "en2.txt").write_text(
        "Sergei Lapin visits Kazan\n\nSergei Lapin arrived in Kazan on Monday.\n",
        encoding="utf-8",
    )
    presswatch.ingest([folder], db=db)
    detail = json.loads(run("show", lapin, "--db", str(db), "--json").stdout)
    assert detail["name"] == "Lapin and Vorontsov" and detail["documents"] == 3


def test_unknown_entity_exits_1(db: Path) -> None:
    result = CliRunner().invoke(app, ["entities", "show", "Nobody", "--db", str(db)])
    assert result.exit_code == 1
