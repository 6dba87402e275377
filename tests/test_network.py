"""Joined events, the interaction network and its CLI, on the cross-document articles."""

from __future__ import annotations

import io
import itertools
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import presswatch
from presswatch.cli import app
from presswatch.extract.eventjoin import (
    EVENT_TABLES_DDL,
    Member,
    ensure_event_tables,
    join_events,
    link_events,
    rebuild_events,
)
from presswatch.query.network import (
    build_network,
    to_csv,
    to_gexf,
    to_graphml,
    to_node_link,
    to_nodes_csv,
)
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
    res = CliRunner().invoke(app, ["events", "--db", str(db), "--json", "--type", "agreement"])
    assert res.exit_code == 0, res.output
    found = json.loads(res.output)["items"]
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
    gexf = tmp_path / "n.gexf"
    gexf.write_text(to_gexf(net), encoding="utf-8")
    graph = nx.read_gexf(gexf)  # networkx reads it back (directed and undirected kinds)
    assert graph.number_of_nodes() == len(net.nodes)
    assert graph.number_of_edges() == len(net.edges)
    root = ET.parse(gexf).getroot()
    ns = {"g": root.tag.split("}")[0].strip("{")}
    assert root.find("g:graph", ns).get("mode") == "dynamic"  # Gephi's timeline
    dated = [e for e in root.findall(".//g:edge", ns) if e.get("start")]
    assert dated and all(e.get("start") <= e.get("end") for e in dated)
    assert {e.get("start") for e in dated} >= {top.first}
    assert nx.read_graphml(io.StringIO(to_graphml(net))).number_of_edges() == len(net.edges)
    link = json.loads(to_node_link(net))
    assert len(link["nodes"]) == len(net.nodes) and len(link["edges"]) == len(net.edges)
    nodes = to_nodes_csv(net).splitlines()
    assert nodes[0].startswith("id,name,type,degree") and len(nodes) == len(net.nodes) + 1


def test_network_command(db, tmp_path):
    out = tmp_path / "n.gexf"
    res = CliRunner().invoke(app, ["network", "--db", str(db), "--format", "gexf",
                                          "--out", str(out)])
    assert res.exit_code == 0, res.output
    ET.parse(out)
    res = CliRunner().invoke(app, ["network", "--db", str(db), "--entity",
                                   "Levon Arakelyan"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["edges"] and all(
        any(data_n["name"] in ("Levon Arakelyan", "Левон Аракелян") for data_n in data["nodes"]
            if data_n["id"] in (e["source"], e["target"])) for e in data["edges"])
    res = CliRunner().invoke(app, ["network", "--db", str(db), "--entity", "Nobody X"])
    assert res.exit_code == 1


def _networkx_text(net, fmt: str) -> str:
    """What the network's formats were before they were streamed: networkx's writers
    over the whole graph in memory (and json.dumps of the whole network)."""
    from presswatch.query.network import to_graph

    xml = '<?xml version="1.0" encoding="utf-8"?>\n'
    if fmt == "gexf":
        return xml + "\n".join(nx.generate_gexf(to_graph(net))) + "\n"
    if fmt == "graphml":
        return xml + "\n".join(nx.generate_graphml(to_graph(net))) + "\n"
    if fmt == "node-link":
        return json.dumps(nx.node_link_data(to_graph(net), edges="edges"),
                          ensure_ascii=False, indent=1)
    assert fmt == "json"
    return json.dumps(net.to_dict(), ensure_ascii=False, indent=1)


@pytest.mark.parametrize("kw", [{}, {"type_": "talks", "since": "2024-01-01"},
                                {"type_": "mentions"}, {"type_": "no such kind"},
                                {"entity": "Levon Arakelyan", "depth": 1},
                                {"entity": "Levon Arakelyan", "depth": 2},
                                {"entity": "Levon Arakelyan", "depth": 3}])
def test_streamed_formats_are_networkx_output(db, kw):
    """Every format, streamed from SQL, is byte for byte what the in-memory network gave
    through networkx (and json.dumps), dated, undated and empty networks alike."""
    from presswatch.query.network import network_source, render

    store = open_store(db)
    try:
        net = build_network(store, **kw)
        streamed = network_source(store, **kw)
        for fmt in ("gexf", "graphml", "node-link", "json"):
            assert render(streamed, fmt) == _networkx_text(net, fmt), fmt
        for fmt in ("csv", "nodes-csv"):
            assert render(streamed, fmt) == render(net, fmt), fmt
    finally:
        store.close()
    if kw.get("entity"):
        assert net.edges and all(e.source in net.nodes and e.target in net.nodes
                                 for e in net.edges)


def test_undated_network_formats_are_networkx_output():
    from presswatch.query.network import Edge, Network, render

    net = Network({"A": {"name": "Ann \x1b", "type": "PERSON"},
                   "B": {"name": "Борис", "type": "ORG"}},
                  [Edge("A", "B", "mentions", True, 2, None, None, ["d1", "d2"]),
                   Edge("A", "B", "talks", False, 1, None, None, ["d1"])])
    for fmt in ("gexf", "graphml", "node-link", "json"):
        assert render(net, fmt) == _networkx_text(net, fmt), fmt


def test_formats_write_as_they_read():
    """Each node and edge is written before the next is read: the writers hold one at a
    time, whatever the network's size."""
    from presswatch.query.network import WRITERS, Edge, Node

    class Lazy:
        def __init__(self, out: io.StringIO) -> None:
            self.out, self.seen = out, []

        def iter_nodes(self):
            for i in range(50):
                self.seen.append(self.out.tell())
                yield Node(f"N{i:03d}", f"name {i}", "PERSON", 1, 1, "2024-01-01", None)

        def iter_edges(self, order):
            for i in range(49):
                self.seen.append(self.out.tell())
                yield Edge(f"N{i:03d}", f"N{i + 1:03d}", "talks", False, 1, "2024-01-01",
                           "2024-01-02", [f"d{i}"], f"name {i}", f"name {i + 1}")

    for fmt, writer in WRITERS.items():
        buf = io.StringIO()
        src = Lazy(buf)
        writer(src, buf)
        pulls = src.seen[-48:]  # the last pass over the edges
        assert all(a < b for a, b in itertools.pairwise(pulls)), fmt


def test_network_rows_are_streamed(db):
    from collections.abc import Iterator

    from presswatch.store import reads
    from presswatch.store.sqlite import connection

    store = open_store(db)
    try:
        conn = connection(store)
        edges = reads.network_edges(conn)
        nodes = reads.network_nodes(conn)
        assert isinstance(edges, Iterator) and isinstance(nodes, Iterator)
        assert next(edges) and next(nodes)
    finally:
        store.close()


def test_network_command_streams_to_stdout(db):
    from presswatch.query.network import build_network, render

    res = CliRunner().invoke(app, ["network", "--db", str(db), "--format", "graphml"])
    assert res.exit_code == 0, res.output
    store = open_store(db)
    try:
        assert res.output == render(build_network(store), "graphml")
    finally:
        store.close()
