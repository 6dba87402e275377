"""The web UI in a real browser (Debian's chromium driven by Playwright): every page loads
without console errors, search -> document -> entity -> graph by clicking, charts render,
a hostile article stays inert. Skipped, with the reason, where chromium is absent (.ci/run
installs it)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.corpus_fixture import HOSTILE_TITLE, build

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from presswatch.api import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGES = ["#/", "#/search?q=Lukashenko", "#/doc/doc1", "#/doc/doc3", "#/entity/E1",
         "#/figures", "#/events", "#/network", "#/network?entity=E4&depth=2"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build(Path(tmp_path_factory.mktemp("web")) / "web.db")
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server)
    pg = context.new_page()
    pg.problems = []  # console errors and uncaught exceptions
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("requestfailed", lambda r: pg.problems.append(f"failed {r.url}"))
    pg.on("request", lambda r: r.url.startswith(server) or r.url.startswith("data:")
          or pg.problems.append(f"outside request {r.url}"))
    yield pg
    context.close()


def ready(pg, hash_: str) -> None:  # type: ignore[no-untyped-def]
    """Go to a page of the UI and wait until it has rendered (the app sets data-ready)."""
    if pg.url.startswith("http"):  # a hash change: the old page's mark goes first
        pg.evaluate("() => { delete document.body.dataset.ready; }")
    pg.goto("/" + hash_)
    pg.wait_for_function("() => document.body.dataset.ready !== undefined")


def test_every_page_loads_without_console_errors(page) -> None:  # type: ignore[no-untyped-def]
    for hash_ in PAGES:
        ready(page, hash_)
        assert page.evaluate("document.body.dataset.ready") != "error", hash_
        assert not page.query_selector(".error"), hash_
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.problems == []


def test_search_document_entity_graph_by_clicking(page) -> None:  # type: ignore[no-untyped-def]
    ready(page, "#/")
    page.fill("input[name=q]", "trade")
    page.click("form.filters button")
    page.wait_for_selector(".hit mark")
    assert page.inner_text(".hit mark").lower() == "trade"
    page.click(".hit h2 a")
    page.wait_for_selector("#doc-text")
    assert page.inner_text("h1") == "Talks in Minsk"
    assert page.query_selector("#doc-text [data-kind~=quote]")
    assert page.query_selector("#doc-text [data-kind~=figure]")
    page.click("#doc-text a[href='#/entity/E2']")
    page.wait_for_selector("svg.graph g.node")
    assert page.inner_text("h1") == "Vladimir Putin"
    page.click("svg.graph g.node[data-id=E1]")
    page.wait_for_function("() => document.querySelector('h1')?.textContent === "
                           "'Alexander Lukashenko'")
    assert page.problems == []


def test_charts_and_graph_render(page) -> None:  # type: ignore[no-untyped-def]
    ready(page, "#/entity/E1")
    assert len(page.query_selector_all("svg.chart rect.bar")) >= 3
    assert len(page.query_selector_all("svg.graph g.node")) == 3
    assert len(page.query_selector_all("svg.graph line")) >= 2
    ready(page, "#/events")
    assert page.query_selector_all("svg.chart rect.bar")
    ready(page, "#/figures?claimant=E1")
    assert page.query_selector_all("table.data tbody tr")
    assert page.problems == []


def test_hostile_article_stays_inert(page) -> None:  # type: ignore[no-untyped-def]
    for hash_ in ("#/doc/doc3", "#/search?q=Evil", "#/entity/E4", "#/"):
        ready(page, hash_)
        assert page.evaluate("window.__pwned === undefined"), hash_
        assert not page.query_selector("main img"), hash_
        assert not page.query_selector("main script"), hash_
    ready(page, "#/doc/doc3")
    assert page.inner_text("h1") == HOSTILE_TITLE  # shown as text
    assert "onerror" in page.inner_text("#doc-text")
    assert page.problems == []


def test_search_shows_a_lower_bound_and_the_facets_scope(page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from presswatch.store import textsearch

    # the server runs in this process: bounds of one candidate and a count cap of one
    monkeypatch.setattr(textsearch, "SEARCH_CANDIDATES", 1)
    monkeypatch.setattr(textsearch, "MATCH_CAP", 1)
    ready(page, "#/search?q=Lukashenko")
    pager = page.inner_text(".pager .muted")
    assert pager.endswith("+") and " of " in pager
    assert page.inner_text(".facets-over") == "counted over the newest 1 matches"
    monkeypatch.setattr(textsearch, "SEARCH_CANDIDATES", 1000)
    monkeypatch.setattr(textsearch, "MATCH_CAP", 5000)
    ready(page, "#/search?q=Putin")
    assert not page.inner_text(".pager .muted").endswith("+")
    assert not page.query_selector(".facets-over")
    assert page.problems == []
