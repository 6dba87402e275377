"""Figures: values and units, what is not a figure, claims, periods, and the gold set."""

from __future__ import annotations

import pytest

from presswatch.extract.figures import extract_figures, resolve_periods
from presswatch.extract.numbers import combine_words, parse_digits, word_value
from presswatch.nlp import backend_for


def figs(text: str, lang: str = "en", published: str | None = "2022-12-20"):
    ann = next(iter(backend_for(lang).annotate([text])))
    return extract_figures(text, ann, published)


def one(text: str, lang: str = "en", published: str | None = "2022-12-20"):
    out = figs(text, lang, published)
    assert len(out) == 1, [(f.text, f.value, f.unit) for f in out]
    return out[0]


def test_numbers() -> None:
    assert parse_digits("8,000", "en") == 8000
    assert parse_digits("38,5", "ru") == 38.5
    assert parse_digits("1 200", "ru") == 1200
    assert word_value("двадцати") == 20 and word_value("пятьюдесятью") == 50
    assert combine_words([1, 100, 1e6]) == 1e8


@pytest.mark.parametrize(("text", "lang", "value", "unit"), [
    ("Trade reached $38.5 billion.", "en", 38.5e9, "USD"),
    ("They allocated 105 billion Russian rubles.", "en", 105e9, "RUB"),
    ("Trade approached a hundred million dollars.", "en", 1e8, "USD"),
    ("The fund got €2m from donors.", "en", 2e6, "EUR"),
    ("It cost 12 million Belarusian rubles.", "en", 12e6, "BYN"),
    ("Экспорт составил 38,5 млрд долларов.", "ru", 38.5e9, "USD"),
    ("Кредит составил 105 млрд российских рублей.", "ru", 105e9, "RUB"),
    ("Инвестиции составили $300 млн.", "ru", 300e6, "USD"),
    ("Проект стоит 20 млн рублей.", "ru", 20e6, "RUB"),
    ("Exports grew by ten percent.", "en", 10, "percent"),
    ("Товарооборот вырос на 10 процентов.", "ru", 10, "percent"),
    ("Безработица снизилась на 0,8 п.п.", "ru", 0.8, "percentage point"),
    ("Imports fell by a third.", "en", 0.333, "fraction"),
    ("Exports doubled.", "en", 2, "times"),
    ("Экспорт вырос в полтора раза.", "ru", 1.5, "times"),
    ("Импорт сократился вдвое.", "ru", 2, "times"),
    ("Industrial cooperation connects more than 8,000 companies.", "en", 8000, "count"),
    ("Мощность станции – 120 МВт.", "ru", 120, "megawatt"),
    ("In winter the temperature can reach minus 70.", "en", -70, "celsius"),
])
def test_values_and_units(text: str, lang: str, value: float, unit: str) -> None:
    f = one(text, lang)
    assert f.value == pytest.approx(value) and f.unit == unit


def test_qualifier_kept_apart_and_range() -> None:
    f = one("About 100 journalists took part.")
    assert f.value == 100 and f.qualifier == "About" and f.change == "~"
    assert f.text == "About 100 journalists"
    f = one("Growth will be 5–7% next year.")
    assert (f.value, f.upper, f.unit, f.text) == (5, 7, "percent", "5–7%")
    f = one("Рост составит от 5 до 7 процентов.", "ru")
    assert (f.value, f.upper, f.unit) == (5, 7, "percent")


@pytest.mark.parametrize("text", [
    "The meeting took place on June 27, 2023 at 15:39.",
    "This is the 13th forum; COVID-19 and the G7 were discussed in Section 427.",
    "Call +375 17 222-11-22 for details.",
    "In 2021 the plant was opened.",
    "Встреча прошла 3 октября 2023 года в 11:40.",
    "Delegations visit every year, and supplies grew several times.",
])
def test_not_figures(text: str) -> None:
    lang = "ru" if text[0] in "ВП" else "en"
    assert figs(text, lang) == []


def test_claim_fields_en() -> None:
    f = one("Trade turnover between the countries reached $38.5 billion in 2021, "
            "Alexander Lukashenko said.")
    assert f.metric and "turnover" in f.metric.lower()
    assert f.period == "2021" and f.claimant == "Alexander Lukashenko" and f.kind == "actual"
    f = one("Deliveries are expected to reach 2,500 units in the first quarter of 2024.")
    assert f.kind == "forecast" and f.period == "2024-01..2024-03"
    f = one("The goal is to bring the share to 90%.")
    assert f.kind == "target"


def test_claim_fields_ru() -> None:
    f = one("За девять месяцев этого года товарооборот вырос на 7 процентов.", "ru")
    assert f.period == "2022-01..2022-09" and f.metric == "товарооборот"
    f = one("В прошлом году объем кредита составил 105 млрд российских рублей.", "ru")
    assert f.period == "2021" and f.metric and "кредит" in f.metric


def test_periods() -> None:
    def vals(t: str) -> list[str]:
        return [p.value for p in resolve_periods(t, "2022-12-20")]

    assert vals("over the ten months of this year") == ["2022-01..2022-10"]
    assert vals("last year") == ["2021"]
    assert vals("in the first quarter of 2024") == ["2024-01..2024-03"]
    assert vals("за январь–октябрь 2021 года") == ["2021-01..2021-10"]
    assert vals("в первом полугодии") == ["2022-01..2022-06"]


def test_claimant_callback_wins() -> None:
    text = "Exports grew by 10 percent."
    ann = next(iter(backend_for("en").annotate([text])))
    (f,) = extract_figures(text, ann, None, lambda s, e: "Roman Golovchenko")
    assert f.claimant == "Roman Golovchenko"


def test_contract_shape_has_the_optional_fields() -> None:
    f = one("Trade reached $38.5 billion.")
    assert set(f.to_contract()) == {"text", "start", "end", "value", "unit", "metric",
                                    "period", "claimant", "kind", "value_max", "change",
                                    "quantity", "claimant_id"}


def test_contract_optional_fields_carry_range_change_and_counted_noun() -> None:
    (r,) = [f.to_contract() for f in figs("from 10 to 12 percent")]
    assert (r["value"], r["value_max"], r["unit"]) == (10, 12, "percent")
    (g,) = [f.to_contract() for f in figs("Exports grew by 12 percent.")]
    assert g["change"] == "up"
    (c,) = [f.to_contract() for f in figs("More than 8,000 companies took part.")]
    assert c["quantity"] == "companies" and c["change"] is None


@pytest.mark.parametrize(("text", "lang", "value", "change"), [
    ("Exports rose 6.5% to $164 million.", "en", 164e6, "="),
    ("The index fell 0.4 per cent to 13,176.", "en", 13176, "="),
    ("The deficit increased by $43.6 billion to $419.2 billion.", "en", 419.2e9, "="),
    ("Trade reached $40 billion.", "en", 40e9, "="),
    ("The Dow rose 0.65 per cent to end at 27,349.19.", "en", 27349.19, "="),
    ("Экспорт вырос до 5 млрд долларов.", "ru", 5e9, "="),
    ("Товарооборот достиг 40 млрд долларов.", "ru", 40e9, "="),
    ("He sent 5 letters to 3 friends.", "en", 3, None),
    ("It cost up to 5 dollars.", "en", 5, None),
    ("About 300 people came.", "en", 300, None),
])
def test_contract_change_marks_a_level_reached(text: str, lang: str, value: float,
                                               change: str | None) -> None:
    """The contract's change "=" is a level reached after a movement or "reached"; a plain
    or qualified figure has none."""
    (f,) = [f.to_contract() for f in figs(text, lang) if f.value == pytest.approx(value)]
    assert f["change"] == change, f


@pytest.mark.parametrize(("text", "value"), [
    ("Two-thirds of voters backed it.", 2 / 3),
    ("Three quarters of the budget went to defence.", 0.75),
    ("Seven-tenths of the land is forest.", 0.7),
])
def test_fractions_in_words_are_fractions(text: str, value: float) -> None:
    f = one(text)
    assert (f.unit, f.value) == ("fraction", round(value, 3))


@pytest.mark.parametrize(("text", "quantity"), [
    ("They read the 12 page document.", "page"),
    ("It has a 3 cylinder engine.", "cylinder"),
    ("Some 30 police officers arrived.", "police officers"),
    ("He played 68 league games.", "league games"),
])
def test_counted_noun_of_a_compound(text: str, quantity: str) -> None:
    """A singular noun between a plural number and a singular head is what is counted."""
    (f,) = [f.to_contract() for f in figs(text)]
    assert f["quantity"] == quantity, f


def test_bare_number_shares_the_noun_it_is_compared_with() -> None:
    out = figs("Sales rose to 3.9 million headsets, up from 2.4 million in 2017.")
    assert [(f.value, f.to_contract()["quantity"]) for f in out] == [
        (3.9e6, "headsets"), (2.4e6, "headsets")]


def test_a_change_word_counted_after_a_decimal_is_no_change() -> None:
    out = figs("He averaged 7.3 points, 3.7 rebounds while shooting 47.6% from the field.")
    assert [f.to_contract()["change"] for f in out if f.unit == "percent"] == [None]
    (f,) = figs("The S&P 500 rose 1.2%.")
    assert f.to_contract()["change"] == "up"


def test_gold() -> None:
    """Floors on tests/data/figures_gold.json (EN and RU), from tests/quality_floors.json."""
    from tests.figures_gold_eval import evaluate
    from tests.floors import floor

    res = evaluate()
    for lang in ("en", "ru"):
        r = res[lang]
        assert r["gold"] >= 50
        assert r["precision"] >= floor("figures_gold", "precision"), r
        assert r["recall"] >= floor("figures_gold", "recall"), r
        acc = r["field_accuracy"]
        for field in ("unit", "period", "kind", "metric", "claimant"):
            assert acc[field] >= floor("figures_gold", f"{field} accuracy"), (field, acc)
    assert res["all"]["gold"] >= 150


def test_query_figures(tmp_path) -> None:
    from presswatch.model import Document, Figure
    from presswatch.query.figures import figures_by_metric, figures_by_period
    from presswatch.store.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "f.db") as store:
        store.write_documents([Document(
            id="d1", source="s", text="$38.5 billion", language="en", published="2022-12-20",
            figures=[Figure("$38.5 billion", 0, 13, 38.5e9, "USD", "trade turnover",
                            "2022-01..2022-10", "Roman Golovchenko")])])
        rows = figures_by_metric(store, "turnover")
        assert len(rows) == 1 and rows[0].unit == "USD" and rows[0].doc_id == "d1"
        assert len(figures_by_period(store, "2022")) == 1
        assert figures_by_period(store, "2021") == []
