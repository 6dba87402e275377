"""URL fetching against a local http.server: robots.txt, retries, timeouts, rate limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import pytest

from presswatch import readers
from presswatch.model import RawItem, Rejection
from presswatch.readers.urls import Fetcher, FetchOptions, read_urls, user_agent

PAGE = (b"<html><head><title>T</title></head><body><article><p>"
        + b"A sentence of the article body that is long enough. " * 5
        + b"</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, list[float]]] = {}
    agents: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        Handler.hits.setdefault(self.path, []).append(time.monotonic())
        Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/flaky":  # 503 twice, then the page
            if len(Handler.hits[self.path]) <= 2:
                self._send(503, b"busy", "text/plain")
            else:
                self._send(200, PAGE)
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, PAGE)
        elif self.path == "/missing":
            self._send(404, b"no", "text/plain")
        elif self.path == "/image":
            self._send(200, b"\x89PNG", "image/png")
        else:
            self._send(200, PAGE)

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server() -> Iterator[str]:
    Handler.hits = {}
    Handler.agents = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fast(**kw: object) -> FetchOptions:
    base = {"timeout": 0.5, "retries": 2, "backoff": 0.05, "per_host_interval": 0.0}
    base.update(kw)
    return FetchOptions(**base)  # type: ignore[arg-type]


def test_pages_become_html_items_in_order(server: str, tmp_path: Path) -> None:
    lst = tmp_path / "list.urls"
    lst.write_text(f"# a comment\n{server}/a\n\n{server}/b\n{server}/missing\n{server}/image\n")
    got = list(read_urls(lst, per_host_interval=0.0))
    assert [g.source for g in got] == [f"{server}/{p}" for p in ("a", "b", "missing", "image")]
    assert isinstance(got[0], RawItem) and got[0].meta["format"] == "html"
    assert got[0].meta["url"] == f"{server}/a" and got[0].group.startswith("127.0.0.1")
    assert isinstance(got[2], Rejection) and got[2].reason == "HTTP 404"
    assert isinstance(got[3], Rejection) and "not an HTML page" in got[3].reason
    assert all(a == user_agent() for a in Handler.agents)
    assert user_agent().startswith("presswatch/") and "(+https://github.com/presswatch)" in (
        user_agent()
    )


def test_robots_disallow_is_honoured(server: str) -> None:
    fetcher = Fetcher(options=fast())
    try:
        got = fetcher.fetch(f"{server}/private/secret")
    finally:
        fetcher.close()
    assert isinstance(got, Rejection) and got.reason == "disallowed by robots.txt"
    assert "/private/secret" not in Handler.hits


def test_retry_on_503(server: str) -> None:
    fetcher = Fetcher(options=fast())
    try:
        got = fetcher.fetch(f"{server}/flaky")
    finally:
        fetcher.close()
    assert isinstance(got, RawItem)
    assert len(Handler.hits["/flaky"]) == 3
    gaps = [b - a for a, b in pairwise(Handler.hits["/flaky"])]
    assert gaps[1] > gaps[0] * 1.5  # exponential backoff


def test_timeout_is_a_rejection(server: str) -> None:
    fetcher = Fetcher(options=fast(timeout=0.2, retries=1))
    try:
        got = fetcher.fetch(f"{server}/slow")
    finally:
        fetcher.close()
    assert isinstance(got, Rejection) and "timed out" in got.reason


def test_per_host_rate_limit(server: str) -> None:
    fetcher = Fetcher(options=fast(per_host_interval=0.2, workers=4))
    try:
        got = list(fetcher.fetch_all([f"{server}/p{i}" for i in range(4)]))
    finally:
        fetcher.close()
    assert all(isinstance(g, RawItem) for g in got)
    times = sorted(t for path, ts in Handler.hits.items() if path.startswith("/p") for t in ts)
    assert len(times) == 4
    assert all(b - a >= 0.18 for a, b in pairwise(times))


def test_txt_url_list_is_sniffed(server: str, tmp_path: Path) -> None:
    lst = tmp_path / "links.txt"
    lst.write_text(f"{server}/a\n{server}/b\n")
    assert readers.detect_format(lst) == "urls"
    got = list(readers.read([lst], per_host_interval=0.0))
    assert len(got) == 2 and all(isinstance(g, RawItem) for g in got)
