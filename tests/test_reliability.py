"""Reliability: nothing a user feeds presswatch stops, hangs or corrupts a batch.

The bad-input corpus (tests/badinputs.py) is ingested in one batch beside good
articles: every bad item ends as its own rejection or warning, every good one is stored.
Pathological content is timed against ordinary prose of the same length (a ratio, never
absolute seconds). The long versions (100 kills, 1,000 fuzz cases) are in
bench/reliability.py.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from presswatch.config import Settings
from presswatch.deadline import Budget, DocumentTimeout
from presswatch.model import RawItem
from presswatch.pipeline import Ingest, ingest
from presswatch.store import open_store
from presswatch.store.sqlite import SchemaError
from tests.badinputs import PROSE, RUSSIAN, SETTINGS, article, build, normal

ROOT = Path(__file__).resolve().parents[1]


# -- the bad-input corpus -------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("bad")
    cases, expected = build(tmp / "in")
    db = tmp / "db.sqlite"
    started = time.perf_counter()
    report = ingest([tmp / "in"], db, settings=SETTINGS)
    seconds = time.perf_counter() - started
    store = open_store(db, read_only=True)
    yield cases, expected, report, store, seconds
    store.close()


def test_corpus_batch_completes(corpus) -> None:
    cases, expected, report, store, _ = corpus
    assert len(cases) >= 20
    assert store.stats()["documents"] == expected
    assert store.runs()[-1]["finished"] is not None
    assert report.rejected == sum(c.outcome == "rejected" for c in cases)


def test_corpus_every_case_has_its_outcome(corpus) -> None:
    cases, _, _, store, _ = corpus
    rejected = store.rejections()
    docs = {doc.source: doc for doc in store.documents()}
    for case in cases:
        found = [r for r in rejected if case.source in r["source"]]
        stored = [d for s, d in docs.items() if case.source in s]
        if case.outcome == "rejected":
            assert found, f"{case.kind}: no rejection"
            assert case.reason in found[0]["reason"], (case.kind, found[0])
            assert found[0]["source"] not in docs, case.kind
        elif case.outcome == "skipped":
            assert not found and not stored, case.kind
        else:
            assert stored and not found, (case.kind, found)
            if case.outcome == "warned":
                assert any(case.reason in w for w in stored[0].warnings), (case.kind,
                                                                          stored[0].warnings)


def test_corpus_never_reads_the_database(corpus) -> None:
    _, _, _, store, _ = corpus
    sources = [r["source"] for r in store.rejections()] + [d.source for d in store.documents()]
    assert not [s for s in sources if "db.sqlite" in s]


def test_corpus_name_kept_losslessly(corpus) -> None:
    _, _, _, store, _ = corpus
    [doc] = [d for d in store.documents() if d.source.endswith("bad\\xff.txt")]
    name = doc.source.rsplit("/", 1)[-1]
    assert codecs.escape_decode(name.encode())[0] == b"bad\xff.txt"  # the bytes, back


# -- bounded work per document --------------------------------------------------------------
def _seconds(text: str, settings: Settings | None = None) -> float:
    store = open_store(":memory:")
    run = Ingest(store, settings or Settings(document_seconds=None))
    started = time.perf_counter()
    run.run([RawItem(source="x", text="Headline\n\n" + text + "\n", group="g")])
    seconds = time.perf_counter() - started
    assert run.report.ingested == 1, run.report.rejections
    store.close()
    return seconds


def _ratio(bad: str, prose: str = PROSE) -> float:
    _seconds(normal(2000, prose))  # models loaded
    base = min(_seconds(normal(len(bad), prose)) for _ in range(2))
    return _seconds(bad) / base


# Before the fixes, 6,000 straight quotes took 11 s in spaCy's tokenizer and 5,000 in a
# Russian text 20 s in slovnet; at these lengths a quadratic path shows as a ratio of 5+.
LENGTH, RU_LENGTH, HEAD = 4000, 2000, 800


@pytest.mark.parametrize("name,bad,prose", [
    ("straight quote run", normal(HEAD) + '"' * (LENGTH - HEAD), PROSE),
    ("digit run", normal(HEAD) + "9" * (LENGTH - HEAD), PROSE),
    ("one long line", normal(LENGTH).replace("\n", " "), PROSE),
    ('"x, repeated', normal(HEAD) + ('"x, ' * LENGTH)[:LENGTH - HEAD], PROSE),
    ("guillemet run (Russian)", normal(HEAD, RUSSIAN) + "«" * (RU_LENGTH - HEAD), RUSSIAN),
    ("straight quote run (Russian)", normal(HEAD, RUSSIAN) + '"' * (RU_LENGTH - HEAD),
     RUSSIAN),
])
def test_pathological_content_within_twice_normal(name: str, bad: str, prose: str) -> None:
    assert _ratio(bad, prose) < 2.0, name


def test_costly_runs_found_and_prose_left_alone() -> None:
    from presswatch.nlp.runs import LONG_RUN, REPEATS, costly_runs

    prose = normal(5000)
    assert costly_runs(prose) == []
    text = prose + " " + '"x, ' * REPEATS + prose
    [(start, end)] = costly_runs(text)
    assert text[start:end].strip() == ('"x, ' * REPEATS).strip()
    assert costly_runs(prose + '"x, ' * (REPEATS // 2 - 1) + prose) == []
    assert costly_runs("a" * (LONG_RUN + 1)) == [(0, LONG_RUN + 1)]
    assert costly_runs("a" * LONG_RUN) == []


def test_budget_rejects_a_slow_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document whose extraction runs away (here: a Python loop that never ends) is
    interrupted and rejected "took longer than"; the others are stored."""
    import presswatch.pipeline.map as pipeline

    real = pipeline.extract_figures

    def runaway(text: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "runaway" in text:
            while True:
                pass
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_figures", runaway)
    store = open_store(":memory:")
    items = [RawItem(source=f"a{i}", text=article(i) + ("runaway\n" if i == 1 else ""),
                     group="g") for i in range(3)]
    run = Ingest(store, Settings(document_seconds=1.0))
    started = time.perf_counter()
    run.run(items)
    assert time.perf_counter() - started < 30
    assert [r.source for r in run.report.rejections] == ["a1"]
    assert run.report.rejections[0].reason == "took longer than 1 s (in fact extraction)"
    assert store.stats()["documents"] == 2


def test_budget_interrupts_a_backtracking_regex() -> None:
    budget = Budget(0.3)
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout), budget.stage("cleaning"):
        re.match(r"(a+)+$", "a" * 40 + "b")
    assert time.perf_counter() - started < 5


def test_budget_checked_between_stages() -> None:
    budget = Budget(0.01)
    with pytest.raises(DocumentTimeout), budget.stage("one"):
        time.sleep(0.05)
    with pytest.raises(DocumentTimeout, match=r"took longer than 0\.01 s"):
        budget.check("two")


# -- databases --------------------------------------------------------------------------
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_other_applications_database_untouched(tmp_path: Path) -> None:
    other = tmp_path / "app.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()
    before = _digest(other)
    with pytest.raises(SchemaError, match="not a presswatch database"):
        open_store(other)
    assert _digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]  # no -wal, no -shm


def test_not_sqlite_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n")
    with pytest.raises(SchemaError, match="not an SQLite file"):
        open_store(notes)
    assert notes.read_text() == "my notes\n"


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(SchemaError, match="empty"):
        open_store(empty, read_only=True)
    assert empty.stat().st_size == 0
    with open_store(empty) as store:  # opened for writing: a new database
        assert store.stats()["documents"] == 0


def test_read_only_database(tmp_path: Path) -> None:
    db = tmp_path / "ro" / "x.db"
    ingest([], db)
    with open_store(db) as store:
        store.write_documents([])
    with open_store(db, read_only=True) as store:
        assert store.stats()["documents"] == 0
        with pytest.raises(sqlite3.OperationalError):
            store.record_correction("merge", {})
    # A file the process cannot write (simulated: root may write anything) opens
    # read-only without being asked, and nothing is written.
    import presswatch.store.sqlite as backend

    before = _digest(db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backend, "_writable", lambda path: False)
        with open_store(db) as store:
            assert store.read_only
            assert store.stats()["documents"] == 0
    assert _digest(db) == before
    if os.geteuid() == 0:
        return  # root writes anyway: the permission test below means nothing
    os.chmod(db, 0o444)
    os.chmod(db.parent, 0o555)
    try:
        with open_store(db) as store:
            assert store.read_only
            assert store.stats()["documents"] == 0
    finally:
        os.chmod(db.parent, 0o755)
        os.chmod(db, 0o644)


# -- kills and concurrency ---------------------------------------------------------------
# German articles: no language backend, so the child processes start in a second and the
# test exercises reading, cleaning, duplicates, line counts and the chunk transaction.
GERMAN = ("Die Regierung in {city} hat am Dienstag neue Gespräche angekündigt. "
          "Die Minister trafen sich mit {n} Delegationen, teilte das Ministerium mit.\n")
FOOTER = "Alle Rechte vorbehalten. Newsletter abonnieren\n"


def write_german(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = f"Nachricht {i}\n\n" + GERMAN.format(city=f"Stadt{i}", n=i) * 3 + FOOTER
        (folder / f"de{i:03d}.txt").write_text(text, encoding="utf-8")


CHILD = textwrap.dedent("""
    import sys
    from presswatch.config import Settings
    from presswatch.pipeline import ingest
    report = ingest([sys.argv[1]], sys.argv[2],
                    settings=Settings(chunk_size=int(sys.argv[3]), detect_languages=("de", "fr")))
    print(report.ingested, report.unchanged, report.duplicates, report.rejected)
""")


def child(folder: Path, db: Path, chunk: int = 3) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(folder), str(db), str(chunk)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(db: Path) -> dict[str, object]:
    """What must not depend on kills or concurrency: documents, sources, line counts."""
    con = sqlite3.connect(db)
    out = {
        "documents": sorted(con.execute("SELECT id, source, text FROM documents")),
        "sources": sorted(con.execute("SELECT source, doc_id FROM sources")),
        "line_stats": sorted(con.execute("SELECT group_name, key, docs FROM line_stats")),
        "rejected": sorted(con.execute("SELECT source, reason FROM rejected")),
    }
    con.close()
    return out


def kill_and_resume(folder: Path, db: Path, kills: int, seed: int) -> int:
    """Start an ingest, SIGKILL it at a random moment, ``kills`` times, then let one
    finish; the number of kills that landed before the run ended."""
    import random

    rng = random.Random(seed)
    landed = 0
    for _ in range(kills):
        proc = child(folder, db, chunk=2)
        time.sleep(rng.uniform(0.3, 2.5))
        if proc.poll() is None:
            proc.kill()
            landed += 1
        proc.communicate()
    proc = child(folder, db, chunk=2)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return landed


def test_kill9_at_random_points(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_german(folder, 24)
    reference = tmp_path / "ref.db"
    proc = child(folder, reference, chunk=2)
    assert proc.communicate(timeout=120) and proc.returncode == 0
    killed = tmp_path / "killed.db"
    kill_and_resume(folder, killed, kills=4, seed=7)
    want, got = snapshot(reference), snapshot(killed)
    assert len(got["documents"]) == 24
    assert got == want


def test_concurrent_ingests_count_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_german(folder, 30)
    serial = tmp_path / "serial.db"
    proc = child(folder, serial)
    proc.communicate(timeout=120)
    both = tmp_path / "both.db"
    ingest([], both)  # created before, so that neither child creates the schema
    procs = [child(folder, both), child(folder, both)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    counts = [list(map(int, out.split())) for out, _ in outs]
    assert sum(c[0] for c in counts) + sum(c[2] for c in counts) <= 30 + 2
    assert snapshot(both) == snapshot(serial)


def test_chunk_evidence_in_the_same_transaction(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure right after the documents are written (where a kill used to lose the
    line counts) leaves nothing of the chunk: the re-run stores documents and counts."""
    folder = tmp_path / "in"
    write_german(folder, 4)
    db = tmp_path / "x.db"
    settings = Settings(detect_languages=("de", "fr"))
    import presswatch.pipeline as pipeline

    def boom(self, items):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.Ingest, "_count_lines", boom)
    with pytest.raises(KeyboardInterrupt):
        ingest([folder], db, settings=settings)
    monkeypatch.undo()
    assert snapshot(db)["documents"] == []
    ingest([folder], db, settings=settings)
    got = snapshot(db)
    assert len(got["documents"]) == 4
    assert max(n for _, _, n in got["line_stats"]) == 4  # the footer, once per document


def test_json_surrogate_escapes_are_storable(tmp_path: Path) -> None:
    """JSON may escape a lone surrogate ("\\ud800"), which no UTF-8 encoder takes: the
    text is stored with U+FFFD in its place, a pair as its character."""
    export = tmp_path / "x.jsonl"
    export.write_text('{"text": "' + article(90).replace("\n", " ").replace('"', "'")
                      + ' lone \\ud800 pair \\ud83d\\ude00"}\n')
    db = tmp_path / "x.db"
    report = ingest([export], db, settings=Settings(detect_languages=("de", "fr")))
    assert report.rejected == 0
    with open_store(db) as store:
        [doc] = store.documents()
    assert "lone \ufffd pair \U0001F600" in doc.text


def test_unstorable_items_rejected_alone() -> None:
    """A text or name SQLite cannot take (a lone surrogate, from a caller of the library)
    is rejected; the others are stored."""
    store = open_store(":memory:")
    items = [RawItem(source=f"s{i}" + ("\udcff" if i == 2 else ""),
                     text=article(i) + ("\ud800\n" if i == 1 else ""), group="g")
             for i in range(4)]
    run = Ingest(store, Settings(detect_languages=("de", "fr")))
    run.run(items)
    assert [(r.source, r.reason.split(":")[0]) for r in run.report.rejections] == [
        ("s1", "text not storable"), ("s2\\xff", "text not storable")]
    assert sorted(d.source for d in store.documents()) == ["s0", "s3"]


def test_a_document_that_cannot_be_written_is_rejected_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the chunk's write fails, it is written again document by document: the one
    that fails is rejected with the reason, the others are stored."""
    store = open_store(":memory:")
    real = store.write_documents

    def write(docs):  # type: ignore[no-untyped-def]
        if any(doc.source == "s1" for doc in docs):
            raise ValueError("disk says no")
        real(docs)

    monkeypatch.setattr(store, "write_documents", write)
    items = [RawItem(source=f"s{i}", text=article(i), group="g") for i in range(3)]
    run = Ingest(store, Settings(detect_languages=("de", "fr")))
    run.run(items)
    assert [(r.source, r.reason) for r in run.report.rejections] == [
        ("s1", "could not be stored: ValueError('disk says no')")]
    assert sorted(d.source for d in store.documents()) == ["s0", "s2"]
