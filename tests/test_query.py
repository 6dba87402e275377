"""The query layer (``presswatch.open(db)``): search, documents, entity profiles, facts,
network, timelines, validation and corrections that keep every fact consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

import presswatch
from presswatch.errors import AmbiguousEntity, EntityNotFound, InvalidQuery, NotFound
from presswatch.query import params
from presswatch.query.safe import csv_cell, json_text, one_line
from presswatch.query.search import fts_query, split_snippet
from tests.corpus_fixture import HOSTILE_NAME, build


@pytest.fixture()
def corpus(tmp_path: Path):
    with presswatch.open(build(tmp_path / "c.db")) as c:
        yield c


def test_search_ranks_snippets_and_facets(corpus) -> None:
    found = corpus.search("trade")
    assert found["total"] == 1 and found["items"][0].id == "doc1"
    hit = found["items"][0]
    assert any(hit.snippet[s:e].lower() == "trade" for s, e in hit.highlights)
    assert {f.value for f in found["facets"]["outlet"]} == {"Minsk Daily"}
    assert [f.value for f in found["facets"]["month"]] == ["2024-03"]
    # both languages; Russian inflections match by stem; names in Cyrillic
    assert [h.id for h in corpus.search("переговорах")["items"]] == ["doc2"]
    lukashenko = corpus.search("Lukashenko")
    assert lukashenko["total"] == 2
    assert lukashenko["facets"]["entity"][0].label == "Alexander Lukashenko"
    # filters: language, outlet (any case), entity (any script), dates
    assert corpus.search("Lukashenko", language="en", since="2024-05")["total"] == 1
    assert corpus.search(None, outlet="белта")["total"] == 1
    assert corpus.search(None, entity="Путин")["total"] == 2
    assert corpus.search(None, limit=1, offset=1)["items"][0].id == "doc2"  # newest first
    # user syntax never breaks FTS5
    assert corpus.search('"unbalanced AND (')["total"] == 0
    with pytest.raises(InvalidQuery):
        corpus.search("!!!")


def test_fts_query_and_snippets() -> None:
    assert fts_query('talks "trade turnover" minsk* OR brest') == (
        '"talks" "trade turnover" "minsk"* OR "brest"',
        ["talks", "trade", "turnover", "minsk", "brest"])
    assert fts_query("переговоры")[0] == '"перегово"*'
    assert split_snippet("a \ue000b\ue001 c") == ("a b c", [[2, 3]])


def test_document_view(corpus) -> None:
    doc = corpus.document("doc1")
    text = doc["text"]
    q = doc["quotes"][0]
    assert text[q["start"]:q["end"]] == q["text"]
    assert all(text[s:e] for e in doc["entities"] for s, e in e["mentions"])
    assert doc["events"][0]["cluster_id"]
    assert doc["cleaning"]["published_evidence"].startswith("header line")
    with pytest.raises(NotFound):
        corpus.document("nope")


def test_entity_profile(corpus) -> None:
    p = corpus.entity("лукашенко")  # any case, any script
    assert p["id"] == "E1" and p["aliases_by_script"]["cyrillic"] == ["Лукашенко"]
    assert p["quotes_by"]["total"] == 2 and p["figures"]["total"] == 2
    assert p["events"]["total"] == 3
    assert {m["name"] for m in p["met"]} == {"Vladimir Putin", HOSTILE_NAME}
    assert p["co_mentioned"][0]["name"] in {"Minsk", "Vladimir Putin"}
    with pytest.raises(EntityNotFound):
        corpus.entity("Nobody")


def test_listings_page_and_total(corpus) -> None:
    page = corpus.quotes(limit=1)
    assert page.total == 3 and len(page.items) == 1
    assert corpus.quotes(limit=1, offset=1).items[0].doc_id != page.items[0].doc_id
    assert corpus.quotes(speaker="Lukashenko").total == 2
    assert corpus.quotes(mentions="Lukashenko").total == 0
    assert corpus.quotes(words="ТОВАРООБОРОТ").total == 1
    assert corpus.figures(unit="usd").total == 1  # units in any case
    assert corpus.figures(claimant="Лукашенко").total == 2
    assert corpus.figures(period="2023").total == 1
    assert corpus.events(type="Meeting").total == 2
    assert corpus.events(entity="Putin", since="2024-04").total == 1
    assert corpus.list_documents(language="ru").total == 1
    assert corpus.entities(type="person").total == 2  # types in any case
    series = corpus.figure_series(claimant="E1")
    assert {s.unit for s in series} == {"USD", "percent"}


@pytest.mark.parametrize(("call", "field"), [
    (lambda c: c.quotes(since="2022-13-45"), "since"),
    (lambda c: c.quotes(until="yesterday"), "until"),
    (lambda c: c.quotes(since="2024-05-01", until="2024-01-01"), "since"),
    (lambda c: c.quotes(kind="quote"), "kind"),
    (lambda c: c.quotes(limit=-1), "limit"),
    (lambda c: c.quotes(limit=99999999999999999999), "limit"),
    (lambda c: c.quotes(offset=-5), "offset"),
    (lambda c: c.events(type="meetings"), "type"),
    (lambda c: c.figures(kind="guess"), "kind"),
    (lambda c: c.figures(period="2022-13"), "period"),
    (lambda c: c.network(depth=9), "depth"),
    (lambda c: c.timeline(entity="E1", interval="year"), "interval"),
    (lambda c: c.search("minsk", language="xx"), "language"),
    (lambda c: c.entities(type="people"), "type"),
])
def test_bad_values_are_clear_errors(corpus, call, field) -> None:
    with pytest.raises(InvalidQuery) as info:
        call(corpus)
    assert info.value.field == field and info.value.exit_code == 2
    assert info.value.status == 422


def test_dates_expand_to_periods() -> None:
    assert params.day("2024", "since") == "2024-01-01"
    assert params.day("2024-02", "until", end=True) == "2024-02-29"
    assert params.day("2023-12", "until", end=True) == "2023-12-31"


def test_ambiguous_name_lists_candidates(corpus) -> None:
    corpus.add_alias("E2", "Lukashenko")  # now two identities go by it...
    assert corpus.resolve("Alexander Lukashenko") == "E1"  # ...but one is called so
    corpus.add_alias("E4", "The Leader")
    corpus.add_alias("E2", "The Leader")
    with pytest.raises(AmbiguousEntity) as info:
        corpus.resolve("the leader")
    assert {c["id"] for c in info.value.candidates} == {"E2", "E4"}


def test_rename_and_merge_keep_facts_consistent(corpus) -> None:
    corpus.rename("E1", "Aliaksandr Lukashenka")
    assert corpus.figures(claimant="E1").total == 2  # by id: a rename loses nothing
    assert {f.claimant for f in corpus.figures(claimant="Lukashenka")} == {
        "Aliaksandr Lukashenka"}
    assert {q.speaker for q in corpus.quotes(speaker="E1")} == {"Aliaksandr Lukashenka"}
    exported = corpus.get("doc1")
    assert exported.quotes[0].speaker == "Aliaksandr Lukashenka"
    assert exported.events[0].participants[0] == "Aliaksandr Lukashenka"
    corpus.merge(["E4"], "E1")
    assert corpus.quotes(speaker="E1").total == 3
    doc3 = corpus.get("doc3")
    assert doc3.quotes[0].speaker_id == "E1"
    assert doc3.events[0].participant_ids == ["E1", "E1"]
    assert corpus.events(entity="E1").total == 3


def test_network_depth_and_window(corpus) -> None:
    one = corpus.network(entity="E4")
    assert {(e.source, e.target) for e in one.edges} == {("E1", "E4")}
    two = corpus.network(entity="E4", depth=2)
    assert {e.target for e in two.edges} == {"E2", "E4"}
    assert {e.kind for e in corpus.network(since="2024-04-01", until="2024-04-30").edges} == {
        "talks"}


def test_timeline(corpus) -> None:
    months = corpus.timeline(entity="E1")
    assert [(b.period, b.quotes, b.events) for b in months] == [
        ("2024-03", 1, 1), ("2024-04", 1, 1), ("2024-05", 0, 1)]
    weeks = corpus.timeline(q="Lukashenko", interval="week")
    assert [b.period for b in weeks] == ["2024-03-04", "2024-04-29"]


def test_safe_output() -> None:
    assert one_line("a\x1b[31mb\nc") == "a\\x1b[31mb c"
    assert csv_cell("=1+2") == "'=1+2" and csv_cell("-cmd") == "'-cmd"
    assert csv_cell(-3.5) == -3.5 and csv_cell("\x07bell") == "\\x07bell"
    assert json_text("\x9b31m") == '"\\u009b31m"'


def test_export_csv_is_formula_safe_and_round_trips(corpus) -> None:
    import csv
    import io

    from presswatch.query.export import parse_csv_row

    buf = io.StringIO()
    corpus.export(buf, format="csv")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    hostile = next(r for r in rows if r["id"] == "doc3")
    assert hostile["outlet"].startswith("'=")
    assert [parse_csv_row(r) for r in rows] == [d.to_contract() for d in corpus.documents()]
