"""Raw text dumps: one article per file, any of utf-8 / utf-16 / cp1251 (detected)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we accept (binary, or undecodable)."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding name). Raises DecodeError."""
    raise NotImplementedError


def read_path(path: Path, settings: Settings = DEFAULT) -> Iterator[RawItem | Rejection]:
    """A file, or every file under a folder (recursive, sorted, hidden files skipped)."""
    raise NotImplementedError


def read_stdin(settings: Settings = DEFAULT) -> Iterator[RawItem | Rejection]:
    """Standard input as one article."""
    raise NotImplementedError
