"""The interaction network: who met, talked to, phoned or mentioned whom.

Edges (node ids are database-wide entity ids; PERSON and ORG nodes):

* **shared events**: every pair of participants of one joined event (one edge per event
  cluster, however many articles report it), kind = the event type, undirected (written
  with the smaller id as ``source``);
* **mentions**: a quote by A whose text mentions B (an entity mention inside the quote's
  span) gives a directed edge A -> B, kind ``mentions``.

Edges with the same (source, target, kind) are aggregated: ``weight`` (count of events or
quotes), ``first``/``last`` date (event date, or the document's publication date for
quotes and undated events), ``docs`` (the source document ids).

``entity`` with ``depth`` keeps the edges reached from that entity in ``depth`` hops;
``since``/``until`` keep the edges dated in that window. Formats go through networkx
(:func:`to_graph`): GEXF 1.2 with time intervals (each edge from its first to its last
date, each node from its first edge; Gephi's timeline plays them), GraphML, node-link
JSON, and CSV of edges or of nodes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from presswatch.query.events import ensure_joined, entity_id_of
from presswatch.store import reads
from presswatch.store.sqlite import connection

__all__ = ["FORMATS", "Edge", "Network", "build_network", "render", "to_csv", "to_gexf",
           "to_graph", "to_graphml", "to_json", "to_node_link", "to_nodes_csv"]

NODE_TYPES = ("PERSON", "ORG")
_XML = '<?xml version="1.0" encoding="utf-8"?>\n'


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    kind: str
    directed: bool
    weight: int = 0
    first: str | None = None
    last: str | None = None
    docs: list[str] = field(default_factory=list)

    def add(self, date: str | None, docs: list[str]) -> None:
        self.weight += 1
        if date:
            day = date[:10]
            self.first = day if self.first is None or day < self.first else self.first
            self.last = day if self.last is None or day > self.last else self.last
        for d in docs:
            if d not in self.docs:
                self.docs.append(d)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "kind": self.kind,
                "directed": self.directed, "weight": self.weight, "first": self.first,
                "last": self.last, "docs": self.docs}


@dataclass(slots=True)
class Network:
    nodes: dict[str, dict[str, str]]
    edges: list[Edge]

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [{"id": k, **v} for k, v in self.nodes.items()],
                "edges": [e.to_dict() for e in self.edges]}


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if not date:
        return False
    day = date[:10]
    return (since is None or day >= since) and (until is None or day <= until)


def build_network(store: Any, entity: str | None = None, since: str | None = None,
                  until: str | None = None, type_: str | None = None, depth: int = 1,
                  entity_id: str | None = None, mentions: bool = True) -> Network:
    """The network, optionally restricted to what ``depth`` hops from ``entity`` (name,
    alias or id; or ``entity_id``) reach, to dates in [since, until] and to one kind (an
    event type or ``mentions``; ``mentions=False`` leaves the mention edges out). One
    hop reads the focus's own events and its newest quotes
    (:data:`~presswatch.store.reads.MENTION_EDGE_QUOTES` each way); more hops read
    every edge."""
    ensure_joined(store)
    conn = connection(store)
    focus = entity_id or (entity_id_of(store, entity) if entity else None)
    edges: dict[tuple[str, str, str], Edge] = {}
    # One hop needs only the focus's own events and quotes; more hops need them all.
    only = focus if focus is not None and depth <= 1 else None
    clusters = (reads.cluster_edges_rows(conn, only) if type_ != "mentions" else [])
    quoted = (reads.mention_edges_rows(conn, only)
              if mentions and type_ in (None, "mentions") else [])
    if only is None:
        info = reads.entity_info(conn)
    else:
        info = reads.entity_info(conn, [
            *(i for row in clusters for i in json.loads(row[3])),
            *(i for row in quoted for i in row[1:3])])

    def keep(a: str, b: str) -> bool:
        return (a != b and info.get(a, ("", ""))[1] in NODE_TYPES
                and info.get(b, ("", ""))[1] in NODE_TYPES)

    if type_ != "mentions":
        for _cid, kind, date, ids, docs, published in clusters:
            if type_ and kind != type_:
                continue
            when = date or published
            if not _in_range(when, since, until):
                continue
            pids = sorted(set(json.loads(ids)))
            doc_ids = sorted(set((docs or "").split(",")) - {""})
            for i, a in enumerate(pids):
                for b in pids[i + 1:]:
                    if keep(a, b):
                        edges.setdefault((a, b, kind), Edge(a, b, kind, False)).add(
                            when, doc_ids)
    if type_ in (None, "mentions"):
        for doc_id, speaker, target, published in quoted:
            if keep(speaker, target) and _in_range(published, since, until):
                edges.setdefault((speaker, target, "mentions"),
                                 Edge(speaker, target, "mentions", True)).add(
                    published, [doc_id])
    found = list(edges.values())
    if focus is not None:
        found = _within(found, focus, depth)
    used = {x for e in found for x in (e.source, e.target)}
    nodes = {eid: {"name": info[eid][0], "type": info[eid][1]} for eid in sorted(used)}
    ordered = sorted(found, key=lambda e: (-e.weight, e.source, e.target, e.kind))
    return Network(nodes, ordered)


def _within(edges: list[Edge], focus: str, depth: int) -> list[Edge]:
    """The edges a breadth-first walk of ``depth`` hops from ``focus`` crosses."""
    adjacent: dict[str, set[str]] = {}
    for e in edges:
        adjacent.setdefault(e.source, set()).add(e.target)
        adjacent.setdefault(e.target, set()).add(e.source)
    hops = {focus: 0}
    queue = deque([focus])
    while queue:
        node = queue.popleft()
        if hops[node] >= depth:
            continue
        for nxt in adjacent.get(node, ()):
            if nxt not in hops:
                hops[nxt] = hops[node] + 1
                queue.append(nxt)
    return [e for e in edges if e.source in hops and e.target in hops
            and min(hops[e.source], hops[e.target]) < depth]


# -- formats -----------------------------------------------------------------------------
def to_graph(net: Network) -> Any:
    """A networkx ``MultiDiGraph``: nodes with label, type, start (first edge date);
    edges keyed by kind with weight, directed, docs (space-separated ids) and the
    interval start..end (first..last date) where dated."""
    import networkx as nx

    from presswatch.query.safe import visible

    graph = nx.MultiDiGraph()
    first: dict[str, str] = {}
    for e in net.edges:
        for node in (e.source, e.target):
            if e.first and (node not in first or e.first < first[node]):
                first[node] = e.first
    for eid, n in net.nodes.items():
        # XML cannot hold control characters: names carry them as visible escapes.
        attrs: dict[str, Any] = {"label": visible(n["name"]), "type": n["type"]}
        if eid in first:
            attrs["start"] = first[eid]
        graph.add_node(eid, **attrs)
    for e in net.edges:
        attrs = {"kind": e.kind, "weight": float(e.weight), "directed": e.directed,
                 "docs": " ".join(e.docs)}
        if e.first:
            attrs["start"], attrs["end"] = e.first, e.last or e.first
        graph.add_edge(e.source, e.target, key=e.kind, **attrs)
    return graph


def to_json(net: Network) -> str:
    return json.dumps(net.to_dict(), ensure_ascii=False, indent=1)


def to_csv(net: Network) -> str:
    """One row per edge."""
    from presswatch.query.safe import csv_cell

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "source_name", "target", "target_name", "kind", "directed",
                "weight", "first", "last", "docs"])
    for e in net.edges:
        w.writerow([csv_cell(v) for v in (
            e.source, net.nodes[e.source]["name"], e.target, net.nodes[e.target]["name"],
            e.kind, int(e.directed), e.weight, e.first or "", e.last or "",
            " ".join(e.docs))])
    return buf.getvalue()


def to_nodes_csv(net: Network) -> str:
    """One row per node: id, name, type, degree (edges), weight (sum), first, last."""
    from presswatch.query.safe import csv_cell

    stats: dict[str, list[Any]] = {n: [0, 0, None, None] for n in net.nodes}
    for e in net.edges:
        for n in (e.source, e.target):
            s = stats[n]
            s[0] += 1
            s[1] += e.weight
            if e.first and (s[2] is None or e.first < s[2]):
                s[2] = e.first
            if e.last and (s[3] is None or e.last > s[3]):
                s[3] = e.last
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "type", "degree", "weight", "first", "last"])
    for eid, node in net.nodes.items():
        d, wt, lo, hi = stats[eid]
        w.writerow([csv_cell(v) for v in (eid, node["name"], node["type"], d, wt, lo or "",
                                          hi or "")])
    return buf.getvalue()


def to_gexf(net: Network) -> str:
    """GEXF (networkx's writer, version 1.2): a dynamic graph whose edges and nodes
    carry their date intervals; it loads in networkx and in Gephi."""
    import networkx as nx

    return _XML + "\n".join(nx.generate_gexf(to_graph(net))) + "\n"


def to_graphml(net: Network) -> str:
    import networkx as nx

    return _XML + "\n".join(nx.generate_graphml(to_graph(net))) + "\n"


def to_node_link(net: Network) -> str:
    import networkx as nx

    data = nx.node_link_data(to_graph(net), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1)


FORMATS = {"json": to_json, "csv": to_csv, "nodes-csv": to_nodes_csv, "gexf": to_gexf,
           "graphml": to_graphml, "node-link": to_node_link}
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "nodes-csv": "text/csv",
               "gexf": "application/xml", "graphml": "application/xml",
               "node-link": "application/json"}


def render(net: Network, fmt: str) -> str:
    return FORMATS[fmt](net)
