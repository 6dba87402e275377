"""``presswatch network`` and ``presswatch events``: the interaction network and joined
events, thin over :mod:`presswatch.query.network` and :mod:`presswatch.query.events`.

Registered in ``cli.py`` with ``app.add_typer(events_app)`` (plain commands, no group)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from presswatch.cli_common import DbOption, err, existing_store
from presswatch.pipeline import DEFAULT_DB
from presswatch.query import events as qe
from presswatch.query import network as qn
from presswatch.query.entities import EntityNotFound

events_app = typer.Typer(add_completion=False)
EntityOption = Annotated[str | None, typer.Option(
    "--entity", help="Only what involves this entity (name, alias or id).")]
TypeOption = Annotated[str | None, typer.Option(
    "--type", help="Event type (meeting, talks, visit...; 'mentions' for the network).")]
SinceOption = Annotated[str | None, typer.Option("--since", help="From this date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")]


@events_app.command("network")
def network(
    db: DbOption = Path(DEFAULT_DB),
    format_: Annotated[str, typer.Option("--format", help="json, csv or gexf.")] = "json",
    entity: EntityOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    type_: TypeOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: stdout).")]
    = None,
) -> None:
    """Who met, talked to or mentioned whom: edges from shared events and quotes."""
    writers = {"json": qn.to_json, "csv": qn.to_csv, "gexf": qn.to_gexf}
    if format_ not in writers:
        err.print(f"[red]error:[/] unknown format {format_!r} (json, csv, gexf)")
        raise typer.Exit(2)
    store = existing_store(db)
    try:
        net = qn.build_network(store, entity=entity, since=since, until=until, type_=type_)
    except EntityNotFound as exc:
        err.print(f"[red]error:[/] {exc.args[0]}")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    text = writers[format_](net)
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        err.print(f"{len(net.nodes)} nodes, {len(net.edges)} edges -> {out}")


@events_app.command("events")
def events(
    db: DbOption = Path(DEFAULT_DB),
    entity: EntityOption = None,
    type_: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Events joined across documents, with their sources."""
    store = existing_store(db)
    try:
        found = qe.list_events(store, entity=entity, type_=type_, since=since, until=until)
    except EntityNotFound as exc:
        err.print(f"[red]error:[/] {exc.args[0]}")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    if json_:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    for ev in found:
        who = ", ".join(ev["participants"])
        typer.echo(f"{ev['date'] or '?':10}  {ev['type']:16} {who}"
                   f"{' @ ' + ev['place'] if ev['place'] else ''}  ({len(ev['sources'])} src)")
        for s in ev["sources"]:
            typer.echo(f"    {s['doc_id']}  {s['published'] or '?':10}  {s['source']}")
