"""The REST API: every endpoint, the one error shape (pinned), CSV, the token for
corrections, security headers, local Swagger assets; schemathesis over the OpenAPI."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import pytest

from tests.corpus_fixture import HOSTILE_QUOTE, build

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from presswatch.api import create_app

ERROR_KEYS = {"type", "message", "status", "field", "candidates"}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return build(tmp_path / "api.db")


@pytest.fixture()
def client(db: Path):
    app = create_app(db, token="s3cret")
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def get(client, url: str, status: int = 200) -> dict:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def assert_error(body: dict, status: int, type_: str) -> None:
    """The one error shape: exactly these keys, whatever raised it."""
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status and body["error"]["type"] == type_
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_reading_endpoints(client) -> None:
    assert get(client, "/api/stats")["documents"] == 3
    found = get(client, "/api/search?q=переговорах")
    assert found["total"] == 1 and found["items"][0]["id"] == "doc2"
    assert {"outlet", "language", "month", "entity"} <= set(found["facets"])
    docs = get(client, "/api/documents?limit=2&offset=1")
    assert docs["total"] == 3 and len(docs["items"]) == 2 and docs["offset"] == 1
    doc = get(client, "/api/documents/doc1")
    assert doc["text"][doc["quotes"][0]["start"]:doc["quotes"][0]["end"]] == doc["quotes"][0][
        "text"]
    assert get(client, "/api/entities?type=PERSON")["total"] == 2
    profile = get(client, "/api/entities/Лукашенко")
    assert profile["id"] == "E1" and profile["quotes_by"]["total"] == 2
    assert get(client, "/api/quotes?speaker=E1")["total"] == 2
    assert get(client, "/api/figures?unit=usd")["total"] == 1
    assert get(client, "/api/figures/series?claimant=E1")["total"] == 2
    assert get(client, "/api/events?type=meeting")["total"] == 2
    net = get(client, "/api/network?entity=E4&depth=2")
    assert len(net["edges"]) == 3
    assert [b["period"] for b in get(client, "/api/timeline?entity=E1")["items"]] == [
        "2024-03", "2024-04", "2024-05"]
    assert get(client, "/api/timeline?q=Lukashenko&interval=week")["total"] == 2


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "node-link", "csv", "nodes-csv"])
def test_network_formats(client, fmt: str) -> None:
    r = client.get(f"/api/network?format={fmt}")
    assert r.status_code == 200 and r.text.strip()


def test_csv_tables_are_formula_safe(client) -> None:
    for path in ("quotes", "figures", "events", "documents", "entities"):
        r = client.get(f"/api/{path}?format=csv")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert len(list(csv.reader(io.StringIO(r.text)))) >= 2
    rows = list(csv.DictReader(io.StringIO(client.get("/api/quotes?format=csv&speaker=E4")
                                           .text)))
    assert rows[0]["text"] == "'" + HOSTILE_QUOTE


@pytest.mark.parametrize(("url", "status", "type_", "field"), [
    ("/api/quotes?since=2022-13-45", 422, "invalid_query", "since"),
    ("/api/quotes?kind=quote", 422, "invalid_query", "kind"),
    ("/api/events?type=meetings", 422, "invalid_query", "type"),
    ("/api/quotes?limit=-1", 422, "invalid_query", "limit"),
    ("/api/quotes?limit=99999999999999999999", 422, "invalid_query", "limit"),
    ("/api/quotes?limit=abc", 422, "invalid_query", "limit"),
    ("/api/network?depth=7", 422, "invalid_query", "depth"),
    ("/api/search?q=!!!", 422, "invalid_query", "q"),
    ("/api/documents/nope", 404, "not_found", "id"),
    ("/api/entities/Nobody", 404, "entity_not_found", "entity"),
    ("/api/quotes?speaker=Nobody", 404, "entity_not_found", "speaker"),
    ("/api/no/such/route", 404, "not_found", None),
])
def test_one_error_shape(client, url: str, status: int, type_: str, field: str | None) -> None:
    body = get(client, url, status)
    assert_error(body, status, type_)
    assert body["error"]["field"] == field


def test_ambiguous_name_lists_candidates(client) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    for ref in ("E2", "E4"):
        r = client.post(f"/api/entities/{ref}/alias", json={"alias": "The Leader"},
                        headers=auth)
        assert r.status_code == 200, r.text
    body = get(client, "/api/entities/the%20leader", 409)
    assert_error(body, 409, "ambiguous_entity")
    assert {c["id"] for c in body["error"]["candidates"]} == {"E2", "E4"}


def test_corrections_need_the_token(client, db: Path) -> None:
    r = client.post("/api/entities/E1/rename", json={"name": "A. Lukashenka"})
    assert r.status_code == 403
    assert_error(r.json(), 403, "forbidden")
    r = client.post("/api/entities/E1/rename", json={"name": "A. Lukashenka"},
                    headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = client.post("/api/entities/E1/rename", json={"name": "A. Lukashenka"},
                    headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200, r.text
    figures = get(client, "/api/figures?claimant=A.%20Lukashenka")
    assert figures["total"] == 2 and {f["claimant"] for f in figures["items"]} == {
        "A. Lukashenka"}
    merged = client.post("/api/merge", json={"refs": ["E4"], "into": "E1"},
                         headers={"Authorization": "Bearer s3cret"})
    assert merged.status_code == 200 and merged.json()["merged"] == ["E4"]
    read_only = create_app(db)  # no token at all: read-only
    with TestClient(read_only) as c:
        r = c.post("/api/entities/E1/alias", json={"alias": "x"},
                   headers={"Authorization": "Bearer "})
        assert r.status_code == 403 and "read-only" in r.json()["error"]["message"]


def test_security_headers_and_local_docs(client) -> None:
    for url in ("/", "/api/stats", "/docs"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") or a.startswith("data:") for a in assets)
    for asset in assets:
        if asset.startswith("/"):
            assert client.get(asset).status_code == 200, asset
    spec = get(client, "/openapi.json")
    assert {"/api/search", "/api/quotes", "/api/entities/{ref}", "/api/network"} <= set(
        spec["paths"])
    index = client.get("/").text
    assert "http://" not in index and "https://" not in index


def test_no_database_is_a_clear_error(tmp_path: Path) -> None:
    app = create_app(tmp_path / "missing.db")
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
    assert r.status_code == 503
    assert_error(r.json(), 503, "no_database")
    assert not (tmp_path / "missing.db").exists()
