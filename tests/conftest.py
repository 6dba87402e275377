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
