"""Joined events, the interaction network and its CLI, on the cross-document articles."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

import presswatch
from presswatch.extract.eventjoin import (
    EVENT_TABLES_DDL,
    Member,
    ensure_event_tables,
    join_events,
    link_events,
    rebuild_events,
)
from presswatch.query.network import build_network, to_csv, to_gexf
from presswatch.store import open_store

XDOC = Path(__file__).resolve().parent / "data" / "events_xdoc"


def test_link_rules():
    ms = [Member("a", 0, "talks", ["p1", "p2"], ["A", "B"], "Minsk", "2024-04-10"),
          Member("b", 0, "meeting", ["p2"], ["B"], None, "2024-04-11"),
          Member("c", 0, "talks", ["p1", "p2"], ["A", "B"], "Yerevan", "2024-09-02"),
          Member("d", 0, "forum", ["p9"], ["X"], "Grodno", "2023-10-03"),
          Member("e", 0, "forum", ["p8"], ["Y"], "Grodno", "2023-10-03"),
          Member("f", 0, "visit", ["p1"], ["A"], None, None)]
    assert link_events(ms) == [[0, 1], [2], [3, 4], [5]]


def test_planned_and_happened_stay_apart():
    ms = [Member("a", 0, "meeting", ["p1", "p2"], ["A", "B"], "Minsk", "2024-05-20",
                 published="2024-05-15", status="planned"),
          Member("b", 0, "meeting", ["p1", "p2"], ["A", "B"], "Minsk", "2024-05-20",
                 published="2024-05-16", status="planned"),
          Member("c", 0, "meeting", ["p1", "p2"], ["A", "B"], "Minsk", "2024-05-20",
                 published="2024-05-20")]
    assert link_events(ms) == [[0, 1], [2]]


def test_stored_status():
    from presswatch.extract.eventjoin import _status

    assert _status("2024-05-20", "2024-05-15", "") == "planned"
    assert _status("2024-05-20", "2024-05-20", "They will meet today.") == "happened"
    assert _status(None, "2024-05-20", "Арипов посетит Минск.") == "planned"
    assert _status(None, "2024-05-20", "Арипов посетил Минск.") == "happened"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ev") / "x.db"
    presswatch.ingest([str(p) for p in sorted(XDOC.glob("*.txt"))], db=path)
    store = open_store(path)
    try:
        ensure_event_tables(store)
        assert rebuild_events(store) > 0
        join_events(store)
    finally:
        store.close()
    return path


def test_ddl_is_idempotent(tmp_path):
    import sqlite3

    conn = sqlite3.connect(tmp_path / "t.db")
    conn.executescript(EVENT_TABLES_DDL)
    ensure_event_tables(conn)


def test_events_command_json(db):
    from presswatch.cli_network import events_app

    res = CliRunner().invoke(events_app, ["events", "--db", str(db), "--json",
                                          "--type", "agreement"])
    assert res.exit_code == 0, res.output
    found = json.loads(res.output)
    minsk = [e for e in found if e["date"] == "2024-05-15"]
    assert minsk and len(minsk[0]["sources"]) == 2
    assert all(s["evidence"] for s in minsk[0]["sources"])


def test_network_edges_and_formats(db, tmp_path):
    store = open_store(db)
    try:
        net = build_network(store)
        only = build_network(store, since="2024-01-01", until="2024-12-31", type_="talks")
    finally:
        store.close()
    talks = [e for e in net.edges if e.kind == "talks"]
    assert talks and max(e.weight for e in talks) == 2  # Minsk in April, Yerevan in September
    top = max(talks, key=lambda e: e.weight)
    assert top.first == "2024-04-10" and top.last == "2024-09-02" and len(top.docs) >= 3
    assert all(e.kind == "talks" for e in only.edges)
    lines = to_csv(net).splitlines()
    assert lines[0].startswith("source,source_name,target") and len(lines) == len(net.edges) + 1
    root = ET.fromstring(to_gexf(net))
    ns = {"g": "http://gexf.net/1.3"}
    assert root.get("version") == "1.3"
    assert len(root.findall(".//g:node", ns)) == len(net.nodes)
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == len(net.edges)
    ids = {n.get("id") for n in root.findall(".//g:node", ns)}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)


def test_network_command(db, tmp_path):
    from presswatch.cli_network import events_app

    out = tmp_path / "n.gexf"
    res = CliRunner().invoke(events_app, ["network", "--db", str(db), "--format", "gexf",
                                          "--out", str(out)])
    assert res.exit_code == 0, res.output
    ET.parse(out)
    res = CliRunner().invoke(events_app, ["network", "--db", str(db), "--entity",
                                          "Levon Arakelyan"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["edges"] and all(
        any(data_n["name"] in ("Levon Arakelyan", "Левон Аракелян") for data_n in data["nodes"]
            if data_n["id"] in (e["source"], e["target"])) for e in data["edges"])
    res = CliRunner().invoke(events_app, ["network", "--db", str(db), "--entity", "Nobody X"])
    assert res.exit_code == 1
