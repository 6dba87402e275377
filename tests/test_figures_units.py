"""Figures: units written in the ways real copy writes them (ASCII degrees, the inch
mark, box-score abbreviations, a currency sign after the number, mobile network
generations), a unit shared by a bare number next to a measured one, and a movement
after an index level."""

from __future__ import annotations

from .test_figures import figs


def units(text: str, lang: str = "en") -> list[tuple[float, str]]:
    return [(round(f.value, 6), f.unit) for f in figs(text, lang)]


def test_ascii_degrees_and_inch_mark() -> None:
    assert units("Water boiled at 212degF (100deg C) in the kitchen.") == [
        (212, "fahrenheit"), (100, "celsius")]
    assert units("The board is 32.5″ wide.") == [(32.5, "inch")]


def test_box_score_abbreviations() -> None:
    assert units("The guard posted 18.2 ppg, 6.1 rpg and 4.4 apg.") == [
        (18.2, "point per game"), (6.1, "rebound per game"), (4.4, "assist per game")]


def test_currency_sign_after_the_number() -> None:
    assert units("The repair cost 1,450€ in the end.") == [(1450, "EUR")]


def test_mobile_generation_is_no_gram() -> None:
    out = units("The operator will switch off 3G and expand its 5G network.")
    assert out == [(3, "wireless generation"), (5, "wireless generation")]
    assert units("Add 5g of salt.") == [(5, "gram")]


def test_bare_number_shares_a_measured_unit() -> None:
    assert units("The top forecast is 91.5 cents, while the lowest is 80.02.") == [
        (91.5, "cent"), (80.02, "cent")]
    assert units("Exports rose 3 percent but imports fell by 2.") == [
        (3, "percent"), (2, "percent")]
    assert units("Выручка выросла на 5 млрд рублей, а прибыль на 2.", "ru") == [
        (5e9, "RUB"), (2, "RUB")]
    # "from" moves to another kind of figure: no unit shared
    assert ("count" in {u for _, u in units("Sales rose 5% from 1,200 a year earlier.")})


def test_including_shares_a_counted_noun() -> None:
    out = figs("Over 3 million flats, including 1.2 million in the capital, lost power.")
    assert [(f.value, f.noun) for f in out] == [(3e6, "flats"), (1.2e6, "flats")]


def test_alternative_with_one_unit_written() -> None:
    assert units("A ticket costs 8 or $9 at the door.") == [(8, "USD"), (9, "USD")]
    assert units("It comes with a 6- or 7-inch screen.") == [(6, "inch"), (7, "inch")]


def test_movement_after_an_index_level() -> None:
    out = figs("The main index (12,480.55 up 41.20 points) ended higher.")
    assert [(f.value, f.change) for f in out][-1] == (41.2, "up")


def test_years_after_an_age_cue_are_an_age() -> None:
    out = figs("About 2 million children under the age of 6 years were vaccinated.")
    assert [(f.value, f.unit) for f in out][-1] == (6, "year of age")


def test_lead_up_to_is_no_bound() -> None:
    (f,) = figs("Operators spent heavily in the lead up to 4G networks.")
    assert f.qualifier is None and f.change != "<"
    (f,) = figs("The fund pays up to 4% a year.")
    assert f.change == "<"
