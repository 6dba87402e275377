"""``presswatch copy``: one database into another (SQLite and PostgreSQL, either way)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from presswatch.cli.common import db_target, err, existing_store, reported
from presswatch.store.postgres.url import masked

copy_app = typer.Typer(add_completion=False)


@copy_app.command("copy")
@reported
def copy(
    source: Annotated[Path, typer.Option("--from", parser=db_target,
                                         help="The database to copy (file or URL).")],
    target: Annotated[Path, typer.Option("--to", parser=db_target,
                                         help="A new or empty database (file or URL).")],
) -> None:
    """Copy every document, identity, correction and run from one database into a new
    one, then check every table's row count on both sides."""
    from presswatch.store.copy import copy_database

    existing_store(source).close()  # a clear error for a mistyped source
    counts = copy_database(source, target)
    err.print(Text(f"copied {counts['documents']} documents, {sum(counts.values())} rows "
                   f"in {len(counts)} tables: {masked(source)} -> {masked(target)} "
                   "(counts checked)"))
