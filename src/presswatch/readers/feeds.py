"""RSS and Atom feeds (feedparser).

An entry with full content (``content:encoded``, Atom ``<content>``) becomes an HTML item
with the entry's title, date, link and the feed's title as outlet in ``meta``. An entry
with only a summary: with ``fetch_links=True`` its link is fetched through the URL reader
(the entry's metadata is kept, the page supplies the body); otherwise the summary is the
text and ``meta["warning"]`` says so. Source names are ``<feed>#<entry id or link>``; the
group is the feed. A feed that does not parse is one Rejection.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.files import InputError, read_regular
from presswatch.readers.html import html_item
from presswatch.readers.mapping import looks_like_html
from presswatch.readers.text import display_path

SUFFIXES = (".rss", ".atom", ".feed")
SUMMARY_ONLY = "feed entry has only a summary: the full article was not fetched (--fetch-links)"


def _published(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)
    return None


def read_feed(
    path_or_stream: str | Path | IO[bytes],
    settings: Settings = DEFAULT,
    *,
    fetch_links: bool = False,
    **options: object,
) -> Iterator[RawItem | Rejection]:
    import feedparser

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
    else:
        name = display_path(Path(path_or_stream))
        try:
            data = read_regular(path_or_stream, settings.max_bytes)
        except InputError as exc:
            yield Rejection(name, str(exc))
            return
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a feed: {feed.bozo_exception}" if feed.get("bozo") else "feed has no entries"
        yield Rejection(name, reason)
        return
    outlet = (feed.feed.get("title") or "").strip()
    to_fetch: list[tuple[str, dict[str, str]]] = []
    for i, entry in enumerate(feed.entries):
        if i >= settings.max_feed_entries:
            yield Rejection(f"{name}#entry-{i + 1}", f"feed too long: {len(feed.entries)} "
                            f"entries > limit {settings.max_feed_entries}; the rest not read")
            break
        key = entry.get("id") or entry.get("link") or str(i)
        source = f"{name}#{key}"
        meta: dict[str, str] = {}
        for ours, value in (("title", entry.get("title")), ("published", _published(entry)),
                            ("url", entry.get("link")), ("outlet", outlet),
                            ("author", entry.get("author"))):
            if value:
                meta[ours] = str(value).strip()
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        body = max(contents, key=len) if contents else ""
        if body.strip():
            yield _entry_item(source, name, body, meta)
            continue
        summary = (entry.get("summary") or "").strip()
        if fetch_links and entry.get("link"):
            to_fetch.append((entry["link"], meta))
            continue
        if not summary:
            yield Rejection(source, "feed entry has neither content nor summary")
            continue
        meta["warning"] = SUMMARY_ONLY
        yield _entry_item(source, name, summary, meta)
    if to_fetch:
        from presswatch.readers.urls import fetch_urls

        fetched = fetch_urls([link for link, _ in to_fetch], settings, **options)
        for (_link, meta), item in zip(to_fetch, fetched, strict=True):
            if isinstance(item, Rejection):
                yield item
                continue
            merged = {**item.meta, **{k: v for k, v in meta.items() if k != "url"}}
            yield RawItem(item.source, item.text, name, item.encoding, merged)


def _entry_item(source: str, group: str, body: str, meta: dict[str, str]) -> RawItem | Rejection:
    if looks_like_html(body) or body.lstrip().startswith("<"):
        wrapped = f"<html><body><article>{body}</article></body></html>"
        return html_item(source, group, wrapped, meta=meta)
    return RawItem(source=source, text=body, group=group, meta=meta)
