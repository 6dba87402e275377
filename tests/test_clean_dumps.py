"""Real-dump shapes (tests/data/dumps, fictional texts written for presswatch): metadata
header blocks, Markdown article dumps, section prefixes, teasers, share lines, end marks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswatch.clean import clean
from presswatch.clean.lines import (
    is_end_mark,
    is_share_line,
    is_teaser,
    metadata_kind,
    read_markup,
    split_section_prefix,
)
from presswatch.model import RawItem

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests/data/dumps_gold.json").read_text(encoding="utf-8"))


def _clean(rel: str):
    path = ROOT / rel
    return clean(RawItem(source=rel, text=path.read_text(encoding="utf-8"), group="dumps"))


@pytest.mark.parametrize("rel", sorted(GOLD))
def test_dump_shapes(rel: str) -> None:
    gold = GOLD[rel]
    article = _clean(rel)
    assert article.title == gold["title"], gold["shape"]
    lines = {line.strip() for line in article.text.split("\n")}
    for line in gold["boilerplate_lines"]:
        assert line not in lines, (gold["shape"], line)
    for line in gold["body_lines"]:
        assert line in article.text, (gold["shape"], line)
    assert (article.published or "")[:10] == (gold["published"] or "")
    assert article.outlet == gold["outlet"]
    assert article.language == gold["language"]
    assert article.warnings == gold["expect_warning"]


def test_metadata_lines() -> None:
    assert metadata_kind("ru-10") == ("id", "ru-10")
    assert metadata_kind("en") == ("lang", "en")
    assert metadata_kind("2018-09-20T10:00:00+03:00")[0] == "date"
    assert metadata_kind("https://example.org/a/b.html")[0] == "url"
    assert metadata_kind("URL: https://example.org/a")[0] == "url"
    for text in ("Brexit", "World", "12", "Talks resume in Geneva", "A"):
        assert metadata_kind(text) is None, text


def test_header_block_without_a_date_takes_the_url_date_and_host() -> None:
    text = ("377\nen\n\nhttps://www.dailyplanet.example/news/2016/12/18/council-vote\n"
            "Council votes to keep the night buses\n"
            "The city council voted on Sunday to keep the night bus network running.\n")
    article = clean(RawItem(source="x", text=text, group="g"))
    assert article.title == "Council votes to keep the night buses"
    assert article.published == "2016-12-18"
    assert article.published_evidence.startswith("URL: ")
    assert article.outlet == "dailyplanet.example"
    assert "377" not in article.text.split("\n")


def test_a_lone_url_line_is_never_the_title() -> None:
    text = ("https://example.org/story/42\n\nMayor opens the new library\n\n"
            "The mayor opened the new central library on Friday, two years late.\n")
    article = clean(RawItem(source="x", text=text, group="g"))
    assert article.title == "Mayor opens the new library"
    assert "https://example.org/story/42" not in article.text


def test_teasers_share_lines_end_marks() -> None:
    for text in ("Read more in our series on energy.", "Related: Talks resume",
                 "Читайте также: Дума приняла закон", "See also: the full report"):
        assert is_teaser(text, len(text.split())), text
    for text in ("Watch out for ice on the roads tonight, the forecasters said.",
                 "Related parties must declare their interests, the regulator said."):
        assert not is_teaser(text, len(text.split())), text
    assert is_share_line("Subscribe to our newsletter", 4)
    assert is_share_line("Подписывайтесь на наш канал", 4)
    for text in ("■", "ENDS", "-30-", "(END)", "/ENDS/"):
        assert is_end_mark(text), text
    assert not is_end_mark("The end of an era")


def test_section_prefix_and_markdown() -> None:
    assert split_section_prefix("World | Talks resume in Geneva") == ("World",
                                                                      "Talks resume in Geneva")
    assert split_section_prefix("ПОЛИТИКА / Дума приняла закон") == ("ПОЛИТИКА",
                                                                    "Дума приняла закон")
    # A headline with a bar that is not a section label stays whole.
    assert split_section_prefix("Prices rise again | Daily Planet") is None
    assert read_markup("![x](https://e.org/a.png)").image
    heading = read_markup("# The *big* story")
    assert (heading.heading, heading.text) == (1, "The big story")
    assert read_markup("See [the report](https://e.org/r) now.").text == "See the report now."


def test_kicker_above_a_plain_headline() -> None:
    text = ("Rail freight\nWhy the inland ports are winning the cargo war\n\n"
            "The inland terminals handled more containers last year than the coastal ports.\n")
    article = clean(RawItem(source="x", text=text, group="g"))
    assert article.title == "Why the inland ports are winning the cargo war"
    assert "Rail freight" not in article.text
