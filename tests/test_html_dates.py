"""HTML publication dates: byline, publisher's zone, page kinds, year-only guesses.

Every rule of ``clean/html_dates.py`` (and its use in ``clean/html.py: choose_date``) on a
small page written for the test.
"""

from __future__ import annotations

from datetime import date, timedelta, timezone

from presswatch.clean.html import DateCandidate, choose_date, extract, parse_html
from presswatch.clean.html_dates import (
    byline_date,
    find_headline,
    is_home_page,
    is_index_page,
    is_revision_view,
    local_day,
    publisher_zone,
    status_time,
    text_date,
)

TODAY = date(2025, 1, 1)
PARA = "The minister said the plant would double its output by the end of next year. "
TITLE = "Plant to double output after new investment"


def page(head: str = "", before: str = "", after: str = "", *, lang: str = "en",
         h1: str = TITLE) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><title>{TITLE} - Example News</title>'
            f"{head}</head><body><header>{before}</header><article><h1>{h1}</h1>{after}"
            f"<p>{PARA * 3}</p><p>{PARA * 2}</p></article>"
            "<footer>© 2020 Example News. All rights reserved.</footer></body></html>")


def published(html: str, url: str | None = None) -> str | None:
    got = extract(html, url, today=TODAY)
    assert got is not None
    return got.published


# -- year-only guesses ------------------------------------------------------------------


def test_year_only_guess_is_not_a_day() -> None:
    # htmldate reads the copyright line as 2020-01-01: no day is stated anywhere.
    assert published(page(), "https://example.com/story/plant") is None


def test_year_only_guess_stands_when_the_page_states_that_day() -> None:
    assert published(page(), "https://example.com/2020/01/01/plant") == "2020-01-01"


# -- byline -----------------------------------------------------------------------------


def test_byline_beats_the_date_banner_above_the_headline() -> None:
    html = page(before="<div class='today'>Tue, 14 Jan 2020</div>",
                after="<div class='byline'>News24 <span>13 Jan 2020, 22:11 GMT+10</span></div>")
    got = extract(html, "https://example.com/news/263700449/plant", today=TODAY)
    assert got.published == "2020-01-13"
    assert got.published_evidence.startswith("byline:")


def test_byline_east_asian_date_and_headings_skipped() -> None:
    tree = parse_html(
        "<html><head><title>Sale winners (2020/7/11-12) - Horse news by Example</title></head>"
        "<body><h1 class='blog-title'>Horse news by Example</h1><h3>Sale winners (2020/7/11-12)"
        "</h3><div><span class='entry-time'>2020年07月12日</span></div><p>text</p></body></html>"
    )
    assert byline_date(tree, "Sale winners (2020/7/11-12) - Horse news by Example") == (
        "2020-07-12", "byline: 2020年07月12日"
    )


def test_byline_passes_over_other_kinds_of_dates() -> None:
    html = page(after="<div>Joined</div><div>May 11, 2017</div><div>Updated 5 March 2020</div>"
                      "<div>Published 3 March 2020</div>")
    tree = parse_html(html)
    assert byline_date(tree, TITLE) == ("2020-03-03", "byline: Published 3 March 2020")


def test_byline_stops_at_prose_and_ignores_dates_in_it() -> None:
    html = page(after=f"<p>{PARA * 5} On 5 March 2020 the plant opened.</p>")
    assert byline_date(parse_html(html), TITLE) is None


def test_headline_needs_the_title_and_skips_mastheads() -> None:
    tree = parse_html(
        "<html><body><h1 class='masthead'>Daily Legal News</h1><div>Wednesday, August 19, 2020"
        "</div><h2>Details</h2></body></html>"
    )
    assert find_headline(tree, "Daily Legal News : Details : Murrays Mowing LLC") is None
    assert byline_date(tree, "Daily Legal News : Details : Murrays Mowing LLC") is None
    assert find_headline(parse_html(page()), "Something else entirely here") is None


def test_text_date_shapes() -> None:
    assert text_date("Katrina Smith 21 Jan 2020") == ("2020-01-21", 14)
    assert text_date("2020/07/12 10:00") == ("2020-07-12", 0)
    assert text_date("05.03.2020") == ("2020-03-05", 0)
    assert text_date("03/04/2020") is None  # March 4th or April 3rd: not read
    assert text_date("16/06/2020") == ("2020-06-16", 0)
    assert text_date("5 мая 2021, 12:14") == ("2021-05-05", 0)
    assert text_date("May 2021") is None


# -- the publisher's zone ---------------------------------------------------------------


def test_utc_stamp_becomes_the_publishers_day_by_locale() -> None:
    head = ('<meta property="og:locale" content="en_US">'
            '<meta property="article:published_time" content="2020-05-02T02:54:29.000Z">')
    got = extract(page(head), "https://abc.example.com/traffic/penn/6144149/", today=TODAY)
    assert got.published == "2020-05-01T22:54:29-04:00"
    assert "locale en_US" in got.published_evidence


def test_utc_stamp_becomes_the_publishers_day_by_country_domain() -> None:
    head = '<meta property="article:published_time" content="2020-12-05T23:15:00Z">'
    assert published(page(head, lang="it"), "https://www.example.it/news/1265473/x.html") == (
        "2020-12-06T00:15:00+01:00"
    )


def test_offset_stated_elsewhere_on_the_page_wins() -> None:
    head = ('<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2020-12-25T01:59:50+02:00"}</script>')
    assert published(page(head, lang="ar"), "https://example.net/story")[:10] == "2020-12-25"


def test_url_day_stands_against_the_zone() -> None:
    head = ('<meta property="og:locale" content="en_US">'
            '<meta property="article:published_time" content="2020-02-18T00:25:09+00:00">')
    assert published(page(head), "https://example.com/2020/02/18/story/")[:10] == "2020-02-18"


def test_no_zone_keeps_the_utc_day() -> None:
    head = '<meta property="article:published_time" content="2020-05-02T02:54:29Z">'
    assert published(page(head), "https://example.com/story")[:10] == "2020-05-02"


def test_zone_helpers() -> None:
    zone = publisher_zone("https://example.com/x", "en_US")
    assert zone is not None and zone[1] == "locale en_US"
    assert publisher_zone("https://example.com/x", "ar_AR") is None  # Facebook's Arabic
    assert publisher_zone("https://example.com/x", None) is None
    assert publisher_zone("https://example.ru/x", None)[1] == "country domain .ru"
    stated = publisher_zone("https://example.com/x", "en_US", ["2020-01-01T10:00:00+05:30"])
    assert stated[0] == timezone(timedelta(hours=5, minutes=30))
    assert local_day("2020-06-28T21:16:15+00:00", stated[0]) == "2020-06-29"
    assert local_day("2020-06-28", stated[0]) is None


def test_same_day_timestamp_beats_bare_date() -> None:
    bare = DateCandidate("2020-08-25", "meta dc.date.created", 0)
    stamp = DateCandidate("2020-08-25T00:23:33+00:00", "JSON-LD datePublished", 0)
    zone = publisher_zone("https://ici.example.ca/nouvelle/1728875/x", None)
    chosen = choose_date([bare, stamp], zone=zone)
    assert chosen is not None and chosen.day == "2020-08-24"
    assert choose_date([bare, stamp]).value == "2020-08-25T00:23:33+00:00"


# -- page kinds -------------------------------------------------------------------------


def test_revision_view_is_dated_by_its_revision() -> None:
    head = ('<script type="application/ld+json">{"@type": "Article", '
            '"datePublished": "2005-07-26T16:22:26-07:00", '
            '"dateModified": "2020-04-07T12:33:32-07:00"}</script>')
    diff = "https://wiki.example.org/index.php?title=Park&diff=591343&oldid=588001"
    assert published(page(head), diff)[:10] == "2020-04-07"
    assert published(page(head), "https://wiki.example.org/wiki/Park")[:10] == "2005-07-26"
    assert is_revision_view("https://w.example.org/w/index.php?title=X&oldid=1")
    assert not is_revision_view("https://example.org/story?id=5")
    # Saved without its address, the page's own diff layout says it is a revision.
    revision = ('<table class="diff"><tr><td class="diff-ntitle">Revision as of 12:33'
                '</td></tr></table>')
    assert published(page(head, before=revision))[:10] == "2020-04-07"
    assert published(page(head))[:10] == "2005-07-26"


def test_home_page_has_no_publication_date() -> None:
    head = '<meta property="article:published_time" content="2020-05-02T10:00:00+02:00">'
    assert published(page(head), "https://www.example.ie/") is None
    assert is_home_page("https://example.org")
    assert not is_home_page("https://example.org/?p=123")
    assert not is_home_page("https://example.org/news/story")


def test_index_page_without_article_fields_has_no_date() -> None:
    body = '<time datetime="2020-05-01T10:00:00+02:00">May 1</time>'
    assert published(page(after=body), "https://example.com/tag/covid/") is None
    head = '<meta property="article:published_time" content="2020-05-02T10:00:00+02:00">'
    assert published(page(head), "https://example.com/tag/covid/")[:10] == "2020-05-02"
    assert is_index_page("https://example.com/category/politics/page/2/")
    assert is_index_page("https://b.example.com/search/label/x")
    assert not is_index_page("https://example.com/category/2020/05/story-slug")
    assert not is_index_page("https://example.com/topics/story.html")
    assert not is_index_page("https://example.com/news/tag-team-wins")


def test_status_permalink_gives_its_creation_time() -> None:
    """A Twitter/X status id encodes its creation instant (a snowflake: milliseconds
    since the service's epoch, shifted by 22 bits); other hosts' /status/ paths do not."""
    sid = ((1_700_000_000_000 - 1288834974657) << 22) + 12345  # 2023-11-14T22:13:20Z
    assert status_time(f"https://twitter.com/some_desk/status/{sid}") == \
        "2023-11-14T22:13:20+00:00"
    assert status_time(f"https://x.com/i/web/status/{sid}/photo/1") == \
        "2023-11-14T22:13:20+00:00"
    assert status_time(f"https://example.org/news/status/{sid}") is None
    assert status_time("https://twitter.com/some_desk") is None
    html = (f'<html><head><link rel="canonical" href="https://twitter.com/desk/status/{sid}">'
            '</head><body><p>Short post.</p></body></html>')
    page = extract(html)
    assert page is not None and page.published is not None
    assert page.published.startswith("2023-11-14")
