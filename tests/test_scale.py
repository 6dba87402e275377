"""The map/reduce split: stages by name, canonical facts, and the same database with one
process or several."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import presswatch
from presswatch import registry
from presswatch.config import Settings
from presswatch.deadline import Budget
from presswatch.model import Document, Entity, Event, Figure, Quote, RawItem
from presswatch.pipeline.executors import split
from presswatch.pipeline.map import MAP_STAGES, Context, MapTask, run_map
from presswatch.pipeline.reduce import REDUCE_STAGES, canonical_facts
from tests.conftest import SAMPLES, SEEDS, need


def test_stages_compose_by_name_with_their_requirements() -> None:
    stages = registry.compose(MAP_STAGES, provided=("raw", "repeated_lines"))
    assert [s.name for s in stages] == list(MAP_STAGES)
    report = {row["name"]: row for row in registry.analyze(stages)}
    assert "quotes" in report["figures"]["requires"]
    assert report["annotate"]["kind"] == "batch"
    registry.compose(REDUCE_STAGES, provided=("documents",))
    with pytest.raises(ValueError, match="requires quotes"):
        registry.compose(["clean", "annotate", "identity", "figures"],
                         provided=("raw", "repeated_lines"))
    with pytest.raises(ValueError, match="no stage named"):
        registry.get("no such stage")


def test_one_error_handler_warns_or_rejects() -> None:
    def broken(work: registry.Work, ctx: object) -> None:
        raise RuntimeError("boom")

    warn = registry.Stage("t-warn", broken, (), (), on_error="warn", failure="fact extraction")
    reject = registry.Stage("t-reject", broken, (), (), failure="cleaning")
    doc = Document(id="d", source="s", text="t", language="en")
    work = registry.Work(item=None, doc=doc, budget=Budget(None))
    registry.run_stage(warn, work, None)
    assert work.alive and doc.warnings == ["fact extraction failed: RuntimeError('boom')"]
    registry.run_stage(reject, work, None)
    assert work.rejection == "cleaning failed: RuntimeError('boom')"

    def slow(work: registry.Work, ctx: object) -> None:
        while True:
            pass

    late = registry.Work(item=None, doc=doc, budget=Budget(0.2))
    registry.run_stage(registry.Stage("t-slow", slow, (), (), on_error="warn",
                                      failure="fact extraction"), late, None)
    assert late.rejection and late.rejection.startswith("took longer than 0.2 s")


def test_facts_get_canonical_names_and_ids() -> None:
    """Facts extracted against the document's own entities are rewritten once identity
    is decided; two local entities of one identity become one participant."""
    putin = Entity(id="E:canon-putin", name="Vladimir Putin", type="PERSON")
    putin2 = Entity(id="E:canon-putin", name="Vladimir Putin", type="PERSON")
    minsk = Entity(id="E:canon-minsk", name="Minsk", type="GPE")
    doc = Document(id="d", source="s", text="", language="ru",
                   entities=[putin, putin2, minsk])
    local = [("L1", "Путин"), ("L2", "Владимир Путин"), ("L3", "Минск")]
    doc.quotes = [Quote("q", 0, 1, "Путин", "direct", speaker_id="L1"),
                  Quote("q", 2, 3, "a spokesman", "direct")]
    doc.figures = [Figure("5", 0, 1, 5.0, "count", claimant="Владимир Путин"),
                   Figure("6", 2, 3, 6.0, "count", claimant="nobody known")]
    doc.events = [Event("meeting", ["Путин", "Владимир Путин"], 0, 5, place="Минск",
                        participant_ids=["L1", "L2"])]
    canonical_facts(doc, local)
    assert (doc.quotes[0].speaker, doc.quotes[0].speaker_id) == ("Vladimir Putin",
                                                                 "E:canon-putin")
    assert doc.quotes[1].speaker == "a spokesman" and doc.quotes[1].speaker_id is None
    assert [f.claimant for f in doc.figures] == ["Vladimir Putin", "nobody known"]
    assert doc.events[0].participants == ["Vladimir Putin"]
    assert doc.events[0].participant_ids == ["E:canon-putin"]
    assert doc.events[0].place == "Minsk"


def test_map_needs_no_database_and_splits_evenly() -> None:
    """The map's input and output are plain picklable objects; the tasks of a chunk
    cover it in order, about four per worker."""
    import pickle

    items = [RawItem(source=f"s{i}", text=f"Line {i}.\n\nSome words here.", group="g")
             for i in range(10)]
    tasks = split(items, {"g": frozenset({"x"})}, workers=2, batch_size=64)
    assert [i.source for t in tasks for i in t.items] == [i.source for i in items]
    assert len(tasks) == 5 and all(t.repeated == {"g": frozenset({"x"})} for t in tasks)
    assert len(split(items, {}, workers=1, batch_size=64)) == 1
    settings = Settings(detect_languages=("de", "fr"))  # no NLP model needed
    german = RawItem(source="de", text="Die Regierung hat am Montag in Berlin beschlossen, "
                     "die Steuern zu senken. Der Minister sagte, das sei notwendig.")
    results = run_map(MapTask([german]), Context.load(settings))
    assert pickle.loads(pickle.dumps(results)) == results
    assert results[0].doc is not None and results[0].doc.language == "de"


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the run log and the full-text index, without the
    columns that record when (ingested_at, first_seen, at)."""
    con = sqlite3.connect(db)
    tables = [n for (n,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        if n not in ("runs", "sqlite_sequence") and not n.startswith("documents_fts")]
    out = {}
    for t in tables:
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')
                if r[1] not in ("ingested_at", "first_seen", "at")]
        select = ", ".join(f'"{c}"' for c in cols)
        out[t] = sorted(map(repr, con.execute(f'SELECT {select} FROM "{t}"')))
    con.close()
    return out


@pytest.mark.e2e
def test_workers_give_the_same_database(tmp_path: Path) -> None:
    """Seeds and samples/news in small chunks (so that boilerplate evidence and identity
    cross chunks) with one process and with two workers: the same database, row for row,
    and the same export, byte for byte."""
    seeds = need(SEEDS)
    settings = Settings(chunk_size=12, parallel_min_docs=0)
    exports = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        report = presswatch.ingest([seeds, SAMPLES], db, settings=settings, workers=workers)
        assert report.ingested > 20
        out = tmp_path / f"w{workers}.jsonl"
        with presswatch.open(db) as corpus:
            corpus.export(out)
        exports.append((_rows(db), out.read_bytes()))
    assert exports[0][0] == exports[1][0]
    assert exports[0][1] == exports[1][1]


@pytest.mark.e2e
def test_dask_local_cluster_gives_the_same_database(tmp_path: Path) -> None:
    """The map on a Dask LocalCluster, the reduce here: the same database as one
    process."""
    pytest.importorskip("distributed")
    settings = Settings(chunk_size=8, parallel_min_docs=0)
    rows = []
    for name, options in (("one", {"workers": 1}), ("dask", {"workers": 2, "dask": "local"})):
        db = tmp_path / f"{name}.db"
        presswatch.ingest([SAMPLES], db, settings=settings, **options)
        rows.append(_rows(db))
    assert rows[0] == rows[1]


PROSE = ("Die Regierung in {city} hat am Dienstag neue Gespräche angekündigt. "
         "Die Minister trafen sich mit {n} Delegationen, teilte das Ministerium mit.\n\n")


def _german(n: int, *lines: str) -> str:
    return f"Nachricht {n}\n\n" + PROSE.format(city=f"Stadt{n}", n=n) * 3 + "".join(
        f"{line}\n\n" for line in lines)


def test_chunks_sent_ahead_are_mapped_again_when_the_write_differs(tmp_path: Path) -> None:
    """The next chunk goes to the workers before this one is written, with boilerplate
    evidence counted as if all of this chunk's documents were written. Two are rejected
    at the write: one shares a line with the next chunk (three documents would have made
    it boilerplate there; two are stored), the other's content comes again in the next
    chunk (taken as stored, it is not). Those two documents are mapped again, and the
    database is the one process's, row for row. Once the workers are up, even a chunk
    smaller than ``parallel_min_docs`` goes to them: this process detects no language."""
    from presswatch.clean.language import detector
    from presswatch.pipeline import Ingest
    from presswatch.store import open_store

    share = "Newsletter abonnieren"
    texts = [_german(0, share), _german(1, share), _german(2, "Alle Rechte vorbehalten"),
             _german(3), _german(4, share), _german(2, "Alle Rechte vorbehalten"),
             _german(6), _german(7), _german(8)]
    sources = ["s0", "s1 unwritable", "s2 unwritable", "s3", "s4", "s5", "s6", "s7", "s8"]
    settings = Settings(chunk_size=4, parallel_min_docs=3, detect_languages=("de", "fr"))
    found = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        store = open_store(db)
        real = store.write_documents

        def write(docs, real=real):  # type: ignore[no-untyped-def]
            if any("unwritable" in doc.source for doc in docs):
                raise ValueError("disk says no")
            real(docs)

        store.write_documents = write  # type: ignore[method-assign]
        run = Ingest(store, settings, workers=workers)
        asked = detector.cache_info()
        run.run([RawItem(source=s, text=t, group="g") for s, t in zip(sources, texts,
                                                                      strict=True)])
        detected = detector.cache_info().hits + detector.cache_info().misses
        assert (detected > asked.hits + asked.misses) == (workers == 1)
        with open_store(db) as check:
            kept = {d.source: d.text for d in check.documents()}
        store.close()
        assert sorted(r.source for r in run.report.rejections) == sources[1:3]
        assert share in kept["s4"] and "s5" in kept
        found.append((_rows(db), run.remapped))
    assert found[0][0] == found[1][0]
    assert found[0][1] == 0  # in process nothing is sent ahead
    assert found[1][1] == 2  # s4 (its evidence changed) and s5 (not stored after all)


def test_the_first_items_start_the_workers_while_the_rest_is_read() -> None:
    from presswatch.pipeline.reduce import _chunks

    told: list[int] = []
    chunks = list(_chunks(range(10), 4, early=2,  # type: ignore[arg-type]
                          on_early=lambda items: told.append(len(items))))
    assert [len(c) for c in chunks] == [4, 4, 2] and told == [2]
    told.clear()
    assert len(list(_chunks(range(3), 4, early=5,  # type: ignore[arg-type]
                            on_early=lambda items: told.append(len(items))))) == 1
    assert told == []  # a first chunk shorter than the probe: the chunk decides


def test_a_worker_ends_when_its_ingest_is_gone() -> None:
    """A pool worker watches the ingest that started it: killed with -9, it leaves no
    worker waiting for tasks."""
    import subprocess
    import sys

    ingest = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    code = ("import threading, time, presswatch.pipeline.map as m; "
            f"threading.Thread(target=m._watch, args=({ingest.pid}, 0.1), daemon=True).start(); "
            "time.sleep(60)")
    worker = subprocess.Popen([sys.executable, "-c", code])
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=1.0)  # alive while the ingest is
        ingest.kill()
        ingest.wait()
        assert worker.wait(timeout=30) == 1
    finally:
        for proc in (ingest, worker):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
