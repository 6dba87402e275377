"""``presswatch quotes`` and ``presswatch figures``: who said what, which figures were
claimed. Thin over :mod:`presswatch.query.quotes` and :mod:`presswatch.query.figures`;
people are named by id, canonical name or any alias ("Lukashenka", "Лукашенко")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from presswatch.cli_common import DbOption, err, existing_store, out
from presswatch.pipeline import DEFAULT_DB
from presswatch.query import Corpus
from presswatch.query.entities import EntityNotFound, resolve_ref
from presswatch.query.quotes import find_quotes

facts_app = typer.Typer(add_completion=False)


def _open(db: Path) -> Corpus:
    return Corpus(existing_store(db))


def _entity_id(corpus: Corpus, ref: str | None) -> str | None:
    if ref is None:
        return None
    try:
        return resolve_ref(corpus.store, ref)
    except EntityNotFound as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc


def _print_json(rows: list[dict[str, Any]]) -> None:
    out.print_json(json.dumps(rows, ensure_ascii=False))


@facts_app.command()
def quotes(
    db: DbOption = Path(DEFAULT_DB),
    speaker: Annotated[str | None, typer.Option(help="Who said it: id, name or alias.")] = None,
    mentions: Annotated[
        str | None, typer.Option(help="An entity the quote mentions: id, name or alias.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    words: Annotated[str | None, typer.Option(help="Words the quote contains (all).")] = None,
    kind: Annotated[str | None, typer.Option(help="direct, indirect or transcript.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Who said what: quotes with their speaker, cue, kind, date and source."""
    with _open(db) as corpus:
        hits = find_quotes(
            corpus.store,
            speaker_id=_entity_id(corpus, speaker),
            mentions=_entity_id(corpus, mentions),
            date_from=since,
            date_to=until,
            words=words,
            kind=kind,
            limit=limit,
        )
    rows = [hit.to_dict() for hit in hits]
    if as_json:
        _print_json(rows)
        return
    table = Table(title=f"quotes ({len(rows)})")
    for column in ("published", "speaker", "cue", "kind", "quote"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            (row["published"] or "-")[:10], row["speaker"] or "-", row["cue"] or "-",
            row["kind"], row["text"],
        )
    out.print(table)


@facts_app.command()
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
    unit: Annotated[str | None, typer.Option(help="USD, RUB, percent, count...")] = None,
    kind: Annotated[str | None, typer.Option(help="actual, forecast, target, other.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Which figures were claimed: value, unit, metric, period, claimant, kind, source."""
    from presswatch.query.figures import figures as find_figures

    with _open(db) as corpus:
        name = None
        if claimant is not None:
            detail = corpus.store.entity_detail(_entity_id(corpus, claimant))
            name = detail["name"] if detail else claimant
        rows = find_figures(
            corpus.store, metric=metric, claimant=name, period=period, unit=unit,
            kind=kind, limit=limit,
        )
    records = [
        {field: getattr(row, field) for field in row.__dataclass_fields__} for row in rows
    ]
    if as_json:
        _print_json(records)
        return
    table = Table(title=f"figures ({len(records)})")
    table.add_column("published", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    for column in ("unit", "metric", "period", "claimant", "kind", "as written"):
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(
            (r["published"] or "-")[:10], _number(r["value"]), r["unit"], r["metric"] or "-",
            r["period"] or "-", r["claimant"] or "-", r["kind"], r["text"],
        )
    out.print(table)


def _number(value: float) -> str:
    """38500000000.0 -> 38,500,000,000; 0.333 -> 0.333."""
    return f"{int(value):,}" if value == int(value) else f"{value:,.6g}"
