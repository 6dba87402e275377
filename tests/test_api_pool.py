"""``presswatch serve`` on PostgreSQL: each request borrows a pooled connection, read-only
unless corrections are allowed, and the pool closes on shutdown.

Needs a PostgreSQL server (tests/conftest.py: ``pg_url`` skips with the reason when none
answers).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.request
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest

from presswatch.api import create_app
from presswatch.api.app import pool_size_from_env
from tests.corpus_fixture import build

uvicorn = pytest.importorskip("uvicorn")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

URLS = ["/api/stats", "/api/search?q=talks", "/api/entities", "/api/quotes",
        "/api/figures", "/api/documents", "/api/timeline?q=talks"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, json.loads(r.read())


def test_concurrent_requests_borrow_from_the_pool_which_closes_on_shutdown(pg_url: str) -> None:
    build(pg_url)
    app = create_app(pg_url, token=None, pool_size=3)
    pool = app.state.pool
    assert pool is not None and pool.stats()["pool_max"] == 3
    borrowed_before = pool.stats()["requests_num"]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        assert server.started
        urls = [f"http://127.0.0.1:{port}{u}" for u in URLS] * 6
        with ThreadPoolExecutor(8) as threads:
            answers = list(threads.map(_get, urls))
        assert [status for status, _ in answers] == [200] * len(urls)
        stats = {body["documents"] for (_, body), u in zip(answers, urls, strict=True)
                 if u.endswith("/api/stats")}
        assert stats == {3}
        after = pool.stats()
        # one borrow per request; never more connections than the pool's size
        assert after["requests_num"] - borrowed_before == len(urls)
        assert after["pool_size"] <= 3
        assert not pool.closed
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    assert pool.closed


def test_pooled_connections_are_read_only_without_a_token(pg_url: str) -> None:
    build(pg_url)
    app = create_app(pg_url, token=None)
    try:
        with app.state.pool.store() as store:
            assert store.read_only
            assert store._db.execute("SHOW transaction_read_only").fetchone()[0] == "on"
            with pytest.raises(Exception, match="read-only"):
                store._db.execute("DELETE FROM documents")
        # the failed statement's transaction was rolled back: the connection is reusable
        with app.state.pool.store() as again:
            assert again.stats()["documents"] == 3
            assert again is store  # one pool connection so far: its store, lent again
    finally:
        app.state.pool.close()
    writable = create_app(pg_url, token="s3cret", pool_size=1)
    try:
        with writable.state.pool.store() as store:
            assert not store.read_only
            assert store._db.execute("SHOW transaction_read_only").fetchone()[0] == "off"
    finally:
        writable.state.pool.close()


def test_serve_reads_through_the_reader_role(pg_url: str, pg_database) -> None:
    from presswatch.store.postgres.roles import create_reader, drop_role

    build(pg_url)
    role = f"pw_pool_{pg_database[1][-8:]}"
    reader_url = create_reader(pg_url, role)
    try:
        # even with a token, the role's transactions are read-only
        app = create_app(reader_url, token="s3cret", pool_size=2)
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.get("/api/stats").json()["documents"] == 3
            with app.state.pool.store() as store:
                assert store._db.execute("SELECT current_user").fetchone()[0] == role
                assert store.read_only
            refused = client.post("/api/entities/E1/rename", json={"name": "X"},
                                  headers={"Authorization": "Bearer s3cret"})
            assert refused.status_code == 500
            assert client.get("/api/entities/E1").json()["name"] != "X"
        assert app.state.pool.closed
    finally:
        drop_role(pg_url, role)


def test_pool_size_setting(monkeypatch: pytest.MonkeyPatch, pg_url: str) -> None:
    monkeypatch.delenv("PRESSWATCH_POOL_SIZE", raising=False)
    assert pool_size_from_env() == 10
    monkeypatch.setenv("PRESSWATCH_POOL_SIZE", "4")
    assert pool_size_from_env() == 4
    app = create_app(build(pg_url), token=None)
    try:
        assert app.state.pool.stats()["pool_max"] == 4
    finally:
        app.state.pool.close()
    for bad in ("0", "-2", "many"):
        monkeypatch.setenv("PRESSWATCH_POOL_SIZE", bad)
        with pytest.raises(ValueError, match="PRESSWATCH_POOL_SIZE"):
            pool_size_from_env()


def test_serve_passes_the_pool_size(monkeypatch: pytest.MonkeyPatch, pg_url: str) -> None:
    from typer.testing import CliRunner

    from presswatch.cli import app as cli

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    # set here so that the test's end restores them (serve sets both for uvicorn's app)
    monkeypatch.setenv("PRESSWATCH_POOL_SIZE", "1")
    monkeypatch.setenv("PRESSWATCH_DB", "unused.db")
    build(pg_url)
    result = CliRunner().invoke(cli, ["serve", "--db", pg_url, "--pool-size", "7"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert os.environ["PRESSWATCH_POOL_SIZE"] == "7" and os.environ["PRESSWATCH_DB"] == pg_url
    bad = CliRunner().invoke(cli, ["serve", "--db", pg_url, "--pool-size", "0"])
    assert bad.exit_code != 0
