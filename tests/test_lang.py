"""The per-language data loader: one folder per language, the same names in each."""

from presswatch import lang


def test_languages_have_data_folders():
    assert {"en", "ru"} <= set(lang.languages())


def test_pronoun_tables_have_four_columns_in_every_language():
    for code in lang.languages():
        rows = lang.table_rows(code, "pronouns")
        assert rows, code
        for row in rows:
            assert len(row) == 4, (code, row)
            assert row[1] in {"m", "f", "n", "-"} and row[2] in {"1", "2", "3"}


def test_table_maps_first_cell_to_second():
    assert lang.table("en", "pronouns")["she"] == "f"
    assert lang.table("ru", "pronouns")["он"] == "m"


def test_missing_file_is_empty_not_an_error():
    assert lang.words("en", "no-such-list") == frozenset()
    assert lang.table("xx", "pronouns") == {}
