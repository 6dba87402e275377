"""The ``presswatch`` command: a thin layer over :mod:`presswatch.pipeline` and
:class:`presswatch.query.Corpus`, one module per command group.

Exit codes: 0 success; 1 error (no database, unknown entity, ...); 2 a bad option value or
usage; 3 ingest finished but some items were rejected (see ``presswatch rejected``). The
mapping from :mod:`presswatch.errors` lives in one place, :func:`cli.common.reported`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from presswatch.cli.documents import documents_app
from presswatch.cli.entities import entities_app
from presswatch.cli.facts import facts_app
from presswatch.cli.ingest import EXIT_REJECTED, ingest_app
from presswatch.cli.network import events_app
from presswatch.cli.search import search_app
from presswatch.cli.serve import serve_app
from presswatch.cli.train import train_app

__all__ = ["EXIT_REJECTED", "app", "main"]

app = typer.Typer(
    help="presswatch: who met whom, who said what, which figures were claimed, "
    "when and where it was written.",
    no_args_is_help=True,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        from presswatch import __version__

        typer.echo(f"presswatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """presswatch: who met whom, who said what, which figures were claimed, when and
    where it was written."""


app.add_typer(ingest_app)  # ingest, export, stats, rejected
app.add_typer(documents_app, name="documents")
app.add_typer(search_app)  # search, timeline
app.add_typer(facts_app)  # quotes, figures
app.add_typer(events_app)  # events, network
app.add_typer(entities_app, name="entities")
app.add_typer(serve_app)  # serve
app.add_typer(train_app)  # train-attribution


def main() -> None:
    """Entry point for ``python -m presswatch``."""
    app(prog_name="presswatch")
