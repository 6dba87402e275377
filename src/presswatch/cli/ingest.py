"""``presswatch ingest``, ``export``, ``stats`` and ``rejected``: getting articles in
and the corpus out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypedDict

import typer
from rich.text import Text

from presswatch.choices import EXPORT_FORMATS as FORMATS
from presswatch.choices import INPUT_FORMATS
from presswatch.cli.common import (
    DbOption,
    JsonOption,
    err,
    one_line,
    open_corpus,
    out,
    print_json,
    reported,
    table,
)
from presswatch.config import DEFAULT_DB, Settings
from presswatch.errors import InvalidQuery, PresswatchError

EXIT_REJECTED = 3

ingest_app = typer.Typer(add_completion=False)


class _ReadOptions(TypedDict, total=False):
    """What `ingest` passes on to the readers (:func:`presswatch.readers.read`)."""

    format: str | None
    urls: list[Path]
    fetch_links: bool
    mapping: dict[str, str]


class _SettingsOverrides(TypedDict, total=False):
    """The :class:`~presswatch.config.Settings` fields `ingest` sets from its options."""

    english_model: str
    max_bytes: int
    max_chars: int
    max_lines: int
    max_feed_entries: int
    document_seconds: float | None
    attribution_model: str
    numeric_threads: int


@ingest_app.command()
@reported
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
    max_chars: Annotated[
        int | None, typer.Option(min=1, help="Reject texts longer than this many characters.")
    ] = None,
    max_lines: Annotated[
        int | None, typer.Option(min=1, help="Reject texts of more lines than this.")
    ] = None,
    max_feed_entries: Annotated[
        int | None, typer.Option(min=1, help="Read at most this many entries of one feed.")
    ] = None,
    document_seconds: Annotated[
        float | None,
        typer.Option(min=0, help="Reject a document whose cleaning and extraction take longer "
                     "than this many seconds (0: no limit)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    input_format: Annotated[
        str | None,
        typer.Option("--format", help="Read every input as this format: "
                     + ", ".join(INPUT_FORMATS) + " (default: by file type)."),
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
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-j", min=1,
                     help="Processes running the per-document work (1: in this process; "
                     "default: every core). The database is the same with any number."),
    ] = None,
    threads: Annotated[
        int,
        typer.Option("--threads", min=1,
                     help="Threads of the numeric libraries (OpenBLAS, OpenMP) in each "
                     "process of this ingest, unless OMP_NUM_THREADS/OPENBLAS_NUM_THREADS "
                     "say otherwise; several ingests at once share the cores."),
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run the per-document work on a Dask cluster: 'local' "
                     "(a LocalCluster of --workers processes) or a scheduler address "
                     "(tcp://host:8786). Needs the 'dask' extra."),
    ] = None,
) -> None:
    """Read, clean, date and annotate articles into the database (idempotent, resumable)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from presswatch import readers
    from presswatch.nlp.spacy_backend import ModelNotInstalledError
    from presswatch.pipeline import ingest as run_ingest

    paths = list(paths or [])
    if not paths and not urls:
        raise InvalidQuery("nothing to ingest: give paths or --urls FILE", field="paths")
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise InvalidQuery(f"unknown --format {input_format!r} "
                           f"(known: {', '.join(INPUT_FORMATS)})", field="format")
    read_options: _ReadOptions = {"format": input_format, "urls": list(urls or []),
                                  "fetch_links": fetch_links}
    if field_map:
        from presswatch.readers.mapping import parse_mapping

        try:
            read_options["mapping"] = parse_mapping(field_map)
        except ValueError as exc:  # parse_mapping's only error: a malformed --map
            raise InvalidQuery(str(exc), field="map") from exc
    overrides: _SettingsOverrides = {}
    if en_model:
        overrides["english_model"] = en_model
    if max_bytes is not None:
        overrides["max_bytes"] = max_bytes
    if max_chars is not None:
        overrides["max_chars"] = max_chars
    if max_lines is not None:
        overrides["max_lines"] = max_lines
    if max_feed_entries is not None:
        overrides["max_feed_entries"] = max_feed_entries
    if document_seconds is not None:
        overrides["document_seconds"] = document_seconds or None
    if attribution_model is not None:
        from presswatch.extract.attribution import load_model

        try:
            load_model(str(attribution_model))
        except ValueError as exc:  # load_model's only error: not a readable model
            raise PresswatchError(str(exc), field="attribution_model") from exc
        overrides["attribution_model"] = str(attribution_model)
    overrides["numeric_threads"] = threads
    settings = Settings(**overrides)
    total = None if "-" in paths or urls or input_format else readers.count(paths)
    show = not quiet and err.is_terminal
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        disable=not show,
    ) as bar:
        task = bar.add_task("starting", total=total)
        try:
            report = run_ingest(
                paths, db, settings=settings, step=lambda n: bar.advance(task, n),
                phase=lambda name: bar.update(task, description=name), workers=workers,
                dask=dask, **read_options,
            )
        except ModelNotInstalledError as exc:  # the configured spaCy pipeline is missing
            raise PresswatchError(str(exc), field="en_model") from exc
    err.print(
        f"ingested {report.ingested}, unchanged {report.unchanged}, "
        f"duplicates {report.duplicates}, rejected {report.rejected} "
        f"in {report.seconds:.1f}s ({report.docs_per_second:.1f} docs/s) -> {db}"
    )
    for rejection in report.rejections[:10]:
        msg = Text("  rejected ", style="yellow")
        msg.append(f"{one_line(rejection.source)}: {one_line(rejection.reason)}")
        err.print(msg)
    if len(report.rejections) > 10:
        err.print(f"  ... and {len(report.rejections) - 10} more: presswatch rejected --db {db}")
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@ingest_app.command()
@reported
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
        raise InvalidQuery(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}",
                           field="format")
    with open_corpus(db) as corpus:
        n = corpus.export(out_file, format=format)
    if out_file is not None:
        err.print(f"exported {n} documents to {out_file}")


@ingest_app.command()
@reported
def stats(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Counts: documents, languages, outlets, entities, dates, rejections, top entities."""
    with open_corpus(db) as corpus:
        figures = corpus.stats()
    if as_json:
        print_json(figures)
        return
    rows = []
    for key, value in figures.items():
        if key == "top_entities":
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        rows.append((key, value))
    out.print(table(f"presswatch: {db}", [("figure", "id"), ("value", "text")], rows))
    top = figures.get("top_entities") or []
    if top:
        out.print(table("most mentioned entities",
                        [("name", "text"), ("type", "id"), ("documents", "num")], top))


@ingest_app.command()
@reported
def rejected(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Items that could not be ingested, with the reason."""
    with open_corpus(db) as corpus:
        rows = corpus.rejected()
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no rejected items")
        return
    out.print(table(f"rejected items ({len(rows)})",
                    [("source", "text"), ("reason", "text"), ("at", "date")],
                    [(r["source"], r["reason"], r["at"]) for r in rows]))
