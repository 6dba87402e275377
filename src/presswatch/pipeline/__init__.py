"""The ingest pipeline: a pure per-document map and a corpus-wide reduce.

:mod:`presswatch.pipeline.map` cleans, annotates and extracts one document anywhere;
:mod:`presswatch.pipeline.reduce` makes the database-wide decisions and writes, in one
process; :mod:`presswatch.pipeline.executors` runs the map in process, on a process pool
or on Dask. The stages are registered by name in :mod:`presswatch.registry`.
"""

from presswatch.pipeline.reduce import (
    DEFAULT_DB,
    Ingest,
    IngestReport,
    PhaseCallback,
    ProgressCallback,
    ingest,
)

__all__ = ["DEFAULT_DB", "Ingest", "IngestReport", "PhaseCallback", "ProgressCallback",
           "ingest"]
