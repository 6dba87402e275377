"""Cleaning the five real seed dumps in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.clean import clean
from presswatch.clean.dates import placeholder_warnings
from presswatch.model import Article, Dateline, RawItem, content_id

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
if not SEEDS.is_dir():
    pytest.skip(f"{SEEDS} not available", allow_module_level=True)

GONE = [
    "Photo of CMIO CMIO Send an email 26 mins ago",
    "CMIO",
    "3 minutes read",
    "Fact-checking",
    "Autentic",
    "DMCA",
    "15:39",
    "Shoigu will take part in the talks between Putin and Lukashenko",
    "01:05",
    "Interstate relations between Russia and Belarus",
    "December 16, 11:47",
    "Lukashenko said that Belarus will never be an enemy of Russia",
    "December 8, 15:36",
    "Parliamentary Assembly of the Union of Belarus and Russia",
    "Belarus and Russia are developing a plan for training personnel for nuclear power plants",
    "December 4, 22:54",
    "Belarus will start financing import substitution with a loan from Russia",
    "Translation by RJ983",
    "Disclaimer: Via RIA Novosti – Checked",
    "Tags",
    "Show More",
    "Related Articles",
    "Media: US restores base in Greenland for the sake of rivalry with Russia",
    "The head of the Security Council of Moldova accused Russia",
    "Americans understand why Musk made a poll about his departure from Twitter",
    "mins ago",
    "1 hour ago",
    "Adblock Detected.",
    "Disable your AdBlock",
    "Posted: 28.06.2023 12:14:00",
    "date 2019-12-13",
    "date 2022-12-19",
]

KEPT = {
    "000": [
        "Alexander Lukashenko received a report from the head of the Presidential Administration",
        "Technological independence of the Union State",
        "Alexander Lukashenko, President of the Republic of Belarus:",
        "Vyacheslav Volodin, Chairman of the State Duma of the Federal Assembly of Russia:",
        "only by increasing our efficiency will we be able to protect our peoples",
    ],
    "001": [
        "MINSK, December 19 – RIA Novosti. Russian President Vladimir Putin",
        "He agreed with Lukashenka that “the economy is our priority.”",
        "the Russian leader said.",
        "the head stressed. Belarus.",
        "Lukashenka added. .",
        "Putin pointed to the development of economic ties between the countries.",
        "The Russian leader also mentioned cooperation in the space sector.",
        "Lukashenka noted that the two countries jointly resist the pressure of the West.",
        "head of the FSMTC Dmitry Shugaev.",
    ],
    "002": [
        "A press conference is being held by the President of Belarus",
        "Alexander Lukashenko, President of Belarus:",
        "Our trusty dialogue with representatives of regional mass media",
        "The press conference began with a question about the main achievements",
    ],
    "003": [
        "Belarus and Russia have laid a solid foundation for co-operation",
        "the Belarusian leader noted.",
    ],
    "004": [
        "Regional aspect of cooperation between Belarus and Russia was discussed today",
        "A. Lukashenko: If something is banned, buy Belarusian",
        "The President: Any Russian region is very close to us",
        "Aisen Nikolaev, Head of the Sakha Republic (Russia):",
        "Viktor Karankevich, Deputy Prime Minister of Belarus:",
    ],
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[RawItem, Article]]:
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        raw = RawItem(source=str(path), text=path.read_text(encoding="utf-8"), group="seeds")
        out[path.name[:3]] = (raw, clean(raw))
    assert len(out) == 5
    return out


def test_no_boilerplate_survives(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    for key, (_, article) in seeds.items():
        for line in GONE:
            assert line not in article.text, (key, line)
        assert "World" not in article.text.split("\n\n"), key


def test_body_sentences_survive(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    for key, lines in KEPT.items():
        text = seeds[key][1].text
        for line in lines:
            assert line in text, (key, line)


def test_text_shape(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    for _, article in seeds.values():
        assert article.text == article.text.strip()
        assert "\n\n\n" not in article.text
        assert all(p.strip() == p and p for p in article.text.split("\n\n"))


def test_titles(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    titles = {key: article.title for key, (_, article) in seeds.items()}
    assert titles == {
        "000": None,
        "001": "Putin and Lukashenko start negotiations in Minsk",
        "002": "Belarus President holds trustful dialogue with Russian journalists",
        "003": "Lukashenko: Belarus' strong relations with Russia and its regions help oppose"
        " Western pressure",
        "004": None,
    }
    for key in ("001", "002", "003"):
        article = seeds[key][1]
        assert article.title is not None and article.title not in article.text, key


def test_outlet_and_dateline(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    article = seeds["001"][1]
    assert article.outlet == "RIA Novosti"
    assert article.dateline == Dateline("Minsk", "2022-12-19")
    for key in ("000", "002", "003", "004"):
        assert seeds[key][1].dateline is None, key


def test_publication_dates(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    dates = {key: article.published for key, (_, article) in seeds.items()}
    assert dates == {
        "000": "2019-12-13",
        "001": "2022-12-19",
        "002": None,
        "003": "2023-06-28T12:14:00",
        "004": "2019-12-13",
    }
    assert seeds["000"][1].published_evidence == "header line: date 2019-12-13"
    assert seeds["003"][1].published_evidence == "header line: Posted: 28.06.2023 12:14:00"
    assert "no publication date found" in seeds["002"][1].warnings
    assert seeds["001"][1].warnings == []


def test_placeholder_dates_in_the_seed_group(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    docs = [(key, a.published, content_id(a.text)) for key, (_, a) in seeds.items()]
    assert set(placeholder_warnings(docs)) == {"000", "004"}


def test_language_and_copied_fields(seeds: dict[str, tuple[RawItem, Article]]) -> None:
    for raw, article in seeds.values():
        assert article.language == "en"
        assert (article.source, article.group) == (raw.source, "seeds")
