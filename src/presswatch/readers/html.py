"""HTML pages: a file, or every ``.html``/``.htm``/``.xhtml`` file under a folder.

An item's ``text`` is the page's HTML as decoded (the content id is its hash, so
re-reading a page adds nothing) and ``meta["format"] = "html"`` routes it through
:mod:`presswatch.clean.html` (body, title, dates, outlet). A ``<link rel=canonical>`` or
``og:url`` becomes ``meta["url"]`` when the reader was not given one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.files import InputError, read_regular
from presswatch.readers.text import DecodeError, decode_bytes, display_path

SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_URL = re.compile(
    r"""<(?:link[^>]+rel=["']canonical["'][^>]+href|meta[^>]+property=["']og:url["'][^>]+"""
    r"""content)=["']([^"']+)["']""",
    re.IGNORECASE,
)


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes: the charset the server or the page declares, else detection."""
    names = [declared] if declared else []
    found = _CHARSET.search(data[:4096])
    if found:
        names.append(found.group(1).decode("ascii", "ignore"))
    for name in names:
        try:
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), name.lower()
    return decode_bytes(data)


def html_item(
    source: str,
    group: str,
    data: bytes | str,
    *,
    url: str | None = None,
    charset: str | None = None,
    meta: Mapping[str, str] | None = None,
) -> RawItem | Rejection:
    """One page as a RawItem (or a Rejection when it is empty or not text)."""
    if isinstance(data, bytes):
        if not data.strip():
            return Rejection(source, "empty page")
        try:
            page, encoding = decode_html(data, charset)
        except DecodeError as exc:
            return Rejection(source, str(exc))
    else:
        page, encoding = data, None
    if not page.strip():
        return Rejection(source, "empty page")
    if "<" not in page:
        return Rejection(source, "not HTML: no markup")
    fields = {"format": "html", **(meta or {})}
    if url:
        fields["url"] = url
    elif "url" not in fields:
        found = _URL.search(page[:65536])
        if found and found.group(1).startswith("http"):
            fields["url"] = found.group(1)
    return RawItem(source=source, text=page, group=group, encoding=encoding, meta=fields)


def read_html(
    path_or_stream: str | Path | IO[bytes],
    settings: Settings = DEFAULT,
    *,
    url: str | None = None,
    **_: object,
) -> Iterator[RawItem | Rejection]:
    """A page file, a stream, or the pages under a folder (recursive, sorted)."""
    if hasattr(path_or_stream, "read"):
        name = str(getattr(path_or_stream, "name", "<stream>"))
        try:
            data = path_or_stream.read(settings.max_bytes + 1)
        except OSError as exc:
            yield Rejection(name, f"unreadable: {exc}")
            return
        if len(data) > settings.max_bytes:
            yield Rejection(name, f"file too large: over the limit of {settings.max_bytes} bytes")
            return
        yield html_item(name, name, data, url=url)
        return
    path = Path(path_or_stream)
    if path.is_dir():
        from presswatch.readers.files import walk

        for found in walk(path, max_depth=settings.max_depth):
            if isinstance(found, Rejection):
                yield found
            elif found[0].name.lower().endswith(SUFFIXES):
                yield read_page_file(found[0], settings)
        return
    yield read_page_file(path, settings, url=url)


def read_page_file(
    path: Path, settings: Settings = DEFAULT, *, url: str | None = None
) -> RawItem | Rejection:
    """One page file (used by the folder walk of :func:`presswatch.readers.read`)."""
    source = display_path(path)
    try:
        data = read_regular(path, settings.max_bytes)
    except InputError as exc:
        return Rejection(source, str(exc))
    return html_item(source, display_path(path.parent), data, url=url)
