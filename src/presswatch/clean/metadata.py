"""The metadata header block of corpus text dumps.

Many dumps open with metadata lines before the article: a document id, a language code,
an ISO date or timestamp, the source URL (in any order, some of them blank or missing),
then the title. Such a block is never text: its lines go, its date is publication-date
evidence, its URL names the source (its host is the outlet when nothing else names one,
a date in its path is evidence when the block has no date), its language code is the
language when the detector is restricted to it. When the block declares at least two of
these, the line after it is the title (the dump's own field), unless it reads as prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from presswatch.clean.dates import parse_meta_date
from presswatch.clean.lines import metadata_kind
from presswatch.clean.title import words

_MAX_LINES = 8
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:[/\-_.]|$)"
)


@dataclass(slots=True)
class MetadataBlock:
    indexes: list[int]  # the units of the block
    values: dict[str, str] = field(default_factory=dict)  # kind -> first value
    date_index: int | None = None

    @property
    def declared(self) -> bool:
        """Two or more fields: a dump's header, whose next line is its title field."""
        return len(self.values) >= 2

    @property
    def published(self) -> str | None:
        value = self.values.get("date")
        return parse_meta_date(value) if value else None

    @property
    def url(self) -> str | None:
        return self.values.get("url")

    @property
    def language(self) -> str | None:
        code = self.values.get("lang")
        return code.split("-")[0].split("_")[0].casefold() if code else None

    def outlet(self) -> str | None:
        """The URL's host without ``www.``."""
        if not self.url:
            return None
        url = self.url if "://" in self.url else "http://" + self.url
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return None
        host = host.removeprefix("www.")
        return host or None

    def url_date(self) -> str | None:
        """A full date in the URL's path (``/2016/12/18/``)."""
        if not self.url:
            return None
        found = _URL_DATE.search(urlsplit(self.url).path if "://" in self.url else self.url)
        if not found:
            return None
        return parse_meta_date("-".join(found.groups()))


def find_metadata_block(texts: Sequence[str], live: Sequence[bool]) -> MetadataBlock | None:
    """The metadata lines at the top of a document (``texts`` are its units, ``live`` says
    which are not already dropped). One line is a block only when it is a URL or a date;
    an id or a language code alone is not."""
    block = MetadataBlock([])
    for index, text in enumerate(texts):
        if not live[index]:
            continue
        if len(block.indexes) >= _MAX_LINES:
            break
        kind = metadata_kind(text)
        if kind is None:
            break
        block.indexes.append(index)
        name, value = kind
        if name not in block.values:
            block.values[name] = value
            if name == "date":
                block.date_index = index
    if not block.indexes:
        return None
    if len(block.indexes) == 1 and not ({"url", "date"} & set(block.values)):
        return None
    if block.date_index is not None and block.published is None:
        block.values.pop("date")
        block.date_index = None
    return block


def title_slot(text: str, fields: int) -> bool:
    """Whether the line after a declared block of ``fields`` fields can be its title.
    Three or more fields are a dump's fixed header: its next line is the title field as
    given (up to 1,000 characters), even when the dump filled it with the lead. After two
    fields, not a whole paragraph (over 60 words or 400 characters) nor a prose line (over
    15 words ending in a period). Never another metadata line."""
    n = len(words(text))
    if n == 0 or len(text) > 1000 or metadata_kind(text) is not None:
        return False
    if fields >= 3:
        return True
    return n <= 60 and len(text) <= 400 and not (n > 15 and text.rstrip().endswith((".", "…")))
