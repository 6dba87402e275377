"""Near duplicates: MinHash LSH over word shingles, across chunks and runs."""

from __future__ import annotations

from pathlib import Path

from presswatch.clean import duplicates
from presswatch.config import Settings
from presswatch.model import RawItem
from presswatch.pipeline import Ingest
from presswatch.store import open_store

STORY = (
    "Belarusian Industry Minister Pavel Savchenko held talks in Kazan with Deputy Prime "
    "Minister of Tatarstan Rustem Galiev on expanding the joint production of agricultural "
    "machinery. Our machine builders have worked with Kazan for many years, but today we "
    "want more than supplies, Savchenko said after the meeting. Decisions must be measured "
    "in machines that reach the field, not in signed papers, the minister stressed, adding "
    "that the first jointly built combine could leave the assembly line in 2025. The two "
    "sides also agreed to open a joint engineering centre and a service network next year."
)
SYNDICATED = STORY.replace("held talks in Kazan", "held talks in the city of Kazan") + (
    " The talks were reported by the regional news agency."
)
OTHER = (
    "The Grodno logistics hub will handle Russian transit cargo from next month, the regional "
    "government said on Tuesday. Trucks will be processed around the clock, and a rail spur "
    "connects the terminal with the main line to Smolensk and Moscow. Officials expect the "
    "volume of cargo to triple within two years as new warehouses are opened near the border."
)


def test_similarity_estimates() -> None:
    a, b, c = (duplicates.signature(t) for t in (STORY, SYNDICATED, OTHER))
    assert a is not None and b is not None and c is not None
    assert a.jaccard(b) >= duplicates.THRESHOLD
    assert a.jaccard(c) < 0.2
    assert len(a.bands()) == duplicates.BANDS and set(a.bands()) & set(b.bands())
    assert duplicates.Signature.from_bytes(a.to_bytes()).jaccard(a) == 1.0
    assert duplicates.signature("too short to compare") is None


def _ingest(db: Path, items: list[RawItem]):
    store = open_store(db)
    try:
        report = Ingest(store, Settings(chunk_size=2)).run(items)
        docs = {d.source: d for d in store.documents()}
    finally:
        store.close()
    return report, docs


def test_near_duplicates_across_chunks_and_runs(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    first = RawItem("wire.txt", STORY, group="g")
    report, docs = _ingest(db, [first, RawItem("other.txt", OTHER, group="g")])
    assert report.duplicates == 0
    # a later run: the syndicated copy finds the stored original through stored bands
    report, docs = _ingest(db, [RawItem("copy.txt", SYNDICATED, group="g2")])
    assert report.duplicates == 1
    assert docs["copy.txt"].duplicate_of == docs["wire.txt"].id
    assert docs["other.txt"].duplicate_of is None and docs["wire.txt"].duplicate_of is None
    # a copy of the copy points at the earliest document
    again = SYNDICATED + " Another sentence was appended here by a third site."
    report, docs = _ingest(db, [RawItem("copy2.txt", again, group="g3")])
    assert docs["copy2.txt"].duplicate_of == docs["wire.txt"].id
    # re-ingesting changes nothing
    report, _ = _ingest(db, [first])
    assert (report.ingested, report.duplicates, report.unchanged) == (0, 0, 1)


def test_near_duplicates_within_one_chunk(tmp_path: Path) -> None:
    items = [RawItem("a.txt", STORY), RawItem("b.txt", SYNDICATED), RawItem("c.txt", OTHER)]
    store = open_store(tmp_path / "one.db")
    try:
        Ingest(store, Settings(chunk_size=10)).run(items)
        docs = {d.source: d for d in store.documents()}
    finally:
        store.close()
    assert docs["b.txt"].duplicate_of == docs["a.txt"].id
    assert docs["c.txt"].duplicate_of is None
