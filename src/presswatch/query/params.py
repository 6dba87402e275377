"""Validation of every query value the interfaces pass in: a bad value is an
:class:`~presswatch.errors.InvalidQuery` naming the field, never a silent empty answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from presswatch.choices import FIGURE_KINDS as FIGURE_KINDS
from presswatch.choices import INTERVALS as INTERVALS
from presswatch.choices import QUOTE_KINDS as QUOTE_KINDS
from presswatch.errors import InvalidQuery

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 50
MAX_OFFSET = 10_000_000
NETWORK_KINDS_EXTRA = ("mentions",)
MAX_DEPTH = 3
MAX_TEXT = 500  # characters of a free-text filter (a query, a name, a metric)

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

T = TypeVar("T")


def limit(value: Any, name: str = "limit", default: int = DEFAULT_LIMIT) -> int:
    """An integer in [0, MAX_LIMIT] (0: none)."""
    if value is None:
        return default
    n = _int(value, name)
    if not 0 <= n <= MAX_LIMIT:
        raise InvalidQuery(f"{name} must be between 0 and {MAX_LIMIT}, not {value}", field=name)
    return n


def offset(value: Any, name: str = "offset") -> int:
    if value is None:
        return 0
    n = _int(value, name)
    if not 0 <= n <= MAX_OFFSET:
        raise InvalidQuery(f"{name} must be between 0 and {MAX_OFFSET}, not {value}",
                           field=name)
    return n


def depth(value: Any) -> int:
    n = _int(value if value is not None else 1, "depth")
    if not 1 <= n <= MAX_DEPTH:
        raise InvalidQuery(f"depth must be between 1 and {MAX_DEPTH}, not {value}",
                           field="depth")
    return n


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise InvalidQuery(f"{name} must be an integer, not {value!r}", field=name)
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidQuery(f"{name} must be an integer, not {value!r}", field=name) from None


def day(value: str | None, name: str, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real date) as a ``YYYY-MM-DD`` bound: the
    first day of the year or month, or its last when ``end``."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    m = _DATE.fullmatch(text)
    if m is None:
        raise InvalidQuery(f"{name} must be a date YYYY-MM-DD (or YYYY-MM, YYYY), "
                           f"not {value!r}", field=name)
    y, mo, d = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    try:
        if d is None:
            if end:
                nxt = date(y + (mo == 12), mo % 12 + 1, 1)
                found = date.fromordinal(nxt.toordinal() - 1)
            else:
                found = date(y, mo, 1)
        else:
            found = date(y, mo, int(d))
    except ValueError:
        raise InvalidQuery(f"{name}: {value!r} is not a date", field=name) from None
    return found.isoformat()


def window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    lo, hi = day(since, "since"), day(until, "until", end=True)
    if lo and hi and lo > hi:
        raise InvalidQuery(f"since ({lo}) is after until ({hi})", field="since")
    return lo, hi


def choice(value: str | None, allowed: Iterable[str], name: str) -> str | None:
    """``value`` (case-insensitive) among ``allowed``, in its canonical spelling."""
    if value is None or value == "":
        return None
    options = list(allowed)
    for option in options:
        if option.lower() == str(value).strip().lower():
            return option
    raise InvalidQuery(f"unknown {name} {value!r} (known: {', '.join(options)})", field=name)


def text(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    if len(value) > MAX_TEXT:
        raise InvalidQuery(f"{name} is longer than {MAX_TEXT} characters", field=name)
    return value


def period(value: str | None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or a range ``A..B`` of those."""
    if value is None or value == "":
        return None
    a, sep, b = str(value).strip().partition("..")
    for part in (a, b) if sep else (a,):
        if not re.fullmatch(r"\d{4}(?:-(0[1-9]|1[0-2]))?", part):
            raise InvalidQuery(f"period must be YYYY, YYYY-MM or A..B of those, not {value!r}",
                               field="period")
    return str(value).strip()


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a listing: the rows, how many match in all, and where the page is."""

    items: list[T]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "items": [_plain(item) for item in self.items]}

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _plain(item: Any) -> Any:
    return item.to_dict() if hasattr(item, "to_dict") else item


def paged(rows: list[T], lim: int, off: int) -> Page[T]:
    """A page cut from all matching rows (for listings filtered after SQL)."""
    items = rows[off:off + lim] if lim else rows[off:]
    return Page(items, len(rows), lim, off)
