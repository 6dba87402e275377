"""Making article text safe where it leaves presswatch: a terminal, a CSV file, JSON.

* :func:`visible` replaces control characters (C0 but tab and newline, DEL, C1: ESC
  sequences, CSI, bidi overrides are not here but line and paragraph separators are) by a
  visible ``\\xNN`` / ``\\uNNNN`` escape, so an article cannot move the cursor, recolour
  or retitle a terminal.
* :func:`csv_cell` does the same and, for text starting with ``= + - @``, a tab or a
  carriage return, prefixes an apostrophe so a spreadsheet never runs it as a formula
  (numbers stay numbers).
* :func:`json_text` is ``json.dumps`` with DEL and the C1 range escaped too (JSON escapes
  only C0).
"""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_C1 = re.compile(r"[\x7f-\x9f\u2028\u2029]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(m: re.Match[str]) -> str:
    code = ord(m[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: Any, keep_newlines: bool = True) -> str:
    """``text`` as a string with every control character shown as an escape."""
    s = "" if text is None else str(text)
    return (_CONTROL if keep_newlines else _CONTROL_NL).sub(_escape, s)


def one_line(text: Any) -> str:
    """Newlines and tabs as spaces, other control characters escaped (table cells)."""
    s = "" if text is None else str(text)
    return visible(s.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def csv_cell(value: Any) -> Any:
    """A value safe to write in a CSV cell (numbers are returned as they are)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    s = str(value)
    if s.startswith(FORMULA_START):
        s = "'" + s
    return visible(s)


def json_text(value: Any, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    return _C1.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
