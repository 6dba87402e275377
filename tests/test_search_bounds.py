"""Bounded full-text search (store/textsearch.py) on both backends: a common word ranks
its newest K matches and lists the older ones after them newest first, its total is a
lower bound past the count cap, facets count the ranked candidates; a rare word ranks
every match; a query's timeline counts its newest matches and says so; the REST API and
the CLI show the flags."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

import presswatch
from presswatch.model import Document
from presswatch.store import open_store, textsearch

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

N = 30
K = 5
CAP = 12
TIMELINE_CAP = 7


def _doc(i: int) -> Document:
    title = f"Note {i}"
    body = f"Report {i} from the harbour and the old town."
    if i == 3:  # the best match of all, but old: outside the newest K
        title = "Harbour harbour harbour"
        body = "The harbour, the harbour and the harbour again. " + body
    if i == 27:  # the best match among the newest K: the word in its title
        title = f"Harbour note {i}"
    if i % 10 == 0:  # a rare word, 3 documents; the oldest has it in its title
        body += " A lighthouse stands there."
        if i == 0:
            title = "Lighthouse"
    return Document(
        id=f"d{i:02d}", source=f"t/{i}.txt", text=f"{title}\n\n{body}", language="en",
        title=title, outlet="Odd Times" if i % 2 else "Even Post",
        published=f"2024-{1 + i // 10:02d}-{1 + i % 10:02d}")


@pytest.fixture()
def target(db_target: Path | str, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    with open_store(db_target) as store:
        store.write_documents([_doc(i) for i in range(N)])
    monkeypatch.setattr(textsearch, "SEARCH_CANDIDATES", K)
    monkeypatch.setattr(textsearch, "MATCH_CAP", CAP)
    monkeypatch.setattr(textsearch, "TIMELINE_CAP", TIMELINE_CAP)
    return db_target


def ids(result: dict) -> list[str]:
    return [h.id for h in result["items"]]


def test_common_word_ranks_the_newest_k_then_lists_the_rest(target) -> None:
    with presswatch.open(target) as c:
        found = c.search("harbour", limit=20)
        newest = [f"d{i:02d}" for i in range(N - K, N)]
        assert found["ranked"] == K and set(ids(found)[:K]) == set(newest)
        assert ids(found)[0] == "d27"  # best ranked among the candidates
        assert "d03" not in ids(found)[:K]  # the best match overall is older
        # after the ranked candidates: the older matches, newest first
        assert ids(found)[K:] == [f"d{i:02d}" for i in range(N - K - 1, N - K - 16, -1)]
        # 30 match, counted to the cap: a lower bound, never below the page
        assert found["total"] == 20 and found["total_exact"] is False
        assert c.search("harbour", limit=3)["total"] == CAP
        # every match can be paged to, and pages join up
        everything = ids(c.search("harbour", limit=0, facets=False))
        assert len(everything) == N and len(set(everything)) == N
        assert ids(c.search("harbour", limit=4, offset=3)) == everything[3:7]
        assert ids(c.search("harbour", limit=5, offset=28)) == everything[28:]


def test_facets_count_the_ranked_candidates(target) -> None:
    with presswatch.open(target) as c:
        found = c.search("harbour")
        assert found["facets_over"] == K
        outlets = {f.value: f.count for f in found["facets"]["outlet"]}
        assert outlets == {"Odd Times": 3, "Even Post": 2}  # d25..d29
        assert [(f.value, f.count) for f in found["facets"]["month"]] == [("2024-03", K)]
        # a filter picks the candidates among the documents it keeps
        even = c.search("harbour", outlet="Even Post")
        assert ids(even)[:K] and {int(i[1:]) % 2 for i in ids(even)} == {0}
        assert {f.value for f in even["facets"]["outlet"]} == {"Even Post"}
        assert set(ids(even)[:K]) == {"d20", "d22", "d24", "d26", "d28"}


def test_rare_word_ranks_every_match(target) -> None:
    with presswatch.open(target) as c:
        found = c.search("lighthouse")
        assert found["total"] == 3 and found["total_exact"] is True
        assert found["ranked"] == 3 and found["facets_over"] == 3
        assert ids(found)[0] == "d00"  # the oldest, its title matching
        assert sorted(ids(found)) == ["d00", "d10", "d20"]


def test_without_bounds_every_match_is_ranked_and_counted(target, monkeypatch) -> None:
    monkeypatch.setattr(textsearch, "SEARCH_CANDIDATES", 0)
    with presswatch.open(target) as c:
        found = c.search("harbour")
        assert found["total"] == N and found["total_exact"] is True
        assert found["ranked"] == N and found["facets_over"] == N
        assert ids(found)[0] == "d03"


def test_exact_total_under_the_cap(target, monkeypatch) -> None:
    monkeypatch.setattr(textsearch, "MATCH_CAP", 40)
    with presswatch.open(target) as c:
        found = c.search("harbour")
        assert (found["total"], found["total_exact"], found["ranked"]) == (N, True, K)
        assert c.search(None)["total_exact"] is True
        listing = c.search(None, limit=0)
        assert listing["total"] == N and listing["facets_over"] == K


def test_timeline_of_a_query_counts_its_newest_matches(target) -> None:
    with presswatch.open(target) as c:
        common = c.timeline(q="harbour")
        assert common.complete is False and common.matches_over == TIMELINE_CAP
        assert [(b.period, b.mentions) for b in common] == [("2024-03", TIMELINE_CAP)]
        rare = c.timeline(q="lighthouse")
        assert rare.complete is True and rare.matches_over == 3
        assert [(b.period, b.mentions) for b in rare] == [
            ("2024-01", 1), ("2024-02", 1), ("2024-03", 1)]
        # a window keeps its own newest matches
        january = c.timeline(q="harbour", until="2024-01-31")
        assert january.complete is False
        assert [(b.period, b.mentions) for b in january] == [("2024-01", TIMELINE_CAP)]
        assert c.timeline(entity=None, q=None).complete is False


def test_api_shows_the_flags(target) -> None:
    from presswatch.api import create_app

    with TestClient(create_app(target)) as client:
        body = client.get("/api/search?q=harbour").json()
        assert (body["total"], body["total_exact"], body["ranked"]) == (20, False, K)
        assert body["facets_over"] == K
        rare = client.get("/api/search?q=lighthouse").json()
        assert (rare["total"], rare["total_exact"], rare["ranked"]) == (3, True, 3)
        tl = client.get("/api/timeline?q=harbour").json()
        assert tl["complete"] is False and tl["matches_over"] == TIMELINE_CAP
        assert client.get("/api/timeline?q=lighthouse").json()["complete"] is True


def test_cli_shows_the_flags(target) -> None:
    from presswatch.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["search", "harbour", "--db", str(target), "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert f"of {CAP}+" in result.stdout
    assert f"facets over the newest {K} matches" in result.stderr
    data = json.loads(runner.invoke(app, ["search", "harbour", "--db", str(target),
                                          "--json"]).stdout)
    assert data["total_exact"] is False and data["ranked"] == K
    assert data["facets_over"] == K
    rare = runner.invoke(app, ["search", "lighthouse", "--db", str(target)])
    assert "of 3" in rare.stdout and "of 3+" not in rare.stdout
    assert "facets over" not in rare.stderr
    tl = runner.invoke(app, ["timeline", "-q", "harbour", "--db", str(target), "--json"])
    assert json.loads(tl.stdout)["complete"] is False
    table = runner.invoke(app, ["timeline", "-q", "harbour", "--db", str(target)])
    assert f"newest {TIMELINE_CAP} matching documents" in table.stderr
