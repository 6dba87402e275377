"""``presswatch network`` and ``presswatch events``: the interaction network and joined
events, thin over :class:`presswatch.query.Corpus`.

Registered in ``cli/__init__.py`` with ``app.add_typer(events_app)`` (plain commands, no
group)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from presswatch.choices import NETWORK_FORMATS
from presswatch.cli.common import (
    DATE,
    ID,
    NUM,
    SHORT,
    TEXT,
    CsvOption,
    DbOption,
    EntityOption,
    JsonOption,
    LimitOption,
    NlOption,
    OffsetOption,
    SinceOption,
    UntilOption,
    emit,
    err,
    open_corpus,
    output_format,
    reported,
)
from presswatch.config import DEFAULT_DB
from presswatch.errors import InvalidQuery

events_app = typer.Typer(add_completion=False)
TypeOption = Annotated[str | None, typer.Option(
    "--type", help="Event type (meeting, talks, visit...; 'mentions' for the network).")]


@events_app.command("network")
@reported
def network(
    db: DbOption = Path(DEFAULT_DB),
    format_: Annotated[str, typer.Option("--format", help=", ".join(NETWORK_FORMATS) + ".")]
    = "json",
    entity: EntityOption = None,
    depth: Annotated[int, typer.Option(help="Hops from --entity (1-3).")] = 1,
    since: SinceOption = None,
    until: UntilOption = None,
    type_: TypeOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: stdout).")]
    = None,
) -> None:
    """Who met, talked to or mentioned whom: edges from shared events and quotes, as JSON,
    edge or node CSV, GEXF (with time intervals, for Gephi), GraphML or node-link JSON."""
    import sys

    if format_ not in NETWORK_FORMATS:
        raise InvalidQuery(f"unknown format {format_!r} ({', '.join(NETWORK_FORMATS)})",
                           field="format")
    from presswatch.query.network import write

    with open_corpus(db) as corpus:
        src = corpus.network_source(entity=entity, depth=depth, since=since, until=until,
                                    type=type_)
        # Written as it is read from the database: node by node, edge by edge.
        if out is None:
            write(src, format_, sys.stdout)
            if format_ in ("json", "node-link"):  # the JSON formats end without one
                sys.stdout.write("\n")
            return
        with out.open("w", encoding="utf-8") as fh:
            write(src, format_, fh)
    err.print(Text(f"{src.nodes} nodes, {src.edges} edges -> {out}"))


@events_app.command("events")
@reported
def events(
    db: DbOption = Path(DEFAULT_DB),
    entity: EntityOption = None,
    type_: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_nl: NlOption = False,
) -> None:
    """Events joined across documents (newest first), with their sources."""
    fmt = output_format(as_json, as_csv, as_nl)
    with open_corpus(db) as corpus:
        page = corpus.events(entity=entity, type=type_, since=since, until=until,
                             limit=limit, offset=offset)
    emit("events", page, fmt,
         [("date", DATE), ("type", ID), ("participants", TEXT), ("place", SHORT),
          ("sources", NUM)],
         values=lambda e: [e.date, e.type, e.participants, e.place, len(e.sources)],
         csv_fields=["id", "date", "type", "participants", "participant_ids", "place",
                     "first_date", "last_date"])
