"""What every ``presswatch`` command module shares: the consoles, the ``--db`` and
``--json`` options, and opening a database that must already exist."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from presswatch.store import Store, open_store

err = Console(stderr=True)
out = Console()

DbOption = Annotated[
    Path, typer.Option("--db", envvar="PRESSWATCH_DB", help="SQLite database file.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def existing_store(db: Path) -> Store:
    """Open ``db``, or exit 1 with a clear message when there is no database there (so a
    mistyped path never silently creates an empty one)."""
    if not db.exists():
        err.print(f"[red]error:[/] no database at {db} (run `presswatch ingest ... --db {db}`)")
        raise typer.Exit(1)
    return open_store(db)
