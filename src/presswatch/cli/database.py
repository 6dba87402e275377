"""``presswatch copy`` (one database into another: SQLite and PostgreSQL, either way) and
``presswatch grant-reader`` (a read-only PostgreSQL role for ``presswatch serve``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from presswatch.cli.common import db_target, err, existing_store, masked, reported

database_app = typer.Typer(add_completion=False)


@database_app.command("copy")
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


@database_app.command("grant-reader")
@reported
def grant_reader(
    role: Annotated[str, typer.Argument(help="The role to create (or update).")],
    db: Annotated[Path, typer.Option("--db", envvar="PRESSWATCH_DB", parser=db_target,
                                     help="postgresql:// URL of a user who may grant.")],
) -> None:
    """Create a read-only PostgreSQL role over DB's presswatch tables, for `presswatch
    serve` (its password, if any, from PRESSWATCH_READER_PASSWORD)."""
    from presswatch.cli.common import is_url
    from presswatch.errors import InvalidQuery
    from presswatch.store.postgres.roles import create_reader

    if not is_url(db):
        raise InvalidQuery("grant-reader needs a postgresql:// database", field="db")
    url = create_reader(str(db), role)
    err.print(Text(f"read-only role {role}: presswatch serve --db {masked(url)}"))
