"""The PostgreSQL backend beside SQLite: byte-identical export, copy both ways, many
writers, hostile filter values, search per language, masked URLs, a read-only role.

Needs a PostgreSQL server (tests/conftest.py: ``pg_url`` skips with the reason when none
answers); the store, query and API suites run on both backends through ``db_target``.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import presswatch
from presswatch.errors import PresswatchError
from presswatch.model import Document, Figure, Quote
from presswatch.query.export import write_jsonl
from presswatch.store import open_store
from presswatch.store.copy import TABLES, CopyError, copy_database
from presswatch.store.postgres.dialect import translate
from presswatch.store.postgres.url import masked
from presswatch.store.sqlite import SCHEMA_VERSION
from tests.conftest import SAMPLES
from tests.corpus_fixture import build
from tests.test_schema_v10 import _to_version_9


def export(db: Path | str) -> str:
    """The JSONL export of ``db`` (what ``presswatch export`` writes)."""
    buf = io.StringIO()
    with presswatch.open(db) as corpus:
        write_jsonl(corpus.documents(), buf)
    return buf.getvalue()


def counts(db: Path | str) -> dict[str, int]:
    with open_store(db) as store:
        return {t: store._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t, _ in TABLES}


def test_fixture_corpus_exports_the_same_bytes(tmp_path: Path, pg_url: str) -> None:
    assert export(build(tmp_path / "a.db")) == export(build(pg_url))


def test_copy_both_ways_keeps_rows_and_export(tmp_path: Path, pg_url: str) -> None:
    src = build(tmp_path / "a.db")
    with open_store(src) as store:  # a correction and a run travel too
        store.record_correction("rename", {"id": "E1", "name": "X"})
        store.finish_run(store.start_run("ingest x"), {"ingested": 3})
    copied = copy_database(src, pg_url)
    assert copied == counts(src) == counts(pg_url)
    assert copied["documents"] == 3
    assert export(pg_url) == export(src)
    back = tmp_path / "back.db"
    copy_database(pg_url, back)
    assert counts(back) == counts(src) and export(back) == export(src)
    with open_store(pg_url) as store:  # ids continue after the copied ones
        assert store.start_run("next") == 2
    with pytest.raises(CopyError, match="not empty"):
        copy_database(src, pg_url)


def test_search_stems_each_language_with_snippets(pg_url: str) -> None:
    with presswatch.open(build(pg_url)) as corpus:
        hits = corpus.search("talks")["items"]
        assert hits and hits[0].snippet and hits[0].highlights
        assert corpus.search("переговоры")["total"] >= 1  # Russian stemming


HOSTILE = ["'", "''; DROP TABLE documents; --", '"', "%", "_", "\\", "a:*", "!&|()",
           "<->", "x OR 1=1", "); SELECT pg_sleep(5); --", "$1", "%s", "?", "é"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_through_every_filter(pg_url: str, value: str) -> None:
    """Quotes, SQL and FTS syntax in every filter: a result or a clear error, never a
    database error, and the database intact."""
    with presswatch.open(build(pg_url)) as c:
        calls = [
            lambda: c.search(value), lambda: c.search(value, outlet=value),
            lambda: c.search("talks", language=value), lambda: c.list_documents(outlet=value),
            lambda: c.entities(name=value), lambda: c.entities(type=value),
            lambda: c.quotes(words=value), lambda: c.quotes(speaker=value),
            lambda: c.quotes(document=value), lambda: c.figures(metric=value),
            lambda: c.figures(unit=value), lambda: c.figures(claimant=value),
            lambda: c.events(entity=value), lambda: c.timeline(q=value),
            lambda: c.entity(value), lambda: c.document(value),
        ]
        for call in calls:
            with contextlib.suppress(PresswatchError):  # a clear error is fine
                call()
        assert c.stats()["documents"] == 3


def test_translate_keeps_literals_and_parameters() -> None:
    assert translate("SELECT '?' , ? WHERE a LIKE ? ESCAPE '\\'") == \
        "SELECT '?' , %s WHERE a ILIKE %s ESCAPE '\\'"
    assert translate("INSERT OR IGNORE INTO t (a) VALUES (?)").endswith(
        "ON CONFLICT DO NOTHING")
    assert "%%" in translate("SELECT '100%' , ?")


def test_password_is_masked() -> None:
    assert masked("postgresql://ann:s3cret@db.example/news") == \
        "postgresql://ann:***@db.example/news"
    assert masked("postgresql://ann@db/news?password=s3cret") == \
        "postgresql://ann@db/news?password=***"
    assert masked("/tmp/news.db") == "/tmp/news.db"


def test_bad_server_error_hides_the_password() -> None:
    from presswatch.store.sqlite import SchemaError

    with pytest.raises(SchemaError) as info:
        open_store("postgresql://ann:s3cret@127.0.0.1:1/news?connect_timeout=2")
    assert "s3cret" not in str(info.value) and "***" in str(info.value)


def test_read_only_role_reads_and_cannot_write(pg_url: str, pg_database) -> None:
    from presswatch.store.postgres.roles import create_reader

    build(pg_url)
    role = f"pw_reader_{pg_database[1][-8:]}"
    reader_url = create_reader(pg_url, role)
    try:
        with presswatch.open(reader_url) as c:  # the role's transactions are read-only
            assert c.store.read_only
            assert c.stats()["documents"] == 3
            assert c.search("talks")["total"] >= 1
            assert c.events().total == 0  # never joined: a reader does not join them
            with pytest.raises(Exception, match=r"permission denied|read-only"):
                c.store._db.execute("DELETE FROM documents")
    finally:
        from presswatch.store.postgres.roles import drop_role

        drop_role(pg_url, role)


def _ingest(paths: list[Path], db: str) -> subprocess.Popen:
    exe = shutil.which("presswatch", path=str(Path(sys.executable).parent)) or "presswatch"
    return subprocess.Popen([exe, "ingest", *map(str, paths), "--db", db, "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _cli_export(db: str, out: Path) -> bytes:
    exe = shutil.which("presswatch", path=str(Path(sys.executable).parent)) or "presswatch"
    subprocess.run([exe, "export", "--db", db, "--format", "jsonl", "--out", str(out)],
                   check=True, capture_output=True)
    return out.read_bytes()


def test_cli_copy_and_listings_with_a_url(tmp_path: Path, pg_url: str) -> None:
    from typer.testing import CliRunner

    from presswatch.cli import app

    src = build(tmp_path / "a.db")
    runner = CliRunner()
    done = runner.invoke(app, ["copy", "--from", str(src), "--to", pg_url])
    assert done.exit_code == 0, done.output
    assert "counts checked" in done.output
    listing = runner.invoke(app, ["documents", "--db", pg_url, "--json"])
    assert listing.exit_code == 0 and '"total": 3' in listing.output
    again = runner.invoke(app, ["copy", "--from", str(src), "--to", pg_url])
    assert again.exit_code == 1 and "not empty" in again.output


def _by_content(db: str) -> tuple[list[str], dict[str, list[tuple[str, str]]], int]:
    """(document ids sorted, each document's (entity id, name) list, entity rows)."""
    with open_store(db) as store:
        docs = sorted(d.id for d in store.documents())
        ents = {d.id: [(e.id, e.name) for e in d.entities] for d in store.documents()}
        n = store._db.execute("SELECT count(*) FROM entities").fetchone()[0]
    return docs, ents, n


def test_two_concurrent_ingests_equal_one_serial(tmp_path: Path, pg_url: str,
                                                 pg_database) -> None:
    """Two ingests over overlapping inputs at once into one database: the same documents,
    entities and per-document identities as one serial ingest of the union, no row
    twice."""
    import psycopg

    files = sorted((SAMPLES / "en").glob("*.txt"))[:6]
    base, name = pg_database
    serial = f"{base}/{name}?options=-csearch_path%3Dserial_{Path(tmp_path).name[-6:]}"
    schema = serial.rsplit("%3D", 1)[1]
    with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    open_store(pg_url).close()  # created once, as a team's database is
    procs = [_ingest(files[:4], pg_url), _ingest(files[2:][::-1], pg_url)]  # 2 in both
    one = _ingest(files, serial)
    lite = _ingest(files, str(tmp_path / "serial.db"))
    for p in [*procs, one, lite]:
        _, stderr = p.communicate(timeout=600)
        assert p.returncode == 0, stderr
    # the public route: the same ingest exports the same bytes from either backend
    assert _cli_export(serial, tmp_path / "pg.jsonl") == \
        _cli_export(str(tmp_path / "serial.db"), tmp_path / "lite.jsonl")
    docs, ents, n = _by_content(pg_url)
    assert len(docs) == len(files)
    assert (docs, ents, n) == _by_content(serial)
    with open_store(pg_url) as store:
        dup = store._db.execute(
            "SELECT count(*) FROM (SELECT source FROM sources GROUP BY source, doc_id"
            " HAVING count(*) > 1) x").fetchone()[0]
        assert dup == 0
        assert store._db.execute("SELECT count(*) FROM sources").fetchone()[0] == len(files)


def test_version_6_database_gains_title_mentions(tmp_path: Path, pg_url: str) -> None:
    db = build(pg_url)
    before = export(db)
    # Back to version 6: no sort keys (version 10), no headline mentions (7), no identity
    # keys (8), no incremental event joining (9).
    with open_store(db) as store:
        _to_version_9(store)
        with store._db:
            store._db.execute("ALTER TABLE doc_entities DROP COLUMN title_mentions")
            store._db.execute("ALTER TABLE events DROP COLUMN joined")
            store._db.execute("DROP TABLE event_join_keys")
            store._db.execute("DROP INDEX entities_seen")
            store._db.execute("DROP TABLE identity_keys")
            for table, column in (("entities", "created"), ("entities", "seen"),
                                  ("entities", "canonical"), ("entity_aliases", "arrival")):
                store._db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
            store._db.execute("UPDATE presswatch_meta SET value = '6' WHERE key = 'schema_version'")
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION == 10
        cols = [r[0] for r in store._db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name ="
            " 'doc_entities' AND table_schema = current_schema()")]
        assert "title_mentions" in cols
        assert store._db.execute("SELECT count(*) FROM events WHERE joined = 0").fetchone()[0]
        assert store._db.execute("SELECT count(*) FROM event_join_keys").fetchone()[0] == 0
    without = [line for line in before.splitlines() if '"title_mentions"' not in line]
    after = export(db).splitlines()
    assert [line for line in after if '"title_mentions"' not in line] == without


def _doc(doc_id: str, quote: str) -> Document:
    text = f"Ann said {quote}."
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, language="en",
                    quotes=[Quote(quote, 9, 9 + len(quote), "Ann", "indirect", cue="said")],
                    figures=[Figure("2 percent", 9, 18, 2.0, "percent", "growth", None, "Ann",
                                    "forecast")])


def test_bulk_writes_rewrite_in_place_and_fail_whole(db_target: Path | str) -> None:
    """Both backends (PostgreSQL: COPY and staged upserts): a rewrite replaces a document's
    rows and keeps its place; a write that fails (a document twice: its rows collide)
    leaves nothing of itself, and the chunk's transaction goes on."""
    with open_store(db_target) as store:
        store.write_documents([_doc("d1", "one"), _doc("d2", "two"), _doc("d3", "three")])
        store.write_documents([_doc("d2", "two again")])
        assert [d.id for d in store.documents()] == ["d1", "d2", "d3"]
        assert [q.text for q in next(iter(store.documents(["d2"]))).quotes] == ["two again"]
        with store.batch():
            with pytest.raises(Exception):  # noqa: B017 - either driver's integrity error
                store.write_documents([_doc("d4", "four"), _doc("d5", "x"), _doc("d5", "y")])
            store.write_documents([_doc("d4", "four")])
        docs = list(store.documents())
        assert [d.id for d in docs] == ["d1", "d2", "d3", "d4"]
        assert [len(d.quotes) + len(d.figures) for d in docs] == [2, 2, 2, 2]
        store.add_minhashes([("d1", b"\x00\x01sig", ["k1", "k2"]), ("d1", b"sig2", ["k3"])])
        assert [(r[0], bytes(r[2])) for r in store.minhash_candidates(["k1", "k3"])] == [
            ("d1", b"sig2")]
        store.add_line_counts("g", {"a": 2, "b": 1})
        store.add_line_counts("g", {"a": 1})
        assert store.line_counts("g", ["a", "b", "c"]) == {"a": 3, "b": 1, "c": 0}
