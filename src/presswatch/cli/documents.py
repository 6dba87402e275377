"""``presswatch documents`` (list) and ``presswatch documents show ID`` (one document with
its entities, quotes, figures and events), thin over :class:`presswatch.query.Corpus`."""

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
    EntityOption,
    JsonOption,
    LimitOption,
    NlOption,
    OffsetOption,
    SinceOption,
    UntilOption,
    emit,
    one_line,
    open_corpus,
    out,
    output_format,
    print_json,
    reported,
    table,
)
from presswatch.config import DEFAULT_DB

documents_app = typer.Typer(
    help="Documents: list them (filters, paging) or show one.",
    invoke_without_command=True,
    add_completion=False,
)

DOC_COLUMNS = [("id", ID), ("published", DATE), ("lang", ID), ("outlet", SHORT),
               ("title", TEXT), ("people", TEXT)]


@documents_app.callback()
@reported
def documents(
    ctx: typer.Context,
    db: DbOption = Path(DEFAULT_DB),
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    language: Annotated[str | None, typer.Option("--lang", help="Only this language.")]
    = None,
    entity: EntityOption = None,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_nl: NlOption = False,
) -> None:
    """List documents: id, date, language, outlet, title and the people they mention."""
    if ctx.invoked_subcommand is not None:
        return
    fmt = output_format(as_json, as_csv, as_nl)
    with open_corpus(db) as corpus:
        page = corpus.list_documents(since=since, until=until, outlet=outlet,
                                     language=language, entity=entity, limit=limit,
                                     offset=offset)
    emit("documents", page, fmt, DOC_COLUMNS,
         values=lambda d: [d.id, d.published, d.language, d.outlet, d.title, d.people],
         csv_fields=["id", "published", "language", "outlet", "title", "source", "people",
                     "duplicate_of", "warnings"])


@documents_app.command()
@reported
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id (see `presswatch documents`).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """One document: its text, then its entities, quotes, figures and events with their
    offsets, and the cleaning evidence (dates, sources, warnings)."""
    from presswatch.query.safe import visible

    with open_corpus(db) as corpus:
        doc = corpus.document(doc_id)
    if as_json:
        print_json(doc)
        return
    head = Text(one_line(doc["title"] or "(no title)"), style="bold")
    out.print(head)
    out.print(Text(f"{doc['id']}  {one_line(doc['published'] or 'undated')}  "
                   f"{doc['language']}  {one_line(doc['outlet'] or '-')}  "
                   f"{one_line(doc['source'])}"))
    out.print(Text(visible(doc["text"])))
    if doc["entities"]:
        out.print(table("entities", [("id", ID), ("name", TEXT), ("type", ID),
                                     ("mentions", NUM), ("roles", TEXT)],
                        [(e["id"], e["name"], e["type"], len(e["mentions"]), e["roles"])
                         for e in doc["entities"]]))
    if doc["quotes"]:
        out.print(table("quotes", [("at", NUM), ("speaker", SHORT), ("kind", ID),
                                   ("quote", TEXT)],
                        [(q["start"], q["speaker"], q["kind"], q["text"])
                         for q in doc["quotes"]]))
    if doc["figures"]:
        out.print(table("figures", [("at", NUM), ("value", NUM), ("unit", SHORT),
                                    ("metric", TEXT), ("claimant", SHORT)],
                        [(f["start"], f["value"], f["unit"], f["metric"], f["claimant"])
                         for f in doc["figures"]]))
    if doc["events"]:
        out.print(table("events", [("at", NUM), ("type", ID), ("date", DATE),
                                   ("participants", TEXT)],
                        [(e["start"], e["type"], e["date"], e["participants"])
                         for e in doc["events"]]))
    cleaning = doc.get("cleaning") or {}
    rows = [(k, v) for k, v in cleaning.items() if v not in (None, "", [])]
    if rows:
        out.print(table("cleaning evidence", [("what", ID), ("value", TEXT)], rows))
