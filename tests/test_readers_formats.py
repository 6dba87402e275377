"""Readers for structured formats: HTML, WARC, JSONL, CSV, feeds, Reuters-21578."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from presswatch import readers
from presswatch.model import RawItem, Rejection
from presswatch.readers.csvfile import read_csv
from presswatch.readers.feeds import SUMMARY_ONLY, read_feed
from presswatch.readers.html import read_html
from presswatch.readers.jsonl import read_jsonl
from presswatch.readers.mapping import parse_mapping
from presswatch.readers.reuters import read_reuters, reuters_date
from presswatch.readers.warc import read_warc

PAGE = """<!doctype html><html lang="en"><head><title>Talks in Kazan</title>
<meta property="og:title" content="Talks in Kazan">
<meta property="article:published_time" content="2024-03-14T09:30:00+03:00">
<link rel="canonical" href="https://example.org/2024/03/14/talks">
</head><body><article><h1>Talks in Kazan</h1>
<p>Belarusian Industry Minister Pavel Savchenko held talks in Kazan with officials of
Tatarstan on expanding the joint production of agricultural machinery this year.</p>
<p>The first jointly built combine could leave the assembly line in 2025, he said after
the meeting, adding that engineers from both sides would work together.</p>
</article></body></html>"""


def items(results) -> list[RawItem]:
    return [r for r in results if isinstance(r, RawItem)]


def test_html_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.htm").write_bytes(PAGE.replace("Kazan", "Казани").encode("cp1251")
                                      .replace(b"<head>", b'<head><meta charset="windows-1251">'))
    (tmp_path / "notes.md").write_text("not a page", encoding="utf-8")
    got = list(read_html(tmp_path))
    assert [Path(i.source).name for i in got] == ["a.html", "b.htm"]
    first, second = items(got)
    assert first.meta["format"] == "html"
    assert first.meta["url"] == "https://example.org/2024/03/14/talks"
    assert "Казани" in second.text
    # ids are stable: the same page read twice has the same content id
    assert items(read_html(tmp_path / "a.html"))[0].content_id == first.content_id


def test_dispatch_by_suffix_and_sniffing(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")  # sniffed as HTML
    (tmp_path / "plain.txt").write_text("Just a plain article.\n", encoding="utf-8")
    got = items(readers.read([tmp_path]))
    by_name = {Path(i.source).name: i for i in got}
    assert by_name["page.txt"].meta.get("format") == "html"
    assert not by_name["plain.txt"].meta
    assert readers.sniff(b"WARC/1.0\r\n") == "warc"
    assert readers.sniff(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert readers.sniff(b"<LEWIS>\n<REUTERS NEWID=\"1\">") == "reuters"
    with pytest.raises(ValueError):
        list(readers.read([tmp_path], format="nope"))


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, body, ctype in (
            ("https://example.org/a", PAGE.encode(), "text/html; charset=utf-8"),
            ("https://example.org/logo.png", b"\x89PNG....", "image/png"),
            ("https://example.org/gone", b"<html>gone</html>", "text/html"),
        ):
            status = "404 Not Found" if uri.endswith("gone") else "200 OK"
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def test_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    got = list(readers.read([path]))
    assert [type(g) for g in got] == [RawItem, Rejection]
    page = got[0]
    assert isinstance(page, RawItem)
    assert page.source.endswith("crawl.warc.gz#https://example.org/a")
    assert page.meta["url"] == "https://example.org/a" and page.meta["format"] == "html"
    assert "404" in got[1].reason
    # a damaged archive ends with a rejection, never an exception
    (tmp_path / "bad.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nbroken")
    assert all(isinstance(r, Rejection) for r in read_warc(tmp_path / "bad.warc"))


def test_jsonl_defaults_mapping_and_rejections(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"headline": "A", "body": "Text one.", "published_at": "2024-01-02",
                        "link": "https://x.org/1", "site": "X"}),
            "{not json",
            json.dumps({"title": "no text"}),
            json.dumps(["a list"]),
            json.dumps({"content": "<p>Para one.</p><p>Para two.</p>", "date": "2024-01-03"}),
        ]),
        encoding="utf-8",
    )
    got = list(read_jsonl(path, mapping="title=headline,date=published_at,url=link,outlet=site"))
    assert [type(g).__name__ for g in got] == [
        "RawItem", "Rejection", "Rejection", "Rejection", "RawItem"
    ]
    first = got[0]
    assert first.source.endswith("export.jsonl#1")
    assert dict(first.meta) == {"title": "A", "published": "2024-01-02",
                                "url": "https://x.org/1", "outlet": "X"}
    assert "invalid JSON" in got[1].reason and "no article text" in got[2].reason
    assert got[4].meta["format"] == "html"  # HTML in a text field is cleaned as HTML
    with pytest.raises(ValueError):
        parse_mapping("colour=red")


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        'headline,text,pubDate\n"Talks, again","Body, with commas.",2024-02-01\n'
        ',,\n', encoding="utf-8",
    )
    got = list(read_csv(path))
    assert isinstance(got[0], RawItem) and got[0].text == "Body, with commas."
    assert got[0].meta["title"] == "Talks, again" and got[0].meta["published"] == "2024-02-01"
    assert isinstance(got[1], Rejection) and got[1].source.endswith("#3")


FEED = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Minsk Daily</title>
<item><title>Full story</title><link>https://m.example/1</link><guid>id-1</guid>
<pubDate>Tue, 05 Sep 2023 09:30:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The full text of the story, long enough to read.</p>
<p>A second paragraph of it.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://m.example/2</link><guid>id-2</guid>
<description>Only a summary here.</description></item>
</channel></rss>"""


def test_feed(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(FEED, encoding="utf-8")
    full, summary = items(read_feed(path))
    assert full.source.endswith("news.rss#id-1")
    assert full.meta["format"] == "html" and full.meta["outlet"] == "Minsk Daily"
    assert full.meta["published"].startswith("2023-09-05T09:30")
    assert summary.text == "Only a summary here." and summary.meta["warning"] == SUMMARY_ONLY
    (tmp_path / "bad.rss").write_text("this is no feed", encoding="utf-8")
    assert isinstance(next(read_feed(tmp_path / "bad.rss")), Rejection)


SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, alleviating the drought since early
January, Comissaria Smith said &lt;in> its weekly review.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>FLASH ONLY</TITLE>
&#3;</TEXT>
</REUTERS>"""


def test_reuters(tmp_path: Path) -> None:
    path = tmp_path / "reut2-000.sgm"
    path.write_text(SGML, encoding="latin-1")
    story, flash = list(read_reuters(path))
    assert isinstance(story, RawItem) and isinstance(flash, Rejection)
    assert story.source.endswith("reut2-000.sgm#NEWID=1")
    assert story.text.startswith("SALVADOR, Feb 26 - Showers")
    assert "<in>" in story.text and "\x03" not in story.text
    assert story.meta["title"] == "BAHIA COCOA REVIEW"
    assert story.meta["published"] == "1987-02-26T15:01:01"
    assert story.meta["dateline"] == "SALVADOR, Feb 26"
    assert reuters_date("bad") is None


SHARED_REUTERS = Path(__file__).resolve().parents[2] / "shared/corpora/reuters21578/reut2-000.xml"


@pytest.mark.e2e
@pytest.mark.skipif(not SHARED_REUTERS.exists(), reason="../shared absent")
def test_reuters_shared_corpus_file() -> None:
    got = list(readers.read([SHARED_REUTERS]))
    stories = items(got)
    assert len(got) == 1000 and len(stories) > 900
    assert all(s.meta.get("published", "").startswith("1987-") for s in stories)
    assert len({s.content_id for s in stories}) > 0.95 * len(stories)


def test_gzip_html_is_rejected_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(gzip.compress(PAGE.encode()))
    assert isinstance(next(read_html(path)), Rejection)
