"""A corpus of bad inputs, generated on the spot, for the reliability tests and
``bench/reliability.py``: every kind a user can feed by mistake (names, file types,
encodings, sizes, depth, damaged archives and exports, pathological content), each with
the outcome expected of it, beside good articles that must all be stored.

:func:`build` writes the corpus under a folder and returns its :class:`Case` s; the
limits it exercises are those of :data:`SETTINGS` (small, so the corpus stays small).
"""

from __future__ import annotations

import io
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from presswatch.config import Settings

SETTINGS = Settings(
    max_bytes=400_000, max_chars=60_000, max_lines=3_000, max_feed_entries=20, max_depth=64,
    # The budget is tested on its own (test_reliability); here it only guards against a hang,
    # so a loaded machine never rejects a slow but good document and changes the counts.
    document_seconds=300,
)

PROSE = (
    "Belarusian President Alexander Lukashenko met Vladimir Putin in Minsk on Friday. "
    '"We agreed on gas prices," Lukashenko told reporters, adding that trade grew 12% to '
    "$3.5 billion in 2023. The talks lasted four hours, officials said.\n"
)
RUSSIAN = (
    "Президент Белоруссии Александр Лукашенко встретился с Владимиром Путиным в Минске "
    "в пятницу. «Мы договорились о ценах на газ», — сказал Лукашенко журналистам, "
    "добавив, что товарооборот вырос на 12% до $3,5 млрд. Переговоры длились четыре "
    "часа, сообщили чиновники.\n"
)
TOPICS = ("Minsk", "Riga", "Vilnius", "Warsaw", "Kyiv", "Tallinn", "Prague", "Vienna")


def article(i: int, length: int = 0) -> str:
    """A distinct, ordinary English news article (``length`` characters at least)."""
    city = TOPICS[i % len(TOPICS)]
    head = (f"Talks in {city} number {i}\n\n{city}, May {1 + i % 27} - Officials from "
            f"{city} met {i + 2} delegations on Tuesday, the ministry said.\n")
    body = PROSE.replace("Minsk", city)
    text = head + body
    while len(text) < length:
        text += body
    return text


def normal(length: int, prose: str = PROSE) -> str:
    """Ordinary prose of exactly ``length`` characters (the ratio tests' baseline)."""
    return (prose * (length // len(prose) + 1))[:length]


@dataclass(frozen=True)
class Case:
    """One bad input: its name, the source name(s) it is stored under (a substring) and
    the expected outcome, ``rejected`` (with ``reason`` in the rejection),
    ``warned`` (stored, ``reason`` in a warning), ``stored`` or ``skipped`` (never read,
    never stored)."""

    kind: str
    source: str
    outcome: str
    reason: str = ""


def _warc(records: list[tuple[str, bytes]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def _page(i: int) -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in article(100 + i, 1500).splitlines() if line)
    return (f"<html><head><title>Page {i}</title></head><body><article>{paras}"
            "</article></body></html>").encode()


def build(root: Path, good: int = 6) -> tuple[list[Case], int]:
    """Write the corpus under ``root`` (a folder to ingest); returns the cases and the
    number of documents that must be stored (good articles plus the stored cases)."""
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for i in range(good):
        (root / f"good{i:02d}.txt").write_text(article(i), encoding="utf-8")
    stored = good

    def add(kind: str, source: str, outcome: str, reason: str = "") -> None:
        nonlocal stored
        cases.append(Case(kind, source, outcome, reason))
        stored += outcome in ("stored", "warned")

    # -- names and file types -----------------------------------------------------------
    bad_name = os.fsdecode(b"bad\xff.txt")
    (root / bad_name).write_text(article(50), encoding="utf-8")
    add("name not utf-8", "bad\\xff.txt", "stored")
    fifo = root / "pipe.txt"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        add("fifo", "pipe.txt", "rejected", "not a regular file: fifo")
    if sys.platform != "win32":
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(str(root / "sock.txt"))
            add("socket", "sock.txt", "rejected", "not a regular file: socket")
        except OSError:
            pass
        finally:
            sock.close()
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    add("dangling link", "dangling.txt", "rejected", "unreadable")
    (root / "loop").symlink_to(root)
    (root / "up").symlink_to("..")
    add("link to the parent (holds the database)", "db.sqlite", "skipped")
    deep = root / "deep"
    for _ in range(70):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "buried.txt").write_text(article(51), encoding="utf-8")
    add("folder too deep", "/d/d/d", "rejected", "folder nested too deep")
    (root / "empty.txt").write_bytes(b"")
    add("empty file", "empty.txt", "rejected", "empty file")
    (root / "blank.txt").write_text("  \n\n \t\n")
    add("blank file", "blank.txt", "rejected", "empty file")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    add("binary", "image.txt", "rejected", "binary file")
    (root / "noise.txt").write_bytes(bytes((i * 7919) % 128 + 128 for i in range(4000)))
    add("undecodable", "noise.txt", "rejected", "")
    # -- sizes ----------------------------------------------------------------------------
    (root / "huge.txt").write_text(normal(SETTINGS.max_bytes + 10))
    add("over max_bytes", "huge.txt", "rejected", "file too large")
    (root / "long.txt").write_text(normal(SETTINGS.max_chars + 1000))
    add("over max_chars", "long.txt", "rejected", "text too long")
    (root / "lines.txt").write_text("Headline\n" + "ab\n" * (SETTINGS.max_lines + 10))
    add("over max_lines", "lines.txt", "rejected", "lines > limit")
    # -- repairs ------------------------------------------------------------------------
    nul = article(52, 4000).encode()
    nul = nul[:300] + b"\x00" + nul[300:600] + b"\x00\x00" + nul[600:]
    (root / "nul.txt").write_bytes(nul)
    add("stray NULs", "nul.txt", "warned", "stray NUL bytes removed")
    mixed = article(53).encode() + RUSSIAN.encode("utf-8") + RUSSIAN.encode("cp1251") * 3
    (root / "mixed.txt").write_bytes(mixed)
    add("utf-8 and cp1251 mixed", "mixed.txt", "warned", "mixed encodings")
    # -- records ------------------------------------------------------------------------
    deep_json = '{"text": "' + article(54).replace("\n", " ").replace('"', "'") + '"}\n'
    (root / "export.jsonl").write_text(deep_json + "[" * 200_000 + "\n" + "{not json\n")
    add("JSONL nested 200,000 deep", "export.jsonl#2", "rejected", "nested too deeply")
    add("JSONL broken line", "export.jsonl#3", "rejected", "invalid JSON")
    add("JSONL good line beside them", "export.jsonl#1", "stored")
    (root / "array.json").write_text("[" * 100_000)
    add("JSON array nested deep", "array.json", "rejected", "nested too deeply")
    rows = [f'{i},"{article(60 + i).replace(chr(10), " ").replace(chr(34), "")}"'
            for i in range(3)]
    rows.insert(1, '9,"an opened quote that never closes, then')
    (root / "broken.csv").write_text("id,text\n" + "\n".join(rows) + "\n")
    add("CSV unclosed quote", "broken.csv#3", "rejected", "never closed")
    add("CSV rows after it", "broken.csv#4", "stored")
    add("CSV last row", "broken.csv#5", "stored")
    add("CSV row before it", "broken.csv#2", "stored")
    whole = _warc([("http://example.com/a", _page(0)), ("http://example.com/b", _page(1))],
                  gz=False)
    (root / "cut.warc").write_bytes(whole[:-1500])
    add("truncated WARC", "cut.warc#http://example.com/b", "rejected", "truncated record")
    add("WARC record before the cut", "cut.warc#http://example.com/a", "stored")
    first = ("http://example.com/c", _page(2))
    zipped = _warc([first, ("http://example.com/d", _page(3))], gz=True)
    offset = len(_warc([first], gz=True))  # where the second gzip member starts
    (root / "cut.warc.gz").write_bytes(zipped[:offset + (len(zipped) - offset) // 2])
    # Where the cut falls in the member decides which of warcio's paths reports it
    # ("truncated record", "truncated archive", "damaged archive"): any, but rejected.
    add("truncated WARC.gz", "cut.warc.gz#", "rejected", "")
    add("WARC.gz record before the cut", "cut.warc.gz#http://example.com/c", "stored")
    items = "".join(
        f"<item><title>Entry {i}</title><link>http://example.com/{i}</link>"
        f"<description>{article(200 + i)}</description></item>"
        for i in range(SETTINGS.max_feed_entries + 5)
    )
    (root / "long.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>'
                                   f"<title>Feed</title>{items}</channel></rss>")
    add("feed over max_feed_entries", "long.rss#entry-21", "rejected", "feed too long")
    stored += SETTINGS.max_feed_entries - 1  # the entries read (one counted by add)
    add("feed entries within the limit", "long.rss#http://example.com/0", "warned",
        "only a summary")
    (root / "page.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    add("HTML without text", "page.html", "rejected", "")
    # -- pathological content (stored, in bounded time) -----------------------------------
    (root / "quotes.txt").write_text(article(55) + '"' * 10_000 + "\n")
    add("10,000 straight quotes", "quotes.txt", "stored")
    (root / "digits.txt").write_text(article(56) + "9" * 10_000 + " dollars.\n")
    add("10,000 digits", "digits.txt", "stored")
    (root / "oneline.txt").write_text(article(57, 10_000).replace("\n", " "))
    add("one 10,000-character line", "oneline.txt", "stored")
    (root / "guillemets.txt").write_text(RUSSIAN * 3 + "«" * 10_000 + "\n")
    add("10,000 guillemets (Russian)", "guillemets.txt", "stored")
    return cases, stored
