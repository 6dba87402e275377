"""Database targets: a file path (SQLite) or a ``postgresql://`` URL."""

from __future__ import annotations

import re
from pathlib import Path

from presswatch.store import is_url

__all__ = ["is_url", "masked"]

_PASSWORD = re.compile(r"^(\w+://[^:/@]*):[^@]*@")
_PASSWORD_PARAM = re.compile(r"(?i)([?&]password=)[^&]*")


def masked(target: str | Path) -> str:
    """``target`` fit to print: a URL's password becomes ``***``."""
    text = str(target)
    if not is_url(text):
        return text
    return _PASSWORD_PARAM.sub(r"\1***", _PASSWORD.sub(r"\1:***@", text))
