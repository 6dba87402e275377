"""HTML cleaning: body second pass, date evidence, metadata; routing through clean()."""

from __future__ import annotations

from datetime import date

from presswatch.clean import clean
from presswatch.clean.html import (
    DateCandidate,
    choose_date,
    extract,
    normalise_date,
    tail_pass,
    url_date,
)
from presswatch.model import RawItem

TODAY = date(2025, 1, 1)
PARA = "The minister said the plant would double its output by the end of next year. "


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><title>Plant to double output</title>'
            f"{head}</head><body><article><h1>Plant to double output</h1>{body}"
            f"<p>{PARA * 3}</p><p>{PARA * 2}</p></article></body></html>")


def test_json_ld_published_beats_modified_and_meta() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2020-03-01T10:00:00+03:00", '
            '"dateModified": "2020-03-05T10:00:00+03:00"}</script>')
    got = extract(page(head), today=TODAY)
    assert got is not None
    assert got.published == "2020-03-01T10:00:00+03:00"
    assert got.published_evidence.startswith("JSON-LD datePublished")
    assert got.modified.startswith("2020-03-05")


def test_meta_published_time_and_url_date() -> None:
    head = '<meta property="article:published_time" content="2021-06-02">'
    got = extract(page(head), "https://x.org/2021/06/01/story", today=TODAY)
    assert got.published == "2021-06-02"
    assert url_date("https://x.org/news/2019-11-05-story") == "2019-11-05"
    assert url_date("https://x.org/20191105/story") == "2019-11-05"
    assert url_date("https://x.org/2019/13/05/story") is None


def test_utc_midnight_timestamp_yields_to_the_local_day() -> None:
    stamp = DateCandidate("2020-02-18T02:18:11+00:00", "JSON-LD datePublished", 0)
    local = DateCandidate("2020-02-17", "URL", 2)
    assert choose_date([stamp, local]).value == "2020-02-17"
    noon = DateCandidate("2020-02-18T12:18:11+00:00", "JSON-LD datePublished", 0)
    assert choose_date([noon, local]).value.startswith("2020-02-18")


def test_russian_page_date_in_text() -> None:
    body = "<p>Опубликовано: 5 мая 2021, 12:14</p>"
    html = page(body=body, lang="ru").replace(PARA, "Министр заявил, что завод удвоит выпуск. ")
    got = extract(html, today=TODAY)
    assert got.published is not None and got.published.startswith("2021-05-05")


def test_normalise_date() -> None:
    assert normalise_date("2020-12-05T23:15:0Z") == "2020-12-05T23:15:00+00:00"
    assert normalise_date("1600000000") == "2020-09-13T12:26:40+00:00"
    assert normalise_date("not a date") is None


def test_tail_pass_drops_teasers_keeps_tables_and_subheadings() -> None:
    text = "\n".join([
        "Plant to double output",
        PARA * 2,
        "WHAT HAPPENS NEXT",
        PARA,
        "| Year | Output |",
        "Read more: Another plant closes in the region",
        PARA,
        "CLICK HERE TO GET THE NEWS APP ON YOUR PHONE TODAY",
        PARA,
        "Related stories",
        "Tractor sales rise",
        "Bus plant opens",
    ])
    got = tail_pass(text, title="Plant to double output").split("\n")
    assert got[0] == PARA.strip() * 1 or got[0].startswith("The minister")
    assert "WHAT HAPPENS NEXT" in got and "| Year | Output |" in got
    assert not any(line.startswith(("Read more", "CLICK", "Related", "Tractor")) for line in got)


def test_clean_routes_html_items_and_reader_meta_wins() -> None:
    raw = RawItem("p.html", page(), meta={"format": "html", "title": "Feed title",
                                          "published": "2022-01-02"})
    article = clean(raw)
    assert article.title == "Feed title"
    assert article.published == "2022-01-02" and article.published_evidence == "metadata: published"
    assert "double its output" in article.text and "<p>" not in article.text
    assert article.language == "en"


def test_not_html_gives_empty_text() -> None:
    article = clean(RawItem("x.html", "\x00\x01", meta={"format": "html"}))
    assert article.text == ""
