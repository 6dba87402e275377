"""Fuzzing the readers and the cleaner (hypothesis): whatever the bytes, a reader yields
items or rejections and never raises, decoding raises nothing but ``DecodeError``, and
cleaning returns an article or refuses a text over the bounds.

``PRESSWATCH_FUZZ_EXAMPLES`` sets the number of cases per test (bench/reliability.py
runs 1,000).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presswatch.clean import TooLarge, clean
from presswatch.config import Settings
from presswatch.model import Article, RawItem, Rejection
from presswatch.readers import reader_for
from presswatch.readers.text import DecodeError, decode_repairing

EXAMPLES = int(os.environ.get("PRESSWATCH_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
SMALL = Settings(max_bytes=200_000, max_chars=20_000, max_lines=2_000)

# Bytes that look like the formats' syntax, so that the fuzzer reaches past the first
# check: JSON, CSV, XML/HTML, WARC headers, encodings' multibyte sequences, NUL.
PIECES = [b"{", b"}", b"[", b"]", b'"', b",", b":", b"\n", b"\r\n", b"<", b">", b"/",
          b"<rss>", b"<item>", b"<html>", b"<p>", b"WARC/1.0\r\n", b"Content-Length: 9\r\n",
          b"\x00", b"\xff", b"\xd0\x9f", b"\xe2\x80\x9c", b"text", b"title", b"0",
          "Путин сказал".encode("cp1251"), "«Да»".encode(), b"\xef\xbb\xbf", b" "]
fuzz_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(PIECES), max_size=200).map(b"".join),
)
fuzz_text = st.one_of(
    st.text(max_size=3000),
    st.lists(st.sampled_from(['"', "«", "»", "9", "\n", " ", "x, ", "May 5, 2023", "—",
                              "Minsk", "said", ".", "\x00", "\u2028", "-- ", "Reuters"]),
             max_size=600).map("".join),
)


@FUZZ
@given(fuzz_bytes)
def test_decoding_raises_only_decode_error(data: bytes) -> None:
    try:
        text, encoding, warnings = decode_repairing(data)
    except DecodeError:
        return
    assert isinstance(text, str) and isinstance(encoding, str)
    assert all(isinstance(w, str) for w in warnings)


@FUZZ
@given(fuzz_bytes, st.sampled_from(["text", "jsonl", "csv", "warc", "feed", "reuters",
                                    "html"]))
def test_readers_never_raise(data: bytes, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input.{fmt}"
        path.write_bytes(data)
        items = list(reader_for(fmt)(path, SMALL))
    assert all(isinstance(item, (RawItem, Rejection)) for item in items)
    for item in items:
        if isinstance(item, RawItem):
            item.text.encode("utf-8")  # storable
            item.source.encode("utf-8")


@FUZZ
@given(fuzz_text, st.sampled_from(["text", "html"]))
def test_cleaner_returns_an_article_or_refuses(text: str, fmt: str) -> None:
    meta = {"format": "html"} if fmt == "html" else {}
    if fmt == "html":
        text = f"<html><body><article><p>{text}</p></article></body></html>"
    try:
        article = clean(RawItem(source="fuzz", text=text, meta=meta), settings=SMALL)
    except TooLarge:
        assert len(text) > SMALL.max_chars or text.count("\n") >= SMALL.max_lines
        return
    assert isinstance(article, Article)
    assert isinstance(article.text, str)
