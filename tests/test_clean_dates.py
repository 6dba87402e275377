"""Dates: parsing, header lines, publication date priority, doubts, placeholder dates."""

from __future__ import annotations

import time

import pytest

from presswatch.clean import clean
from presswatch.clean.dates import (
    PLACEHOLDER_PREFIX,
    DateParts,
    content_year_warning,
    find_header,
    first_lines_date,
    glued_stamp,
    is_relative_time,
    is_stamp,
    parse_date,
    parse_meta_date,
    placeholder_warnings,
    resolve_year,
)
from presswatch.model import RawItem


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2021-03-04", DateParts(2021, 3, 4)),
        ("04.03.2021 09:30", DateParts(2021, 3, 4, "09:30:00")),
        ("04.03.2021 09:30:15", DateParts(2021, 3, 4, "09:30:15")),
        ("March 4, 2021", DateParts(2021, 3, 4)),
        ("Mar 4", DateParts(None, 3, 4)),
        ("4 March 2021, 14:05", DateParts(2021, 3, 4, "14:05:00")),
        ("4 марта 2021 г.", DateParts(2021, 3, 4)),
        ("12 декабря 2022, 14:05", DateParts(2022, 12, 12, "14:05:00")),
        ("2 сентября", DateParts(None, 9, 2)),
        ("12/25/2020", DateParts(2020, 12, 25)),
        ("Tuesday, 1 March", DateParts(None, 3, 1)),
    ],
)
def test_parse_date(text: str, parts: DateParts) -> None:
    assert parse_date(text) == parts


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("31.02.2021") is None
    assert parse_date("no date in here") is None
    assert parse_date("February 30") is None


def test_stamps_and_relative_times() -> None:
    stamps = ["09:12", "23:05", "March 16, 11:47", "16 марта, 11:47", "12.12.2022 10:00"]
    for line in [*stamps, "Friday, 5 June 2020"]:
        assert is_stamp(line), line
    for line in ["At 09:12 the train left.", "Rail traffic", "2021 results", "1,200"]:
        assert not is_stamp(line), line
    assert glued_stamp("March 2, 18:20Council of Ministers") == len("March 2, 18:20")
    assert glued_stamp("18:20Council of Ministers") == 5
    assert glued_stamp("March 2, 18:20 council") == 0
    for line in ["12 mins ago", "1 hour ago", "2 часа назад", "вчера", "Posted 3 days ago"]:
        assert is_relative_time(line), line
    assert not is_relative_time("Two hours later the talks ended.")


def test_find_header_shapes() -> None:
    header = find_header([" date 2021-03-04 Economy", "", "Title here"])
    assert header is not None
    assert (header.published, header.evidence, header.remainder) == (
        "2021-03-04", "header line: date 2021-03-04", "Economy",
    )
    header = find_header(["Posted: 04.03.2021 09:30:00"])
    assert header is not None
    assert header.published == "2021-03-04T09:30:00"
    assert header.evidence == "header line: Posted: 04.03.2021 09:30:00"
    assert header.remainder is None
    header = find_header(["Опубликовано: 12 декабря 2022, 14:05"])
    assert header is not None and header.published == "2022-12-12T14:05:00"
    header = find_header(["Title of the story", "12 декабря 2022, 14:05", "Body."])
    assert header is not None and (header.index, header.published) == (1, "2022-12-12T14:05:00")
    assert find_header(["Prices rose on 4 March 2021, officials said in Riga today."]) is None
    assert find_header(["A", "B", "C", "Posted: 04.03.2021"]) is None  # too far down


def test_parse_meta_date() -> None:
    assert parse_meta_date("2021-03-04") == "2021-03-04"
    assert parse_meta_date("2021-03-04T09:30:00+03:00") == "2021-03-04T09:30:00+03:00"
    assert parse_meta_date("2021-03-04 09:30") == "2021-03-04T09:30:00"
    assert parse_meta_date("4 March 2021") == "2021-03-04"
    assert parse_meta_date("26-FEB-1987 15:01:01.79") == "1987-02-26T15:01:01"
    assert parse_meta_date("garbage") is None


def test_first_lines_date_skips_relative_and_long_lines() -> None:
    assert first_lines_date(["3 hours ago", "Friday, 5 June 2020", "Body."]) == (
        "2020-06-05", "first lines: Friday, 5 June 2020",
    )
    long_line = "On 5 June 2020 the plant opened, " + "and more words follow here " * 4
    assert first_lines_date([long_line]) is None


def test_resolve_year_takes_the_anchor_year_and_steps_back_over_new_year() -> None:
    assert resolve_year(DateParts(None, 12, 19), "2022-12-19") == "2022-12-19"
    assert resolve_year(DateParts(None, 12, 31), "2023-01-02T10:00:00") == "2022-12-31"
    assert resolve_year(DateParts(None, 5, 5), None) == "--05-05"
    # Far from the anchor: the anchor says nothing about the dateline's year.
    assert resolve_year(DateParts(None, 5, 18), "2018-11-30") == "--05-18"
    assert resolve_year(DateParts(None, 5, 18), "2018-05-17") == "2018-05-18"
    assert resolve_year(DateParts(2020, 5, 5), "2023-01-01") == "2020-05-05"


def test_content_year_warning() -> None:
    assert content_year_warning("2019-12-13", "Exports grew in 2023 by a third.") == (
        "content mentions 2023, after the stated publication date 2019-12-13: "
        "the content contradicts the date"
    )
    plan = "The plan runs until 2025 and by 2030 targets."
    assert content_year_warning("2019-12-13", plan) is None
    assert content_year_warning("2019-12-13", "План рассчитан до 2030 года.") is None
    assert content_year_warning("2019-12-13", "In 2018 exports fell.") is None


def test_planned_dates_are_no_contradiction() -> None:
    planned = (
        "The new tariff applies from 1 January 2020, the ministry said.",
        "The summit will be held on 3 May 2020 in Geneva.",
        "The rules take effect in 2021.",
        "Новые правила вводятся с 1 января 2020 года.",
        "Форум пройдёт 3 мая 2020 года в Казани.",
        "Закон вступит в силу в 2021 году.",
    )
    for text in planned:
        assert content_year_warning("2019-12-13", text) is None, text
    # A past event in a later year is still a contradiction.
    assert content_year_warning("2019-12-13", "The plant closed on 3 May 2021.")
    assert content_year_warning("2019-12-13", "Завод закрылся 3 мая 2021 года.")


def test_publication_date_priority_meta_header_dateline_first_lines() -> None:
    body = "KAUNAS, May 5, 2020 – BNS. The city opened a new tram line on Tuesday morning."
    with_header = " date 2020-05-06 Lithuania\n\n" + body
    meta = RawItem(source="m", text=with_header, meta={"published": "2020-05-07"})
    article = clean(meta)
    assert (article.published, article.published_evidence) == ("2020-05-07", "metadata: published")
    article = clean(RawItem(source="h", text=with_header))
    assert (article.published, article.published_evidence) == (
        "2020-05-06", "header line: date 2020-05-06",
    )
    assert any("disagrees" in w for w in article.warnings)  # dateline May 5 vs header May 6
    article = clean(RawItem(source="d", text=body))
    assert article.published == "2020-05-05"
    assert article.published_evidence == "dateline: KAUNAS, May 5, 2020 – BNS."
    assert article.outlet == "BNS"
    dated = "Tram line opens\n\n5 May 2020\n\nThe city opened a new tram line on Tuesday morning."
    article = clean(RawItem(source="f", text=dated))
    assert (article.published, article.published_evidence) == (
        "2020-05-05", "header line: 5 May 2020",
    )


def test_relative_time_is_never_the_publication_date() -> None:
    text = "Tram line opens\n\n2 hours ago\n\nThe city opened a new tram line on Tuesday morning."
    article = clean(RawItem(source="r", text=text))
    assert article.published is None
    assert "no publication date found" in article.warnings
    assert "2 hours ago" not in article.text


def test_content_contradicting_the_date_is_warned() -> None:
    text = " date 2018-02-01 Exports grew in 2021 by a fifth, the ministry said on Monday."
    raw = RawItem(source="c", text=text)
    assert clean(raw).warnings == [
        "content mentions 2021, after the stated publication date 2018-02-01: "
        "the content contradicts the date"
    ]


def test_placeholder_dates_flagged_when_implausible() -> None:
    docs = [
        ("a", "2019-12-13", "h1"),
        ("b", "2019-12-13", "h2"),
        ("c", "2022-12-19", "h3"),
        ("d", "2023-06-28T12:14:00", "h4"),
        ("e", None, "h5"),
    ]
    flagged = placeholder_warnings(docs)
    assert set(flagged) == {"a", "b"}
    assert flagged["a"].startswith(PLACEHOLDER_PREFIX + "2019-12-13 ")


def test_placeholder_not_flagged_for_a_one_day_crawl_or_duplicates() -> None:
    one_day = [(f"d{i}", "2021-04-01", f"h{i}") for i in range(30)]
    assert placeholder_warnings(one_day) == {}
    dup = [("a", "2015-01-01", "same"), ("b", "2015-01-01", "same"), ("c", "2021-01-01", "x")]
    assert placeholder_warnings(dup) == {}
    # Dense, evenly spread dates: two stories on one day is ordinary.
    busy = [(f"d{i}", f"2021-04-{1 + i % 10:02d}", f"h{i}") for i in range(40)]
    assert placeholder_warnings(busy) == {}
    assert placeholder_warnings([]) == {}
    # A sparse archive: two unrelated stories on one day of six years is a coincidence.
    sparse = [(f"s{i}", f"{2018 + i % 6}-{1 + i % 12:02d}-{1 + (7 * i) % 28:02d}", f"h{i}")
              for i in range(20)]
    sparse += [("x", "2021-10-03", "hx"), ("y", "2021-10-03", "hy")]
    assert placeholder_warnings(sparse) == {}
    # ... but three of them on one day is a placeholder.
    assert set(placeholder_warnings([*sparse, ("z", "2021-10-03", "hz")])) == {"x", "y", "z"}


def test_parsing_is_fast() -> None:
    lines = ["December 16, 11:47", "The minister said on Tuesday that the talks went well."] * 500
    started = time.perf_counter()
    for line in lines:
        is_stamp(line)
        parse_date(line)
    assert time.perf_counter() - started < 0.5


def _crawl_of_a_year(n: int = 180) -> list[tuple[str, str | None, str, str | None]]:
    """n pages dated over one year, one a day at most twice, by structured evidence."""
    import datetime as dt

    start = dt.date(2020, 1, 1)
    return [
        (f"p{i}", (start + dt.timedelta(days=(i * 2) % 360)).isoformat(), f"h{i}",
         "JSON-LD datePublished: ...")
        for i in range(n)
    ]


def test_placeholder_check_is_robust_to_outlier_dates() -> None:
    crawl = _crawl_of_a_year()
    # One stray old page used to stretch the span to twelve years.
    crawl += [("old1", "2008-02-02", "o1", "htmldate: 2008-02-02"),
              ("old2", "2005-07-26", "o2", "modified: 2005-07-26")]
    crawl += [(f"q{i}", "2020-03-23", f"hq{i}", "htmldate: 2020-03-23") for i in range(4)]
    assert placeholder_warnings(crawl) == {}
    # The same crawl with a real placeholder: ten pages on one fallback value.
    stuck = [(f"z{i}", "2000-01-01", f"hz{i}", "header line: 2000-01-01") for i in range(10)]
    assert set(placeholder_warnings([*crawl, *stuck])) == {f"z{i}" for i in range(10)}


def test_placeholder_pile_needs_one_value_from_one_kind_of_evidence() -> None:
    sparse = [(f"s{i}", f"{2015 + i}-06-01", f"h{i}", "header line: x") for i in range(6)]
    same = [(f"a{i}", "2019-12-13", f"ha{i}", "header line: date 2019-12-13") for i in range(3)]
    assert set(placeholder_warnings([*sparse, *same])) == {"a0", "a1", "a2"}
    # Three different times of day on one day are three real stamps.
    timed = [(f"t{i}", f"2019-12-13T1{i}:05:00", f"ht{i}", "meta article: x") for i in range(3)]
    assert placeholder_warnings([*sparse, *timed]) == {}
    # A date read from each page's own address is never a shared fallback.
    urls = [(f"u{i}", "2019-12-13", f"hu{i}", "URL: 2019-12-13") for i in range(3)]
    assert placeholder_warnings([*sparse, *urls]) == {}
    # Different kinds of evidence are different mechanisms.
    mixed = [(f"m{i}", "2019-12-13", f"hm{i}", kind)
             for i, kind in enumerate(("byline: x", "htmldate: x", "dateline: x"))]
    assert placeholder_warnings([*sparse, *mixed]) == {}


def test_placeholder_pile_is_one_outlet() -> None:
    # A topic collection: a burst of stories from many outlets on the day of the event.
    spread = [(f"s{i}", f"2018-{1 + i % 12:02d}-{1 + i % 27:02d}", f"h{i}", "header line: x",
               f"outlet{i}") for i in range(40)]
    burst = [(f"b{i}", "2019-01-11", f"hb{i}", "header line: 2019-01-11", f"site{i}.example")
             for i in range(20)]
    assert placeholder_warnings([*spread, *burst]) == {}
    # The same pile from one site is that site's fallback date.
    stuck = [(f"b{i}", "2019-01-11", f"hb{i}", "header line: 2019-01-11", "One Site")
             for i in range(20)]
    assert set(placeholder_warnings([*spread, *stuck])) == {f"b{i}" for i in range(20)}
