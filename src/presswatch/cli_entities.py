"""``presswatch entities ...``: database-wide identities, thin over
:mod:`presswatch.query.entities`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from presswatch.cli_common import DbOption, JsonOption, err, existing_store, out
from presswatch.config import Settings
from presswatch.pipeline import DEFAULT_DB
from presswatch.query import entities as q

entities_app = typer.Typer(
    help="Identities across the database: list, show, merge, split, alias, rename.",
    no_args_is_help=True,
    add_completion=False,
)


def _run(db: Path, fn: Any, *args: Any) -> Any:
    store = existing_store(db)
    try:
        return fn(store, *args)
    except q.EntityNotFound as exc:
        err.print(f"[red]error:[/] {exc.args[0]}")
        raise typer.Exit(1) from exc
    finally:
        store.close()


def _json(value: Any) -> None:
    out.print_json(json.dumps(value, ensure_ascii=False, default=str))


@entities_app.command("list")
def list_(
    db: DbOption = Path(DEFAULT_DB),
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE...")] = None,
    name: Annotated[str | None, typer.Option(help="Substring of the name or an alias.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Identities, most documents first: id, name, type, documents, mentions, aliases."""
    rows = _run(db, q.list_entities, type_, name, limit or None)
    if as_json:
        _json(rows)
        return
    table = Table(title=f"entities ({len(rows)})")
    for col in ("id", "name", "type", "documents", "mentions", "aliases"):
        table.add_column(col, justify="right" if col in ("documents", "mentions",
                                                         "aliases") else "left")
    for r in rows:
        table.add_row(r["id"], r["name"], r["type"], str(r["documents"]), str(r["mentions"]),
                      str(r["aliases"]))
    out.print(table)


@entities_app.command()
def show(
    ref: Annotated[str, typer.Argument(help="Entity id, name or alias.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """One identity: aliases with languages and counts, roles, documents, resolutions."""
    d = _run(db, q.show_entity, ref)
    if as_json:
        _json(d)
        return
    out.print(f"[bold]{d['name']}[/] {d['type']} {d['id']}: {d['documents']} documents, "
              f"{d['mentions']} mentions" + (" (renamed)" if d["locked"] else ""))
    aliases = Table(title="aliases")
    for col in ("alias", "language", "documents"):
        aliases.add_column(col)
    for a in d["alias_list"]:
        aliases.add_row(a["alias"], a["language"], str(a["count"]))
    out.print(aliases)
    if d["roles"]:
        out.print("roles: " + "; ".join(f"{r['role']} ({r['count']})" for r in d["roles"]))
    docs = Table(title="documents")
    for col in ("published", "language", "title", "resolution"):
        docs.add_column(col, overflow="fold")
    for doc in d["document_list"]:
        docs.add_row(doc["published"] or "-", doc["language"], doc["title"] or doc["source"],
                     doc["resolution"] or "-")
    out.print(docs)


@entities_app.command()
def merge(
    refs: Annotated[list[str], typer.Argument(help="Entities to merge (ids or names).")],
    into: Annotated[str, typer.Option("--into", help="The entity they become.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Merge entities into one (stored documents are rewritten; later ones follow)."""
    r = _run(db, q.merge, refs, into)
    err.print(f"merged {', '.join(r['merged']) or 'nothing'} into {r['into']} "
              f"({r['documents']} documents rewritten, correction #{r['correction']})")


@entities_app.command()
def split(
    ref: Annotated[str, typer.Argument(help="Entity id or name.")],
    alias: Annotated[str, typer.Option("--alias", help="The name form that is another entity.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Make one name form of an entity an entity of its own."""
    r = _run(db, lambda s, *a: q.split(s, *a, display_language=Settings().display_language),
             ref, alias)
    err.print(f"split {alias!r} from {r['from']} as {r['new']} "
              f"({r['documents']} documents moved, correction #{r['correction']})")


@entities_app.command()
def alias(
    ref: Annotated[str, typer.Argument(help="Entity id or name.")],
    text: Annotated[str, typer.Argument(help="Another name of that entity.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Add a name form to an entity: later documents using it resolve to the entity."""
    r = _run(db, q.add_alias, ref, text)
    err.print(f"{text!r} is now an alias of {r['id']} (correction #{r['correction']})")


@entities_app.command()
def rename(
    ref: Annotated[str, typer.Argument(help="Entity id or name.")],
    name: Annotated[str, typer.Argument(help="The display name to use.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Set an entity's display name (kept from now on)."""
    r = _run(db, q.rename, ref, name)
    err.print(f"{r['id']} is now called {name!r} (correction #{r['correction']})")
