"""bench/public_eval.py's conversions of the export into the shared scorers' formats."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("public_eval", ROOT / "bench" / "public_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


pe = _load()


def test_aligner_maps_past_a_dropped_title_and_header() -> None:
    raw = "A Title Line\nBy Staff\n\nJohn Smith met Mary Jones.\n\nThey spoke in Paris."
    text = "John Smith met Mary Jones.\n\nThey spoke in Paris."
    al = pe.Aligner(raw, text)
    for word in ("John Smith", "Mary Jones", "Paris"):
        s = text.index(word)
        a, b = al.span(s, s + len(word))
        assert raw[a:b] == word


def test_aligner_survives_normalised_characters() -> None:
    raw = "Header\nCafe\u0301 owners in Mu\u0308nchen said so.\n"  # NFD in the raw file
    text = "Caf\u00e9 owners in M\u00fcnchen said so."
    al = pe.Aligner(raw, text)
    s = text.index("owners")
    a, b = al.span(s, s + len("owners"))
    assert raw[a:b] == "owners"
    s = text.index("said")
    a, b = al.span(s, s + 4)
    assert raw[a:b] == "said"


def test_mentions_in_the_title_and_the_body_map_to_the_raw_file() -> None:
    raw = "Осло принимает гостей\n\nВ Осло открылся форум. Мэр Осло выступил.\n"
    title, text = "Осло принимает гостей", "В Осло открылся форум. Мэр Осло выступил."
    doc = {"title": title, "text": text, "entities": [
        {"type": "GPE", "mentions": [[2, 6], [27, 31]], "title_mentions": [[0, 4]]},
        {"type": "ORG", "mentions": [], "title_mentions": [[5, 21]]}]}
    spans = sorted(pe.mention_spans(raw, doc))
    assert [(raw[a:b], t) for a, b, t in spans] == [
        ("Осло", "GPE"), ("принимает гостей", "ORG"), ("Осло", "GPE"), ("Осло", "GPE")]
    assert spans[0][:2] == (0, 4) and spans[2][0] == raw.index("Осло", 5)
    assert pe.mention_spans(raw, {"title": None, "text": text, "entities": [
        {"type": "GPE", "mentions": [[2, 6]], "title_mentions": [[0, 4]]}]}) == [
        (raw.index("Осло", 5), raw.index("Осло", 5) + 4, "GPE")]


def test_a_caption_repeating_the_headline_maps_to_the_body() -> None:
    raw = "Судья Анна Петрова ушла в отставку\n\nАнна Петрова\n\nСудья подала прошение.\n"
    doc = {"title": "Судья Анна Петрова ушла в отставку",
           "text": "Анна Петрова\n\nСудья подала прошение.",
           "entities": [{"type": "PERSON", "mentions": [[0, 12]], "title_mentions": [[6, 18]]}]}
    spans = sorted(pe.mention_spans(raw, doc))
    assert [(a, b) for a, b, _ in spans] == [(6, 18), (36, 48)]


def test_aligner_gives_none_for_text_not_in_the_raw() -> None:
    al = pe.Aligner("abc def", "zzz")
    assert al.span(0, 3) is None


@pytest.mark.parametrize(("word", "singular"), [
    ("companies", "company"), ("players", "player"), ("boxes", "box"), ("people", "people"),
    ("series", "series"), ("bus", "bus"), ("matches", "match"), ("cars", "car"),
    ("viruses", "virus"), ("houses", "house"), ("causes", "cause"),
    ("fishermen", "fisherman"), ("businesswomen", "businesswoman"), ("children", "child"),
    ("specimen", "specimen"),
])
def test_singular(word: str, singular: str) -> None:
    assert pe.singular(word) == singular


def test_quantity_row_range_unit_and_change() -> None:
    row = pe.quantity_row({"text": "from 10 to 12 percent", "value": 10, "value_max": 12,
                           "unit": "percent", "change": None})
    assert row["value"] == [10, 12] and row["normalized_unit"] == "percentage"
    assert row["change"] == "="
    row = pe.quantity_row({"text": "more than 8,000 companies", "value": 8000,
                           "unit": "count", "quantity": "companies", "change": None})
    assert (row["normalized_unit"], row["change"]) == ("company", ">")
    row = pe.quantity_row({"text": "about $5 million", "value": 5e6, "unit": "USD",
                           "change": None})
    assert (row["normalized_unit"], row["change"]) == ("dollar", "~")
    row = pe.quantity_row({"text": "12 percent", "value": 12, "unit": "percent",
                           "change": "up"})
    assert row["change"] == "up"
    row = pe.quantity_row({"text": "two-thirds", "value": 0.667, "unit": "fraction"})
    assert row["value"] == pytest.approx(2 / 3)
    row = pe.quantity_row({"text": "sub-5 nanometre", "value": 5, "unit": "nanometre"})
    assert row["change"] == "<"
    row = pe.quantity_row({"text": "Some 40 volunteers", "value": 40, "unit": "count",
                           "quantity": "volunteers"})
    assert row["change"] == "~"
    row = pe.quantity_row({"text": "3 ppb", "value": 3, "unit": "part per billion"})
    assert row["normalized_unit"] == "parts-per-billion"  # one unit, not "part" per "billion"
    row = pe.quantity_row({"text": "12 Canadians", "value": 12, "unit": "count",
                           "quantity": "Canadians"})
    assert row["normalized_unit"] == "canadian"


def test_quantity_rows_fold_a_change_from_one_level_to_another() -> None:
    text = "The price slid from $80 in early May to $61 this week."
    a, b = text.index("$80"), text.index("$61")
    figs = [{"text": "$80", "start": a, "end": a + 3, "value": 80, "unit": "USD",
             "change": None},
            {"text": "$61", "start": b, "end": b + 3, "value": 61, "unit": "USD",
             "change": "="}]
    (row,) = pe.quantity_rows(text, figs)
    assert row["value"] == [80, 61]
    text = "Output rose from 200 tonnes, a record, to 240 tonnes."
    a, b = text.index("200"), text.index("240")
    figs = [{"text": "200 tonnes", "start": a, "end": a + 10, "value": 200, "unit": "tonne"},
            {"text": "240 tonnes", "start": b, "end": b + 10, "value": 240, "unit": "tonne"}]
    assert len(pe.quantity_rows(text, figs)) == 2  # a clause between: two levels


def test_by_stem_names_documents_by_file() -> None:
    docs = [{"source": "/tmp/x/raw/doc_001.txt"}, {"source": "pages/abc.html"}]
    assert set(pe.by_stem(docs)) == {"doc_001", "abc"}


def _results(value: float, sha: str = "x") -> dict:
    return {"split": "test", "commit": "abc",
            "sets": {"conll": {"presswatch": {"micro F1": value}, "data": ["conll2003/test.txt"],
                               "data_sha256": sha}}}


def test_update_floors_refuses_to_lower_without_allow_lower() -> None:
    floors: dict = {}
    assert pe.update_floors(_results(0.65), floors, False, 0.005) == []
    entry = floors["public"]["conll/test"]
    assert entry["floors"]["micro F1"] == 0.645 and entry["command"].startswith(
        "python bench/public_eval.py --set conll")
    refused = pe.update_floors(_results(0.60), floors, False, 0.005)
    assert refused and floors["public"]["conll/test"]["floors"]["micro F1"] == 0.645
    assert pe.update_floors(_results(0.60), floors, True, 0.005) == []
    assert floors["public"]["conll/test"]["floors"]["micro F1"] == 0.595


def test_check_floors_flags_a_figure_below_its_floor_and_changed_data() -> None:
    floors: dict = {}
    pe.update_floors(_results(0.65), floors, False, 0.0)
    assert pe.check_floors(_results(0.65), floors) == []
    assert pe.check_floors(_results(0.64), floors)
    assert "data changed" in pe.check_floors(_results(0.65, sha="y"), floors)[0]
