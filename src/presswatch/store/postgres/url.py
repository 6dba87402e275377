"""Database targets: a file path (SQLite) or a ``postgresql://`` URL."""

from __future__ import annotations

import re
from pathlib import Path

from presswatch.store import is_url

__all__ = ["is_url", "masked"]

_PASSWORD = re.compile(r"^(\w+://[^:/@]*):[^@]*@")


def masked(target: str | Path) -> str:
    """``target`` fit to print: a URL's password becomes ``***``."""
    text = str(target)
    return _PASSWORD.sub(r"\1:***@", text) if is_url(text) else text
