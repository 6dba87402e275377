"""Readers turn user inputs into :class:`~presswatch.model.RawItem` s, one module per format.

Every reader yields items *or* :class:`~presswatch.model.Rejection` s: a bad item never
raises out of a reader, so one broken file cannot stop a batch. One interface::

    read_X(path_or_stream, settings, **options) -> Iterator[RawItem | Rejection]

========  =====================================  ==========================================
format    module                                 chosen for
========  =====================================  ==========================================
text      :mod:`.text`                           anything else (raw dumps, stdin)
html      :mod:`.html`                           ``.html .htm .xhtml .shtml``, or ``<html``
warc      :mod:`.warc`                           ``.warc .warc.gz .arc .arc.gz``, ``WARC/``
jsonl     :mod:`.jsonl`                          ``.jsonl .ndjson .json``
csv       :mod:`.csvfile`                        ``.csv .tsv``
feed      :mod:`.feeds`                          ``.rss .atom .feed``, ``<rss``/``<feed``
urls      :mod:`.urls`                           ``.urls``, or a ``.txt`` of URLs only
reuters   :mod:`.reuters`                        ``.sgm``, or ``<REUTERS`` (``reut2-*.xml``)
========  =====================================  ==========================================

The format is chosen per file (suffix first, then the first bytes), also for files inside
folders, unless ``format=`` names one for every path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from presswatch.choices import INPUT_FORMATS
from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers import files, text

__all__ = ["FORMATS", "count", "detect_format", "read", "reader_for"]

Reader = Callable[..., Iterator[RawItem | Rejection]]
FORMATS = INPUT_FORMATS
_SNIFF_BYTES = 4096


def reader_for(fmt: str) -> Reader:
    """The read function of a format name (see :data:`FORMATS`)."""
    if fmt == "text":
        return _read_text
    if fmt == "html":
        from presswatch.readers.html import read_html

        return read_html
    if fmt == "warc":
        from presswatch.readers.warc import read_warc

        return read_warc
    if fmt == "jsonl":
        from presswatch.readers.jsonl import read_jsonl

        return read_jsonl
    if fmt == "csv":
        from presswatch.readers.csvfile import read_csv

        return read_csv
    if fmt == "feed":
        from presswatch.readers.feeds import read_feed

        return read_feed
    if fmt == "urls":
        from presswatch.readers.urls import read_urls

        return read_urls
    if fmt == "reuters":
        from presswatch.readers.reuters import read_reuters

        return read_reuters
    raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def _read_text(path: str | Path, settings: Settings = DEFAULT, **_: object):
    return text.read_path(Path(path), settings)


_SUFFIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    ((".warc", ".warc.gz", ".arc", ".arc.gz"), "warc"),
    ((".html", ".htm", ".xhtml", ".shtml"), "html"),
    ((".jsonl", ".ndjson", ".json"), "jsonl"),
    ((".csv", ".tsv"), "csv"),
    ((".rss", ".atom", ".feed"), "feed"),
    ((".urls",), "urls"),
    ((".sgm", ".sgml"), "reuters"),
)


def detect_format(path: Path) -> str:
    """The format of one file: by suffix, else by its first bytes; ``text`` by default."""
    name = path.name.lower()
    for suffixes, fmt in _SUFFIXES:
        if name.endswith(suffixes):
            return fmt
    try:
        with os.fdopen(files.open_regular(path), "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except (OSError, files.InputError):
        return "text"  # the text reader reports the error
    return sniff(head, name)


def sniff(head: bytes, name: str = "") -> str:
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"\x1f\x8b") and ".warc" in name:
        return "warc"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:_SNIFF_BYTES].decode("utf-8", "ignore")
    low = probe.lower()
    if "<REUTERS" in probe:
        return "reuters"
    if "<rss" in low or "<rdf:rdf" in low or ("<feed" in low and "xmlns" in low):
        return "feed"
    if low.startswith(("<!doctype html", "<html")) or "<html" in low[:1024]:
        return "html"
    if name.endswith(".txt"):
        from presswatch.readers.urls import looks_like_url_list

        if looks_like_url_list(probe.rsplit("\n", 1)[0] if len(head) == _SNIFF_BYTES else probe):
            return "urls"
    return "text"


def read(
    paths: Iterable[str | Path],
    settings: Settings = DEFAULT,
    *,
    format: str | None = None,
    urls: Iterable[str | Path] = (),
    excluded: files.Excluded = files.NO_EXCLUSIONS,
    **options: Any,
) -> Iterator[RawItem | Rejection]:
    """Read every path (``-`` is standard input) with the reader for its format.

    ``options`` go to the readers that take them: ``mapping`` (JSONL/CSV field mapping),
    ``fetch_links`` (feeds), fetch settings (URL lists), ``url`` (one HTML page).
    ``urls`` names URL-list files read after the paths whatever their suffix
    (``presswatch ingest --urls FILE``). Only regular files are read (see
    :mod:`.files`); ``excluded`` names files never read (the database being written).
    """
    if format is not None:
        reader_for(format)  # fail early on an unknown name
    for path in paths:
        if str(path) == "-":
            if format is None or format == "text":
                yield from text.read_stdin(settings)
            else:
                import sys

                stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
                yield from reader_for(format)(stream, settings, **options)
            continue
        p = Path(path)
        try:
            st = p.stat()
        except OSError as exc:
            yield Rejection(text.display_path(p), files.oserror(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            # A text or HTML folder is read file by file as detected (it may mix both).
            fmt = None if format in ("text", "html") else format
            yield from _walk(p, settings, fmt, options, excluded)
        elif not stat.S_ISREG(st.st_mode):
            yield Rejection(text.display_path(p), files.not_regular(st.st_mode))
        elif (p, st) in excluded:
            yield Rejection(text.display_path(p), "the database being written: not an input")
        else:
            yield from reader_for(format or detect_format(p))(p, settings, **options)
    for url_list in urls:
        yield from reader_for("urls")(Path(url_list), settings, **options)


def _walk(
    folder: Path, settings: Settings, fmt: str | None, options: dict[str, Any],
    excluded: files.Excluded = files.NO_EXCLUSIONS,
) -> Iterator[RawItem | Rejection]:
    """Every regular file under a folder (sorted, hidden names skipped, each folder once
    so that symlink loops end, the database's own files skipped), each with its own
    reader."""
    for found in files.walk(folder, excluded, settings.max_depth):
        if isinstance(found, Rejection):
            yield found
            continue
        child, st = found
        chosen = fmt or detect_format(child)
        if chosen == "text":
            yield text.read_file(child, st, settings)
        else:
            yield from reader_for(chosen)(child, settings, **options)


def count(paths: Iterable[str | Path]) -> int:
    """How many items ``read`` will yield, cheaply (for a progress bar's total). Files of
    record formats (JSONL, CSV, WARC, feeds) count as one: the bar then shows files."""
    return files.count_files(paths)
