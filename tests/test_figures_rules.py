"""Figures: the rules added for canonical claimants, interrupted subjects, baselines,
rates, glued signs, ranges and unit spellings (one test per rule)."""

from __future__ import annotations

import pytest

from presswatch.extract.figures import FigureDetail, extract_figures, find_quantities
from presswatch.model import Entity
from presswatch.nlp import backend_for


def figs(text: str, lang: str = "en", published: str | None = "2022-12-19", **kw):
    ann = next(iter(backend_for(lang).annotate([text])))
    return extract_figures(text, ann, published, **kw)


def q(text: str, lang: str = "en"):
    return [(x.value, x.unit) for x in find_quantities(text, lang)]


SEED = (
    "“Our trade turnover – I want to emphasize this – even before any events in the "
    "framework of a special military operation, before that, in 2021, increased by a third "
    "and reached $38.5 billion. This is a very good indicator,” the president said.\n"
    "He recalled that over the ten months of this year, the trade turnover increased by "
    "another ten percent compared to the base of last year.\n"
    "“Most likely, we will reach the level of $40 billion in trade turnover,” the head of "
    "state added."
)


def test_seed_metric_period_kind() -> None:
    by_text = {f.text: f for f in figs(SEED)}
    assert by_text["$38.5 billion"].metric == "trade turnover"  # through the dashed aside
    assert by_text["$38.5 billion"].period == "2021"
    ten = by_text["ten percent"]
    assert ten.period == "2022-01..2022-10"  # not the baseline "last year"
    forty = by_text["$40 billion"]
    assert forty.metric == "trade turnover" and forty.kind == "forecast"  # not "level"


class Lookup:
    """An EntityLookup that knows one person under a name, a title and a pronoun."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.person = Entity(id="e1", name="Alexander Lukashenko", type="PERSON")
        self.entities = [self.person]

    def entity_at(self, start: int, end: int) -> Entity | None:
        words = set(self.text[start:end].lower().replace(",", " ").split())
        if words & {"he", "president", "lukashenko"}:
            return self.person
        return None

    def resolve_pronoun(self, offset: int, prefer_speaker: Entity | None = None):
        return self.person


@pytest.mark.parametrize("text", [
    "He said exports grew by 10 percent.",
    "The president noted that exports grew by 10 percent.",
    "According to Lukashenko, exports grew by 10 percent.",
])
def test_claimant_is_canonical(text: str) -> None:
    (f,) = figs(text, people=Lookup(text))
    assert f.claimant == "Alexander Lukashenko"


def test_claimant_unresolved_is_none() -> None:
    text = "The spokesman said exports grew by 10 percent."
    (f,) = figs(text, people=Lookup(text))
    assert f.claimant is None  # never a bare title


def test_rates_per_unit() -> None:
    assert q("Crude was at $52 a barrel.") == [(52, "USD per barrel")]
    assert q("Prices under $10 per gram.") == [(10, "USD per gram")]
    assert q("He averaged 7.3 points per game.") == [(7.3, "point per game")]
    assert q("The market grows five percent a year.") == [(5, "percent per year")]
    assert q("It rose 5 percent a year ago.") == [(5, "percent")]  # a period, not a rate


def test_glued_signs() -> None:
    (f,) = figs("Nasdaq +0.8% on Friday.")
    assert (f.value, f.change) == (0.8, "up")
    assert [(x.value, x.change) for x in figs("Stoxx 50 -1.3% FTSE -0.6%.")][-2:] == [
        (-1.3, "down"), (-0.6, "down")]


def test_ranges_and_changes() -> None:
    assert q("a price of between $62 and $68 per share")[0] == (62, "USD per share")
    (f,) = [x for x in figs("Fines range from $250,000 to $1 million.") if x.unit == "USD"]
    assert (f.value, f.upper) == (250_000, 1_000_000)
    assert [x.value for x in figs("Exports rose from $5 billion to $7 billion.")] == [5e9, 7e9]
    assert [x.value for x in figs("The deficit increased by $43.6 billion to $419.2 billion.")
            ] == [43.6e9, 419.2e9]
    (f,) = figs("There are 1 to 2 thousand people.")
    assert (f.value, f.upper) == (1000, 2000)


def test_unit_spellings_and_million_m() -> None:
    assert q("strength of 9 ksi") == [(9, "kilopound per square inch")]
    assert q("lead at 4 ppb") == [(4, "part per billion")]
    assert q("at 1200 parts per million") == [(1200, "part per million")]
    assert q("a speed of about 80 m.p.h.") == [(80, "mile per hour")]
    assert q("113 gigapascals") == [(113, "gigapascal")]
    assert q("boost output to 1.2m tons of ilmenite") == [(1.2e6, "ton")]
    assert q("a 100m sprint") == [(100, "metre")]
    assert q("a .500 record") == [(0.5, "count")]
    assert q("worth $US55,931,000") == [(55_931_000, "USD")]
    assert q("Revenue reached HK $3.7 billion.") == [(3.7e9, "HKD")]


def test_figure_details_round_trip(tmp_path) -> None:
    from presswatch.model import Document
    from presswatch.store.sqlite import SQLiteStore

    text = "Growth will be about 5–7% next year."
    (f,) = figs(text)
    assert isinstance(f, FigureDetail) and f.upper == 7 and f.qualifier == "about"
    store = SQLiteStore(tmp_path / "db.sqlite")
    doc = Document(id="d1", source="t.txt", text=text, language="en", figures=[f])
    store.write_documents([doc])
    [back] = store.documents()
    assert back.figures == [f]


def test_unit_words_come_from_language_data() -> None:
    """Units and currencies are read from lang/<code>/*.tsv and merged across languages."""
    from presswatch import lang
    from presswatch.extract.figures import units

    for code in ("en", "ru"):
        assert lang.table_rows(code, "units") and lang.table_rows(code, "currencies")
    km = next(rx for rx, u in units._UNIT_RES if u == "kilometre")
    assert km.fullmatch("km") and km.fullmatch("километров")
    rub = next(rx for rx, c in units._CCY_RES if c == "RUB")
    assert rub.fullmatch("roubles") and rub.fullmatch("рублей")
    assert units._adjective_code("белорусских") == "BYN"
    assert units._adjective_code("Australian") == "AUD"
