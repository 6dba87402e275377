"""The ``presswatch`` command: a thin layer over :mod:`presswatch.pipeline` and
:mod:`presswatch.query`.

Exit codes: 0 success; 1 error (bad database, bad option value); 2 usage error;
3 ingest finished but some items were rejected (see ``presswatch rejected``).
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from presswatch import readers
from presswatch.cli_common import DbOption, err, existing_store, out
from presswatch.cli_entities import entities_app
from presswatch.cli_facts import facts_app
from presswatch.cli_network import events_app
from presswatch.cli_train import train_app
from presswatch.config import Settings
from presswatch.model import Document
from presswatch.pipeline import DEFAULT_DB
from presswatch.pipeline import ingest as run_ingest
from presswatch.query import Corpus
from presswatch.query.export import FORMATS

EXIT_REJECTED = 3

app = typer.Typer(
    help="presswatch: who met whom, who said what, which figures were claimed, "
    "when and where it was written.",
    no_args_is_help=True,
    add_completion=False,
)


def _existing(db: Path) -> Corpus:
    return Corpus(existing_store(db))


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files, folders (recursive) or - for standard input."),
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    en_model: Annotated[
        str | None,
        typer.Option(help="spaCy pipeline for English (any installed one, e.g. en_core_web_trf)."),
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option(help="Reject input files larger than this.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    input_format: Annotated[
        str | None,
        typer.Option("--format", help="Read every input as this format: "
                     + ", ".join(readers.FORMATS) + " (default: by file type)."),
    ] = None,
    field_map: Annotated[
        str | None,
        typer.Option("--map", help="JSONL/CSV field mapping, e.g. "
                     "text=body,date=published_at,title=headline,url=link,outlet=site."),
    ] = None,
    urls: Annotated[
        list[Path] | None,
        typer.Option("--urls", help="A file of URLs (one per line) to fetch and ingest."),
    ] = None,
    fetch_links: Annotated[
        bool, typer.Option("--fetch-links", help="Feeds: fetch entries that only have a summary.")
    ] = False,
    attribution_model: Annotated[
        Path | None,
        typer.Option("--attribution-model", envvar="PRESSWATCH_ATTRIBUTION_MODEL",
                     help="A model from `presswatch train-attribution`: add the learned "
                     "attributions (beliefs, plans, criticism...) as indirect quotes."),
    ] = None,
) -> None:
    """Read, clean, date and annotate articles into the database (idempotent, resumable)."""
    paths = list(paths or [])
    if not paths and not urls:
        err.print("[red]error:[/] nothing to ingest: give paths or --urls FILE")
        raise typer.Exit(2)
    if input_format is not None and input_format not in readers.FORMATS:
        err.print(f"[red]error:[/] unknown --format {input_format!r} "
                  f"(known: {', '.join(readers.FORMATS)})")
        raise typer.Exit(2)
    read_options: dict[str, object] = {"format": input_format, "urls": list(urls or []),
                                       "fetch_links": fetch_links}
    if field_map:
        from presswatch.readers.mapping import parse_mapping

        try:
            read_options["mapping"] = parse_mapping(field_map)
        except ValueError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from exc
    overrides: dict[str, object] = {}
    if en_model:
        overrides["english_model"] = en_model
    if max_bytes is not None:
        overrides["max_bytes"] = max_bytes
    if attribution_model is not None:
        from presswatch.extract.attribution import load_model

        try:
            load_model(str(attribution_model))
        except ValueError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(1) from exc
        overrides["attribution_model"] = str(attribution_model)
    settings = Settings(**overrides)  # type: ignore[arg-type]
    total = None if "-" in paths or urls or input_format else readers.count(paths)
    show = not quiet and err.is_terminal
    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show,
    ) as bar:
        task = bar.add_task("ingest", total=total)
        try:
            report = run_ingest(
                paths, db, settings=settings, progress=lambda n: bar.advance(task, n),
                **read_options,
            )
        except ValueError as exc:  # e.g. the configured spaCy pipeline is not installed
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(1) from exc
    err.print(
        f"ingested {report.ingested}, unchanged {report.unchanged}, "
        f"duplicates {report.duplicates}, rejected {report.rejected} "
        f"in {report.seconds:.1f}s ({report.docs_per_second:.1f} docs/s) -> {db}"
    )
    for rejection in report.rejections[:10]:
        err.print(f"  [yellow]rejected[/] {rejection.source}: {rejection.reason}")
    if len(report.rejections) > 10:
        err.print(f"  ... and {len(report.rejections) - 10} more: presswatch rejected --db {db}")
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def export(
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
    ] = "jsonl",
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")
    ] = None,
) -> None:
    """Write every document in the public contract shape (presswatch.document/1)."""
    if format not in FORMATS:
        err.print(f"[red]error:[/] unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    with _existing(db) as corpus:
        n = corpus.export(out_file, format=format)
    if out_file is not None:
        err.print(f"exported {n} documents to {out_file}")


@app.command()
def stats(
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Counts: documents, languages, outlets, entities, dates, rejections, top entities."""
    with _existing(db) as corpus:
        figures = corpus.stats()
    if as_json:
        out.print_json(json.dumps(figures, ensure_ascii=False, default=str))
        return
    table = Table(title=f"presswatch: {db}", show_header=False)
    for key, value in figures.items():
        if key == "top_entities":
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        table.add_row(key, "-" if value is None else str(value))
    out.print(table)
    top = figures.get("top_entities") or []
    if top:
        ents = Table(title="most mentioned entities")
        ents.add_column("name")
        ents.add_column("type")
        ents.add_column("documents", justify="right")
        for name, etype, docs in top:
            ents.add_row(name, etype, str(docs))
        out.print(ents)


@app.command()
def documents(
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option(help="How many documents to list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List documents: date, language, outlet, title and the people they mention."""
    with _existing(db) as corpus:
        rows = [_document_row(doc) for doc in islice(corpus.documents(), limit)]
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"documents (first {len(rows)})")
    for column in ("published", "lang", "outlet", "title", "people"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["published"] or "-", row["language"], row["outlet"] or "-",
            row["title"] or "-", ", ".join(row["people"]) or "-",
        )
    out.print(table)


def _document_row(doc: Document) -> dict[str, object]:
    people = [e.name for e in doc.entities if e.type == "PERSON"]
    return {
        "id": doc.id,
        "published": doc.published,
        "language": doc.language,
        "outlet": doc.outlet,
        "title": doc.title,
        "people": people[:4],
        "warnings": doc.warnings,
    }


@app.command()
def rejected(
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Items that could not be ingested, with the reason."""
    with _existing(db) as corpus:
        rows = corpus.rejected()
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        out.print("no rejected items")
        return
    table = Table(title=f"rejected items ({len(rows)})")
    table.add_column("source", overflow="fold")
    table.add_column("reason", overflow="fold")
    table.add_column("at")
    for row in rows:
        table.add_row(row["source"], row["reason"], row["at"])
    out.print(table)


app.add_typer(entities_app, name="entities")
app.add_typer(events_app)  # presswatch events, presswatch network
app.add_typer(facts_app)  # presswatch quotes, presswatch figures
app.add_typer(train_app)  # presswatch train-attribution


def main() -> None:
    """Entry point for ``python -m presswatch``."""
    app(prog_name="presswatch")
