"""Cleaning and dating: raw text -> :class:`~presswatch.model.Article`.

One module per concern: ``body`` (boilerplate), ``title``, ``dateline`` (place, date,
outlet), ``dates`` (publication date, evidence, warnings), ``language``.
"""

from __future__ import annotations

from collections.abc import Container

from presswatch.config import DEFAULT, Settings
from presswatch.model import Article, RawItem


def clean(
    raw: RawItem,
    *,
    repeated: Container[str] = frozenset(),
    settings: Settings = DEFAULT,
) -> Article:
    """Clean one raw item. ``repeated`` holds line keys (see ``body.line_key``) that the
    corpus shows to be boilerplate for this item's group."""
    raise NotImplementedError
