"""JSON Lines exports: one JSON object per line, fields mapped (see :mod:`.mapping`).

Source names are ``<file>#<line number>``; a line that is not JSON, not an object or has
no text is a Rejection and the rest of the file goes on. A file holding one JSON array of
objects is read the same way (``#<index>``)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.files import InputError, read_regular
from presswatch.readers.mapping import parse_mapping, record_item
from presswatch.readers.text import DecodeError, decode_bytes, display_path

TOO_DEEP = "invalid JSON: nested too deeply"


def _name(path_or_stream: object) -> str:
    name = getattr(path_or_stream, "name", path_or_stream)
    return display_path(Path(name)) if isinstance(name, (str, Path)) else str(name)


def _load(path_or_stream: str | Path | IO[bytes], settings: Settings) -> tuple[str, str, str]:
    if hasattr(path_or_stream, "read"):
        data = path_or_stream.read(settings.max_bytes + 1)
        name = getattr(path_or_stream, "name", "<stream>")
        source = str(name)
        group = source
    else:
        path = Path(path_or_stream)
        source = display_path(path)
        group = display_path(path.parent)
        try:
            data = read_regular(path, settings.max_bytes)
        except InputError as exc:
            raise ValueError(str(exc)) from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > settings.max_bytes:
        raise ValueError(f"file too large: over the limit of {settings.max_bytes} bytes")
    text, _ = decode_bytes(data)
    return text, source, group


def read_jsonl(
    path_or_stream: str | Path | IO[bytes],
    settings: Settings = DEFAULT,
    *,
    mapping: str | Mapping[str, str] | None = None,
    **_: object,
) -> Iterator[RawItem | Rejection]:
    fields = parse_mapping(mapping)
    try:
        text, source, _group = _load(path_or_stream, settings)
    except (OSError, DecodeError, ValueError) as exc:
        yield Rejection(_name(path_or_stream), str(exc))
        return
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except ValueError as exc:
            yield Rejection(source, f"invalid JSON: {exc}")
            return
        except RecursionError:
            yield Rejection(source, TOO_DEEP)
            return
        for i, record in enumerate(records if isinstance(records, list) else [records]):
            yield record_item(record, f"{source}#{i}", source, fields)
        return
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source}#{number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Rejection(where, f"invalid JSON: {getattr(exc, 'msg', exc)}")
            continue
        except RecursionError:
            yield Rejection(where, TOO_DEEP)
            continue
        yield record_item(record, where, source, fields)
