"""Field mapping for record exports (JSONL, CSV): which field holds the text, the date...

A mapping names, for each of our fields, the export's field: ``text=body,date=published_at,
title=headline,url=link,outlet=site`` (the ``--map`` option). Fields left out are looked up
under common names (:data:`DEFAULTS`, first present wins, case-insensitive).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from presswatch.model import RawItem, Rejection

# Our field -> common names in news exports, in order of preference.
DEFAULTS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "article_text", "full_text", "maintext",
             "html", "raw_html"),
    "title": ("title", "headline", "heading"),
    "published": ("published", "published_at", "date", "pubdate", "pubDate", "datetime",
                  "publish_date", "date_publish", "created_at", "timestamp"),
    "url": ("url", "link", "uri", "source_url"),
    "outlet": ("outlet", "site", "source", "publisher", "domain", "site_name", "media"),
    "author": ("author", "authors", "byline", "creator"),
    "id": ("id", "guid", "uuid"),
}
ALIASES = {"date": "published", "body": "text", "link": "url", "site": "outlet"}
_HTML = re.compile(r"<(?:p|div|br|html|body|article|span|a)\b[^>]*>", re.IGNORECASE)


def parse_mapping(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"text=body,date=published_at"`` -> ``{"text": "body", "published": "published_at"}``."""
    if spec is None:
        return {}
    if isinstance(spec, Mapping):
        pairs = list(spec.items())
    else:
        pairs = []
        for part in spec.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise ValueError(f"bad --map entry {part!r}: expected ours=theirs")
            ours, theirs = part.split("=", 1)
            pairs.append((ours, theirs))
    out: dict[str, str] = {}
    for ours, theirs in pairs:
        key = ALIASES.get(ours.strip(), ours.strip())
        if key not in DEFAULTS:
            raise ValueError(f"unknown field {ours!r} in --map (known: {', '.join(DEFAULTS)})")
        out[key] = theirs.strip()
    return out


def _lookup(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        if name in record and record[name] not in (None, ""):
            return record[name]
        value = lowered.get(name.lower())
        if value not in (None, ""):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("value"))
    text = storable(str(value)).strip()
    return text or None


def storable(text: str) -> str:
    """``text`` with lone surrogates (JSON's ``"\\ud800"`` escapes decode to them, and no
    UTF-8 encoder takes them) replaced by U+FFFD; escaped pairs become their character."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def looks_like_html(text: str) -> bool:
    return len(_HTML.findall(text[:20000])) >= 2


def record_item(
    record: Any, source: str, group: str, mapping: Mapping[str, str]
) -> RawItem | Rejection:
    """One export record -> a RawItem (or a Rejection saying what is missing)."""
    if not isinstance(record, Mapping):
        return Rejection(source, f"record is not an object but {type(record).__name__}")
    fields: dict[str, str] = {}
    for ours, names in DEFAULTS.items():
        wanted = (mapping[ours],) if ours in mapping else names
        value = _as_text(_lookup(record, wanted))
        if value:
            fields[ours] = value
    text = fields.pop("text", None)
    if not text:
        want = mapping.get("text") or "/".join(DEFAULTS["text"][:4])
        return Rejection(source, f"no article text (field {want!r} missing or empty)")
    meta = {k: v for k, v in fields.items() if k in ("title", "published", "url", "outlet",
                                                        "author")}
    if looks_like_html(text):
        meta["format"] = "html"
    return RawItem(source=source, text=text, group=group, meta=meta)
