"""The interaction network: who met, talked to, phoned or mentioned whom.

Edges (node ids are database-wide entity ids; PERSON and ORG nodes):

* **shared events**: every pair of participants of one joined event (one edge per event
  cluster, however many articles report it), kind = the event type, undirected (written
  with the smaller id as ``source``);
* **mentions**: a quote by A whose text mentions B (an entity mention inside the quote's
  span) gives a directed edge A -> B, kind ``mentions``.

Edges with the same (source, target, kind) are aggregated: ``weight`` (count of events or
quotes), ``first``/``last`` date (event date, or the document's publication date for
quotes and undated events), ``docs`` (the source document ids). Formats: JSON, CSV (one
row per edge) and GEXF 1.3 (written by hand; opens in Gephi).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from presswatch.query.events import ensure_joined, entity_id_of
from presswatch.store.sqlite import connection

__all__ = ["Edge", "Network", "build_network", "to_csv", "to_gexf", "to_json"]

NODE_TYPES = ("PERSON", "ORG")
GEXF_NS = "http://gexf.net/1.3"


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


@dataclass(slots=True)
class Network:
    nodes: dict[str, dict[str, str]]
    edges: list[Edge]

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [{"id": k, **v} for k, v in self.nodes.items()],
                "edges": [{"source": e.source, "target": e.target, "kind": e.kind,
                           "directed": e.directed, "weight": e.weight, "first": e.first,
                           "last": e.last, "docs": e.docs} for e in self.edges]}


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if not date:
        return False
    day = date[:10]
    return (since is None or day >= since) and (until is None or day <= until)


def build_network(store: Any, entity: str | None = None, since: str | None = None,
                  until: str | None = None, type_: str | None = None) -> Network:
    """The network, optionally restricted to edges touching ``entity`` (name, alias or
    id), to dates in [since, until] and to one kind (an event type or ``mentions``)."""
    ensure_joined(store)
    conn = connection(store)
    info = {eid: (name, typ) for eid, name, typ in conn.execute(
        "SELECT id, name, type FROM entities")}
    focus = entity_id_of(store, entity) if entity else None
    edges: dict[tuple[str, str, str], Edge] = {}

    def keep(a: str, b: str) -> bool:
        if a == b or info.get(a, ("", ""))[1] not in NODE_TYPES:
            return False
        if info.get(b, ("", ""))[1] not in NODE_TYPES:
            return False
        return focus is None or focus in (a, b)

    if type_ != "mentions":
        rows = conn.execute(
            """SELECT c.id, c.type, c.date, c.participant_ids,
                      group_concat(m.doc_id), min(d.published)
               FROM event_clusters c JOIN event_cluster_members m ON m.cluster_id = c.id
               JOIN documents d ON d.id = m.doc_id GROUP BY c.id""")
        for _cid, kind, date, ids, docs, published in rows:
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
        rows = conn.execute(
            """SELECT q.doc_id, q.speaker_id, em.entity_id, d.published
               FROM quotes q JOIN entity_mentions em
                 ON em.doc_id = q.doc_id AND em.start >= q.start AND em."end" <= q."end"
               JOIN documents d ON d.id = q.doc_id
               WHERE q.speaker_id IS NOT NULL
               GROUP BY q.doc_id, q.ord, em.entity_id""")
        for doc_id, speaker, target, published in rows:
            if keep(speaker, target) and _in_range(published, since, until):
                edges.setdefault((speaker, target, "mentions"),
                                 Edge(speaker, target, "mentions", True)).add(
                    published, [doc_id])
    used = {x for e in edges.values() for x in (e.source, e.target)}
    nodes = {eid: {"name": info[eid][0], "type": info[eid][1]} for eid in sorted(used)}
    ordered = sorted(edges.values(), key=lambda e: (-e.weight, e.source, e.target, e.kind))
    return Network(nodes, ordered)


def to_json(net: Network) -> str:
    return json.dumps(net.to_dict(), ensure_ascii=False, indent=1)


def to_csv(net: Network) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["source", "source_name", "target", "target_name", "kind", "directed",
                "weight", "first", "last", "docs"])
    for e in net.edges:
        w.writerow([e.source, net.nodes[e.source]["name"], e.target,
                    net.nodes[e.target]["name"], e.kind, int(e.directed), e.weight,
                    e.first or "", e.last or "", " ".join(e.docs)])
    return buf.getvalue()


def to_gexf(net: Network) -> str:
    """GEXF 1.3 (http://gexf.net/1.3): a directed graph whose event edges carry
    ``type="undirected"``; attributes: node type, edge kind, first, last, docs."""
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "presswatch"
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph",
                          {"defaultedgetype": "directed", "mode": "static"})
    nattr = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": "node"})
    ET.SubElement(nattr, f"{{{GEXF_NS}}}attribute", {"id": "0", "title": "type",
                                                     "type": "string"})
    eattr = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": "edge"})
    for k, title in enumerate(("kind", "first", "last", "docs")):
        ET.SubElement(eattr, f"{{{GEXF_NS}}}attribute", {"id": str(k), "title": title,
                                                         "type": "string"})
    nodes = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for eid, n in net.nodes.items():
        node = ET.SubElement(nodes, f"{{{GEXF_NS}}}node", {"id": eid, "label": n["name"]})
        vals = ET.SubElement(node, f"{{{GEXF_NS}}}attvalues")
        ET.SubElement(vals, f"{{{GEXF_NS}}}attvalue", {"for": "0", "value": n["type"]})
    edges = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for k, e in enumerate(net.edges):
        edge = ET.SubElement(edges, f"{{{GEXF_NS}}}edge", {
            "id": str(k), "source": e.source, "target": e.target, "label": e.kind,
            "weight": str(float(e.weight)),
            "type": "directed" if e.directed else "undirected"})
        vals = ET.SubElement(edge, f"{{{GEXF_NS}}}attvalues")
        for a, v in enumerate((e.kind, e.first or "", e.last or "", " ".join(e.docs))):
            ET.SubElement(vals, f"{{{GEXF_NS}}}attvalue", {"for": str(a), "value": v})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
