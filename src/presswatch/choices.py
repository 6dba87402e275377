"""The values a closed option accepts (input and output formats, quote and figure kinds,
timeline intervals), in one module that imports nothing: the CLI's parser and help
read them without loading the readers, the query layer or the store, which import them
from here."""

from __future__ import annotations

# Input formats of `presswatch ingest --format` (presswatch.readers).
INPUT_FORMATS = ("text", "html", "warc", "jsonl", "csv", "feed", "urls", "reuters")
# Formats of `presswatch export` (presswatch.query.export).
EXPORT_FORMATS = ("jsonl", "csv")
# Formats of `presswatch network` (presswatch.query.network).
NETWORK_FORMATS = ("json", "csv", "nodes-csv", "gexf", "graphml", "node-link")
QUOTE_KINDS = ("direct", "indirect", "transcript")
FIGURE_KINDS = ("actual", "forecast", "target", "other")
INTERVALS = ("day", "week", "month")
