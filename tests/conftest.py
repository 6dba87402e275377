from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSWATCH_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CONTRACT = SHARED / "contract" / "document.schema.json"
SAMPLES = ROOT / "samples" / "news"


def need(path: Path) -> Path:
    """Skip the test when a ../shared file is absent (e.g. on a machine without it)."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture(scope="session")
def contract_schema() -> dict:
    import json

    return json.loads(need(CONTRACT).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def en():
    """The English backend (loaded once per process; backend_for caches it)."""
    from presswatch.nlp import backend_for

    backend = backend_for("en")
    assert backend is not None
    return backend


@pytest.fixture(scope="session")
def ru():
    """The Russian backend."""
    from presswatch.nlp import backend_for

    backend = backend_for("ru")
    assert backend is not None
    return backend


# -- database backends: every store, query and API test runs on SQLite and PostgreSQL ------
# PostgreSQL tests use the server at $PRESSWATCH_TEST_PG (default: the local one, trust
# auth); they create one database for the session, named uniquely, one schema per test,
# and drop the database at the end. Without a reachable server they skip, saying why.
PG_SERVER = os.environ.get("PRESSWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_unreachable() -> str | None:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - a dependency
        return f"psycopg is not installed: {exc}"
    try:
        psycopg.connect(PG_SERVER, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {PG_SERVER}: {str(exc).strip()[:200]}"
    return None


@pytest.fixture(scope="session")
def pg_database():
    """(server URL without a database, database name) of this session's database."""
    import uuid

    import psycopg

    reason = _pg_unreachable()
    if reason:
        pytest.skip(reason)
    name = f"presswatch_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    base = PG_SERVER.rsplit("/", 1)[0]
    yield base, name
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_SCHEMAS = iter(range(1, 1_000_000))


@pytest.fixture()
def pg_url(pg_database) -> str:
    """A URL to an empty schema of the session's database (one per test)."""
    import psycopg

    base, name = pg_database
    schema = f"t{next(_SCHEMAS)}"
    with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{base}/{name}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request, tmp_path: Path) -> Path | str:
    """A database to create: a SQLite file, or an empty PostgreSQL schema."""
    if request.param == "sqlite":
        return tmp_path / "news.db"
    return request.getfixturevalue("pg_url")
