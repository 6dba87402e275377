"""``presswatch quotes`` and ``presswatch figures``: who said what, which figures were
claimed. Thin over :class:`presswatch.query.Corpus`; people are named by id, display name
or any alias ("Lukashenka", "Лукашенко")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from presswatch.choices import FIGURE_KINDS, QUOTE_KINDS
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
    SinceOption,
    UntilOption,
    emit,
    number,
    open_corpus,
    output_format,
    reported,
)
from presswatch.config import DEFAULT_DB

facts_app = typer.Typer(add_completion=False)

QUOTE_CSV = ["doc_id", "ord", "published", "speaker", "speaker_id", "cue", "kind", "text",
             "start", "end", "title", "source", "speaker_text"]
FIGURE_CSV = ["doc_id", "ord", "published", "value", "value_max", "unit", "metric", "period",
              "claimant", "claimant_id", "kind", "text", "start", "end", "title"]


@facts_app.command()
@reported
def quotes(
    db: DbOption = Path(DEFAULT_DB),
    speaker: Annotated[str | None, typer.Option(help="Who said it: id, name or alias.")] = None,
    mentions: Annotated[
        str | None, typer.Option(help="An entity the quote mentions: id, name or alias.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    words: Annotated[str | None, typer.Option(help="Words the quote contains (all).")] = None,
    kind: Annotated[str | None, typer.Option(help=", ".join(QUOTE_KINDS) + ".")] = None,
    document: Annotated[str | None, typer.Option("--document", help="Only this document.")]
    = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_nl: NlOption = False,
) -> None:
    """Who said what: quotes with their speaker, cue, kind, date and source."""
    fmt = output_format(as_json, as_csv, as_nl)
    with open_corpus(db) as corpus:
        page = corpus.quotes(speaker=speaker, mentions=mentions, since=since, until=until,
                             words=words, kind=kind, document=document, limit=limit,
                             offset=offset)
    emit("quotes", page, fmt,
         [("published", DATE), ("speaker", SHORT), ("cue", SHORT), ("kind", ID),
          ("quote", TEXT)],
         values=lambda q: [q.published, q.speaker, q.cue, q.kind, q.text],
         csv_fields=QUOTE_CSV)


@facts_app.command()
@reported
def figures(
    db: DbOption = Path(DEFAULT_DB),
    metric: Annotated[
        str | None, typer.Option(help="What it measures (words of it): 'trade turnover'.")
    ] = None,
    claimant: Annotated[
        str | None, typer.Option(help="Who claimed it: id, name or alias.")
    ] = None,
    period: Annotated[
        str | None, typer.Option(help="Overlapping period: 2022, 2022-01..2022-10.")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="USD, RUB, percent, count... "
                                             "(any case).")] = None,
    kind: Annotated[str | None, typer.Option(help=", ".join(FIGURE_KINDS) + ".")] = None,
    series: Annotated[bool, typer.Option("--series", help="Group into series per metric, "
                                         "unit and claimant.")] = False,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_nl: NlOption = False,
) -> None:
    """Which figures were claimed: value, unit, metric, period, claimant, kind, source."""
    from presswatch.query import params

    fmt = output_format(as_json, as_csv, as_nl)
    with open_corpus(db) as corpus:
        if series:
            found = corpus.figure_series(metric=metric, claimant=claimant, period=period,
                                         unit=unit, kind=kind)
            spage = params.paged(found, params.limit(limit), params.offset(offset))
        else:
            page = corpus.figures(metric=metric, claimant=claimant, period=period, unit=unit,
                                  kind=kind, limit=limit, offset=offset)
    if series:
        emit("figure series",
             params.Page(spage.items, spage.total, spage.limit, spage.offset), fmt,
             [("metric", TEXT), ("unit", SHORT), ("claimant", SHORT), ("n", NUM),
              ("values", TEXT)],
             values=lambda s: [s.metric, s.unit, s.claimant, len(s.points),
                               ", ".join(f"{(p.published or '?')[:10]}: {number(p.value)}"
                                         for p in s.points)],
             csv_fields=["metric", "unit", "claimant", "claimant_id", "points"])
        return
    emit("figures", page, fmt,
         [("published", DATE), ("value", NUM), ("unit", SHORT), ("metric", TEXT),
          ("claimant", SHORT), ("kind", ID)],
         values=lambda f: [f.published, f.value, f.unit, f.metric, f.claimant, f.kind],
         csv_fields=FIGURE_CSV)
