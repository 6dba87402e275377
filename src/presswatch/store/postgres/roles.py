"""A read-only database role for ``presswatch serve`` (``presswatch grant-reader``).

The role may log in, connect, and read every presswatch table and function of the
schema, now and after later migrations (default privileges); every transaction it opens
is read-only (``default_transaction_read_only``). Its password, if any, comes from the
environment (``PRESSWATCH_READER_PASSWORD``), never from the command line, and is never
printed. The same SQL, to run by hand, is in docs/postgresql.md.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit, urlunsplit

from psycopg import sql

from presswatch.store.postgres import connect


def reader_url(url: str, role: str) -> str:
    """``url`` with ``role`` as its user (and no password: libpq takes it from
    ``PGPASSWORD`` or ``~/.pgpass``)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{quote(role, safe='')}@{host}"))


def create_reader(url: str, role: str, password: str | None = None) -> str:
    """Create (or update) the read-only ``role`` over the database and schema of
    ``url`` (connected as a user who may grant); the URL the role connects with."""
    password = password if password is not None else os.environ.get(
        "PRESSWATCH_READER_PASSWORD")
    conn = connect(url)
    try:
        with conn.transaction():
            db, schema = conn.execute("SELECT current_database(), current_schema()").fetchone()
            r, s = sql.Identifier(role), sql.Identifier(schema)
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  [role]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(r))
            if password:
                conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    r, sql.Literal(password)))
            for stmt in (
                "ALTER ROLE {r} SET default_transaction_read_only = on",
                "GRANT CONNECT ON DATABASE {d} TO {r}",
                "GRANT USAGE ON SCHEMA {s} TO {r}",
                "GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}",
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {r}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT ON TABLES TO {r}",
            ):
                conn.execute(sql.SQL(stmt).format(r=r, s=s, d=sql.Identifier(db)))
    finally:
        conn.close()
    return reader_url(url, role)


def drop_role(url: str, role: str) -> None:
    """Take back everything :func:`create_reader` granted and drop the role."""
    conn = connect(url)
    try:
        with conn.transaction():
            r = sql.Identifier(role)
            conn.execute(sql.SQL("DROP OWNED BY {}").format(r))
            conn.execute(sql.SQL("DROP ROLE {}").format(r))
    finally:
        conn.close()
