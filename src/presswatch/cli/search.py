"""``presswatch search`` (full text, with facets) and ``presswatch timeline`` (an entity's
or a query's mentions, quotes and events per day, week or month)."""

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
    err,
    one_line,
    open_corpus,
    out,
    output_format,
    print_json,
    reported,
    span,
)
from presswatch.config import DEFAULT_DB

search_app = typer.Typer(add_completion=False)


def _highlighted(snippet: str, spans: list[list[int]]) -> Text:
    """The snippet with its matched terms in bold (plain text: no markup is read)."""
    text = Text(one_line(snippet))
    if len(text.plain) == len(snippet):  # escapes did not shift the offsets
        for start, end in spans:
            text.stylize("bold yellow", start, end)
    return text


@search_app.command()
@reported
def search(
    query: Annotated[str | None, typer.Argument(help="Words (any language); \"a phrase\", "
                                                "prefix*, OR.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    language: Annotated[str | None, typer.Option("--lang", help="Only this language.")]
    = None,
    entity: EntityOption = None,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    facets: Annotated[bool, typer.Option(help="Show counts per outlet, language, month, "
                                         "entity.")] = True,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_nl: NlOption = False,
) -> None:
    """Full-text search over titles and texts, best match first, with snippets."""
    from presswatch.query.params import Page

    fmt = output_format(as_json, as_csv, as_nl)
    with open_corpus(db) as corpus:
        result = corpus.search(query, since=since, until=until, outlet=outlet,
                               language=language, entity=entity, limit=limit, offset=offset,
                               facets=facets and fmt in ("table", "json"))
    if fmt == "json":
        result["items"] = [h.to_dict() for h in result["items"]]
        result["facets"] = {k: [f.to_dict() for f in v]
                            for k, v in result.get("facets", {}).items()}
        print_json(result)
        return
    page = Page(result["items"], result["total"], result["limit"], result["offset"])
    if fmt != "table":
        emit("search", page, fmt, [("id", ID), ("published", DATE), ("language", ID),
                                   ("outlet", SHORT), ("title", TEXT), ("snippet", TEXT),
                                   ("score", NUM)])
        return
    from rich import box
    from rich.table import Table

    shown = span(page.total, page.offset, len(page.items))
    if not result["total_exact"]:  # a lower bound: "1–20 of 10000+"
        shown += "+"
    t = Table(title=Text(f"search {shown}"),
              title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
              show_lines=True)
    t.add_column("published", no_wrap=True, min_width=10)
    t.add_column("id", no_wrap=True)
    t.add_column("title / snippet", overflow="fold", ratio=1)
    for h in page.items:
        body = Text(one_line(h.title or "(no title)"), style="bold")
        body.append("\n")
        body.append_text(_highlighted(h.snippet, h.highlights))
        t.add_row(Text((h.published or "-")[:10]), Text(h.id), body)
    out.print(t)
    for name, values in result.get("facets", {}).items():
        if values:
            line = Text(f"{name}: ", style="dim")
            line.append(", ".join(f"{one_line(v.label or v.value)} ({v.count})"
                                  for v in values))
            out.print(line)
    bounded = not result["total_exact"] or result["ranked"] < page.total
    if result.get("facets") and (bounded or result["facets_over"] < page.total):
        note = f"facets over the newest {result['facets_over']} matches"
        if result["match"] and (result["ranked"] < page.total or not result["total_exact"]):
            note += (f"; the newest {result['ranked']} ranked by relevance, older matches"
                     " after them, newest first")
        err.print(Text(note, style="dim"))
    if page.total > page.offset + len(page.items) or not result["total_exact"]:
        err.print(Text(f"more: --offset {page.offset + len(page.items)}", style="dim"))


@search_app.command()
@reported
def timeline(
    entity: EntityOption = None,
    query: Annotated[str | None, typer.Option("--query", "-q",
                                              help="Or a search query.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    interval: Annotated[str, typer.Option(help="day, week or month.")] = "month",
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_nl: NlOption = False,
) -> None:
    """Mentions, quotes and events of an entity (or matching documents, quotes and
    events of a query) per day, week or month."""
    from presswatch.query.params import Page

    fmt = output_format(as_json, as_csv, as_nl)
    with open_corpus(db) as corpus:
        buckets = corpus.timeline(entity=entity, q=query, interval=interval, since=since,
                                  until=until)
    page = Page(list(buckets), len(buckets), 0, 0)
    if fmt == "json":
        print_json({**page.to_dict(), "complete": buckets.complete,
                    "matches_over": buckets.matches_over})
        return
    title = "timeline" + (f" of {entity}" if entity else f" of {query!r}" if query else "")
    emit(title, page, fmt, [("period", DATE), ("mentions", NUM), ("quotes", NUM),
                            ("events", NUM)])
    if not buckets.complete:
        err.print(Text(f"counted over the newest {buckets.matches_over} matching documents"
                       " (more match)", style="dim"))
