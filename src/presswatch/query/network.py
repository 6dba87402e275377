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
``since``/``until`` keep the edges dated in that window. Formats: GEXF 1.2 with time
intervals (each edge from its first to its last date, each node from its first edge;
Gephi's timeline plays them), GraphML and node-link JSON, each as networkx writes the
graph of :func:`to_graph`, JSON, and CSV of edges or of nodes.

Streamed: :class:`StoredNetwork` reads the nodes from one aggregated query and the edges
from another (aggregated in SQL, read as they come) and the writers write each node and
edge as it comes (:func:`write`), so memory stays bounded however large the network;
:func:`build_network` reads the same into memory (:class:`Network`).
"""


from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO
from xml.sax.saxutils import escape as xml_escape

from presswatch.choices import NETWORK_FORMATS
from presswatch.store import reads
from presswatch.store.sqlite import connection

__all__ = ["FORMATS", "Counted", "Edge", "Network", "Node", "StoredNetwork", "build_network",
           "network_source", "render", "to_csv", "to_gexf", "to_graph", "to_graphml",
           "to_json", "to_node_link", "to_nodes_csv", "write"]

NODE_TYPES = reads.NETWORK_NODE_TYPES
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
    source_name: str = ""
    target_name: str = ""

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
class Node:
    """A node with the aggregates of its edges: how many, their weight, their dates."""

    id: str
    name: str
    type: str
    degree: int = 0
    weight: int = 0
    first: str | None = None
    last: str | None = None


class Source(Protocol):
    """What the writers read: nodes by id, then edges in an order ("weight": heaviest
    first; "graph": by source, as a multigraph keyed by kind holds them)."""

    def iter_nodes(self) -> Iterator[Node]: ...

    def iter_edges(self, order: str) -> Iterator[Edge]: ...


@dataclass(slots=True)
class Network:
    """A network in memory (the API's and the entity profile's): the same writers as
    the streamed :class:`StoredNetwork`."""

    nodes: dict[str, dict[str, str]]
    edges: list[Edge]

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [{"id": k, **v} for k, v in self.nodes.items()],
                "edges": [e.to_dict() for e in self.edges]}

    def iter_nodes(self) -> Iterator[Node]:
        stats = {eid: Node(eid, n["name"], n["type"]) for eid, n in self.nodes.items()}
        for e in self.edges:
            for eid in (e.source, e.target):
                _count(stats[eid], e)
        yield from stats.values()

    def iter_edges(self, order: str) -> Iterator[Edge]:
        if order == "weight":
            yield from self.edges
            return
        by_source: dict[str, dict[str, list[Edge]]] = {}
        for e in self.edges:
            by_source.setdefault(e.source, {}).setdefault(e.target, []).append(e)
        for eid in self.nodes:
            for group in by_source.get(eid, {}).values():
                yield from group


def _count(node: Node, e: Edge) -> None:
    node.degree += 1
    node.weight += e.weight
    if e.first and (node.first is None or e.first < node.first):
        node.first = e.first
    if e.last and (node.last is None or e.last > node.last):
        node.last = e.last


def _doc_order(docs: str | None) -> list[str]:
    """An edge's documents from ``docs`` (SQL's list of "order key<space>doc id"): by
    their first event (events by cluster id, each event's documents by id), a quote
    edge's by id; each once."""
    pairs = sorted(tuple(p.split(" ", 1)) for p in (docs or "").split(",") if " " in p)
    return list(dict.fromkeys(doc for _, doc in pairs))


class StoredNetwork:
    """The network of a store, streamed from SQL: nodes from one aggregated query,
    edges from another (aggregated with GROUP BY, read as they come), never the whole
    graph in memory. With ``entity_id`` and ``depth`` > 1 the walk from the entity is
    made first, one pass over the edges per hop, keeping only the hop of each node."""

    def __init__(self, store: Any, *, entity_id: str | None = None, since: str | None = None,
                 until: str | None = None, type_: str | None = None, depth: int = 1,
                 mentions: bool = True) -> None:
        from presswatch.query.events import ensure_joined

        ensure_joined(store)
        self.conn = connection(store)
        self.focus, self.depth = entity_id, depth
        self.filters: dict[str, Any] = {"type_": type_, "since": since, "until": until,
                                        "mentions": mentions}
        self._hops: dict[str, int] | None = None

    def _rows(self, order: str | None, restricted: bool) -> Iterator[Edge]:
        focus = self.focus if restricted else None
        for s, sname, t, tname, kind, directed, weight, first, last, docs in \
                reads.network_edges(self.conn, entity_id=focus, order=order, **self.filters):
            yield Edge(s, t, kind, bool(directed), int(weight), first, last,
                       _doc_order(docs), sname, tname)

    def hops(self) -> dict[str, int]:
        """Hops from the focus of every node within ``depth`` (breadth first)."""
        if self._hops is None:
            assert self.focus is not None
            hops, frontier = {self.focus: 0}, {self.focus}
            for level in range(1, self.depth + 1):
                reached: set[str] = set()
                for e in self._rows(None, False):
                    if e.source in frontier and e.target not in hops:
                        reached.add(e.target)
                    if e.target in frontier and e.source not in hops:
                        reached.add(e.source)
                hops.update((n, level) for n in reached)
                frontier = reached
                if not reached:
                    break
            self._hops = hops
        return self._hops

    @property
    def _walk(self) -> bool:
        return self.focus is not None and self.depth > 1

    def iter_edges(self, order: str) -> Iterator[Edge]:
        if not self._walk:
            yield from self._rows(order, True)
            return
        hops = self.hops()
        for e in self._rows(order, False):
            if e.source in hops and e.target in hops and \
                    min(hops[e.source], hops[e.target]) < self.depth:
                yield e

    def iter_nodes(self) -> Iterator[Node]:
        if not self._walk:
            for eid, name, typ, degree, weight, first, last in reads.network_nodes(
                    self.conn, entity_id=self.focus, **self.filters):
                yield Node(eid, name, typ, int(degree), int(weight), first, last)
            return
        stats: dict[str, Node] = {}
        for e in self.iter_edges("weight"):
            for eid, name in ((e.source, e.source_name), (e.target, e.target_name)):
                _count(stats.setdefault(eid, Node(eid, name, "")), e)
        types = reads.entity_name_types(self.conn, list(stats))
        for eid in sorted(stats):
            node = stats[eid]
            node.type = types.get(eid, (node.name, ""))[1]
            yield node


class Counted:
    """A source that counts what its last pass yielded (nodes, edges)."""

    def __init__(self, src: Source) -> None:
        self.src, self.nodes, self.edges = src, 0, 0

    def iter_nodes(self) -> Iterator[Node]:
        self.nodes = 0
        for n in self.src.iter_nodes():
            self.nodes += 1
            yield n

    def iter_edges(self, order: str) -> Iterator[Edge]:
        self.edges = 0
        for e in self.src.iter_edges(order):
            self.edges += 1
            yield e


def network_source(store: Any, entity: str | None = None, since: str | None = None,
                   until: str | None = None, type_: str | None = None, depth: int = 1,
                   entity_id: str | None = None, mentions: bool = True) -> StoredNetwork:
    """The network, optionally restricted to what ``depth`` hops from ``entity`` (name,
    alias or id; or ``entity_id``) reach, to dates in [since, until] and to one kind (an
    event type or ``mentions``; ``mentions=False``: no mention edges), to stream with
    :func:`write`. One hop around an entity reads its own events and quotes, bounded
    (:data:`~presswatch.store.reads.NETWORK_DOCS`,
    :data:`~presswatch.store.reads.MENTION_EDGE_QUOTES`)."""
    if entity_id is None and entity:
        from presswatch.query.events import entity_id_of

        entity_id = entity_id_of(store, entity)
    return StoredNetwork(store, entity_id=entity_id, since=since, until=until, type_=type_,
                         depth=depth, mentions=mentions)


def build_network(store: Any, entity: str | None = None, since: str | None = None,
                  until: str | None = None, type_: str | None = None, depth: int = 1,
                  entity_id: str | None = None, mentions: bool = True) -> Network:
    """:func:`network_source` read into memory (for the API's JSON and the profile);
    ``mentions=False`` leaves the mention edges out."""
    src = network_source(store, entity, since, until, type_, depth, entity_id, mentions)
    nodes = {n.id: {"name": n.name, "type": n.type} for n in src.iter_nodes()}
    return Network(nodes, list(src.iter_edges("weight")))


# -- formats: each writes as it reads ----------------------------------------------------
def _json_items(out: TextIO, name: str, items: Iterator[dict[str, Any]], last: bool) -> None:
    """``"name": [...]`` as ``json.dumps(..., indent=1)`` writes it one level down."""
    out.write(f' "{name}": [')
    empty = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=1)
        out.write(("\n" if empty else ",\n") + "\n".join("  " + line
                                                        for line in text.split("\n")))
        empty = False
    out.write(("]" if empty else "\n ]") + ("\n" if last else ",\n"))


def write_json(src: Source, out: TextIO) -> None:
    """{"nodes": [{id, name, type}], "edges": [Edge.to_dict()]}, heaviest edges first."""
    out.write("{\n")
    _json_items(out, "nodes", ({"id": n.id, "name": n.name, "type": n.type}
                               for n in src.iter_nodes()), False)
    _json_items(out, "edges", (e.to_dict() for e in src.iter_edges("weight")), True)
    out.write("}")


def write_csv(src: Source, out: TextIO) -> None:
    """One row per edge."""
    from presswatch.query.safe import csv_cell

    names = {n.id: n.name for n in src.iter_nodes()} if _needs_names(src) else None
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["source", "source_name", "target", "target_name", "kind", "directed",
                "weight", "first", "last", "docs"])
    for e in src.iter_edges("weight"):
        sname = names[e.source] if names is not None else e.source_name
        tname = names[e.target] if names is not None else e.target_name
        w.writerow([csv_cell(v) for v in (
            e.source, sname, e.target, tname, e.kind, int(e.directed), e.weight,
            e.first or "", e.last or "", " ".join(e.docs))])


def _needs_names(src: Source) -> bool:
    """An in-memory network's edges carry no names: its nodes have them."""
    return isinstance(src, Network)


def write_nodes_csv(src: Source, out: TextIO) -> None:
    """One row per node: id, name, type, degree (edges), weight (sum), first, last."""
    from presswatch.query.safe import csv_cell

    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "name", "type", "degree", "weight", "first", "last"])
    for n in src.iter_nodes():
        w.writerow([csv_cell(v) for v in (n.id, n.name, n.type, n.degree, n.weight,
                                          n.first or "", n.last or "")])


# ElementTree's escaping (the library's own, public): &, <, > everywhere, and in an
# attribute also the quote and the whitespace characters it writes as references.
_ATTR_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    return xml_escape(text, _ATTR_ENTITIES)


def _text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    return xml_escape(text)


def _tag(name: str, attrs: dict[str, str], close: bool = False) -> str:
    inner = " ".join(f'{k}="{_attr(v)}"' for k, v in attrs.items())
    return f"<{name} {inner} />" if close else f"<{name} {inner}>"


def _lines(out: TextIO, lines: list[str]) -> None:
    """Lines of XML as networkx prints them: ASCII, other characters as character
    references (ElementTree's default encoding), its line breaks."""
    text = "\n".join(lines).encode("ascii", "xmlcharrefreplace").decode("ascii")
    out.write("\n".join(text.splitlines()) + "\n")


def _frame(generate: Callable[[Any], Iterator[str]], dated: bool, empty: bool
           ) -> list[str]:
    """The lines networkx writes around the nodes and edges of a graph like ours (its
    header, attribute declarations, closing tags): from a two-node graph of the same
    attributes, dated or not; the whole document of an empty graph."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    if not empty:
        node: dict[str, Any] = {"label": "a", "type": "PERSON"}
        edge: dict[str, Any] = {"kind": "k", "weight": 1.0, "directed": False, "docs": ""}
        if dated:
            node["start"] = edge["start"] = edge["end"] = "2000-01-01"
        graph.add_node("a", **node)
        graph.add_node("b", **node)
        graph.add_edge("a", "b", key="k", **edge)
    return list(generate(graph))


def _split(lines: list[str], first: str, last: str) -> tuple[list[str], list[str]]:
    """The lines before the first line starting (stripped) with ``first`` and from the
    line after the last one starting with ``last``."""
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(first)]
    ends = [i for i, line in enumerate(lines) if line.strip().startswith(last)]
    return lines[:starts[0]], lines[ends[-1] + 1:]


def _spooled_nodes(src: Source, lines: Callable[[Node], list[str]], spool: TextIO
                   ) -> tuple[bool, bool]:
    """Write the nodes' lines to ``spool`` (a temporary file: the header, written
    first, depends on whether any node is dated); (any node, any dated)."""
    any_node = dated = False
    for n in src.iter_nodes():
        any_node = True
        dated = dated or n.first is not None
        _lines(spool, lines(n))
    spool.seek(0)
    return any_node, dated


def write_gexf(src: Source, out: TextIO) -> None:
    """GEXF 1.2 as networkx writes it: a dynamic graph whose edges and nodes carry their
    date intervals; it loads in networkx and in Gephi. Written node by node and edge by
    edge."""
    import networkx as nx

    from presswatch.query.safe import visible

    def node(n: Node) -> list[str]:
        attrs = {"id": n.id, "label": visible(n.name)}
        if n.first:
            attrs["start"] = n.first
        return ["      " + _tag("node", attrs), "        <attvalues>",
                "          " + _tag("attvalue", {"for": "0", "value": n.type}, True),
                "        </attvalues>", "      </node>"]

    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        any_node, dated = _spooled_nodes(src, node, spool)
        lines = _frame(nx.generate_gexf, dated, not any_node)
        out.write(_XML)
        if not any_node:
            out.write("\n".join(lines) + "\n")
            return
        head, _ = _split(lines, "<node ", "</nodes>")
        nodes_end = next(i for i, line in enumerate(lines) if line.strip() == "</nodes>")
        edges_start = next(i for i, line in enumerate(lines) if line.strip() == "<edges>")
        _, tail = _split(lines, "<edge ", "</edges>")
        out.write("\n".join(head) + "\n")
        shutil.copyfileobj(spool, out)
    out.write("\n".join(lines[nodes_end:edges_start + 1]) + "\n")
    for i, e in enumerate(src.iter_edges("graph")):
        attrs = {"source": e.source, "target": e.target, "id": str(i),
                 "weight": str(float(e.weight))}
        if e.first:
            attrs["start"], attrs["end"] = e.first, e.last or e.first
        _lines(out, ["      " + _tag("edge", attrs), "        <attvalues>",
                     *("          " + _tag("attvalue", {"for": key, "value": value}, True)
                       for key, value in (("1", e.kind), ("2", str(e.directed).lower()),
                                          ("3", " ".join(e.docs)), ("4", e.kind))),
                     "        </attvalues>", "      </edge>"])
    out.write("\n".join(["    </edges>", *tail]) + "\n")


def _data(key: str, value: str) -> str:
    return f'      <data key="{key}">{_text(value)}</data>'


def write_graphml(src: Source, out: TextIO) -> None:
    """GraphML as networkx writes it, node by node and edge by edge."""
    import networkx as nx

    from presswatch.query.safe import visible

    def node(n: Node) -> list[str]:
        # Key ids as networkx numbers them: node label, type, start; then the edges'.
        return [f'    <node id="{_attr(n.id)}">', _data("d0", visible(n.name)),
                _data("d1", n.type), *([_data("d2", n.first)] if n.first else []),
                "    </node>"]

    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        any_node, dated = _spooled_nodes(src, node, spool)
        lines = _frame(nx.generate_graphml, dated, not any_node)
        out.write(_XML)
        if not any_node:
            out.write("\n".join(lines) + "\n")
            return
        head, tail = _split(lines, "<node ", "</edge>")
        out.write("\n".join(head) + "\n")
        shutil.copyfileobj(spool, out)
    keys = ["d3", "d4", "d5", "d6", "d7", "d8"] if dated else ["d2", "d3", "d4", "d5"]
    for e in src.iter_edges("graph"):
        data = [_data(key, value) for key, value in zip(
            keys, (e.kind, str(float(e.weight)), str(e.directed), " ".join(e.docs)),
            strict=False)]
        if e.first:
            data += [_data(keys[4], e.first), _data(keys[5], e.last or e.first)]
        _lines(out, ["    " + _tag("edge", {"source": e.source, "target": e.target,
                                             "id": e.kind}), *data, "    </edge>"])
    out.write("\n".join(tail) + "\n")


def write_node_link(src: Source, out: TextIO) -> None:
    """networkx's node-link JSON (``node_link_data(..., edges="edges")``) of the
    multigraph, node by node and edge by edge."""
    from presswatch.query.safe import visible

    def nodes() -> Iterator[dict[str, Any]]:
        for n in src.iter_nodes():
            item: dict[str, Any] = {"label": visible(n.name), "type": n.type}
            if n.first:
                item["start"] = n.first
            item["id"] = n.id
            yield item

    def edges() -> Iterator[dict[str, Any]]:
        for e in src.iter_edges("graph"):
            item: dict[str, Any] = {"kind": e.kind, "weight": float(e.weight),
                                    "directed": e.directed, "docs": " ".join(e.docs)}
            if e.first:
                item["start"], item["end"] = e.first, e.last or e.first
            item.update(source=e.source, target=e.target, key=e.kind)
            yield item

    out.write('{\n "directed": true,\n "multigraph": true,\n "graph": {},\n')
    _json_items(out, "nodes", nodes(), False)
    _json_items(out, "edges", edges(), True)
    out.write("}")


WRITERS: dict[str, Callable[[Source, TextIO], None]] = {
    "json": write_json, "csv": write_csv, "nodes-csv": write_nodes_csv,
    "gexf": write_gexf, "graphml": write_graphml, "node-link": write_node_link,
}
assert tuple(WRITERS) == NETWORK_FORMATS
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "nodes-csv": "text/csv",
               "gexf": "application/xml", "graphml": "application/xml",
               "node-link": "application/json"}


def write(src: Source, fmt: str, out: TextIO) -> None:
    """Write ``src`` in ``fmt`` to ``out`` as it is read (memory bounded by one node or
    edge, whatever the network's size)."""
    WRITERS[fmt](src, out)


def render(net: Source, fmt: str) -> str:
    buf = io.StringIO()
    write(net, fmt, buf)
    return buf.getvalue()


def _renderer(fmt: str) -> Callable[[Source], str]:
    return lambda net: render(net, fmt)


to_json, to_csv, to_nodes_csv = _renderer("json"), _renderer("csv"), _renderer("nodes-csv")
to_gexf, to_graphml, to_node_link = (_renderer("gexf"), _renderer("graphml"),
                                     _renderer("node-link"))
FORMATS = {fmt: _renderer(fmt) for fmt in WRITERS}


def to_graph(net: Network) -> Any:
    """A networkx ``MultiDiGraph``: nodes with label, type, start (first edge date);
    edges keyed by kind with weight, directed, docs (space-separated ids) and the
    interval start..end (first..last date) where dated. The writers above print what
    networkx prints for it (a test holds them to it)."""
    import networkx as nx

    from presswatch.query.safe import visible

    graph = nx.MultiDiGraph()
    first = {n.id: n.first for n in net.iter_nodes()}
    for eid, n in net.nodes.items():
        # XML cannot hold control characters: names carry them as visible escapes.
        attrs: dict[str, Any] = {"label": visible(n["name"]), "type": n["type"]}
        if first.get(eid):
            attrs["start"] = first[eid]
        graph.add_node(eid, **attrs)
    for e in net.edges:
        attrs = {"kind": e.kind, "weight": float(e.weight), "directed": e.directed,
                 "docs": " ".join(e.docs)}
        if e.first:
            attrs["start"], attrs["end"] = e.first, e.last or e.first
        graph.add_edge(e.source, e.target, key=e.kind, **attrs)
    return graph
