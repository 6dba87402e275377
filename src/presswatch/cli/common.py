"""What every ``presswatch`` command module shares: the consoles, the common options,
opening a database that must exist, the one mapping of errors to exit codes
(:func:`reported`), and the one way listings are printed (:func:`emit`: a table readable
at 80 columns, ``--json``, ``--csv`` or ``--nl``, always with the total).

Every value that comes from an article is printed through :mod:`presswatch.query.safe`:
tables get :class:`rich.text.Text` cells (markup such as ``[/]`` is never interpreted)
with control characters shown as escapes; CSV cells are made formula-safe.

The parser (options, help) is all this module builds at import: the query layer and the
store load when a command runs (``presswatch --help`` stays light, docs/benchmarks.md).
"""

from __future__ import annotations

import csv
import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from presswatch.errors import InvalidQuery, NoDatabase, PresswatchError

if TYPE_CHECKING:
    from presswatch.query import Corpus
    from presswatch.store import Store


err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database (:func:`presswatch.store.is_url`,
    without loading the store)."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def db_target(value: str | Path) -> Path | str:
    """A ``--db`` value: a ``postgresql://`` URL stays text (a Path would fold its
    slashes), anything else is a SQLite file's path."""
    text = str(value)
    return text if is_url(text) else Path(text)


def one_line(value: Any) -> str:
    """:func:`presswatch.query.safe.one_line`, loaded on first use."""
    from presswatch.query.safe import one_line as _one_line

    return _one_line(value)


def masked(target: Path | str) -> str:
    """:func:`presswatch.store.postgres.url.masked` (a URL's password hidden), loading
    the PostgreSQL driver only for a URL."""
    if not is_url(target):
        return str(target)
    from presswatch.store.postgres.url import masked as _masked

    return _masked(target)


DbOption = Annotated[
    Path, typer.Option("--db", envvar="PRESSWATCH_DB", parser=db_target,
                       help="SQLite database file, or a postgresql://user@host/db URL "
                       "(the password from PGPASSWORD or ~/.pgpass).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON: {total, limit, offset, items}.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="CSV, one row per item (formula-safe).")]
NlOption = Annotated[bool, typer.Option("--nl", help="Newline-delimited JSON, one item a line.")]
LimitOption = Annotated[int, typer.Option(help="At most this many (0: all).")]
OffsetOption = Annotated[int, typer.Option(help="Skip this many first.")]
SinceOption = Annotated[str | None, typer.Option(
    "--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", help="Up to this date (YYYY-MM-DD, YYYY-MM or YYYY).")]
EntityOption = Annotated[str | None, typer.Option(
    "--entity", help="Only what involves this entity (id, name or alias).")]

F = TypeVar("F", bound=Callable[..., Any])


def fail(exc: PresswatchError) -> None:
    """Print ``exc`` (and any candidates) and exit with its exit code."""
    msg = Text("error: ", style="red")
    msg.append(one_line(exc.message))
    err.print(msg)
    for c in exc.candidates:
        err.print(Text(f"  {one_line(c.get('id'))}  {one_line(c.get('name'))}  "
                       f"{one_line(c.get('type'))}  {c.get('documents', '')} documents"))
    raise typer.Exit(exc.exit_code)


def reported(fn: F) -> F:
    """Run a command, turning presswatch's errors into a message and an exit code: the one
    place the CLI maps :mod:`presswatch.errors` (2 for a bad value, 1 otherwise)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PresswatchError as exc:
            fail(exc)
        except RuntimeError as exc:
            from presswatch.store.sqlite import SchemaError

            if not isinstance(exc, SchemaError):
                raise
            fail(PresswatchError(str(exc)))
        return None

    return wrapper  # type: ignore[return-value]


def existing_store(db: Path | str, *, read_only: bool = False) -> Store:
    """Open ``db``; :class:`NoDatabase` when there is none (a mistyped path never
    silently creates an empty one). A PostgreSQL URL names a database that exists (the
    server says otherwise)."""
    from presswatch.store import open_store

    if is_url(db):
        return open_store(db, read_only=read_only)
    db = Path(db)
    if not db.exists():
        raise NoDatabase(f"no database at {db} (run `presswatch ingest ... --db {db}`)")
    return open_store(db)


def open_corpus(db: Path | str) -> Corpus:
    from presswatch.query import Corpus

    return Corpus(existing_store(db))


def output_format(as_json: bool = False, as_csv: bool = False, as_nl: bool = False) -> str:
    chosen = [name for name, on in (("json", as_json), ("csv", as_csv), ("nl", as_nl)) if on]
    if len(chosen) > 1:
        raise InvalidQuery("choose one of --json, --csv, --nl", field="format")
    return chosen[0] if chosen else "table"


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def print_json(value: Any) -> None:
    from presswatch.query.safe import json_text

    write(json_text(value, indent=1))


# Column kinds: how a column behaves in an 80-column table.
DATE, NUM, ID, SHORT, TEXT = "date", "num", "id", "short", "text"
TEXT_CELL = 300  # characters of a long text shown in a table cell


def cell(value: Any, kind: str = TEXT) -> Text:
    """A table cell: plain text (no markup), control characters escaped."""
    if value is None or value == "" or value == []:
        return Text("-")
    if kind == DATE:
        return Text(one_line(value)[:10])
    if kind == NUM and isinstance(value, float):
        return Text(number(value))
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    s = one_line(value)
    if kind == TEXT and len(s) > TEXT_CELL:
        s = s[:TEXT_CELL - 1] + "…"
    return Text(s)


def table(title: str, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]
          ) -> Table:
    """A table that reads at 80 columns: dates and numbers never wrap, headers never
    split, short columns are cut with an ellipsis, long text folds."""
    t = Table(title=Text(title), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
              show_edge=False, expand=False)
    for name, kind in columns:
        if kind in (DATE, NUM, ID):
            t.add_column(name, no_wrap=True, justify="right" if kind == NUM else "left",
                         min_width=max(len(name), 10 if kind == DATE else 1))
        elif kind == SHORT:
            t.add_column(name, no_wrap=True, overflow="ellipsis", max_width=16,
                         min_width=len(name))
        else:
            t.add_column(name, overflow="fold", min_width=max(len(name), 10), ratio=1)
    for row in rows:
        t.add_row(*(cell(v, kind) for v, (_, kind) in zip(row, columns, strict=True)))
    return t


def number(value: float) -> str:
    """38500000000.0 -> 38,500,000,000; 0.333 -> 0.333."""
    return f"{int(value):,}" if value == int(value) else f"{value:,.6g}"


def span(total: int, offset: int, shown: int) -> str:
    if not shown:
        return f"0 of {total}"
    return f"{offset + 1}–{offset + shown} of {total}"


def emit(name: str, page: Any, fmt: str, columns: Sequence[tuple[str, str]],
         values: Callable[[Any], Sequence[Any]] | None = None,
         csv_fields: Sequence[str] | None = None) -> None:
    """Print one page of a listing in ``fmt`` (table, json, csv, nl). ``columns`` are the
    table's (header, kind); ``values`` picks a row's cells (default: the attributes named
    by the headers); ``csv_fields`` the CSV's columns (default: the headers)."""
    from presswatch.query.safe import csv_cell, json_text

    items = list(page.items)
    if fmt == "json":
        print_json(page.to_dict())
        return
    if fmt == "nl":
        for item in items:
            sys.stdout.write(json_text(_plain(item)) + "\n")
        return
    if fmt == "csv":
        fields = list(csv_fields or [c for c, _ in columns])
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(fields)
        for item in items:
            record = _plain(item)
            w.writerow([csv_cell(record.get(f)) for f in fields])
        return
    pick = values or (lambda item: [_plain(item).get(c) for c, _ in columns])
    out.print(table(f"{name} {span(page.total, page.offset, len(items))}", columns,
                    (pick(item) for item in items)))
    if page.total > page.offset + len(items):
        err.print(Text(f"more: --offset {page.offset + len(items)}", style="dim"))


def _plain(item: Any) -> dict[str, Any]:
    return item.to_dict() if hasattr(item, "to_dict") else dict(item)
