"""Figures: phenomena added for issue #6 (ages, index levels, vague plurals, alternatives,
fractions and notations, names that are not figures, changes shared by restatements),
each in English and, where Russian has a counterpart, in Russian."""

from __future__ import annotations

import pytest

from .test_figures import figs


def found(text: str, lang: str = "en") -> list[tuple[float, float | None, str]]:
    return [(round(f.value, 6), f.upper, f.unit) for f in figs(text, lang)]


# ----------------------------------------------------------------------------- ages

@pytest.mark.parametrize(("text", "lang", "value", "unit"), [
    ("Maddon, 66, has used the downtime to get in shape.", "en", 66, "year of age"),
    ("Nick Hague 44 has spent the last months in space.", "en", 44, "year of age"),
    ("Their older daughter Maria, who was 10, stayed home.", "en", 10, "year of age"),
    ("He will be 35 by the end of the year.", "en", 35, "year of age"),
    ("Little did the then-18 year-old winger know.", "en", 18, "year of age"),
    ("Her now-18 month-old daughter was there.", "en", 18, "month of age"),
    ("Иван Петров, 66 лет, возглавил компанию.", "ru", 66, "year of age"),
    ("Ему 66 лет, и он работает.", "ru", 66, "year of age"),
    ("Он умер в возрасте 66 лет.", "ru", 66, "year of age"),
    ("Её 18-месячной дочери стало плохо.", "ru", 18, "month of age"),
])
def test_ages(text: str, lang: str, value: float, unit: str) -> None:
    assert (value, None, unit) in found(text, lang)


def test_age_needs_a_cue() -> None:
    # a number after a name with no age cue stays a plain count or nothing
    assert all(u != "year of age" for _, _, u in found("Boeing 737 has landed.")
               + found("In Paris, 12 people died."))
    assert [u for _, _, u in found("Проект длится 66 лет.", "ru")] == ["year"]


# ----------------------------------------------------------------------------- index levels, pence

def test_index_levels_and_pence() -> None:
    out = found("The TA-125 climbed 0.1% to 1,333.18, on turnover of 1.23 billion shekels.")
    assert (1333.18, None, "point") in out
    assert (164, None, "pence") in found("Vecturas shares rose 6.5% to 164p.")
    assert (1012.5, None, "point") in found("Индекс РТС опустился на 2% до 1012,5.", "ru")
    # no index in the sentence: a bare number stays a count
    assert (1333.18, None, "count") in found("The value went to 1,333.18 overnight.")


# ----------------------------------------------------------------------------- vague plurals

@pytest.mark.parametrize(("text", "lang", "value", "upper", "unit"), [
    ("Dozens of people were killed on Friday.", "en", 12, 120, "count"),
    ("It adds tens of thousands of dollars to the price.", "en", 1e4, 1e5, "USD"),
    ("The company announced thousands of job cuts.", "en", 1e3, 1e4, "count"),
    ("The plume extends hundreds of miles into space.", "en", 100, 1000, "mile"),
    ("Десятки тысяч человек вышли на улицы.", "ru", 1e4, 1e5, "count"),
    ("Сотни компаний ушли с рынка.", "ru", 100, 1000, "count"),
    ("Ремонт обошёлся в тысячи рублей.", "ru", 1e3, 1e4, "RUB"),
])
def test_vague_plurals_are_ranges(text: str, lang: str, value: float, upper: float,
                                  unit: str) -> None:
    (f,) = figs(text, lang)
    assert (f.value, f.upper, f.unit) == (value, upper, unit)
    assert f.qualifier and f.change == "="


def test_vague_plural_noun_phrase_and_non_vague() -> None:
    (f,) = figs("He has repaired dozens of Kia and Hyundai vehicles.")
    assert f.noun == "Kia and Hyundai vehicles"
    # "больше тысячи" is one thousand (genitive singular), not thousands; "five thousand"
    # is a number, not a vague plural
    assert all(f.upper is None for f in figs("Городу больше тысячи лет.", "ru"))
    assert [(f.value, f.upper) for f in figs("Пять тысяч человек остались.", "ru")] == [
        (5000, None)]


# ----------------------------------------------------------------------------- alternatives, ranges

def test_alternatives_share_the_unit() -> None:
    assert found("Lunch costs eight or nine euros.") == [(8, None, "EUR"), (9, None, "EUR")]
    assert found("Цены выросли на пять или шесть процентов.", "ru") == [
        (5, None, "percent"), (6, None, "percent")]


def test_ranges_with_by_and_number_words() -> None:
    assert found("Temperatures dropped by 1 to 1.5 degrees Celsius.") == [(1, 1.5, "celsius")]
    assert found("The deficit increased by $43.6 billion to $419.2 billion.") == [
        (43.6e9, None, "USD"), (419.2e9, None, "USD")]
    assert (1, 2, "year") in found("They have been unemployed for one to two years.")


# ----------------------------------------------------------------------------- notations

@pytest.mark.parametrize(("text", "lang", "value", "unit"), [
    ("There were 4 hundred million people.", "en", 4e8, "count"),
    ("There were 4 hundred people.", "en", 400, "count"),
    ("The current population is about 8 B people.", "en", 8e9, "count"),
    ("The speed of light is approximately 2.998×10−8 meters per second.", "en", 2.998e-8,
     "metre per second"),
    ("The recipe requires 1/2 pound of chocolate chips.", "en", 0.5, "pound-mass"),
    ("One fluid ounce is 1/16 of a US pint.", "en", 0.0625, "pint"),
    ("About 1/3 of the vote went to him.", "en", 1 / 3, "fraction"),
    ("The package was worth up to PS2.7m.", "en", 2.7e6, "GBP"),
    ("Sisters laundered almost S $1mil from victims.", "en", 1e6, "SGD"),
    ("Customers with more than 7.5 million Danish crowns pay a fee.", "en", 7.5e6, "DKK"),
    ("Вклады свыше 7,5 млн датских крон облагаются сбором.", "ru", 7.5e6, "DKK"),
    ("Это стоило 4 сотни рублей.", "ru", 400, "RUB"),
])
def test_notations(text: str, lang: str, value: float, unit: str) -> None:
    assert (round(value, 6), None, unit) in found(text, lang)


# ----------------------------------------------------------------------------- not figures

@pytest.mark.parametrize(("text", "lang"), [
    ("Apple's iPhone 11 Pro and 11 Pro Max: hands-on.", "en"),
    ("the sp 500 was flat.", "en"),
    ("She lives at 358 El Brillo Way.", "en"),
    ("The office is at 16-18 Industrial Avenue.", "en"),
    ("The temple was built in A.D. 1000.", "en"),
    ("Bristol City beat Charlton 2-1 thanks to a late winner.", "en"),
    ("They were tied at 89-89.", "en"),
    ("The category 4 hurricane hit the coast.", "en"),
    ("Sea levels will submerge the coast by 2120.", "en"),
    ("Ander Herrera: 4 Started the episode badly.", "en"),
    ("They bought thousands of COVID -19 tests.", "en"),
    ("But can we expect double-digit victories?", "en"),
    ("The PS5 sold out.", "en"),
    ("Спартак обыграл Зенит со счётом 2:1.", "ru"),
    ("Согласно статье 5 закона, это запрещено.", "ru"),
])
def test_names_scores_and_labels_are_not_figures(text: str, lang: str) -> None:
    assert [f.value for f in figs(text, lang) if f.upper is None] == []


def test_address_range_is_not_a_figure() -> None:
    assert figs("The office is at 16-18 Industrial Avenue.") == []


# ----------------------------------------------------------------------------- change

def test_restatement_shares_the_change() -> None:
    out = figs("The moths can fly more than 100 kilometers (60 miles).")
    assert [(f.value, f.change) for f in out] == [(100, ">"), (60, ">")]
    out = figs("The Dow lost 190 points, or 0.6%.")
    assert [(f.value, f.change) for f in out] == [(190, "down"), (0.6, "down")]
    out = figs("Индекс потерял 190 пунктов, или 0,6%.", "ru")
    assert [(f.value, f.change) for f in out] == [(190, "down"), (0.6, "down")]


def test_direction_over_approximation() -> None:
    (f,) = figs("Tesla shares were up nearly 57% this year.")
    assert (f.change, f.qualifier) == ("up", "nearly")
    (f,) = figs("Акции подскочили почти на 57%.", "ru")
    assert f.change == "up"
    (f,) = figs("It was ~1.2mm deep.")
    assert f.change == "~"
    (f,) = figs("The defense gave up 517 rushing yards.")
    assert (f.change, f.unit) == ("=", "yard")


def test_elliptical_count_shares_the_noun() -> None:
    out = figs("They offer 435 homes by open sale and 187 by tender.")
    assert [(f.value, f.noun) for f in out] == [(435, "homes"), (187, "homes")]
    out = figs("Компания построила 435 домов на продажу и 187 по конкурсу.", "ru")
    assert [(f.value, f.noun) for f in out] == [(435, "домов"), (187, "домов")]


def test_spelled_sign_and_sub_prefix() -> None:
    assert found("The total offense was minus-5 yards.") == [(-5, None, "yard")]
    assert found("It reached minus 233 Celsius.") == [(-233, None, "celsius")]
    assert found("Баланс составил минус 5 млрд рублей.", "ru") == [(-5e9, None, "RUB")]
    (f,) = figs("Chipmakers produce sub-7 nanometer chips.")
    assert (f.value, f.unit, f.change) == (7, "nanometre", "<")
