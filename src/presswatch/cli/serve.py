"""``presswatch serve``: the REST API and the web UI over one database, with uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from presswatch.cli.common import DbOption, err, existing_store, masked, reported
from presswatch.config import DEFAULT_DB

serve_app = typer.Typer(add_completion=False)


@serve_app.command()
@reported
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    pool_size: Annotated[int | None, typer.Option(
        "--pool-size", min=1,
        help="PostgreSQL: connections each worker process keeps open at most, one per "
             "request in flight (default: $PRESSWATCH_POOL_SIZE, else 10).")] = None,
) -> None:
    """Serve the REST API (/api, OpenAPI at /docs) and the web UI (/) over DB. Read-only
    unless PRESSWATCH_TOKEN is set: corrections then need it as a bearer token."""
    import os

    import uvicorn

    existing_store(db).close()  # a clear error before the server starts
    os.environ["PRESSWATCH_DB"] = str(db)
    if pool_size is not None:
        os.environ["PRESSWATCH_POOL_SIZE"] = str(pool_size)
    err.print(Text(f"presswatch: serving {masked(db)} at http://{host}:{port}/ (Ctrl+C stops)"))
    uvicorn.run("presswatch.api.app:create_app", factory=True, host=host, port=port,
                workers=workers, log_level="warning")
