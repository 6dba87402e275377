"""Title, dateline, outlet and language of cleaned articles."""

from __future__ import annotations

import time

import pytest

from presswatch.clean import clean
from presswatch.clean.dateline import credited_outlet, find_dateline
from presswatch.clean.language import detect_language
from presswatch.clean.title import is_headline, is_rubric, pick_title
from presswatch.config import Settings
from presswatch.model import Dateline, RawItem

PROSE = "The ministry said on Friday that the new rules would take effect in the autumn."


def _clean(text: str, **meta: str) -> object:
    return clean(RawItem(source="t", text=text, group="g", meta=meta))


def test_headline_repeated_at_top_is_the_title_once() -> None:
    head = "Armenia and Georgia sign a border crossing deal"
    article = _clean(f"{head}\n\n{head}\n\n{PROSE}\n")
    assert article.title == head
    assert head not in article.text
    assert article.text == PROSE


def test_no_title_when_text_starts_with_body() -> None:
    article = _clean(f" date 2020-02-02 {PROSE}\n\nShort subhead here\n\n{PROSE}")
    assert article.title is None
    assert article.text.startswith(PROSE)


def test_rubric_and_stamp_are_not_titles() -> None:
    article = _clean(f"Society\n\n10:45\n\nVilnius opens a night bus network\n\n{PROSE}")
    assert article.title == "Vilnius opens a night bus network"
    assert "Society" not in article.text
    assert is_rubric("В мире") and is_rubric("World") and not is_rubric("Putin arrives in Minsk")
    assert not is_headline("10:45")
    assert not is_headline("The talks ended.")
    assert pick_title(["Спорт", "Сборная Беларуси вышла в финал"]) == 1


def test_meta_title_is_preferred_and_removed_from_text() -> None:
    article = _clean(f"Night buses for Vilnius\n\n{PROSE}", title="Night buses for Vilnius")
    assert article.title == "Night buses for Vilnius"
    assert article.text == PROSE
    article = _clean(f"Something else on top\n\n{PROSE}", title="Stated title")
    assert article.title == "Stated title"


@pytest.mark.parametrize(
    ("lead", "place", "date", "outlet"),
    [
        (
            "YEREVAN, March 4 – Sputnik Armenia. The talks began.",
            "Yerevan", "2021-03-04", "Sputnik Armenia",
        ),
        (
            "ЕРЕВАН, 4 марта – РИА Новости. Переговоры начались.",
            "Ереван", "2021-03-04", "РИА Новости",
        ),
        ("BERLIN (Reuters) - The talks began on time.", "Berlin", None, "Reuters"),
        ("TBILISI, Mar 4 (AFP) - The talks began on time.", "Tbilisi", "2021-03-04", "AFP"),
        ("Гродно, 4 марта /БЕЛТА/. Переговоры начались.", "Гродно", "2021-03-04", "БЕЛТА"),
        ("NIZHNY NOVGOROD, March 3 - Prices rose sharply.", "Nizhny Novgorod", "2021-03-03", None),
    ],
)
def test_dateline_shapes(lead: str, place: str, date: str | None, outlet: str | None) -> None:
    article = _clean(f" date 2021-03-04 {lead} {PROSE}")
    assert article.dateline == Dateline(place, date)
    assert article.outlet == outlet
    assert article.text.startswith(lead.split(" ")[0])  # the dateline stays in the text


def test_dateline_without_any_year_stays_partial() -> None:
    article = _clean(f"RIGA, July 14 – LETA. {PROSE}")
    assert article.dateline == Dateline("Riga", "--07-14")
    assert article.published is None


def test_no_dateline_in_ordinary_prose() -> None:
    assert find_dateline(["Putin, Lukashenko and Tokayev met in Astana on Friday."]) is None
    assert find_dateline([PROSE]) is None


def test_outlet_from_credit_lines() -> None:
    assert credited_outlet(["Source: Interfax"]) == "Interfax"
    assert credited_outlet(["Disclaimer: Via TASS – Checked"]) == "TASS"
    assert credited_outlet(["Источник: Белта"]) == "Белта"
    assert credited_outlet([PROSE]) is None
    article = _clean(f"Title of the story here\n\n{PROSE}\n\nSource: Kazinform\n")
    assert article.outlet == "Kazinform"
    assert "Kazinform" not in article.text
    assert _clean(PROSE, outlet="Stated Outlet").outlet == "Stated Outlet"


def test_language_detection() -> None:
    assert detect_language(PROSE) == "en"
    russian = "Министерство сообщило в пятницу, что новые правила вступят в силу осенью."
    assert detect_language(russian) == "ru"
    assert detect_language("") == "und"
    assert detect_language("12:45 — 3,5 %") == "und"
    only_en = Settings(detect_languages=("en",))
    assert detect_language("Министерство сообщило в пятницу.", only_en) == "en"


def test_language_detection_is_fast() -> None:
    text = (PROSE + " ") * 40
    detect_language(text)  # the detector and its models load once
    started = time.perf_counter()
    for _ in range(50):
        detect_language(text)
    assert (time.perf_counter() - started) / 50 < 0.01


def test_article_fields_copied_from_raw() -> None:
    article = clean(RawItem(source="path/x.txt", text=PROSE, group="feed"))
    assert (article.source, article.group, article.language) == ("path/x.txt", "feed", "en")


def _gold() -> dict[str, dict]:
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    gold_path = root / "tests" / "data" / "sample_gold.json"
    if not gold_path.exists():
        pytest.skip("sample gold not available")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out = {}
    for rel, expected in gold.items():
        data = (root / rel).read_bytes()
        encoding = "utf-16" if expected["encoding"] == "utf-16" else expected["encoding"]
        raw = RawItem(source=rel, text=data.decode(encoding), group="samples")
        out[rel] = {"gold": expected, "article": clean(raw)}
    return out


def test_sample_corpus_against_gold() -> None:
    """The project's fictional sample corpus: every per-document gold field that cleaning
    alone can know (placeholder dates need the whole group, checked below)."""
    for rel, pair in _gold().items():
        gold, article = pair["gold"], pair["article"]
        placeholder = "placeholder" in gold["expect_warning"]
        assert article.title == gold["title"], rel
        assert article.outlet == gold["outlet"], rel
        dateline = article.dateline
        found = {"place": dateline.place, "date": dateline.date} if dateline else None
        assert found == gold["dateline"], rel
        if not placeholder:
            assert (article.published or "")[:10] == (gold["published"] or "")[:10], rel
            for keyword in gold["expect_warning"]:
                assert any(keyword.lower() in w.lower() for w in article.warnings), rel
        assert article.language == gold["language"], rel
        for line in gold["boilerplate_lines"]:
            assert line.strip() not in article.text, (rel, line)
        for line in gold["body_lines"]:
            assert line in article.text, (rel, line)


def test_sample_corpus_placeholder_dates() -> None:
    from presswatch.clean.dates import placeholder_warnings
    from presswatch.model import content_id

    pairs = _gold()
    docs = [
        (rel, p["article"].published, content_id(p["article"].text)) for rel, p in pairs.items()
    ]
    expected = {rel for rel, p in pairs.items() if "placeholder" in p["gold"]["expect_warning"]}
    assert expected
    assert set(placeholder_warnings(docs)) == expected
