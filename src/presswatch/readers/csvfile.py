"""CSV (and TSV) exports: a header row, one article per row, fields mapped (see
:mod:`.mapping`). Source names are ``<file>#<row number>`` (the header is row 1)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.jsonl import _load, _name
from presswatch.readers.mapping import parse_mapping, record_item
from presswatch.readers.text import DecodeError

# Unclosed quotes a file may have before its rest is rejected (each costs a re-parse).
_MAX_RESTARTS = 100


def read_csv(
    path_or_stream: str | Path | IO[bytes],
    settings: Settings = DEFAULT,
    *,
    mapping: str | Mapping[str, str] | None = None,
    delimiter: str | None = None,
    **_: object,
) -> Iterator[RawItem | Rejection]:
    fields = parse_mapping(mapping)
    try:
        text, source, _group = _load(path_or_stream, settings)
    except (OSError, DecodeError, ValueError) as exc:
        yield Rejection(_name(path_or_stream), str(exc))
        return
    if delimiter is None:
        header = text.split("\n", 1)[0]
        delimiter = max(",;\t|", key=header.count) if header else ","
    csv.field_size_limit(min(sys.maxsize, settings.max_bytes))
    yield from _rows(text, delimiter, source, fields)


def _rows(
    text: str, delimiter: str, source: str, fields: Mapping[str, str]
) -> Iterator[RawItem | Rejection]:
    """The records of a CSV text. A quoted field that is never closed swallows the rows
    after it (up to the next quote mark or the end of the file): a record spanning
    several lines with an odd number of quote marks is that, so it is rejected and
    reading starts again on the line after the one that opened it."""
    lines = io.StringIO(text, newline="").readlines()
    if not lines:
        return
    try:
        header = next(csv.reader([lines[0]], delimiter=delimiter))
    except csv.Error as exc:
        yield Rejection(f"{source}#1", f"malformed CSV header: {exc}")
        return
    start, restarts = 1, 0
    while start < len(lines):
        reader = csv.DictReader(io.StringIO("".join(lines[start:]), newline=""),
                                fieldnames=header, delimiter=delimiter)
        begin, resume = start, None
        try:
            for record in reader:
                end = start + reader.line_num  # one past the record's last line
                raw = lines[begin:end]
                if len(raw) > 1 and sum(line.count('"') for line in raw) % 2:
                    yield Rejection(f"{source}#{begin + 1}", "malformed CSV: a quoted field "
                                    "is never closed (it would swallow the rows after it)")
                    resume = begin + 1
                    break
                if None in record:  # more cells than the header names
                    record.pop(None)
                yield record_item(record, f"{source}#{begin + 1}", source, fields)
                begin = end
        except csv.Error as exc:
            yield Rejection(f"{source}#{begin + 1}", f"malformed CSV: {exc}")
            return
        if resume is None:
            return
        restarts += 1
        if restarts > _MAX_RESTARTS:
            yield Rejection(f"{source}#{resume + 1}", "malformed CSV: too many unclosed "
                            f"quotes (over {_MAX_RESTARTS}); the rest of the file not read")
            return
        start = resume
