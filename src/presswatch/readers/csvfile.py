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
from presswatch.readers.jsonl import _load
from presswatch.readers.mapping import parse_mapping, record_item
from presswatch.readers.text import DecodeError


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
        yield Rejection(str(getattr(path_or_stream, "name", path_or_stream)), str(exc))
        return
    if delimiter is None:
        header = text.split("\n", 1)[0]
        delimiter = max(",;\t|", key=header.count) if header else ","
    csv.field_size_limit(min(sys.maxsize, settings.max_bytes))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    row = 1
    try:
        for record in reader:
            row = reader.line_num
            if None in record:  # more cells than the header names
                record.pop(None)
            yield record_item(record, f"{source}#{row}", source, fields)
    except csv.Error as exc:
        yield Rejection(f"{source}#{row + 1}", f"malformed CSV: {exc}")
