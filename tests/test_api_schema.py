"""Schemathesis against the OpenAPI document: generated requests to every operation never
get a server error, and every answer matches what the schema documents (status codes,
content types, the error shape). Bounded (a few examples per operation) to stay fast."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from presswatch.api import create_app  # noqa: E402
from tests.corpus_fixture import build  # noqa: E402

# Built at collection: schemathesis needs the schema to generate the test cases.
_TMP = Path(tempfile.mkdtemp(prefix="pw-schema-"))
atexit.register(shutil.rmtree, _TMP, True)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    # The exhaustive coverage phase is left out: a few generated examples per operation.
    config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(build(_TMP / "s.db")),
                                            config=config)


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_openapi_conformance(case) -> None:
    # A value the schema allows may still be refused on meaning (a 31 February, an unknown
    # entity): those answers are documented 4xx, so that one check is left out.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
