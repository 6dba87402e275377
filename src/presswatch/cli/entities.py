"""``presswatch entities ...``: database-wide identities, thin over
:mod:`presswatch.query.entities`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from presswatch.cli.common import (
    DATE,
    ID,
    NUM,
    SHORT,
    TEXT,
    CsvOption,
    DbOption,
    JsonOption,
    LimitOption,
    NlOption,
    OffsetOption,
    emit,
    err,
    one_line,
    open_corpus,
    out,
    output_format,
    print_json,
    reported,
    table,
)
from presswatch.config import DEFAULT_DB, Settings

entities_app = typer.Typer(
    help="Identities across the database: list, show, merge, split, alias, rename.",
    no_args_is_help=True,
    add_completion=False,
)


@entities_app.command("list")
@reported
def list_(
    db: DbOption = Path(DEFAULT_DB),
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE...")] = None,
    name: Annotated[str | None, typer.Option(help="Substring of the name or an alias.")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_nl: NlOption = False,
) -> None:
    """Identities, most documents first: id, name, type, documents, mentions, aliases."""
    fmt = output_format(as_json, as_csv, as_nl)
    with open_corpus(db) as corpus:
        page = corpus.entities(type=type_, name=name, limit=limit, offset=offset)
    emit("entities", page, fmt, [("id", ID), ("name", TEXT), ("type", ID),
                                 ("documents", NUM), ("mentions", NUM), ("aliases", NUM)])


@entities_app.command()
@reported
def show(
    ref: Annotated[str, typer.Argument(help="Entity id, name or alias.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """One identity: aliases in every script, roles, documents, quotes by and about it,
    figures it claimed, events, co-mentioned and met entities."""
    with open_corpus(db) as corpus:
        d = corpus.entity(ref)
    if as_json:
        print_json(d)
        return
    head = Text(one_line(d["name"]), style="bold")
    head.append(f" {d['type']} {d['id']}: {d['documents']} documents, "
                f"{d['mentions']} mentions" + (" (renamed)" if d["locked"] else ""))
    out.print(head)
    out.print(table("aliases", [("alias", TEXT), ("language", ID), ("script", ID),
                                ("documents", NUM)],
                    [(a["alias"], a["language"], a["script"], a["count"])
                     for a in d["alias_list"]]))
    if d["roles"]:
        out.print(Text("roles: " + "; ".join(f"{one_line(r['role'])} ({r['count']})"
                                             for r in d["roles"])))
    docs = d["document_list"]
    out.print(table(f"documents ({d['documents']})",
                    [("published", DATE), ("lang", ID), ("title", TEXT),
                     ("resolution", TEXT)],
                    [(x["published"], x["language"], x["title"] or x["source"],
                      x["resolution"]) for x in docs]))
    for key, title in (("quotes_by", "quotes by"), ("quotes_about", "quotes about")):
        page = d[key]
        if page["items"]:
            out.print(table(f"{title} ({page['total']})",
                            [("published", DATE), ("speaker", SHORT), ("quote", TEXT)],
                            [(q["published"], q["speaker"], q["text"])
                             for q in page["items"]]))
    if d["figures"]["items"]:
        out.print(table(f"figures claimed ({d['figures']['total']})",
                        [("published", DATE), ("value", NUM), ("unit", SHORT),
                         ("metric", TEXT)],
                        [(f["published"], f["value"], f["unit"], f["metric"])
                         for f in d["figures"]["items"]]))
    if d["met"]:
        out.print(table("met", [("name", TEXT), ("kind", ID), ("times", NUM),
                                ("last", DATE)],
                        [(m["name"], m["kind"], m["weight"], m["last"]) for m in d["met"]]))
    if d["co_mentioned"]:
        out.print(Text("mentioned with: " + ", ".join(
            f"{one_line(c['name'])} ({c['documents']})" for c in d["co_mentioned"])))


@entities_app.command()
@reported
def merge(
    refs: Annotated[list[str], typer.Argument(help="Entities to merge (ids or names).")],
    into: Annotated[str, typer.Option("--into", help="The entity they become.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Merge entities into one (stored documents are rewritten; later ones follow)."""
    with open_corpus(db) as corpus:
        r = corpus.merge(refs, into)
    err.print(Text(f"merged {', '.join(r['merged']) or 'nothing'} into {r['into']} "
                   f"({r['documents']} documents rewritten, correction #{r['correction']})"))


@entities_app.command()
@reported
def split(
    ref: Annotated[str, typer.Argument(help="Entity id or name.")],
    alias: Annotated[str, typer.Option("--alias", help="The name form that is another entity.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Make one name form of an entity an entity of its own."""
    with open_corpus(db) as corpus:
        r = corpus.split(ref, alias, display_language=Settings().display_language)
    err.print(Text(f"split {one_line(alias)!r} from {r['from']} as {r['new']} "
                   f"({r['documents']} documents moved, correction #{r['correction']})"))


@entities_app.command()
@reported
def alias(
    ref: Annotated[str, typer.Argument(help="Entity id or name.")],
    text: Annotated[str, typer.Argument(help="Another name of that entity.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Add a name form to an entity: later documents using it resolve to the entity."""
    with open_corpus(db) as corpus:
        r = corpus.add_alias(ref, text)
    err.print(Text(f"{one_line(text)!r} is now an alias of {r['id']} "
                   f"(correction #{r['correction']})"))


@entities_app.command()
@reported
def rename(
    ref: Annotated[str, typer.Argument(help="Entity id or name.")],
    name: Annotated[str, typer.Argument(help="The display name to use.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Set an entity's display name (kept from now on)."""
    with open_corpus(db) as corpus:
        r = corpus.rename(ref, name)
    err.print(Text(f"{r['id']} is now called {one_line(name)!r} "
                   f"(correction #{r['correction']})"))
