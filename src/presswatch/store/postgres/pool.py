"""A pool of PostgreSQL connections for ``presswatch serve``: one per request, borrowed.

The REST API and the web UI answer requests on many threads. On PostgreSQL each request
borrows a connection from a :class:`StorePool` (psycopg's :class:`~psycopg_pool.
ConnectionPool`), reads through a :class:`~presswatch.store.postgres.PostgresStore` over
it and gives it back; at most ``size`` connections are open at once, and a request that
finds all of them busy waits for one (``timeout`` seconds, then fails). Each connection
is checked when it is lent (a server restart costs one reconnect, not an error), and the
pool is closed when the server shuts down.

Read-only by default: every pooled connection sets ``default_transaction_read_only``, on
top of what the role allows (``presswatch grant-reader`` makes a role whose every
transaction is read-only whatever the client asks). A server that accepts corrections
(``PRESSWATCH_TOKEN``) opens its pool writable; the role still decides.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from presswatch.config import DEFAULT
from presswatch.store.postgres import PostgresStore
from presswatch.store.postgres.url import masked
from presswatch.store.sqlite import SchemaError


class StorePool:
    """Up to ``size`` connections to the database at ``url``, lent one per request."""

    def __init__(self, url: str, *, size: int = DEFAULT.pool_size, read_only: bool = True,
                 timeout: float = 30.0) -> None:
        from psycopg_pool import ConnectionPool, PoolTimeout

        if size < 1:
            raise ValueError(f"a pool needs at least one connection (got {size})")
        self.path = masked(url)
        self.size = size
        self.read_only = read_only
        # The store of each open connection (dropped with the connection).
        self._stores: weakref.WeakKeyDictionary[Any, PostgresStore] = (
            weakref.WeakKeyDictionary())

        def configure(conn: Any) -> None:
            if read_only:
                conn.execute("SET default_transaction_read_only = on")

        self._pool: ConnectionPool[Any] = ConnectionPool(
            url, min_size=1, max_size=size, open=False, timeout=timeout,
            kwargs={"autocommit": True, "application_name": "presswatch"},
            configure=configure, check=ConnectionPool.check_connection,
            name="presswatch")
        try:
            self._pool.open(wait=True, timeout=timeout)
        except PoolTimeout:
            self._pool.close()
            raise SchemaError(f"cannot connect to {self.path}") from None
        try:
            with self._pool.connection() as conn:
                PostgresStore.borrowed(conn, self.path, read_only=read_only)._prepare_schema()
        except BaseException:
            self._pool.close()
            raise

    @contextmanager
    def store(self) -> Iterator[PostgresStore]:
        """A store over a borrowed connection, given back (any transaction left open
        rolled back) when the block ends. Each connection keeps one store from lending
        to lending, so what a store caches against the database's change token (the
        event-join check) outlives one request."""
        with self._pool.connection() as conn:
            store = self._stores.get(conn)
            if store is None:
                store = self._stores[conn] = PostgresStore.borrowed(
                    conn, self.path, read_only=self.read_only)
            else:
                store.lent()
            yield store

    def stats(self) -> dict[str, int]:
        """The pool's counters (psycopg_pool's ``get_stats``: ``pool_size``,
        ``requests_num``, ``connections_num``...)."""
        return dict(self._pool.get_stats())

    @property
    def closed(self) -> bool:
        return bool(self._pool.closed)

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> StorePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
