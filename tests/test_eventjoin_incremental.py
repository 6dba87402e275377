"""Incremental event joining gives the full join's clusters: ingest A then B, ingest
A + B at once, and a full re-join of either hold the same clusters and members; a
rewrite (an entity merge) dissolves the clusters it touches and the next join builds
them again as a full join would. Events by entity read ``event_participants``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import presswatch
from presswatch.config import Settings
from presswatch.extract.eventjoin import join_events, member_keys, probe_keys, read_members
from presswatch.store import eventrows, open_store
from presswatch.store.sqlite import connection

ROOT = Path(__file__).resolve().parent
SAMPLES = ROOT.parent / "samples" / "news"
XDOC = ROOT / "data" / "events_xdoc"


def inputs(seeds_dir: Path) -> list[str]:
    files = [*sorted(seeds_dir.glob("*.txt")), *sorted(SAMPLES.rglob("*.txt")),
             *sorted(XDOC.glob("*.txt"))]
    return [str(f) for f in files]


def snapshot(db: Path | str) -> dict[str, list[tuple]]:
    store = open_store(db)
    try:
        conn = connection(store)
        return {
            "clusters": sorted(tuple(r) for r in conn.execute(
                "SELECT id, type, date, place, participants, participant_ids, first_date, "
                "last_date, sources FROM event_clusters")),
            "members": sorted(tuple(r) for r in conn.execute(
                "SELECT doc_id, ord, cluster_id FROM event_cluster_members")),
            "keys": sorted(tuple(r) for r in conn.execute(
                "SELECT key, doc_id, ord FROM event_join_keys")),
            "unjoined": sorted(tuple(r) for r in conn.execute(
                "SELECT doc_id, ord FROM events WHERE joined = 0")),
        }
    finally:
        store.close()


def full_rejoin(db: Path | str) -> None:
    store = open_store(db)
    try:
        join_events(store, full=True)
    finally:
        store.close()


@pytest.fixture(scope="module")
def ingested(seeds_dir: Path, tmp_path_factory) -> dict[str, Path]:
    files = inputs(seeds_dir)
    half = len(files) // 2
    # One chunk per half, so that both runs see the same chunks in the same order.
    settings = Settings(chunk_size=half)
    tmp = tmp_path_factory.mktemp("join")
    apart, together = tmp / "apart.db", tmp / "together.db"
    presswatch.ingest(files[:half], db=apart, settings=settings)
    presswatch.ingest(files[half:], db=apart, settings=settings)
    presswatch.ingest(files, db=together, settings=settings)
    return {"apart": apart, "together": together}


def test_incremental_equals_at_once_equals_full(ingested):
    apart, together = snapshot(ingested["apart"]), snapshot(ingested["together"])
    assert apart["clusters"] and apart["unjoined"] == []
    assert any(c[8] > 1 for c in apart["clusters"])  # events joined across documents
    assert apart == together
    full_rejoin(ingested["apart"])
    assert snapshot(ingested["apart"]) == apart


def test_rewrite_dissolves_and_rejoins(ingested, tmp_path):
    import shutil

    db = tmp_path / "merge.db"
    shutil.copy(ingested["apart"], db)
    store = open_store(db)
    try:
        people = [r[0] for r in connection(store).execute(
            """SELECT p.entity_id FROM event_participants p JOIN entities e
            ON e.id = p.entity_id WHERE e.type = 'PERSON'
            GROUP BY p.entity_id ORDER BY count(*) DESC, p.entity_id LIMIT 2""")]
    finally:
        store.close()
    assert len(people) == 2
    with presswatch.open(db, must_exist=True) as corpus:
        corpus.merge([people[1]], into=people[0])
        store = open_store(db)
        try:
            assert eventrows.any_unjoined(connection(store))
        finally:
            store.close()
        merged = corpus.events(entity=people[0], limit=0)  # joins what the merge left
    after = snapshot(db)
    assert after["unjoined"] == []
    full_rejoin(db)
    assert snapshot(db) == after
    assert merged.total >= 1


def test_keys_mirror_the_link_rules():
    from presswatch.extract.eventjoin import Member

    a = Member("a", 0, "talks", ["p1", "p2"], ["A", "B"], "Minsk", "2024-04-10")
    b = Member("b", 0, "meeting", ["p2"], ["B"], None, "2024-04-11")
    c = Member("c", 0, "talks", ["p9"], ["C"], "Minsk", "2024-04-10")
    d = Member("d", 0, "talks", ["p1"], ["A"], None, "2024-04-12")  # two days from a
    e = Member("e", 0, "talks", ["p1"], ["A"], None, "2024-04-10", status="planned")
    f = Member("f", 0, "talks", ["p2"], ["B"], None, None, published="2024-04-12")
    for x, y, linked in ((a, b, True), (a, c, True), (a, d, False), (a, e, False),
                         (b, d, False), (b, f, True), (a, f, False)):
        assert bool(set(probe_keys(x)) & set(member_keys(y))) is linked, (x.doc_id, y.doc_id)
        assert bool(set(probe_keys(y)) & set(member_keys(x))) is linked


def test_events_by_entity_through_participants(ingested, tmp_path):
    """Every cluster an entity took part in, found through event_participants, is the
    set the participant_ids lists name; the query plan reads the participants index."""
    db = ingested["together"]
    store = open_store(db)
    try:
        conn = connection(store)
        members = read_members(conn)
        assert members and all(m.participant_ids for m in members if m.participants)
        by_lists: dict[str, set[str]] = {}
        for cid, ids in conn.execute("SELECT id, participant_ids FROM event_clusters"):
            for eid in json.loads(ids):
                by_lists.setdefault(eid, set()).add(cid)
        plan = " ".join(r[-1] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM event_clusters WHERE id IN ("
            "SELECT m.cluster_id FROM event_participants p JOIN event_cluster_members m "
            "ON m.doc_id = p.doc_id AND m.ord = p.ord WHERE p.entity_id = ?) "
            "ORDER BY date DESC, id LIMIT 5", ("x",)))
        assert "event_participants_entity" in plan
    finally:
        store.close()
    with presswatch.open(db, must_exist=True) as corpus:
        for eid, cids in sorted(by_lists.items()):
            if eid.startswith("name:"):
                continue
            page = corpus.events(entity=eid, limit=0)
            assert {e.id for e in page.items} == cids and page.total == len(cids)
            first = corpus.events(entity=eid, limit=1)
            assert first.total == len(cids) and len(first.items) == 1


def test_incremental_on_postgresql(ingested, seeds_dir: Path, pg_url: str):
    """The same on the PostgreSQL backend: ingest A then B, a full re-join, and the
    SQLite database's clusters."""
    files = inputs(seeds_dir)
    half = len(files) // 2
    settings = Settings(chunk_size=half)
    presswatch.ingest(files[:half], db=pg_url, settings=settings)
    presswatch.ingest(files[half:], db=pg_url, settings=settings)
    apart = snapshot(pg_url)
    assert apart["clusters"] and apart["unjoined"] == []
    full_rejoin(pg_url)
    assert snapshot(pg_url) == apart == snapshot(ingested["together"])
    with presswatch.open(pg_url, must_exist=True) as corpus:
        some = next(i for c in apart["clusters"] for i in json.loads(c[5])
                    if not i.startswith("name:"))
        page = corpus.events(entity=some, limit=1)
        assert page.total >= 1 and some in page.items[0].participant_ids
