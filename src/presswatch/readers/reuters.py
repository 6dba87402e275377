"""Reuters-21578: the SGML distribution (``reut2-NNN.sgm``) and its XML-ised copy
(``reut2-NNN.xml``, as in ``../shared/corpora/reuters21578``) alike.

Each ``<REUTERS>`` story with a ``<BODY>`` becomes an item: ``text`` is the dateline and
the body as printed (``SALVADOR, Feb 26 - Showers continued ...``, the closing
``Reuter`` sign-off included, which cleaning removes), ``meta`` holds ``title``,
``dateline``, ``published`` (from ``<DATE>``, ``26-FEB-1987 15:01:01.79`` ->
``1987-02-26T15:01:01``), ``outlet`` ``Reuters`` and the story's ``NEWID``. Stories
without a body (about 2,500 of 21,578: title-only flashes) are Rejections saying so.
The files are read with regular expressions, not an XML parser: the SGML is not XML,
and both carry control characters (``&#3;``) a strict parser refuses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.files import InputError, read_regular
from presswatch.readers.text import display_path

SUFFIXES = (".sgm", ".sgml")
_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _field(tag: str, story: str) -> str | None:
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", story, re.S)
    if not match:
        return None
    value = _CONTROL.sub("", html.unescape(_CONTROL.sub("", match.group(1))))
    return value.strip() or None


def reuters_date(value: str) -> str | None:
    value = value.strip()
    for fmt in ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            continue
    return None


def looks_like_reuters(head: str) -> bool:
    return "<REUTERS" in head


def read_reuters(
    path_or_stream: str | Path | IO[bytes],
    settings: Settings = DEFAULT,
    **_: object,
) -> Iterator[RawItem | Rejection]:
    try:
        if hasattr(path_or_stream, "read"):
            name = str(getattr(path_or_stream, "name", "<stream>"))
            data = path_or_stream.read(settings.max_bytes + 1)
            if len(data) > settings.max_bytes:
                raise InputError(f"file too large: over the limit of {settings.max_bytes} bytes")
        else:
            name = display_path(Path(path_or_stream))
            data = read_regular(path_or_stream, settings.max_bytes)
    except OSError as exc:
        yield Rejection(str(path_or_stream), f"unreadable: {exc}")
        return
    except InputError as exc:
        yield Rejection(display_path(Path(str(path_or_stream))), str(exc))
        return
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    found = False
    for number, match in enumerate(_STORY.finditer(text)):
        found = True
        attrs = dict(_ATTR.findall(match.group(1)))
        story = match.group(2)
        newid = attrs.get("NEWID") or str(number)
        source = f"{name}#NEWID={newid}"
        body = _field("BODY", story)
        if not body:
            yield Rejection(source, "story has no body (title only)")
            continue
        meta = {"outlet": "Reuters", "id": newid}
        title = _field("TITLE", story)
        dateline = _field("DATELINE", story)
        stated = _field("DATE", story)
        if title:
            meta["title"] = re.sub(r"\s+", " ", title)
        if dateline:
            meta["dateline"] = re.sub(r"\s+", " ", dateline).strip(" -")
        published = reuters_date(stated) if stated else None
        if published:
            meta["published"] = published
        lead = " ".join(dateline.split()) + " " if dateline else ""
        yield RawItem(source=source, text=lead + body, group=name, encoding="latin-1", meta=meta)
    if not found:
        yield Rejection(name, "no <REUTERS> stories found")
