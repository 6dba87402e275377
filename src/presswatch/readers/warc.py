"""Web archives (WARC, WARC.gz; ARC too, through warcio): every ``response`` record
holding HTML becomes an HTML item (see :mod:`.html`).

Source names are ``<warc path>#<target URI>`` (``#<record id>`` when a record has no
target URI); ``meta["url"]`` is the target URI and the HTTP ``Date`` header, when present,
is kept as ``meta["fetched"]`` (never taken as a publication date). Records that are not
HTML responses (requests, metadata, images) are skipped silently; a truncated or
malformed archive ends with one Rejection naming the offset where reading stopped, and
a record the archive ends inside (fewer bytes than its ``Content-Length``) is rejected as
truncated rather than stored as a fragment.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.files import InputError, open_regular
from presswatch.readers.html import html_item
from presswatch.readers.text import display_path

SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _iterator_class() -> type:
    from warcio.archiveiterator import ArchiveIterator

    class Iterator(ArchiveIterator):
        """warcio's iterator, noting whether the archive ended inside a gzip member
        (warcio itself ends such an archive silently, losing the record)."""

        truncated = False

        def close(self) -> None:
            reader = getattr(self, "reader", None)
            decompressor = getattr(reader, "decompressor", None)
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.truncated = True
            super().close()

    return Iterator


def read_warc(
    path_or_stream: str | Path | IO[bytes],
    settings: Settings = DEFAULT,
    **_: object,
) -> Iterator[RawItem | Rejection]:
    ArchiveIterator = _iterator_class()

    if hasattr(path_or_stream, "read"):
        name = str(getattr(path_or_stream, "name", "<stream>"))
        yield from _records(ArchiveIterator, path_or_stream, name, settings)  # type: ignore[arg-type]
        return
    path = Path(path_or_stream)
    name = display_path(path)
    try:
        fh = os.fdopen(open_regular(path), "rb")
    except InputError as exc:
        yield Rejection(name, str(exc))
        return
    try:
        with fh:
            yield from _records(ArchiveIterator, fh, name, settings)
    except OSError as exc:
        yield Rejection(name, f"unreadable: {exc.strerror or exc}")


def _records(
    iterator_cls: type, stream: IO[bytes], name: str, settings: Settings
) -> Iterator[RawItem | Rejection]:
    seen = 0
    try:
        archive = iterator_cls(stream, arc2warc=True)
        for record in archive:
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            rid = record.rec_headers.get_header("WARC-Record-ID") or f"record-{seen}"
            source = f"{name}#{uri or rid}"
            seen += 1
            http = record.http_headers
            ctype = (http.get_header("Content-Type") if http else "") or ""
            if ctype and ctype.lower().split(";")[0].strip() not in _HTML_TYPES:
                continue
            if http is not None:
                status = http.get_statuscode()
                if status and not str(status).startswith("2"):
                    yield Rejection(source, f"HTTP status {status}")
                    continue
            data = record.content_stream().read(settings.max_bytes + 1)
            if len(data) > settings.max_bytes:
                yield Rejection(source, f"page too large: over {settings.max_bytes} bytes")
                continue
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:  # the archive ends inside this record
                yield Rejection(source, f"truncated record: {missing} of its "
                                f"{record.length} bytes missing")
                continue
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
            meta = {}
            fetched = http.get_header("Date") if http else None
            if fetched:
                meta["fetched"] = fetched
            yield html_item(source, name, data, url=uri, charset=charset, meta=meta)
        if getattr(archive, "truncated", False):
            yield Rejection(f"{name}#after-record-{seen}", "truncated archive: it ends inside "
                            "a compressed record, which is lost")
    except Exception as exc:  # warcio raises many kinds on a damaged archive
        yield Rejection(f"{name}#after-record-{seen}", f"damaged archive: {exc!r}")
