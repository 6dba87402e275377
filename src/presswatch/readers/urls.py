"""URL lists: a ``.txt``/``.urls`` file with one URL per line (``#`` comments and blank
lines skipped), or ``presswatch ingest --urls FILE``; every page is fetched and goes
through the HTML reader (source = the URL, group = its host).

Fetching (:class:`Fetcher`), with httpx:

* a clear User-Agent, ``presswatch/<version> (+https://github.com/presswatch)``;
* robots.txt honoured (``urllib.robotparser``, fetched once per host; a missing robots.txt
  allows everything, a server error on it disallows the host, as the standard says);
* timeouts (connect and read), and retries with exponential backoff (``backoff``,
  ``2 * backoff``, ...) on connection errors, timeouts, 429 and 5xx; a ``Retry-After`` in
  seconds is honoured up to ``max_backoff``;
* concurrency across hosts (a thread pool), and a per-host rate limit: at most one request
  per ``per_host_interval`` seconds to one host, whatever the number of workers;
* results come back in the order of the list, so a run is reproducible.

Every failure (refused by robots.txt, timeout, HTTP 404, not HTML) is a Rejection naming
the URL and the reason.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.files import InputError, read_regular
from presswatch.readers.html import html_item
from presswatch.readers.text import DecodeError, decode_bytes, display_path

SUFFIXES = (".urls",)
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def user_agent() -> str:
    from presswatch import __version__

    return f"presswatch/{__version__} (+https://github.com/presswatch)"


def is_url(line: str) -> bool:
    parts = urlsplit(line.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in line.strip()


def parse_url_list(text: str) -> list[str]:
    urls = []
    for line in text.split("\n"):
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def looks_like_url_list(text: str) -> bool:
    lines = parse_url_list(text)
    return bool(lines) and all(is_url(line) for line in lines)


@dataclass(slots=True)
class FetchOptions:
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    per_host_interval: float = 1.0
    workers: int = 8
    respect_robots: bool = True


class Fetcher:
    """Fetches pages politely; thread-safe, one instance per batch."""

    def __init__(self, settings: Settings = DEFAULT, options: FetchOptions | None = None,
                 client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.options = options or FetchOptions()
        self.client = client or httpx.Client(
            headers={"User-Agent": user_agent()},
            timeout=httpx.Timeout(self.options.timeout),
            follow_redirects=True,
        )
        self._own_client = client is None
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._next_slot: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    # -- politeness --------------------------------------------------------------------
    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_turn(self, host: str) -> None:
        """Block until this host may be asked again (one request per interval)."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self.options.per_host_interval
        if slot > now:
            time.sleep(slot - now)

    def allowed(self, url: str) -> bool:
        if not self.options.respect_robots:
            return True
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._host_lock(root):
            if root not in self._robots:
                self._robots[root] = self._load_robots(root)
        parser = self._robots[root]
        return parser is None or parser.can_fetch(user_agent(), url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(f"{root}/robots.txt")
        try:
            response = self._get(f"{root}/robots.txt")
        except httpx.HTTPError:
            return None  # unreachable robots.txt: the page fetch will report the host
        if response.status_code in (401, 403) or response.status_code >= 500:
            # typeshed omits these two attributes RobotFileParser sets in __init__ and reads
            parser.disallow_all = True  # type: ignore[attr-defined]
        elif response.status_code >= 400:
            parser.allow_all = True  # type: ignore[attr-defined]
        else:
            parser.parse(response.text.splitlines())
        return parser

    # -- fetching ----------------------------------------------------------------------
    def _get(self, url: str) -> httpx.Response:
        host = urlsplit(url).netloc
        delay = self.options.backoff
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                response = self.client.get(url)
            except (httpx.TimeoutException, httpx.TransportError):
                if attempt >= self.options.retries:
                    raise
            else:
                if response.status_code not in _RETRY_STATUS or attempt >= self.options.retries:
                    return response
                after = response.headers.get("Retry-After", "")
                if after.isdigit():
                    delay = max(delay, float(after))
            time.sleep(min(delay, self.options.max_backoff))
            delay *= 2
            attempt += 1

    def fetch(self, url: str) -> RawItem | Rejection:
        url = url.strip()
        if not is_url(url):
            return Rejection(url, "not an http(s) URL")
        host = urlsplit(url).netloc
        try:
            if not self.allowed(url):
                return Rejection(url, "disallowed by robots.txt")
            response = self._get(url)
        except httpx.TimeoutException:
            return Rejection(url, f"timed out after {self.options.retries + 1} attempts")
        except httpx.HTTPError as exc:
            return Rejection(url, f"fetch failed: {exc.__class__.__name__}: {exc}")
        if response.status_code >= 400:
            return Rejection(url, f"HTTP {response.status_code}")
        ctype = response.headers.get("Content-Type", "").lower()
        if ctype and "html" not in ctype and "xml" not in ctype:
            return Rejection(url, f"not an HTML page ({ctype.split(';')[0]})")
        data = response.content
        if len(data) > self.settings.max_bytes:
            return Rejection(url, f"page too large: {len(data)} bytes")
        return html_item(
            url, host, data, url=str(response.url), charset=response.charset_encoding,
            meta={"fetched": response.headers.get("Date", "")} if "Date" in response.headers
            else None,
        )

    def fetch_all(self, urls: Iterable[str]) -> Iterator[RawItem | Rejection]:
        """Fetch concurrently, yield in the given order."""
        urls = list(urls)
        if not urls:
            return
        with ThreadPoolExecutor(max_workers=max(1, self.options.workers)) as pool:
            yield from pool.map(self.fetch, urls)


def _options(opts: dict[str, object]) -> FetchOptions:
    base = FetchOptions()
    for key in FetchOptions.__slots__:
        if key in opts and opts[key] is not None:
            setattr(base, key, opts[key])
    return base


def fetch_urls(
    urls: Iterable[str], settings: Settings = DEFAULT, **options: object
) -> Iterator[RawItem | Rejection]:
    fetcher = Fetcher(settings, _options(options))
    try:
        yield from fetcher.fetch_all(urls)
    finally:
        fetcher.close()


def read_urls(
    path_or_stream: str | Path | IO[bytes],
    settings: Settings = DEFAULT,
    **options: object,
) -> Iterator[RawItem | Rejection]:
    """A URL list file (or stream): fetch every URL (see the module docs for options:
    ``timeout``, ``retries``, ``backoff``, ``per_host_interval``, ``workers``)."""
    try:
        if hasattr(path_or_stream, "read"):
            name = str(getattr(path_or_stream, "name", "<stream>"))
            data = path_or_stream.read(settings.max_bytes)
        else:
            name = display_path(Path(path_or_stream))
            data = read_regular(path_or_stream, settings.max_bytes)
        text = data if isinstance(data, str) else decode_bytes(data)[0]
    except (OSError, DecodeError, InputError) as exc:
        yield Rejection(str(path_or_stream), f"unreadable URL list: {exc}")
        return
    urls = parse_url_list(text)
    if not urls:
        yield Rejection(name, "empty URL list")
        return
    yield from fetch_urls(urls, settings, **options)
