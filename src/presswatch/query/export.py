"""Serialise documents in the public contract shape (``presswatch.document/1``).

JSONL is the contract itself: one object per line, exactly ``Document.to_contract()``.
CSV cannot nest, so it carries one row per document with the contract's top-level fields
as columns in schema order; nested values (``dateline``, ``warnings``, ``entities``,
``quotes``, ``figures``, ``events``) are JSON strings in their cells, so a CSV row parses
back into the same object. A text cell that a spreadsheet would run as a formula (it
starts with ``= + - @``, a tab or a carriage return) gets a leading apostrophe, and so does
one that starts with an apostrophe, so :func:`parse_csv_row` can take exactly one off.
For flat tables of quotes, figures or events, see ``presswatch quotes --csv`` and friends.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from presswatch.choices import EXPORT_FORMATS
from presswatch.model import Document

FORMATS = EXPORT_FORMATS

CONTRACT_FIELDS = (
    "schema", "id", "source", "outlet", "language", "title", "published",
    "published_evidence", "dateline", "duplicate_of", "warnings", "text",
    "entities", "quotes", "figures", "events",
)
_NESTED = {"dateline", "warnings", "entities", "quotes", "figures", "events"}


def write(documents: Iterable[Document], out: TextIO, fmt: str = "jsonl") -> int:
    """Write documents to ``out``; returns how many were written."""
    if fmt == "jsonl":
        return write_jsonl(documents, out)
    if fmt == "csv":
        return write_csv(documents, out)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_jsonl(documents: Iterable[Document], out: TextIO) -> int:
    n = 0
    for doc in documents:
        out.write(json.dumps(doc.to_contract(), ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def write_csv(documents: Iterable[Document], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CONTRACT_FIELDS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for doc in documents:
        writer.writerow(csv_row(doc.to_contract()))
        n += 1
    return n


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    row = {}
    for name in CONTRACT_FIELDS:
        value = record[name]
        if name in _NESTED:
            row[name] = json.dumps(value, ensure_ascii=False)
        else:
            row[name] = "" if value is None else _formula_safe(str(value))
    return row


def _formula_safe(cell: str) -> str:
    from presswatch.query.safe import FORMULA_START

    return "'" + cell if cell.startswith((*FORMULA_START, "'")) else cell


def parse_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """Inverse of :func:`csv_row` (empty cells of scalar fields are None)."""
    record: dict[str, Any] = {}
    for name in CONTRACT_FIELDS:
        cell = row[name]
        if name in _NESTED:
            record[name] = json.loads(cell)
        else:
            record[name] = (cell[1:] if cell.startswith("'") else cell) if cell != "" else None
    return record
